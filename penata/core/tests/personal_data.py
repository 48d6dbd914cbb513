"""``assert_no_personal_data``: for any text that leaves the registry's protected pages — logs,
exports to researchers, the public portal — assert that no employee's personal data is in it.

    from penata.core.tests.personal_data import assert_no_personal_data
    assert_no_personal_data(response.content.decode(), employees)

Personal data here (UU 27/2022 and docs/security.md): NIK, telephone, e-mail and address
(address only where the model has one). Each value is also looked for without separators
(``0812-3456-7891`` → ``081234567891``) and a phone also in its +62 form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

PERSONAL_FIELDS = ("nik", "phone", "email", "address")


def _variants(field: str, value: str) -> set[str]:
    value = value.strip()
    if not value:
        return set()
    found = {value, value.lower()}
    if field in ("nik", "phone"):
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 8:
            found.add(digits)
            if field == "phone" and digits.startswith("0"):
                found |= {"62" + digits[1:], "+62" + digits[1:]}
            if field == "phone" and digits.startswith("62"):
                found.add("0" + digits[2:])
    return found


def personal_values(employees: Iterable[Any]) -> dict[str, str]:
    """Every searchable form of every employee's personal values → a label for the message."""
    values: dict[str, str] = {}
    for emp in employees:
        for field in PERSONAL_FIELDS:
            raw = getattr(emp, field, "") or ""
            for form in _variants(field, str(raw)):
                values[form] = f"{field} of {getattr(emp, 'nip', emp)!s}"
    return values


def assert_no_personal_data(text: str, employees: Iterable[Any]) -> None:
    """Fail naming the field and employee when ``text`` contains any personal value."""
    haystack = text if isinstance(text, str) else str(text)
    lowered = haystack.lower()
    leaks = sorted(
        {label for value, label in personal_values(employees).items() if value.lower() in lowered}
    )
    assert not leaks, f"personal data found: {', '.join(leaks)}"
