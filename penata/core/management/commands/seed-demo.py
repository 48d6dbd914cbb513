"""``penata seed-demo``: the demo data set (until the registry lands: the roles' demo users)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from penata.core import demo


class Command(BaseCommand):
    help = "Load the demo data: one demo user per role (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--password", default=demo.DEMO_PASSWORD, help="password of the demo users"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            users = demo.ensure_demo_users(password=options["password"])
        self.stdout.write(self.style.SUCCESS(f"{len(users)} demo users ready."))
        for user in users:
            self.stdout.write(f"  {user.username:<14} {user.get_role_display()}")
