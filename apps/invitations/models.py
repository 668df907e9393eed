"""Inviting foreigners (邀请外国人来华, domain.md §5).

* :class:`Registration` — a unit's filing as an inviting unit (开户备案), reviewed by the handling division;
  a plain record (not a case), scoped by its unit and the division that reviews it.
* :class:`Foreigner` — the register of foreign invitees (their own register, not the city's travellers),
  passport numbers encrypted with a keyed hash for lookup, so that a returning guest is recognised.
* :class:`Invitation` — the application, a case type on the casework engine (``Invitation(Case)``) with
  its invitees (:class:`Invitee`). After the engine's review the office issues the letter (邀请函) and the
  《外国人邀请核实单》; a second state field ``stage`` follows the letter: issued → cancelled / closed out.
  The letter's verification code opens the public verification page.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from encrypted_fields.fields import EncryptedCharField

from apps.casework import permissions as p
from apps.casework.models import Case, CaseState
from apps.casework.workflow import case_transition, extend_transition, then
from apps.core.crypto import lookup_hash, mask_identifier
from apps.core.models import ArchivableModel, TimeStampedModel

from . import permissions as ip

S = CaseState


class VisaType(models.TextChoices):
    """签证种类 (国务院令第637号): the letter's visa kind."""

    F = "F", _("F 字签证（访问、交流）")
    M = "M", _("M 字签证（商务贸易）")
    Z = "Z", _("Z 字签证（工作）")
    X1 = "X1", _("X1 字签证（长期学习）")
    X2 = "X2", _("X2 字签证（短期学习）")
    L = "L", _("L 字签证（旅游）")
    R = "R", _("R 字签证（高层次人才）")
    C = "C", _("C 字签证（乘务）")
    D = "D", _("D 字签证（定居）")
    G = "G", _("G 字签证（过境）")
    J1 = "J1", _("J1 字签证（常驻记者）")
    J2 = "J2", _("J2 字签证（短期采访）")
    Q1 = "Q1", _("Q1 字签证（家庭团聚）")
    Q2 = "Q2", _("Q2 字签证（短期探亲）")
    S1 = "S1", _("S1 字签证（长期私人事务）")
    S2 = "S2", _("S2 字签证（短期私人事务）")


class Entries(models.TextChoices):
    SINGLE = "single", _("一次入境")
    DOUBLE = "double", _("两次入境")
    MULTIPLE = "multiple", _("多次入境")


class CostsBorneBy(models.TextChoices):
    INVITER = "inviter", _("邀请单位负担")
    INVITEE = "invitee", _("被邀请人自理")
    SHARED = "shared", _("双方分担（见说明）")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


