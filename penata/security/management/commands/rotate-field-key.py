"""``penata rotate-field-key``: re-encrypt the stored TOTP secrets under the current key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from penata.security.crypto import FieldDecryptionError
from penata.security.services import field_key_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored TOTP secret under the current key (PENATA_FIELD_KEY, else "
        "PENATA_SECRET_KEY), reading them with the current key or one of "
        "PENATA_FIELD_KEYS_OLD. Run it after changing the key; then remove the old keys. "
        "All or nothing; audited."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = field_key_rotate()
        except FieldDecryptionError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{count} rahasia TOTP dienkripsi ulang dengan kunci saat ini.")
