"""Sister cities (友好城市), base-level twinning, annual exchange plans and the country view (国别情况).

* :class:`Partner` — the register of the city's partner cities and regions (domain.md §6), each owned by
  the division of its continent (the routing rules, domain.md §1); shipped with Xuzhou's real partners
  and their sources (data migration ``0002``), unknown dates left unknown.
* :class:`PartnershipCase` — establishing a partnership as a case: the office's review and leader's
  approval (the engine's), then the external chain recorded step by step with document number and date:
  city government → provincial FAO → CPAFFC (全国友协); CPAFFC's approval enters the partner register.
* :class:`TwinningCase` — base-level twinning (a school or hospital with one in a partner city): the line
  authority's opinion with the application, the division's review, the leader's approval, then the
  approving authority's document; the approved pair enters :class:`BaseTwinning`, which counts toward
  the configurable target (``apps.partners.conf``).
* :class:`PartnerActivity` — a partner's activity log: links to real cases (trips …) by reference, never
  copies.
* :class:`ExchangePlan` / :class:`PlanItem` — each division's annual exchange plan (对外交流计划).
* :class:`CountryProfile` / :class:`CountryNote` — the facts the office keeps per country and the
  division's versioned research notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from apps.casework import permissions as p
from apps.casework.models import Case
from apps.casework.models import CaseState as S
from apps.casework.workflow import case_transition, extend_transition
from apps.core.models import ArchivableModel, TimeStampedModel


class Category(models.TextChoices):
    FRIENDSHIP = "friendship", _("友好城市")
    EXCHANGE = "exchange", _("友好交流城市")
    INTENT = "intent", _("意向书·备忘录")
    UNKNOWN = "unknown", _("类别未核实")


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", _("交往活跃")
    DORMANT = "dormant", _("交往较少")
    ENDED = "ended", _("已终止")


class Partner(ArchivableModel, TimeStampedModel):
    """One partner city or region of the city (友好城市 / 友好交流城市 / 意向书)."""

    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_local = models.CharField(_("当地语言名称"), max_length=200, blank=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    established_on = models.DateField(_("结好日期"), null=True, blank=True)
    established_note = models.CharField(
        _("结好时间说明"),
        max_length=200,
        blank=True,
        help_text=_("只知道年份或月份时写在这里（如“1994年”），不知道时留空：未知日期不臆造。"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE
    )
    division = models.ForeignKey(
        "org.Division", verbose_name=_("主管处室"), on_delete=models.PROTECT, related_name="+"
    )
    counterpart_office = models.CharField(_("对口部门"), max_length=200, blank=True)
    contacts = models.TextField(_("联系人及联系方式"), blank=True)
    source = models.CharField(_("信息来源"), max_length=300, blank=True)
    source_url = models.CharField(_("来源网址"), max_length=300, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=8, decimal_places=4, null=True, blank=True)
    city_names = models.CharField(
        _("出访城市匹配名"),
        max_length=300,
        blank=True,
        help_text=_("出访行程中可能出现的城市名写法，用“、”分隔；行程城市与之相同的出访自动列入交往记录。"),
    )
    notes = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("友好城市")
        verbose_name_plural = _("友好城市")
        ordering = ["country__sort_key", "name_zh"]

    def __str__(self):
        return self.name_zh

    @property
    def since_label(self) -> str:
        if self.established_on:
            return self.established_on.isoformat()
        return self.established_note or str(_("不详"))

    def match_names(self) -> list[str]:
        names = {self.name_zh, self.name_local, self.name_en}
        names.update(n.strip() for n in self.city_names.replace(",", "、").split("、"))
        return sorted(n for n in names if n)


class PartnerActivity(models.Model):
    """One entry of a partner's activity log: a link to a case (by reference) or a noted event."""

    class Kind(models.TextChoices):
        VISIT_OUT = "visit_out", _("出访")
        VISIT_IN = "visit_in", _("来访")
        EVENT = "event", _("活动")
        AGREEMENT = "agreement", _("签署协议")
        ESTABLISHED = "established", _("缔结关系")
        OTHER = "other", _("其他")

    partner = models.ForeignKey(
        Partner, verbose_name=_("友好城市"), on_delete=models.PROTECT, related_name="activities"
    )
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    summary = models.CharField(_("内容"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("友好城市交往记录")
        verbose_name_plural = _("友好城市交往记录")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "case"],
                condition=models.Q(case__isnull=False),
                name="partners_activity_once",
            )
        ]

    def __str__(self):
        return f"{self.partner} {self.date} {self.summary}"


class InstitutionKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    OTHER = "other", _("其他基层单位")


