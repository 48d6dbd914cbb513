"""Full-text GIN indexes on PostgreSQL only (SQLite has no GIN: search falls back there).

The indexed expression is exactly what ``SearchVector("search_text", config="simple")``
compiles to, so the planner uses the index for ``search_text @@ to_tsquery(...)``.
"""

from django.db import migrations

TABLES = {"forum_post": "forum_post_search_gin", "forum_practice": "forum_practice_search_gin"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in TABLES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
            "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''::text)))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TABLES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_reference_data")]

    operations = [migrations.RunPython(create, drop)]
