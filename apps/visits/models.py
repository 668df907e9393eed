"""Foreign delegations received in the city (来访接待), their programme and protocol, the gift register
and the city leaders' foreign-affairs calendar.

``Visit`` is a case type (multi-table inheritance of ``casework.Case``): a unit (or the office) files
it, the owning division reviews it, a leader approves it; after approval the programme is planned and
after the visit the summary (纪要) closes it. Events, participants, seating plans, gifts and the
calendar are plain models, read through the case's data scope.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.casework.models import Case
from apps.casework.workflow import extend_transition
from apps.core.models import ArchivableModel, TimeStampedModel


class Level(models.TextChoices):
    PARTY = "party", _("党宾")
    STATE = "state", _("国宾")
    IMPORTANT = "important", _("重要外宾")
    GENERAL = "general", _("一般来访")


# Party and state guests and important visitors are received by 涉外管理处 (seed: duties of the division);
# other delegations go to the division of their region by the routing rules.
PROTOCOL_LEVELS = (Level.PARTY, Level.STATE, Level.IMPORTANT)


class RankLevel(models.IntegerChoices):
    STATE_LEADER = 10, _("国家领导人级")
    MINISTER = 20, _("部长级（正部级）")
    VICE_MINISTER = 30, _("副部长级（副部级）")
    BUREAU = 40, _("厅局级（正厅级）")
    DEPUTY_BUREAU = 50, _("副厅局级")
    DIVISION = 60, _("处级")
    DEPUTY_DIVISION = 70, _("副处级")
    SECTION = 80, _("科级及以下")


class DiplomaticRank(models.TextChoices):
    AMBASSADOR = "ambassador", _("大使")
    ENVOY = "envoy", _("公使")
    CHARGE = "charge", _("代办")
    CHARGE_AI = "charge_ai", _("临时代办")
    MINISTER_PLENIPOTENTIARY = "minister_plenipotentiary", _("全权公使")
    MINISTER_COUNSELLOR = "minister_counsellor", _("公使衔参赞")
    COUNSELLOR = "counsellor", _("参赞")
    MILITARY_ATTACHE = "military_attache", _("武官")
    FIRST_SECRETARY = "first_secretary", _("一等秘书")
    SECOND_SECRETARY = "second_secretary", _("二等秘书")
    THIRD_SECRETARY = "third_secretary", _("三等秘书")
    ATTACHE = "attache", _("随员")


class Leader(TimeStampedModel):
    """A city leader whose foreign-affairs calendar the secretariat keeps."""

    name = models.CharField(_("姓名"), max_length=60)
    title = models.CharField(_("职务"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("职级"), choices=RankLevel.choices, default=RankLevel.BUREAU)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits_leader",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("市领导")
        verbose_name_plural = _("市领导")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.title} {self.name}"


class Visit(Case):
    """来访接待: a foreign delegation received in the city."""

    level = models.CharField(_("接待规格"), max_length=20, choices=Level.choices, default=Level.GENERAL)
    guest_country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("来访国家（地区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    guest_organisation = models.CharField(_("来访组织或机构"), max_length=200, blank=True)
    head_name = models.CharField(_("团长姓名"), max_length=120, blank=True)
    head_title = models.CharField(_("团长职务"), max_length=200, blank=True)
    arrival_date = models.DateField(_("抵达日期"), null=True, blank=True)
    departure_date = models.DateField(_("离开日期"), null=True, blank=True)
    purpose = models.TextField(_("来访目的"), blank=True)
    hosts_note = models.TextField(_("我方主要接待人员"), blank=True, help_text=_("市领导及陪同单位。"))
    invitation_case = models.ForeignKey(
        Case, verbose_name=_("邀请案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitation_note = models.CharField(_("邀请依据"), max_length=300, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("友好城市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("来访团组来自友好城市的，纪要报送后记入该友好城市的交往记录。"),
    )
    security_note = models.TextField(_("安保事项"), blank=True)
    press_note = models.TextField(_("新闻报道安排"), blank=True)
    programme_version = models.PositiveIntegerField(_("日程版本"), default=0)
    # after the visit
    summary_outcomes = models.TextField(_("来访成果"), blank=True)
    summary_agreements = models.TextField(_("签署的协议"), blank=True)
    summary_follow_up = models.TextField(_("后续工作"), blank=True)
    summary_filed_at = models.DateTimeField(_("纪要报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("来访接待")
        verbose_name_plural = _("来访接待")
        indexes = [models.Index(fields=["arrival_date", "case_ptr"], name="visits_arrival_idx")]

    def routing_facts(self) -> dict:
        facts = super().routing_facts()
        # Party/state guests and important visitors: no region facts, so the type's default division
        # (涉外管理处) receives them; other delegations go to the division of their region.
        if self.level not in PROTOCOL_LEVELS and self.guest_country_id:
            facts["continents"].add(self.guest_country.continent)
            facts["country_kinds"].add(self.guest_country.kind)
        return facts

    def guest_label(self) -> str:
        parts = [str(self.guest_country) if self.guest_country_id else "", self.guest_organisation]
        return " ".join(p for p in parts if p)

    # approval issues the programme and seating plans as an official document (apps.documents)
    approve = extend_transition(Case.approve, follow_up=["apps.visits.services.issue_programme_on_approval"])
    close = extend_transition(
        Case.close,
        conditions=[lambda v: v.state != "approved" or v.summary_filed_at is not None],
        validate=["apps.visits.services.check_summary_before_close"],
    )


class FollowUp(TimeStampedModel):
    """A follow-up task from the visit's summary, with the unit responsible and a deadline."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("来访"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    task = models.CharField(_("任务事项"), max_length=300)
    responsible = models.CharField(_("责任单位"), max_length=200)
    due_date = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("后续任务")
        verbose_name_plural = _("后续任务")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.task

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


