"""Password validator against the Indonesian common-password list (data/common_passwords_id.txt).

Django's CommonPasswordValidator holds 20 000 passwords, mostly English; guessers against a
Semarang office try Indonesian words, the city, religious phrases and names with digits
appended. A password is refused when it is on the list, or is a listed word with only digits
and punctuation added before or after (``semarang2026!``, ``123sayang``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST_PATH = Path(__file__).resolve().parent / "data" / "common_passwords_id.txt"
_AFFIX = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@functools.cache
def common_passwords() -> frozenset[str]:
    words = set()
    for line in LIST_PATH.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def is_common(password: str) -> bool:
    lowered = password.strip().lower()
    listed = common_passwords()
    if lowered in listed:
        return True
    core = _AFFIX.sub("", lowered)
    squashed = re.sub(r"[\W_]+", "", core)
    return bool(core) and (core in listed or squashed in listed)


class IndonesianCommonPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if is_common(password):
            raise ValidationError(
                _(
                    "Kata sandi ini terlalu umum dan mudah ditebak (misalnya nama kota, kata "
                    "sehari-hari atau angka berurutan). Pakai gabungan beberapa kata yang tidak "
                    "berhubungan, misalnya lumpia-payung-kenari."
                ),
                code="password_too_common_id",
            )

    def get_help_text(self) -> str:
        return _(
            "Kata sandi tidak boleh kata umum Indonesia (mis. semarang123, bismillah, sayang)."
        )
