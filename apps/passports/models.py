"""Passports and permits held in central custody (证照集中保管), with their check-out/check-in log.

Kinds: 外交护照, 公务护照, 公务普通护照, 往来港澳通行证 (with 签注), APEC 商务旅行卡. Numbers are personal
data: encrypted at rest with a keyed hash beside them for exact-match lookup. A passport is never
deleted: it ends as cancelled, lost or expired.

The stored ``status`` is refreshed by :func:`apps.passports.services.refresh_statuses` (periodic) and
recomputed on read by :meth:`Passport.effective_status` so a page is right even between refreshes.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from apps.core.crypto import EncryptedBlankCharField, lookup_hash, mask_identifier
from apps.core.models import TrackedModel


class Kind(models.TextChoices):
    DIPLOMATIC = "diplomatic", _("外交护照")
    OFFICIAL = "official", _("公务护照")
    PUBLIC_AFFAIRS_ORDINARY = "public_affairs_ordinary", _("公务普通护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("往来港澳通行证")
    APEC_CARD = "apec_card", _("APEC商务旅行卡")


# 因公护照: one person may not hold two valid ones (护照法).
OFFICIAL_PASSPORT_KINDS = (Kind.DIPLOMATIC, Kind.OFFICIAL, Kind.PUBLIC_AFFAIRS_ORDINARY)
# Kinds with a TD3 machine-readable zone that we validate.
MRZ_KINDS = OFFICIAL_PASSPORT_KINDS


class Status(models.TextChoices):
    IN_CUSTODY = "in_custody", _("在库保管")
    OUT = "out", _("已借出")
    OVERDUE = "overdue", _("逾期未还")
    EXPIRED = "expired", _("已过期")
    CANCELLED = "cancelled", _("已注销")
    LOST = "lost", _("已挂失")


FINAL_STATUSES = (Status.CANCELLED, Status.LOST)
OUT_STATUSES = (Status.OUT, Status.OVERDUE)


def effective_status_of(
    status: str,
    due_back: datetime.date | None,
    expiry_date: datetime.date,
    today: datetime.date | None = None,
) -> str:
    """``Passport.effective_status`` from the row's values (for exports reading plain values)."""
    today = today or timezone.localdate()
    if status in FINAL_STATUSES:
        return status
    if status in OUT_STATUSES:
        return Status.OVERDUE if due_back and due_back < today else Status.OUT
    if expiry_date < today:
        return Status.EXPIRED
    return Status.IN_CUSTODY


