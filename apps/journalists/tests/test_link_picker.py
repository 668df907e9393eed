"""The interview page's journalist picker (``apps.web.widgets.RemoteSearchSelect``): the page holds only
the chosen journalist, whatever the register's size; the picker's list comes from the register's API in
the reviewer's scope; a submitted journalist is still checked against that scope."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.journalists import services
from apps.journalists.models import InterviewRequest

from .test_register_and_interviews import _interview, fire

pytestmark = pytest.mark.django_db


def _register(people, countries, n):
    return [
        services.journalist_create(
            by=people["staff"],
            data={
                "name": f"Reporter {k:02d}",
                "nationality": countries["DE"],
                "kind": "resident",
                "visa_kind": "J1",
                "media": f"示例报{k:02d}",
                "arrival_date": dt.date(2026, 2, 6),
            },
        )
        for k in range(n)
    ]


def _claimed(people, countries):
    i = _interview(people, countries, consent_given=True, consent_on=dt.date.today())
    fire(i, "submit", people["clerk"])
    fire(i, "claim", people["staff"])
    return InterviewRequest.objects.get(pk=i.pk)


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="journalist"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the page has no journalist picker"
    return re.findall(r'<option value="([^"]*)"', select[1])


def test_the_page_holds_only_the_chosen_journalist(people, countries, login):
    journalists = _register(people, countries, 12)
    i = _claimed(people, countries)
    s = login(people["staff"])
    url = reverse("journalists:interview_detail", args=[i.pk])
    html = s.get(url).content.decode()
    assert _options(html) == [""]  # none chosen yet: only the empty choice, not twelve journalists
    assert 'data-remote="1"' in html and 'data-search-url="/api/journalists/"' in html

    chosen = journalists[7]
    r = s.post(reverse("journalists:interview_link", args=[i.pk]), {"journalist": chosen.pk})
    assert r.status_code == 302
    html = s.get(url).content.decode()
    assert _options(html) == ["", str(chosen.pk)]
    assert "Reporter 07（示例报07）" in html and "Reporter 08" not in html


def test_the_list_comes_from_the_api_in_scope(people, countries, login):
    _register(people, countries, 3)
    s = login(people["staff"])
    rows = s.get("/api/journalists/?q=Reporter 01").json()
    assert [r["label"] for r in rows] == ["Reporter 01（示例报01）"]
    clerk = login(people["clerk"], c=type(s)())
    r = clerk.get("/api/journalists/?q=Reporter")
    assert r.status_code == 200 and r.json() == []  # a unit's clerk sees no journalist of the register


@pytest.mark.parametrize("value", ["999999", "abc", "1.5", "9" * 30, "-1"])
def test_a_journalist_outside_the_register_is_refused(people, countries, login, value):
    _register(people, countries, 1)
    i = _claimed(people, countries)
    s = login(people["staff"])
    r = s.post(reverse("journalists:interview_link", args=[i.pk]), {"journalist": value})
    assert r.status_code == 400
    assert InterviewRequest.objects.get(pk=i.pk).journalist_id is None
    assert _options(r.content.decode()) == [""]  # the page answers with the picker, not a server error
