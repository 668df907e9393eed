"""The login log becomes hash-chained with the audit key (apps.audit.chain.LOGIN_LOG): two columns, and the
rows written so far chained in id order. The database guard (no UPDATE, DELETE, TRUNCATE) is created by
apps/audit/migrations/0004_login_log_guard.py."""

from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from apps.audit.chain import LOGIN_LOG, compute_hash

    LoginLog = apps.get_model("accounts", "LoginLog")
    db = schema_editor.connection.alias
    prev = ""
    last = 0
    while True:
        rows = list(
            LoginLog.objects.using(db)
            .filter(id__gt=last)
            .order_by("id")
            .values_list("id", *LOGIN_LOG.content_fields)[:2000]
        )
        if not rows:
            break
        for row_id, *values in rows:
            content = dict(zip(LOGIN_LOG.content_fields, values, strict=True))
            digest = compute_hash(prev, content)
            LoginLog.objects.using(db).filter(id=row_id).update(prev_hash=prev, hash=digest)
            prev = digest
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_password_session_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="loginlog",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="哈希"),
        ),
        migrations.AddField(
            model_name="loginlog",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="前一条哈希"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
    ]
