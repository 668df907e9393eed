"""``/api/people/``: search the registry, a person's detail (ID number masked), audited reveal."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from apps.accounts.api_auth import api_auth
from apps.core.api import ERRORS, require_perm
from apps.core.filters import query_schema
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
    }


view_required = require_perm("people.view", message=_("您无权查看人员信息。"))


PersonQuery = query_schema(PersonFilter, "PersonQuery")


@router.get("/", response={200: list[PersonOut], **ERRORS}, summary="人员列表/搜索（姓名、拼音或身份证号码）")
@view_required
def person_list(request, filters: Query[PersonQuery], limit: int = 50, offset: int = 0):
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
