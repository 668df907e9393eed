"""Firing a transition of any case type: the one write path of every state change.

What a transition does besides changing the state — its label, comment rule, visibility, checks,
follow-up work and recipients — is declared next to it on the model (:mod:`apps.casework.workflow`);
this module reads those declarations and nothing else.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from apps.audit.services import diff, record, snapshot
from apps.core.errors import ConflictError, Forbidden, ServiceError

from ..models import Case, TimelineEntry
from ..workflow import resolve_hook, spec_for, state_label
from .notifications import notify_transition
from .timeline import timeline_add

log = logging.getLogger(__name__)

AUDITED_FIELDS = (
    "state",
    "reference",
    "division",
    "assignee",
    "due_date",
    "paused_at",
    "paused_working_days",
    "submitted_at",
    "decided_at",
    "closed_at",
)


class FourEyesError(Forbidden):
    """The acting user submitted the case or takes part in it (a refusal about who acts: 403)."""

    code = "four_eyes"


def _current_state(case) -> str:
    return Case.objects.filter(pk=case.pk).values_list("state", flat=True).first() or case.state


def _conflict(case) -> ConflictError:
    return ConflictError(
        _("该案件刚被其他人处理（当前状态：%(state)s），请刷新后重试。")
        % {"state": state_label(_current_state(case))}
    )


def _bump_version(case, expected: int) -> None:
    """Compare-and-swap on ``version``: the second of two concurrent writers finds 0 rows → conflict."""
    updated = Case.objects.filter(pk=case.pk, version=expected).update(version=expected + 1)
    if not updated:
        raise _conflict(case)
    case.version = expected + 1


def _not_now(case, label) -> ServiceError:
    return ServiceError(
        _("案件当前状态为“%(state)s”，不能执行“%(action)s”。")
        % {"state": state_label(case.state), "action": label}
    )


def transition(*, case: Case, name: str, by, comment: str = "", version=None, **params) -> Case:
    """Fire transition ``name`` of the concrete case type on ``case`` as ``by``.

    ``params`` go to the transition's ``validate`` hooks, its method and its ``follow_up`` hooks (the
    engine's ``assign`` takes ``assignee=``, a trip's ``depart`` ``actual_departure_date=``).

    Raises ``ConflictError`` when someone else changed the case first (stale ``version`` or a
    concurrent transition), ``FourEyesError`` when ``by`` submitted or takes part in the case,
    ``PermissionDenied`` when the transition's permission refuses, ``ServiceError`` otherwise.
    """
    case = case.as_concrete()
    spec = spec_for(case, name)
    if spec is None:
        raise ServiceError(_("未知的操作：%(name)s") % {"name": name})
    label = str(spec.label)
    comment = (comment or "").strip()
    expected = case.version
    if version not in (None, ""):
        try:
            posted = int(version)
        except (TypeError, ValueError):
            raise ServiceError(_("版本号无效，请刷新后重试。")) from None
        if posted != case.version:
            raise _conflict(case)
        expected = posted
    method = getattr(case, name)
    if not can_proceed(method):
        raise _not_now(case, label)
    if spec.four_eyes and case.is_involved(by):
        raise FourEyesError(
            _("您是本案件的申请人或参与人员，按回避原则不能执行“%(action)s”。") % {"action": label}
        )
    if not has_transition_perm(method, by):
        raise PermissionDenied(_("您无权对本案件执行“%(action)s”。") % {"action": label})
    if spec.comment_required and not comment:
        raise ServiceError(str(spec.missing_comment or _("请填写“%(action)s”的理由。") % {"action": label}))
    for hook in spec.validate:
        params.update(resolve_hook(hook)(case, by=by, comment=comment, **params) or {})

    before = snapshot(case, AUDITED_FIELDS)
    from_state = case.state
    try:
        with transaction.atomic():
            _bump_version(case, expected)
            method(by=by, comment=comment, **params)
            visible = not spec.internal
            timeline_add(
                case=case,
                by=by,
                kind=TimelineEntry.Kind.STATE,
                from_state=from_state,
                to_state=case.state,
                name=name,
                text=comment,
                visible=visible,
            )
            for hook in spec.follow_up:
                resolve_hook(hook)(case, by=by, comment=comment, **params)
            case.save()
            record(
                action=f"casework.{name}",
                target=case,
                actor=by,
                changes=diff(before, snapshot(case, AUDITED_FIELDS)),
                extra={"reference": case.reference or "", "comment": comment, "transition": name},
            )
            notify_transition(case, spec=spec, name=name, by=by, comment=comment if visible else "")
    except ConcurrentTransition:
        case.refresh_from_db()
        raise _conflict(case) from None
    except TransitionNotAllowed:
        raise _not_now(case, label) from None
    except BaseException:
        # The in-memory object may hold the fired state; reload it so callers show the truth.
        _reload(case)
        raise
    case.clear_caches()
    return case


def _reload(case):
    try:
        case.refresh_from_db()
        case.clear_caches()
    except Exception:
        log.exception("could not reload case %s", case.pk)
