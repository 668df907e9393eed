"""The trip's approval document (因公临时出国（境）任务批件), issued through ``apps.documents``.

The 批件 is issued when the trip is approved (a ``follow_up`` hook of ``approve``): its 发文字号 comes from
the trip case type's prefix (``徐外出〔2026〕90号``), so withdrawn and rejected trips spend no number.
Everything it says is frozen at approval in Chinese and English (``{"zh", "en"}`` pairs); the English
version is the same document translated (``documents:download`` with ``?lang=en``). A trip approved again
after a change gets version 2 with the same number. Downloads are audited as ``documents.download``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.errors import ServiceError
from apps.core.text import passport_name
from apps.documents import selectors as doc_selectors
from apps.documents import services as documents

KIND = "trips.approval"
TEMPLATE = "trips/documents/approval.html"


def both(value) -> dict:
    """A translatable label (lazy string or choice label) in Chinese and English."""
    with translation.override("zh-hans"):
        zh = str(value)
    with translation.override("en"):
        en = str(value)
    return {"zh": zh, "en": en}


def choice_pair(instance, field: str) -> dict:
    """The label of a choice field's value in both languages (the choices keep their lazy labels)."""
    value = getattr(instance, field)
    label = dict(instance._meta.get_field(field).flatchoices).get(value, value)
    return both(label)


def english_name(full_name: str, given: str = "") -> str:
    """张伟 → ``ZHANG Wei``; a stored passport name (``ZHANG WEI``) is used as it is written."""
    name = (given or passport_name(full_name)).strip()
    surname, _sep, rest = name.partition(" ")
    return f"{surname.upper()} {rest.title()}".strip()


def reference_in_english(reference: str) -> str:
    """徐外出〔2026〕0001 → ``Xu Wai Chu [2026] 0001``."""
    import re

    match = re.fullmatch(r"(.*?)〔(\d{4})〕(\w+?)号?", reference)
    if not match:
        return reference
    prefix, year, seq = match.groups()
    return f"{documents.prefix_in_english(prefix)} [{year}] {seq}"


def pair(zh: str, en: str = "") -> dict:
    """A name in both languages; a name without a stored English one is transliterated (pinyin), so
    the English document never carries Chinese characters."""
    return {"zh": zh or "", "en": en or documents.prefix_in_english(zh or "")}


def _dict_pair(type_code: str, code: str) -> dict:
    from apps.reference.models import DictItem

    if not code:
        return {"zh": "", "en": ""}
    item = DictItem.objects.filter(type__code=type_code, code=code).first()
    if item is None:
        return pair(code, code)
    return pair(item.label, item.label_en)


def _country(country) -> dict:
    return pair(country.name_zh, country.name_en)


def _join(items: list[dict], zh_sep="、", en_sep=", ") -> dict:
    return {
        "zh": zh_sep.join(i["zh"] for i in items if i["zh"]),
        "en": en_sep.join(i["en"] for i in items if i["en"]),
    }


