"""API of the documents app: a document's record and its PDF (scoped by the case, downloads audited)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm

from . import selectors, services

router = Router(tags=["documents"], auth=api_auth)
view_required = require_perm("casework.view", message=gettext_lazy("您无权查看案件。"))


class DocumentOut(Schema):
    id: int
    case_id: int | None
    kind: str
    title: str
    number: str
    number_en: str
    version: int
    signed_by: str
    created_at: datetime
    pdf_url: str
    pdf_url_en: str


def _out(document) -> dict:
    url = reverse("documents:download", args=[document.pk])
    return {
        "id": document.pk,
        "case_id": document.case_id,
        "kind": document.kind,
        "title": document.title,
        "number": document.number,
        "number_en": document.number_en,
        "version": document.version,
        "signed_by": document.signed_by,
        "created_at": document.created_at,
        "pdf_url": url,
        "pdf_url_en": f"{url}?lang=en",
    }


@router.get(
    "/cases/{int:case_id}",
    response={200: list[DocumentOut], **ERRORS},
    summary="案件的公文 / a case's documents",
)
@view_required
def case_documents(request, case_id: int):
    """Every version of every document issued for the case, by kind, newest version first."""
    from apps.casework.selectors import case_get

    case = case_get(user=request.user, pk=case_id)
    return [_out(d) for d in selectors.documents_for(user=request.user, case=case)]


@router.get("/{int:document_id}", response={200: DocumentOut, **ERRORS}, summary="公文 / document")
@view_required
def document_detail(request, document_id: int):
    return _out(selectors.document_get(user=request.user, pk=document_id))


@router.get("/{int:document_id}/pdf", response={200: None, **ERRORS}, summary="下载公文 / download PDF")
@view_required
def document_pdf(request, document_id: int, lang: str = "zh-hans"):
    document = selectors.document_get(user=request.user, pk=document_id)
    content = services.download(document=document, by=request.user, language=lang)
    response = HttpResponse(content, content_type="application/pdf")
    name = services.filename(document, language=lang)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(name)}"
    return response
