"""``penata backup PATH [--format auto|sqlite|pg_dump|json]``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from penata.core.backup import BackupError, backup


class Command(BaseCommand):
    # No system checks: they query the database, which a stuck or half-restored one may refuse.
    requires_system_checks: list[str] = []
    help = (
        "Back up the whole database into one archive file with a manifest (row count and "
        "checksum of every table). SQLite: online backup API; PostgreSQL: pg_dump custom format "
        "(or JSON per model without pg_dump). Exit 1 when the backup failed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="the archive to write (e.g. penata-2026-11-29.tar)")
        parser.add_argument(
            "--format",
            choices=["auto", "sqlite", "pg_dump", "json"],
            default="auto",
            help="auto: sqlite on SQLite, pg_dump on PostgreSQL when installed, else json; "
            "json is portable between SQLite and PostgreSQL",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["path"], method=options["format"])
        except BackupError as exc:
            self.stderr.write(f"Pencadangan gagal: {exc.message}")
            sys.exit(1)
        self.stdout.write(
            f"Cadangan tertulis: {result.path} ({result.method}, {result.tables} tabel, "
            f"{result.rows} baris, {result.size} bita)."
        )
