"""Creating a case (a draft of any case type)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.scope import scope_for
from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.errors import ServiceError

from ..models import Case, CaseType, TimelineEntry
from .timeline import timeline_add


def case_create(
    *, model=Case, case_type: CaseType, by, applicant_unit, title: str, participants=(), **fields
):
    """A new draft of ``model`` (a Case subclass) for ``applicant_unit``; drafts have no number yet."""
    if not by.has_perm("casework.apply"):
        raise PermissionDenied(_("您无权提交申请。"))
    if by.unit_id != applicant_unit.pk and not scope_for(by).allows(unit_id=applicant_unit.pk):
        raise PermissionDenied(_("您不能代表该单位提交申请。"))
    if not case_type.is_active:
        raise ServiceError(_("该案件类型已停用。"))
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("请填写标题。"))
    with transaction.atomic():
        case = model.objects.create(
            case_type=case_type, applicant_unit=applicant_unit, created_by=by, title=title, **fields
        )
        if participants:
            case.participants.set(participants)
        timeline_add(
            case=case,
            by=by,
            kind=TimelineEntry.Kind.STATE,
            to_state=case.state,
            name="create",
            text=_("创建草稿"),
        )
        record(
            action=AuditAction.CASEWORK_CREATE,
            target=case,
            actor=by,
            changes={"title": [None, title], "applicant_unit": [None, str(applicant_unit)]},
        )
    return case
