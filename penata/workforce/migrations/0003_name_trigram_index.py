"""PostgreSQL only: a trigram index for the roster's name search.

The search is ``name__icontains`` — ``UPPER(name::text) LIKE UPPER('%…%')`` — which a b-tree
cannot serve: without this index PostgreSQL scans the whole employee table for every search
(docs/scaling.md, section 1). ``pg_trgm`` is a trusted extension (PostgreSQL 13+), so the
database owner may create it; where that is refused the index is skipped with a warning and the
search still works, only slower. SQLite has no such index and needs none at city size.
"""

import warnings

from django.db import DatabaseError, migrations, transaction

INDEX = "workforce_employee_name_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:  # pragma: no cover - depends on the server's privileges
        warnings.warn(f"pg_trgm not available, name search stays a table scan: {exc}", stacklevel=1)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON workforce_employee "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, backwards)]
