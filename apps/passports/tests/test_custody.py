import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.core.dates import add_months
from apps.core.errors import ServiceError
from apps.passports import selectors, services
from apps.passports.filters import PassportFilter
from apps.passports.models import CustodyEvent, Kind, Passport, Status
from apps.passports.selectors import unit_suspended

from .factories import PassportFactory
from .test_mrz import LINE1, LINE2

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def holder(person_factory, unit_a):
    return person_factory(unit=unit_a, full_name="王护照")


def _register(by, holder, **kw):
    data = dict(
        holder=holder,
        kind=Kind.OFFICIAL,
        number="S12345678",
        issue_date=datetime.date(2022, 1, 1),
        expiry_date=datetime.date(2032, 1, 1),
        issuing_authority="江苏省人民政府外事办公室",
        today=TODAY,
    )
    data.update(kw)
    return services.passport_create(by=by, **data)


def test_register_encrypts_number_and_logs(custodian, holder):
    p = _register(custodian, holder)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM passports_passport WHERE id = %s", [p.pk])
        assert "S12345678" not in cursor.fetchone()[0]
    assert PassportFilter({"number": "s12345678"}, user=custodian).qs.get() == p
    assert p.status == Status.IN_CUSTODY
    assert p.events.get().kind == CustodyEvent.Kind.REGISTERED
    assert AuditEvent.objects.filter(action="passports.create", target_id=str(p.pk)).exists()


def test_second_valid_official_passport_refused(custodian, holder):
    first = _register(custodian, holder)
    with pytest.raises(ServiceError, match="一人不得同时持有两本有效的因公护照"):
        _register(custodian, holder, number="S87654321")
    with pytest.raises(ServiceError, match="一人不得同时持有两本有效的因公护照"):
        _register(custodian, holder, kind=Kind.PUBLIC_AFFAIRS_ORDINARY, number="P87654321")
    # A permit is another matter; a renewal replaces the first.
    _register(custodian, holder, kind=Kind.HK_MACAO_PERMIT, number="C87654321")
    new = services.renew(
        passport=first,
        by=custodian,
        number="S87654321",
        issue_date=datetime.date(2026, 1, 1),
        expiry_date=datetime.date(2036, 1, 1),
        issuing_authority="江苏省人民政府外事办公室",
        today=TODAY,
    )
    first.refresh_from_db()
    assert first.status == Status.CANCELLED and new.replaces == first
    assert first.events.filter(kind=CustodyEvent.Kind.RENEWED).exists()


def test_mrz_specimen_accepted_when_it_matches_and_mismatch_explained(custodian, person_factory, unit_a):
    anna = person_factory(unit=unit_a, full_name="安娜", sex="F", date_of_birth=datetime.date(1974, 8, 12))
    with pytest.raises(ServiceError, match="有效期"):
        _register(
            custodian,
            anna,
            number="L898902C3",
            issue_date=datetime.date(2007, 4, 16),
            expiry_date=datetime.date(2012, 4, 16),
            mrz_line1=LINE1,
            mrz_line2=LINE2,
        )
    with pytest.raises(ServiceError, match="证件号码与填写的号码不一致"):
        _register(
            custodian,
            anna,
            number="L898902C4",
            issue_date=datetime.date(2007, 4, 16),
            expiry_date=datetime.date(2012, 4, 15),
            mrz_line1=LINE1,
            mrz_line2=LINE2,
        )
    with pytest.raises(ServiceError, match="机读码证件号码校验位错误"):
        _register(
            custodian,
            anna,
            number="L898902C3",
            issue_date=datetime.date(2007, 4, 16),
            expiry_date=datetime.date(2012, 4, 15),
            mrz_line1=LINE1,
            mrz_line2=LINE2.replace("C36", "C35"),
        )
    p = _register(
        custodian,
        anna,
        number="L898902C3",
        issue_date=datetime.date(2007, 4, 16),
        expiry_date=datetime.date(2012, 4, 15),
        mrz_line1=LINE1.lower(),
        mrz_line2=LINE2,
    )
    assert p.status == Status.EXPIRED and p.mrz_line1 == LINE1


