"""``penata tasks-recover [--requeue] [--grace SECONDS]``: tasks whose worker died."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from penata.core.recovery import recover_interrupted


class Command(BaseCommand):
    # No system checks: they query the database, which a stuck or half-restored one may refuse.
    requires_system_checks: list[str] = []
    help = (
        "Find background tasks left 'running' by a worker that died (killed, out of memory, "
        "power loss), mark them interrupted (task, progress, linked upload/run; audited) and, "
        "with --requeue, queue them again with the same arguments. Safe to run at any time, "
        "e.g. before starting the workers and from a timer."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--requeue", action="store_true", help="queue each one again")
        parser.add_argument(
            "--grace",
            type=float,
            default=None,
            help="only tasks running for at least this many seconds "
            "(default PENATA_TASK_STALE_GRACE_SECONDS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        grace = None if options["grace"] is None else dt.timedelta(seconds=options["grace"])
        found = recover_interrupted(grace=grace, requeue=options["requeue"])
        for item in found:
            line = f"terputus: {item.task_path} {item.task_id}"
            if item.progress_id:
                line += f" (kemajuan {item.progress_id})"
            if item.records:
                line += " — " + ", ".join(item.records)
            if item.requeued_as:
                line += f" → diantrekan ulang sebagai {item.requeued_as}"
            self.stdout.write(line)
        self.stdout.write(f"{len(found)} tugas terputus ditemukan.")
