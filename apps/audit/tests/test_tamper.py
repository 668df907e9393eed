"""Someone with write access to the database but not the audit key cannot rewrite the trail unseen.

The attack the outside probe showed: switch off the append-only triggers, rewrite or delete rows,
recompute every hash with the project's own function, and run ``audit_verify``. With the keyed chain the
recomputed hashes are wrong (the key is not in the database); with anchors, deleting the newest events
or rewriting the whole chain after an anchor is found too.
"""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.audit import services
from apps.audit.actions import AuditAction
from apps.audit.anchors import last_anchor, read_anchors, write_anchor
from apps.audit.chain import CONTENT_FIELDS, canonical, compute_hash, verify
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
TABLE = "audit_auditevent"


@pytest.fixture
def anchors(tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    return settings.AUDIT_ANCHOR_FILE


@pytest.fixture
def chain(staff):
    return [
        services.record(action=AuditAction.PEOPLE_UPDATE, actor=staff, changes={"n": [i, i + 1]})
        for i in range(6)
    ]


def _rehash_all(raw_sql, hasher, *, rewrite=None):
    """What the attacker does: rewrite rows, then recompute every hash forward with ``hasher``."""
    prev = ""
    for event in AuditEvent.objects.order_by("id"):
        content = {f: getattr(event, f) for f in CONTENT_FIELDS}
        if rewrite and event.pk in rewrite:
            content.update(rewrite[event.pk])
        new = hasher(prev, content)
        raw_sql(
            f"UPDATE {TABLE} SET action = %s, changes = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [content["action"], json.dumps(content["changes"]), prev, new, event.pk],
        )
        prev = new


def _verify_fails() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=out)
    return out.getvalue()


def _unkeyed(prev, content):
    return hashlib.sha256(((prev or "") + canonical(content)).encode()).hexdigest()


def test_the_chain_is_keyed(chain):
    event = chain[0]
    assert event.hash != _unkeyed(event.prev_hash, {f: getattr(event, f) for f in CONTENT_FIELDS})
    with override_settings(AUDIT_CHAIN_KEY="another-key"):
        assert verify().first_break is not None


def test_rewrite_with_recomputed_unkeyed_hashes_is_caught(chain, raw_sql, anchors):
    victim = chain[2]
    _rehash_all(raw_sql, _unkeyed, rewrite={victim.pk: {"changes": {"n": [0, 999]}}})
    text = _verify_fails()
    assert f"event #{chain[0].pk} " in text and "content altered" in text


def test_rewrite_with_a_guessed_key_is_caught(chain, raw_sql, anchors):
    with override_settings(AUDIT_CHAIN_KEY="what-the-attacker-guessed"):
        _rehash_all(raw_sql, compute_hash, rewrite={chain[3].pk: {"action": AuditAction.PEOPLE_CREATE.value}})
    assert "content altered" in _verify_fails()


def test_deleting_the_newest_events_is_caught_by_the_anchor(chain, raw_sql, anchors):
    call_command("audit_anchor", stdout=io.StringIO())
    anchor = last_anchor()
    assert anchor.valid and anchor.last_id == chain[-1].pk and anchor.count == AuditEvent.objects.count()
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "1 anchors agree" in out.getvalue()
    # The chain that remains is intact, so only the anchor can tell.
    raw_sql(f"DELETE FROM {TABLE} WHERE id >= %s", [chain[-2].pk])
    text = _verify_fails()
    assert f"event #{chain[-1].pk} is missing" in text and "truncated" in text


def test_rewriting_the_whole_chain_after_an_anchor_is_caught(chain, raw_sql, anchors):
    write_anchor()
    # Even an attacker who somehow had the key: the anchored head no longer matches.
    _rehash_all(raw_sql, compute_hash, rewrite={chain[1].pk: {"changes": {"n": [5, 6]}}})
    assert verify().first_break is not None
    text = _verify_fails()
    assert "rewritten" in text


def test_deleting_the_oldest_row_is_caught(chain, raw_sql, anchors):
    write_anchor()
    raw_sql(f"DELETE FROM {TABLE} WHERE id = %s", [chain[0].pk])
    assert "predecessor is missing" in _verify_fails()


def test_an_edited_anchor_line_is_caught(chain, anchors):
    write_anchor()
    data = json.loads(anchors.read_text())
    data["count"] = 2
    anchors.write_text(json.dumps(data) + "\n")
    assert not read_anchors()[0].valid
    assert "bad signature" in _verify_fails()


def test_new_events_after_an_anchor_verify(chain, staff, anchors):
    write_anchor()
    services.record(action=AuditAction.PEOPLE_UPDATE, actor=staff, changes={"n": [7, 8]})
    write_anchor()
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().startswith(f"OK: {AuditEvent.objects.count()} events verified, 2 anchors agree")


def test_legacy_unkeyed_events_verify_only_up_to_the_configured_id(chain, raw_sql, anchors):
    _rehash_all(raw_sql, _unkeyed)
    with override_settings(AUDIT_LEGACY_UNKEYED_UNTIL=chain[-1].pk):
        assert verify().first_break is None
    with override_settings(AUDIT_LEGACY_UNKEYED_UNTIL=chain[2].pk):
        assert verify().first_break.event_id == chain[3].pk


def test_the_auditor_sees_the_last_anchor(auditor_client, chain, anchors):
    page = auditor_client.get("/audit/").content.decode()
    assert "尚未锚定审计链" in page
    anchor = write_anchor()
    page = auditor_client.get("/audit/").content.decode()
    assert "最近一次锚定" in page and f"共 {anchor.count} 条事件（至第 {anchor.last_id} 条）" in page
