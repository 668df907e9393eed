"""The one mapping of a trip and its children (members, itinerary, schedule, budget).

* :class:`TripInput` is what is written: the application form produces it (``forms.Bundle.trip_input``),
  the API accepts it (``POST/PUT /api/trips/``) and the services consume it (``services.trip_create`` /
  ``trip_update``). It names things by id (people, passports) and by code (countries: ISO 3166-1
  alpha-2, categories, dictionary codes).
* :func:`resolve` turns it into model objects for the services and the live check, with the same checks
  whoever sent it (every message translated): the people the user may pick, each passport belonging to
  its holder (one query for all members), the codes known, the dates in order, the numbers in range.
* :func:`trip_output` is what is read back, in the same shape: the API answers it (``TripOut``) and the
  form's initial data is made from it (``forms.initial_from_trip``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict

from apps.core.errors import ServiceError
from apps.core.ids import IdParam

from . import checks

SMALL = 32767  # PositiveSmallIntegerField
MAX_AMOUNT = Decimal("999999999999.99")  # max_digits=14, decimal_places=2

# The trip's own fields, as TripInput names them (the model's names; inviter_country by its code).
MAIN_FIELDS = (
    "title",
    "task",
    "delegation_type",
    "in_annual_plan",
    "plan_reference",
    "unplanned_justification",
    "inviter_name",
    "inviter_country",
    "inviter_is_counterpart",
    "inviter_description",
    "departure_date",
    "return_date",
    "poor_flight_connections",
    "host_transport",
    "funding_source",
)
TEXT_FIELDS = (
    "title",
    "task",
    "delegation_type",
    "plan_reference",
    "unplanned_justification",
    "inviter_name",
    "inviter_description",
    "funding_source",
)


class _In(Schema):
    # Text is trimmed before its length is checked, as the form's fields do.
    model_config = ConfigDict(str_strip_whitespace=True)


class MemberRow(_In):
    person_id: IdParam
    role: str = Field("member", max_length=20, description="团内身份：head / member / interpreter …")
    passport_id: IdParam | None = Field(None, description="留空则自动选用有效证照")
    passport_name: str = Field("", max_length=100, description="护照姓名（拼音），留空则按姓名生成")


class LegRow(_In):
    country: str = Field(..., max_length=2, description="ISO 3166-1 二位字母代码")
    city: str = Field("", max_length=100)
    arrival: dt.date | None = None
    departure: dt.date | None = None
    transit: bool = False
    airside: bool = False


class ScheduleRow(_In):
    date: dt.date
    plan: str = Field(..., max_length=5000)
    half_day_detail: str = Field("", max_length=5000)


class BudgetRow(_In):
    category: str = Field(..., max_length=30)
    country: str | None = Field(None, max_length=2)
    city: str = Field("", max_length=100)
    currency: str = Field("CNY", max_length=3)
    rate: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    count: int = Field(0, le=SMALL)
    persons: int = Field(1, le=SMALL)
    amount: Decimal = Field(Decimal(0), max_digits=14, decimal_places=2)
    computed: bool = False
    note: str = Field("", max_length=200)


class TripFields(_In):
    title: str = Field(..., max_length=200)
    task: str = Field("", max_length=10000)
    delegation_type: str = Field("", max_length=40)
    in_annual_plan: bool = True
    plan_reference: str = Field("", max_length=100)
    unplanned_justification: str = Field("", max_length=10000)
    inviter_name: str = Field("", max_length=200)
    inviter_country: str | None = Field(None, max_length=2)
    inviter_is_counterpart: bool = False
    inviter_description: str = Field("", max_length=10000)
    departure_date: dt.date | None = None
    return_date: dt.date | None = None
    poor_flight_connections: bool = False
    host_transport: bool = False
    funding_source: str = Field("", max_length=40)


class TripInput(TripFields):
    """A trip with its children, as the form produces it and the API accepts it."""

    members: list[MemberRow] = Field([], max_length=200)
    legs: list[LegRow] = Field([], max_length=100)
    schedule: list[ScheduleRow] = Field([], max_length=400)
    budget: list[BudgetRow] = Field([], max_length=400)
    version: int | None = Field(None, description="编辑时读到的版本号（他人先改则 409）")


@dataclass
class Resolved:
    """A TripInput with model objects: the trip's fields, the check's draft, the schedule."""

    fields: dict
    draft: checks.TripDraft
    schedule: list[tuple[dt.date, str, str]] = field(default_factory=list)


def _dict_codes(type_code: str, current: str | None) -> set[str]:
    from apps.reference.selectors import dict_choices

    return {code for code, _label in dict_choices(type_code, include=current or None)}


def resolve(inp: TripInput, *, user, unit=None, trip=None, any_person: bool = False) -> Resolved:
    """Model objects for ``inp``'s ids and codes; ``ServiceError`` (400, translated) for anything unknown,
    out of the user's scope or inconsistent. The people one may pick are those of the user's scope and,
    when editing, the trip's current members (as the form offers them); ``any_person`` lifts that for
    system callers (demo data) that compose delegations across units."""
    from apps.passports.models import FINAL_STATUSES, Passport
    from apps.reference.models import Country

    from .forms import member_querysets
    from .models import BudgetLine, TripMember

    codes = {leg.country.upper() for leg in inp.legs}
    codes |= {b.country.upper() for b in inp.budget if b.country}
    if inp.inviter_country:
        codes.add(inp.inviter_country.upper())
    countries = {c.iso2: c for c in Country.objects.destinations().filter(iso2__in=codes)} if codes else {}

    def country(code, *, required=True):
        if not code:
            if required:
                raise ServiceError(_("请填写行程的国家（地区）。"), code="country")
            return None
        c = countries.get(str(code).upper())
        if c is None:
            raise ServiceError(
                _("“%(code)s”不是可选的出访国家（地区）。") % {"code": str(code)[:10]}, code="country"
            )
        return c

    # -- members: one query for the people, one for their passports
    if any_person:
        from apps.people.models import Person

        persons_qs = Person.objects.all()
    else:
        persons_qs, _passports = member_querysets(user, trip)
    ids = [m.person_id for m in inp.members]
    people = {p.pk: p for p in persons_qs.filter(pk__in=ids)} if ids else {}
    passport_ids = [m.passport_id for m in inp.members if m.passport_id]
    passports = (
        {
            p.pk: p
            for p in Passport.objects.filter(pk__in=passport_ids, holder_id__in=list(people)).exclude(
                status__in=FINAL_STATUSES
            )
        }
        if passport_ids
        else {}
    )
    members = []
    for m in inp.members:
        person = people.get(m.person_id)
        if person is None:
            raise ServiceError(
                _("人员库中没有编号为 %(id)s 的人员，或您无权查看。") % {"id": m.person_id}, code="person"
            )
        if m.role not in TripMember.Role.values:
            raise ServiceError(
                _("%(name)s 的团内身份“%(role)s”不是可选项。") % {"name": person, "role": m.role[:20]},
                code="role",
            )
        passport = None
        if m.passport_id:
            passport = passports.get(m.passport_id)
            if passport is None or passport.holder_id != person.pk:
                raise ServiceError(
                    _("编号为 %(id)s 的证照不属于 %(name)s，或已挂失、注销。")
                    % {"id": m.passport_id, "name": person},
                    code="passport",
                )
        members.append(
            checks.MemberIn(
                person=person, role=m.role, passport=passport, passport_name=m.passport_name.strip()
            )
        )

    legs = []
    for leg in inp.legs:
        if leg.arrival and leg.departure and leg.departure < leg.arrival:
            raise ServiceError(_("离开日期不能早于抵达日期。"), code="legs")
        legs.append(
            checks.LegIn(
                country=country(leg.country),
                city=leg.city.strip(),
                arrival=leg.arrival,
                departure=leg.departure,
                transit=leg.transit,
                airside=leg.airside,
            )
        )

    budget = []
    for b in inp.budget:
        if b.category not in BudgetLine.Category.values:
            raise ServiceError(
                _("经费类别“%(category)s”不是可选项。") % {"category": b.category[:30]}, code="budget"
            )
        if b.amount < 0 or b.persons < 1 or b.count < 0 or (b.rate is not None and b.rate < 0):
            raise ServiceError(_("经费金额和数量不能为负数，人数至少为 1。"), code="budget")
        budget.append(
            checks.BudgetIn(
                category=b.category,
                amount=b.amount,
                currency=(b.currency or "").strip().upper()[:3] or "CNY",
                country=country(b.country, required=False),
                city=b.city.strip(),
                rate=b.rate,
                count=b.count,
                persons=b.persons,
                computed=b.computed,
                note=b.note.strip()[:200],
            )
        )

    if inp.departure_date and inp.return_date and inp.return_date < inp.departure_date:
        raise ServiceError(_("入境日期不能早于出境日期。"), code="return_date")
    fields = {f: getattr(inp, f) for f in MAIN_FIELDS}
    for f in TEXT_FIELDS:
        fields[f] = (fields[f] or "").strip()
    for f, type_code, label in (
        ("delegation_type", "delegation_type", _("团组类型")),
        ("funding_source", "funding_source", _("经费来源")),
    ):
        value = fields[f]
        if value and value not in _dict_codes(type_code, getattr(trip, f, None)):
            raise ServiceError(
                _("%(field)s“%(value)s”不是可选项。") % {"field": label, "value": value[:40]}, code=f
            )
    fields["inviter_country"] = country(inp.inviter_country, required=False)

    invitation = False
    if trip is not None:
        from apps.casework.models import Attachment

        invitation = Attachment.objects.filter(
            case_id=trip.pk, kind="invitation", archived_at__isnull=True
        ).exists()
    draft = checks.TripDraft(
        unit=unit if unit is not None else getattr(trip, "applicant_unit", None),
        departure=inp.departure_date,
        return_date=inp.return_date,
        legs=legs,
        members=members,
        budget=budget,
        invitation_attached=invitation,
        inviter_is_counterpart=inp.inviter_is_counterpart,
        poor_flight_connections=inp.poor_flight_connections,
        host_transport=inp.host_transport,
        trip_id=getattr(trip, "pk", None),
        delegation_type=inp.delegation_type or "",  # the category and purpose rules (教学科研, 考察)
        task=f"{inp.title}\n{inp.task}",
    )
    schedule = [(s.date, s.plan.strip(), s.half_day_detail.strip()) for s in inp.schedule if s.plan.strip()]
    return Resolved(fields=fields, draft=draft, schedule=schedule)


# --- what is read back ------------------------------------------------------------------------------
class MemberOut(MemberRow):
    id: int
    name: str
    unit: str
    title: str
    passport_released: bool
    passport_returned: bool


def children_prefetch() -> list:
    """What :func:`trip_output` reads, as prefetches: a list of trips reads each kind of row once."""
    from django.db.models import Prefetch

    from .models import BudgetLine, Leg, TripMember

    return [
        "inviter_country",
        Prefetch("members", queryset=TripMember.objects.select_related("person", "person__unit", "passport")),
        Prefetch("legs", queryset=Leg.objects.select_related("country")),
        "schedule",
        Prefetch("budget", queryset=BudgetLine.objects.select_related("country")),
    ]


def trip_output(trip) -> dict:
    """A saved trip in the shape of :class:`TripInput` (ids and codes), members with what the API also
    shows of them. Its rows are read once (prefetched here unless the caller prefetched a list)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([trip], *children_prefetch())
    out = {f: getattr(trip, f) for f in MAIN_FIELDS if f != "inviter_country"}
    out["inviter_country"] = trip.inviter_country.iso2 if trip.inviter_country_id else None
    out["members"] = [
        {
            "id": m.pk,
            "person_id": m.person_id,
            "role": m.role,
            "passport_id": m.passport_id,
            "passport_name": m.passport_name,
            "name": m.person.full_name,
            "unit": m.person.unit.name,
            "title": m.person.title,
            "passport_released": m.passport_released_at is not None,
            "passport_returned": m.passport_returned_at is not None,
        }
        for m in trip.members.all()
    ]
    out["legs"] = [
        {
            "country": leg.country.iso2,
            "city": leg.city,
            "arrival": leg.arrival,
            "departure": leg.departure,
            "transit": leg.transit,
            "airside": leg.airside,
        }
        for leg in trip.legs.all()
    ]
    out["schedule"] = [
        {"date": s.date, "plan": s.plan, "half_day_detail": s.half_day_detail} for s in trip.schedule.all()
    ]
    out["budget"] = [
        {
            "category": b.category,
            "country": b.country.iso2 if b.country_id else None,
            "city": b.city,
            "currency": b.currency,
            "rate": b.rate,
            "count": b.count,
            "persons": b.persons,
            "amount": b.amount,
            "computed": b.computed,
            "note": b.note,
        }
        for b in trip.budget.all()
    ]
    return out


