"""The machine-readable zone (number, date of birth, sex, expiry) encrypted like the passport number.

The columns become encrypted text (nullable: the field library stores a blank as NULL) and the lines stored
in clear so far are encrypted in place, a batch at a time; rolled back, they are decrypted again.
"""

from django.db import migrations

import apps.core.crypto

TABLE = "passports_passport"
COLUMNS = ("mrz_line1", "mrz_line2")


def encrypt(apps, schema_editor):
    from apps.core.keyrotation import encrypt_columns_in_place

    encrypt_columns_in_place(TABLE, "id", COLUMNS, schema_editor)


def decrypt(apps, schema_editor):
    from apps.core.keyrotation import decrypt_columns_in_place

    decrypt_columns_in_place(TABLE, "id", COLUMNS, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("passports", "0004_tripapi_passport_application"),
    ]

    operations = [
        migrations.AlterField(
            model_name="passport",
            name="mrz_line1",
            field=apps.core.crypto.EncryptedBlankCharField(
                blank=True, max_length=44, null=True, verbose_name="机读码第一行"
            ),
        ),
        migrations.AlterField(
            model_name="passport",
            name="mrz_line2",
            field=apps.core.crypto.EncryptedBlankCharField(
                blank=True, max_length=44, null=True, verbose_name="机读码第二行"
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