class Participant(TimeStampedModel):
    """A member of the delegation or of the Chinese side, with what precedence is computed from."""

    class Side(models.TextChoices):
        GUEST = "guest", _("外方")
        HOST = "host", _("中方")

    class Role(models.TextChoices):
        MEMBER = "", _("团员/陪同")
        INTERPRETER = "interpreter", _("译员")

    visit = models.ForeignKey(
        Visit, verbose_name=_("来访"), on_delete=models.CASCADE, related_name="participants_list"
    )
    side = models.CharField(_("所属方"), max_length=10, choices=Side.choices)
    name = models.CharField(_("中文姓名"), max_length=120)
    name_en = models.CharField(_("外文姓名"), max_length=120, blank=True)
    title = models.CharField(_("职务"), max_length=200, blank=True)
    title_en = models.CharField(_("外文职务"), max_length=200, blank=True)
    organisation = models.CharField(_("单位"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("职级（对等级别）"), choices=RankLevel.choices, default=RankLevel.SECTION
    )
    diplomatic_rank = models.CharField(
        _("外交衔级"), max_length=30, choices=DiplomaticRank.choices, blank=True
    )
    duty_since = models.DateField(
        _("到任日期"), null=True, blank=True, help_text=_("外交官同级时按到任先后排序。")
    )
    notified_on = models.DateField(_("通知（抵达、答复）日期"), null=True, blank=True)
    country_en = models.CharField(
        _("国家英文名"), max_length=100, blank=True, help_text=_("同级同日时按国名英文字母排序。")
    )
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices, blank=True)
    leader = models.ForeignKey(
        Leader,
        verbose_name=_("市领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    dietary = models.CharField(_("饮食禁忌"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["side", "rank", "id"]

    def __str__(self):
        return self.name

    def as_protocol(self):
        from .protocol import P

        return P(
            key=str(self.pk),
            name=self.name,
            side=self.side,
            rank=self.rank,
            diplomatic=self.diplomatic_rank,
            duty_since=self.duty_since,
            notified_on=self.notified_on,
            country_en=self.country_en,
            name_en=self.name_en,
            role=self.role,
            title=self.title,
        )


class EventKind(models.TextChoices):
    MEETING = "meeting", _("会见")
    TALKS = "talks", _("会谈")
    SIGNING = "signing", _("签字仪式")
    BANQUET = "banquet", _("宴请")
    PHOTO = "photo", _("合影")
    TOUR = "tour", _("参观考察")
    OTHER = "other", _("其他")


SEATED_KINDS = (EventKind.MEETING, EventKind.TALKS, EventKind.SIGNING, EventKind.BANQUET, EventKind.PHOTO)


class DoorPosition(models.TextChoices):
    LONG_SIDE = "long_side", _("正门对长桌一侧")
    END = "end", _("长桌一端朝向正门")


class FlagLayout(models.TextChoices):
    BILATERAL = "", _("双边（按主办方排列）")
    ROW = "row", _("多边·一字排列")
    COLUMN = "column", _("多边·纵向排列")
    ARC = "arc", _("多边·弧形排列")


class Event(TimeStampedModel):
    """One item of the programme (日程)."""

    visit = models.ForeignKey(Visit, verbose_name=_("来访"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("活动类型"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    date = models.DateField(_("日期"))
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=200)
    venue_en = models.CharField(_("英文地点"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Participant, verbose_name=_("参加人员"), blank=True, related_name="events"
    )
    interpreters = models.CharField(_("翻译"), max_length=200, blank=True)
    vehicles = models.CharField(_("车辆"), max_length=200, blank=True)
    dietary = models.CharField(_("餐饮要求"), max_length=200, blank=True)
    dress = models.CharField(_("着装"), max_length=100, blank=True)
    press = models.CharField(_("新闻报道"), max_length=200, blank=True)
    door = models.CharField(
        _("门的位置"), max_length=20, choices=DoorPosition.choices, default=DoorPosition.LONG_SIDE
    )
    table_size = models.PositiveSmallIntegerField(_("每桌人数"), null=True, blank=True)
    hosted_by_guest = models.BooleanField(_("外方主办"), default=False)
    flag_layout = models.CharField(_("国旗排列"), max_length=10, choices=FlagLayout.choices, blank=True)
    flag_countries = models.ManyToManyField(
        "reference.Country",
        verbose_name=_("多边活动参加国（中国除外）"),
        blank=True,
        related_name="+",
    )
    seating = models.JSONField(_("调整后的座次"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日程活动")
        verbose_name_plural = _("日程活动")
        ordering = ["date", "start", "id"]
        indexes = [models.Index(fields=["date", "start"], name="visits_event_time_idx")]

    def __str__(self):
        return f"{self.date} {self.start:%H:%M} {self.title}"

    @property
    def seated(self) -> bool:
        return self.kind in SEATED_KINDS


class Disposition(models.TextChoices):
    PENDING = "", _("待处理")
    KEPT = "kept", _("留存")
    DISPLAYED = "displayed", _("陈列展示")
    AUCTIONED = "auctioned", _("拍卖")
    TREASURY = "treasury", _("上缴国库")
    RETURNED = "returned", _("退还")


class Gift(ArchivableModel, TimeStampedModel):
    """礼品登记: a gift given or received in an official foreign activity."""

    class Direction(models.TextChoices):
        RECEIVED = "received", _("受礼")
        GIVEN = "given", _("赠礼")

    direction = models.CharField(_("类别"), max_length=10, choices=Direction.choices)
    visit = models.ForeignKey(
        Visit, verbose_name=_("来访"), null=True, blank=True, on_delete=models.PROTECT, related_name="gifts"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="gifts"
    )
    description = models.CharField(_("礼品名称"), max_length=200)
    counterpart = models.CharField(_("赠送方/受赠方"), max_length=200)
    counterpart_country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("对方国家（地区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.CharField(_("受礼人/赠礼人"), max_length=100)
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(
        "org.Division",
        verbose_name=_("处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    on_date = models.DateField(_("受赠/赠送日期"))
    returned_on = models.DateField(
        _("回国日期"), null=True, blank=True, help_text=_("在国外受礼的，自回国之日起计算申报期限。")
    )
    value = models.DecimalField(_("估价（人民币元）"), max_digits=12, decimal_places=2)
    is_cash = models.BooleanField(_("现金或有价证券"), default=False)
    photo = models.FileField(_("照片"), upload_to="visits/gifts/%Y/", blank=True)
    budget = models.CharField(_("预算科目"), max_length=200, blank=True)
    # received: declaration and hand-in
    declaration_due = models.DateField(_("申报期限"), null=True, blank=True)
    declared_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    handed_in_on = models.DateField(_("上交日期"), null=True, blank=True)
    disposition = models.CharField(_("处理方式"), max_length=20, choices=Disposition.choices, blank=True)
    # given: approval before giving
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("礼品")
        verbose_name_plural = _("礼品")
        ordering = ["-on_date", "-id"]
        indexes = [models.Index(fields=["declaration_due", "id"], name="visits_gift_due_idx")]

    def __str__(self):
        return self.description

    def scope_facts(self):
        return self.unit_id, self.division_id, {self.created_by_id}

    @property
    def needs_declaration(self) -> bool:
        return self.direction == self.Direction.RECEIVED and self.declaration_due is not None

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.needs_declaration and not self.declared_at and self.declaration_due < timezone.localdate()
        )


class GiftReminder(models.Model):
    """A reminder sent for a gift's declaration (one per gift, kind and day)."""

    gift = models.ForeignKey(Gift, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("礼品申报提醒")
        constraints = [
            models.UniqueConstraint(fields=["gift", "kind", "on"], name="visits_gift_reminder_once")
        ]

    def __str__(self):
        return f"{self.gift_id} {self.kind} {self.on}"


class CalendarEntry(TimeStampedModel):
    """One engagement in a city leader's foreign-affairs calendar."""

    class Source(models.TextChoices):
        VISIT = "visit", _("来访活动")
        TRIP = "trip", _("出访")
        CONFERENCE = "conference", _("国际会议")
        MANUAL = "manual", _("手工录入")

    leader = models.ForeignKey(
        Leader, verbose_name=_("市领导"), on_delete=models.PROTECT, related_name="entries"
    )
    title = models.CharField(_("事项"), max_length=200)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    location = models.CharField(_("地点"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    event = models.ForeignKey(
        Event,
        verbose_name=_("日程活动"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_entries",
    )
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    uid = models.CharField(max_length=64, unique=True, default=secrets.token_hex, editable=False)

    class Meta:
        verbose_name = _("外事日程")
        verbose_name_plural = _("外事日程")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["leader", "starts_at"], name="visits_cal_leader_idx")]

    def __str__(self):
        return self.title


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(TimeStampedModel):
    """A private iCalendar feed of one leader's calendar for one user (token in the URL, revocable)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    leader = models.ForeignKey(
        Leader, verbose_name=_("市领导"), on_delete=models.CASCADE, related_name="feed_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")