# --- the approval chain as read back (the API's TripOut; the trip page shows the same) ---------------
class StepOut(Schema):
    """One step of the approval chain as it was taken (the steps in force; a send-back voids them)."""

    kind: str = Field(
        description="环节：unit_sign 单位签批 · staff 承办人审核 · division_head 处长审核 · "
        "office_leader 外办领导审核 · final 审批"
    )
    kind_label: str = Field(description="环节名称（按请求语言）")
    name: str = Field(description="签署人（外部审批人为登记的姓名及职务）")
    capacity: str = Field(description="身份，如“单位签批人”“处长”")
    at: dt.datetime = Field(description="办理时间")
    decided_on: dt.date | None = Field(description="签署日期（外部审批为上级批准日期）")
    opinion: str = Field(description="意见")
    document: str = Field(description="上级批件文号（仅外部审批）")


class RouteOut(Schema):
    """The approval route of the trip's level (data an administrator configures, with its citation)."""

    level: str = Field(description="审批层级代码")
    level_label: str = Field(description="审批层级名称")
    unit_signature: bool = Field(description="须经单位签批人签批")
    division_head_review: bool = Field(description="须经处长审核")
    final_approver: str = Field(description="最终审批人代码：office_leader 外办领导 · external 外部审批人")
    final_approver_label: str
    external_approver_label: str = Field(description="外部审批人，如“市分管领导”")
    citation: str = Field(description="依据（法规名称、文号、条款）")


