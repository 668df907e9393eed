"""Comments (意见) on a case: on the timeline, visible to the applicant side when staff say so."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.errors import ServiceError

from ..models import Case, TimelineEntry
from ..permissions import is_staff_side
from .notifications import notify
from .timeline import timeline_add


def comment_add(*, case: Case, by, text: str, visible_to_applicant: bool = False) -> TimelineEntry:
    if not by.has_perm("casework.comment_case", case):
        raise PermissionDenied(_("您无权在本案件中发表意见。"))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("请填写意见内容。"))
    if len(text) > 5000:
        raise ServiceError(_("意见内容过长（最多 5000 字）。"))
    staff = is_staff_side(by)
    visible = bool(visible_to_applicant) if staff else True
    with transaction.atomic():
        entry = timeline_add(case=case, by=by, kind=TimelineEntry.Kind.COMMENT, text=text, visible=visible)
        record(
            action=AuditAction.CASEWORK_COMMENT,
            target=case,
            actor=by,
            extra={"visible_to_applicant": visible, "length": len(text)},
        )
        recipients = set()
        if staff and visible:
            recipients.add(case.created_by)
        if not staff and case.assignee_id:
            recipients.add(case.assignee)
        recipients.discard(by)
        if recipients:
            notify(
                users=recipients,
                case=case,
                verb="comment",
                text=_("%(case)s：新的意见") % {"case": case.reference or case.title},
            )
    return entry
