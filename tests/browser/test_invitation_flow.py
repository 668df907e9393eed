"""Inviting foreigners in Chromium, every step by clicking: a unit registers as an inviting unit and the
office approves it; the unit applies for a group of three; the office sends it back, the unit corrects
and resubmits, the office issues the letter; the letter's QR code is followed to the public verification
page (signed out) which says "valid"; a forged code says "invalid"; the unit closes the record out; the
public page then says "used"."""

import datetime as dt
import io
import os

import pytest
import segno
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLERK, STAFF = "zhuanban_jy", "keyuan"  # the education bureau's clerk (not registered in the demo)
SHOTS = os.environ.get("WAIBAN_SHOTS")  # a folder: screenshots of the main pages at two widths


@pytest.fixture
def demo(live_server, transactional_db):
    call_command("load_demo", verbosity=0)


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)
    assert "/accounts/login" not in page.url, f"{username} could not sign in"


def shot(page, name):
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    for w, h in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{w}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def act(page, name, *, comment=""):
    form = page.locator(f"form[data-action={name}]")
    expect(form).to_be_visible()
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=invitation-error]")).to_have_count(0)


def open_invitation(page, live_server, pk):
    page.goto(f"{live_server.url}/invitations/{pk}/")
    expect(page.locator("[data-testid=reference]")).to_be_visible()


GUESTS = [
    ("MUSTER ANNA", "F", "1979-04-12", "DE", "C7X01234", "教授"),
    ("BEISPIEL LUKAS", "M", "1983-09-30", "DE", "C7X05678", "研究员"),
    ("EXEMPLE MARIE", "F", "1990-02-03", "FR", "19AB12345", "工程师"),
]


