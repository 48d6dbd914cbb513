"""``penata funding-reminders [--today YYYY-MM-DD]``: create the in-app reminders of agreements
that end soon (run daily, e.g. from cron or a systemd timer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from penata.funding.services import reminders_generate


class Command(BaseCommand):
    help = "Buat pengingat perjanjian kerja sama yang segera berakhir."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="tanggal acuan YYYY-MM-DD (bawaan: hari ini)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today harus berformat YYYY-MM-DD.") from exc
        created = reminders_generate(today=today)
        self.stdout.write(f"{len(created)} pengingat dibuat.")
