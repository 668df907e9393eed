"""The audit log in Chromium: an auditor reads actions by their labels and objects by their name and
reference number, filters by a label, and never sees an action code or a model label."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Waiban-Test-2026!"
CODE = re.compile(r"\b(?:casework|trips|accounts|sensitive)\.[a-z_]+")


@pytest.fixture
def trail(live_server, units, make_user):
    from apps.audit.actions import AuditAction
    from apps.audit.services import record
    from apps.trips.models import Trip
    from apps.trips.services import trip_case_type

    clerk = make_user("keyuan_b", roles=["unit_clerk"], unit=units["徐州市教育局"], full_name="王科员")
    auditor = make_user("shenji_b", roles=["auditor"], full_name="审计员乙", password=PASSWORD)
    trip = Trip.objects.create(
        case_type=trip_case_type(),
        applicant_unit=units["徐州市教育局"],
        created_by=clerk,
        title="赴德国参加汉诺威工业博览会",
    )
    record(action=AuditAction.TRIPS_CREATE, target=trip, actor=clerk)
    trip.reference = "徐外出〔2026〕0012"
    trip.save(update_fields=["reference"])
    record(action="casework.submit", target=trip, actor=clerk, changes={"state": ["draft", "submitted"]})
    closed = {"state": ["approved", "closed"]}
    record(action=AuditAction.CASEWORK_CLOSE, target=trip, actor=clerk, changes=closed)
    return {"auditor": auditor, "trip": trip}


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("[data-testid=login-form] button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def in_viewport(locator) -> bool:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0"
        " && r.bottom <= innerHeight && r.right <= innerWidth"
        " && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('td') === el; }"
    )


def test_the_auditor_reads_labels_and_reference_numbers(page, live_server, trail):
    trip = trail["trip"]
    sign_in(page, live_server, "shenji_b")
    page.goto(f"{live_server.url}/audit/")
    table = page.locator("[data-testid=audit-table]")
    newest_action = table.locator("[data-testid=audit-action]").first
    newest_target = table.locator("[data-testid=audit-target]").first
    assert newest_action.inner_text() == "办结"
    assert newest_action.is_visible() and in_viewport(newest_action)
    target = newest_target.inner_text()
    assert target == f"因公出国（境）申请 徐外出〔2026〕0012 赴德国参加汉诺威工业博览会 (#{trip.pk})"
    assert newest_target.is_visible() and in_viewport(newest_target)
    actions = table.locator("[data-testid=audit-action]").all_inner_texts()
    assert actions == ["办结", "提交申请", "新建出访申请"]
    text = page.locator("main").inner_text()
    assert not CODE.search(text), CODE.findall(text)
    assert "trips.trip" not in text

    # filter by a label from the grouped list
    page.select_option("select[name=action]", label="提交申请")
    page.locator("form.wb-filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert table.locator("[data-testid=audit-action]").all_inner_texts() == ["提交申请"]

    # one event: its summary and the changed field by its label and choice labels
    table.locator("a", has_text="#").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=audit-action]").inner_text() == "提交申请"
    changes = page.locator("[data-testid=audit-changes]").inner_text()
    assert "状态" in changes and "草稿" in changes and "已提交" in changes and "draft" not in changes

    # and in English
    page.goto(f"{live_server.url}/audit/")
    page.locator("[data-testid=language-switch] [data-language=en]").first.click()
    page.wait_for_load_state("networkidle")
    first = page.locator("[data-testid=audit-table] [data-testid=audit-action]").first
    assert first.inner_text() == "Closed" and first.is_visible()
    assert "Official trip abroad" in page.locator("[data-testid=audit-target]").first.inner_text()
