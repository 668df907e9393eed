"""The person list goes through apps.exports: scope, filters, masked ID numbers, audit rows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.exports import services as exports
from apps.exports.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(person_factory, unit_a, unit_b):
    return (
        person_factory(unit=unit_a, full_name="甲单位人", is_leader_of_unit=True),
        person_factory(unit=unit_b, full_name="乙单位人"),
    )


def sheet(job):
    with job.file.open("rb") as fh:
        return list(load_workbook(io.BytesIO(fh.read())).active.values)


def test_clerk_export_holds_only_their_unit_with_masked_id_numbers(clerk_a, people):
    mine, theirs = people
    job = exports.export_start(user=clerk_a, kind="people.list", params={})
    assert job.status == ExportJob.Status.DONE and job.row_count == 1
    rows = sheet(job)
    assert rows[0][0] == "姓名" and rows[0][6] == "身份证号码"
    assert rows[1][0] == "甲单位人" and rows[1][7] == "是"
    assert rows[1][6] == mine.id_number_masked and "*" in rows[1][6]
    text = str(rows)
    assert mine.id_number not in text and theirs.id_number not in text and "乙单位人" not in text
    assert mine.date_of_birth.isoformat() not in text
    start = AuditEvent.objects.get(action="exports.start")
    assert start.actor == clerk_a and start.extra == {
        "kind": "people.list",
        "filters": {},
        "rows": 1,
        "background": False,
    }


def test_office_staff_export_with_filters(custodian, people, unit_b):
    job = exports.export_start(user=custodian, kind="people.list", params={})
    assert {r[0] for r in sheet(job)[1:]} == {"甲单位人", "乙单位人"}
    job = exports.export_start(user=custodian, kind="people.list", params={"unit": str(unit_b.pk)})
    assert [r[0] for r in sheet(job)[1:]] == ["乙单位人"]
    job = exports.export_start(user=custodian, kind="people.list", params={"q": "甲单位"})
    assert [r[0] for r in sheet(job)[1:]] == ["甲单位人"]


def test_list_page_button_posts_the_filters_and_download_is_audited(login, clerk_a, people):
    c = login(clerk_a)
    page = c.get(reverse("people:list"), {"q": "甲"}).content.decode()
    assert 'data-export="people.list"' in page and 'name="q" value="甲"' in page
    r = c.post(reverse("exports:start"), {"kind": "people.list", "q": "甲"})
    assert r.status_code == 302
    r = c.get(r["Location"])
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert [row[0] for row in rows[1:]] == ["甲单位人"]
    download = AuditEvent.objects.get(action="exports.download")
    assert download.actor == clerk_a and download.extra["filters"] == {"q": "甲"}


def test_export_needs_people_view(login, make_user, people):
    c = login(make_user("nobody"))
    assert c.post(reverse("exports:start"), {"kind": "people.list"}).status_code == 403
    assert not ExportJob.objects.exists()