class ExternalApprovalOut(Schema):
    approver: str = Field(description="上级审批人")
    number: str = Field(description="上级批件文号")
    date: dt.date | None = Field(description="上级批准日期")


class NoticeOut(Schema):
    """A notice as published: the unit's pre-trip notice inside the unit (before it applies) or the
    post-trip notice (within the configured months of the return). ``content`` is what the notice showed,
    frozen when it was published (no ID or passport numbers)."""

    start: dt.date | None = Field(description="公示开始")
    end: dt.date | None = Field(description="公示截止（含）")
    place: str = Field("", description="公示地点（单位公示栏、单位内网）")
    running: bool = Field(description="今天在公示期内")
    over: bool = Field(description="公示期已满")
    content: dict = Field(description="公示内容（发布时的快照）")
    result: str = Field(description="公示结果；空表示尚未登记")
    result_at: dt.datetime | None = Field(description="公示结果登记时间")
    open_objections: int = Field(description="未处理的公示异议数")


class PostNoticeOut(NoticeOut):
    due: dt.date | None = Field(description="应于此日前发布（回国后 1 个月内，可配置）")


class DocumentRef(Schema):
    """An issued official document of the trip (newest version of each kind)."""

    kind: str = Field(description="公文种类，如 trips.approval（批件）")
    title: str
    number: str = Field(description="发文字号，如“徐外出〔2026〕90号”（批准时编号）")
    version: int
    signed_by: str = Field(description="签发人")
    issued_at: dt.datetime
    url: str = Field(description="PDF 下载地址（?lang=en 为英文版）")


