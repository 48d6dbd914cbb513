"""Model fields whose value is encrypted at rest (:mod:`penata.security.crypto`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from penata.security.crypto import decrypt, encrypt

TOKEN_PREFIX = "gAAAAA"  # every Fernet token (version byte 0x80, then a timestamp)


class DecryptedText(str):
    """The plain text of a stored value, remembering the token it was read from: saving it
    unchanged writes back that same token (a backup, a restore and their checksums see the
    column as it was); any other value is encrypted afresh."""

    token: str

    def __new__(cls, plain: str, token: str) -> DecryptedText:
        obj = super().__new__(cls, plain)
        obj.token = token
        return obj


class EncryptedCharField(models.CharField):
    """Text kept encrypted in its column and plain in Python.

    A new value is written as a new token (random IV) under the current key, so the column
    cannot be searched or compared: never filter on it. Serialisation (``dumpdata``, ``penata
    backup --format json``) carries the token, not the text, and loading it back decrypts it.
    Text that itself starts with ``gAAAAA`` cannot be stored (a base32 TOTP secret never does:
    it has no lower case). ``max_length`` bounds the token: a Fernet token of n bytes takes
    about 4/3·(n + 57) + 4 characters (a 32-character TOTP secret: 140).
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return DecryptedText(decrypt(value), value)

    def to_python(self, value: Any) -> Any:
        if (
            isinstance(value, str)
            and not isinstance(value, DecryptedText)
            and value.startswith(TOKEN_PREFIX)
        ):  # a serialised token (loaddata, restore)
            return DecryptedText(decrypt(value), value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, DecryptedText):
            return value.token
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        if value is None or value == "":
            return "" if value is None else value
        return str(self.get_prep_value(value))
