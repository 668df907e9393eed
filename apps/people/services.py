"""Writes to the person registry. Every function checks permission and scope, validates, audits.

For other apps: :func:`person_reveal_id_number` is the only way code should show an ID number.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import diff, record, record_sensitive_view, snapshot
from apps.core.concurrency import check_unchanged
from apps.core.crypto import lookup_hash
from apps.core.errors import ServiceError
from apps.core.text import passport_name as make_passport_name

from . import idcard
from .access import allows_unit
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


def _require(by, code: str, unit_id) -> None:
    if by is None or not by.has_perm(code) or not allows_unit(by, unit_id):
        raise PermissionDenied


def _check_id_number(person: Person) -> None:
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
    if clash.exists():
        raise ServiceError(_("该身份证号码已在人员库中登记，请勿重复录入。"), code="id_number")


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
    _require(by, "people.manage", getattr(unit, "pk", None))
    person = Person(**{k: v for k, v in data.items() if k in (*EDITABLE, "id_number")})
    if not person.passport_name:
        person.passport_name = make_passport_name(person.full_name)
    person.passport_name = person.passport_name.upper().strip()
    _check_id_number(person)
    person.created_by = person.updated_by = by
    person.save()
    record(action="people.create", target=person, changes=diff({}, _audit_values(person)), actor=by)
    return person


@transaction.atomic
def person_update(*, person: Person, by, data: dict, edit_token: str | None = None) -> Person:
    """Change a person's fields; ``id_number`` is replaced only when a new value is given."""
    _require(by, "people.manage", person.unit_id)
    check_unchanged(person, edit_token)
    if "unit" in data:
        _require(by, "people.manage", getattr(data["unit"], "pk", None))
    before = _audit_values(person)
    for key, value in data.items():
        if key in EDITABLE:
            setattr(person, key, value)
    new_id = (data.get("id_number") or "").strip()
    if new_id:
        person.id_number = new_id
    if not person.passport_name:
        person.passport_name = make_passport_name(person.full_name)
    person.passport_name = person.passport_name.upper().strip()
    _check_id_number(person)
    person.updated_by = by
    person.save()
    after = _audit_values(person)
    changes = diff(before, after)
    if changes:
        record(action="people.update", target=person, changes=changes, actor=by)
    return person


@transaction.atomic
def person_archive(*, person: Person, by, reason: str) -> Person:
    """Archive (never delete) a person; refused while one of their passports is out of custody."""
    _require(by, "people.manage", person.unit_id)
    if not (reason or "").strip():
        raise ServiceError(_("请填写归档原因。"))
    if person.archived_at:
        raise ServiceError(_("该人员已归档。"))
    if person.passports.filter(status__in=("out", "overdue")).exists():
        raise ServiceError(_("该人员有证照尚未交回，不能归档。"))
    person.archived_at = timezone.now()
    person.archived_reason = reason.strip()[:300]
    person.updated_by = by
    person.save(update_fields=["archived_at", "archived_reason", "updated_by", "updated_at"])
    record(
        action="people.archive",
        target=person,
        changes={"archived_reason": [None, person.archived_reason]},
        actor=by,
    )
    return person


def person_reveal_id_number(*, person: Person, by, purpose: str = "") -> str:
    """The ID number in clear, after checking ``people.view_sensitive`` and scope; audited."""
    if by is None or not by.has_perm("people.reveal_person", person):
        raise PermissionDenied
    record_sensitive_view(target=person, fields=["id_number"], actor=by, purpose=purpose)
    return person.id_number or ""
