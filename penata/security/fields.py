"""Model fields whose value is encrypted at rest (:mod:`penata.security.crypto`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from penata.security.crypto import decrypt, encrypt


class EncryptedCharField(models.CharField):
    """Text kept encrypted in its column and plain in Python.

    Each save writes a new token (random IV) under the current key, so the column cannot be
    searched or compared: never filter on it. ``max_length`` bounds the token, not the text:
    a Fernet token of n bytes takes about 4/3·(n + 57) + 4 characters (a 32-character TOTP
    secret: 140).
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
