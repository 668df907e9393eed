"""Reads of the documents app. A document is visible to whoever may see its case (the case's scope)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from apps.casework.selectors import scoped_cases
from apps.core.selectors import row_or_404
from apps.core.statements import fixed_first

from .models import Document


def documents_for(*, user, case) -> QuerySet:
    """The documents of ``case`` (every version, newest first) if ``user`` may see the case."""
    if not user.has_perm("casework.view_case", case):
        return Document.objects.none()
    case_id = getattr(case, "case_ptr_id", None) or case.pk
    return Document.objects.filter(case_id=case_id).defer("context").order_by("kind", "-version")


def latest_document(*, user, case, kind: str) -> Document | None:
    """The newest version of the document of ``kind`` for ``case``, or None. Its ``case`` is the caller's
    ``case`` (the concrete case type, already read): ``document.subject`` reads no row again."""
    document = fixed_first(documents_for(user=user, case=case).filter(kind=kind), "documents.latest")
    if document is not None:
        Document.case.field.set_cached_value(document, case)
    return document


def document_get(*, user, pk) -> Document:
    """Document ``pk`` if ``user`` may see its case; ``Http404`` otherwise."""
    document = row_or_404(Document.objects.select_related("case").filter(case__in=scoped_cases(user)), pk)
    if not user.has_perm("casework.view_case", document.case):
        raise Http404
    return document
