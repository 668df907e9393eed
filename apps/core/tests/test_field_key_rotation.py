"""Issue 14 item 10: ``manage.py rotate_field_key`` re-encrypts every protected column from the old key to the
new one, in batches, resumably, audited."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.core import keyrotation
from apps.core.crypto import encrypted_fields, field_keys
from apps.passports.tests.factories import PassportFactory
from apps.passports.tests.test_mrz import LINE1, LINE2
from apps.people.models import Person
from apps.people.tests.factories import PersonFactory

OLD = "test-field-key-0123456789"  # settings_test
NEW = "rotated-field-key-9876543210"

pytestmark = pytest.mark.django_db


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _fernet(salt):
    with override_settings(SALT_KEY=[salt]):
        return Fernet(field_keys()[0])


def test_every_encrypted_field_of_the_project_is_covered():
    found = {c.label for c in keyrotation.columns()}
    # independently: every concrete field whose class comes from an encryption library or is ours
    expected = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.local_concrete_fields:
            path = f.deconstruct()[1]
            if "Encrypted" in path:
                expected.add(f"{model._meta.label}.{f.name}")
    assert found == expected
    assert {
        "people.Person.id_number",
        "passports.Passport.number",
        "passports.Passport.mrz_line1",
        "passports.Passport.mrz_line2",
        "invitations.Foreigner.passport_number",
    } <= found
    assert len(encrypted_fields()) == len(found)


@pytest.fixture
def data(units):
    people = [
        PersonFactory(unit=units["徐州市教育局"], id_number=f"32030219900101{n:03d}X") for n in range(5)
    ]
    passport = PassportFactory(holder=people[0], mrz_line1=LINE1, mrz_line2=LINE2)
    return people, passport


def test_rotation_moves_every_value_to_the_new_key(data):
    people, passport = data
    old, new = _fernet(OLD), _fernet(NEW)
    stored = _raw("people_person", "id_number", people[0].pk)
    assert old.decrypt(stored.encode())  # written under the old key
    with override_settings(SALT_KEY=[NEW, OLD]):
        out = io.StringIO()
        call_command("rotate_field_key", "--batch-size", "2", stdout=out)
        assert "people.Person.id_number: 5 values, 5 re-encrypted" in out.getvalue()
        assert "passports.Passport.mrz_line2: 1 values, 1 re-encrypted" in out.getvalue()
    for p in people:
        token = _raw("people_person", "id_number", p.pk).encode()
        assert new.decrypt(token).decode() == p.id_number
        with pytest.raises(InvalidToken):
            old.decrypt(token)
    for column in ("number", "mrz_line1", "mrz_line2"):
        new.decrypt(_raw("passports_passport", column, passport.pk).encode())
    # the old key can go: everything reads with the new one alone
    with override_settings(SALT_KEY=[NEW]):
        assert Person.objects.get(pk=people[3].pk).id_number == people[3].id_number
        assert passport.__class__.objects.get(pk=passport.pk).mrz_line2 == LINE2
    event = AuditEvent.objects.filter(action="core.rotate_field_key").latest("id")
    assert event.extra["completed"] is True
    assert event.extra["columns"]["people.Person.id_number"]["rotated"] == 5
    # a second run has nothing left to do
    with override_settings(SALT_KEY=[NEW, OLD]):
        reports = keyrotation.rotate()
    assert sum(r.rotated + r.encrypted for r in reports) == 0


def test_an_interrupted_rotation_resumes(data, monkeypatch):
    people, _ = data
    calls = {"n": 0}
    real = keyrotation.Recrypter.__call__

    def flaky(self, stored, report, pk):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("connection lost")
        return real(self, stored, report, pk)

    with override_settings(SALT_KEY=[NEW, OLD]):
        monkeypatch.setattr(keyrotation.Recrypter, "__call__", flaky)
        with pytest.raises(RuntimeError):
            call_command(
                "rotate_field_key", "--batch-size", "2", "--model", "people.Person", stdout=io.StringIO()
            )
        monkeypatch.setattr(keyrotation.Recrypter, "__call__", real)
        interrupted = AuditEvent.objects.filter(action="core.rotate_field_key").latest("id")
        assert interrupted.extra["completed"] is False
        (report,) = keyrotation.rotate(models=["people.Person"], batch_size=2)
    assert report.current == 2 and report.rotated == 3  # the first batch committed before the failure
    new = _fernet(NEW)
    for p in people:
        new.decrypt(_raw("people_person", "id_number", p.pk).encode())


def test_values_in_clear_are_encrypted_and_unknown_tokens_reported(data):
    people, _ = data
    stranger = _fernet("some-other-key").encrypt(b"320302199001019999").decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET id_number = %s WHERE id = %s", ["320302199001010000", people[1].pk]
        )
        cursor.execute("UPDATE people_person SET id_number = %s WHERE id = %s", [stranger, people[2].pk])
    with override_settings(SALT_KEY=[NEW, OLD]):
        with pytest.raises(CommandError, match="could not be decrypted"):
            call_command("rotate_field_key", "--model", "people.Person", stdout=io.StringIO())
    assert (
        _fernet(NEW).decrypt(_raw("people_person", "id_number", people[1].pk).encode())
        == b"320302199001010000"
    )
    assert _raw("people_person", "id_number", people[2].pk) == stranger  # left for the operator
    event = AuditEvent.objects.filter(action="core.rotate_field_key").latest("id")
    assert event.extra["columns"]["people.Person.id_number"]["unreadable"] == 1


def test_list_names_the_columns():
    out = io.StringIO()
    call_command("rotate_field_key", "--list", stdout=out)
    assert "passports.Passport.mrz_line1  (passports_passport.mrz_line1)" in out.getvalue()
