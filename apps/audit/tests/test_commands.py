import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.audit import services
from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent

TABLE = "audit_auditevent"


@pytest.fixture
def chain(staff):
    return [
        services.record(action=AuditAction.PEOPLE_UPDATE, actor=staff, changes={"n": [i, i + 1]})
        for i in range(6)
    ]


def run_verify(*args):
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def test_verify_reports_ok(chain):
    assert run_verify(f"--chunk={2}").startswith(f"OK: {AuditEvent.objects.count()} events verified")


def test_verify_catches_altered_content(chain, raw_sql):
    victim = chain[3]
    raw_sql(f"UPDATE {TABLE} SET changes = %s WHERE id = %s", ['{"n": [0, 99]}', victim.pk])
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("audit_verify", "--chunk=2", stdout=out)
    assert err.value.returncode == 1
    assert f"event #{victim.pk} " in out.getvalue()
    assert "content altered" in out.getvalue()
    assert f"#{victim.pk}" in str(err.value)


def test_verify_catches_a_row_deleted_in_the_middle(chain, raw_sql):
    raw_sql(f"DELETE FROM {TABLE} WHERE id = %s", [chain[2].pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=out)
    text = out.getvalue()
    assert f"event #{chain[3].pk} " in text
    assert "chain broken" in text and f"#{chain[1].pk}" in text


def test_verify_catches_a_rewritten_row_with_a_recomputed_hash(chain, raw_sql):
    from apps.audit.chain import compute_hash, event_content

    victim = AuditEvent.objects.get(pk=chain[1].pk)
    victim.action = "test.forged"
    forged = compute_hash(victim.prev_hash, event_content(victim))
    raw_sql(f"UPDATE {TABLE} SET action = %s, hash = %s WHERE id = %s", ["test.forged", forged, victim.pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=out)
    assert f"event #{chain[2].pk} " in out.getvalue() and "chain broken" in out.getvalue()


def test_verify_catches_deleted_first_rows(chain, raw_sql):
    first = AuditEvent.objects.order_by("id").first()
    raw_sql(f"DELETE FROM {TABLE} WHERE id = %s", [first.pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=out)
    assert "predecessor is missing" in out.getvalue()


def test_verify_from_id_checks_the_link_to_the_row_before(chain, raw_sql):
    assert "OK: 3 events verified" in run_verify(f"--from-id={chain[3].pk}")
    raw_sql(f"DELETE FROM {TABLE} WHERE id = %s", [chain[2].pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", f"--from-id={chain[3].pk}", stdout=out)
    assert f"event #{chain[3].pk} " in out.getvalue()


def test_purge_refuses_dates_inside_the_retention_period(chain):
    recent = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    with pytest.raises(CommandError, match="183"):
        call_command("audit_purge", f"--before={recent}")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("audit_purge", "--before=2024-13-45")
    assert AuditEvent.objects.count() == 6
    assert not AuditEvent.objects.filter(action="audit.purge").exists()


def test_purge_deletes_old_events_records_itself_and_the_chain_still_verifies(chain, raw_sql):
    old = timezone.now() - dt.timedelta(days=400)
    for event in chain[:3]:
        raw_sql(f"UPDATE {TABLE} SET at = %s WHERE id = %s", [old, event.pk])
    before = (timezone.localdate() - dt.timedelta(days=300)).isoformat()
    out = io.StringIO()
    call_command("audit_purge", f"--before={before}", stdout=out)
    assert "Deleted 3 audit events" in out.getvalue()
    assert list(AuditEvent.objects.order_by("id").values_list("id", flat=True))[:3] == [
        e.pk for e in chain[3:]
    ]
    purge = AuditEvent.objects.get(action="audit.purge")
    assert purge.extra["deleted"] == 3 and purge.extra["first_kept_id"] == chain[3].pk
    assert run_verify().startswith("OK: 4 events verified")