def test_invitation_flow_in_the_browser(page, live_server, demo):
    from apps.invitations.models import Invitation
    from apps.reference.models import Country

    countries = {c.iso2: c.pk for c in Country.objects.filter(iso2__in=["DE", "FR"])}
    entry = timezone.localdate() + dt.timedelta(days=45)

    # --- the unit registers as an inviting unit -------------------------------------------------------
    switch_user(page, live_server, CLERK)
    page.goto(f"{live_server.url}/invitations/registrations/")
    page.locator("[data-testid=register-unit]").click()
    form = page.locator("[data-testid=registration-form]")
    form.locator("input[name=name_en]").fill("Xuzhou Municipal Education Bureau")
    form.locator("input[name=address]").fill("徐州市云龙区示例路 8 号")
    form.locator("input[name=contact_name]").fill("蒋明远")
    form.locator("input[name=contact_phone]").fill("0516-8000 1234")
    form.locator("input[name=leader_name]").fill("周示例")
    form.locator("input[name=leader_title]").fill("副局长")
    form.locator("textarea[name=clerks]").fill("蒋明远，外事专办员，0516-8000 1234")
    form.locator("input[name=clerk_ids_checked]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=registration-status]")).to_have_text("待审核")
    reg_url = page.url

    switch_user(page, live_server, STAFF)
    page.goto(reg_url)
    expect(page.locator("[data-testid=unit-record]")).to_be_visible()
    with page.expect_navigation():
        page.locator("[data-testid=review] button[value=approve]").click()
    expect(page.locator("[data-testid=registration-status]")).to_have_text("已备案")

    # --- the unit applies for a group of three ----------------------------------------------------------
    switch_user(page, live_server, CLERK)
    page.goto(f"{live_server.url}/invitations/")
    page.locator("[data-testid=new-invitation]").click()
    form = page.locator("[data-testid=invitation-form]")
    form.locator("input[name=title]").fill("邀请德法高校代表团来徐开展职业教育交流")
    form.locator("input[name=purpose]").fill("职业教育交流")
    form.locator("input[name=entry_date]").fill(entry.isoformat())
    form.locator("input[name=stay_days]").fill("181")
    form.locator("input[name=cities]").fill("徐州")
    form.locator("input[name=visa_apply_place]").fill("本国的中国驻外使领馆")
    for i, (name, sex, dob, iso, passport, job) in enumerate(GUESTS):
        form.locator(f"input[name=invitees-{i}-name]").fill(name)
        form.locator(f"select[name=invitees-{i}-sex]").select_option(sex)
        form.locator(f"input[name=invitees-{i}-date_of_birth]").fill(dob)
        form.locator(f"select[name=invitees-{i}-nationality]").select_option(str(countries[iso]))
        form.locator(f"input[name=invitees-{i}-passport_number]").fill(passport)
        form.locator(f"input[name=invitees-{i}-passport_expiry]").fill("2034-06-30")
        form.locator(f"input[name=invitees-{i}-occupation]").fill(job)
    # the live check shows the stay over the limit as soon as the form is complete; 7 days clears it
    form.locator("input[name=invitees-2-occupation]").press("Tab")
    error = page.locator("#findings-panel [data-severity=error]")
    expect(error).to_contain_text("180")
    shot(page, "invitation-form")
    page.locator("input[name=stay_days]").fill("7")
    page.locator("input[name=stay_days]").press("Tab")
    expect(error).to_have_count(0)
    expect(page.locator("#findings-panel [data-testid=findings]")).to_be_visible()
    with page.expect_navigation():
        page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("已提交")
    expect(page.locator("[data-testid=invitees] tbody tr")).to_have_count(3)
    pk = int(page.url.rstrip("/").split("/")[-1])

    # --- the office sends it back; the unit corrects and resubmits ---------------------------------------
    switch_user(page, live_server, STAFF)
    open_invitation(page, live_server, pk)
    act(page, "claim")
    act(page, "send_back", comment="请补充逐日日程安排")
    expect(page.locator("[data-testid=case-state]")).to_have_text("退回补正")

    switch_user(page, live_server, CLERK)
    open_invitation(page, live_server, pk)
    expect(page.locator("[data-testid=timeline]")).to_contain_text("请补充逐日日程安排")
    page.locator("[data-testid=edit-invitation]").click()
    page.locator("textarea[name=itinerary]").fill("第1天 抵达徐州\n第2-6天 院校交流\n第7天 离开")
    with page.expect_navigation():
        page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("审核中")

    # --- the office issues the letter and the verification note ------------------------------------------
    switch_user(page, live_server, STAFF)
    open_invitation(page, live_server, pk)
    act(page, "issue", comment="同意出具")
    expect(page.locator("[data-testid=letter-stage]")).to_have_text("已出具")
    inv = Invitation.objects.get(pk=pk)
    expect(page.locator("[data-testid=letter-number]")).to_contain_text(inv.letter_number)
    shot(page, "invitation-detail")
    page.locator("[data-testid=letter-link]").click()
    expect(page.locator("[data-testid=letter]")).to_contain_text("MUSTER ANNA")
    shot(page, "invitation-letter")

    # --- the QR code on the letter opens the public page (signed out): valid ----------------------------
    qr = page.locator("[data-testid=qr]")
    url = qr.locator(".text-break").inner_text().strip()
    svg = qr.locator("svg").evaluate("e => e.outerHTML")
    expected = io.BytesIO()
    segno.make(url, error="m").save(expected, kind="svg", scale=3, border=2, xmldecl=False, svgns=True)
    # the QR code encodes exactly the address shown under it (same symbol, path for path)
    assert _paths(svg) == _paths(expected.getvalue().decode())
    page.context.clear_cookies()
    page.goto(url)
    result = page.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "valid")
    details = page.locator("[data-testid=verify-details]")
    expect(details).to_contain_text(inv.letter_number)
    expect(details).to_contain_text("M***** A***")  # masked name
    assert "C7X01234" not in page.content() and "职业教育交流" not in page.content()
    shot(page, "verify-valid")

    # a forged code typed on the page: invalid
    page.locator("input[name=code]").fill("FORGED234567")
    with page.expect_navigation():
        page.locator("[data-testid=verify-form] button[type=submit]").click()
    expect(page.locator("[data-testid=verify-result]")).to_have_attribute("data-status", "invalid")
    expect(page.locator("[data-testid=verify-details]")).to_have_count(0)

    # --- the unit closes the record out: one came, two did not -------------------------------------------
    Invitation.objects.filter(pk=pk).update(entry_date=timezone.localdate() - dt.timedelta(days=8))
    switch_user(page, live_server, CLERK)
    open_invitation(page, live_server, pk)
    close = page.locator("[data-testid=close-out]")
    first = close.locator("tbody tr").first
    first.locator("input[type=checkbox]").check()
    came = timezone.localdate() - dt.timedelta(days=8)
    first.locator("input[type=date]").nth(0).fill(came.isoformat())
    first.locator("input[type=date]").nth(1).fill((came + dt.timedelta(days=6)).isoformat())
    with page.expect_navigation():
        close.locator("[data-testid=close-out-submit]").click()
    expect(page.locator("[data-testid=letter-stage]")).to_have_text("已销档")
    expect(page.locator("[data-testid=invitees]")).to_contain_text("已来华")
    expect(page.locator("[data-testid=invitees]")).to_contain_text("未来华")

    page.context.clear_cookies()
    page.goto(url)
    expect(page.locator("[data-testid=verify-result]")).to_have_attribute("data-status", "used")


def _paths(svg: str) -> list[str]:
    import re

    return re.findall(r'd="([^"]+)"', svg)