# --- unit registration (开户备案) -----------------------------------------------------------------------
class Registration(ArchivableModel, TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已备案")
        RETURNED = "returned", _("退回补正")
        SUSPENDED = "suspended", _("已暂停")

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="invitation_registrations"
    )
    division = models.ForeignKey(
        "org.Division",
        verbose_name=_("审核处室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name_zh = models.CharField(_("单位中文名称"), max_length=200)
    name_en = models.CharField(_("单位英文名称"), max_length=300)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=300)
    contact_name = models.CharField(_("联系人"), max_length=100)
    contact_phone = models.CharField(_("联系电话"), max_length=40)
    leader_name = models.CharField(_("签批负责人"), max_length=100)
    leader_title = models.CharField(_("负责人职务"), max_length=100)
    clerks = models.TextField(_("经办人员"), help_text=_("每行一人：姓名、职务、联系电话。"))
    clerk_ids_checked = models.BooleanField(_("经办人员身份证件已核验"), default=False)
    documents_note = models.TextField(
        _("营业执照或成立文件"), blank=True, help_text=_("证照名称、编号；纸质材料报送情况。")
    )
    status = models.CharField(
        _("备案状态"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("邀请单位备案")
        verbose_name_plural = _("邀请单位备案")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(archived_at__isnull=True),
                name="invitations_one_registration_per_unit",
            )
        ]

    def __str__(self):
        return self.name_zh

    @property
    def status_css(self) -> str:
        return {"pending": "info", "approved": "success", "returned": "warning", "suspended": "danger"}.get(
            self.status, "secondary"
        )


# --- the register of foreign invitees --------------------------------------------------------------------
class Foreigner(TimeStampedModel):
    """外国人名录: one foreign guest, recognised again by nationality and passport number."""

    name = models.CharField(_("护照姓名"), max_length=120)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    date_of_birth = models.DateField(_("出生日期"), null=True, blank=True)
    nationality = models.ForeignKey(
        "reference.Country", verbose_name=_("国籍"), on_delete=models.PROTECT, related_name="+"
    )
    passport_number = EncryptedCharField(_("护照号码"), max_length=20)
    passport_hash = models.CharField(max_length=64, db_index=True, editable=False)

    class Meta:
        verbose_name = _("外国人名录")
        verbose_name_plural = _("外国人名录")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nationality", "passport_hash"], name="invitations_foreigner_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.passport_number = (self.passport_number or "").strip().upper()
        self.passport_hash = lookup_hash(self.passport_number)
        super().save(*args, **kwargs)


# --- the application ---------------------------------------------------------------------------------------
class Stage(models.TextChoices):
    APPLICATION = "application", _("申请审核")
    ISSUED = "issued", _("已出具")
    CANCELLED = "cancelled", _("已注销")
    CLOSED_OUT = "closed_out", _("已销档")


STAGE_CSS = {"application": "secondary", "issued": "success", "cancelled": "danger", "closed_out": "dark"}


def _may_close(inv) -> bool:
    """The engine's plain "办结" only for a refused application; an issued letter ends by its close-out."""
    return inv.state == S.REJECTED


class Invitation(Case):
    """邀请外国人来华申请 (one or more invitees: a group)."""

    purpose = models.CharField(_("来华事由"), max_length=200, blank=True)
    activity = models.TextField(_("主要活动"), blank=True)
    entry_date = models.DateField(
        _("计划入境日期"), null=True, blank=True, help_text=_("也是申请签证的最后日期。")
    )
    stay_days = models.PositiveSmallIntegerField(_("停留天数"), null=True, blank=True)
    cities = models.CharField(_("拟访城市"), max_length=300, blank=True)
    itinerary = models.TextField(_("日程安排"), blank=True)
    visa_type = models.CharField(_("签证种类"), max_length=2, choices=VisaType.choices, default=VisaType.F)
    entries = models.CharField(_("入境次数"), max_length=10, choices=Entries.choices, default=Entries.SINGLE)
    validity_months = models.PositiveSmallIntegerField(_("签证有效期（月）"), default=3)
    visa_apply_place = models.CharField(
        _("申请签证地点"),
        max_length=200,
        blank=True,
        help_text=_("本国或有居留证明的第三国的中国驻外使领馆。"),
    )
    costs_borne_by = models.CharField(
        _("在华生活和医疗费用"), max_length=10, choices=CostsBorneBy.choices, default=CostsBorneBy.INVITER
    )
    costs_note = models.CharField(_("费用说明"), max_length=300, blank=True)
    contact_name = models.CharField(_("邀请单位联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    signing_leader = models.CharField(_("签批领导"), max_length=100, blank=True)
    province_signs = models.BooleanField(
        _("报省外办签发"), default=False, help_text=_("江苏省由省外办签发，市外办审核后转报。")
    )
    province_reference = models.CharField(_("省外办文号"), max_length=100, blank=True)

    # the regulation checks at submission
    last_check = models.JSONField(_("最近一次检查结果"), default=list, blank=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    # the letter
    stage = FSMField(
        _("邀请函状态"), max_length=20, choices=Stage.choices, default=Stage.APPLICATION, protected=True
    )
    letter_number = models.CharField(_("邀请函编号"), max_length=60, blank=True)
    verification_code = models.CharField(
        _("核验码"), max_length=32, null=True, blank=True, unique=True, editable=False
    )
    issued_at = models.DateTimeField(_("出具时间"), null=True, blank=True)
    valid_until = models.DateField(_("邀请函有效期至"), null=True, blank=True)
    cancel_reason = models.TextField(_("注销原因"), blank=True)
    close_out_due = models.DateField(_("销档期限"), null=True, blank=True, db_index=True)
    closed_out_at = models.DateTimeField(_("销档时间"), null=True, blank=True)
    problems = models.TextField(_("问题记录"), blank=True, help_text=_("逾期滞留、改变来华事由等。"))

    class Meta:
        verbose_name = _("邀请外国人来华")
        verbose_name_plural = _("邀请外国人来华")
        indexes = [models.Index(fields=["stage", "close_out_due"], name="invitations_closeout_idx")]

    @property
    def stage_css(self) -> str:
        return STAGE_CSS.get(self.stage, "secondary")

    @property
    def exit_date(self) -> datetime.date | None:
        """The planned day of leaving China: entry day + stay − 1 (both days counted)."""
        if self.entry_date and self.stay_days:
            return self.entry_date + datetime.timedelta(days=self.stay_days - 1)
        return None

    @property
    def close_out_overdue(self) -> bool:
        return bool(
            self.state == S.APPROVED and self.close_out_due and self.close_out_due < timezone.localdate()
        )

    # --- the letter's own states ------------------------------------------------------------------------
    @case_transition(
        field=stage,
        source=Stage.APPLICATION,
        target=Stage.ISSUED,
        permission=ip.nobody,
        label=_("出具邀请函"),
        internal=True,
    )
    def _mark_issued(self, **kwargs):
        pass

    @case_transition(
        field=stage,
        source=Stage.ISSUED,
        target=Stage.CLOSED_OUT,
        permission=ip.nobody,
        label=_("销档"),
        internal=True,
    )
    def _mark_closed_out(self, **kwargs):
        pass

    # --- the engine's transitions as an invitation has them ------------------------------------------
    submit = extend_transition(Case.submit, validate=["apps.invitations.services.check_before_submit"])
    resubmit = extend_transition(Case.resubmit, validate=["apps.invitations.services.check_before_submit"])
    close = extend_transition(Case.close, conditions=[_may_close])

    @case_transition(
        source=[S.IN_REVIEW, S.APPROVED],
        target=S.APPROVED,
        permission=ip.is_reviewer,
        conditions=[lambda c: c.stage == Stage.APPLICATION],
        label=_("出具邀请函和核实单"),
        timeline_label=_("邀请函已出具"),
        four_eyes=True,
        validate=["apps.invitations.services.check_before_issue"],
        follow_up=["apps.invitations.services.number_the_letter", then("_mark_issued")],
        notify=["applicant"],
    )
    def issue(self, *, by=None, **kwargs):
        self.decided_at = timezone.now()
        self.issued_at = timezone.now()

    @case_transition(
        field=stage,
        source=Stage.ISSUED,
        target=Stage.CANCELLED,
        permission=ip.is_applicant_or_reviewer,
        conditions=[lambda c: c.state == S.APPROVED],
        label=_("注销邀请函"),
        timeline_label=_("邀请函已注销"),
        comment_required=True,
        missing_comment=_("请填写注销原因（例如来访取消）。"),
        notify=["applicant", "division"],
    )
    def cancel_letter(self, *, by=None, comment="", **kwargs):
        self.cancel_reason = comment
        self.close_out_due = timezone.localdate() + datetime.timedelta(days=int(_close_out_days()))

    @case_transition(
        source=S.APPROVED,
        target=S.CLOSED,
        permission=p.can_apply,
        conditions=[lambda c: c.stage in (Stage.ISSUED, Stage.CANCELLED)],
        label=_("销档"),
        timeline_label=_("已销档"),
        validate=["apps.invitations.services.check_close_out"],
        follow_up=["apps.invitations.services.record_outcomes", then("_mark_closed_out", if_possible=True)],
        notify=["division"],
    )
    def close_out(self, *, by=None, **kwargs):
        self.closed_at = timezone.now()
        self.closed_out_at = timezone.now()


def _close_out_days():
    from .conf import CLOSE_OUT_DAYS

    return CLOSE_OUT_DAYS.value


class Invitee(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("待销档")
        CAME = "came", _("已来华")
        NOT_CAME = "not_came", _("未来华")

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("邀请申请"), on_delete=models.CASCADE, related_name="invitees"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    foreigner = models.ForeignKey(
        Foreigner,
        verbose_name=_("外国人名录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    name = models.CharField(_("护照姓名"), max_length=120)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("出生日期"))
    nationality = models.ForeignKey(
        "reference.Country", verbose_name=_("国籍"), on_delete=models.PROTECT, related_name="+"
    )
    passport_number = EncryptedCharField(_("护照号码"), max_length=20)
    passport_hash = models.CharField(max_length=64, db_index=True, editable=False)
    passport_expiry = models.DateField(_("护照有效期至"))
    occupation = models.CharField(_("职业/职务"), max_length=120, blank=True)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    first_time = models.BooleanField(_("首次受邀"), default=True, editable=False)
    outcome = models.CharField(_("销档情况"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    actual_entry = models.DateField(_("实际入境日期"), null=True, blank=True)
    actual_exit = models.DateField(_("实际离境日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("被邀请人")
        verbose_name_plural = _("被邀请人")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.passport_number = "".join((self.passport_number or "").split()).upper()
        self.passport_hash = lookup_hash(self.passport_number)
        super().save(*args, **kwargs)

    @property
    def passport_masked(self) -> str:
        return mask_identifier(self.passport_number, keep_start=2, keep_end=2)

    @property
    def name_masked(self) -> str:
        return mask_name(self.name)


def mask_name(name: str) -> str:
    """ "JOHN SMITH" → "J*** S****": each word's first letter, the rest hidden (the public page)."""
    words = (name or "").split()
    return " ".join(w[0] + "*" * (len(w) - 1) for w in words) or "—"
