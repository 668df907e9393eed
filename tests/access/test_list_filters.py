"""A list's filters only narrow what its selector lets the user see: the data scope is applied first and no
filter value (another unit's id, the outside record's name or number, a stopped unit) reaches a record
outside it — not through the FilterSet, not on the page, not through the API, not in an export.

One test per list; every FilterSet of every list is also checked to return a subset of its selector's rows
for ordinary and hostile values (a filter method that started again from ``Model.objects`` would fail).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from apps.accounts import roles as R

from ..world import MARK

pytestmark = pytest.mark.django_db

TABLE = re.compile(r"<table.*?</table>", re.S)
HOSTILE = ["", "abc", "-1", "99999999999999999999", "<script>", "a\u202eb", "长" * 200]


def _pks(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def _assert_narrows(f):
    """The FilterSet's rows are among its selector's rows."""
    assert _pks(f.qs) <= _pks(f.scoped()), f"{type(f).__name__}({dict(f.data)}) widened the list"


def _outside_absent(client, url, params, marker):
    """The page's table lists nothing with ``marker`` (the filter form and the export button keep what was
    typed: they are not the list). An ID or passport number is sealed by a redirect first (issue 14)."""
    page = client.get(url, params, follow=True)
    assert page.status_code == 200, f"{url} {params}: {page.status_code}"
    tables = "".join(TABLE.findall(page.content.decode()))
    assert marker not in tables, f"{url} {params} lists {marker}"


def _api_outside_absent(client, url, params, marker):
    answer = client.get(url, params)
    assert answer.status_code in (200, 422), f"{url} {params}: {answer.status_code}"
    assert marker not in answer.content.decode(), f"{url} {params} answers {marker}"


def test_case_list(world, as_role):
    from apps.casework.filters import CaseFilter

    clerk = world.users[R.UNIT_CLERK]
    outside = world.case["outside"]
    attacks = [
        {"unit": world.unit_b.pk},
        {"division": world.div_b.pk},
        {"q": MARK["case"][1]},
        {"case_type": "simple", "state": outside.state},
        {"overdue": "on"},
    ]
    client = as_role(R.UNIT_CLERK)
    for params in attacks:
        f = CaseFilter(params, user=clerk)
        _assert_narrows(f)
        assert outside.pk not in _pks(f.qs)
        _outside_absent(client, reverse("casework:list"), params, MARK["case"][1])
        _api_outside_absent(client, "/api/cases/", params, MARK["case"][1])
    leader = world.users[R.OFFICE_LEADER]  # scope "all": the same filter finds it
    assert _pks(CaseFilter({"q": MARK["case"][1]}, user=leader).qs) == {outside.pk}
    # a division's staff: the other division's case stays out of reach too
    staff = world.users[R.DIVISION_STAFF]
    assert outside.pk not in _pks(CaseFilter({"division": world.div_b.pk}, user=staff).qs)


def test_trip_list_and_its_export(world, as_role):
    from apps.exports.registry import get_exporter
    from apps.trips.filters import TripFilter

    clerk = world.users[R.UNIT_CLERK]
    outside = world.trip["outside"]
    attacks = [
        {"unit": world.unit_b.pk},
        {"q": MARK["trip"][1]},
        {"q": MARK["person"][1]},
        {"country": "JP"},
        {"year": outside.departure_date.year},
        {"month": f"{outside.departure_date:%Y-%m}", "sort": "-unit"},
        {"rank": "division", "stage": outside.stage, "state": outside.state},
    ]
    client = as_role(R.UNIT_CLERK)
    exporter = get_exporter("trips.list")
    for params in attacks:
        f = TripFilter(params, user=clerk)
        _assert_narrows(f)
        assert outside.pk not in _pks(f.qs)
        _outside_absent(client, reverse("trips:trip_list"), params, MARK["trip"][1])
        _api_outside_absent(client, "/api/trips/", params, MARK["trip"][1])
        if f.is_valid():
            assert all(MARK["trip"][1] not in str(row) for row in exporter.rows(clerk, params))
    leader = world.users[R.OFFICE_LEADER]
    assert _pks(TripFilter({"q": MARK["trip"][1]}, user=leader).qs) == {outside.pk}


def test_override_list(world, as_role):
    from apps.trips.filters import OverrideFilter
    from apps.trips.models import FindingOverride

    clerk = world.users[R.UNIT_CLERK]
    marker = "界外例外决定理由"
    outside = FindingOverride.objects.create(
        trip=world.trip["outside"],
        rule_id="invitation_attached",
        severity="warning",
        justification=marker,
        by=world.other_clerk,
    )
    client = as_role(R.UNIT_CLERK)
    for params in ({"q": marker}, {"severity": "warning", "active": "1"}, {"year": outside.at.year}):
        f = OverrideFilter(params, user=clerk)
        _assert_narrows(f)
        assert outside.pk not in _pks(f.qs)
        _outside_absent(client, reverse("trips:report_overrides"), params, marker)
    assert outside.pk in _pks(OverrideFilter({"q": marker}, user=world.users[R.OFFICE_LEADER]).qs)


def test_passport_register_and_its_export(world, as_role):
    from apps.passports import exporters
    from apps.passports.filters import PassportFilter

    clerk = world.users[R.UNIT_CLERK]
    outside = world.passport["outside"]
    attacks = [
        {"unit": world.unit_b.pk},
        {"holder": MARK["person"][1]},
        {"number": MARK["passport"][1]},
        {"kind": outside.kind, "status": "in_custody"},
    ]
    client = as_role(R.UNIT_CLERK)
    for params in attacks:
        f = PassportFilter(params, user=clerk)
        _assert_narrows(f)
        assert outside.pk not in _pks(f.qs)
        _outside_absent(client, reverse("passports:register"), params, MARK["person"][1])
        _api_outside_absent(client, "/api/passports/", params, MARK["person"][1])
        if f.is_valid():
            assert outside.pk not in _pks(exporters.queryset("register", user=clerk, params=params))
    # the custodian (scope "all") finds it by the same number
    leader = world.users[R.OFFICE_LEADER]
    assert _pks(PassportFilter({"number": MARK["passport"][1]}, user=leader).qs) == {outside.pk}


def test_person_registry_and_its_export(world, as_role):
    from apps.people.exporters import rows
    from apps.people.filters import PersonFilter
    from apps.people.models import Person

    clerk = world.users[R.UNIT_CLERK]
    outside = world.person["outside"]
    archived = Person.objects.create(
        unit=world.unit_b, full_name="界外已归档人员", sex="M", date_of_birth="1980-01-01"
    )
    Person.objects.filter(pk=archived.pk).update(archived_at="2026-01-01T00:00:00Z")
    attacks = [{"unit": world.unit_b.pk}, {"q": MARK["person"][1]}, {"archived": "on"}, {"q": "界外"}]
    client = as_role(R.UNIT_CLERK)
    for params in attacks:
        f = PersonFilter(params, user=clerk)
        _assert_narrows(f)
        assert not {outside.pk, archived.pk} & _pks(f.qs)
        _outside_absent(client, reverse("people:list"), params, "界外")
        _api_outside_absent(client, "/api/people/", params, "界外")
        if f.is_valid():
            assert all("界外" not in str(row) for row in rows(clerk, params))
    leader = world.users[R.OFFICE_LEADER]
    assert _pks(PersonFilter({"q": MARK["person"][1]}, user=leader).qs) == {outside.pk}
    assert archived.pk in _pks(PersonFilter({"archived": "on"}, user=leader).qs)


def test_unit_tree_shows_stopped_units_only_to_those_who_may_read_the_organisation(world, as_role):
    from apps.org.filters import UnitFilter
    from apps.org.models import Unit

    stopped = Unit.objects.create(name="界外已停用单位", kind=world.unit_b.kind, is_active=False)
    clerk = world.users[R.UNIT_CLERK]
    f = UnitFilter({"include_inactive": "on", "q": "已停用"}, user=clerk)
    _assert_narrows(f)
    assert stopped.pk not in _pks(f.qs)
    _api_outside_absent(as_role(R.UNIT_CLERK), "/api/org/units", {"include_inactive": "true"}, stopped.name)
    staff = world.users[R.DIVISION_STAFF]
    assert stopped.pk in _pks(UnitFilter({"include_inactive": "on", "q": "已停用"}, user=staff).qs)


def test_user_list_and_login_log_stay_behind_their_permission(world, as_role):
    from django.core.exceptions import PermissionDenied

    from apps.accounts.filters import LoginLogFilter, UserFilter

    for cls in (UserFilter, LoginLogFilter):
        with pytest.raises(PermissionDenied):
            cls({"q": "secadmin", "username": "secadmin"}, user=world.users[R.UNIT_CLERK])
    assert as_role(R.UNIT_CLERK).get("/api/accounts/users", {"q": "secadmin"}).status_code == 403
    admin = world.users[R.SECADMIN]
    for params in ({"unit": world.unit_b.pk}, {"active": "1", "q": "clerk"}, {"division": world.div_b.pk}):
        _assert_narrows(UserFilter(params, user=admin))


def test_my_exports_list_only_my_own(world, as_role):
    client = as_role(R.UNIT_CLERK)
    html = client.get(reverse("exports:list"), {"page": "2"}).content.decode()
    assert f'data-job="{world.export_job["outside"].pk}"' not in html
    assert client.get("/api/exports/").json() and all(
        job["id"] != world.export_job["outside"].pk for job in client.get("/api/exports/").json()
    )


def _all_filtersets(world):
    from apps.accounts.filters import LoginLogFilter, UserFilter
    from apps.casework.filters import CaseFilter
    from apps.org.filters import UnitFilter
    from apps.passports.filters import PassportFilter
    from apps.people.filters import PersonFilter
    from apps.reference.filters import CountryFilter
    from apps.regulations.filters import StandardFilter
    from apps.trips.filters import OverrideFilter, TripFilter

    clerk, admin, auditor = world.users[R.UNIT_CLERK], world.users[R.SECADMIN], world.users[R.SECAUDITOR]
    return [
        (CaseFilter, clerk),
        (TripFilter, clerk),
        (OverrideFilter, clerk),
        (PassportFilter, clerk),
        (PersonFilter, clerk),
        (UnitFilter, clerk),
        (CountryFilter, clerk),
        (StandardFilter, world.users[R.SYSADMIN]),
        (UserFilter, admin),
        (LoginLogFilter, auditor),
    ]


def test_every_filter_of_every_list_only_narrows(world):
    for cls, user in _all_filtersets(world):
        for name in cls.base_filters:
            for value in HOSTILE:
                f = cls({name: value}, user=user)
                _assert_narrows(f)
                if not f.is_valid():
                    assert not f.qs.exists() and f.messages(), f"{cls.__name__} {name}={value!r}"


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# a list whose filters may hold an ID or passport number posts them (issue 14)
FILTER_FORM = re.compile(r'<form method="(?:get|post)"[^>]*role="search".*?</form>', re.S)
LIST_PAGES = [
    (R.OFFICE_LEADER, "casework:list"),
    (R.OFFICE_LEADER, "trips:trip_list"),
    (R.OFFICE_LEADER, "trips:report_overrides"),
    (R.OFFICE_LEADER, "passports:register"),
    (R.OFFICE_LEADER, "people:list"),
    (R.DIVISION_STAFF, "org:unit_list"),
    (R.OFFICE_LEADER, "reference:country_list"),
    (R.SYSADMIN, "regulations:standard_list"),
    (R.SECADMIN, "accounts:user_list"),
    (R.SECAUDITOR, "accounts:login_log"),
    (R.OFFICE_LEADER, "invitations:list"),  # invitations (邀请外国人来华)
]


@pytest.mark.parametrize(("role", "name"), LIST_PAGES)
def test_filter_forms_speak_english_with_english_active(world, as_role, role, name):
    """Labels, empty choices and messages of every list's filters are translated (unit and country
    names in the options are data)."""
    client = as_role(role)
    client.cookies["waiban_language"] = "en"
    bad = {"q": "x" * 101, "country": "x" * 101, "holder": "x" * 101, "username": "x" * 151}
    html = client.get(reverse(name), bad, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    [form] = FILTER_FORM.findall(html)
    assert "invalid-feedback" in form  # a message is shown …
    chrome = re.sub(r"<option[^>]*>[^<]*</option>", "", form)
    assert not CJK.findall(chrome), f"{name}: {CJK.findall(chrome)}"  # … in English, as is the rest
