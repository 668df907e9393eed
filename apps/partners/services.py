"""Every write of the partner register, the two case types' hooks, plans and country facts.

Edits of a partner, a plan or a country are allowed to ``partners.manage`` in the user's own region
(``partners.change_region``: the division of the continent). Case transitions go through the casework
engine (``apps.casework.services.transition``); the hooks below are named by the models' declarations.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.services import record
from apps.casework import services as cw
from apps.casework.models import CaseType, TimelineEntry
from apps.core.errors import ConflictError, ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import selectors
from .actions import PartnersAction
from .models import (
    BaseTwinning,
    Category,
    CountryNote,
    CountryProfile,
    ExchangePlan,
    ExternalApproval,
    ExternalStep,
    Partner,
    PartnerActivity,
    PartnershipCase,
    PlanItem,
    TwinningCase,
)
from .models import EstablishStage as ES

PARTNER_FIELDS = (
    "name_zh",
    "name_local",
    "name_en",
    "country",
    "category",
    "established_on",
    "established_note",
    "status",
    "counterpart_office",
    "contacts",
    "source",
    "source_url",
    "latitude",
    "longitude",
    "city_names",
    "notes",
)
ESTABLISH_FIELDS = (
    "partner_name_zh",
    "partner_name_local",
    "country",
    "category",
    "existing_partner",
    "intent_signed_on",
    "exchanges_summary",
    "reasons",
)
TWINNING_FIELDS = (
    "partner",
    "institution_kind",
    "local_institution",
    "foreign_institution",
    "line_authority",
    "line_authority_number",
    "line_authority_date",
    "plan",
)
ESTABLISH_TYPE = "partnership"
TWINNING_TYPE = "base_twinning"


def _check_version(obj, version) -> None:
    if version in (None, ""):
        return
    try:
        posted = int(version)
    except (TypeError, ValueError):
        raise ServiceError(_("版本号无效，请刷新后重试。")) from None
    if posted != obj.version:
        raise ConflictError(_("该记录已被他人修改，请刷新后重试。"))


def _may_edit(by, obj, message=None) -> None:
    require(
        by,
        "partners.manage",
        check=lambda: by.has_perm("partners.change_region", obj),
        message=message or _("只有主管处室可以修改本地区的记录。"),
    )


# --- the register ---------------------------------------------------------------------------------------
class _Owner:
    """An object carrying the division a new record would belong to (for the region rule)."""

    def __init__(self, division):
        self.owner_division_id = division.pk if division else None


def _clean_partner(data: dict) -> dict:
    data = dict(data)
    if not (data.get("name_zh") or "").strip():
        raise ServiceError(_("请填写友好城市的中文名称。"))
    if data.get("country") is None:
        raise ServiceError(_("请选择国家（地区）。"))
    on = data.get("established_on")
    if on and on > timezone.localdate():
        raise ServiceError(_("结好日期不能晚于今天。"))
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lon is None):
        raise ServiceError(_("经纬度须同时填写或同时留空。"))
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ServiceError(_("经纬度超出范围（纬度 −90～90，经度 −180～180）。"))
    return data


def partner_create(*, by, data: dict) -> Partner:
    data = _clean_partner(data)
    division = selectors.division_for_country(data["country"])
    if division is None:
        raise ServiceError(_("没有适用的分办规则，无法确定该国家（地区）的主管处室。"))
    _may_edit(by, _Owner(division))
    with transaction.atomic():
        partner = Partner.objects.create(
            division=division, **{k: data.get(k) for k in PARTNER_FIELDS if k in data}
        )
        record(
            action=PartnersAction.PARTNER_CREATE,
            target=partner,
            actor=by,
            changes={"name_zh": [None, partner.name_zh], "country": [None, str(partner.country)]},
        )
    return partner


def partner_update(*, partner: Partner, by, data: dict, version=None) -> Partner:
    _may_edit(by, partner)
    data = _clean_partner({**{k: getattr(partner, k) for k in PARTNER_FIELDS}, **data})
    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        _check_version(locked, version)
        if data["country"].pk != locked.country_id:
            division = selectors.division_for_country(data["country"])
            if division is None or division.pk != locked.division_id:
                raise ServiceError(_("改到其他处室主管的国家（地区），请由该处室重新登记。"))
        changed = model_update(
            instance=locked,
            fields=PARTNER_FIELDS,
            data=data,
            by=by,
            action=PartnersAction.PARTNER_UPDATE,
            touch={"version": locked.version + 1},
        )
    return locked if changed else partner


def activity_link(
    *, partner: Partner, by, reference: str, kind: str = "", summary: str = ""
) -> PartnerActivity:
    """Link a case (by its reference number) to the partner's activity log."""
    _may_edit(by, partner)
    from apps.casework.selectors import scoped_cases

    reference = (reference or "").strip()
    if not reference:
        raise ServiceError(_("请填写案件编号。"))
    # a case the user may see, or a trip that departed (what the register shows all its readers)
    case = (
        scoped_cases(by).filter(reference=reference).first()
        or selectors.departed_trips().filter(reference=reference).first()
    )
    if case is None:
        raise ServiceError(_("找不到编号为“%(ref)s”的案件，或您无权查看。") % {"ref": reference})
    case = case.as_concrete()
    if PartnerActivity.objects.filter(partner=partner, case_id=case.pk).exists():
        raise ServiceError(_("该案件已在交往记录中。"))
    kind = kind or PartnerActivity.Kind.VISIT_OUT
    if kind not in PartnerActivity.Kind.values:
        raise ServiceError(_("交往类别无效。"))
    date = (
        getattr(case, "actual_departure_date", None)
        or getattr(case, "departure_date", None)
        or timezone.localtime(case.created_at).date()
    )
    with transaction.atomic():
        activity = PartnerActivity.objects.create(
            partner=partner,
            case=case,
            kind=kind,
            date=date,
            summary=(summary or case.title)[:300],
            created_by=by,
        )
        record(
            action=PartnersAction.ACTIVITY_LINK,
            target=partner,
            actor=by,
            changes={"case": [None, case.reference], "kind": [None, kind]},
        )
    return activity


