"""The work the engine's own transitions declare besides their state change (``validate`` and
``follow_up`` hooks named in ``apps.casework.models.Case``): numbering and routing on submission, the
assignee, and the clock (deadline) entries of the timeline."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ServiceError

from ..models import TimelineEntry
from .numbering import allocate_reference
from .routing import route
from .timeline import timeline_add


def number_and_route(case, *, by, **context) -> None:
    """Submission: the reference number, the division's queue and the deadline on the timeline."""
    if not case.reference:
        case.reference = allocate_reference(case.case_type, timezone.localdate().year)
    if not case.division_id:
        route(case=case, by=by)
    timeline_add(
        case=case,
        by=by,
        kind=TimelineEntry.Kind.DEADLINE,
        text=_("编号 %(ref)s；办理期限 %(due)s（%(days)s 个工作日）")
        % {"ref": case.reference, "due": case.due_date, "days": case.case_type.sla_working_days},
    )


def record_assignee(case, *, by, **context) -> None:
    timeline_add(
        case=case,
        by=by,
        kind=TimelineEntry.Kind.ASSIGNMENT,
        visible=False,
        text=_("承办人：%(name)s") % {"name": case.assignee},
    )


def clock_paused(case, *, by, **context) -> None:
    timeline_add(case=case, by=by, kind=TimelineEntry.Kind.DEADLINE, text=_("退回补正期间暂停计时。"))


def clock_resumed(case, *, by, **context) -> None:
    timeline_add(
        case=case,
        by=by,
        kind=TimelineEntry.Kind.DEADLINE,
        text=_("恢复计时；退回补正累计 %(days)s 个工作日，办理期限顺延至 %(due)s。")
        % {"days": case.paused_working_days, "due": case.due_date},
    )


def clock_restarted(case, *, by, **context) -> None:
    timeline_add(
        case=case,
        by=by,
        kind=TimelineEntry.Kind.DEADLINE,
        text=_("重新计时，办理期限 %(due)s。") % {"due": case.due_date},
    )


def check_assignee(case, *, by, assignee=None, **context) -> dict:
    """``assign``'s check: the chosen user (or id) must be a reviewer of the case's division and not
    involved in the case; returns the user for the transition."""
    from apps.accounts.models import User

    from .transitions import FourEyesError

    if assignee is None or assignee == "":
        raise ServiceError(_("请选择承办人。"))
    if not isinstance(assignee, User):
        try:
            assignee = User.objects.get(pk=int(assignee), is_active=True)
        except (User.DoesNotExist, TypeError, ValueError):
            raise ServiceError(_("所选承办人不存在。")) from None
    if not (assignee.is_active and assignee.has_perm("casework.review") and assignee.division_id):
        raise ServiceError(_("%(name)s 不是处室审核人员，不能承办案件。") % {"name": assignee})
    if case.division_id and assignee.division_id != case.division_id:
        raise ServiceError(
            _("%(name)s 不属于承办处室%(division)s。") % {"name": assignee, "division": case.division}
        )
    if case.is_involved(assignee):
        raise FourEyesError(
            _("%(name)s 是本案件的申请人或参与人员，按回避原则不能承办。") % {"name": assignee}
        )
    return {"assignee": assignee}
