"""``penata restore PATH [--force]``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from penata.core.backup import BackupError, restore


class Command(BaseCommand):
    # No system checks: they query the database, which a stuck or half-restored one may refuse.
    requires_system_checks: list[str] = []
    help = (
        "Restore an archive written by `penata backup`, checking its manifest (row counts and "
        "checksums) before and after. Refuses a corrupted or mismatched archive, and a database "
        "that already holds data unless --force. Exit 1 when refused or failed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="the archive written by `penata backup`")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database that already holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["path"], force=options["force"])
        except BackupError as exc:
            self.stderr.write(f"Pemulihan ditolak: {exc.message}")
            sys.exit(1)
        self.stdout.write(
            f"Pulih dan terverifikasi: {result.tables} tabel, {result.rows} baris "
            f"({result.method})."
        )
