"""Inbound visits on the partner register's pages: the country overview lists the delegations that came
from the country, and a partner city's activity log the visits from that city — by reference (number,
name, dates, state label), only for readers whose data scope reaches the visit."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.visits.models import Visit

from .test_flow import walk_to_approval

pytestmark = pytest.mark.django_db


def test_country_overview_lists_the_visits_the_reader_may_see(make_visit, people, login):
    visit = walk_to_approval(make_visit("法国里昂市代表团来访"), people)
    draft = make_visit("法国尼斯市代表团（草稿）")
    detail = reverse("visits:detail", args=[visit.pk])
    url = reverse("partners:country", args=["FR"])

    # the owning division's staff: the approved visit, linked, with its number, dates and state label
    body = login(people["staff"]).get(url).content.decode()
    section = body.split('data-testid="country-visits"')[1].split("</table>")[0]
    assert "法国里昂市代表团来访" in section and f'href="{detail}"' in section
    assert visit.reference in section and "已批准" in section and "approved" not in section
    assert visit.arrival_date.strftime("%Y-%m-%d") in section
    assert visit.departure_date.strftime("%Y-%m-%d") in section
    assert "法国尼斯市代表团" not in section  # a unit's draft is the unit's own

    # another division reads the country page but its scope does not reach the visit: not listed at all
    other = login(people["geo_staff"], c=Client())
    r = other.get(url)
    assert r.status_code == 200
    assert "法国里昂市代表团来访" not in r.content.decode()
    assert "法国尼斯市代表团" not in r.content.decode()
    assert draft.pk  # (made, only not shown)


def test_partner_activity_log_has_the_visits_from_the_city(make_visit, people, login, divisions, france):
    from apps.partners.models import Partner

    partner = Partner.objects.create(
        name_zh="圣艾蒂安市",
        country=france,
        category="friendship",
        division=divisions["europe_africa_oceania"],
    )
    came = walk_to_approval(make_visit("圣艾蒂安市代表团来访"), people)
    coming = walk_to_approval(make_visit("圣艾蒂安市代表团再访"), people)
    past = timezone.localdate() - dt.timedelta(days=10)
    Visit.objects.filter(pk=came.pk).update(
        partner=partner, arrival_date=past, departure_date=past + dt.timedelta(days=1)
    )
    Visit.objects.filter(pk=coming.pk).update(partner=partner)  # not arrived yet: not in the log
    url = reverse("partners:detail", args=[partner.pk])

    body = login(people["staff"]).get(url).content.decode()
    assert "圣艾蒂安市代表团来访" in body and came.reference in body
    assert "圣艾蒂安市代表团再访" not in body
    r = login(people["geo_staff"], c=Client()).get(url)  # reads the register, not the visit
    assert r.status_code == 200 and "圣艾蒂安市" in r.content.decode()
    assert "圣艾蒂安市代表团来访" not in r.content.decode()
