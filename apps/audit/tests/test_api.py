import pytest

from apps.accounts.models import ApiToken
from apps.audit import services
from apps.audit.actions import AuditAction

URL = "/api/audit/events"


@pytest.fixture
def events(staff):
    steps = ["submit", "claim", "forward_for_approval", "approve", "close"]
    return [services.record(action=f"casework.{step}", target=staff, actor=staff) for step in steps]


def test_anonymous_gets_401(client, events):
    assert client.get(URL).status_code == 401


def test_user_without_audit_view_gets_403(client, staff, events):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 403
    assert response.json() == {"detail": "需要“查看审计日志”权限。", "code": "forbidden"}


def test_auditor_lists_newest_first_with_keyset_paging(auditor_client, events):
    first = auditor_client.get(URL, {"action": "casework.", "limit": 2}).json()
    assert [e["id"] for e in first["items"]] == [events[4].pk, events[3].pk]
    assert first["items"][0]["actor_username"] == "staff1"
    assert first["items"][0]["hash"] == events[4].hash
    assert first["newer_after_id"] is None
    second = auditor_client.get(
        URL, {"action": "casework.", "limit": 2, "before_id": first["older_before_id"]}
    ).json()
    assert [e["id"] for e in second["items"]] == [events[2].pk, events[1].pk]
    back = auditor_client.get(
        URL, {"action": "casework.", "limit": 2, "after_id": second["newer_after_id"]}
    ).json()
    assert [e["id"] for e in back["items"]] == [events[4].pk, events[3].pk]


def test_filters_by_user_and_object(auditor_client, auditor, staff, events):
    services.record(action=AuditAction.CASEWORK_COMMENT, target=auditor, actor=auditor)
    by_user = auditor_client.get(URL, {"user": "张伟"}).json()["items"]
    assert {e["id"] for e in by_user} == {e.pk for e in events}
    by_obj = auditor_client.get(URL, {"target_type": "accounts.user", "target_id": auditor.pk}).json()[
        "items"
    ]
    assert [e["action"] for e in by_obj] == ["casework.comment"]


def test_bad_dates_are_a_422_not_a_500(auditor_client, events):
    assert auditor_client.get(URL, {"date_from": "2026-02-30"}).status_code == 422
    assert auditor_client.get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"}).status_code == 422


def test_bearer_token(client, auditor, events):
    key = ApiToken.generate_key()
    ApiToken.objects.create(
        user=auditor, name="审计工具", prefix=key[:8], key_hash=ApiToken.hash_key(key), created_by=auditor
    )
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 5