def test_check_out_overdue_check_in_with_log(custodian, holder):
    p = _register(custodian, holder)
    due = services.default_due_back(return_date=datetime.date(2026, 3, 20))
    assert due == datetime.date(2026, 3, 27)
    services.check_out(passport=p, case=None, due_back=due, by=custodian, purpose="赴日本考察", today=TODAY)
    p.refresh_from_db()
    assert p.status == Status.OUT and p.effective_status(TODAY) == Status.OUT
    with pytest.raises(ServiceError, match="已借出"):
        services.check_out(passport=p, case=None, due_back=due, by=custodian, purpose="x", today=TODAY)
    later = datetime.date(2026, 3, 30)
    assert p.effective_status(later) == Status.OVERDUE and p.days_overdue(later) == 3
    assert list(selectors.overdue_list(user=custodian, today=later)) == [p]
    assert list(selectors.overdue_list(user=custodian, today=due)) == []
    assert services.refresh_statuses(later)["overdue"] == 1
    p.refresh_from_db()
    assert p.status == Status.OVERDUE
    services.check_in(passport=p, by=custodian, today=later)
    p.refresh_from_db()
    assert p.status == Status.IN_CUSTODY and p.current_checkout is None
    out_event = p.events.get(kind=CustodyEvent.Kind.CHECK_OUT)
    assert out_event.returned_at is not None and out_event.by == custodian and out_event.due_back == due
    assert p.events.filter(kind=CustodyEvent.Kind.CHECK_IN).count() == 1
    assert AuditEvent.objects.get(action="passports.check_in").extra["days_late"] == 3


def test_check_out_for_a_case_through_the_form(login, custodian, clerk_a, holder, unit_a):
    from apps.casework.models import Case, CaseType

    case_type = CaseType.objects.create(
        code="trip_t", name="出访", reference_prefix="徐外测", sla_working_days=10
    )
    case = Case.objects.create(
        case_type=case_type,
        applicant_unit=unit_a,
        created_by=clerk_a,
        title="赴日本考察",
        reference="徐外测/2026/0001",
        division=custodian.division,  # routed to 出国来华管理处, so within the custodian's scope
    )
    p = _register(custodian, holder)
    with pytest.raises(ServiceError, match="用途"):
        services.check_out(passport=p, case=None, due_back=TODAY, by=custodian, today=TODAY)
    c = login(custodian)
    r = c.post(
        reverse("passports:check_out", args=[p.pk]),
        {"case": "徐外测/2026/0001", "return_date": timezone.localdate().isoformat()},
    )
    assert r.status_code == 302
    event = p.events.get(kind=CustodyEvent.Kind.CHECK_OUT)
    assert event.case == case and event.due_back == timezone.localdate() + datetime.timedelta(days=7)
    assert "徐外测/2026/0001" in c.get(reverse("passports:detail", args=[p.pk])).content.decode()
    assert c.get(f"/api/passports/{p.pk}").json()["events"][0]["case_id"] == case.pk
    # A case the user cannot see is not confirmed to exist.
    case.division = None
    case.save()
    r = c.post(
        reverse("passports:check_out", args=[p.pk]),
        {"case": "徐外测/2026/0001", "return_date": timezone.localdate().isoformat()},
    )
    assert r.status_code == 200 and "没有编号为" in r.content.decode()


def _out_with_due(custodian, person, due, number):
    p = PassportFactory(holder=person, number=number)
    services.check_out(passport=p, case=None, due_back=due, by=custodian, purpose="出访", today=due)
    return p


