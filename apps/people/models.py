"""The person registry (人员信息库): the officials and staff who may travel on official business.

Trips choose their members from here. ID numbers are personal data: stored encrypted
(django-fernet-encrypted-fields) with a keyed hash beside them for exact-match lookup
(:func:`apps.core.crypto.lookup_hash`); showing one is audited (``record_sensitive_view``).
People are archived, never deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from apps.core.crypto import lookup_hash, mask_identifier
from apps.core.models import ArchivableModel, TrackedModel
from apps.core.text import pinyin_key

RANK_DICT = "official_rank"  # apps.reference dictionary of 职级 codes


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Person(TrackedModel, ArchivableModel):
    full_name = models.CharField(_("姓名"), max_length=50)
    passport_name = models.CharField(
        _("护照姓名（拼音）"),
        max_length=100,
        blank=True,
        help_text=_("按护照书写的拼音姓名，姓在前，例如 ZHANG WEI；默认由姓名生成，可修改。"),
    )
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("出生日期"))
    place_of_birth = models.CharField(_("出生地"), max_length=50, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("工作单位"), on_delete=models.PROTECT, related_name="people"
    )
    title = models.CharField(_("职务"), max_length=100, blank=True)
    rank = models.CharField(
        _("级别"), max_length=60, blank=True, help_text=_("字典“official_rank”中的职级编码。")
    )
    id_number = EncryptedCharField(_("身份证号码"), max_length=18, null=True, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("本人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_records",
    )
    is_leader_of_unit = models.BooleanField(
        _("单位领导班子成员"),
        default=False,
        help_text=_("同一单位的领导班子成员原则上不同团出访（教外厅〔2015〕1号）。"),
    )
    notes = models.TextField(_("备注"), blank=True)
    # Sort key in pinyin order, and "zhangwei zw" (full pinyin + initials) for search.
    pinyin = models.CharField(_("拼音排序键"), max_length=300, blank=True, db_index=True, editable=False)
    name_search = models.CharField(max_length=300, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["pinyin", "id"]
        # The registry sorted by pinyin: within a unit (unit filter, a clerk's scope) and the archived
        # list; rank: the trip list's "成员职级" filter. Name search (icontains on full_name,
        # name_search, passport_name) uses trigram indexes created on PostgreSQL by migration 0003.
        indexes = [
            models.Index(fields=["unit", "pinyin", "id"], name="people_unit_pinyin_idx"),
            models.Index(
                fields=["pinyin", "id"],
                condition=Q(archived_at__isnull=False),
                name="people_archived_pinyin_idx",
            ),
            models.Index(fields=["rank"], name="people_rank_idx"),
        ]
        # One current record per ID number and unit: a unit that registers someone already held by a unit
        # it cannot see gets its own record (no existence oracle; the office resolves the duplicate, see
        # apps.people.services._check_id_number).
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "id_number_hash"],
                condition=Q(archived_at__isnull=True) & ~Q(id_number_hash=""),
                name="people_person_unique_active_id_number_unit",
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        from apps.accounts.models import name_pinyin

        self.pinyin = pinyin_key(self.full_name)
        self.name_search = name_pinyin(self.full_name)
        self.id_number = (self.id_number or "").strip().upper() or None
        self.id_number_hash = lookup_hash(self.id_number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "pinyin", "name_search", "id_number_hash"}
        super().save(*args, **kwargs)

    @property
    def id_number_masked(self) -> str:
        return mask_identifier(self.id_number, keep_start=3, keep_end=2)

    def scope_facts(self):
        """(unit, division, people) for :func:`apps.accounts.permissions.in_scope`."""
        return self.unit_id, None, {self.user_id}

    def rank_label(self) -> str:
        from .selectors import rank_label

        return rank_label(self.rank)
