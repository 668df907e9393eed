"""What the trip page tells at a glance (issue 9, E17/E19): the send-back reason as a banner for the
applicant, the progress bar, and the photos the report needs before it is filed."""

import pytest
from django.urls import reverse

from apps.trips import selectors

pytestmark = pytest.mark.django_db


def test_send_back_reason_is_a_banner_for_the_applicant(make_trip, people, fire, login, client):
    trip = make_trip()
    trip = fire(trip, "submit", people["clerk"])
    trip = fire(trip, "claim", people["staff"])
    trip = fire(trip, "send_back", people["staff"], comment="请补充返程当天的日程安排")
    login(people["clerk"])
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    banner = html.split('data-testid="send-back-banner"')[1].split("</div>\n</div>")[0]
    assert "申请已退回补正" in banner and "请补充返程当天的日程安排" in banner
    assert reverse("trips:edit", args=[trip.pk]) in banner
    # resubmitted: the banner goes
    trip = (
        fire(trip, "resubmit", people["clerk"])
        if "resubmit" in _names(trip, people)
        else fire(trip, "submit", people["clerk"])
    )
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-testid="send-back-banner"' not in html


def _names(trip, people):
    from apps.casework.selectors import available_transitions

    return available_transitions(case=trip, user=people["clerk"])


def test_progress_bar_follows_the_stage(make_trip, approved_trip, people, login, client):
    draft = make_trip()
    steps = selectors.progress(draft)
    assert [s["state"] for s in steps] == ["current", "todo", "todo", "todo", "todo", "todo"]
    steps = selectors.progress(approved_trip)
    # approved: passports and visas are handled at once (the notice was the unit's, before it applied)
    assert [s["state"] for s in steps][:3] == ["done", "done", "current"]
    login(people["clerk"])
    html = client.get(reverse("trips:detail", args=[approved_trip.pk])).content.decode()
    assert 'data-testid="trip-progress"' in html and 'aria-current="step"' in html
    assert "证照签证" in html and "批准与公示" not in html


def test_the_three_photos_are_asked_for_before_the_report_is_filed(approved_trip):
    photos = selectors.report_photos(approved_trip)
    assert photos == {"have": 0, "need": 3, "missing": 3}


def test_printable_application_and_print_button(approved_trip, people, persons, login, client):
    login(people["clerk"])
    detail = client.get(reverse("trips:detail", args=[approved_trip.pk])).content.decode()
    assert (
        'data-testid="print-page"' in detail
        and reverse("trips:application_print", args=[approved_trip.pk]) in detail
    )
    r = client.get(reverse("trips:application_print", args=[approved_trip.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="application-form"' in html
    assert "因公临时出国申请表" in html and approved_trip.reference in html
    for p in persons:
        assert p.full_name in html
    assert "东京" in html and "申报单位意见" in html and "data-print" in html
    # another unit's clerk cannot open it
    login(people["other_clerk"])
    assert client.get(reverse("trips:application_print", args=[approved_trip.pk])).status_code == 404


def test_print_stylesheet_lets_cards_break_and_unsticks_the_findings():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/waiban.css").read_text()
    tripux = css.split("/* tripux: printing a trip page")[1]
    assert (
        ".card { break-inside: auto; }" in tripux
        and ".position-sticky, .sticky-top { position: static !important; }" in tripux
    )


def test_a_delegations_passports_out_and_back_at_once(approved_trip, people, fire, login, client):

    from django.utils import timezone

    from apps.audit.models import AuditEvent

    clerk, staff = people["clerk"], people["staff"]
    trip = approved_trip
    login(staff)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-testid="release-all"' in html
    r = client.post(reverse("trips:passports_batch", args=[trip.pk, "release"]))
    assert r.status_code == 302
    assert all(m.passport_released_at for m in trip.members.all())
    assert AuditEvent.objects.filter(action="trips.passport_release").count() == trip.members.count()
    # nothing left to check out: refused with the reason, nothing changed
    r = client.post(reverse("trips:passports_batch", args=[trip.pk, "release"]))
    assert r.status_code == 400 and "没有待借出的证照" in r.content.decode()
    trip = fire(trip, "depart", clerk, actual_departure_date=timezone.localdate())
    trip = fire(trip, "record_return", clerk, actual_return_date=timezone.localdate())
    r = client.post(reverse("trips:passports_batch", args=[trip.pk, "return"]))
    assert r.status_code == 302
    assert all(m.passport_returned_at for m in trip.members.all())
    # a clerk cannot
    login(clerk)
    assert client.post(reverse("trips:passports_batch", args=[trip.pk, "return"])).status_code == 403