class ChainOut(Schema):
    """What the approval chain adds to a trip (``chain_output``)."""

    approval_level_label: str = Field(description="审批层级名称")
    approval_level_citation: str = Field(description="审批层级依据")
    route: RouteOut | None = Field(description="该层级的审批流程；未配置时为空")
    unit_signoff: str = Field(description="单位签批状态代码：unsigned · signed")
    unit_signoff_label: str
    unit_sign: StepOut | None = Field(description="单位签批（签批人及意见）")
    staff_review: StepOut | None = Field(description="承办人审核意见")
    division_head_review: StepOut | None = Field(description="处长审核")
    leader_review: StepOut | None = Field(description="外办领导审核（须上级审批时）")
    final_approval: StepOut | None = Field(description="审批（外办领导或登记的上级审批人）")
    external_approval: ExternalApprovalOut | None = Field(description="上级审批情况；无外部审批时为空")
    pre_notice: NoticeOut = Field(description="出访前公示：申报单位报送前在单位内公示")
    post_notice: PostNoticeOut = Field(description="出访后公示")
    documents: list[DocumentRef] = Field(description="已印发的公文（每种最新版本）")
    approval_document_number: str | None = Field(description="批件的发文字号；未批准时为空")


def chain_prefetch() -> list:
    """What :func:`chain_output` reads, as prefetches (a list of trips reads each kind once)."""
    from django.db.models import Prefetch

    from apps.documents.models import Document

    from .models import ApprovalStep

    return [
        Prefetch(
            "steps",
            queryset=ApprovalStep.objects.filter(is_active=True).order_by("at", "id"),
            to_attr="active_steps",
        ),
        Prefetch(
            "documents",
            queryset=Document.objects.defer("context").order_by("kind", "-version"),
            to_attr="issued_documents",
        ),
        "objections",
    ]


