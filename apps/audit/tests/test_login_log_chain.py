"""Issue 14 item 2: the login log (sign-ins, failures, lockouts, sign-outs) is append-only in the application
and in the database, and chained with the audit trail's keyed HMAC; ``audit_verify`` checks it, and the
attack of the outside probe (drop the guard, rewrite or delete rows, recompute the hashes) is caught."""

import hashlib
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from apps.accounts.models import LoginLog
from apps.accounts.tests.conftest import login_page
from apps.audit.chain import LOGIN_LOG, canonical, compute_hash, verify
from apps.audit.models import AppendOnlyError

pytestmark = pytest.mark.django_db
TABLE = "accounts_loginlog"


@pytest.fixture
def log(client, make_user):
    """A real sequence through the login page: a failure, a lockout, a sign-in, a sign-out."""
    make_user("keyuan_t", roles=["division_staff"])
    login_page(client, "keyuan_t", "wrong-password-1", REMOTE_ADDR="10.0.0.9")
    login_page(client, "nobody", "wrong-password-1", REMOTE_ADDR="2001:db8::1")
    with override_settings(AXES_FAILURE_LIMIT=2):
        login_page(client, "keyuan_t", "wrong-password-1", REMOTE_ADDR="10.0.0.9")
    login_page(client, "keyuan_t", REMOTE_ADDR="10.0.0.7")
    client.post(reverse("accounts:logout"))
    rows = list(LoginLog.objects.order_by("id"))
    assert {r.outcome for r in rows} >= {"failure", "success"}
    return rows


def _verify_output(**kwargs) -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out, **kwargs)
    return out.getvalue()


def _verify_fails() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_every_entry_is_chained_with_the_audit_key(log):
    prev = ""
    for row in log:
        assert row.prev_hash == prev and len(row.hash) == 64
        content = {f: getattr(row, f) for f in LOGIN_LOG.content_fields}
        assert row.hash == compute_hash(prev, content)
        assert row.hash != hashlib.sha256((prev + canonical(content)).encode()).hexdigest()  # keyed
        prev = row.hash
    assert verify(chain=LOGIN_LOG).checked == len(log)
    assert f"OK: login log: {len(log)} entries verified" in _verify_output()
    with override_settings(AUDIT_CHAIN_KEY="another-key"):
        assert verify(chain=LOGIN_LOG).first_break is not None


def test_the_application_refuses_to_change_or_delete_entries(log):
    row = log[0]
    row.outcome = "success"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        LoginLog.objects.filter(pk=row.pk).update(outcome="success")
    with pytest.raises(AppendOnlyError):
        LoginLog.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET outcome = 'success' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"],
)
def test_the_database_refuses_to_change_or_delete_entries(log, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [log[0].pk])
    assert LoginLog.objects.get(pk=log[0].pk).outcome == log[0].outcome


@pytest.mark.postgres
def test_the_database_refuses_truncate(log, postgres_only):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")


def _rehash(raw_sql, hasher, *, rewrite=None, skip=()):
    prev = ""
    for row in LoginLog.objects.order_by("id"):
        if row.pk in skip:
            continue
        content = {f: getattr(row, f) for f in LOGIN_LOG.content_fields}
        content.update((rewrite or {}).get(row.pk, {}))
        new = hasher(prev, content)
        raw_sql(
            f"UPDATE {TABLE} SET outcome = %s, ip = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [content["outcome"], content["ip"], prev, new, row.pk],
        )
        prev = new


def _unkeyed(prev, content):
    return hashlib.sha256((prev + canonical(content)).encode()).hexdigest()


def test_a_failure_rewritten_as_a_sign_in_with_recomputed_hashes_is_caught(log, raw_sql):
    victim = next(r for r in log if r.outcome == "failure")
    _rehash(raw_sql, _unkeyed, rewrite={victim.pk: {"outcome": "success", "ip": "10.1.1.1"}})
    text = _verify_fails()
    assert "LOGIN LOG BROKEN" in text and "content altered" in text


def test_rehashing_with_a_guessed_key_is_caught(log, raw_sql):
    def guessed(prev, content):
        with override_settings(AUDIT_CHAIN_KEY=settings.SECRET_KEY):
            return compute_hash(prev, content)

    _rehash(raw_sql, guessed, rewrite={log[1].pk: {"ip": "10.1.1.1"}})
    assert "content altered" in _verify_fails()


def test_a_deleted_entry_breaks_the_chain(log, raw_sql):
    raw_sql(f"DELETE FROM {TABLE} WHERE id = %s", [log[1].pk])
    text = _verify_fails()
    assert "LOGIN LOG BROKEN" in text and "chain broken" in text
    assert f"#{log[0].pk}" in text


def test_entries_from_bulk_loads_are_chained_too(db):
    LoginLog.objects.bulk_create(LoginLog(username=f"u{k}", outcome="success") for k in range(5))
    assert verify(chain=LOGIN_LOG).checked == 5
