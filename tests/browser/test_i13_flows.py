"""涉外管理处 in Chromium, every step by clicking: an international conference from the organiser's
request to the summary, a journalist's registration with its press-card deadline and an interview
request that needs the interviewee's consent, and a restricted incident that a leader outside its
circle cannot open until the division adds them (each view audited)."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from .helpers import seen
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("WAIBAN_SHOTS", "")


@pytest.fixture
def division_demo(live_server, transactional_db):
    """The demo office, units and accounts (no trips), plus the division's two accounts."""
    from apps.accounts import demo as accounts
    from apps.conferences.demo import load_accounts
    from apps.org import demo as org

    office, units = org.load()
    accounts.load(office=office, units=units)
    load_accounts()
    return units


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)
    assert "/accounts/login" not in page.url, f"{username} could not sign in"


def nav(page, key, group="涉外管理"):
    """Open the menu group and click the item, as a person would."""
    page.locator(".nav-link.dropdown-toggle", has_text=group).click()
    with page.expect_navigation():
        page.locator(f"[data-nav={key}]").first.click()


def act(page, name, **fields):
    form = page.locator(f"form[data-action={name}]")
    expect(form).to_be_visible()
    for key, value in fields.items():
        form.locator(f"[name$={key}]").fill(str(value))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def pdf_of(page, link) -> str:
    """The text of the PDF a link on the page opens (fetched with the page's session)."""
    from urllib.parse import urljoin

    from apps.trips.tests.pdftext import pdf_text

    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return pdf_text(response.body())


