"""Excel exports of the trip list and reports: the file holds what the list shows, within scope."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.exports import services as exports
from apps.exports.models import ExportJob

from .test_reports import other_trip  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


def rows_of(job):
    with job.file.open("rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    return [tuple(c.value for c in row) for row in wb.active.iter_rows()]


def test_clerk_export_holds_only_their_units_trips(make_trip, other_trip, people):  # noqa: F811
    trip = make_trip()
    job = exports.export_start(user=people["clerk"], kind="trips.list", params={})
    rows = rows_of(job)
    assert rows[0][:3] == ("编号", "标题", "申报单位")
    assert [r[1] for r in rows[1:]] == [trip.title]
    job = exports.export_start(user=people["leader"], kind="trips.list", params={})
    assert {r[1] for r in rows_of(job)[1:]} == {trip.title, other_trip.title}


def test_export_button_carries_the_filters(make_trip, other_trip, people, login, client):  # noqa: F811
    make_trip()
    login(people["leader"])
    html = client.get(reverse("trips:trip_list"), {"country": "FR", "page": "1"}).content.decode()
    assert '<input type="hidden" name="country" value="FR">' in html
    assert 'name="page"' not in html.split('data-export="trips.list"')[1].split("</form>")[0]
    response = client.post(reverse("exports:start"), {"kind": "trips.list", "country": "FR"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:download", args=[job.pk])
    assert [r[1] for r in rows_of(job)[1:]] == [other_trip.title]
    event = AuditEvent.objects.get(action="exports.start")
    assert event.extra["filters"] == {"country": "FR"} and event.extra["rows"] == 1


def test_the_api_and_an_export_apply_the_list_filters(make_trip, other_trip, people, login, client):  # noqa: F811
    trip = make_trip()
    login(people["leader"])
    assert [t["title"] for t in client.get("/api/trips/", {"country": "fr"}).json()] == [other_trip.title]
    month = f"{trip.departure_date:%Y-%m}"
    assert trip.title in {t["title"] for t in client.get("/api/trips/", {"month": month}).json()}
    r = client.get("/api/trips/", {"month": "13-2026"})
    assert r.status_code == 422 and "请按“年-月”填写" in r.json()["detail"][0]["msg"]
    # an export with a bad filter is refused with the message, not exported unfiltered or empty
    response = client.post(
        reverse("exports:start"), {"kind": "trips.list", "month": "13-2026"}, HTTP_REFERER="/trips/list/"
    )
    assert response.status_code == 302 and not ExportJob.objects.exists()
    shown = client.get(response["Location"]).content.decode()
    assert "筛选条件无效，无法导出" in shown and "出境月份" in shown


def test_statistics_and_overdue_exports(approved_trip, people):
    year = approved_trip.departure_date.year
    job = exports.export_start(
        user=people["leader"], kind="trips.statistics", params={"year": year, "by": "country"}
    )
    rows = rows_of(job)
    assert rows[0][0] == "国家（地区）"
    assert rows[1][:5] == ("日本", 1, 2, 5, 10)
    assert rows[-1][:2] == ("合计", 1)
    job = exports.export_start(user=people["other_clerk"], kind="trips.statistics", params={"year": year})
    assert rows_of(job)[1][:2] == ("合计", 0)
    job = exports.export_start(user=people["leader"], kind="trips.overdue_reports", params={})
    assert job.row_count == 0


def test_traveller_cannot_export_reports(people, make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        exports.export_start(user=make_user("t", roles=["traveller"]), kind="trips.overrides", params={})