def test_unit_suspension_at_30_and_31_days(custodian, person_factory, unit_a, unit_b):
    p = _out_with_due(custodian, person_factory(unit=unit_a), datetime.date(2026, 1, 1), "S00000001")
    assert unit_suspended(unit_a, datetime.date(2026, 1, 31)) == (False, [])  # 30 days overdue
    suspended, passports = unit_suspended(unit_a, datetime.date(2026, 2, 1))  # 31 days
    assert suspended and passports == [p]
    assert unit_suspended(unit_b, datetime.date(2026, 2, 1)) == (False, [])
    services.check_in(passport=p, by=custodian, today=datetime.date(2026, 2, 1))
    assert unit_suspended(unit_a, datetime.date(2026, 2, 1)) == (False, [])


def test_suspension_rule_is_configurable(settings, custodian, person_factory, unit_a):
    _out_with_due(custodian, person_factory(unit=unit_a), datetime.date(2026, 1, 1), "S00000001")
    settings.WAIBAN = {**settings.WAIBAN, "PASSPORT_SUSPEND_AFTER_OVERDUE_DAYS": 10}
    assert unit_suspended(unit_a, datetime.date(2026, 1, 12))[0]
    settings.WAIBAN = {**settings.WAIBAN, "PASSPORT_SUSPENSION_ENABLED": False}
    assert not unit_suspended(unit_a, datetime.date(2026, 3, 1))[0]


