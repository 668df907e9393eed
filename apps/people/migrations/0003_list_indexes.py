"""Indexes for the person registry's filters and sorts (and the trip list's rank filter).

Name search is ``icontains``, which Django writes on PostgreSQL as ``UPPER(col::text) LIKE UPPER('%…%')``:
only a trigram (pg_trgm) GIN index on that same expression serves it, so the indexes below are on
``UPPER(col::text)``, not on the bare column. PostgreSQL only (``CREATE EXTENSION`` needs the right to
create a trusted extension, which the database owner has); nothing on SQLite. A term needs three
characters to give a trigram: a two-character search (张伟) cannot use them.
"""

from django.conf import settings
from django.db import migrations, models

from apps.core.migration_ops import trigram_indexes

TRIGRAM_INDEXES = [
    ("people_full_name_trgm", "people_person", "full_name"),
    ("people_name_search_trgm", "people_person", "name_search"),
    ("people_passport_name_trgm", "people_person", "passport_name"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('people', '0002_role_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['unit', 'pinyin', 'id'], name='people_unit_pinyin_idx'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(condition=models.Q(('archived_at__isnull', False)), fields=['pinyin', 'id'], name='people_archived_pinyin_idx'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['rank'], name='people_rank_idx'),
        ),
        trigram_indexes(*TRIGRAM_INDEXES),
    ]