def shot(page, name):
    if not SHOTS:
        return
    for w, h in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=f"{SHOTS}/{name}-{w}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_conference_from_request_to_summary(page, live_server, division_demo):
    start = dt.date.today() + dt.timedelta(days=200)
    switch_user(page, live_server, "zhuanban_jy")
    nav(page, "conferences")
    page.get_by_role("link", name="申报国际会议").click()
    form = page.locator("[data-testid=conference-form]")
    form.locator("input[name=title]").fill("淮海国际教育论坛")
    form.locator("input[name=name_en]").fill("Huaihai International Education Forum")
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=end_date]").fill((start + dt.timedelta(days=5)).isoformat())
    form.locator("input[name=venue]").fill("徐州国际会议中心")
    form.locator("input[name=organiser]").fill("徐州市教育局")
    form.locator("input[name=total_participants]").fill("150")
    form.locator("input[name=foreign_participants]").fill("40")
    form.locator("input[name=contact_name]").fill("示例联系人")
    form.locator("input[name=contact_phone]").fill("0516-80000000")
    form.locator("select[name=countries]").select_option(label=["法国", "德国", "日本", "中国香港"])
    # the live checks: a 6-day meeting and a name with 论坛
    findings = page.locator("[data-testid=findings]")
    expect(findings).to_contain_text("会期 6 天")
    expect(findings).to_contain_text("论坛")
    expect(findings).to_contain_text("3 个国家")
    form.locator("input[name=title]").fill("淮海国际教育合作研讨会")
    form.locator("input[name=end_date]").fill((start + dt.timedelta(days=4)).isoformat())
    expect(findings).to_contain_text("会期 5 天")
    expect(findings).not_to_contain_text("论坛")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("草稿")
    act(page, "submit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    expect(page.locator("[data-testid=level]")).to_have_text("省级审批")
    url = page.url

    switch_user(page, live_server, "keyuan_sw")
    page.goto(url)
    act(page, "claim")
    act(page, "forward_to_approver")  # issues the 转报 (apps.documents); its number is the 报送文号
    expect(page.locator("[data-testid=case-state]")).to_have_text("待领导审批")
    letter = page.locator("[data-testid=forwarding-pdf]")
    expect(letter).to_be_visible()
    text = pdf_of(page, letter)
    assert "关于转报" in text and "徐外会报〔" in text and "省级审批" in text
    act(page, "record_approval", reference="苏外复〔2026〕21号")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")
    shot(page, "conference-detail")

    switch_user(page, live_server, "zhuanban_jy")
    page.goto(url)
    act(
        page,
        "file_summary",
        actual_total=142,
        actual_foreign=38,
        actual_countries=3,
        summary="会议顺利举行。",
    )
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")
    expect(page.locator("[data-testid=actuals]")).to_contain_text("142")
    nav(page, "conferences")
    expect(page.locator("[data-testid=conference-table]")).to_contain_text("淮海国际教育合作研讨会")
    shot(page, "conference-list")


def test_journalist_deadline_and_interview_with_consent(page, live_server, division_demo):
    switch_user(page, live_server, "keyuan_sw")
    nav(page, "journalists")
    page.get_by_role("link", name="登记外国记者").click()
    form = page.locator("[data-testid=journalists-form]")
    form.locator("input[name=name]").fill("Lukas MUSTERMANN")
    form.locator("select[name=nationality]").select_option(label="德国")
    form.locator("select[name=kind]").select_option("resident")
    form.locator("select[name=visa_kind]").select_option("J1")
    form.locator("input[name=media]").fill("示例新闻社")
    form.locator("input[name=arrival_date]").fill("2026-02-06")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    # 7 working days after Fri 02-06 across 春节 with the 调休 Saturday 02-14 worked: Tue 02-24
    expect(page.locator("[data-testid=deadlines]")).to_contain_text("2026-02-24")
    expect(page.locator("[data-testid=visa]")).to_contain_text("J1")
    shot(page, "journalist-detail")

    switch_user(page, live_server, "zhuanban_jy")
    nav(page, "interviews")
    page.get_by_role("link", name="新建采访申请").click()
    form = page.locator("[data-testid=journalists-form]")
    form.locator("input[name=journalist_name]").fill("Lukas MUSTERMANN")
    form.locator("input[name=media]").fill("示例新闻社")
    form.locator("select[name=nationality]").select_option(label="德国")
    form.locator("select[name=visa_kind]").select_option("J1")
    form.locator("input[name=interviewee]").fill("徐州某中学校长")
    form.locator("input[name=topic]").fill("中德友好学校交流")
    form.locator("input[name=planned_date]").fill((dt.date.today() + dt.timedelta(days=10)).isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    act(page, "submit")
    expect(page.locator("[role=alert]").first).to_contain_text("第十七条")
    page.get_by_role("link", name="修改").click()
    form = page.locator("[data-testid=journalists-form]")
    form.locator("input[name=consent_given]").check()
    form.locator("input[name=consent_on]").fill(dt.date.today().isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=consent]")).to_contain_text("已同意")
    act(page, "submit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    url = page.url

    switch_user(page, live_server, "keyuan_sw")
    page.goto(url)
    act(page, "claim")
    # The journalist picker searches the register through the API as the reviewer types: the page holds
    # only the chosen option, whatever the register's size.
    picker = page.locator("[data-field=journalist]")
    assert picker.locator("select[name=journalist] option").count() <= 1
    picker.locator(".ts-control").click()
    picker.locator(".ts-dropdown").wait_for(state="visible")
    page.keyboard.type("MUSTER")
    option = page.locator(".ts-dropdown .option", has_text="Lukas MUSTERMANN（示例新闻社）")
    expect(option).to_be_visible()
    assert seen(option), "the journalist found is not in view"
    shot(page, "interview-journalist-picker")
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("button", name="关联记者登记").click()
    expect(page.locator("[data-testid=interview-journalist]")).to_have_text("Lukas MUSTERMANN（示例新闻社）")
    act(page, "agree")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")
    switch_user(page, live_server, "zhuanban_jy")
    page.goto(url)
    act(page, "record_outcome", comment="采访顺利，报道客观。")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")
    shot(page, "interview-detail")


def test_incident_circle_refuses_outsiders_and_audits_views(page, live_server, division_demo):
    from apps.audit.models import AuditEvent
    from apps.incidents.models import Incident

    switch_user(page, live_server, "keyuan_sw")
    nav(page, "incidents")
    page.get_by_role("link", name="登记涉外案（事）件").click()
    form = page.locator("[data-testid=incident-form]")
    form.locator("input[name=title]").fill("美籍人员在徐被刑事拘留")
    form.locator("select[name=direction]").select_option("inbound")
    form.locator("select[name=kind]").select_option("detention")
    form.locator("input[name=occurred_on]").fill("2026-03-01")
    form.locator("input[name=detained_on]").fill("2026-03-02")
    form.locator("input[name=place]").fill("徐州市某区")
    form.locator("select[name=country]").select_option(label="美国")
    form.locator("input[name=persons]").fill("John DOE（生成），美国籍")
    form.locator("textarea[name=summary]").fill("因涉嫌违法被刑事拘留。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=mission]")).to_contain_text("2026-03-06")  # China–US: 4 days
    expect(page.locator("[data-testid=restricted]")).to_be_visible()
    entry = page.locator("[data-testid=entry-form]")
    entry.locator("textarea[name=text]").fill("已向市公安局了解情况。")
    with page.expect_navigation():
        entry.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=timeline]")).to_contain_text("已向市公安局了解情况")
    incident = Incident.objects.get()
    url = page.url
    shot(page, "incident-detail")

    # the director (scope "all") is outside the circle: not in the list, the page is refused
    switch_user(page, live_server, "zhuren")
    nav(page, "incidents")
    expect(page.locator("[data-testid=empty]")).to_be_visible()
    response = page.goto(url)
    assert response.status == 404
    assert AuditEvent.objects.filter(action="incidents.view_refused", actor__username="zhuren").count() == 1

    # the division adds the director to the circle; now the page opens, and the view is audited
    switch_user(page, live_server, "keyuan_sw")
    page.goto(url)
    member = page.locator("[data-testid=member-form]")
    member.locator("select[name=user]").select_option(label="程国梁")
    member.locator("input[name=reason]").fill("分管领导")
    with page.expect_navigation():
        member.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=circle]")).to_contain_text("分管领导")
    switch_user(page, live_server, "zhuren")
    response = page.goto(url)
    assert response.status == 200
    expect(page.locator("[data-testid=incident-title]")).to_contain_text("美籍人员在徐被刑事拘留")
    views = AuditEvent.objects.filter(action="incidents.view", target_id=str(incident.pk))
    assert views.filter(actor__username="zhuren").count() == 1
    assert views.filter(actor__username="keyuan_sw").count() >= 3

    switch_user(page, live_server, "keyuan_sw")
    page.goto(url)
    close = page.locator("[data-testid=close-form]")
    close.locator("textarea[name=summary]").fill("已依法处理并通知美方，结案。")
    with page.expect_navigation():
        close.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=state]")).to_have_text("已结案")
    shot(page, "incident-closed")
    text = pdf_of(page, page.locator("[data-testid=closing-pdf]"))
    assert "结案报告" in text and "已依法处理并通知美方" in text


