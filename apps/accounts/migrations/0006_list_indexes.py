"""Indexes for the user list and the login log.

Search is ``icontains`` (user list: username, name, pinyin; login log: username; the audit log's "user"
filter: ``username__iexact`` or ``full_name__icontains``), which Django writes on PostgreSQL as
``UPPER(col::text) LIKE UPPER('%…%')`` / ``= UPPER(…)``: a trigram (pg_trgm) GIN index on that same
expression serves both (pg_trgm ≥ 1.6 answers ``=`` too). PostgreSQL only; nothing on SQLite.
"""

from django.db import migrations, models

from apps.core.migration_ops import trigram_indexes

TRIGRAM_INDEXES = [
    ("accounts_user_username_trgm", "accounts_user", "username"),
    ("accounts_user_full_name_trgm", "accounts_user", "full_name"),
    ("accounts_user_name_pinyin_trgm", "accounts_user", "name_pinyin"),
    ("accounts_loginlog_username_trgm", "accounts_loginlog", "username"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_edit_tokens'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='loginlog',
            index=models.Index(fields=['outcome', '-at', '-id'], name='accounts_login_outcome_idx'),
        ),
        trigram_indexes(*TRIGRAM_INDEXES),
    ]
