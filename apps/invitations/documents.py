"""The letter (邀请函, bilingual) and the 《外国人邀请核实单》 as official documents of ``apps.documents``
(GB/T 9704-2012 layout, 发文字号, versions, PDF), and the QR code of the public verification page.

The QR code in the documents' body opens the public verification page
(``WAIBAN["PUBLIC_BASE_URL"]`` + ``/public/invitations/verify/<code>/``); without a configured public
address it carries the page's path and the code, which a person types on the page."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import conf

LETTER = "invitation_letter"
ENTRIES_EN = {"single": "single entry", "double": "double entries", "multiple": "multiple entries"}
COSTS_EN = {
    "inviter": "borne by the inviting unit",
    "invitee": "borne by the invitee",
    "shared": "shared (see note)",
}
NOTE = "invitation_note"


def verify_path(code: str) -> str:
    return reverse("invitations_public:verify_code", args=[code])


def public_verify_url(code: str) -> str:
    base = getattr(settings, "WAIBAN", {}).get("PUBLIC_BASE_URL", "")
    return (base.rstrip("/") + verify_path(code)) if base else verify_path(code)


def verify_url(request, code: str) -> str:
    base = getattr(settings, "WAIBAN", {}).get("PUBLIC_BASE_URL", "")
    return (base.rstrip("/") + verify_path(code)) if base else request.build_absolute_uri(verify_path(code))


def qr_svg(data: str) -> str:
    """An inline SVG of the QR code (no external service, no file)."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=3, border=2, xmldecl=False, svgns=True)
    return mark_safe(out.getvalue().decode())


def _pair(zh: str, en: str | None = None) -> dict:
    return {"zh": zh, "en": en or zh}


def _context(invitation) -> dict:
    from apps.documents.qr import qr_data_uri
    from apps.org.selectors import office_cached

    from .services import unit_registration

    office = office_cached()
    reg = unit_registration(invitation.applicant_unit_id)
    unit = invitation.applicant_unit
    url = public_verify_url(invitation.verification_code)
    invitees = [
        {
            "name": i.name,
            "sex": _pair(str(i.get_sex_display()), {"M": "M", "F": "F"}.get(i.sex, "")),
            "date_of_birth": i.date_of_birth,
            "nationality": _pair(i.nationality.name_zh, i.nationality.name_en),
            "passport_number": i.passport_number,
            "occupation": i.occupation,
            "employer": i.employer,
        }
        for i in invitation.invitees.select_related("nationality").order_by("order", "id")
    ]
    issuer = _pair(office.name if office else "徐州市人民政府外事办公室", office.name_en if office else "")
    return {
        "issuer": issuer,
        "issued_on": invitation.issued_at.date() if invitation.issued_at else None,
        "addressee": _pair(
            "中华人民共和国驻外使、领馆", "Embassies and Consulates of the People's Republic of China"
        ),
        "unit": _pair(
            reg.name_zh if reg else unit.name, (reg.name_en if reg else "") or unit.name_en or unit.name
        ),
        "unit_address": reg.address if reg else "",
        "contact": " ".join(
            (
                invitation.contact_name or (reg.contact_name if reg else ""),
                invitation.contact_phone or (reg.contact_phone if reg else ""),
            )
        ).strip(),
        "signing_leader": invitation.signing_leader or (reg.leader_name if reg else ""),
        "purpose": invitation.purpose,
        "activity": invitation.activity,
        "entry_date": invitation.entry_date,
        "stay_days": invitation.stay_days,
        "cities": invitation.cities,
        "visa_type": invitation.visa_type,
        "visa_label": _pair(str(invitation.get_visa_type_display()), f"{invitation.visa_type} visa"),
        "entries": _pair(str(invitation.get_entries_display()), ENTRIES_EN.get(invitation.entries, "")),
        "validity_months": invitation.validity_months,
        "visa_apply_place": invitation.visa_apply_place,
        "costs": _pair(
            str(invitation.get_costs_borne_by_display()), COSTS_EN.get(invitation.costs_borne_by, "")
        ),
        "costs_note": invitation.costs_note,
        "province_reference": invitation.province_reference,
        "invitees": invitees,
        "verify_code": invitation.verification_code,
        "verify_url": url,
        "verify_qr": qr_data_uri(url),
        "reference": invitation.reference,
    }


def issue_documents(invitation, *, by):
    """Issue (or re-issue as a new version) the letter and the verification note; returns both."""
    from apps.documents.services import issue

    context = _context(invitation)
    letter = issue(
        kind=LETTER,
        target=invitation,
        number_prefix=str(conf.LETTER_PREFIX.value),
        context={**context, "title": _pair("邀请函", "Letter of Invitation")},
        by=by,
        title="邀请函",
        template="invitations/doc_letter.html",
    )
    note = issue(
        kind=NOTE,
        target=invitation,
        number_prefix=str(conf.NOTE_PREFIX.value),
        context={**context, "title": _pair("外国人邀请核实单", "Verification Note for Inviting Foreigners")},
        by=by,
        title="外国人邀请核实单",
        template="invitations/doc_note.html",
    )
    return letter, note
