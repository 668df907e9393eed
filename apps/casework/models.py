"""The casework engine: case types, reference numbers, cases and their states, routing rules, the
timeline, attachments and notifications.

Every concrete case type extends :class:`Case` by multi-table inheritance (``class Trip(Case)``) and
may add its own states and transitions, each declared in one place with
:func:`apps.casework.workflow.case_transition` (or an inherited one changed with ``extend_transition``);
the generic service :func:`apps.casework.services.transition` drives any declared transition.
"""

from __future__ import annotations

import datetime

from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMFieldMixin

from apps.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel
from apps.org.models import Division, Unit
from apps.reference.models import Continent, CountryKind

from . import permissions as p
from .workflow import case_transition


class CaseState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回补正")
    PENDING_APPROVAL = "pending_approval", _("待领导审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已办结")


S = CaseState
# States in which the office's clock runs (a returned case waits on the applicant: the clock pauses).
CLOCK_RUNNING = (S.SUBMITTED, S.IN_REVIEW, S.PENDING_APPROVAL)
# States in which the case is still being handled by someone.
OPEN_STATES = (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.RETURNED, S.PENDING_APPROVAL)

STATE_CSS = {
    S.DRAFT: "secondary",
    S.SUBMITTED: "info",
    S.IN_REVIEW: "primary",
    S.RETURNED: "warning",
    S.PENDING_APPROVAL: "primary",
    S.APPROVED: "success",
    S.REJECTED: "danger",
    S.WITHDRAWN: "secondary",
    S.CLOSED: "dark",
}

# Routing looks at the continent and kind of a country as stored in ``reference.Country``.
CONTINENTS = Continent.choices
COUNTRY_KINDS = CountryKind.choices


