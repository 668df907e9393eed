"""The whole lifecycle of an official trip in Chromium, every state change by clicking: a clerk drafts
(and sees a live finding appear and clear), publishes the notice inside the unit and records its result,
the unit's signatory signs, the clerk applies; staff send it back, the clerk corrects, the signatory signs
again and the clerk resubmits; staff propose, the division head reviews, the office leader reviews, the
city leader's approval is recorded and the leader issues the approval; the approval PDF downloads and
names the reference and every member, the trip returns, passports are checked in, the report is filed,
the post-trip notice runs its period and its result is recorded, the case closes. Screenshots of the trip
page at 1366×768 and 390×844 are checked for the chain's rows.

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


def shot(page, tmp_path, name, width, height):
    """A screenshot at ``width``×``height`` (kept under test-results/trip-chain/ for a look)."""
    from pathlib import Path

    page.set_viewport_size({"width": width, "height": height})
    out = Path("test-results/trip-chain")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    page.set_viewport_size({"width": 1366, "height": 768})
    return path


def test_trip_lifecycle_in_the_browser(page, live_server, lifecycle_demo, tmp_path):
    from apps.reference.models import Country
    from apps.trips.models import Trip

    persons = lifecycle_demo
    japan = Country.objects.get(iso2="JP")
    today = timezone.localdate()
    dep = today + dt.timedelta(days=40)
    page.set_viewport_size({"width": 1366, "height": 768})

    # --- the clerk drafts; six days in one country is a live finding, five clears it ----------------
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
        # picked by typing the pinyin of the name; the list closes after the pick
        picker = page.locator(f"#id_members-{i}-person + .ts-wrapper")
        expect(picker).to_be_visible()
        picker.locator(".ts-control").click()
        picker.locator(".dropdown-input").fill(person.full_name)
        expect(picker.locator(".ts-dropdown .option", has_text=person.full_name).first).to_be_visible()
        page.keyboard.press("Enter")
        expect(picker.locator(".ts-dropdown")).to_be_hidden()
        expect(page.locator(f"select[name=members-{i}-person]")).to_have_value(str(person.pk))
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
    # "save and submit" before the unit's notice: saved, not submitted, and told why
    with page.expect_navigation():
        page.locator("[data-testid=submit]").click()
    expect(page.locator("body")).to_contain_text("单位内公示")
    trip = Trip.objects.get(title=TITLE)
    pk = trip.pk
    assert trip.state == "draft" and trip.applicant_unit.name == UNIT and trip.days_abroad == 5

    # --- the notice inside the unit, its result after the period ------------------------------------
    open_trip(page, live_server, pk)
    expect(page.locator("[data-testid=unit-missing]")).to_contain_text("单位签批人签批")
    expect(page.locator("form[data-action=submit]")).to_have_count(0)
    notice = page.locator("[data-testid=unit-notice-form]")
    notice.locator("input[name=place]").fill("商务局机关内网")
    with page.expect_navigation():
        notice.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=unit-notice]")).to_contain_text("商务局机关内网")
    with page.expect_navigation():
        page.locator("[data-testid=notice-print]").click()
    expect(page.locator("[data-testid=unit-notice-page]")).to_contain_text(persons[0].full_name)
    expect(page.locator("[data-testid=unit-notice-page]")).not_to_contain_text(persons[0].id_number)
    # five working days later (moved in the database)
    Trip.objects.filter(pk=pk).update(unit_notice_end=today - dt.timedelta(days=1))
    open_trip(page, live_server, pk)
    result = page.locator("[data-testid=unit-result-form]")
    result.get_by_label("公示期间无异议").check()
    with page.expect_navigation():
        result.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=unit-notice-result]")).to_contain_text("无异议")

    # --- the unit's signatory signs; the clerk applies -------------------------------------------------
    switch_user(page, live_server, "qianpi")
    open_trip(page, live_server, pk)
    act(page, "sign_unit", comment="同意报批")
    expect(page.locator("[data-testid=unit-signoff]")).to_have_text("单位已签批")
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    act(page, "submit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    reference = Trip.objects.get(pk=pk).reference
    assert reference

    # --- staff claim it and send it back --------------------------------------------------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    act(page, "claim")
    act(page, "send_back", comment="请补充返程当天的日程安排")
    expect(page.locator("[data-testid=case-state]")).to_have_text("退回补正")

    # --- the clerk corrects; the changed application is signed again; resubmitted -------------------
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
    expect(page.locator("body")).to_contain_text("单位签批人")
    switch_user(page, live_server, "qianpi")
    open_trip(page, live_server, pk)
    act(page, "sign_unit", comment="已补充日程，同意报批")
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    act(page, "resubmit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("审核中")
    expect(page.locator("[data-testid=schedule]")).to_contain_text("乘机返回徐州")

    # --- staff propose, the division head reviews, the office leader reviews -----------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    expect(page.locator("form[data-action=forward_for_approval]")).to_have_count(0)
    act(page, "propose", comment="经审核符合规定，拟同意")
    switch_user(page, live_server, "chuzhang")
    open_trip(page, live_server, pk)
    act(page, "head_review", comment="同意，报领导审批")
    expect(page.locator("[data-testid=case-state]")).to_have_text("待领导审批")
    switch_user(page, live_server, "zhuren")
    open_trip(page, live_server, pk)
    expect(page.locator("form[data-action=approve]")).to_have_count(0)  # the city leader decides
    act(page, "leader_review", comment="拟同意，报市分管领导审批")

    # --- staff record the city leader's approval; the leader issues the approval -------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    ext = page.locator("[data-testid=external-approval]")
    ext.locator("input[name=approver]").fill("分管副市长（演示）")
    ext.locator("input[name=date]").fill(today.isoformat())
    ext.locator("input[name=number]").fill("徐政外批〔2026〕7号")
    click_and_reload(page, ext.locator("button[type=submit]"))
    switch_user(page, live_server, "zhuren")
    open_trip(page, live_server, pk)
    act(page, "approve", comment="同意，签发")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")
    chain = page.locator("[data-testid=chain]")
    for step, who in (
        ("unit_sign", "邱建华"),
        ("staff", "许文静"),
        ("division_head", "韩立新"),
        ("office_leader", "程国梁"),
        ("final", "分管副市长（演示）"),
    ):
        row = chain.locator(f"tr[data-step={step}]")
        expect(row).to_be_visible()
        expect(row).to_contain_text(who)
    expect(chain.locator("tr[data-step=final]")).to_contain_text("徐政外批〔2026〕7号")
    shot(page, tmp_path, "trip-approved", 1366, 768)
    shot(page, tmp_path, "trip-approved", 390, 844)
    assert Trip.objects.get(pk=pk).final_approver_name == "分管副市长（演示）"
    # the first download renders the PDF (fonts subset and embedded): slow on a busy machine, then cached
    with page.expect_download(timeout=90_000) as info:
        page.locator("[data-testid=pdf-link]").click()
    path = tmp_path / "approval.pdf"
    info.value.save_as(path)
    text = pdf_text(path)
    assert reference in text
    for person in persons:
        assert person.full_name in text

    # the notice was the unit's, before it applied: approval goes straight to passports and visas
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("证照签证办理")
    expect(page.locator("form[data-action=start_notice]")).to_have_count(0)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/notices/")  # nothing on the open internet by default
    expect(page.locator("body")).not_to_contain_text(TITLE)

    # --- staff release the passports ------------------------------------------------------------------
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
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

    # --- the unit publishes the post-trip notice; closing waits for its period and its result -------
    act(page, "publish_post_notice")
    expect(page.locator("[data-testid=trip-stage]")).to_have_text("出访后公示")
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    expect(page.locator("form[data-action=close]")).to_have_count(0)
    expect(page.locator("[data-testid=close-reason]")).to_contain_text("期满")
    Trip.objects.filter(pk=pk).update(post_notice_end=today - dt.timedelta(days=1))
    switch_user(page, live_server, "zhuanban")
    open_trip(page, live_server, pk)
    result = page.locator("[data-testid=post-result-form]")
    result.get_by_label("公示期间无异议").check()
    click_and_reload(page, result.locator("button[type=submit]"))
    expect(page.locator("[data-testid=post-notice-result]")).to_contain_text("无异议")
    switch_user(page, live_server, "keyuan")
    open_trip(page, live_server, pk)
    act(page, "close")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")

    trip = Trip.objects.get(pk=pk)
    assert trip.state == "closed" and trip.stage == "closed"
    assert trip.report_results == "签署经贸合作备忘录两份"
