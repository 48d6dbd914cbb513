"""``penata demo-logins``: print the demo accounts and their roles."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from penata.core.demo import DEMO_USERS
from penata.core.models import User


class Command(BaseCommand):
    help = "Print the demo accounts (username, role, linked person)."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u for u in User.objects.filter(username__in=[d[0] for d in DEMO_USERS])
        }
        for username, role, _first, _last in DEMO_USERS:
            user = users.get(username)
            name = user.display_name if user else "(belum dibuat: jalankan penata seed-demo)"
            self.stdout.write(f"    {username:<12} {role.label:<34} {name}")
