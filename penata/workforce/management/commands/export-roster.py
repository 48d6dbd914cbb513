"""``penata export-roster PATH``: the registry in the roster import format (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from penata.core.audit import audit_record
from penata.workforce.roster import roster_export


class Command(BaseCommand):
    help = (
        "Export the registry in the roster format; the format follows the suffix (.csv or .xlsx)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        n = roster_export(path)
        with transaction.atomic():
            audit_record(
                actor=None, action="roster.export", object_repr=str(path)[:255], after={"rows": n}
            )
        self.stderr.write(f"{n} pegawai diekspor ke {path}")
