"""Full-text search storage on PostgreSQL only (SQLite has no tsvector/GIN: search falls back).

Each searchable table gets a stored generated column ``search_vector`` =
``to_tsvector('simple', search_text)`` (the text is already stemmed by Penata, so the ``simple``
configuration only splits it) and a GIN index on it. The column is not a model field: PostgreSQL
keeps it in step on every insert and update (also ``COPY``), and :mod:`penata.forum.search`
reads it with :class:`penata.forum.search.StoredVector`. A stored vector, unlike an expression
index, is not re-parsed for every matching row when ranking.
"""

from django.db import migrations

TABLES = {"forum_post": "forum_post_search_gin", "forum_practice": "forum_practice_search_gin"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in TABLES.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) "
            "STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_reference_data")]

    operations = [migrations.RunPython(create, drop)]
