"""Fast set-based inserts: PostgreSQL ``COPY``, or one prepared ``INSERT`` run with
``executemany`` elsewhere (SQLite).

Use inside the caller's transaction. Objects are not refreshed with their primary keys on
PostgreSQL (``COPY`` returns none); look them up by a natural key afterwards when needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def _insert_fields(model: type[models.Model]) -> list[Any]:
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]


def bulk_insert(objs: Sequence[models.Model], *, batch_size: int = 2000) -> int:
    """Insert ``objs`` (all of one model) as fast as the database allows; returns the count."""
    if not objs:
        return 0
    model = type(objs[0])
    fields = _insert_fields(model)
    for obj in objs:
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                f.pre_save(obj, add=True)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    if connection.vendor != "postgresql":
        # One prepared INSERT executed for every row: no per-batch SQL compilation.
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from _meta
        with connection.cursor() as cursor:
            for start in range(0, len(objs), batch_size):
                cursor.executemany(
                    sql,
                    [
                        [
                            f.get_db_prep_save(getattr(obj, f.attname), connection=connection)
                            for f in fields
                        ]
                        for obj in objs[start : start + batch_size]
                    ],
                )
        return len(objs)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [
                        f.get_db_prep_save(getattr(obj, f.attname), connection=connection)
                        for f in fields
                    ]
                )
    return len(objs)
