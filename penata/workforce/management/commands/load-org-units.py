"""``penata load-org-units [FILE]``: load or update the org-unit tree (default: Kota Semarang)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from penata.workforce.services import org_units_load_tree

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "semarang_units.json"


class Command(BaseCommand):
    help = "Load the org-unit tree from a JSON file (matched by code; idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT))

    def handle(self, *args: Any, **options: Any) -> None:
        tree = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        counts = org_units_load_tree(actor=None, units=tree["units"])
        self.stdout.write(
            f"unit kerja: {counts['created']} dibuat, {counts['updated']} diperbarui, "
            f"{counts['unchanged']} tetap"
        )
