"""``penata import-roster FILE [--dry-run] [--skip-invalid] [--report PATH]``."""

from __future__ import annotations

from penata.core.importing import ImportCommand
from penata.workforce.roster import roster_import


class Command(ImportCommand):
    help = (
        "Import a roster (CSV or XLSX) into the registry, upserting by NIP. All or nothing unless "
        "--skip-invalid. Exit status: 0 nothing rejected, 1 rows rejected, 2 file unreadable."
    )
    importer = staticmethod(roster_import)