class BaseTwinning(TimeStampedModel):
    """An approved base-level twinning (基层单位结好): a school/hospital with one in a partner city."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("友好城市"), on_delete=models.PROTECT, related_name="twinnings"
    )
    kind = models.CharField(_("单位类别"), max_length=20, choices=InstitutionKind.choices)
    local_institution = models.CharField(_("我方单位"), max_length=200)
    foreign_institution = models.CharField(_("外方单位"), max_length=200)
    approved_on = models.DateField(_("批准日期"))
    approval_number = models.CharField(_("批准文号"), max_length=100)
    case = models.OneToOneField(
        "partners.TwinningCase",
        verbose_name=_("审批案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="twinning",
    )

    class Meta:
        verbose_name = _("基层结好")
        verbose_name_plural = _("基层结好")
        ordering = ["-approved_on", "-id"]

    def __str__(self):
        return f"{self.local_institution} — {self.foreign_institution}"


class ExternalStep(models.TextChoices):
    CITY = "city", _("市政府批复")
    PROVINCE = "province", _("省外办审核意见")
    CPAFFC = "cpaffc", _("全国友协批复")
    LINE_AUTHORITY = "line_authority", _("主管部门意见")
    TWINNING_APPROVAL = "twinning_approval", _("结好批准文件")


class ExternalApproval(models.Model):
    """A document of an external body recorded on a case: who, which document number, which date."""

    case = models.ForeignKey(
        "casework.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("环节"), max_length=30, choices=ExternalStep.choices)
    authority = models.CharField(_("批复机关"), max_length=200)
    number = models.CharField(_("文号"), max_length=100)
    date = models.DateField(_("日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("上级批复")
        verbose_name_plural = _("上级批复")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.get_step_display()} {self.number}"


# --- establishing a partnership ---------------------------------------------------------------------
class EstablishStage(models.TextChoices):
    OFFICE = "office", _("外办审核")
    CITY = "city", _("已获市政府同意")
    PROVINCE = "province", _("已获省外办审核同意")
    ESTABLISHED = "established", _("全国友协已批准")


ES = EstablishStage


def _approved(case) -> bool:
    return case.state == S.APPROVED


class PartnershipCase(Case):
    """缔结友好城市: the application, the office's review and approval, then the external approvals."""

    partner_name_zh = models.CharField(_("拟结好城市（中文）"), max_length=100)
    partner_name_local = models.CharField(_("当地语言名称"), max_length=200, blank=True)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(
        _("拟结好类别"),
        max_length=20,
        choices=[
            (Category.FRIENDSHIP, Category.FRIENDSHIP.label),
            (Category.EXCHANGE, Category.EXCHANGE.label),
        ],
        default=Category.FRIENDSHIP,
    )
    existing_partner = models.ForeignKey(
        Partner,
        verbose_name=_("已有交往关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("已签意向书或已是友好交流城市时选择；批准后在原记录上升级。"),
    )
    intent_signed_on = models.DateField(_("意向书签署日期"), null=True, blank=True)
    exchanges_summary = models.TextField(_("前期交往情况"), blank=True)
    reasons = models.TextField(_("结好理由"), blank=True)
    stage = FSMField(
        _("报批进度"), max_length=20, choices=EstablishStage.choices, default=ES.OFFICE, protected=True
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("登记的友好城市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishing_cases",
    )

    class Meta:
        verbose_name = _("缔结友好城市")
        verbose_name_plural = _("缔结友好城市")

    def routing_facts(self) -> dict:
        facts = super().routing_facts()
        if self.country_id:
            facts["continents"].add(self.country.continent)
            facts["country_kinds"].add(self.country.kind)
        return facts

    submit = extend_transition(Case.submit, validate=["apps.partners.services.check_establishment"])
    # the leader's approval issues the office's request to the city government (a numbered document)
    approve = extend_transition(Case.approve, follow_up=["apps.partners.services.issue_request_document"])

    @case_transition(
        field=stage,
        source=ES.OFFICE,
        target=ES.CITY,
        permission=p.can_close,
        conditions=[_approved],
        label=_("登记市政府批复"),
        timeline_label=_("市政府同意"),
        validate=["apps.partners.services.check_external_document"],
        follow_up=["apps.partners.services.record_external_document"],
        notify=["applicant", "division"],
    )
    def record_city_approval(self, *, by=None, **kwargs):
        pass

    @case_transition(
        field=stage,
        source=ES.CITY,
        target=ES.PROVINCE,
        permission=p.can_close,
        conditions=[_approved],
        label=_("登记省外办审核意见"),
        timeline_label=_("省外办审核同意"),
        validate=["apps.partners.services.check_external_document"],
        follow_up=["apps.partners.services.record_external_document"],
        notify=["applicant", "division"],
    )
    def record_province_review(self, *, by=None, **kwargs):
        pass

    @case_transition(
        field=stage,
        source=ES.PROVINCE,
        target=ES.ESTABLISHED,
        permission=p.can_close,
        conditions=[_approved],
        label=_("登记全国友协批复"),
        timeline_label=_("全国友协批准，友好城市关系确立"),
        validate=["apps.partners.services.check_external_document"],
        follow_up=[
            "apps.partners.services.record_external_document",
            "apps.partners.services.establish_partner",
        ],
        notify=["applicant", "division", "leaders"],
    )
    def record_cpaffc_approval(self, *, by=None, **kwargs):
        pass

    close = extend_transition(
        Case.close, conditions=[lambda c: c.state != S.APPROVED or c.stage == ES.ESTABLISHED]
    )


# --- base-level twinning ----------------------------------------------------------------------------
class TwinningStage(models.TextChoices):
    OFFICE = "office", _("外办审核")
    APPROVED = "approved", _("已获批准并登记")


class TwinningCase(Case):
    """基层单位结好: a school, hospital or other base-level unit twinning with one in a partner city."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("友好城市"), on_delete=models.PROTECT, related_name="twinning_cases"
    )
    institution_kind = models.CharField(_("单位类别"), max_length=20, choices=InstitutionKind.choices)
    local_institution = models.CharField(_("我方单位"), max_length=200)
    foreign_institution = models.CharField(_("外方单位"), max_length=200)
    line_authority = models.CharField(_("主管部门"), max_length=200, blank=True)
    line_authority_number = models.CharField(_("主管部门意见文号"), max_length=100, blank=True)
    line_authority_date = models.DateField(_("主管部门意见日期"), null=True, blank=True)
    plan = models.TextField(_("交流合作计划"), blank=True)
    stage = FSMField(
        _("报批进度"),
        max_length=20,
        choices=TwinningStage.choices,
        default=TwinningStage.OFFICE,
        protected=True,
    )

    class Meta:
        verbose_name = _("基层单位结好")
        verbose_name_plural = _("基层单位结好")

    def routing_facts(self) -> dict:
        facts = super().routing_facts()
        if self.partner_id:
            facts["continents"].add(self.partner.country.continent)
            facts["country_kinds"].add(self.partner.country.kind)
        return facts

    submit = extend_transition(Case.submit, validate=["apps.partners.services.check_twinning"])

    @case_transition(
        field=stage,
        source=TwinningStage.OFFICE,
        target=TwinningStage.APPROVED,
        permission=p.can_close,
        conditions=[_approved],
        label=_("登记结好批准文件"),
        timeline_label=_("结好已获批准"),
        validate=["apps.partners.services.check_external_document"],
        follow_up=[
            "apps.partners.services.record_external_document",
            "apps.partners.services.register_twinning",
        ],
        notify=["applicant", "division"],
    )
    def record_twinning_approval(self, *, by=None, **kwargs):
        pass

    close = extend_transition(
        Case.close, conditions=[lambda c: c.state != S.APPROVED or c.stage == TwinningStage.APPROVED]
    )


# --- exchange plans -----------------------------------------------------------------------------------
class ExchangePlan(TimeStampedModel):
    """对外交流计划: one division's plan of exchanges for one year."""

    division = models.ForeignKey(
        "org.Division", verbose_name=_("处室"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    is_hk_macao = models.BooleanField(_("港澳交流计划"), default=False)
    notes = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编制人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("年度交流计划")
        verbose_name_plural = _("年度交流计划")
        ordering = ["-year", "division__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["division", "year", "is_hk_macao"], name="partners_plan_unique")
        ]

    def __str__(self):
        return self.title


class PlanItem(TimeStampedModel):
    class Kind(models.TextChoices):
        VISIT_OUT = "visit_out", _("出访")
        VISIT_IN = "visit_in", _("来访")
        EVENT = "event", _("活动")
        RENEWAL = "renewal", _("协议续签")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    plan = models.ForeignKey(
        ExchangePlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="items"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("友好城市"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)
    description = models.CharField(_("内容"), max_length=300)
    status = models.CharField(_("进度"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("交流计划项目")
        verbose_name_plural = _("交流计划项目")
        ordering = ["month", "id"]

    def __str__(self):
        return self.description


# --- the country view -----------------------------------------------------------------------------------
class CountryProfile(TimeStampedModel):
    """What the office keeps about a country beyond its names (entered by the owning division)."""

    class Advisory(models.TextChoices):
        NONE = "", _("未录入")
        NOTE = "note", _("注意安全")
        CAUTION = "caution", _("谨慎前往")
        AVOID = "avoid", _("暂勿前往")

    country = models.OneToOneField(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    diplomatic_relations_on = models.DateField(_("建交日期"), null=True, blank=True)
    advisory_level = models.CharField(
        _("外交部旅行提醒"), max_length=20, choices=Advisory.choices, blank=True, default=""
    )
    advisory_date = models.DateField(_("提醒发布日期"), null=True, blank=True)
    apec_member = models.BooleanField(_("APEC 成员"), default=False)
    hk_macao_organisations = models.TextField(
        _("我市驻港澳机构和企业"), blank=True, help_text=_("仅香港、澳门：每行一个机构或企业。")
    )
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("国别情况")
        verbose_name_plural = _("国别情况")

    def __str__(self):
        return str(self.country)


class CountryNote(models.Model):
    """A research note or briefing on a country; each save is a new version (never overwritten)."""

    country = models.ForeignKey(
        "reference.Country", verbose_name=_("国家（地区）"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("材料编号"), max_length=40, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    division = models.ForeignKey(
        "org.Division", verbose_name=_("处室"), on_delete=models.PROTECT, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰写人"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("国别研究材料")
        verbose_name_plural = _("国别研究材料")
        ordering = ["-written_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="partners_note_version")]

    def __str__(self):
        return f"{self.title} v{self.version}"
