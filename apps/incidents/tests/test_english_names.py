"""A case page in English names the handling division and the units in English (their ``name_en``), as
the menus do; in Chinese, in Chinese. The incident page stands for every case page that shows them."""

import datetime as dt
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from apps.incidents import services

from .test_incidents import incident  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _shown(html: str) -> tuple[str, str, str]:
    """The division's cell in the case's facts, the circle's line and the tasks table's first cell."""
    cells = " ".join(re.findall(r'<dd class="col-sm-8">([^<]*)</dd>', html))
    circle = re.search(r'data-testid="circle">.*?<p class="small mb-1">(.*?)</p>', html, re.S)[1]
    task_unit = re.search(r'data-testid="tasks">.*?<tbody><tr><td>(.*?)</td>', html, re.S)[1]
    return unescape(cells), unescape(circle), unescape(task_unit)


def test_the_division_and_units_are_named_in_the_readers_language(incident, people, login, unit):  # noqa: F811
    division = incident.division
    division.name_en = division.name_en or "Foreign-related Affairs Division"
    division.save()
    unit.name_en = unit.name_en or "Xuzhou Municipal Bureau of Education"
    unit.save()
    services.task_add(
        incident=incident,
        by=people["staff"],
        unit=unit,
        description="了解情况",
        due_date=dt.date.today() + dt.timedelta(days=5),
    )
    s = login(people["staff"])
    url = reverse("incidents:detail", args=[incident.pk])

    cells, circle, task_unit = _shown(s.get(url).content.decode())
    assert division.name in cells and division.name in circle and unit.name in circle
    assert task_unit == unit.name

    s.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cells, circle, task_unit = _shown(s.get(url).content.decode())
    assert division.name_en in cells and division.name not in cells
    assert division.name_en in circle and unit.name_en in circle and unit.name not in circle
    assert "; units tasked: " in circle and "；" not in circle  # English punctuation in English
    assert task_unit == unit.name_en


def _unit_options(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="unit"[^>]*>(.*?)</select>', html, re.S)[1]
    return [unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_task_units_picker_names_units_in_the_readers_language(incident, people, login, unit):  # noqa: F811
    unit.name_en = "Xuzhou Municipal Bureau of Education"
    unit.save()
    s = login(people["staff"])
    url = reverse("incidents:detail", args=[incident.pk])
    assert unit.name in _unit_options(s.get(url).content.decode())
    s.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    options = _unit_options(s.get(url).content.decode())
    assert "Xuzhou Municipal Bureau of Education" in options and unit.name not in options
