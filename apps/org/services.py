"""Writes to the organisation. Only the system administrator (``org.manage``) may change it; every
change is recorded in the audit trail with the before/after of the fields it touched. Units are
deactivated, never deleted: cases and users keep pointing at them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.core.concurrency import check_unchanged
from apps.core.errors import ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from .models import Division, LeadershipPost, Office, Unit

OFFICE_FIELDS = (
    "name",
    "name_en",
    "short_name",
    "other_names",
    "city",
    "address",
    "phone",
    "email",
    "history",
    "mayor_name",
)
DIVISION_FIELDS = ("code", "name", "name_en", "alias", "duties", "order", "is_active")
POST_FIELDS = ("title", "title_text", "holder", "portfolio", "supervised_divisions", "order")
UNIT_FIELDS = (
    "name",
    "name_en",
    "short_name",
    "kind",
    "parent",
    "credit_code",
    "address",
    "contact_phone",
    "is_active",
)


@transaction.atomic
def office_save(*, office: Office | None, data: dict, by, edit_token: str | None = None) -> Office:
    """Create the office (first configuration) or update it; the short name is used in document numbers."""
    require(by, "org.manage")
    if not (data.get("short_name") or "").strip():
        raise ServiceError(_("必须填写用于文号的简称。"))
    if office is None:
        office = Office()
        model_update(
            instance=office, fields=OFFICE_FIELDS, data=data, by=by, action=AuditAction.ORG_OFFICE_CREATE
        )
        return office
    check_unchanged(office, edit_token)
    office = Office.objects.select_for_update().get(pk=office.pk)
    model_update(
        instance=office, fields=OFFICE_FIELDS, data=data, by=by, action=AuditAction.ORG_OFFICE_UPDATE
    )
    return office


@transaction.atomic
def division_save(
    *, division: Division | None, data: dict, by, office: Office | None = None, edit_token: str | None = None
) -> Division:
    """Create or update a division (name, English name, alias, duties, order, active)."""
    require(by, "org.manage")
    check_unchanged(division, edit_token)
    code = data.get("code")
    if code and Division.objects.filter(code=code).exclude(pk=getattr(division, "pk", None)).exists():
        raise ServiceError(_("代码“%(code)s”已被其他处室使用。") % {"code": code})
    if division is None:
        if office is None:
            raise ServiceError(_("请先填写本机关信息，再添加处室。"))
        division = Division(office=office)
        model_update(
            instance=division,
            fields=DIVISION_FIELDS,
            data=data,
            by=by,
            action=AuditAction.ORG_DIVISION_CREATE,
        )
        return division
    division = Division.objects.select_for_update().get(pk=division.pk)
    model_update(
        instance=division, fields=DIVISION_FIELDS, data=data, by=by, action=AuditAction.ORG_DIVISION_UPDATE
    )
    return division


@transaction.atomic
def post_save(
    *,
    post: LeadershipPost | None,
    data: dict,
    by,
    office: Office | None = None,
    edit_token: str | None = None,
) -> LeadershipPost:
    """Create or update a leadership post: title, holder, portfolio and the divisions it supervises."""
    require(by, "org.manage")
    if post is None:
        if office is None:
            raise ServiceError(_("请先填写本机关信息，再添加领导职务。"))
        post = LeadershipPost(office=office)
        action = "org.post_create"
    else:
        check_unchanged(post, edit_token)
        post = LeadershipPost.objects.select_for_update().get(pk=post.pk)
        action = "org.post_update"
    model_update(instance=post, fields=POST_FIELDS, data=data, by=by, action=action)
    return post


def _check_parent(unit: Unit | None, parent: Unit | None) -> None:
    if parent is None or unit is None or unit.pk is None:
        return
    if parent.pk == unit.pk or parent.path.startswith(unit.path):
        raise ServiceError(_("不能把单位移到它自己或它的下级单位之下。"), code="cycle")


@transaction.atomic
def unit_create(*, data: dict, by) -> Unit:
    """Create an applying unit, at the top level or under ``data["parent"]``."""
    require(by, "org.manage")
    parent = data.get("parent")
    if parent is not None and not parent.is_active:
        raise ServiceError(_("上级单位已停用，不能在其下新建单位。"))
    unit = Unit()
    model_update(
        instance=unit,
        fields=UNIT_FIELDS,
        data={**data, "is_active": True},
        by=by,
        action=AuditAction.ORG_UNIT_CREATE,
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, data: dict, by, edit_token: str | None = None) -> Unit:
    """Edit a unit's details (a change of parent goes through :func:`unit_move`, which refuses cycles)."""
    require(by, "org.manage")
    check_unchanged(unit, edit_token)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if "parent" in data and data["parent"] != unit.parent:
        unit = unit_move(unit=unit, parent=data["parent"], by=by)
    data = {k: v for k, v in data.items() if k not in ("parent", "is_active")}
    model_update(instance=unit, fields=UNIT_FIELDS, data=data, by=by, action=AuditAction.ORG_UNIT_UPDATE)
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, parent: Unit | None, by) -> Unit:
    """Put ``unit`` (with everything below it) under ``parent`` (``None``: top level).

    Guarantees: refuses a move under the unit itself or one of its descendants (no cycles); the paths of
    the whole subtree are rewritten in the same transaction.
    """
    require(by, "org.manage")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if parent is not None:
        parent = Unit.objects.get(pk=parent.pk)
    _check_parent(unit, parent)
    model_update(
        instance=unit, fields=("parent",), data={"parent": parent}, by=by, action=AuditAction.ORG_UNIT_MOVE
    )
    return unit


@transaction.atomic
def unit_set_active(*, unit: Unit, active: bool, by) -> Unit:
    """Deactivate (or reactivate) a unit. Deactivating refuses while it has active sub-units, so that no
    active unit sits under an inactive one; units are never deleted."""
    require(by, "org.manage")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active == active:
        return unit
    if not active and unit.children.filter(is_active=True).exists():
        raise ServiceError(_("该单位还有启用中的下级单位，请先停用下级单位。"))
    if active and unit.parent_id and not unit.parent.is_active:
        raise ServiceError(_("上级单位已停用，请先启用上级单位。"))
    action = AuditAction.ORG_UNIT_ACTIVATE if active else AuditAction.ORG_UNIT_DEACTIVATE
    model_update(instance=unit, fields=("is_active",), data={"is_active": active}, by=by, action=action)
    return unit
