"""The command-line side of a file import: ``FILE [--dry-run] [--skip-invalid] [--report PATH]``.

Every import (roster, e-Kinerja …) answers with the same report (see
``penata.workforce.roster.ImportReport``) and the same exit statuses: 0 nothing rejected, 1 rows
rejected, 2 the file cannot be read at all.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand


class ImportCommand(BaseCommand):
    """Base of the import commands. A subclass sets ``importer``, the import service called
    as ``importer(actor=None, data=…, filename=…, dry_run=…, skip_invalid=…)``, and ``noun``."""

    importer: Callable[..., Any]
    noun = ""  # prefix of the summary line, e.g. "SKP"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV (comma or semicolon, UTF-8) or XLSX")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="write the valid rows even when some are rejected",
        )
        parser.add_argument("--report", help="write the JSON report to this path ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.stderr.write(f"Berkas tidak dapat dibuka: {exc.strerror} ({path})")
            sys.exit(2)
        report = type(self).importer(
            actor=None,
            data=data,
            filename=path.name,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
        )
        result = report.as_dict()
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if options["report"] == "-":
            self.stdout.write(text)
        elif options["report"]:
            Path(options["report"]).write_text(text, encoding="utf-8")
        summary = (
            f"{self.noun + ' ' if self.noun else ''}dibuat {report.created}, "
            f"diperbarui {report.updated}, tidak berubah {report.unchanged}, "
            f"ditolak {report.rejected}"
        )
        if report.dry_run:
            summary += " (uji coba, tidak ada yang ditulis)"
        elif not report.written:
            summary += " — TIDAK ADA yang ditulis"
        self.stderr.write(summary)
        for err in result["errors"][:50]:
            where = f"baris {err['row']} kolom {err['column'] or '-'}"
            self.stderr.write(f"  {where}: [{err['code']}] {err['message']}")
        if len(result["errors"]) > 50:
            self.stderr.write(f"  … dan {len(result['errors']) - 50} galat lain (lihat --report)")
        if report.exit_status:
            sys.exit(report.exit_status)
