"""The one way a service edits a record: apply → save → diff → audit, after HackSoft's ``model_update``.

::

    changes = model_update(
        instance=division, fields=DIVISION_FIELDS, data=data, by=by, action=AuditAction.ORG_DIVISION_UPDATE
    )

* only the fields named in ``fields`` and present in ``data`` are applied (many-to-many fields too);
* nothing is saved and nothing recorded when nothing changed (``record_unchanged`` records anyway);
* an existing row is saved with ``update_fields`` (the changed columns, ``auto_now`` columns such as
  ``updated_at``, and ``touch``), so a concurrent writer's other columns are never overwritten; a new
  instance (no primary key) is inserted and always recorded, with the diff from nothing;
* the audit event ``action`` gets the before/after of the audited values — ``fields`` by default,
  or other field names, or a function returning the values (``audit=``) — through
  ``apps.audit.services.record`` (IP, user agent and request id come from the request context);
* the diff ``{field: [before, after]}`` is returned.

Call it inside the service's ``transaction.atomic`` after the permission and concurrency checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model

from .errors import ServiceError

Audit = Iterable[str] | Callable[[Model], dict]


def _snapshotter(audit: Audit) -> Callable[[Model], dict]:
    from apps.audit.services import snapshot

    if callable(audit):
        return audit
    names = tuple(audit)
    return lambda obj: snapshot(obj, names)


def _value_key(value):
    """What identifies an assigned value: a model instance by its primary key."""
    return value.pk if isinstance(value, Model) else value


def _columns(instance: Model) -> dict[str, Any]:
    return {
        f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key
    }


def _clean(instance: Model, names: Iterable[str]) -> None:
    """``full_clean`` of the applied fields only (others may hold values older rules allowed)."""
    applied = set(names)
    exclude = [f.name for f in instance._meta.fields if f.name not in applied]
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as err:
        raise ServiceError("；".join(str(m) for m in err.messages), code="invalid") from err


def model_update(
    *,
    instance: Model,
    data: Mapping[str, Any],
    by,
    action: str | Callable[[dict], str] | None,
    fields: Iterable[str] | None = None,
    audit: Audit | None = None,
    touch: Mapping[str, Any] | None = None,
    before_save: Callable[[Model], None] | None = None,
    clean: bool = False,
    record_unchanged: bool = False,
    extra: dict | None = None,
) -> dict:
    """Apply ``data`` to ``instance``, save what changed, record ``action`` with the diff; return the diff.

    ``fields``: the names ``data`` may set (default: all of its keys). ``audit``: the audited values
    (default: ``fields``). ``touch``: values set only when something is saved (``updated_by``,
    ``is_customized``). ``before_save(instance)``: runs after the values are applied and before the
    save — checks that raise ``ServiceError`` and values derived from the new ones. ``clean``: run the
    model's validation of the applied fields (a ``ValidationError`` becomes a ``ServiceError``).
    ``action``: the audit action, or a function of the diff returning it; ``None`` records nothing.
    """
    from apps.audit.services import diff, record

    names = tuple(data if fields is None else fields)
    try:
        model_fields = {name: instance._meta.get_field(name) for name in names}
    except FieldDoesNotExist as err:  # a programming error, not the user's
        raise ValueError(str(err)) from None
    take = _snapshotter(names if audit is None else audit)
    creating = instance.pk is None
    before = {} if creating else take(instance)
    columns = _columns(instance)

    m2m: dict[str, list] = {}
    applied = []
    for name, field in model_fields.items():
        if name not in data:
            continue
        if field.many_to_many:
            m2m[name] = list(data[name] or [])
        else:
            setattr(instance, name, data[name])
        applied.append(name)
    if before_save is not None:
        before_save(instance)

    changed = [attname for attname, value in _columns(instance).items() if value != columns[attname]]
    m2m_changed = {
        name: values
        for name, values in m2m.items()
        if creating
        or {_value_key(v) for v in values} != set(getattr(instance, name).values_list("pk", flat=True))
    }
    pending = None if creating else diff(before, take(instance))
    if not (creating or changed or m2m_changed or pending):
        if record_unchanged and action:
            name = action({}) if callable(action) else action
            record(action=name, target=instance, changes={}, actor=by, extra=extra)
        return {}

    for name, value in (touch or {}).items():
        setattr(instance, name, value)
    if clean:
        _clean(instance, [*applied, *(touch or {})])
    if creating:
        instance.save()
    else:
        auto = [f.attname for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        touched = [instance._meta.get_field(n).attname for n in (touch or {})]
        update_fields = list(dict.fromkeys([*changed, *touched, *auto]))
        names_by_attname = {f.attname: f.name for f in instance._meta.concrete_fields}
        instance.save(update_fields=[names_by_attname[a] for a in update_fields])
    for name, values in m2m_changed.items():
        getattr(instance, name).set(values)

    changes = diff(before, take(instance))  # after the save: values the model derives when it saves
    if action and (creating or changes or record_unchanged):
        record(
            action=action(changes) if callable(action) else action,
            target=instance,
            changes=changes,
            actor=by,
            extra=extra,
        )
    return changes
