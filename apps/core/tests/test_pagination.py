"""The list paginator: capped count, reversed last pages and "keys first" deep pages give the same rows
as a plain paginator."""

import pytest
from django.core.paginator import Paginator

from apps.core import pagination
from apps.core.pagination import AtLeast, ReversiblePaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(django_user_model):
    django_user_model.objects.bulk_create(
        [django_user_model(username=f"p{i:03d}", full_name=f"用户{i}") for i in range(57)]
    )
    return django_user_model.objects.filter(username__startswith="p").order_by("-username")


def _names(page):
    return [u.username for u in page.object_list]


def test_every_page_matches_a_plain_paginator(rows, monkeypatch):
    monkeypatch.setattr(pagination, "DEFER_FROM", 10)  # exercise the "keys first" path too
    plain = Paginator(rows, 5)
    ours = ReversiblePaginator(rows, 5)
    assert ours.count == 57 and not ours.capped
    for n in range(1, plain.num_pages + 1):
        assert _names(ours.page(n)) == _names(plain.page(n)), n


def test_count_stops_at_the_cap(rows):
    p = ReversiblePaginator(rows, 5, count_cap=20)
    assert p.count == 20 and isinstance(p.count, AtLeast) and p.capped
    assert str(p.count) == "20+"
    assert p.num_pages == 4
    # pages past the cap end at the last capped page, in the normal order
    page = p.get_page(99)
    assert page.number == 4
    assert _names(page) == [f"p{i:03d}" for i in range(56 - 15, 56 - 20, -1)]


def test_under_the_cap_the_count_is_exact(rows):
    p = ReversiblePaginator(rows, 5, count_cap=57)
    assert p.count == 57 and not p.capped and str(p.count) == "57"
    assert _names(p.page(12)) == ["p001", "p000"]


def test_capped_list_shows_plus_in_the_page(client, make_user, rows, settings):
    # the shared pagination include prints the capped count as "20+"
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    p = ReversiblePaginator(rows, 5, count_cap=20)
    html = render_to_string(
        "web/includes/pagination.html", {"page_obj": p.get_page(1)}, request=RequestFactory().get("/")
    )
    assert "20+" in html


def test_keys_first_pages_match_a_plain_paginator(rows, django_assert_num_queries):
    plain = Paginator(rows, 5)
    ours = ReversiblePaginator(rows, 5, keys_first=True)
    for n in range(1, plain.num_pages + 1):
        assert _names(ours.page(n)) == _names(plain.page(n)), n
    # page 1: the count, the 5 keys, then the 5 rows by key
    fresh = ReversiblePaginator(rows, 5, keys_first=True)
    with django_assert_num_queries(3):
        assert _names(fresh.page(1)) == ["p056", "p055", "p054", "p053", "p052"]


def test_a_known_count_is_not_counted_again(rows, django_assert_num_queries):
    p = ReversiblePaginator(rows, 5, count=57, keys_first=True)
    with django_assert_num_queries(2):  # keys, rows: no COUNT
        assert _names(p.page(2)) == ["p051", "p050", "p049", "p048", "p047"]
    capped = ReversiblePaginator(rows, 5, count=57, count_cap=20)
    assert capped.capped and str(capped.count) == "20+" and capped.num_pages == 4


# --- paginate(): the one function every list page and the API lists use ----------------------------
def test_paginate_reads_the_page_from_the_query_string_with_the_one_page_size(rows, settings):
    from django.test import RequestFactory

    settings.WAIBAN = {**settings.WAIBAN, "LIST_PAGE_SIZE": 10}
    page = pagination.paginate(RequestFactory().get("/", {"page": "2"}), rows)
    assert page.number == 2 and _names(page)[0] == "p046" and page.paginator.num_pages == 6
    # not a number → the first page; beyond the end (or below 1) → the last, never an error
    for value, number in (("abc", 1), ("99", 6), ("-1", 6), ("9" * 30, 6)):
        assert pagination.paginate(RequestFactory().get("/", {"page": value}), rows).number == number, value
    # an API passes its own page number; per_page and a known count are passed through
    page = pagination.paginate(RequestFactory().get("/"), rows, page=3, per_page=20, count=57)
    assert page.number == 3 and _names(page) == [f"p{i:03d}" for i in range(16, -1, -1)]


def test_window_bounds_limit_and_offset(rows):
    assert [u.username for u in pagination.window(rows, limit=0, offset=-5)] == ["p056"]
    assert len(pagination.window(rows, limit=10_000, offset=0, max_limit=50)) == 50
    assert list(pagination.window(rows, limit=5, offset=10**30)) == []