def activity_note(*, partner: Partner, by, kind: str, date: dt.date, summary: str) -> PartnerActivity:
    """An event of the partner's log that is not a case (e.g. a delegation received, an online meeting)."""
    _may_edit(by, partner)
    if kind not in PartnerActivity.Kind.values:
        raise ServiceError(_("交往类别无效。"))
    if not (summary or "").strip():
        raise ServiceError(_("请填写交往内容。"))
    if date is None or date > timezone.localdate():
        raise ServiceError(_("交往日期不能晚于今天。"))
    with transaction.atomic():
        activity = PartnerActivity.objects.create(
            partner=partner, kind=kind, date=date, summary=summary.strip()[:300], created_by=by
        )
        record(
            action=PartnersAction.ACTIVITY_LINK,
            target=partner,
            actor=by,
            changes={"summary": [None, activity.summary]},
        )
    return activity


# --- the two case types -----------------------------------------------------------------------------
def _case_type(code: str) -> CaseType:
    ct = CaseType.objects.filter(code=code).first()
    if ct is None:
        raise ServiceError(_("案件类型未配置。"))
    return ct


def establishment_create(*, by, unit, data: dict) -> PartnershipCase:
    name = (data.get("partner_name_zh") or "").strip()
    if not name or data.get("country") is None:
        raise ServiceError(_("请填写拟结好城市的中文名称并选择国家（地区）。"))
    title = _("关于与%(country)s%(city)s缔结友好城市关系的申请") % {
        "country": data["country"].name_zh,
        "city": name,
    }
    return cw.case_create(
        model=PartnershipCase,
        case_type=_case_type(ESTABLISH_TYPE),
        by=by,
        applicant_unit=unit,
        title=title[:200],
        **{k: data.get(k) for k in ESTABLISH_FIELDS if k in data},
    )


def twinning_create(*, by, unit, data: dict) -> TwinningCase:
    partner = data.get("partner")
    if partner is None:
        raise ServiceError(_("请选择友好城市。"))
    if not selectors.partners_for_twinning().filter(pk=partner.pk).exists():
        raise ServiceError(_("只能与本市的友好城市或友好交流城市的单位结好。"))
    local = (data.get("local_institution") or "").strip()
    foreign = (data.get("foreign_institution") or "").strip()
    if not local or not foreign:
        raise ServiceError(_("请填写我方单位和外方单位。"))
    title = _("%(local)s与%(partner)s%(foreign)s结好") % {
        "local": local,
        "partner": partner.name_zh,
        "foreign": foreign,
    }
    return cw.case_create(
        model=TwinningCase,
        case_type=_case_type(TWINNING_TYPE),
        by=by,
        applicant_unit=unit,
        title=title[:200],
        **{k: data.get(k) for k in TWINNING_FIELDS if k in data},
    )


