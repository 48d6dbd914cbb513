"""A logging filter that masks personal data (NIK, telephone numbers, addresses, e-mail) before
a record is written anywhere. Attached to every handler in settings.LOGGING."""

from __future__ import annotations

import logging
import re

REDACTED = "[disamarkan]"
PERSONAL_KEYS = frozenset(
    {"nik", "phone", "telepon", "telp", "hp", "address", "alamat", "email", "e-mail", "password"}
)
# A NIK is 16 digits; an NIP (18 digits, not personal data under UU 27/2022's masking rule
# here) is left alone by the word boundaries.
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
# Indonesian telephone numbers: 08…, +62 8…, 62 8…, (024) … landlines, with spaces or dashes.
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[\s-]?\(?\d{2,4}\)?(?:[\s-]?\d{2,5}){2,4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# key=value / "key": "value" forms of the personal keys, up to the end of the value.
_KEYED = re.compile(
    r"(?i)(\b(?:" + "|".join(sorted(PERSONAL_KEYS, key=len, reverse=True)) + r")\b[\"']?"
    r"\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^,;&\s}\]]+)"
)


def redact(text: str) -> str:
    text = _KEYED.sub(lambda m: m.group(1) + REDACTED, text)
    text = _EMAIL.sub(REDACTED, text)
    text = _NIK.sub(REDACTED, text)
    return _PHONE.sub(REDACTED, text)


class PersonalDataFilter(logging.Filter):
    """Rewrites the record's message (and its exception text) with personal data masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep it, unformatted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            record.exc_info = None
        for attr in list(vars(record)):
            if attr.lower() in PERSONAL_KEYS:
                setattr(record, attr, REDACTED)
        return True
