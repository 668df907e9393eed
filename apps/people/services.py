"""Writes to the person registry. Every function checks permission and scope, validates, audits.

For other apps: :func:`person_reveal_id_number` is the only way code should show an ID number.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.selectors import sensitive_views_since
from apps.audit.services import record, record_sensitive_view, snapshot
from apps.core.concurrency import check_unchanged
from apps.core.crypto import lookup_hash
from apps.core.errors import ServiceError, Throttled
from apps.core.permissions import require
from apps.core.services import model_update
from apps.core.text import passport_name as make_passport_name

from . import idcard
from .access import allows_unit, scoped
from .models import Person

EDITABLE = (
    "full_name",
    "passport_name",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "unit",
    "title",
    "rank",
    "phone",
    "user",
    "is_leader_of_unit",
    "notes",
)
AUDITED = (*EDITABLE, "id_number_hash")


def _require_manage(by, unit_id) -> None:
    """``people.manage`` for records of this unit (the data scope of :mod:`.access`)."""
    require(by, "people.manage", check=lambda: allows_unit(by, unit_id))


def _check_id_number(person: Person, *, by=None) -> None:
    """A valid ID number, not registered twice where the user can see.

    The answer depends only on what ``by`` may see (no existence oracle, issue 14): a current record with
    the same number inside the user's data scope refuses the registration (the user can see that record
    anyway); one outside it does not — the unit gets its own record, exactly as for a number never seen —
    and the attempt is audited (``people.id_conflict``) and the security administrators told, so the
    office resolves the duplicate. The database keeps one current record per number and unit."""
    person._id_conflicts = []
    if not person.id_number:
        return
    try:
        person.id_number = idcard.validate(
            person.id_number, date_of_birth=person.date_of_birth, sex=person.sex
        )
    except idcard.IdNumberError as err:
        raise ServiceError(str(err), code="id_number") from err
    clash = Person.objects.filter(archived_at__isnull=True, id_number_hash=lookup_hash(person.id_number))
    if person.pk:
        clash = clash.exclude(pk=person.pk)
    visible = clash if by is None else scoped(clash, by, unit="unit", person_user="user")
    if visible.exists() or clash.filter(unit_id=person.unit_id).exists():
        raise ServiceError(_("该身份证号码已在人员库中登记，请勿重复录入。"), code="id_number")
    person._id_conflicts = list(clash.values_list("pk", "unit_id"))


def _record_id_conflict(person: Person, *, by) -> None:
    """Audit a registration whose number is held outside the registrant's scope, and tell the security
    administrators (who see the audit trail's labels, never the number)."""
    conflicts = getattr(person, "_id_conflicts", None)
    if not conflicts:
        return
    from apps.accounts.selectors import users_with_perm
    from apps.casework.services import notify

    record(
        action=AuditAction.PEOPLE_ID_CONFLICT,
        target=person,
        actor=by,
        extra={
            "unit": person.unit_id,
            "other_records": [pk for pk, _unit in conflicts],
            "other_units": sorted({unit for _pk, unit in conflicts}),
        },
    )
    notify(
        users=users_with_perm("accounts.manage_sessions"),
        case=None,
        verb="id_conflict",
        text=_(
            "%(user)s 登记的人员“%(name)s”与其可见范围之外的 %(n)s 条人员记录身份证号码相同，请外办核实合并。"
        )
        % {"user": by.full_name or by.get_username(), "name": person.full_name, "n": len(conflicts)},
    )
    person._id_conflicts = []


def _audit_values(person: Person) -> dict:
    values = snapshot(person, AUDITED)
    values["unit"] = person.unit_id
    values["user"] = person.user_id
    values["date_of_birth"] = person.date_of_birth.isoformat() if person.date_of_birth else None
    return values


@transaction.atomic
def person_create(*, by, data: dict) -> Person:
    """Register a person in a unit the user may manage. ``data`` holds model field values
    (``unit`` as a Unit, ``id_number`` in clear). The passport name defaults to the pinyin of the name."""
    unit = data.get("unit")
    _require_manage(by, getattr(unit, "pk", None))
    person = Person()
    model_update(
        instance=person,
        fields=(*EDITABLE, "id_number"),
        audit=_audit_values,
        data=data,
        by=by,
        action=AuditAction.PEOPLE_CREATE,
        before_save=lambda p: _prepare(p, by=by),
        touch={"created_by": by, "updated_by": by},
    )
    _record_id_conflict(person, by=by)
    return person


def _prepare(person: Person, *, by=None) -> None:
    """The passport name (default: the pinyin of the name, upper case) and the checked ID number."""
    if not person.passport_name:
        person.passport_name = make_passport_name(person.full_name)
    person.passport_name = person.passport_name.upper().strip()
    _check_id_number(person, by=by)


@transaction.atomic
def person_update(*, person: Person, by, data: dict, edit_token: str | None = None) -> Person:
    """Change a person's fields; ``id_number`` is replaced only when a new value is given."""
    _require_manage(by, person.unit_id)
    check_unchanged(person, edit_token)
    if "unit" in data:
        _require_manage(by, getattr(data["unit"], "pk", None))
    values = {k: v for k, v in data.items() if k in EDITABLE}
    new_id = (data.get("id_number") or "").strip()
    if new_id:
        values["id_number"] = new_id
    model_update(
        instance=person,
        fields=(*EDITABLE, "id_number"),
        audit=_audit_values,
        data=values,
        by=by,
        action=AuditAction.PEOPLE_UPDATE,
        before_save=lambda p: _prepare(p, by=by),
        touch={"updated_by": by},
    )
    _record_id_conflict(person, by=by)
    return person


@transaction.atomic
def person_archive(*, person: Person, by, reason: str) -> Person:
    """Archive (never delete) a person; refused while one of their passports is out of custody."""
    _require_manage(by, person.unit_id)
    if not (reason or "").strip():
        raise ServiceError(_("请填写归档原因。"))
    if person.archived_at:
        raise ServiceError(_("该人员已归档。"))
    if person.passports.filter(status__in=("out", "overdue")).exists():
        raise ServiceError(_("该人员有证照尚未交回，不能归档。"))
    model_update(
        instance=person,
        data={"archived_at": timezone.now(), "archived_reason": reason.strip()[:300]},
        audit=lambda p: {"archived_reason": p.archived_reason or None},
        by=by,
        action=AuditAction.PEOPLE_ARCHIVE,
        touch={"updated_by": by},
    )
    return person


def check_reveal_rate(*, by, target) -> None:
    """Refuse a reveal of an identifier past ``WAIBAN["REVEALS_PER_HOUR"]`` in the last hour (429): the
    refusal is audited and the security administrators are told (在线通知), so bulk harvesting of ID
    and passport numbers by one account stops and is seen. Used by every reveal (people, passports)."""
    limit = int(settings.WAIBAN.get("REVEALS_PER_HOUR", 30))
    since = timezone.now() - datetime.timedelta(hours=1)
    if sensitive_views_since(actor=by, since=since) < limit:
        return
    from apps.accounts.selectors import users_with_perm
    from apps.casework.services import notify

    with transaction.atomic():
        record(action=AuditAction.PEOPLE_REVEAL_LIMITED, target=target, actor=by, extra={"limit": limit})
        notify(
            users=users_with_perm("accounts.manage_sessions"),
            case=None,
            verb="reveal_limited",
            text=_("%(user)s 在一小时内查看证件号码已达 %(n)s 次，后续查看已被拒绝。")
            % {"user": by.full_name or by.get_username(), "n": limit},
        )
    raise Throttled(
        _("一小时内查看证件号码的次数已达上限（%(n)s 次），请稍后再试；安全管理员已收到提醒。") % {"n": limit}
    )


def person_reveal_id_number(*, person: Person, by, purpose: str = "") -> str:
    """The ID number in clear, after checking ``people.view_sensitive`` and scope; audited."""
    require(by, "people.reveal_person", obj=person, message=_("无权查看证件号码。"))
    check_reveal_rate(by=by, target=person)
    record_sensitive_view(target=person, fields=["id_number"], actor=by, purpose=purpose)
    return person.id_number or ""