class CaseType(TimeStampedModel):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    reference_prefix = models.CharField(
        _("文号前缀"),
        max_length=20,
        help_text=_("案件编号的前缀，例如“徐外出”，编号形如 徐外出〔2026〕0001。"),
    )
    sla_working_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=10)
    sla_basis = models.CharField(
        _("时限依据"), max_length=300, blank=True, help_text=_("规定时限的文件或说明。")
    )
    default_division = models.ForeignKey(
        Division,
        verbose_name=_("默认承办处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail_url_name = models.CharField(
        _("专用详情页"), max_length=100, blank=True, help_text=_("该类型有自己的详情页时填写其 URL 名称。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("案件类型")
        verbose_name_plural = _("案件类型")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def format_reference(self, year: int, seq: int) -> str:
        return f"{self.reference_prefix}〔{year}〕{seq:04d}"


class ReferenceCounter(models.Model):
    """The last number given per case type and year; locked row, so numbers never repeat or skip."""

    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [models.UniqueConstraint(fields=["case_type", "year"], name="casework_counter_unique")]

    def __str__(self):
        return f"{self.case_type_id}/{self.year}: {self.last}"


class RoutingRule(TimeStampedModel):
    """分办规则: which division's queue a case goes to; the first active matching rule (by order) wins."""

    order = models.PositiveSmallIntegerField(_("优先顺序"), default=100)
    case_type = models.ForeignKey(
        CaseType,
        verbose_name=_("案件类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("留空表示任何类型。"),
    )
    continent = models.CharField(
        _("所在洲"), max_length=20, choices=CONTINENTS, blank=True, help_text=_("留空表示任何洲。")
    )
    country_kind = models.CharField(
        _("国家（地区）类别"),
        max_length=20,
        choices=COUNTRY_KINDS,
        blank=True,
        help_text=_("例如“特别行政区”用于香港、澳门；留空表示任何类别。"),
    )
    division = models.ForeignKey(
        Division, verbose_name=_("承办处室"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("依据"), max_length=300, help_text=_("分办理由，写入案件时间线。"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("分办规则")
        verbose_name_plural = _("分办规则")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order} → {self.division}"

    def matches(self, facts: dict) -> bool:
        if self.case_type_id and facts.get("case_type") != self.case_type.code:
            return False
        if self.continent and self.continent not in set(facts.get("continents") or ()):
            return False
        return not (self.country_kind and self.country_kind not in set(facts.get("country_kinds") or ()))


class CaseQuerySet(ArchivableQuerySet):
    pass


class Case(ConcurrentTransitionMixin, ArchivableModel, TimeStampedModel):
    """One matter handled by the office. Case types extend it (multi-table inheritance)."""

    case_type = models.ForeignKey(
        CaseType, verbose_name=_("案件类型"), on_delete=models.PROTECT, related_name="cases"
    )
    # "app_label.ModelName" of the concrete case type, so a generic Case can find its concrete row.
    model_label = models.CharField(max_length=100, editable=False, default="")
    reference = models.CharField(_("编号"), max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    state = FSMField(
        _("状态"), max_length=30, choices=CaseState.choices, default=S.DRAFT, protected=True, db_index=True
    )
    applicant_unit = models.ForeignKey(
        Unit, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="cases_created",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("参与人员"),
        blank=True,
        related_name="cases_participating",
        help_text=_("参与本案的人员（如出访人员）；他们不能审核或审批本案。"),
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("承办处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_assigned",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(_("暂停计时时间"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(_("退回补正累计工作日"), default=0)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-created_at", "-id"]
        # Every filter of the case list (unit, division, state; scope by unit) with the list's order
        # (newest first), so a page is an ordered index walk that stops after 25 rows; the inbox queue;
        # "mine" (creator / assignee) by unit for the data scope (accounts.selectors._mine_outside).
        # PostgreSQL also gets trigram indexes for the reference/title search (migration 0002).
        indexes = [
            models.Index(fields=["division", "state", "due_date"], name="casework_queue_idx"),
            models.Index(fields=["applicant_unit", "state", "-created_at", "-id"], name="casework_unit_idx"),
            models.Index(fields=["applicant_unit", "-created_at", "-id"], name="casework_unit_created_idx"),
            models.Index(fields=["division", "-created_at", "-id"], name="casework_div_created_idx"),
            models.Index(fields=["state", "-created_at", "-id"], name="casework_state_created_idx"),
            models.Index(fields=["assignee", "state"], name="casework_assignee_idx"),
            models.Index(fields=["assignee", "applicant_unit"], name="casework_assignee_unit_idx"),
            models.Index(fields=["created_by", "applicant_unit", "division"], name="casework_creator_idx"),
            models.Index(fields=["-created_at", "-id"], name="casework_created_idx"),
        ]

    def __str__(self):
        return self.reference or self.title

    def save(self, *args, **kwargs):
        if not self.model_label:
            self.model_label = self._meta.label
        super().save(*args, **kwargs)

    # --- the concrete case type -----------------------------------------------------------------
    def as_concrete(self) -> Case:
        """The row of the concrete case type (``SimpleCase``, ``Trip``) behind this generic case."""
        if not self.model_label or self.model_label == self._meta.label:
            return self
        model = django_apps.get_model(self.model_label)
        return model.objects.select_related(
            "case_type", "applicant_unit", "division", "assignee", "created_by"
        ).get(pk=self.pk)

    def routing_facts(self) -> dict:
        """What routing rules look at; case types add continents and country kinds."""
        return {"case_type": self.case_type.code, "continents": set(), "country_kinds": set()}

    def scope_facts(self):
        """(unit, division, people) for the data scope (``apps.accounts.permissions.in_scope``)."""
        return self.applicant_unit_id, self.division_id, self.people_ids()

    @property
    def state_fields(self):
        """django-fsm's ``state_fields`` scans every field of the model on each instantiation (a trip
        has ~100: 25 rows of a list paid ~500 ``isinstance`` calls). The state fields of a class never
        change, so they are found once per class."""
        cls = type(self)
        fields = cls.__dict__.get("_fsm_state_fields")
        if fields is None:
            fields = tuple(f for f in cls._meta.fields if isinstance(f, FSMFieldMixin))
            cls._fsm_state_fields = fields
        return fields

    def people_ids(self) -> set[int]:
        ids = getattr(self, "_people_ids", None)
        if ids is None:
            ids = {self.created_by_id, self.assignee_id, *self.participant_ids()}
            ids.discard(None)
            self._people_ids = ids
        return ids

    def participant_ids(self) -> set[int]:
        cache = getattr(self, "_participant_ids", None)
        if cache is None:
            if self.pk is None:
                return set()
            cache = self._participant_ids = set(self.participants.values_list("pk", flat=True))
        return cache

    def is_involved(self, user) -> bool:
        """The user submitted the case or takes part in it (four-eyes: they may not decide on it)."""
        return bool(user and (user.pk == self.created_by_id or user.pk in self.participant_ids()))

    def clear_caches(self):
        for attr in ("_people_ids", "_participant_ids"):
            self.__dict__.pop(attr, None)

    @property
    def state_css(self) -> str:
        return STATE_CSS.get(self.state, "secondary")

    # --- deadline ---------------------------------------------------------------------------------
    @property
    def clock_running(self) -> bool:
        return self.state in CLOCK_RUNNING

    @property
    def is_overdue(self) -> bool:
        return bool(self.clock_running and self.due_date and self.due_date < timezone.localdate())

    @property
    def working_days_left(self) -> int | None:
        """Working days from today to the due date (negative when overdue); None without a deadline."""
        if not self.due_date or self.state not in (*CLOCK_RUNNING, S.RETURNED):
            return None
        from apps.reference.calendar import working_days_between

        today = timezone.localdate()
        if self.due_date >= today:
            return working_days_between(today, self.due_date)
        return -working_days_between(self.due_date, today)

    @property
    def working_days_overdue(self) -> int:
        left = self.working_days_left
        return -left if left is not None and left < 0 else 0

    # --- transitions ------------------------------------------------------------------------------
    # Each transition declares, in one place, who may fire it (``permission=``), its label, whether a
    # comment is required, whether the applicant side sees it, the checks and follow-up work done with
    # it and who is told (``apps.casework.workflow.case_transition``); ``services.transition`` adds the
    # version check, the timeline, audit and notifications. Bodies only change fields of this row.
    @case_transition(
        source=S.DRAFT,
        target=S.SUBMITTED,
        permission=p.can_apply,
        label=_("提交"),
        follow_up=["apps.casework.services.followups.number_and_route"],
        notify=["division"],
    )
    def submit(self, *, by=None, **kwargs):
        self.submitted_at = timezone.now()
        self.due_date = _add_working_days(timezone.localdate(), self.case_type.sla_working_days)

    @case_transition(
        source=[S.SUBMITTED, S.IN_REVIEW],
        target=S.IN_REVIEW,
        permission=p.can_claim,
        conditions=[lambda c: c.assignee_id is None],
        label=_("认领"),
        internal=True,
        four_eyes=True,
        follow_up=["apps.casework.services.followups.record_assignee"],
        notify=["applicant"],
    )
    def claim(self, *, by=None, **kwargs):
        self.assignee = by

    @case_transition(
        source=[S.SUBMITTED, S.IN_REVIEW],
        target=S.IN_REVIEW,
        permission=p.can_assign,
        label=_("分派"),
        internal=True,
        four_eyes=True,
        validate=["apps.casework.services.followups.check_assignee"],
        follow_up=["apps.casework.services.followups.record_assignee"],
        notify=["assignee"],
    )
    def assign(self, *, by=None, assignee=None, **kwargs):
        self.assignee = assignee
        if self.division_id is None:  # an unrouted case goes to the assignee's division
            self.division = assignee.division

    @case_transition(
        source=S.IN_REVIEW,
        target=S.RETURNED,
        permission=p.can_review,
        label=_("退回补正"),
        comment_required=True,
        four_eyes=True,
        follow_up=["apps.casework.services.followups.clock_paused"],
        notify=["applicant"],
    )
    def send_back(self, *, by=None, **kwargs):
        self.paused_at = timezone.now()

    @case_transition(
        source=S.RETURNED,
        target=S.IN_REVIEW,
        permission=p.can_apply,
        label=_("重新提交"),
        follow_up=["apps.casework.services.followups.clock_resumed"],
        notify=["division"],
    )
    def resubmit(self, *, by=None, **kwargs):
        if self.paused_at:
            from apps.reference.calendar import working_days_between

            days = working_days_between(timezone.localtime(self.paused_at).date(), timezone.localdate())
            if days > 0:
                self.paused_working_days += days
                if self.due_date:
                    self.due_date = _add_working_days(self.due_date, days)
        self.paused_at = None

    @case_transition(
        source=S.IN_REVIEW,
        target=S.PENDING_APPROVAL,
        permission=p.can_review,
        label=_("报领导审批"),
        internal=True,
        four_eyes=True,
        notify=["leaders"],
    )
    def forward_for_approval(self, *, by=None, **kwargs):
        pass

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.APPROVED,
        permission=p.can_approve,
        label=_("批准"),
        four_eyes=True,
        notify=["applicant", "assignee"],
    )
    def approve(self, *, by=None, **kwargs):
        self.decided_at = timezone.now()

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.REJECTED,
        permission=p.can_approve,
        label=_("不予批准"),
        comment_required=True,
        four_eyes=True,
        notify=["applicant", "assignee"],
    )
    def reject(self, *, by=None, **kwargs):
        self.decided_at = timezone.now()

    @case_transition(
        source=[S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.RETURNED],
        target=S.WITHDRAWN,
        permission=p.can_apply,
        label=_("撤回"),
        comment_required=True,
        notify=["division"],
    )
    def withdraw(self, *, by=None, **kwargs):
        self.paused_at = None

    @case_transition(
        source=[S.REJECTED, S.WITHDRAWN, S.CLOSED],
        target=S.IN_REVIEW,
        permission=p.can_reopen,
        conditions=[lambda c: c.submitted_at is not None],
        label=_("重新打开"),
        comment_required=True,
        follow_up=["apps.casework.services.followups.clock_restarted"],
        notify=["applicant"],
    )
    def reopen(self, *, by=None, **kwargs):
        self.decided_at = None
        self.closed_at = None
        self.paused_at = None
        self.due_date = _add_working_days(timezone.localdate(), self.case_type.sla_working_days)

    @case_transition(
        source=[S.APPROVED, S.REJECTED],
        target=S.CLOSED,
        permission=p.can_close,
        label=_("办结"),
        notify=["applicant"],
    )
    def close(self, *, by=None, **kwargs):
        self.closed_at = timezone.now()


def _add_working_days(start: datetime.date, days: int) -> datetime.date:
    from apps.reference.calendar import add_working_days

    return add_working_days(start, days)


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("状态变更")
        COMMENT = "comment", _("意见")
        ATTACHMENT = "attachment", _("附件")
        ASSIGNMENT = "assignment", _("分派")
        ROUTING = "routing", _("分办")
        DEADLINE = "deadline", _("期限")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="timeline")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)
    transition = models.CharField(_("操作"), max_length=50, blank=True)
    text = models.TextField(_("内容"), blank=True)
    visible_to_applicant = models.BooleanField(_("申请方可见"), default=True)

    class Meta:
        verbose_name = _("时间线记录")
        verbose_name_plural = _("时间线记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="casework_timeline_idx")]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        raise PermissionError("Timeline entries are never deleted.")

    @property
    def to_state_label(self) -> str:
        """From the declaration of the entry's transition (``apps.casework.workflow.timeline_label``)."""
        from .workflow import timeline_label

        return timeline_label(self)


def attachment_path(instance, filename):
    import secrets

    now = timezone.now()
    return f"casework/{now:%Y/%m}/{secrets.token_hex(16)}"


class Attachment(ArchivableModel):
    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("材料类别"), max_length=40)
    original_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64)
    content_type = models.CharField(_("文件类型"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    visible_to_applicant = models.BooleanField(_("申请方可见"), default=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    verb = models.CharField(_("事件"), max_length=50)
    text = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="casework_notif_idx")]

    def __str__(self):
        return self.text


def _reminder_kinds():
    from .reminders import kind_choices

    return kind_choices()


class ReminderSent(models.Model):
    """One reminder sent (``apps.casework.reminders``): the one record that keeps a reminder from being
    sent twice, whichever app's deadline it was."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("到期前提醒")
        OVERDUE = "overdue", _("逾期提醒")

    source = models.CharField(_("来源"), max_length=30)
    kind = models.CharField(_("期限"), max_length=40, choices=_reminder_kinds)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.CharField(_("对象"), max_length=40)
    due = models.DateField(_("期限日期"))
    phase = models.CharField(_("提醒类型"), max_length=10, choices=Phase.choices)
    day = models.DateField(_("提醒日期"))
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("收件人数"), default=0)

    class Meta:
        verbose_name = _("期限提醒记录")
        verbose_name_plural = _("期限提醒记录")
        ordering = ["-day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target_type", "target_id", "due", "phase", "day"],
                name="casework_reminder_once",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="casework_reminder_target")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.target_id} {self.due} {self.phase} {self.day}"
