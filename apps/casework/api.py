"""Cases API (/api/cases/): the same selectors and services as the pages, the same answers.

Out of scope → 404; not allowed (or the four-eyes rule) → 403 with a message; someone else changed the case
first → 409; a business rule refused → 400: the one mapping of ``apps.core.api`` (``ERRORS``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import FileResponse
from django.utils.translation import gettext_lazy
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm
from apps.core.filters import query_schema
from apps.core.pagination import paginate

from . import selectors, services
from .filters import CaseFilter

router = Router(tags=["casework"], auth=api_auth)

# Every operation on one case needs casework.view first: without it the answer is 403, whatever the id.
view_required = require_perm("casework.view", message=gettext_lazy("您无权查看案件。"))


class CaseOut(Schema):
    id: int
    reference: str | None
    title: str
    case_type: str
    case_type_name: str
    state: str
    state_label: str
    applicant_unit_id: int
    applicant_unit: str
    division_id: int | None
    division: str | None
    assignee_id: int | None
    created_by_id: int
    submitted_at: datetime | None
    due_date: date | None
    is_overdue: bool
    version: int

    @staticmethod
    def resolve_case_type(obj):
        return obj.case_type.code

    @staticmethod
    def resolve_case_type_name(obj):
        return obj.case_type.name

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_applicant_unit(obj):
        return obj.applicant_unit.name

    @staticmethod
    def resolve_division(obj):
        return obj.division.name if obj.division_id else None


class CaseDetailOut(CaseOut):
    working_days_left: int | None
    paused_working_days: int
    transitions: list[str]


class CasePage(Schema):
    count: int
    count_capped: bool = False  # the count stopped at the cap (10,000): there are at least that many
    page: int
    pages: int
    items: list[CaseOut]


class InboxCounts(Schema):
    total: int
    overdue: int


class TimelineOut(Schema):
    id: int
    at: datetime
    actor_id: int | None
    actor: str | None
    kind: str
    from_state: str
    to_state: str
    transition: str
    text: str
    visible_to_applicant: bool

    @staticmethod
    def resolve_actor(obj):
        return str(obj.actor) if obj.actor_id else None


class AttachmentOut(Schema):
    id: int
    kind: str
    original_name: str
    size: int
    sha256: str
    content_type: str
    uploaded_by_id: int
    uploaded_at: datetime
    visible_to_applicant: bool


class TransitionIn(Schema):
    comment: str = ""
    version: int | None = None
    assignee_id: int | None = None


def _detail(case, user):
    case.transitions = selectors.available_transitions(case=case, user=user)
    return case


CaseQuery = query_schema(CaseFilter, "CaseQuery")


@router.get("/", response={200: CasePage, **ERRORS}, summary="案件列表 / cases")
@view_required
def case_list(request, filters: Query[CaseQuery], page: int = 1):
    """The case list as on its page: the same filters (``CaseFilter``), the same pages."""
    f = CaseFilter(filters.model_dump(exclude_none=True), user=request.user)
    p = paginate(request, f.api_qs(), page=page)
    paginator = p.paginator
    return Status(
        200,
        {
            "count": paginator.count,
            "count_capped": paginator.capped,
            "page": p.number,
            "pages": paginator.num_pages,
            "items": list(p),
        },
    )


@router.get("/inbox", response={200: list[CaseOut], **ERRORS}, summary="我的待办 / my inbox")
def inbox(request):
    return list(selectors.inbox(user=request.user)[:200])


@router.get("/inbox/counts", response={200: InboxCounts, **ERRORS}, summary="待办数量 / inbox counts")
def inbox_counts(request):
    return selectors.inbox_counts(user=request.user)


@router.get("/{int:case_id}", response={200: CaseDetailOut, **ERRORS}, summary="案件详情 / case")
@view_required
def case_detail(request, case_id: int):
    case = selectors.case_get(user=request.user, pk=case_id)
    return Status(200, _detail(case, request.user))


@router.get(
    "/{int:case_id}/timeline", response={200: list[TimelineOut], **ERRORS}, summary="办理记录 / timeline"
)
@view_required
def timeline(request, case_id: int):
    case = selectors.case_get(user=request.user, pk=case_id)
    return list(selectors.timeline_for(user=request.user, case=case))


@router.post(
    "/{int:case_id}/transitions/{name}",
    response={200: CaseDetailOut, **ERRORS},
    summary="办理操作 / fire a transition",
)
@view_required
def fire_transition(request, case_id: int, name: str, payload: TransitionIn):
    case = selectors.case_get(user=request.user, pk=case_id)
    case = services.transition(
        case=case,
        name=name,
        by=request.user,
        comment=payload.comment,
        version=payload.version,
        assignee=payload.assignee_id,
    )
    return Status(200, _detail(selectors.case_get(user=request.user, pk=case.pk), request.user))


@router.get(
    "/{int:case_id}/attachments", response={200: list[AttachmentOut], **ERRORS}, summary="附件 / attachments"
)
@view_required
def attachments(request, case_id: int):
    case = selectors.case_get(user=request.user, pk=case_id)
    return list(selectors.attachments_for(user=request.user, case=case))


@router.post(
    "/{int:case_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    summary="上传附件 / upload",
)
@view_required
def attachment_upload(
    request, case_id: int, kind: Form[str], file: File[UploadedFile], visible_to_applicant: Form[bool] = True
):
    case = selectors.case_get(user=request.user, pk=case_id)
    att = services.attachment_add(
        case=case, by=request.user, upload=file, kind=kind, visible_to_applicant=visible_to_applicant
    )
    return Status(201, att)


@router.get(
    "/{int:case_id}/attachments/{int:att_id}", response={200: None, **ERRORS}, summary="下载附件 / download"
)
@view_required
def attachment_download(request, case_id: int, att_id: int):
    att = selectors.attachment_get(user=request.user, case_pk=case_id, pk=att_id)
    fh = services.attachment_open(attachment=att)
    return FileResponse(fh, as_attachment=True, filename=att.original_name, content_type=att.content_type)
