"""来访邀请: a case type declared only here (tests), with its own transitions, checks, follow-up work and
recipient group — the casework engine is not edited for it (apps/casework/tests/test_new_case_type.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState, TimelineEntry
from apps.casework.workflow import case_transition, extend_transition
from apps.core.errors import ServiceError

S = CaseState


def hosts(case):
    """The recipient group "hosts": the person who will receive the guest."""
    return [case.host] if case.host_id else []


def require_guest(case, **context):
    if not case.guest_name.strip():
        raise ServiceError("请填写来访外宾姓名。")


def check_letter_date(case, *, letter_date=None, **context):
    """Validate hook: the letter's date (a parameter of the transition) may not lie in the past."""
    if letter_date is None:
        return {"letter_date": timezone.localdate()}
    if letter_date < timezone.localdate():
        raise ServiceError("邀请函日期不能早于今天。")
    return None


def number_the_letter(case, *, by, letter_date, **context):
    """Follow-up hook: the letter's number, derived from the case's reference, on the timeline."""
    case.letter_number = f"{case.reference}-函"
    TimelineEntry.objects.create(
        case_id=case.pk,
        actor=by,
        kind=TimelineEntry.Kind.COMMENT,
        text=f"邀请函编号 {case.letter_number}（{letter_date}）",
    )


class VisitInvitation(Case):
    guest_name = models.CharField("外宾姓名", max_length=100, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    security_checked = models.BooleanField("已完成安全审查", default=False)
    letter_number = models.CharField("邀请函编号", max_length=60, blank=True)

    class Meta:
        app_label = "casetype_app"
        verbose_name = "来访邀请"

    # an inherited transition with a check of this type
    submit = extend_transition(Case.submit, follow_up=[require_guest])

    # an internal step: the state stays "in review", the applicant side does not see it
    @case_transition(
        source=S.IN_REVIEW,
        target=S.IN_REVIEW,
        permission=p.can_review,
        conditions=[lambda c: not c.security_checked],
        label="安全审查",
        timeline_label="安全审查已完成",
        internal=True,
        four_eyes=True,
        notify=["leaders"],
    )
    def security_check(self, *, by=None, **kwargs):
        self.security_checked = True

    # the type's own closing step, with a required comment, a validated parameter, follow-up work and
    # its own recipient group
    @case_transition(
        source=S.APPROVED,
        target=S.CLOSED,
        permission=p.can_review,
        label="出具邀请函",
        comment_required=True,
        missing_comment="请填写邀请函的发送方式。",
        validate=[check_letter_date],
        follow_up=["tests.casetype_app.models.number_the_letter"],
        notify=["applicant", "hosts"],
    )
    def issue_letter(self, *, by=None, **kwargs):
        self.closed_at = timezone.now()
