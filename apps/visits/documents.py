"""The programme and seating plans as an official document (apps.documents, GB/T 9704-2012 layout):
issued when the visit is approved and again whenever the programme is re-issued — each issue a new
version under the same 发文字号, in Chinese and English."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

KIND = "visit_programme"


def _pair(zh: str, en: str = "") -> dict:
    return {"zh": zh or "", "en": en or zh or ""}


def _both(fn) -> dict:
    """``fn()`` rendered in Chinese and in English (labels of the seating pictures, kinds of event)."""
    with translation.override("zh-hans"):
        zh = str(fn())
    with translation.override("en"):
        en = str(fn())
    return {"zh": zh, "en": en}


def programme_context(visit) -> dict:
    from apps.org.models import Office

    from . import selectors

    office = Office.objects.first()
    events = selectors.events_of(visit)
    days = []
    for day, items in selectors.programme_days(events):
        days.append(
            {
                "date": day,
                "items": [
                    {
                        "time": f"{e.start:%H:%M}–{e.end:%H:%M}",
                        "kind": _both(e.get_kind_display),
                        "title": _pair(e.title, e.title_en),
                        "venue": _pair(e.venue, e.venue_en),
                        "people": _pair(
                            "、".join(p.name for p in e.participants.all()),
                            ", ".join(p.name_en or p.name for p in e.participants.all()),
                        ),
                    }
                    for e in items
                ],
            }
        )
    plans = []
    for e in events:
        plan = selectors.seating_plan(e)
        if plan is None or not plan.seats:
            continue
        ctx = {"plan": plan, "event": e}
        plans.append(
            {
                "title": _pair(e.title, e.title_en),
                "kind": _both(e.get_kind_display),
                "when": f"{e.date:%Y-%m-%d} {e.start:%H:%M}",
                "svg": _both(lambda ctx=ctx: render_to_string("visits/partials/plan_svg_doc.html", ctx)),
                "seats": [
                    {"seat": _both(lambda s=s: s.display), "name": _pair(s.person.name, s.person.name_en)}
                    for s in plan.seats
                    if s.person
                ],
            }
        )
    issuer = _pair(office.name, office.name_en) if office else _pair("外事办公室", "Foreign Affairs Office")
    guest = visit.guest_label()
    return {
        "issuer": issuer,
        "banner": issuer,
        "addressee": _pair(visit.applicant_unit.name, visit.applicant_unit.name),
        "issued_on": timezone.localdate(),
        "title": _pair(f"关于{visit.title}日程安排的通知", f"Programme of the visit: {guest or visit.title}"),
        "intro": _pair(
            f"{guest}（团长：{visit.head_name} {visit.head_title}）于{visit.arrival_date:%Y年%m月%d日}至"
            f"{visit.departure_date:%Y年%m月%d日}来访。经批准，现将日程安排（第{visit.programme_version}版）"
            "和座次安排印发给你们，请按此做好接待工作。",
            f"{guest} (head of delegation: {visit.head_name}) visits from {visit.arrival_date:%d %B %Y} to "
            f"{visit.departure_date:%d %B %Y}. The approved programme "
            f"(version {visit.programme_version}) and seating plans are sent herewith for the reception.",
        ),
        "days": days,
        "plans": plans,
    }


def issue_programme(*, visit, by):
    from apps.documents import services as documents

    return documents.issue(
        kind=KIND,
        target=visit,
        number_prefix=visit.case_type.reference_prefix,
        context=programme_context(visit),
        by=by,
        title=f"{visit.title}日程安排",
        template="visits/document_programme.html",
    )