def case_update(*, case, by, data: dict, version=None):
    """The applicant edits a draft or a returned case."""
    from apps.casework.selectors import applicant_can_edit

    if not applicant_can_edit(case, by):
        raise ServiceError(_("只有申请单位可以在草稿或退回补正时修改。"))
    fields = ESTABLISH_FIELDS if isinstance(case, PartnershipCase) else TWINNING_FIELDS
    with transaction.atomic():
        _check_version(case, version)
        model_update(
            instance=case,
            fields=fields,
            data={k: v for k, v in data.items() if k in fields},
            by=by,
            action=PartnersAction.CASE_UPDATE,
            touch={"version": case.version + 1},
        )
    return case


def check_establishment(case, **context):
    """Before submission: the letter of intent and the period of exchanges (domain.md §6)."""
    if not case.intent_signed_on:
        raise ServiceError(_("请填写意向书签署日期：缔结友好城市须先签署意向书并经过一段时间的交往。"))
    if case.intent_signed_on > timezone.localdate():
        raise ServiceError(_("意向书签署日期不能晚于今天。"))
    if not (case.exchanges_summary or "").strip():
        raise ServiceError(_("请填写签署意向书以来的交往情况。"))


def check_twinning(case, **context):
    """Before submission: the line authority's opinion (主管部门意见) with its number and date."""
    if not (case.line_authority and case.line_authority_number and case.line_authority_date):
        raise ServiceError(_("请填写主管部门名称及其同意意见的文号和日期。"))
    if case.line_authority_date > timezone.localdate():
        raise ServiceError(_("主管部门意见日期不能晚于今天。"))


NEXT_STEP = {
    ("partnership", ES.OFFICE): (ExternalStep.CITY, _("徐州市人民政府")),
    ("partnership", ES.CITY): (ExternalStep.PROVINCE, _("江苏省人民政府外事办公室")),
    ("partnership", ES.PROVINCE): (ExternalStep.CPAFFC, _("中国人民对外友好协会")),
    ("twinning", "office"): (ExternalStep.TWINNING_APPROVAL, ""),
}


def _kind(case) -> str:
    return "partnership" if isinstance(case, PartnershipCase) else "twinning"


def check_external_document(case, *, number=None, date=None, authority=None, **context):
    """Validate hook of the external steps: the approving body's document number and date."""
    step, default_authority = NEXT_STEP.get((_kind(case), case.stage), (None, ""))
    if step is None:
        raise ServiceError(_("当前环节不需要登记上级批复。"))
    number = (number or "").strip()
    authority = (authority or "").strip() or str(default_authority)
    if not number:
        raise ServiceError(_("请填写批复文件的文号。"))
    if not authority:
        raise ServiceError(_("请填写批准机关（主管部门或省外办）。"))
    if date is None:
        raise ServiceError(_("请填写批复日期。"))
    if date > timezone.localdate():
        raise ServiceError(_("批复日期不能晚于今天。"))
    last = ExternalApproval.objects.filter(case_id=case.pk).order_by("-date").first()
    if last and date < last.date:
        raise ServiceError(
            _("批复日期不能早于上一环节（%(step)s，%(date)s）。")
            % {"step": last.get_step_display(), "date": last.date}
        )
    if case.decided_at and date < timezone.localtime(case.decided_at).date():
        raise ServiceError(_("批复日期不能早于外办领导批准的日期。"))
    return {"number": number[:100], "date": date, "authority": authority[:200], "step": step}


def record_external_document(case, *, by, number, date, authority, step, **context):
    """Follow-up: the document on the case (its own row, the timeline, the audit trail)."""
    approval = ExternalApproval.objects.create(
        case_id=case.pk, step=step, authority=authority, number=number, date=date, recorded_by=by
    )
    cw.timeline_add(
        case=case,
        by=by,
        kind=TimelineEntry.Kind.COMMENT,
        text=f"{approval.get_step_display()}：{authority} {number}（{date.isoformat()}）",
    )
    record(
        action=PartnersAction.EXTERNAL_APPROVAL,
        target=case,
        actor=by,
        changes={"step": [None, step], "number": [None, number], "date": [None, date.isoformat()]},
    )


