import datetime as dt
import decimal
import itertools

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from apps.audit import services
from apps.audit.actions import AuditAction
from apps.audit.chain import event_hash_ok, verify
from apps.audit.models import AuditEvent
from apps.core import context


def _tiny_view(request):
    event = services.record(
        action=AuditAction.ACCOUNTS_USER_UPDATE, target=request.user, changes={"title": ["旧", "新"]}
    )
    return HttpResponse(str(event.pk))


urlpatterns = [path("touch/", _tiny_view)]


@pytest.mark.urls("apps.audit.tests.test_services")
def test_record_takes_actor_ip_and_request_id_from_the_real_request(client, staff):
    client.force_login(staff)
    response = client.get("/touch/", HTTP_USER_AGENT="TestBrowser/1.0", HTTP_X_REQUEST_ID="abc123req")
    assert response.status_code == 200
    event = AuditEvent.objects.get(pk=int(response.content))
    assert event.actor == staff
    assert event.actor_username == "staff1"
    assert event.actor_name == "张伟"
    assert event.ip == "127.0.0.1"
    assert event.user_agent == "TestBrowser/1.0"
    # A client's X-Request-ID is not trusted (no proxy configured): the id is generated and echoed.
    assert event.request_id == response["X-Request-ID"] != "abc123req"
    assert len(event.request_id) == 32
    assert event.target_type == "accounts.user"
    assert event.target_id == str(staff.pk)
    assert event.changes == {"title": ["旧", "新"]}
    assert event_hash_ok(event)


def test_record_inside_a_bound_context_without_middleware(staff):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = staff
    token = context.bind(context.RequestContext(request_id="r42", ip="10.1.2.3", request=request))
    try:
        event = services.record(action=AuditAction.ACCOUNTS_LANGUAGE_SET)
    finally:
        context.reset(token)
    assert (event.actor_id, event.ip, event.request_id) == (staff.pk, "10.1.2.3", "r42")


def test_explicit_actor_outside_a_request(db, staff):
    event = services.record(
        action=AuditAction.PASSPORTS_REFRESH_STATUSES, actor=staff, extra={"note": "命令行"}
    )
    event.refresh_from_db()
    assert event.actor == staff and event.ip is None and event.extra == {"note": "命令行"}


def test_values_are_made_json_safe_and_survive_the_round_trip(staff):
    changes = services.diff(
        {"day": dt.date(2026, 1, 2), "amount": decimal.Decimal("12.50"), "owner": None, "same": 1},
        {"day": dt.date(2026, 2, 3), "amount": decimal.Decimal("13.00"), "owner": staff, "same": 1},
    )
    assert "same" not in changes
    event = services.record(action=AuditAction.TRIPS_UPDATE, changes=changes, actor=staff)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes["day"] == ["2026-01-02", "2026-02-03"]
    assert stored.changes["amount"] == ["12.50", "13.00"]
    assert stored.changes["owner"] == [None, f"张伟 (#{staff.pk})"]
    assert event_hash_ok(stored)


def test_identifiers_are_stored_masked(staff):
    event = services.record(
        action="people.update",
        actor=staff,
        changes={
            "id_number": ["320302199001011234", "320302199001015678"],
            "passport_number": [None, "E12345678"],
            "name": ["张三", "张叁"],
        },
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes["id_number"] == ["320***********1234", "320***********5678"]
    assert stored.changes["passport_number"] == [None, "E12**5678"]
    assert stored.changes["name"] == ["张三", "张叁"]
    assert "199001011234" not in str(stored.changes)


def test_sensitive_view_is_recorded(staff, auditor):
    event = services.record_sensitive_view(
        target=staff, fields=["id_number"], actor=auditor, purpose="核对身份"
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "sensitive.view"
    assert stored.actor == auditor and stored.target_id == str(staff.pk)
    assert stored.extra == {"fields": ["id_number"], "purpose": "核对身份"}


def test_events_are_chained(staff):
    events = [
        services.record(action=AuditAction.PEOPLE_UPDATE, extra={"i": i}, actor=staff) for i in range(4)
    ]
    assert events[0].prev_hash == "" or AuditEvent.objects.filter(id__lt=events[0].pk).exists()
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash
    result = verify()
    assert result.first_break is None and result.checked == AuditEvent.objects.count()


def test_record_rolls_back_with_the_callers_transaction(staff):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.record(action=AuditAction.ORG_UNIT_MOVE, actor=staff)
        raise RuntimeError
    assert not AuditEvent.objects.filter(action=AuditAction.ORG_UNIT_MOVE).exists()
    services.record(action=AuditAction.ORG_UNIT_UPDATE, actor=staff)
    assert verify().first_break is None


def test_snapshot_and_diff(staff):
    before = services.snapshot(staff, ["full_name", "phone"])
    staff.full_name = "张伟伟"
    after = services.snapshot(staff, ["full_name", "phone"])
    assert services.diff(before, after) == {"full_name": ["张伟", "张伟伟"]}


def test_record_many_chains_like_record(staff):
    import datetime as dt

    from django.utils import timezone

    services.record(action=AuditAction.ORG_UNIT_CREATE, actor=staff)
    start = timezone.now() - dt.timedelta(days=10)
    n = services.record_many(
        (
            {
                "action": AuditAction.PASSPORTS_CREATE,
                "actor": staff,
                "at": start + dt.timedelta(minutes=i),
                "changes": {"passport_number": [None, f"E1234567{i}"]},
            }
            for i in range(7)
        ),
        batch_size=3,
    )
    services.record(action=AuditAction.ORG_UNIT_UPDATE, actor=staff)
    assert n == 7
    loaded = list(AuditEvent.objects.filter(action=AuditAction.PASSPORTS_CREATE).order_by("id"))
    assert loaded[0].at == start and loaded[0].changes["passport_number"][1] == "E12**5670"
    result = verify(chunk=4)
    assert result.first_break is None and result.checked == 9
