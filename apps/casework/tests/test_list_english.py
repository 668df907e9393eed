"""The case list in English names the case type, the unit and the division in English, in the table and in
the filter's options (their ``name_en``; the Chinese name where none is filled in); in Chinese, in
Chinese. The filter's choices are built once per process and language (``FrozenChoices``): a unit renamed
here is offered under its new name on the next page."""

import copy
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from apps.core.filters import FastSelect, FrozenChoices

pytestmark = pytest.mark.django_db


def _row_cells(html: str) -> list[str]:
    row = re.search(r"<tr data-case=\"\d+\"[^>]*>(.*?)</tr>", html, re.S)[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return [unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_list_names_type_unit_and_division_in_the_readers_language(new_case, fire, people, login, unit):
    case = fire(new_case("FR"), "submit", people["clerk"])
    unit.name_en = "Xuzhou Municipal Bureau of Education"
    unit.save()
    division = case.division
    division.name_en = division.name_en or "Division of Europe, Africa and Oceania"
    division.save()
    case_type = case.case_type
    case_type.name_en = "Simple case"
    case_type.save()
    s = login(people["staff"])
    url = reverse("casework:list")

    html = s.get(url).content.decode()
    cells = _row_cells(html)
    assert cells[2:5] == [case_type.name, unit.name, division.name]
    assert unit.name in _options(html, "unit") and division.name in _options(html, "division")

    s.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = s.get(url).content.decode()
    cells = _row_cells(html)
    assert cells[2:5] == ["Simple case", "Xuzhou Municipal Bureau of Education", division.name_en]
    units = _options(html, "unit")
    assert "Xuzhou Municipal Bureau of Education" in units and unit.name not in units
    assert division.name_en in _options(html, "division") and "Simple case" in _options(html, "case_type")

    # the English names are read with the rows: in either language a second row costs no statement
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(language):
        s.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        s.get(url)
        with CaptureQueriesContext(connection) as ctx:
            s.get(url)
        return len(ctx.captured_queries)

    one_row = {language: statements(language) for language in ("zh-hans", "en")}
    fire(new_case("FR"), "submit", people["clerk"])
    assert {language: statements(language) for language in ("zh-hans", "en")} == one_row
    s.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # renamed here: the cached choices are forgotten, the next page offers the new name
    unit.name_en = "Xuzhou Education Bureau"
    unit.save()
    units = _options(s.get(url).content.decode(), "unit")
    assert "Xuzhou Education Bureau" in units and "Xuzhou Municipal Bureau of Education" not in units


def test_the_chosen_unit_stays_chosen_and_a_value_outside_the_choices_is_refused(
    new_case, fire, people, login, unit, other_unit
):
    fire(new_case("FR"), "submit", people["clerk"])
    s = login(people["staff"])
    html = s.get(reverse("casework:list"), {"unit": unit.pk}).content.decode()
    assert re.search(rf'<option value="{unit.pk}" selected>', html)
    assert len(re.findall(r"<option [^>]*selected>", html)) == 4  # the unit; every other filter: "all"
    r = s.get(reverse("casework:list"), {"unit": "999999"})
    assert r.status_code == 200 and 'data-testid="case-table"' not in r.content.decode()


def test_frozen_choices_are_shared_not_copied_and_escaped_once():
    choices = FrozenChoices([(1, "<教育局>"), (2, "A & B")])
    assert copy.deepcopy(choices) is choices and copy.copy(choices) is choices
    assert list(choices) == [(1, "<教育局>"), (2, "A & B")] and len(choices) == 2 and choices[1][0] == 2
    html = FastSelect(choices=choices).render("unit", "2")
    assert '<option value="1">&lt;教育局&gt;</option>' in html
    assert '<option value="2" selected>A &amp; B</option>' in html
    # rendering again with another value marks only that one (the cached markup is not changed)
    again = FastSelect(choices=choices).render("unit", "1")
    assert '<option value="1" selected>' in again and '<option value="2">' in again
