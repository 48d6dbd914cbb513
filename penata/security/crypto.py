"""Encryption at rest for secrets the database keeps (the TOTP secrets of authenticator apps).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a key derived with
HKDF-SHA256 and the fixed context label :data:`HKDF_INFO` from a key string:

- ``PENATA_FIELD_KEY`` when it is set, else ``PENATA_SECRET_KEY``: encrypts, and decrypts;
- ``PENATA_FIELD_KEYS_OLD`` (comma-separated): earlier key strings, still accepted for
  decryption only, so a key can be rotated without locking anyone out. ``penata
  rotate-field-key`` then re-encrypts every stored secret under the current key, after which
  the old keys can be dropped.

A value that none of the keys decrypts raises :class:`FieldDecryptionError` naming the
settings: a changed key must never turn into a silently wrong TOTP secret.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

HKDF_INFO = b"penata.security.field-encryption.v1"


class FieldDecryptionError(Exception):
    """A stored secret that no configured key decrypts (a changed key, or a corrupt value)."""


def derive_key(key_string: str) -> bytes:
    """The Fernet key (url-safe base64 of 32 bytes) for a key string."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        key_string.encode()
    )
    return base64.urlsafe_b64encode(raw)


def key_strings() -> tuple[str, ...]:
    """The current key string first, then the old ones (settings read on every call)."""
    current = getattr(settings, "PENATA_FIELD_KEY", "") or settings.SECRET_KEY
    old = [k for k in getattr(settings, "PENATA_FIELD_KEYS_OLD", []) if k and k != current]
    return (current, *old)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(derive_key(k)) for k in keys])


def encrypt(plain: str) -> str:
    """A Fernet token (ASCII, starts with ``gAAAAA``) of ``plain`` under the current key."""
    return _fernet(key_strings()).encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a token made by :func:`encrypt` under the current or an old key."""
    try:
        return _fernet(key_strings()).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise FieldDecryptionError(
            "A stored secret cannot be decrypted with the current key (PENATA_FIELD_KEY, or "
            "PENATA_SECRET_KEY when that is unset) nor with any of PENATA_FIELD_KEYS_OLD. "
            "If a key was changed, list the previous one in PENATA_FIELD_KEYS_OLD "
            "(docs/security.md, 'Encryption of secrets at rest')."
        ) from None


def reencrypt(token: str) -> str:
    """The same text under the current key (decrypting with the current or an old key)."""
    try:
        return _fernet(key_strings()).rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        decrypt(token)  # raises the explanatory error
        raise