def establish_partner(case, *, by, number, date, **context):
    """Follow-up of CPAFFC's approval: the partner enters (or is upgraded in) the register."""
    source = _("全国友协批复 %(number)s（%(date)s），案件 %(ref)s") % {
        "number": number,
        "date": date.isoformat(),
        "ref": case.reference,
    }
    partner = case.existing_partner
    if partner is None:
        division = case.division or selectors.division_for_country(case.country)
        partner = Partner.objects.create(
            name_zh=case.partner_name_zh,
            name_local=case.partner_name_local,
            country=case.country,
            category=case.category,
            established_on=date,
            division=division,
            source=source[:300],
        )
        changes = {"name_zh": [None, partner.name_zh], "category": [None, partner.category]}
    else:
        changes = model_update(
            instance=partner,
            fields=("category", "established_on", "source", "status"),
            data={
                "category": case.category,
                "established_on": date,
                "source": source[:300],
                "status": "active",
            },
            by=by,
            action=None,
            touch={"version": partner.version + 1},
        )
    case.partner = partner
    PartnerActivity.objects.create(
        partner=partner,
        case_id=case.pk,
        kind=PartnerActivity.Kind.ESTABLISHED,
        date=date,
        summary=str(_("缔结%(category)s关系") % {"category": Category(case.category).label}),
        created_by=by,
    )
    record(action=PartnersAction.PARTNER_ESTABLISH, target=partner, actor=by, changes=changes)


def register_twinning(case, *, by, number, date, **context):
    """Follow-up of the twinning's approval: the pair enters the register of base-level twinnings."""
    twinning = BaseTwinning.objects.create(
        partner=case.partner,
        kind=case.institution_kind,
        local_institution=case.local_institution,
        foreign_institution=case.foreign_institution,
        approved_on=date,
        approval_number=number,
        case=case,
    )
    PartnerActivity.objects.create(
        partner=case.partner,
        case_id=case.pk,
        kind=PartnerActivity.Kind.AGREEMENT,
        date=date,
        summary=str(twinning)[:300],
        created_by=by,
    )
    record(
        action=PartnersAction.TWINNING_REGISTER,
        target=case,
        actor=by,
        changes={
            "local_institution": [None, twinning.local_institution],
            "foreign_institution": [None, twinning.foreign_institution],
        },
    )


def issue_request_document(case, *, by, **context):
    """Follow-up of the leader's approval: the office's request to the city government (请示), issued as
    a numbered GB/T 9704-2012 document (apps.documents) in the same transaction."""
    from apps.documents.services import issue
    from apps.org.models import Office

    from .conf import REQUEST_PREFIX

    office = Office.objects.first()
    issuer = {
        "zh": office.name if office else "徐州市人民政府外事办公室",
        "en": (office.name_en if office else "") or "Xuzhou Foreign Affairs Office",
    }
    category = Category(case.category)
    city_zh = f"{case.country.name_zh}{case.partner_name_zh}"
    city_en = f"{case.partner_name_local or case.partner_name_zh}, {case.country.name_en}"
    unit_en = case.applicant_unit.name_en or case.applicant_unit.name
    paragraphs = [
        {
            "zh": f"{case.applicant_unit.name}提出与{city_zh}"
            + (f"（{case.partner_name_local}）" if case.partner_name_local else "")
            + f"缔结{category.label}关系。"
            + (f"双方已于{case.intent_signed_on:%Y年%m月%d日}签署意向书。" if case.intent_signed_on else ""),
            "en": f"{unit_en} proposes a partnership with {city_en}."
            + (
                f" A letter of intent was signed on {case.intent_signed_on:%Y-%m-%d}."
                if case.intent_signed_on
                else ""
            ),
        },
        {"zh": f"签署意向书以来的交往情况：{case.exchanges_summary}", "en": case.exchanges_summary},
    ]
    if case.reasons:
        paragraphs.append({"zh": case.reasons, "en": case.reasons})
    paragraphs += [
        {
            "zh": "经审核，我办认为双方已具备结好条件。根据全国友协《友好城市工作管理规定》，"
            "拟经市政府同意后报省外办审核，由全国友协审批。",
            "en": "Having reviewed it, the office considers the conditions met. Under the CPAFFC rules on "
            "sister-city work, with the city government's consent it will be submitted to the provincial "
            "FAO for review and to the CPAFFC for approval.",
        },
        {"zh": "妥否，请批示。", "en": "We request your instructions."},
    ]
    issue(
        kind="partnership_request",
        target=case,
        number_prefix=str(REQUEST_PREFIX.value),
        by=by,
        title=f"关于与{city_zh}缔结{category.label}关系的请示",
        template="partners/documents/request.html",
        context={
            "issuer": issuer,
            "addressee": {"zh": "市人民政府", "en": "Xuzhou Municipal People's Government"},
            "issued_on": timezone.localdate(),
            "title": {
                "zh": f"关于与{city_zh}缔结{category.label}关系的请示",
                "en": f"Request to establish a partnership with {city_en}",
            },
            "paragraphs": paragraphs,
        },
    )


