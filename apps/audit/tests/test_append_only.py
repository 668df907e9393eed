import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from apps.audit import services
from apps.audit.actions import AuditAction
from apps.audit.models import AppendOnlyError, AuditEvent

TABLE = "audit_auditevent"


@pytest.fixture
def event(staff):
    return services.record(action=AuditAction.PEOPLE_CREATE, actor=staff, changes={"title": ["a", "b"]})


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:  # savepoint: PostgreSQL aborts on error
        cursor.execute(sql, params)


def test_orm_update_and_delete_are_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        event.delete()
    event.action = "test.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(action="x", hash="0")])
    assert AuditEvent.objects.get(pk=event.pk).action == "people.create"


def test_database_refuses_raw_update(event):
    with pytest.raises((IntegrityError, DatabaseError)):
        _raw(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["test.forged", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "people.create"


def test_database_refuses_raw_delete_of_recent_events(event):
    with pytest.raises((IntegrityError, DatabaseError)):
        _raw(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_database_allows_deleting_events_older_than_the_retention_period(event, raw_sql):
    old = timezone.now() - dt.timedelta(days=200)
    raw_sql(f"UPDATE {TABLE} SET at = %s WHERE id = %s", [old, event.pk])
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_database_refuses_truncate_on_postgresql(postgres_only, event):
    with pytest.raises((IntegrityError, DatabaseError)):
        _raw(f"TRUNCATE {TABLE}")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain_on_postgresql(postgres_only):
    """Eight threads, each its own connection and transaction, write at once; the chain stays linear."""
    import threading

    from django.db import connections

    from apps.audit.chain import verify

    barrier = threading.Barrier(8)
    errors = []

    def writer(n):
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    services.record(action=AuditAction.PEOPLE_UPDATE, extra={"thread": n, "i": i})
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 80
    hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(hashes)) == 80  # no two events chained to the same predecessor
    result = verify()
    assert result.first_break is None and result.checked == 80
