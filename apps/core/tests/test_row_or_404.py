"""``apps.core.selectors.row_or_404``: how every ``thing_get(*, user, pk)`` reads its row — one key check,
no ORDER BY, only the joins named, and 404 (never 500, never 403) for anything it may not answer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.core.ids import MAX_ID
from apps.core.selectors import row_or_404
from apps.web.fields import RowChoiceField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pk", ["abc", "", None, "1.5", "-3", "0", str(MAX_ID + 1), "9" * 30, "١٢"])
def test_a_key_that_is_no_database_id_is_404(pk):
    with CaptureQueriesContext(connection) as ctx, pytest.raises(Http404):
        row_or_404(User.objects.all(), pk)
    assert not ctx.captured_queries  # refused before the database is asked


def test_a_row_outside_the_queryset_is_404(make_user):
    clerk = make_user("row_clerk", roles=["unit_clerk"])
    assert row_or_404(User.objects.all(), str(clerk.pk)) == clerk
    with pytest.raises(Http404):
        row_or_404(User.objects.exclude(pk=clerk.pk), clerk.pk)
    with pytest.raises(Http404):
        row_or_404(User.objects.all(), MAX_ID)


def test_the_row_is_read_by_key_without_the_lists_order_and_with_only_the_named_joins(make_user):
    clerk = make_user("row_clerk", roles=["unit_clerk"])
    listed = User.objects.select_related("unit", "division").order_by("-date_joined", "username")
    with CaptureQueriesContext(connection) as ctx:
        row_or_404(listed, clerk.pk, related=("unit",))
        row_or_404(listed, clerk.pk, related=())
        row_or_404(listed, clerk.pk)
    named, none, kept = (q["sql"].lower() for q in ctx.captured_queries)
    for sql in (named, none, kept):
        assert " order by " not in sql  # the list's ordering is gone: one row by its key needs none
    assert " join " in named and "org_unit" in named and "org_division" not in named
    assert " join " not in none  # related=() joins nothing (select_related() alone would join every key)
    assert "org_unit" in kept and "org_division" in kept  # None keeps the queryset's joins


def test_an_object_permission_the_user_lacks_is_404(make_user):
    clerk = make_user("row_clerk", roles=["unit_clerk"])
    other = make_user("row_other", roles=["unit_clerk"])
    with pytest.raises(Http404):
        row_or_404(User.objects.all(), other.pk, user=clerk, perm="casework.view_case")


def test_row_choice_field_offers_rows_and_still_checks_its_queryset(make_user):
    named = make_user("row_named", roles=["unit_clerk"], full_name="王小明")
    bare = make_user("row_bare", roles=["unit_clerk"], full_name="")
    field = RowChoiceField(
        queryset=User.objects.filter(pk__in=[named.pk, bare.pk]).order_by("username"),
        label_columns=("full_name", "username"),
        label_from_row=User.display_name,
    )
    with CaptureQueriesContext(connection) as ctx:
        choices = [choice for choice in field.widget.choices]  # as the page iterates them (list() counts)
    assert len(ctx.captured_queries) == 1
    assert choices == [("", field.empty_label), (bare.pk, str(bare)), (named.pk, str(named))]
    assert [label for _pk, label in choices[1:]] == ["row_bare", "王小明"]
    assert field.clean(str(named.pk)) == named
    outsider = make_user("row_outsider", roles=["unit_clerk"])
    with pytest.raises(ValidationError):
        field.clean(str(outsider.pk))