# --- exchange plans ----------------------------------------------------------------------------------
def plan_create(*, by, year: int, is_hk_macao: bool = False, notes: str = "") -> ExchangePlan:
    division = getattr(by, "division", None)
    require(
        by, "partners.manage", check=lambda: division is not None, message=_("只有处室可以编制交流计划。")
    )
    if not (2000 <= int(year) <= timezone.localdate().year + 2):
        raise ServiceError(_("年度无效。"))
    if is_hk_macao and division.code != "americas_asia":
        raise ServiceError(_("港澳交流计划由美洲亚洲处（港澳事务处）编制。"))
    if ExchangePlan.objects.filter(division=division, year=year, is_hk_macao=is_hk_macao).exists():
        raise ServiceError(_("本处室该年度的交流计划已存在。"))
    title = _("%(division)s%(year)s年%(kind)s") % {
        "division": division.name,
        "year": year,
        "kind": _("港澳交流计划") if is_hk_macao else _("对外交流计划"),
    }
    with transaction.atomic():
        plan = ExchangePlan.objects.create(
            division=division, year=year, is_hk_macao=is_hk_macao, title=title, notes=notes, created_by=by
        )
        record(action=PartnersAction.PLAN_CREATE, target=plan, actor=by, changes={"year": [None, year]})
    return plan


def plan_item_add(*, plan: ExchangePlan, by, data: dict) -> PlanItem:
    _may_edit(by, plan, _("只有编制该计划的处室可以修改。"))
    country, partner = data.get("country"), data.get("partner")
    if partner is not None and country is None:
        country = partner.country
    if country is None:
        raise ServiceError(_("请选择国家（地区）。"))
    if partner is not None and partner.country_id != country.pk:
        raise ServiceError(_("所选友好城市不在该国家（地区）。"))
    if data.get("kind") not in PlanItem.Kind.values:
        raise ServiceError(_("请选择项目类别。"))
    month = data.get("month")
    if month is not None and not 1 <= int(month) <= 12:
        raise ServiceError(_("月份应为 1 至 12。"))
    if not (data.get("description") or "").strip():
        raise ServiceError(_("请填写项目内容。"))
    with transaction.atomic():
        item = PlanItem.objects.create(
            plan=plan,
            kind=data["kind"],
            country=country,
            partner=partner,
            month=month,
            description=data["description"].strip()[:300],
        )
        record(
            action=PartnersAction.PLAN_ITEM_ADD,
            target=plan,
            actor=by,
            changes={"description": [None, item.description]},
        )
    return item


def plan_item_update(*, item: PlanItem, by, status: str, reference: str = "", version=None) -> PlanItem:
    """Progress of a plan item: done (optionally with the case that did it), cancelled, planned."""
    _may_edit(by, item.plan, _("只有编制该计划的处室可以修改。"))
    if status not in PlanItem.Status.values:
        raise ServiceError(_("进度无效。"))
    case = None
    reference = (reference or "").strip()
    if reference:
        from apps.casework.selectors import scoped_cases

        case = scoped_cases(by).filter(reference=reference).first()
        if case is None:
            raise ServiceError(_("找不到编号为“%(ref)s”的案件，或您无权查看。") % {"ref": reference})
    with transaction.atomic():
        locked = PlanItem.objects.select_for_update().get(pk=item.pk)
        _check_version(locked, version)
        data = {"status": status}
        if case is not None:
            data["case"] = case
        model_update(
            instance=locked,
            fields=tuple(data),
            data=data,
            by=by,
            action=PartnersAction.PLAN_ITEM_UPDATE,
            touch={"version": locked.version + 1},
        )
    return locked


# --- the country view --------------------------------------------------------------------------------
PROFILE_FIELDS = (
    "diplomatic_relations_on",
    "advisory_level",
    "advisory_date",
    "apec_member",
    "hk_macao_organisations",
)


