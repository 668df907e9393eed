"""English pages read as English (issue 9, D13): on the trip pages a clerk and a leader see in English,
no sentence of the app's own (a Chinese source string of the trips, casework or web catalogue) is left
untranslated — the people's names, units and titles the users typed stay as they were typed."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from .test_tripux_no_codes import visible_text

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u9fff]")


def _source_phrases() -> set[str]:
    """The Chinese source strings of the catalogues behind these pages, cut at their placeholders."""
    phrases = set()
    for app in ("trips", "casework", "web", "regulations"):
        po = polib.pofile(str(Path(settings.BASE_DIR) / "apps" / app / "locale/en/LC_MESSAGES/django.po"))
        for entry in po:
            if not entry.msgstr or entry.msgstr == entry.msgid:
                continue  # an entry kept as it is (a proper name) is not a sentence to translate
            for chunk in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|[：:，,。（）()、“”\s]", entry.msgid):
                if len(HAN.findall(chunk)) >= 4:
                    phrases.add(chunk)
    return phrases


def _records() -> list[str]:
    """Text stored as it was written: titles, opinions, capacities and names of the chain's steps, the
    timeline's entries, the notice's place and result, citations of the approval level and route, the
    case type's name (data); longest first so that a longer record is taken out before its parts."""
    from apps.casework.models import CaseType, TimelineEntry
    from apps.trips.models import ApprovalRoute, ApprovalStep, Trip

    values = set(TimelineEntry.objects.values_list("text", flat=True))
    for step in ApprovalStep.objects.all():
        values |= {step.name, step.capacity, step.opinion}
    for trip in Trip.objects.all():
        values |= {trip.title, trip.approval_level_citation, trip.unit_notice_place, trip.unit_notice_result}
    values |= set(CaseType.objects.values_list("name", flat=True))
    values |= set(ApprovalRoute.objects.values_list("citation", flat=True))
    values |= set(ApprovalRoute.objects.values_list("external_approver_label", flat=True))
    parts = set()
    for value in values:
        parts |= {p.strip() for p in re.split(r"[\n；;]", value or "") if p.strip()}
    return sorted(values | parts, key=len, reverse=True)


def test_trip_pages_in_english_have_no_untranslated_sentences(
    approved_trip, make_trip, people, login, client
):
    draft = make_trip()
    phrases = _source_phrases()
    assert len(phrases) > 200
    records = _records()
    for who, urls in (
        (
            "clerk",
            [
                reverse("trips:detail", args=[approved_trip.pk]),
                reverse("trips:detail", args=[draft.pk]),
                reverse("trips:edit", args=[draft.pk]),
                reverse("trips:new"),
                reverse("trips:trip_list"),
                reverse("casework:inbox"),
            ],
        ),
        (
            "leader",
            [
                reverse("trips:detail", args=[approved_trip.pk]),
                reverse("trips:reports"),
                reverse("trips:report_overdue"),
                reverse("trips:report_statistics"),
            ],
        ),
    ):
        login(people[who])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in urls:
            r = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert r.status_code == 200, url
            html = r.content.decode()
            assert '<html lang="en' in html, url
            text = visible_text(html)
            for value in records:  # what was typed or recorded stays in the words it was written in
                text = text.replace(value, " ")
            left = sorted(p for p in phrases if p in text)
            assert not left, (who, url, left[:10])
