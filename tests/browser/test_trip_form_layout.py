"""The trip application form reads well at 1366×768 and on a 390×844 phone (issue 9, A1): the rows
added to members, itinerary, schedule and budget are visible, no label is squeezed to a stub ("住/伙/公",
"团l") and no amount is cut off. Screenshots go to ``test-results/trip-form/``."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-results/trip-form")

# Every label and select of a row shows its whole text; every input shows its whole value.
CHECK = """() => {
  const bad = [];
  for (const row of document.querySelectorAll('.wb-formrow')) {
    const r = row.getBoundingClientRect();
    if (r.width < 200 || r.height < 20) bad.push(`row ${row.dataset.kind} is ${r.width}x${r.height}`);
    const controls = 'label, input:not([type=hidden]):not([type=checkbox]), select, textarea';
    for (const el of row.querySelectorAll(controls)) {
      // a select that Tom Select stands in for is hidden on purpose; its picker is checked below
      if (el.closest('.ts-hidden-accessible, .ts-wrapper')) continue;
      const b = el.getBoundingClientRect();
      const name = el.name || el.htmlFor || el.textContent.trim();
      if (b.width === 0 || b.height === 0) { bad.push(`${name}: no box`); continue; }
      if (b.right > window.innerWidth + 1) bad.push(`${name}: past the right edge`);
      if (el.tagName === 'LABEL' && el.scrollWidth > el.clientWidth + 1) bad.push(`${name}: label cut`);
      if (el.tagName === 'INPUT' && el.scrollWidth > el.clientWidth + 1) bad.push(`${name}: value cut`);
      if (el.tagName === 'SELECT') {
        const opt = el.options[el.selectedIndex];
        const span = document.createElement('span');
        span.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
        span.style.font = getComputedStyle(el).font;
        span.textContent = opt ? opt.text : '';
        document.body.appendChild(span);
        const need = span.getBoundingClientRect().width;
        span.remove();
        const cs = getComputedStyle(el);
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        if (need > room + 1) bad.push(`${name}: choice "${span.textContent}" cut (${need} > ${room})`);
      }
    }
  }
  for (const item of document.querySelectorAll('.wb-formrow .ts-control .item')) {
    if (item.scrollWidth > item.clientWidth + 1) bad.push(`picker choice "${item.textContent}" cut`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) bad.push('page scrolls sideways');
  return bad;
}"""


@pytest.fixture
def form_demo(live_server, transactional_db):
    from apps.people.models import Person

    call_command("load_demo", verbosity=0)
    return Person.objects.filter(unit__name="徐州市商务局").order_by("id")[:2]


def fill_the_form(page, live_server, persons):
    from apps.reference.models import Country

    japan = Country.objects.get(iso2="JP")
    dep = timezone.localdate() + dt.timedelta(days=40)
    page.goto(f"{live_server.url}/trips/new/")
    form = page.locator("[data-testid=trip-form]")
    form.locator("input[name=title]").fill("赴日本大阪开展经贸交流")
    form.locator("input[name=departure_date]").fill(dep.isoformat())
    form.locator("input[name=return_date]").fill((dep + dt.timedelta(days=4)).isoformat())
    for i, person in enumerate(persons):
        page.locator("[data-testid=add-members]").click()
        expect(page.locator(f"[name=members-{i}-person]")).to_have_count(1)
        # the person is picked by typing in the searchable picker; the list closes after the pick
        picker = page.locator(f"#id_members-{i}-person + .ts-wrapper")
        picker.locator(".ts-control").click()
        picker.locator(".dropdown-input").fill(person.full_name)
        option = picker.locator(".ts-dropdown .option", has_text=person.full_name).first
        expect(option).to_be_visible()
        page.keyboard.press("Enter")
        expect(picker.locator(".ts-dropdown")).to_be_hidden()
        expect(page.locator(f"#id_members-{i}-person + .ts-wrapper .item")).to_have_text(person.full_name)
        expect(page.locator(f"select[name=members-{i}-person]")).to_have_value(str(person.pk))
        page.locator(f"select[name=members-{i}-role]").select_option("head" if i == 0 else "interpreter")
    for i in range(2):
        page.locator("[data-testid=add-legs]").click()
        expect(page.locator(f"[name=legs-{i}-country]")).to_have_count(1)
        # the country picker is searchable (Tom Select): "riben" (pinyin) finds 日本
        picker = page.locator(f"#id_legs-{i}-country + .ts-wrapper")
        expect(picker).to_be_visible()
        picker.locator(".ts-control").click()
        search = picker.locator(".dropdown-input")
        search.fill("riben")
        expect(picker.locator(".ts-dropdown .option").first).to_have_text("日本")
        picker.locator(".ts-dropdown .option", has_text="日本").first.click()
        expect(page.locator(f"select[name=legs-{i}-country]")).to_have_value(str(japan.pk))
        expect(picker.locator(".ts-dropdown")).to_be_hidden()  # closed by the pick itself, no Escape
        page.locator(f"input[name=legs-{i}-city]").fill("大阪")
        page.locator(f"input[name=legs-{i}-arrival]").fill((dep + dt.timedelta(days=2 * i)).isoformat())
        page.locator(f"input[name=legs-{i}-departure]").fill((dep + dt.timedelta(days=2 * i + 2)).isoformat())
    for i in range(2):
        page.locator("[data-testid=add-schedule]").click()
        expect(page.locator(f"input[name=schedule-{i}-date]")).to_be_visible()
        page.locator(f"input[name=schedule-{i}-date]").fill((dep + dt.timedelta(days=i)).isoformat())
        page.locator(f"textarea[name=schedule-{i}-plan]").fill("拜会大阪商工会议所，出席中日经贸合作洽谈会")
    with page.expect_response(lambda r: "budget" in r.url):
        page.locator("[data-testid=budget-compute]").click()
    page.wait_for_load_state("networkidle")
    page.locator("[data-testid=add-budget]").click()
    expect(page.locator("[data-testid=budget-row]").last).to_be_visible()
    last = page.locator("[data-testid=budget-row]").count() - 1
    page.locator(f"select[name=budget-{last}-category]").select_option("international_fare")
    page.locator(f"input[name=budget-{last}-amount]").fill("1234567.89")
    page.locator(f"input[name=budget-{last}-note]").fill("往返经济舱机票")


def test_trip_form_rows_read_well_on_desktop_and_phone(page, live_server, form_demo):
    sign_in(page, live_server, "zhuanban")
    fill_the_form(page, live_server, list(form_demo))
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)
        for kind in ("members", "legs", "schedule", "budget"):
            rows = page.locator(f"[data-testid={kind}-row]")
            assert rows.count() >= 2, kind
            expect(rows.first).to_be_visible()
            page.locator(f"[data-testid={kind}-section]").screenshot(path=str(SHOTS / f"{kind}-{width}.png"))
        page.screenshot(path=str(SHOTS / f"form-{width}.png"), full_page=True)
        problems[width] = page.evaluate(CHECK)
    assert problems == {1366: [], 390: []}
