"""No internal code reaches a user (issue 9, D13): the pages a unit's clerk and a leader see show no ISO
country code, continent code, rule id or attachment-kind code — only names and labels."""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.casework.services import attachment_add
from apps.regulations.engine import CONTINENT_NAMES, RULES
from apps.trips import services

from .conftest import PNG

pytestmark = pytest.mark.django_db


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


CODES = re.compile(r"(?<![A-Za-z0-9])(JP|FR|KR|DE|US|CN)(?![A-Za-z0-9])")
INTERNAL = sorted({*RULES, *CONTINENT_NAMES, "invitation", "invitation_translation", "photo", "trip_report"})


def assert_no_codes(html: str, where: str):
    """No ISO code, rule id or code word in what the page shows (file names such as "invitation.pdf"
    are the user's own words)."""
    text = visible_text(html)
    found = CODES.findall(text)
    assert not found, f"{where}: ISO codes {found} in {text[:400]}"
    words = [w for w in INTERNAL if re.search(rf"(?<![A-Za-z_]){re.escape(w)}(?![A-Za-z_.])", text)]
    assert not words, f"{where}: internal codes {words}"


@pytest.fixture
def two_continent_draft(people, persons, unit, jp):
    """A draft of 12 days to Tokyo and Paris: too long, two continents, no standard for France."""
    dep = timezone.localdate() + dt.timedelta(days=40)
    ret = dep + dt.timedelta(days=11)
    mid = dep + dt.timedelta(days=5)
    from apps.trips.schemas import BudgetRow, LegRow, MemberRow, TripInput

    trip = services.trip_create(
        by=people["clerk"],
        unit=unit,
        input=TripInput(
            title="赴日本、法国开展教育交流",
            departure_date=dep,
            return_date=ret,
            legs=[
                LegRow(country="JP", city="东京", arrival=dep, departure=mid),
                LegRow(country="FR", city="巴黎", arrival=mid, departure=ret),
            ],
            members=[MemberRow(person_id=persons[0].pk, role="head")],
            budget=[
                BudgetRow(
                    category="lodging",
                    amount=Decimal("30000"),
                    currency="JPY",
                    country="JP",
                    city="东京",
                    count=1,
                ),
                BudgetRow(category="lodging", amount=Decimal("900"), currency="EUR", country="FR", count=1),
            ],
        ),
    )
    attachment_add(
        case=trip,
        by=people["clerk"],
        kind="invitation",
        upload=SimpleUploadedFile("邀请函.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    return trip


def test_clerk_and_leader_pages_show_names_not_codes(
    two_continent_draft, approved_trip, people, login, client
):
    trip = two_continent_draft
    login(people["clerk"])
    client.post(reverse("trips:recheck", args=[trip.pk]))  # the check, stored on the trip
    detail = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "邀请函" in visible_text(detail)
    pages = {
        "detail": detail,
        "edit": client.get(reverse("trips:edit", args=[trip.pk])).content.decode(),
        "list": client.get(reverse("trips:trip_list")).content.decode(),
        "inbox": client.get(reverse("casework:inbox")).content.decode(),
        "approved": client.get(reverse("trips:detail", args=[approved_trip.pk])).content.decode(),
    }
    for name, html in pages.items():
        assert_no_codes(html, f"clerk {name}")
    # the stored check names the countries and continents
    text = visible_text(pages["detail"])
    assert "亚洲、欧洲" in text and "法国：无开支标准记录" in text

    login(people["leader"])
    for name in (
        "trips:trip_list",
        "trips:reports",
        "trips:report_statistics",
        "trips:report_overrides",
        "trips:report_overdue",
        "casework:inbox",
    ):
        assert_no_codes(client.get(reverse(name)).content.decode(), f"leader {name}")
    assert_no_codes(
        client.get(reverse("trips:detail", args=[approved_trip.pk])).content.decode(), "leader detail"
    )


def test_overrides_report_and_export_name_the_rule(make_trip, people, fire, login, client):
    from apps.trips import reports

    trip = make_trip(invitation=False)
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    services.finding_override(
        trip=trip,
        by=people["staff"],
        rule_id="invitation_attached",
        subject="",
        justification="邀请函原件已当面核验，稍后补传",
    )
    login(people["leader"])
    html = client.get(reverse("trips:report_overrides")).content.decode()
    assert_no_codes(html, "overrides")
    assert "邀请函" in visible_text(html)
    row = next(iter(reports.override_rows(people["leader"], {})))
    assert row[3] == "邀请函" and "invitation_attached" not in row


def test_photos_show_as_thumbnails(make_trip, people, login, client):
    trip = make_trip()
    attachment_add(
        case=trip, by=people["clerk"], kind="other", upload=SimpleUploadedFile("p1.png", PNG, "image/png")
    )
    login(people["clerk"])
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert html.count('data-testid="photo-thumb"') == 1


def _crawl(client, start: list[str], limit: int = 90):
    """The pages reachable by following the links a signed-in user is shown (GET only, one page per URL
    shape: digits count as one), with what each answered."""
    from urllib.parse import urldefrag, urlparse

    href = re.compile(r'href="(/[^"#]*)"')
    skip = re.compile(
        r"/(accounts/logout|admin|static|media|i18n)/|\.(pdf|xlsx|csv|png|jpg)$|/(pdf|export|download)"
    )
    seen, shapes, queue, out = set(), set(), list(start), []
    while queue and len(out) < limit:
        url = urldefrag(queue.pop(0))[0].replace("&amp;", "&")
        shape = re.sub(r"\d+", "N", urlparse(url).path)
        if url in seen or shape in shapes or skip.search(urlparse(url).path):
            continue
        seen.add(url)
        shapes.add(shape)
        r = client.get(url)
        out.append((url, r))
        if r.status_code == 200 and "text/html" in r.get("Content-Type", ""):
            queue.extend(m for m in href.findall(r.content.decode()) if m not in seen)
    return out


@pytest.mark.parametrize("role", ["clerk", "signatory", "leader"])
def test_no_code_on_any_page_a_unit_or_leader_reaches(
    role, two_continent_draft, approved_trip, people, login, client
):
    """Crawl from the home page, the inbox and the trips (following every link shown): no page answers
    500 and none shows an ISO country code, a continent code, a rule id or an attachment-kind code."""
    login(people["clerk"])
    client.post(reverse("trips:recheck", args=[two_continent_draft.pk]))
    login(people[role])
    start = ["/", reverse("casework:inbox"), reverse("trips:detail", args=[approved_trip.pk])]
    if role != "leader":
        start.append(reverse("trips:detail", args=[two_continent_draft.pk]))
    pages = _crawl(client, start)
    assert len(pages) >= 15, [u for u, _r in pages]
    for url, r in pages:
        assert r.status_code < 500, (role, url)
        if r.status_code == 200 and "text/html" in r.get("Content-Type", ""):
            assert_no_codes(r.content.decode(), f"{role} {url}")
