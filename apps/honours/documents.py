"""The honorary citizen's documents, issued through ``apps.documents`` when the city government's
approval is recorded (numbered then, in that transaction): the office's notice of the approval
(批复, to the nominating unit) and the certificate (荣誉证书) signed with the mayor's name as the office's
configuration holds it (``Office.mayor_name``; the certificate says it is not configured when empty)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.trips.pdf import both

from . import conf

APPROVAL = "honours.approval"
CERTIFICATE = "honours.certificate"


def mayor_name() -> str:
    """The mayor's name as configured for the office ("" when not configured)."""
    from apps.org.selectors import office_get

    office = office_get()
    return (office.mayor_name or "").strip() if office else ""


def _context(n) -> dict:
    from apps.org.selectors import office_get

    office = office_get()
    issuer = {"zh": office.name if office else "", "en": (office.name_en or office.name) if office else ""}
    name = n.nominee_name + (f"（{n.nominee_name_zh}）" if n.nominee_name_zh else "")
    mayor = mayor_name()
    return {
        "issuer": issuer,
        "banner": issuer,
        "printer": issuer,
        "issued_on": timezone.localdate().isoformat(),
        "addressee": {"zh": n.applicant_unit.name, "en": n.applicant_unit.name_en or n.applicant_unit.name},
        "nominee": {"zh": name, "en": n.nominee_name},
        "nationality": {"zh": n.nationality.name_zh, "en": n.nationality.name_en},
        "employer": n.employer,
        "supervising_body": n.supervising_body,
        "approval_reference": n.approval_reference,
        "certificate_number": n.certificate_number,
        "reference": n.reference,
        "mayor": {"zh": mayor, "en": mayor} if mayor else None,
        "mayor_missing": both(_("（市长姓名未配置）")),
        "citation": both(conf.MAYOR_NAME.citation),
    }


def issue_documents(n, *, by, **params):
    """``follow_up`` of ``record_city_approval``: the approval notice and the certificate."""
    from apps.documents.services import issue

    context = _context(n)
    prefix = str(conf.DOCUMENT_PREFIX.value)
    approval = issue(
        kind=APPROVAL,
        target=n,
        number_prefix=prefix,
        context={
            **context,
            "title": {
                "zh": f"关于同意授予{context['nominee']['zh']}“荣誉市民”称号的批复",
                "en": f"Approval of the Title of Honorary Citizen for {n.nominee_name}",
            },
        },
        by=by,
        title=f"关于同意授予{context['nominee']['zh']}“荣誉市民”称号的批复",
        template="honours/documents/approval.html",
        signed_by=by.full_name,
    )
    return approval, _issue_certificate(n, by=by, context=context)


def _issue_certificate(n, *, by, context):
    from apps.documents.services import issue

    return issue(
        kind=CERTIFICATE,
        target=n,
        number_prefix=str(conf.CERTIFICATE_PREFIX.value),
        context={**context, "title": both(_("荣誉证书"))},
        by=by,
        title=f"荣誉证书（{n.nominee_name}）",
        template="honours/documents/certificate.html",
        signed_by=context["mayor"]["zh"] if context["mayor"] else "",
    )


def certificate_document(*, nomination, by):
    """The certificate's newest version (issued now for a nomination approved before documents were
    issued through ``apps.documents``); refused before the city government's approval."""
    from apps.core.errors import ServiceError
    from apps.documents.selectors import latest_document

    if not nomination.certificate_number:
        raise ServiceError(_("市政府批准后才能出具证书。"))
    document = latest_document(user=by, case=nomination, kind=CERTIFICATE)
    if document is None:
        document = _issue_certificate(nomination, by=by, context=_context(nomination))
    return document