class Passport(TrackedModel):
    AUDIT_SENSITIVE_FIELDS = ("number", "mrz_line1", "mrz_line2")  # the MRZ holds the number too

    holder = models.ForeignKey(
        "people.Person", verbose_name=_("持照人"), on_delete=models.PROTECT, related_name="passports"
    )
    kind = models.CharField(_("证照类型"), max_length=30, choices=Kind.choices)
    number = EncryptedCharField(_("证照号码"), max_length=20)
    number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    issue_date = models.DateField(_("签发日期"))
    expiry_date = models.DateField(_("有效期至"))
    issuing_authority = models.CharField(_("签发机关"), max_length=100)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_CUSTODY)
    # The MRZ repeats the number, the date of birth, the sex and the expiry: encrypted like the number.
    mrz_line1 = EncryptedBlankCharField(_("机读码第一行"), max_length=44, null=True, blank=True)
    mrz_line2 = EncryptedBlankCharField(_("机读码第二行"), max_length=44, null=True, blank=True)
    current_checkout = models.ForeignKey(
        "CustodyEvent",
        verbose_name=_("当前借出记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A copy of ``current_checkout.due_back`` (kept by ``save``): the out and overdue lists filter and
    # sort on it through ``passports_out_due_idx`` without joining the check-outs.
    due_back = models.DateField(_("应交回日期"), null=True, blank=True, editable=False)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("换发前证照"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("证照")
        verbose_name_plural = _("证照")
        ordering = ["expiry_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number_hash"], name="passports_passport_unique_number"),
        ]
        # The register's status filter and the out/overdue lists (status IN out, overdue; expired and
        # in custody also compare expiry_date); the expiring list (expiry range, sorted by expiry).
        # kind: the unique constraint above leads with it; number: number_hash.
        indexes = [
            models.Index(fields=["status", "expiry_date"], name="passports_status_expiry_idx"),
            models.Index(fields=["expiry_date", "id"], name="passports_expiry_idx"),
            models.Index(
                fields=["due_back", "id"],
                name="passports_out_due_idx",
                condition=models.Q(status__in=("out", "overdue")),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number_masked}"

    def save(self, *args, **kwargs):
        self.number = (self.number or "").replace(" ", "").upper()
        self.number_hash = lookup_hash(self.number)
        self.due_back = self.current_checkout.due_back if self.current_checkout_id else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "number_hash", "due_back"}
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Passports are cancelled, never deleted.")

    @property
    def number_masked(self) -> str:
        return mask_identifier(self.number, keep_start=1, keep_end=2)

    def scope_facts(self):
        return self.holder.unit_id, None, {self.holder.user_id}

    def effective_status(self, today: datetime.date | None = None) -> str:
        """The status as of ``today``: out past its due date → overdue; past expiry → expired."""
        checkout = self.current_checkout if self.status in OUT_STATUSES else None
        due = checkout.due_back if checkout else None
        return effective_status_of(self.status, due, self.expiry_date, today)

    @property
    def effective_status_label(self) -> str:
        return Status(self.effective_status()).label

    def days_overdue(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        checkout = self.current_checkout
        if self.status not in OUT_STATUSES or not checkout or not checkout.due_back:
            return 0
        return max(0, (today - checkout.due_back).days)


class Endorsement(TrackedModel):
    """签注 on a HK/Macao permit."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("访问签注")
        BUSINESS = "business", _("商务签注")
        STAY = "stay", _("逗留签注")
        OTHER = "other", _("其他签注")

    class Entries(models.TextChoices):
        SINGLE = "single", _("一次")
        DOUBLE = "double", _("二次")
        MULTIPLE = "multiple", _("多次")

    class Region(models.TextChoices):
        HK = "hk", _("香港")
        MO = "mo", _("澳门")
        BOTH = "both", _("香港、澳门")

    passport = models.ForeignKey(
        Passport, verbose_name=_("通行证"), on_delete=models.PROTECT, related_name="endorsements"
    )
    kind = models.CharField(_("签注种类"), max_length=20, choices=Kind.choices)
    region = models.CharField(_("前往地区"), max_length=10, choices=Region.choices, default=Region.BOTH)
    entries = models.CharField(_("次数"), max_length=10, choices=Entries.choices)
    valid_until = models.DateField(_("有效期至"))
    max_stay_days = models.PositiveSmallIntegerField(
        _("每次停留天数"), default=30, help_text=_("访问签注每次逗留不超过30天（国务院港澳办 2012）。")
    )

    class Meta:
        verbose_name = _("签注")
        verbose_name_plural = _("签注")
        ordering = ["-valid_until", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_entries_display()} {self.valid_until:%Y-%m-%d}"


class CustodyEvent(models.Model):
    """One line of the custody log: who did what with the passport, when, and for which trip."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("交回入库")
        CHECK_OUT = "check_out", _("借出")
        LOST = "lost", _("挂失")
        CANCELLED = "cancelled", _("注销")
        RENEWED = "renewed", _("换发")
        REGISTERED = "registered", _("登记入库")

    passport = models.ForeignKey(
        Passport, verbose_name=_("证照"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("出访任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="passport_events",
    )
    purpose = models.CharField(_("用途/说明"), max_length=300, blank=True)
    due_back = models.DateField(_("应交回日期"), null=True, blank=True)
    returned_at = models.DateTimeField(_("交回时间"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("保管记录")
        verbose_name_plural = _("保管记录")
        ordering = ["-at", "-id"]
        # a passport's custody log, newest first
        indexes = [models.Index(fields=["passport", "-at", "-id"], name="passports_event_log_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    def delete(self, *args, **kwargs):
        raise PermissionError("The custody log is append-only.")


class PassportApplication(TrackedModel):
    """A passport (or permit) applied for and not issued yet (在办申请): a first-time traveller's
    application satisfies the trip's passport check with a warning until the passport is registered."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申请在办")
        ISSUED = "issued", _("已签发入库")
        WITHDRAWN = "withdrawn", _("已撤回")

    holder = models.ForeignKey(
        "people.Person",
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="passport_applications",
    )
    kind = models.CharField(_("证照类型"), max_length=30, choices=Kind.choices)
    applied_on = models.DateField(_("申请日期"))
    expected_issue = models.DateField(_("预计签发日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    passport = models.ForeignKey(
        Passport,
        verbose_name=_("签发的证照"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("证照申请")
        verbose_name_plural = _("证照申请")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["holder", "status"], name="passports_application_open_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.applied_on:%Y-%m-%d}"

    def scope_facts(self):
        return self.holder.unit_id, None, {self.holder.user_id}

    def delete(self, *args, **kwargs):
        raise PermissionError("Applications are withdrawn, never deleted.")
