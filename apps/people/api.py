"""``/api/people/``: search the registry, a person's detail (ID number masked), audited reveal, and
registering or correcting a person as the registry's form does (the same services and checks)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm
from apps.core.concurrency import token_for
from apps.core.errors import ServiceError
from apps.core.filters import query_schema, refuse_identifiers_in_url
from apps.core.ids import IdParam
from apps.core.pagination import window

from . import selectors, services
from .filters import PersonFilter

router = Router(tags=["people"], auth=api_auth)


class PersonOut(Schema):
    id: int
    full_name: str
    passport_name: str
    sex: str
    date_of_birth: date
    unit_id: int
    unit: str
    title: str
    rank: str
    is_leader_of_unit: bool
    id_number_masked: str
    archived: bool
    edit_token: str = Field(description="修改时原样送回；他人已先修改则 409")


class RevealOut(Schema):
    id: int
    id_number: str


def _out(p) -> dict:
    return {
        "id": p.pk,
        "full_name": p.full_name,
        "passport_name": p.passport_name,
        "sex": p.sex,
        "date_of_birth": p.date_of_birth,
        "unit_id": p.unit_id,
        "unit": p.unit.name,
        "title": p.title,
        "rank": p.rank,
        "is_leader_of_unit": p.is_leader_of_unit,
        "id_number_masked": p.id_number_masked,
        "archived": p.is_archived,
        "edit_token": token_for(p),
    }


view_required = require_perm("people.view", message=_("您无权查看人员信息。"))


PersonQuery = query_schema(PersonFilter, "PersonQuery")


@router.get("/", response={200: list[PersonOut], **ERRORS}, summary="人员列表/搜索（姓名、拼音或身份证号码）")
@view_required
def person_list(request, filters: Query[PersonQuery], limit: int = 50, offset: int = 0):
    f = PersonFilter(filters.model_dump(exclude_none=True), user=request.user)
    refuse_identifiers_in_url(f, "/api/people/search")  # an ID number never travels in a URL
    return [_out(p) for p in window(f.api_qs(), limit=limit, offset=offset)]


@router.post(
    "/search",
    response={200: list[PersonOut], **ERRORS},
    summary="按身份证号码搜索人员（条件在请求正文中）",
)
@view_required
def person_search(request, filters: PersonQuery, limit: int = 50, offset: int = 0):
    f = PersonFilter(filters.model_dump(exclude_none=True), user=request.user)
    return [_out(p) for p in window(f.api_qs(), limit=limit, offset=offset)]


@router.get("/{int:pk}", response={200: PersonOut, **ERRORS}, summary="人员详情（证件号码已遮蔽）")
@view_required
def person_detail(request, pk: int):
    return _out(selectors.person_get(user=request.user, pk=pk))


@router.post(
    "/{int:pk}/reveal", response={200: RevealOut, **ERRORS}, summary="查看身份证号码（记入审计日志）"
)
@view_required
def person_reveal(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    number = services.person_reveal_id_number(person=person, by=request.user, purpose="API")
    return {"id": person.pk, "id_number": number}


# --- writes: the same services and checks as the registry's form -------------------------------------
class PersonIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=50)
    passport_name: str = Field("", max_length=100, description="留空时按姓名生成拼音")
    sex: str = Field(..., max_length=1, description="M / F")
    date_of_birth: date
    place_of_birth: str = Field("", max_length=50)
    unit_id: IdParam
    title: str = Field("", max_length=100)
    rank: str = Field("", max_length=40, description="字典 official_rank 的代码")
    phone: str = Field("", max_length=30)
    is_leader_of_unit: bool = False
    notes: str = Field("", max_length=5000)
    id_number: str = Field(
        "", max_length=18, description="居民身份证号码（登记时必填；修改时留空表示不修改）"
    )
    edit_token: str | None = Field(None, max_length=64, description="读取时的 edit_token（修改时）")


manage_required = require_perm("people.manage", message=_("您无权登记或修改人员信息。"))


def _person_data(payload: PersonIn, user, *, current=None) -> dict:
    """The service's data for ``payload``, checked as the form checks it (translated refusals)."""
    from apps.accounts.scope import PEOPLE, units_visible

    from . import idcard
    from .models import Sex
    from .selectors import rank_choices

    unit = units_visible(user, realm=PEOPLE).filter(pk=payload.unit_id).first()
    if unit is None:
        raise PermissionDenied(gettext("您不能在该单位登记人员。"))
    if payload.sex not in Sex.values:
        raise ServiceError(gettext("性别应为 M（男）或 F（女）。"), code="sex")
    rank = payload.rank.strip()
    if rank and rank not in {c for c, _label in rank_choices(include=getattr(current, "rank", None) or None)}:
        raise ServiceError(gettext("级别“%(rank)s”不是可选项。") % {"rank": rank[:40]}, code="rank")
    data = payload.dict(exclude={"unit_id", "edit_token", "id_number"})
    data.update(
        unit=unit,
        rank=rank,
        full_name=payload.full_name.strip(),
        passport_name=payload.passport_name.upper().strip(),
        id_number=idcard.normalise(payload.id_number),
    )
    return data


@router.post("/", response={201: PersonOut, **ERRORS}, summary="登记人员（与人员库表单相同的校验）")
@manage_required
def person_create(request, payload: PersonIn):
    """Register a person in a unit the user may manage; the ID number is checked (check digit, date of
    birth and sex) and must not be registered already."""
    data = _person_data(payload, request.user)
    if not data["id_number"]:
        raise ServiceError(gettext("请填写身份证号码。"), code="id_number")
    person = services.person_create(by=request.user, data=data)
    return Status(201, _out(selectors.person_get(user=request.user, pk=person.pk)))


@router.put(
    "/{int:pk}", response={200: PersonOut, **ERRORS}, summary="修改人员信息（身份证号码留空表示不修改）"
)
@manage_required
def person_update(request, pk: int, payload: PersonIn):
    person = selectors.person_get(user=request.user, pk=pk, include_archived=False)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied(gettext("您无权修改该人员的信息。"))
    data = _person_data(payload, request.user, current=person)
    services.person_update(person=person, by=request.user, data=data, edit_token=payload.edit_token)
    return _out(selectors.person_get(user=request.user, pk=pk))
