"""Fixed-shape statements: a queryset's SQL built once per process, then sent again with new values.

Django compiles every queryset to SQL on every evaluation: it resolves the selected columns, the
``select_related`` joins, the ordering and the model instances' layout again each time. For the
statements a case page reads about its case (its legs, members, timeline, attachments …) that costs
0.6–4.7 ms of CPU per statement, more than the database takes to answer; the trip page had 14.

``fixed(qs, "trips.detail.legs")`` marks a queryset whose shape — everything but the values of its
``WHERE`` clause — is the same on every call with that name. Its first evaluation in a process compiles
it as usual and keeps the SQL and the row layout under the name. Later evaluations compile only the
``WHERE`` clause, to take its values (cheap: no joins, columns or ordering are resolved), and send the
kept SQL with them. The rows become model instances exactly as Django's own iteration makes them
(``select_related``, ``prefetch_related``, known related objects, ``values()``: unchanged).

What keeps this safe:

* the kept SQL is used only when the ``WHERE`` clause compiles to the same text as when it was kept
  (an ``IS NULL`` where there was ``= %s``, another scope's filter, a different slice: compiled anew
  and kept beside it);
* a statement whose values come from anywhere but its ``WHERE`` clause (an annotation's parameter, a
  filtered relation) is never kept: it is compiled every time, as without ``fixed``;
* only the evaluation of the marked queryset itself uses it: anything derived from it (``count()``,
  ``exists()``, ``first()``, a further ``filter()``) is an ordinary queryset again;
* with ``WAIBAN_VERIFY_FIXED_SQL`` (on in the test settings) every evaluation also compiles in full and
  fails loudly if the kept statement differs: the whole test suite checks every marked statement.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models.sql.query import Query

# (name, database alias, shape, WHERE text) → what ``as_sql`` and ``pre_sql_setup`` leave on a compiler
# (``None``: that statement is not a fixed shape)
_KEPT: dict[tuple, _Kept | None] = {}
_MAX_KEPT = 5000


class _Kept:
    __slots__ = ("annotation_col_map", "col_count", "has_extra_select", "klass_info", "select", "sql")

    def __init__(self, compiler, sql):
        self.sql = sql
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.annotation_col_map = compiler.annotation_col_map
        self.col_count = compiler.col_count
        self.has_extra_select = compiler.has_extra_select


def _shape(query) -> tuple:
    """What, besides the ``WHERE`` clause, decides a statement's SQL: a second guard beside the name, so
    that two uses of one name that differ in their joins, columns, ordering or slice never share SQL."""
    return (
        query.model,
        tuple((alias, j.table_name, getattr(j, "join_type", None)) for alias, j in query.alias_map.items()),
        repr(query.select_related),
        tuple(sorted(query.deferred_loading[0])),
        query.deferred_loading[1],
        query.values_select,
        repr(query.annotations),
        repr(query.extra),
        query.order_by,
        query.extra_order_by,
        query.default_ordering,
        query.standard_ordering,
        query.distinct,
        query.distinct_fields,
        repr(query.group_by),
        query.select_for_update,
        query.select_for_update_nowait,
        query.select_for_update_skip_locked,
        query.select_for_update_of,
        query.select_for_no_key_update,
        None if query.annotation_select_mask is None else tuple(sorted(query.annotation_select_mask)),
        None if query.extra_select_mask is None else tuple(sorted(query.extra_select_mask)),
        query.extra_tables,
        query.low_mark,
        query.high_mark,
        query.combinator,
    )


def _where(compiler) -> tuple[str, tuple]:
    try:
        sql, params = compiler.compile(compiler.query.where)
    except FullResultSet:
        return "", ()
    return sql, tuple(params)


class FixedQuery(Query):
    """A ``Query`` that compiles through the kept statement of its name (``fixed``). Its clones — every
    queryset derived from it — are plain ``Query`` objects again."""

    fixed_name: str = ""

    def clone(self):
        obj = super().clone()
        obj.__class__ = Query
        obj.__dict__.pop("fixed_name", None)
        return obj

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        try:
            where = _where(compiler)
        except EmptyResultSet:  # e.g. ``pk__in=[]``: Django answers without a statement
            return compiler
        key = (self.fixed_name, compiler.using, _shape(self), where[0])
        kept = _KEPT.get(key, False)
        if kept is False or getattr(settings, "WAIBAN_VERIFY_FIXED_SQL", False):
            return _keeping(compiler, key, where, kept)
        if kept is None:  # not a fixed shape: compiled every time
            return compiler
        compiler.select = kept.select
        compiler.klass_info = kept.klass_info
        compiler.annotation_col_map = kept.annotation_col_map
        compiler.col_count = kept.col_count
        compiler.has_extra_select = kept.has_extra_select
        sql, params = kept.sql, where[1]
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


def _keeping(compiler, key, where, kept):
    """The compiler compiles in full; its first statement under ``key`` is kept (or checked against
    the kept one)."""
    full_as_sql = compiler.as_sql

    def as_sql(*args, **kwargs):
        sql, params = full_as_sql(*args, **kwargs)
        if args or kwargs:  # a subquery or a combined query: not what is kept
            return sql, params
        fixed = tuple(params) == where[1] and where[0] in sql
        if kept is False:
            if len(_KEPT) >= _MAX_KEPT:  # shapes that vary without end (a long IN list): start again
                _KEPT.clear()
            _KEPT[key] = _Kept(compiler, sql) if fixed else None
        elif kept is not None and (not fixed or kept.sql != sql):
            raise AssertionError(
                f"fixed statement {key[0]!r} changed shape:\nkept: {kept.sql}\nnow:  {sql} {params!r}"
            )
        return sql, params

    compiler.as_sql = as_sql
    return compiler


def fixed(qs, name: str):
    """``qs``, evaluated through the statement kept under ``name`` (see the module's note). A queryset
    already evaluated or prefetched is returned as it is."""
    if qs._result_cache is not None:
        return qs
    clone = qs._chain()
    clone.query.__class__ = FixedQuery
    clone.query.fixed_name = name
    return clone


def fixed_first(qs, name: str):
    """The first row of ``qs`` (in its own order; none given, any), or ``None``: ``first()`` through
    ``fixed``."""
    return next(iter(fixed(qs[:1], name)), None)


def forget() -> None:
    """Drop every kept statement (tests; a schema change in a running process)."""
    _KEPT.clear()