def _approver(trip, by):
    """The leader who approved: the actor of the last approval on the timeline, else ``by``."""
    from apps.casework.models import TimelineEntry

    entry = (
        TimelineEntry.objects.filter(case_id=trip.pk, transition="approve", actor__isnull=False)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    return entry.actor if entry is not None else by


def approval_context(trip, *, approver) -> dict:
    """What the 批件 says, in both languages, as plain JSON."""
    from apps.org.models import Office
    from apps.people.models import Sex
    from apps.trips.models import BudgetLine

    office = Office.objects.first()
    issuer = pair(office.name, office.name_en) if office else pair("")
    unit = trip.applicant_unit
    unit_pair = pair(unit.name, unit.name_en)
    members = list(trip.members.select_related("person", "person__unit", "passport").order_by("order", "id"))
    legs = list(trip.legs.select_related("country").order_by("order", "id"))
    destinations = [leg for leg in legs if not leg.transit]
    counted_transits = [leg for leg in legs if leg.transit and not leg.airside]
    countries, seen = [], set()
    for leg in destinations:
        if leg.country_id not in seen:
            seen.add(leg.country_id)
            countries.append(_country(leg.country))
    transit_countries = []
    for leg in counted_transits:
        if leg.country_id not in seen:
            seen.add(leg.country_id)
            transit_countries.append(_country(leg.country))

    head = trip.head_of_delegation
    if head is None:
        head_member = next((m for m in members if m.role == "head"), members[0] if members else None)
        head = head_member.person if head_member else None
    head_pair = (
        {"zh": head.full_name, "en": english_name(head.full_name, head.passport_name)} if head else None
    )

    member_rows = []
    for m in members:
        p = m.person
        member_rows.append(
            {
                "name": {
                    "zh": p.full_name,
                    "en": english_name(p.full_name, m.passport_name or p.passport_name),
                },
                "sex": both(Sex(p.sex).label) if p.sex in Sex.values else {"zh": "", "en": ""},
                "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else "",
                "unit": pair(p.unit.name, p.unit.name_en),
                "title": p.title,
                "rank": _dict_pair("official_rank", p.rank),
                "role": choice_pair(m, "role"),
                "passport_kind": choice_pair(m.passport, "kind") if m.passport_id else None,
            }
        )

    leg_rows = [
        {
            "country": _country(leg.country),
            "city": leg.city,
            "arrival": leg.arrival.isoformat() if leg.arrival else "",
            "departure": leg.departure.isoformat() if leg.departure else "",
            "transit": leg.transit,
            "counts": not (leg.transit and leg.airside),
        }
        for leg in legs
    ]

    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    per_currency: dict[str, Decimal] = defaultdict(Decimal)
    for line in trip.budget.all():
        totals[(line.category, line.currency)] += line.amount or Decimal("0")
        per_currency[line.currency] += line.amount or Decimal("0")
    budget_rows = [
        {
            "category": both(BudgetLine.Category(category).label)
            if category in BudgetLine.Category.values
            else {"zh": category, "en": category},
            "currency": currency,
            "amount": f"{amount:,.2f}",
        }
        for (category, currency), amount in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    budget_total = [{"currency": c, "amount": f"{a:,.2f}"} for c, a in sorted(per_currency.items())]

    decided = timezone.localtime(trip.decided_at).date() if trip.decided_at else timezone.localdate()
    # Who approved: the final approver on record in the approval chain (the office leader, or the
    # higher approver the office recorded — 市分管领导, the province), else the leader who fired it.
    final_name = getattr(trip, "final_approver_name", "") or approver.full_name
    approver_pair = {"zh": final_name, "en": english_name(final_name)}
    # 签发人: the office leader who issues the document
    signer_pair = {"zh": approver.full_name, "en": english_name(approver.full_name)}
    n = len(members)
    return {
        "banner": issuer,
        "issuer": issuer,
        "printer": issuer,
        "addressee": unit_pair,
        "cc": [],
        "issued_on": decided.isoformat(),
        "signer": signer_pair,
        "title": {
            "zh": f"关于同意{unit.name}{head_pair['zh'] + '等' if head_pair else ''}{n}人赴"
            f"{_join(countries)['zh']}执行公务的批复",
            "en": f"Approval of the Official Visit of {n} Person{'s' if n != 1 else ''} of the "
            f"{unit_pair['en']} to {_join(countries, en_sep=', ')['en']}",
        },
        "trip": {
            "reference": trip.reference or "",
            "reference_en": reference_in_english(trip.reference or ""),
            "title": trip.title,
            "task": trip.task,
            "inviter": trip.inviter_name,
            "inviter_country": _country(trip.inviter_country) if trip.inviter_country_id else None,
            "departure": trip.departure_date.isoformat() if trip.departure_date else "",
            "return": trip.return_date.isoformat() if trip.return_date else "",
            "days": trip.days_abroad,
            "delegation_type": _dict_pair("delegation_type", trip.delegation_type),
            "funding_source": _dict_pair("funding_source", trip.funding_source),
            "approval_level": choice_pair(trip, "approval_level") if trip.approval_level else None,
            "external_approval_number": trip.external_approval_number,
            "external_approval_date": trip.external_approval_date.isoformat()
            if trip.external_approval_date
            else "",
        },
        "countries": _join(countries),
        "transit_countries": _join(transit_countries) if transit_countries else None,
        "head": head_pair,
        "head_title": head.title if head else "",
        "approver": approver_pair,
        "members": member_rows,
        "member_count": n,
        "legs": leg_rows,
        "budget": budget_rows,
        "budget_total": budget_total,
    }


def issue_approval_document(trip, *, by, comment="", **params):
    """``follow_up`` of ``Trip.approve``: issue the 批件 (numbered now, in the approval's transaction)."""
    if trip.state != "approved":  # a step of the chain that does not decide yet issues nothing
        return None
    return documents.issue(
        kind=KIND,
        target=trip,
        number_prefix=trip.case_type.reference_prefix,
        context=approval_context(trip, approver=by),
        by=by,
        title=f"{trip.title}（批件）",
        template=TEMPLATE,
        signed_by=by.full_name,
    )


def approval_document(*, trip, by):
    """The 批件 of an approved trip (issued now for a trip approved before documents were issued)."""
    if trip.state not in ("approved", "closed") or trip.decided_at is None:
        raise ServiceError(_("批准后才能生成批件。"))
    document = doc_selectors.latest_document(user=by, case=trip, kind=KIND)
    if document is None:
        approver = _approver(trip, by)
        document = documents.issue(
            kind=KIND,
            target=trip,
            number_prefix=trip.case_type.reference_prefix,
            context=approval_context(trip, approver=approver),
            by=by,
            title=f"{trip.title}（批件）",
            template=TEMPLATE,
            signed_by=approver.full_name,
        )
    return document


def approval_pdf(*, trip, by, language: str | None = None) -> bytes:
    """The 批件's PDF in the user's language (the trip pages' old address), audited as
    ``documents.download``."""
    document = approval_document(trip=trip, by=by)
    return documents.download(document=document, by=by, language=language)
