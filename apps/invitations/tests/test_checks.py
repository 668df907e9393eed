"""The checks at their boundaries: each limit is data with a citation (apps.invitations.conf)."""

import datetime as dt

import pytest

from apps.invitations import checks, conf
from apps.invitations.checks import Draft, InviteeDraft

from .conftest import fire, invitee

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def _draft(countries, *, entry_in=40, stay=7, visa="F", months=3, expiry=None, iso="DE", passport="P1234567"):
    entry = TODAY + dt.timedelta(days=entry_in)
    return Draft(
        entry_date=entry,
        stay_days=stay,
        visa_type=visa,
        validity_months=months,
        invitees=[
            InviteeDraft(
                name="TEST GUEST",
                nationality=countries[iso],
                passport_number=passport,
                passport_expiry=expiry,
            )
        ],
    )


def _rules(findings, severity=None):
    return {f.rule for f in findings if severity is None or f.severity == severity}


def test_lead_time_boundary(countries):
    lead = conf.LEAD_DAYS.value
    assert lead == 30 and "常州" in str(conf.LEAD_DAYS.citation)
    assert "lead_time" not in _rules(checks.run(_draft(countries, entry_in=lead), today=TODAY))
    found = checks.run(_draft(countries, entry_in=lead - 1), today=TODAY)
    [f] = [f for f in found if f.rule == "lead_time"]
    assert f.severity == checks.WARNING and "29 天" in f.message and f.citation
    assert "entry_date" in _rules(checks.run(_draft(countries, entry_in=-1), today=TODAY), checks.ERROR)
    assert "entry_date" not in _rules(checks.run(_draft(countries, entry_in=0), today=TODAY), checks.ERROR)


def test_stay_boundary_per_visa_kind(countries):
    assert "stay" not in _rules(checks.run(_draft(countries, stay=180), today=TODAY))
    found = checks.run(_draft(countries, stay=181), today=TODAY)
    [f] = [f for f in found if f.rule == "stay"]
    assert f.severity == checks.ERROR and "637" in f.citation
    assert "stay" not in _rules(checks.run(_draft(countries, visa="M", stay=180), today=TODAY))
    # a visa kind without a configured limit: the short-stay limit, and a note that it is not configured
    found = checks.run(_draft(countries, visa="Z", stay=181), today=TODAY)
    assert {"visa_type", "stay"} <= _rules(found)


def test_passport_must_cover_the_stay(countries):
    entry = TODAY + dt.timedelta(days=40)
    exit_day = entry + dt.timedelta(days=6)  # 7 days, both ends counted
    ok = checks.run(_draft(countries, expiry=exit_day), today=TODAY)
    assert "passport_validity" not in _rules(ok)
    bad = checks.run(_draft(countries, expiry=exit_day - dt.timedelta(days=1)), today=TODAY)
    assert "passport_validity" in _rules(bad, checks.ERROR)


def test_passport_margin_is_configurable(countries, settings):
    entry = TODAY + dt.timedelta(days=40)
    exit_day = entry + dt.timedelta(days=6)
    settings.WAIBAN = {**getattr(settings, "WAIBAN", {}), "INVITATION_PASSPORT_MARGIN_DAYS": 180}
    found = checks.run(_draft(countries, expiry=exit_day + dt.timedelta(days=179)), today=TODAY)
    assert "passport_validity" in _rules(found, checks.ERROR)
    found = checks.run(_draft(countries, expiry=exit_day + dt.timedelta(days=180)), today=TODAY)
    assert "passport_validity" not in _rules(found)


def test_validity_limit_boundary(countries):
    assert "validity" not in _rules(checks.run(_draft(countries, months=60), today=TODAY))
    assert "validity" in _rules(checks.run(_draft(countries, months=61), today=TODAY), checks.ERROR)


def test_extra_check_nationalities(countries, settings):
    found = checks.run(_draft(countries), today=TODAY)
    [f] = [f for f in found if f.rule == "extra_check"]
    assert f.severity == checks.INFO and "未配置" in f.message and f.office_only
    settings.WAIBAN = {**getattr(settings, "WAIBAN", {}), "INVITATION_EXTRA_CHECK_NATIONALITIES": ["DE"]}
    [f] = [f for f in checks.run(_draft(countries), today=TODAY) if f.rule == "extra_check"]
    assert f.severity == checks.WARNING and f.office_only
    assert not [f for f in checks.run(_draft(countries, iso="FR"), today=TODAY) if f.rule == "extra_check"]


def test_duplicate_across_units_is_shown_to_the_office_only(make_invitation, people, countries, other_unit):
    from apps.invitations.models import Invitation

    first = make_invitation(n=1, invitees=[invitee(countries, 1, passport="DUP1234567")])
    fire(first, "submit", people["clerk"])
    entry = first.entry_date
    # another unit invites the same passport for overlapping dates
    second = make_invitation(
        n=1,
        by=people["other_clerk"],
        unit_=other_unit,
        invitees=[invitee(countries, 1, passport="DUP1234567")],
        entry_date=entry + dt.timedelta(days=6),  # the last day of the first stay
    )
    rules = {f["rule"]: f for f in second.last_check}
    assert "duplicate" in rules and rules["duplicate"]["office_only"]
    assert checks.visible(second.last_check, office=False) == [
        f for f in checks.visible(second.last_check, office=True) if not f["office_only"]
    ]
    # the day after the first stay: no overlap
    Invitation.objects.filter(pk=second.pk).update(entry_date=entry + dt.timedelta(days=7))
    second.refresh_from_db()
    again = checks.run(checks.draft_from(second), unit_id=other_unit.pk)
    assert "duplicate" not in _rules(again)
    # the same unit inviting again is not a duplicate across units
    third = make_invitation(n=1, invitees=[invitee(countries, 1, passport="DUP1234567")])
    assert "duplicate" not in {f["rule"] for f in third.last_check}


def test_duplicates_never_shown_on_the_applicant_page(
    client, login, make_invitation, people, countries, other_unit
):
    first = make_invitation(n=1, invitees=[invitee(countries, 1, passport="DUP7654321")])
    fire(first, "submit", people["clerk"])
    second = make_invitation(
        n=1,
        by=people["other_clerk"],
        unit_=other_unit,
        invitees=[invitee(countries, 1, passport="DUP7654321")],
    )
    login(people["other_clerk"])
    html = client.get(f"/invitations/{second.pk}/").content.decode()
    first.refresh_from_db()
    assert "日期重叠" not in html and first.reference not in html
