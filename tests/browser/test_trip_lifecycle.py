"""The whole lifecycle of an official trip in Chromium, every state change by clicking: a clerk applies
(and sees a live finding appear and clear), staff send it back, the clerk corrects and resubmits, the
leader approves, the approval PDF downloads and names the reference and every member, the notice shows
on the public page, the trip returns, passports are checked in, the report is filed, the case closes.

Time passes between steps (the five-working-day notice, the journey itself): those dates are moved in
the database between steps, never by sleeping. The PDF is read with pypdf."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
UNIT = "徐州市商务局"
TITLE = "赴日本大阪开展经贸交流"


@pytest.fixture
def lifecycle_demo(live_server, transactional_db):
    """The demo accounts (live_server requested before the database, as in test_shell) plus the trip
    routing and two travellers of the clerk's unit with official passports."""
    from apps.casework.models import RoutingRule
    from apps.org.models import Division, Unit
    from apps.passports.models import Kind, Passport
    from apps.people.models import Person
    from apps.trips.migrations_data import ensure_case_type

    call_command("load_demo", verbosity=0)
    outbound = Division.objects.get(code="outbound")
    case_type = ensure_case_type()
    case_type.default_division = outbound
    case_type.save()
    RoutingRule.objects.get_or_create(
        case_type=case_type,
        continent="",
        country_kind="",
        defaults={"order": 1, "division": outbound, "reason": "因公出国（境）申请由出国来华管理处承办"},
    )
    unit = Unit.objects.get(name=UNIT)
    persons = []
    for name, id_number, number in (
        ("韩立新", "320303198003030316", "SE3100001"),
        ("司马文静", "320303198504040424", "SE3100002"),
    ):
        person = Person.objects.filter(full_name=name, unit=unit).first() or Person.objects.create(
            full_name=name,
            sex="M",
            date_of_birth=dt.date(1980, 3, 3),
            unit=unit,
            title="处长",
            rank="division",
            id_number=id_number,
        )
        if not Passport.objects.filter(holder=person, kind=Kind.OFFICIAL).exists():
            Passport.objects.create(
                holder=person,
                kind=Kind.OFFICIAL,
                number=number,
                issue_date=dt.date(2023, 1, 1),
                expiry_date=dt.date(2033, 1, 1),
                issuing_authority="江苏省外办",
            )
        persons.append(person)
    return persons


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)
    assert "/accounts/login" not in page.url, f"{username} could not sign in"


def open_trip(page, live_server, pk):
    page.goto(f"{live_server.url}/trips/{pk}/")
    expect(page.locator("[data-testid=reference]")).to_be_visible()


def act(page, name, *, comment="", date=None):
    """Fill and click the action form ``name`` on the trip page; the page reloads without an error."""
    form = page.locator(f"form[data-action={name}]")
    expect(form).to_be_visible()
    if date is not None:
        form.locator("input[name=actual_date]").fill(date.isoformat())
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=trip-error]")).to_have_count(0)


def click_and_reload(page, button):
    with page.expect_navigation():
        button.click()
    expect(page.locator("[data-testid=trip-error]")).to_have_count(0)


def pdf_text(path) -> str:
    from apps.trips.tests.pdftext import pdf_text as read

    return read(path)