def chain_output(trip, *, routes: dict | None = None) -> dict:
    """The trip's approval chain, its notices and its documents in the shape of :class:`ChainOut`.
    ``routes`` ({level: route}) saves the route's query when many trips are read."""
    from django.db.models import prefetch_related_objects
    from django.urls import reverse
    from django.utils import timezone

    from .models import ApprovalStep, Objection
    from .selectors import route_for

    if not hasattr(trip, "active_steps"):
        prefetch_related_objects([trip], *chain_prefetch())
    route = routes.get(trip.approval_level) if routes is not None else route_for(trip)

    def step(kind):
        found = [s for s in trip.active_steps if s.kind == kind]
        if not found:
            return None
        s = found[-1]
        return {
            "kind": s.kind,
            "kind_label": str(s.get_kind_display()),
            "name": s.name,
            "capacity": s.capacity,
            "at": s.at,
            "decided_on": s.decided_on,
            "opinion": s.opinion,
            "document": s.document,
        }

    today = timezone.localdate()
    open_pre = open_post = 0
    if trip.unit_notice_start or trip.post_notice_start:
        for o in trip.objections.all():
            if o.resolved_at is None:
                if o.notice == Objection.Notice.PRE:
                    open_pre += 1
                else:
                    open_post += 1

    def notice(start, end, content, result, result_at, place="", n_open=0):
        return {
            "start": start,
            "end": end,
            "place": place,
            "running": bool(start and end and start <= today <= end),
            "over": bool(end and today > end),
            "content": content or {},
            "result": result,
            "result_at": result_at,
            "open_objections": n_open,
        }

    latest: dict[str, object] = {}
    for d in trip.issued_documents:
        latest.setdefault(d.kind, d)
    documents = [
        {
            "kind": d.kind,
            "title": d.title,
            "number": d.number,
            "version": d.version,
            "signed_by": d.signed_by,
            "issued_at": d.created_at,
            "url": reverse("documents:download", args=[d.pk]),
        }
        for d in latest.values()
    ]
    from .pdf import KIND as APPROVAL_KIND

    approval_doc = latest.get(APPROVAL_KIND)
    external = None
    if trip.external_approval_number or trip.external_approver:
        external = {
            "approver": trip.external_approver,
            "number": trip.external_approval_number,
            "date": trip.external_approval_date,
        }
    return {
        "approval_level_label": str(trip.get_approval_level_display()) if trip.approval_level else "",
        "approval_level_citation": trip.approval_level_citation,
        "route": None
        if route is None
        else {
            "level": route.level,
            "level_label": str(route.get_level_display()),
            "unit_signature": route.unit_signature,
            "division_head_review": route.division_head_review,
            "final_approver": route.final_approver,
            "final_approver_label": str(route.get_final_approver_display()),
            "external_approver_label": route.external_approver_label,
            "citation": route.citation,
        },
        "unit_signoff": trip.unit_signoff,
        "unit_signoff_label": str(trip.get_unit_signoff_display()),
        "unit_sign": step(ApprovalStep.Kind.UNIT_SIGN),
        "staff_review": step(ApprovalStep.Kind.STAFF),
        "division_head_review": step(ApprovalStep.Kind.DIVISION_HEAD),
        "leader_review": step(ApprovalStep.Kind.OFFICE_LEADER),
        "final_approval": step(ApprovalStep.Kind.FINAL),
        "external_approval": external,
        "pre_notice": notice(
            trip.unit_notice_start,
            trip.unit_notice_end,
            trip.unit_notice_content,
            trip.unit_notice_result,
            trip.unit_notice_result_at,
            trip.unit_notice_place,
            open_pre,
        ),
        "post_notice": {
            **notice(
                trip.post_notice_start,
                trip.post_notice_end,
                trip.post_notice_content,
                trip.post_notice_result,
                trip.post_notice_result_at,
                n_open=open_post,
            ),
            "due": trip.post_notice_due,
        },
        "documents": documents,
        "approval_document_number": approval_doc.number if approval_doc else None,
    }
