"""The demo: the real partners only, trips of the demo in partners' activity logs, cases through the real
services, plans; loading twice changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(office, units):
    from apps.accounts import demo as accounts_demo
    from apps.casework.demo import load_routing
    from apps.casework.models import CaseType
    from apps.org.models import Division
    from apps.reference.models import Country
    from apps.trips.migrations_data import ensure_case_type
    from apps.trips.models import Leg, Trip

    accounts_demo.load(office=office, units=units)
    load_routing({d.code: d for d in Division.objects.all()})
    ensure_case_type()
    from apps.accounts.models import User

    clerk = User.objects.get(username="zhuanban")
    today = timezone.localdate()
    for n, (iso2, city) in enumerate((("JP", "福冈"), ("DE", "慕尼黑"), ("FR", "巴黎"))):
        trip = Trip.objects.create(
            case_type=CaseType.objects.get(code="trip"),
            title=f"赴{city}交流",
            applicant_unit=clerk.unit,
            created_by=clerk,
            state="closed",
            reference=f"徐外出〔2026〕09{n}",
            division=Division.objects.get(code="outbound"),
            departure_date=today - dt.timedelta(days=40 + n),
            actual_departure_date=today - dt.timedelta(days=40 + n),
        )
        Leg.objects.create(trip=trip, country=Country.objects.get(iso2=iso2), city=city)


def test_demo_loads_real_partners_links_trips_and_is_idempotent(demo_world):
    from apps.partners import demo
    from apps.partners.models import (
        BaseTwinning,
        ExchangePlan,
        Partner,
        PartnerActivity,
        PartnershipCase,
        TwinningCase,
    )

    result = demo.load()
    assert not result["failed"], result
    assert Partner.objects.count() == 14  # the real list, nothing invented
    handa = Partner.objects.get(name_zh="半田市")
    refs = set(
        PartnerActivity.objects.filter(partner=handa, case__isnull=False).values_list(
            "case__reference", flat=True
        )
    )
    assert "徐外出〔2026〕090" in refs
    assert PartnerActivity.objects.filter(
        partner__name_zh="埃尔福特", case__reference="徐外出〔2026〕091"
    ).exists()
    assert PartnershipCase.objects.filter(state="approved", stage="city").exists()
    assert not PartnershipCase.objects.filter(stage="established").exists()
    assert TwinningCase.objects.filter(stage="approved").count() == 1 and BaseTwinning.objects.count() == 1
    assert ExchangePlan.objects.filter(is_hk_macao=True).exists()
    counts = (PartnerActivity.objects.count(), PartnershipCase.objects.count(), ExchangePlan.objects.count())
    again = demo.load()
    assert not again["failed"]
    assert counts == (
        PartnerActivity.objects.count(),
        PartnershipCase.objects.count(),
        ExchangePlan.objects.count(),
    )
