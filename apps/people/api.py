"""``/api/people/``: search the registry, a person's detail (ID number masked), audited reveal."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from apps.accounts.api_auth import api_auth
from apps.core.ids import MAX_ID, IdParam

from . import selectors, services

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


class Message(Schema):
    detail: str


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


def _need(request, code):
    if not request.user.has_perm(code):
        raise HttpError(403, "没有权限")


def _get(request, pk):
    try:
        return selectors.person_get(user=request.user, pk=pk)
    except Http404 as err:
        raise HttpError(404, "未找到") from err


@router.get("/", response=list[PersonOut], summary="人员列表/搜索（姓名、拼音或身份证号码）")
def person_list(request, q: str = "", unit: IdParam | None = None, limit: int = 50, offset: int = 0):
    _need(request, "people.view")
    qs = selectors.person_list(user=request.user, filters={"q": q, "unit": unit})
    limit, offset = max(1, min(limit, 500)), max(0, min(offset, MAX_ID - 500))
    return [_out(p) for p in qs[offset : offset + limit]]


@router.get("/{int:pk}", response=PersonOut, summary="人员详情（证件号码已遮蔽）")
def person_detail(request, pk: int):
    _need(request, "people.view")
    return _out(_get(request, pk))


@router.post(
    "/{int:pk}/reveal",
    response={200: RevealOut, 403: Message},  # 403: reading the record but not its numbers
    summary="查看身份证号码（记入审计日志）",
)
def person_reveal(request, pk: int):
    _need(request, "people.view")
    person = _get(request, pk)
    try:
        number = services.person_reveal_id_number(person=person, by=request.user, purpose="API")
    except PermissionDenied as err:
        raise HttpError(403, "无权查看证件号码") from err
    return {"id": person.pk, "id_number": number}
