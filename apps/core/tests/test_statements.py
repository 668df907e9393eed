"""``apps.core.statements.fixed``: a statement compiled once per shape, then sent with new values — the
same rows as Django's own evaluation, and never a kept statement where the shape differs."""

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.core import statements
from apps.core.statements import fixed, fixed_first
from apps.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    statements.forget()
    unit = Unit.objects.create(name="市教育局", name_en="Education Bureau")
    a = make_user("fixed_a", unit=unit)
    b = make_user("fixed_b", unit=unit)
    c = make_user("fixed_c")  # no unit
    yield unit, a, b, c
    statements.forget()


def _no_compiling(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(SQLCompiler, "as_sql", refuse)


@override_settings(WAIBAN_VERIFY_FIXED_SQL=False)
def test_the_second_evaluation_sends_the_kept_statement_without_compiling_it(people, monkeypatch):
    _unit, a, b, _c = people
    first = list(fixed(User.objects.filter(pk=a.pk).select_related("unit"), "test.user"))
    assert first == [a]
    _no_compiling(monkeypatch)
    with CaptureQueriesContext(connection) as ctx:
        second = list(fixed(User.objects.filter(pk=b.pk).select_related("unit"), "test.user"))
        assert second == [b]
        assert second[0].unit.name_en == "Education Bureau"  # the join's columns, no query of its own
        assert second[0].username == "fixed_b"
    assert len(ctx.captured_queries) == 1


@override_settings(WAIBAN_VERIFY_FIXED_SQL=False)
def test_values_and_flat_lists_and_known_related_objects_are_as_without_it(people, monkeypatch):
    unit, a, b, _c = people
    for user in (a, b):
        assert list(
            fixed(User.objects.filter(pk=user.pk).values_list("username", flat=True), "test.flat")
        ) == [user.username]
        assert list(
            fixed(User.objects.filter(pk=user.pk).values("username", "unit__name"), "test.values")
        ) == [{"username": user.username, "unit__name": "市教育局"}]
    with CaptureQueriesContext(connection) as ctx:
        members = list(fixed(unit.users.order_by("username"), "test.related"))
        assert members == [a, b]
        assert members[0].unit is unit  # the related manager's known object: no query
    assert len(ctx.captured_queries) == 1


@override_settings(WAIBAN_VERIFY_FIXED_SQL=False)
def test_a_where_clause_of_another_shape_is_compiled_and_kept_beside_it(people):
    unit, a, b, c = people
    named = "test.by_unit"
    assert set(fixed(User.objects.filter(unit=unit, username__startswith="fixed"), named)) == {a, b}
    # ``unit=None`` is ``IS NULL``, not ``= %s``: another WHERE text, so another statement
    assert list(fixed(User.objects.filter(unit=None, username__startswith="fixed"), named)) == [c]
    assert set(fixed(User.objects.filter(unit=unit, username__startswith="fixed_a"), named)) == {a}


@override_settings(WAIBAN_VERIFY_FIXED_SQL=False)
def test_one_name_used_for_two_shapes_never_shares_a_statement(people):
    _unit, a, b, _c = people
    assert [u.username for u in fixed(User.objects.filter(pk=a.pk).only("username"), "test.same")] == [
        "fixed_a"
    ]
    rows = list(fixed(User.objects.filter(pk=b.pk).select_related("unit").order_by("-pk"), "test.same"))
    assert rows == [b] and rows[0].unit.name == "市教育局"
    assert list(fixed(User.objects.filter(pk=b.pk).values_list("pk", flat=True), "test.same")) == [b.pk]


def test_querysets_derived_from_it_are_ordinary_ones(people):
    unit, a, b, _c = people
    qs = fixed(User.objects.filter(unit=unit).order_by("username"), "test.derived")
    assert qs.count() == 2
    assert qs.exists()
    assert qs.first() == a
    assert list(qs.filter(pk=b.pk)) == [b]
    assert list(qs.values_list("username", flat=True)) == ["fixed_a", "fixed_b"]
    assert type(qs.filter(pk=b.pk).query) is Query
    assert type(qs.query) is statements.FixedQuery
    assert list(qs) == [a, b]


@override_settings(WAIBAN_VERIFY_FIXED_SQL=False)
def test_values_from_outside_the_where_clause_are_never_kept(people):
    _unit, a, _b, _c = people
    rows = list(fixed(User.objects.filter(pk=a.pk).annotate(n=Value(5)), "test.annotated"))
    assert rows[0].n == 5
    kept = [v for k, v in statements._KEPT.items() if k[0] == "test.annotated"]
    assert kept == [None]  # compiled on every evaluation, as without ``fixed``
    assert next(iter(fixed(User.objects.filter(pk=a.pk).annotate(n=Value(5)), "test.annotated"))).n == 5


def test_an_evaluated_queryset_is_returned_as_it_is_and_an_empty_in_reads_nothing(people):
    _unit, a, _b, _c = people
    qs = User.objects.filter(pk=a.pk)
    list(qs)
    assert fixed(qs, "test.done") is qs
    with CaptureQueriesContext(connection) as ctx:
        assert list(fixed(User.objects.filter(pk__in=[]), "test.empty")) == []
    assert not ctx.captured_queries


def test_fixed_first_is_first(people):
    _unit, a, b, _c = people
    assert fixed_first(User.objects.filter(pk=b.pk), "test.first") == b
    assert fixed_first(User.objects.filter(pk=a.pk), "test.first") == a
    assert fixed_first(User.objects.filter(pk=-1), "test.first") is None


@override_settings(WAIBAN_VERIFY_FIXED_SQL=True)
def test_with_verification_on_a_kept_statement_that_no_longer_matches_fails_loudly(people):
    _unit, a, b, _c = people
    list(fixed(User.objects.filter(pk=a.pk), "test.verify"))
    (key,) = [k for k in statements._KEPT if k[0] == "test.verify"]
    statements._KEPT[key].sql = statements._KEPT[key].sql.replace("SELECT", "SELECT DISTINCT", 1)
    with pytest.raises(AssertionError, match="changed shape"):
        list(fixed(User.objects.filter(pk=b.pk), "test.verify"))


def test_the_shape_tells_apart_what_changes_a_statement_outside_its_where_clause():
    base = User.objects.filter(pk=1)
    variants = [
        base,
        base.select_related("unit"),
        base.only("username"),
        base.defer("username"),
        base.order_by("username"),
        base.order_by("-username"),
        base.values("username"),
        base.values_list("pk"),
        base.annotate(n=Value(1)),
        base.select_for_update(),
        base.select_for_update(nowait=True),
        base.select_for_update(skip_locked=True),
        base.select_for_update(of=("self",)),
        base.distinct(),
        base[:1],
        base[1:2],
        base.filter(unit__name="x"),  # a join
    ]
    shapes = [statements._shape(qs.query) for qs in variants]
    assert len(set(shapes)) == len(variants)
    assert statements._shape(base.query) == statements._shape(User.objects.filter(pk=2).query)
