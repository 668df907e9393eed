"""The inbox can be searched, filtered and sorted (issue 9, E19) through its FilterSet."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.casework.filters import InboxFilter
from apps.casework.models import Case

pytestmark = pytest.mark.django_db


def _submitted(new_case, fire, people, country="FR", **kw):
    return fire(new_case(country, **kw), "submit", people["clerk"])


def titles(user, data):
    return [c.title for c in InboxFilter(data, user=user).qs]


def test_inbox_search_filter_and_sort(new_case, fire, people, login, client):
    a = _submitted(new_case, fire, people, title="赴法国巴黎交流")
    b = _submitted(new_case, fire, people, title="赴德国柏林访问")
    c = _submitted(new_case, fire, people, title="赴法国里昂培训")
    today = timezone.localdate()
    Case.objects.filter(pk=a.pk).update(due_date=today + timezone.timedelta(days=9))
    Case.objects.filter(pk=b.pk).update(due_date=today - timezone.timedelta(days=2))  # overdue
    Case.objects.filter(pk=c.pk).update(due_date=today + timezone.timedelta(days=3))
    staff = people["staff"]
    assert titles(staff, {}) == [b.title, c.title, a.title]  # overdue first, then the nearest due date
    assert titles(staff, {"q": "法国"}) == [c.title, a.title]
    assert titles(staff, {"q": b.reference}) == [b.title]
    assert titles(staff, {"overdue": "on"}) == [b.title]
    assert titles(staff, {"sort": "-created"}) == [c.title, b.title, a.title]
    assert titles(staff, {"sort": "created"}) == [a.title, b.title, c.title]
    assert titles(staff, {"sort": "nonsense"}) == []  # an invalid value: no rows and the message
    login(staff)
    html = client.get(reverse("casework:inbox"), {"q": "法国"}).content.decode()
    assert 'role="search"' in html and a.title in html and b.title not in html
    assert "共 3 件待办" in html  # the badge counts the whole inbox