def test_trip_lifecycle_in_the_browser(page, live_server, lifecycle_demo, tmp_path):
    from apps.reference.models import Country
    from apps.trips.models import Trip

    persons = lifecycle_demo
    japan = Country.objects.get(iso2="JP")
    today = timezone.localdate()
    dep = today + dt.timedelta(days=40)

    # --- the clerk applies; six days in one country is a live finding, five clears it ----------------
    switch_user(page, live_server, "zhuanban")
    page.goto(f"{live_server.url}/trips/new/")
    form = page.locator("[data-testid=trip-form]")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=task]").fill("出席中日经贸合作洽谈会")
    form.locator("input[name=inviter_name]").fill("大阪商工会议所")
    form.locator("input[name=departure_date]").fill(dep.isoformat())
    form.locator("input[name=return_date]").fill((dep + dt.timedelta(days=5)).isoformat())
    for i, person in enumerate(persons):
        page.locator("[data-testid=add-members]").click()
        row = page.locator(f"select[name=members-{i}-person]")
        expect(row).to_be_visible()
        row.select_option(str(person.pk))
        page.locator(f"select[name=members-{i}-role]").select_option("head" if i == 0 else "member")
    page.locator("[data-testid=add-legs]").click()
    expect(page.locator("select[name=legs-0-country]")).to_be_visible()
    page.locator("select[name=legs-0-country]").select_option(str(japan.pk))
    page.locator("input[name=legs-0-city]").fill("大阪")
    page.locator("input[name=legs-0-arrival]").fill(dep.isoformat())
    page.locator("input[name=legs-0-departure]").fill((dep + dt.timedelta(days=5)).isoformat())
    finding = page.locator("#findings-panel [data-rule=days_abroad]")
    expect(finding).to_be_visible()
    expect(finding).to_contain_text("6")
    page.locator("input[name=return_date]").fill((dep + dt.timedelta(days=4)).isoformat())
    page.locator("input[name=legs-0-departure]").fill((dep + dt.timedelta(days=4)).isoformat())
    expect(finding).to_have_count(0)
    expect(page.locator("#findings-panel [data-testid=findings]")).to_be_visible()
    with page.expect_navigation():
        page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    pk = int(page.url.rstrip("/").split("/")[-1])
    trip = Trip.objects.get(pk=pk)
    reference = trip.reference
    assert reference and trip.applicant_unit.name == UNIT and trip.days_abroad == 5

    # --- staff claim it and send it back --------------------------------------------------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    act(page, "claim")
    act(page, "send_back", comment="请补充返程当天的日程安排")
    expect(page.locator("[data-testid=case-state]")).to_have_text("退回补正")

    # --- the clerk corrects and resubmits -------------------------------------------------------------
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    expect(page.locator("[data-testid=timeline]")).to_contain_text("请补充返程当天的日程安排")
    page.locator("[data-testid=edit-trip]").click()
    page.locator("[data-testid=add-schedule]").click()
    expect(page.locator("input[name=schedule-0-date]")).to_be_visible()
    page.locator("input[name=schedule-0-date]").fill((dep + dt.timedelta(days=4)).isoformat())
    page.locator("textarea[name=schedule-0-plan]").fill("乘机返回徐州")
    with page.expect_navigation():
        page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("审核中")
    expect(page.locator("[data-testid=schedule]")).to_contain_text("乘机返回徐州")

    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    act(page, "forward_for_approval", comment="经审核符合规定，拟同意")

    # --- the leader approves; the approval PDF names the reference and every member ----------------
    switch_user(page, live_server, "zhuren")
    open_trip(page, live_server, pk)
    act(page, "approve", comment="同意")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")
    with page.expect_download() as info:
        page.locator("[data-testid=pdf-link]").click()
    path = tmp_path / "approval.pdf"
    info.value.save_as(path)
    text = pdf_text(path)
    assert reference in text
    for person in persons:
        assert person.full_name in text

    # --- the clerk starts the notice; it shows on the public page ------------------------------------
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    act(page, "start_notice")
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("出访前公示")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("状态变更：公示开始")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/notices/")
    expect(page.locator("body")).to_contain_text(TITLE)
    page.get_by_text(TITLE).first.click()
    expect(page.locator("body")).to_contain_text(persons[0].full_name)

    # five working days later (moved in the database)
    Trip.objects.filter(pk=pk).update(notice_end=today - dt.timedelta(days=1))

    # --- staff finish the notice and release the passports ------------------------------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    act(page, "finish_notice")
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("证照签证办理")
    for _ in persons:
        click_and_reload(page, page.get_by_role("button", name="借出证照").first)
    expect(page.get_by_role("button", name="借出证照")).to_have_count(0)

    # --- the clerk records departure and return (the journey has happened) ---------------------------
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    act(page, "depart", date=today - dt.timedelta(days=4))
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("已出境")
    act(page, "record_return", date=today)
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("已回国")

    # --- staff check the passports in -----------------------------------------------------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    for _ in persons:
        click_and_reload(page, page.get_by_role("button", name="交回入库").first)
    act(page, "confirm_passports_back")
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("证照已交回")

    # --- the clerk uploads photos and files the report -------------------------------------------
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    for i in range(3):
        upload = page.locator("[data-testid=upload-form]")
        upload.locator("select[name=kind]").select_option("other")
        upload.locator("input[type=file]").set_input_files(
            {"name": f"photo{i}.png", "mimeType": "image/png", "buffer": PNG}
        )
        with page.expect_navigation():
            upload.locator("button[type=submit]").click()
        expect(page.locator("[data-testid=attachments]")).to_contain_text(f"photo{i}.png")
    report = page.locator("[data-testid=report-form]")
    report.locator("[name=report_schedule]").fill("按批准日程完成全部活动")
    report.locator("[name=report_results]").fill("签署经贸合作备忘录两份")
    with page.expect_navigation():
        report.get_by_role("button", name="保存并报送").click()
    expect(page.locator("[data-testid=trip-error]")).to_have_count(0)
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("已报送出访报告")

    # --- staff publish the post-trip notice and close the case ------------------------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    act(page, "publish_post_notice")
    act(page, "close")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")

    trip = Trip.objects.get(pk=pk)
    assert trip.state == "closed" and trip.stage == "closed"
    assert trip.report_results == "签署经贸合作备忘录两份"
