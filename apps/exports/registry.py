"""The registry of exportable lists.

``register_exporter(name, title=, permission=, columns=, rows=)`` — ``rows(user, params)`` must read through
the list's selector (the user's data scope) and yield one tuple per row; ``columns`` is a list of headings
(or a callable returning one — given the params if it takes an argument — evaluated in the
exporting user's language); ``permission`` is a permission
code or a predicate ``f(user) -> bool``; ``count(user, params)`` (optional) gives the number of rows without
building them, to choose between the immediate and the background path.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.core.errors import ServiceError


@dataclass(frozen=True)
class Exporter:
    name: str
    title: object
    permission: object
    columns: object
    rows: Callable[..., Iterable[tuple]]
    count: Callable[..., int] | None = None
    # the list's FilterSet, when its filters may hold an ID or passport number: the export stores them
    # sealed (apps.core.filters.ListFilterSet.identifier_fields), its audit rows and page show them masked
    filterset: type | None = None

    def allowed(self, user) -> bool:
        if not (user and user.is_authenticated and user.is_active):
            return False
        if callable(self.permission):
            return bool(self.permission(user))
        if not self.permission:
            return True
        return user.has_perm(self.permission)

    def headings(self, params: dict | None = None) -> list[str]:
        cols = self.columns
        if callable(cols):
            takes_params = bool(inspect.signature(cols).parameters)
            cols = cols(params or {}) if takes_params else cols()
        return [str(c) for c in cols]

    def row_count(self, user, params: dict) -> int:
        if self.count is not None:
            return int(self.count(user, params))
        return sum(1 for _row in self.rows(user, params))


REGISTRY: dict[str, Exporter] = {}


def register_exporter(name: str, *, title, permission, columns, rows, count=None, filterset=None) -> Exporter:
    exporter = Exporter(
        name=name,
        title=title,
        permission=permission,
        columns=columns,
        rows=rows,
        count=count,
        filterset=filterset,
    )
    REGISTRY[name] = exporter
    return exporter


def get_exporter(name: str) -> Exporter:
    exporter = REGISTRY.get(str(name or ""))
    if exporter is None:
        raise ServiceError(_("未知的导出列表：%(name)s") % {"name": name})
    return exporter
