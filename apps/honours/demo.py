"""Demo nominations for honorary citizenship (generated people). ``load()`` is idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def load() -> dict:
    from apps.accounts.models import User
    from apps.honours import services
    from apps.honours.models import Nomination
    from apps.reference.models import Country

    clerk, staff = (
        User.objects.filter(username="zhuanban").first(),
        User.objects.filter(username="keyuan_sw").first(),
    )
    if not (clerk and staff) or Nomination.objects.exists():
        return {"created": 0}
    today = timezone.localdate()
    specs = [
        ("Hans MUSTERMANN", "穆汉斯", "DE", 9, True, "closed"),
        ("Marie DUPONT", "杜玛丽", "FR", 4, True, "approved"),
        ("Kenji SATO", "佐藤健二", "JP", 1, False, "draft"),
    ]
    for name, zh, iso, years, consent, target in specs:
        n = services.nomination_create(
            by=clerk,
            unit=clerk.unit,
            data={
                "nominee_name": name,
                "nominee_name_zh": zh,
                "nationality": Country.objects.get(iso2=iso),
                "employer": "某中外合资企业（示例）",
                "supervising_body": clerk.unit.name,
                "position": "总经理",
                "working_since": today - dt.timedelta(days=365 * years + 10),
                "contributions": "长期致力于中外经贸合作。",
                "consent_publicity": consent,
            },
        )
        if target == "draft":
            continue
        fire = services.nomination_transition
        fire(nomination=Nomination.objects.get(pk=n.pk), name="submit", by=clerk)
        fire(nomination=Nomination.objects.get(pk=n.pk), name="claim", by=staff)
        from apps.honours import conf

        for body in conf.REVIEW_BODIES.value:
            services.opinion_add(
                nomination=Nomination.objects.get(pk=n.pk),
                by=staff,
                body=body,
                member_name="评审成员（示例）",
                agrees=True,
                opinion="同意推荐。",
            )
        fire(nomination=Nomination.objects.get(pk=n.pk), name="forward_to_city", by=staff)
        fire(
            nomination=Nomination.objects.get(pk=n.pk),
            name="record_city_approval",
            by=staff,
            reference=f"徐政复〔{today.year}〕{n.pk}号",
        )
        if target == "closed":
            fire(
                nomination=Nomination.objects.get(pk=n.pk),
                name="record_ceremony",
                by=staff,
                ceremony_on=today - dt.timedelta(days=3),
            )
    return {"created": len(specs)}