def profile_save(*, country, by, data: dict, version=None) -> CountryProfile:
    _may_edit(
        by,
        _Owner(selectors.division_for_country(country)),
        _("只有主管该国家（地区）的处室可以修改国别情况。"),
    )
    if data.get("advisory_level") and not data.get("advisory_date"):
        raise ServiceError(_("请填写旅行提醒的发布日期。"))
    if data.get("hk_macao_organisations") and country.kind != "sar":
        raise ServiceError(_("驻港澳机构和企业只在香港、澳门的页面登记。"))
    with transaction.atomic():
        profile, _created = CountryProfile.objects.select_for_update().get_or_create(country=country)
        _check_version(profile, version)
        model_update(
            instance=profile,
            fields=PROFILE_FIELDS,
            data={k: data.get(k) for k in PROFILE_FIELDS if k in data},
            by=by,
            action=PartnersAction.PROFILE_UPDATE,
            touch={"version": profile.version + 1},
            record_unchanged=_created,
        )
    return profile


def note_save(*, country, by, title: str, body: str, key: str = "") -> CountryNote:
    """A new note, or a new version of note ``key`` (earlier versions stay)."""
    division = selectors.division_for_country(country)
    _may_edit(by, _Owner(division), _("只有主管该国家（地区）的处室可以撰写国别研究材料。"))
    if not (title or "").strip() or not (body or "").strip():
        raise ServiceError(_("请填写标题和内容。"))
    with transaction.atomic():
        version = 1
        if key:
            last = (
                CountryNote.objects.select_for_update()
                .filter(country=country, key=key)
                .order_by("-version")
                .first()
            )
            if last is None:
                raise ServiceError(_("找不到该材料。"))
            version = last.version + 1
        else:
            key = secrets.token_hex(8)
        note = CountryNote.objects.create(
            country=country,
            key=key,
            version=version,
            title=title.strip()[:200],
            body=body.strip(),
            division=division,
            written_by=by,
        )
        record(
            action=PartnersAction.NOTE_SAVE,
            target=note,
            actor=by,
            changes={"title": [None, note.title], "version": [None, version]},
        )
    return note


# --- shipped data ---------------------------------------------------------------------------------------
def shipped_partners_load() -> list[Partner]:
    """Xuzhou's real partners (``apps.partners.data``) with their sources; idempotent (by Chinese name and
    country). A partner whose country no routing rule assigns to a division is skipped."""
    from decimal import Decimal

    from apps.reference.models import Country

    from .data import XUZHOU_PARTNERS

    out = []
    with transaction.atomic():
        for name_zh, local, name_en, iso2, category, on, note, source, url, lat, lon in XUZHOU_PARTNERS:
            country = Country.objects.filter(iso2=iso2).first()
            if country is None:
                continue
            existing = Partner.objects.filter(name_zh=name_zh, country=country).first()
            if existing is not None:
                out.append(existing)
                continue
            division = selectors.division_for_country(country)
            if division is None:
                continue
            partner = Partner.objects.create(
                name_zh=name_zh,
                name_local=local,
                name_en=name_en,
                country=country,
                category=category,
                established_on=on,
                established_note=note,
                division=division,
                source=source,
                source_url=url,
                latitude=Decimal(str(lat)),
                longitude=Decimal(str(lon)),
            )
            record(
                action=PartnersAction.PARTNER_CREATE,
                target=partner,
                actor=None,
                changes={"name_zh": [None, name_zh], "source": [None, source]},
            )
            out.append(partner)
    return out


# --- reminders ------------------------------------------------------------------------------------------
ANNIVERSARY_KINDS = {"anniversary": gettext_lazy("结好周年")}


def anniversary_reminders_due(today: dt.date):
    """The round anniversaries due within the notice window (``apps.partners.conf``), each told once to
    the owning division's staff with ``partners.manage`` (the provider registered with
    ``apps.casework.reminders``)."""
    from apps.accounts.selectors import users_with_perm
    from apps.casework.reminders import Reminder

    for row in selectors.anniversaries(
        list(Partner.objects.active().select_related("division")), today=today
    ):
        partner = row["partner"]
        yield Reminder(
            target=partner,
            kind="anniversary",
            due=row["date"],
            recipients=list(users_with_perm("partners.manage", division=partner.division)),
            message=_("%(name)s：%(date)s 结好 %(years)s 周年（%(division)s）")
            % {
                "name": partner.name_zh,
                "date": row["date"].isoformat(),
                "years": row["years"],
                "division": partner.division.name,
            },
            verb="partners.anniversary",
        )


def anniversary_reminders_send(*, today: dt.date | None = None) -> int:
    """This app's part of ``apps.casework.reminders``: returns how many notifications were sent."""
    from apps.casework.reminders import send_due

    sent = send_due(today, only=["partners"])["partners"]
    return sum(len({u for u in r.recipients if u.is_active}) for r in sent)
