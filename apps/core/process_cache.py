"""Small configuration rows cached in the process, for the pages that read them on every request.

A ``ProcessCache`` keeps values for at most ``seconds`` (so other worker processes see a change within
that time) and forgets everything at once when a model it ``watch``-es is saved or deleted in this
process. For configuration only (approval routes, dictionary items …): never for casework or anything
a permission depends on. Tests clear every cache around each test (root ``conftest.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

_ALL: list[ProcessCache] = []


class ProcessCache:
    def __init__(self, name: str, *, seconds: float = 60.0):
        self.name = name
        self.seconds = seconds
        self._values: dict[Any, tuple[float, Any]] = {}
        self._watched: set = set()
        _ALL.append(self)

    def get(self, key: Any, build: Callable[[], Any]) -> Any:
        now = time.monotonic()
        hit = self._values.get(key)
        if hit is not None and now - hit[0] < self.seconds:
            return hit[1]
        value = build()
        self._values[key] = (now, value)
        return value

    def clear(self, *args, **kwargs) -> None:
        self._values = {}

    def watch(self, *models) -> None:
        """Forget everything when a row of one of ``models`` is saved or deleted (in this process)."""
        from django.db.models.signals import post_delete, post_save

        for model in models:
            if model in self._watched:
                continue
            self._watched.add(model)
            uid = f"process_cache.{self.name}.{model._meta.label}"
            post_save.connect(self.clear, sender=model, dispatch_uid=f"{uid}.save", weak=False)
            post_delete.connect(self.clear, sender=model, dispatch_uid=f"{uid}.delete", weak=False)


def clear_all() -> None:
    for c in _ALL:
        c.clear()


CHOICES = ProcessCache("choices")


def cached_rows(queryset) -> list:
    """The rows of a small configuration ``queryset`` (a filter's units, divisions, case types …), cached
    per process under its SQL for a minute and forgotten when a row of its model is saved or deleted
    here. The SQL carries everything that decides the rows (e.g. the units a user's scope reaches)."""
    from django.core.exceptions import EmptyResultSet

    CHOICES.watch(queryset.model)
    try:
        key = str(queryset.query)
    except EmptyResultSet:  # e.g. ``.none()`` or ``id IN ()``: no rows, nothing to cache
        return []
    return CHOICES.get(key, lambda: list(queryset))