def test_honorary_citizen_nomination_to_ceremony(page, live_server, division_demo):
    from apps.honours import conf

    switch_user(page, live_server, "zhuanban")
    nav(page, "honours")
    page.get_by_role("link", name="推荐荣誉市民").click()
    form = page.locator("[data-testid=nomination-form]")
    form.locator("input[name=nominee_name]").fill("Hans MUSTERMANN")
    form.locator("input[name=nominee_name_zh]").fill("穆汉斯")
    form.locator("select[name=nationality]").select_option(label="德国")
    form.locator("input[name=employer]").fill("某中外合资企业")
    form.locator("input[name=supervising_body]").fill("徐州市商务局")
    form.locator("input[name=working_since]").fill("2018-03-01")
    form.locator("textarea[name=contributions]").fill("长期促进中德经贸合作。")
    form.locator("input[name=consent_publicity]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=conditions]")).to_contain_text("符合")
    act(page, "submit")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    url = page.url

    switch_user(page, live_server, "keyuan_sw")
    page.goto(url)
    act(page, "claim")
    for body in conf.REVIEW_BODIES.value:
        opinion = page.locator("[data-testid=opinion-form]")
        opinion.locator("select[name=body]").select_option(body)
        opinion.locator("input[name=member_name]").fill("评审成员")
        opinion.locator("input[name=opinion]").fill("同意推荐")
        with page.expect_navigation():
            opinion.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=opinions]")).to_contain_text(conf.REVIEW_BODIES.value[-1])
    act(page, "forward_to_city")
    act(page, "record_city_approval", reference="徐政复〔2026〕5号")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已批准")
    shot(page, "honours-approved")
    expect(page.locator("[data-testid=approval-pdf]")).to_be_visible()
    text = pdf_of(page, page.locator("[data-testid=certificate-link]"))
    assert "Hans MUSTERMANN" in text and "荣誉市民" in text and "市长" in text
    act(page, "record_ceremony", ceremony_on=dt.date.today().isoformat())
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")
    page.goto(f"{live_server.url}/honours/honorary-citizens/")
    expect(page.locator("[data-testid=honorary-citizens]")).to_contain_text("Hans MUSTERMANN")
