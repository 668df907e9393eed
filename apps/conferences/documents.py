"""The forwarding letter (转报) of a conference request to its approving level, issued through
``apps.documents`` when the division forwards it (numbered then, in that transaction; its number is the
request's 报送文号)."""

from __future__ import annotations

from django.utils import timezone

from apps.trips.pdf import both

from . import checks
from . import conf as rules

FORWARDING = "conferences.forwarding"
ADDRESSEE = {
    "province": {
        "zh": "江苏省人民政府外事办公室",
        "en": "Foreign Affairs Office of the Jiangsu Provincial Government",
    },
    "state_council": {
        "zh": "江苏省人民政府外事办公室（转报国务院）",
        "en": "Foreign Affairs Office of the Jiangsu Provincial Government (for the State Council)",
    },
}


def _context(c) -> dict:
    from apps.org.selectors import office_get

    from .models import Level

    office = office_get()
    issuer = {"zh": office.name if office else "", "en": (office.name_en or office.name) if office else ""}
    level = c.approving_level or Level.PROVINCE
    countries = list(c.countries.order_by("sort_key"))
    return {
        "issuer": issuer,
        "banner": issuer,
        "printer": issuer,
        "issued_on": timezone.localdate().isoformat(),
        "addressee": ADDRESSEE.get(level, ADDRESSEE["province"]),
        "title": {
            "zh": f"关于转报{c.organiser}举办{c.title}的请示",
            "en": f"Request for Approval of the {c.name_en}",
        },
        "name": {"zh": c.title, "en": c.name_en},
        "organiser": c.organiser,
        "co_organisers": c.co_organisers,
        "start": c.start_date.isoformat(),
        "end": c.end_date.isoformat(),
        "days": (c.end_date - c.start_date).days + 1,
        "venue": c.venue,
        "total": c.total_participants,
        "foreign": c.foreign_participants,
        "countries": {
            "zh": "、".join(x.name_zh for x in countries),
            "en": ", ".join(x.name_en for x in countries),
        },
        "taiwan": c.taiwan_participants,
        "theme": c.theme,
        "funding": c.funding,
        "level": both(dict(Level.choices)[level]),
        "level_citation": both(rules.PROVINCE_LIMITS.citation),
        "reference": c.reference,
        "contact": f"{c.contact_name} {c.contact_phone}".strip(),
        "lead_deadline": checks.filing_deadline(c.start_date, level).isoformat(),
    }


def issue_forwarding_letter(c, *, by, **params):
    """``follow_up`` of ``forward_to_approver``: issue the 转报 and make its number the 报送文号."""
    from apps.documents.services import issue

    context = _context(c)
    document = issue(
        kind=FORWARDING,
        target=c,
        number_prefix=str(rules.FORWARDING_PREFIX.value),
        context=context,
        by=by,
        title=context["title"]["zh"],
        template="conferences/documents/forwarding.html",
        signed_by=by.full_name,
    )
    c.forwarded_reference = document.number
    return document
