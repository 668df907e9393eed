"""Issue 14 item 3: the machine-readable zone (number, date of birth, sex, expiry) is stored encrypted, like
the passport number; a migration encrypts the lines stored in clear before."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.passports.models import Passport

from .test_custody import TODAY, _register
from .test_mrz import LINE1, LINE2


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, mrz_line1, mrz_line2 FROM passports_passport WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db
def test_mrz_is_stored_encrypted_and_read_back(custodian, person_factory, unit_a):
    anna = person_factory(unit=unit_a, full_name="安娜", sex="F", date_of_birth=datetime.date(1974, 8, 12))
    p = _register(
        custodian,
        anna,
        number="L898902C3",
        issue_date=datetime.date(2007, 4, 16),
        expiry_date=datetime.date(2012, 4, 15),
        mrz_line1=LINE1,
        mrz_line2=LINE2,
        today=TODAY,
    )
    number, line1, line2 = _raw(p.pk)
    for stored in (number, line1, line2):
        assert stored.startswith("gAAAAA")  # a Fernet token
    assert "L898902C3" not in line2 and "7408122" not in line2 and "ERIKSSON" not in line1
    again = Passport.objects.get(pk=p.pk)
    assert (again.mrz_line1, again.mrz_line2) == (LINE1, LINE2)


@pytest.mark.django_db
def test_blank_mrz_reads_as_empty_text(person_factory, unit_a):
    from .factories import PassportFactory

    p = PassportFactory(holder=person_factory(unit=unit_a))
    assert Passport.objects.get(pk=p.pk).mrz_line1 == ""
    assert _raw(p.pk)[1] is None


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_lines_stored_in_clear(person_factory, unit_a):
    holder = person_factory(unit=unit_a)
    executor = MigrationExecutor(connection)
    before = [("passports", "0004_tripapi_passport_application")]
    after = [("passports", "0005_encrypt_mrz")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("passports", "Passport")
        row = old.objects.create(
            holder_id=holder.pk,
            kind="official",
            number="L898902C3",
            number_hash="x",
            issue_date=datetime.date(2007, 4, 16),
            expiry_date=datetime.date(2012, 4, 15),
            issuing_authority="UTO",
            status="expired",
            mrz_line1=LINE1,
            mrz_line2=LINE2,
        )
        blank = old.objects.create(
            holder_id=holder.pk,
            kind="diplomatic",
            number="D1",
            number_hash="y",
            issue_date=datetime.date(2007, 4, 16),
            expiry_date=datetime.date(2012, 4, 15),
            issuing_authority="UTO",
            status="expired",
        )
        assert _raw(row.pk)[2] == LINE2  # in clear before the migration
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        _, line1, line2 = _raw(row.pk)
        assert line1.startswith("gAAAAA") and line2.startswith("gAAAAA") and LINE2 not in line2
        # read back through the model as that migration left it (later migrations add columns)
        new = executor.loader.project_state(after).apps.get_model("passports", "Passport")
        assert new.objects.get(pk=row.pk).mrz_line2 == LINE2
        assert new.objects.get(pk=blank.pk).mrz_line2 == ""
        # rolled back: the clear text again, blank as ""
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        assert _raw(row.pk)[1:] == (LINE1, LINE2)
        assert _raw(blank.pk)[1:] == ("", "")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