def test_loss_reporting(custodian, holder, login):
    p = _register(custodian, holder)
    c = login(custodian)
    r = c.post(reverse("passports:loss", args=[p.pk]), {"statement": ""})
    assert r.status_code == 200 and 'id="id_statement_errors"' in r.content.decode()
    p.refresh_from_db()
    assert p.status == Status.IN_CUSTODY
    r = c.post(reverse("passports:loss", args=[p.pk]), {"statement": "2026年3月在北京丢失"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.LOST and "宣布作废" in p.notes
    assert p.events.filter(kind=CustodyEvent.Kind.LOST, purpose__contains="北京").exists()
    assert AuditEvent.objects.filter(action="passports.report_loss", target_id=str(p.pk)).exists()
    with pytest.raises(ServiceError, match="已挂失"):
        services.check_out(passport=p, case=None, due_back=TODAY, by=custodian, purpose="x", today=TODAY)
    # A lost passport no longer counts as valid: a new one may be registered.
    assert _register(custodian, holder, number="S99999999").status == Status.IN_CUSTODY


def test_expiring_within_six_months_boundary(custodian, person_factory, unit_a):
    today = timezone.localdate()
    limit = add_months(today, 6)
    inside = PassportFactory(holder=person_factory(unit=unit_a), number="S1", expiry_date=limit)
    PassportFactory(
        holder=person_factory(unit=unit_a), number="S2", expiry_date=limit + datetime.timedelta(days=1)
    )
    PassportFactory(
        holder=person_factory(unit=unit_a), number="S3", expiry_date=today - datetime.timedelta(days=1)
    )
    today_one = PassportFactory(holder=person_factory(unit=unit_a), number="S4", expiry_date=today)
    PassportFactory(
        holder=person_factory(unit=unit_a), number="S5", expiry_date=today, status=Status.CANCELLED
    )
    assert list(selectors.expiring_list(user=custodian)) == [today_one, inside]
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_scope_of_passports(login, clerk_a, custodian, person_factory, unit_a, unit_b):
    mine = PassportFactory(holder=person_factory(unit=unit_a, full_name="本单位持照人"), number="S1")
    theirs = PassportFactory(holder=person_factory(unit=unit_b, full_name="外单位持照人"), number="S2")
    c = login(clerk_a)
    assert c.get(reverse("passports:detail", args=[theirs.pk])).status_code == 404
    assert c.post(reverse("passports:reveal", args=[theirs.pk])).status_code == 404
    assert c.get(f"/api/passports/{theirs.pk}").status_code == 404
    assert c.get(reverse("passports:detail", args=[mine.pk])).status_code == 200
    page = c.get(reverse("passports:register")).content.decode()
    assert "本单位持照人" in page and "外单位持照人" not in page
    assert [p["id"] for p in c.get("/api/passports/").json()] == [mine.pk]
    # A clerk may view but not operate the custody register.
    assert c.get(reverse("passports:check_out", args=[mine.pk])).status_code == 403
    assert c.get(f"/api/passports/units/{unit_b.pk}/suspension").status_code == 404
    assert c.get(f"/api/passports/units/{unit_a.pk}/suspension").json()["suspended"] is False
    assert len(login(custodian).get("/api/passports/").json()) == 2


def test_reveal_number_audited(login, custodian, holder):
    p = _register(custodian, holder)
    c = login(custodian)
    page = c.get(reverse("passports:detail", args=[p.pk])).content.decode()
    assert "S12345678" not in page and p.number_masked in page
    r = c.post(reverse("passports:reveal", args=[p.pk]))
    assert "S12345678" in r.content.decode()
    assert AuditEvent.objects.filter(action="sensitive.view", target_id=str(p.pk)).count() == 1


def test_check_out_form_keeps_input_and_shows_log(login, custodian, holder):
    p = _register(custodian, holder)
    c = login(custodian)
    r = c.post(reverse("passports:check_out", args=[p.pk]), {"purpose": "赴韩国交流", "case": "不存在/1"})
    html = r.content.decode()
    assert r.status_code == 200 and "赴韩国交流" in html and "没有编号为" in html
    due = timezone.localdate() + datetime.timedelta(days=20)
    r = c.post(
        reverse("passports:check_out", args=[p.pk]), {"purpose": "赴韩国交流", "due_back": due.isoformat()}
    )
    assert r.status_code == 302
    detail = c.get(reverse("passports:detail", args=[p.pk])).content.decode()
    assert "赴韩国交流" in detail and "已借出" in detail and due.isoformat() in detail
    out_page = c.get(reverse("passports:out")).content.decode()
    assert "王护照" in out_page
    r = c.post(reverse("passports:check_in", args=[p.pk]), {"note": ""})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.IN_CUSTODY


def test_overdue_page_and_excel_export(login, custodian, holder):
    today = timezone.localdate()
    p = PassportFactory(holder=holder, number="S7654321")
    services.check_out(
        passport=p,
        case=None,
        due_back=today - datetime.timedelta(days=35),
        by=custodian,
        purpose="出访",
        today=today - datetime.timedelta(days=40),
    )
    c = login(custodian)
    page = c.get(reverse("passports:overdue")).content.decode()
    assert "王护照" in page and "35 天" in page
    assert "王护照" in c.get(reverse("passports:suspensions")).content.decode()
    api = c.get("/api/passports/overdue").json()
    assert api[0]["days_overdue"] == 35 and api[0]["status"] == "overdue"
    assert 'data-export="passports.overdue"' in page
    r = c.post(reverse("exports:start"), {"kind": "passports.overdue"})
    assert r.status_code == 302
    r = c.get(r["Location"])
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][0] == "持照人" and rows[1][0] == "王护照"
    assert rows[1][3] == p.number_masked and "S7654321" not in str(rows)
    assert rows[1][9] == 35
    event = AuditEvent.objects.get(action="exports.start")
    assert event.extra["kind"] == "passports.overdue" and event.extra["rows"] == 1
    assert event.actor == custodian
    assert AuditEvent.objects.filter(action="exports.download", actor=custodian).count() == 1


def test_endorsement_only_on_permits(custodian, holder):
    passport = _register(custodian, holder)
    with pytest.raises(ServiceError, match="往来港澳通行证"):
        services.endorsement_add(
            passport=passport,
            by=custodian,
            kind="visit",
            entries="multiple",
            valid_until=datetime.date(2026, 6, 1),
        )
    permit = _register(custodian, holder, kind=Kind.HK_MACAO_PERMIT, number="C1234567")
    e = services.endorsement_add(
        passport=permit, by=custodian, kind="visit", entries="multiple", valid_until=datetime.date(2026, 6, 1)
    )
    assert permit.endorsements.get() == e and e.max_stay_days == 30


def test_demo_load_is_idempotent(units):
    from apps.passports import demo

    demo.load(units)
    count = Passport.objects.count()
    demo.load(units)
    assert Passport.objects.count() == count > 40
    from apps.people.models import Person

    assert Person.objects.count() == 60
    today = timezone.localdate()
    assert any(unit_suspended(u, today)[0] for u in units.values())
    assert Passport.objects.filter(status=Status.OVERDUE).count() == 2
    assert Passport.objects.filter(expiry_date__lte=add_months(today, 6)).exists()


def test_create_page_explains_mrz_error_and_keeps_input(login, custodian, person_factory, unit_a):
    anna = person_factory(unit=unit_a, full_name="安娜", sex="F", date_of_birth=datetime.date(1974, 8, 12))
    c = login(custodian)
    data = {
        "holder": anna.pk,
        "kind": Kind.OFFICIAL,
        "number": "L898902C3",
        "issue_date": "2007-04-16",
        "expiry_date": "2012-04-15",
        "issuing_authority": "UTO",
        "mrz_line1": LINE1,
        "mrz_line2": LINE2.replace("7408122", "7408123"),
    }
    r = c.post(reverse("passports:create"), data)
    html = r.content.decode()
    assert r.status_code == 400 and "机读码出生日期校验位错误" in html and 'value="UTO"' in html
    assert not Passport.objects.exists()
    data["mrz_line2"] = LINE2
    r = c.post(reverse("passports:create"), data)
    p = Passport.objects.get()
    assert r.status_code == 302 and p.number == "L898902C3" and p.status == Status.EXPIRED
    r = c.post(
        reverse("passports:edit", args=[p.pk]),
        {
            "number": "",
            "issue_date": "2007-04-16",
            "expiry_date": "2012-04-15",
            "issuing_authority": "UTO 外交部",
            "mrz_line1": LINE1,
            "mrz_line2": LINE2,
        },
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.issuing_authority == "UTO 外交部" and p.number == "L898902C3"
    assert AuditEvent.objects.filter(action="passports.update", target_id=str(p.pk)).exists()


def test_refresh_task_marks_expired(custodian, holder):
    from apps.passports.tasks import refresh_passport_statuses

    p = PassportFactory(
        holder=holder, number="S1", expiry_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    result = refresh_passport_statuses.enqueue()
    p.refresh_from_db()
    assert p.status == Status.EXPIRED and result.return_value["expired"] == 1
    assert AuditEvent.objects.filter(action="passports.refresh_statuses").exists()


def test_the_open_check_outs_due_date_is_kept_on_the_passport_row(custodian, holder):
    """perf15: the out/overdue lists filter on ``Passport.due_back`` (indexed, no join): it follows the
    check-out, a recall that brings the date forward, and the check-in."""
    p = _register(custodian, holder)
    due = datetime.date(2026, 3, 27)
    services.check_out(passport=p, case=None, due_back=due, by=custodian, purpose="出访", today=TODAY)
    p.refresh_from_db()
    assert p.due_back == due
    services.recall(passport=p, by=custodian, due_back=datetime.date(2026, 3, 15), reason="行程取消")
    p.refresh_from_db()
    assert p.due_back == datetime.date(2026, 3, 15)
    assert list(selectors.overdue_list(user=custodian, today=datetime.date(2026, 3, 20))) == [p]
    services.check_in(passport=p, by=custodian, today=datetime.date(2026, 3, 20))
    p.refresh_from_db()
    assert p.due_back is None
    assert list(selectors.overdue_list(user=custodian, today=datetime.date(2026, 3, 20))) == []
