"""The custody lists go through apps.exports: scope, masked numbers, filters, audit, the old link."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.exports import services as exports
from apps.exports.models import ExportJob
from apps.passports import services

from .factories import PassportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def passports(person_factory, unit_a, unit_b):
    mine = PassportFactory(holder=person_factory(unit=unit_a, full_name="甲单位人"), number="E11112222")
    theirs = PassportFactory(holder=person_factory(unit=unit_b, full_name="乙单位人"), number="E33334444")
    return mine, theirs


def sheet(job):
    with job.file.open("rb") as fh:
        return list(load_workbook(io.BytesIO(fh.read())).active.values)


def test_clerk_export_holds_only_their_unit_with_masked_numbers(clerk_a, passports):
    mine, _theirs = passports
    job = exports.export_start(user=clerk_a, kind="passports.register", params={})
    assert job.status == ExportJob.Status.DONE and job.row_count == 1
    rows = sheet(job)
    assert rows[0][:4] == ("持照人", "单位", "证照类型", "证照号码")
    assert [r[0] for r in rows[1:]] == ["甲单位人"]
    assert rows[1][3] == mine.number_masked != "E11112222"
    assert "E11112222" not in str(rows) and "乙单位人" not in str(rows)
    start = AuditEvent.objects.get(action="exports.start")
    assert start.actor == clerk_a and start.extra["kind"] == "passports.register"
    assert start.extra["rows"] == 1


def test_custodian_sees_every_unit_and_the_filters_apply(custodian, passports, unit_b):
    job = exports.export_start(user=custodian, kind="passports.register", params={})
    assert sorted(r[0] for r in sheet(job)[1:]) == sorted(["甲单位人", "乙单位人"])
    job = exports.export_start(user=custodian, kind="passports.register", params={"unit": str(unit_b.pk)})
    assert [r[0] for r in sheet(job)[1:]] == ["乙单位人"]
    start = AuditEvent.objects.filter(action="exports.start").order_by("-id").first()
    assert start.extra["filters"] == {"unit": str(unit_b.pk)}


def test_out_and_overdue_lists(custodian, passports):
    mine, theirs = passports
    today = timezone.localdate()
    ago = today - datetime.timedelta(days=9)
    for p, due in ((mine, today + datetime.timedelta(days=5)), (theirs, today - datetime.timedelta(days=3))):
        services.check_out(passport=p, case=None, due_back=due, by=custodian, purpose="出访", today=ago)
    out = sheet(exports.export_start(user=custodian, kind="passports.out", params={}))
    assert {r[0] for r in out[1:]} == {"甲单位人", "乙单位人"}
    overdue = sheet(exports.export_start(user=custodian, kind="passports.overdue", params={}))
    assert [(r[0], r[9]) for r in overdue[1:]] == [("乙单位人", 3)]


def test_list_page_button_and_download_are_audited(login, clerk_a, passports):
    c = login(clerk_a)
    page = c.get(reverse("passports:register"), {"holder": "甲"}).content.decode()
    assert 'data-export="passports.register"' in page and 'name="holder" value="甲"' in page
    r = c.post(reverse("exports:start"), {"kind": "passports.register", "holder": "甲"})
    assert r.status_code == 302
    r = c.get(r["Location"])
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert [row[0] for row in rows[1:]] == ["甲单位人"]
    assert AuditEvent.objects.filter(action="exports.download", actor=clerk_a).count() == 1


def test_old_link_redirects_to_the_export(login, clerk_a, passports, settings):
    c = login(clerk_a)
    r = c.get(reverse("passports:export", args=["register"]))
    assert r.status_code == 302 and "/exports/" in r["Location"] and "/download/" in r["Location"]
    job = ExportJob.objects.get()
    assert job.kind == "passports.register" and job.user == clerk_a and job.row_count == 1
    assert c.get(reverse("passports:export", args=["nonsense"]))["Location"] == reverse("passports:register")
    # A large export runs in the background and the link leads to 我的导出.
    settings.WAIBAN = {**settings.WAIBAN, "EXPORT_SYNC_MAX_ROWS": 0}
    r = c.get(reverse("passports:export", args=["register"]))
    assert r.status_code == 302 and r["Location"] == reverse("exports:list")
    assert ExportJob.objects.filter(background=True).count() == 1


def test_export_needs_the_passport_permission(login, make_user, passports):
    nobody = make_user("nobody")
    c = login(nobody)
    assert c.post(reverse("exports:start"), {"kind": "passports.register"}).status_code == 403
    assert not ExportJob.objects.exists()
