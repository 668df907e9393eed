"""Indexes for every filter and order of the case list, and trigram indexes for its text search.

The search (``q``: reference or title, ``icontains``) is ``UPPER(col::text) LIKE UPPER('%…%')`` on
PostgreSQL; a GIN index with ``gin_trgm_ops`` on exactly that expression serves it (pg_trgm is a trusted
extension: the database owner may create it). SQLite has no such index; there the search scans.
"""

from django.conf import settings
from django.db import migrations, models

from apps.core.migration_ops import trigram_indexes


TRIGRAM_INDEXES = [
    ("casework_reference_trgm", "casework_case", "reference"),
    ("casework_title_trgm", "casework_case", "title"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="casework_unit_idx",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["applicant_unit", "state", "-created_at", "-id"], name="casework_unit_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["applicant_unit", "-created_at", "-id"], name="casework_unit_created_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["division", "-created_at", "-id"], name="casework_div_created_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["state", "-created_at", "-id"], name="casework_state_created_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["assignee", "applicant_unit"], name="casework_assignee_unit_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["created_by", "applicant_unit", "division"], name="casework_creator_idx"
            ),
        ),
        trigram_indexes(*TRIGRAM_INDEXES),
    ]
