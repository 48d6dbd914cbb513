"""Funding rules as pure functions (no Django): APBD codes, Rupiah arithmetic, reminders.

Money is an ``int`` of whole Rupiah everywhere (APBD is set in whole Rupiah); no float ever
enters a sum, so totals per line equal the sum of totals per program exactly.

APBD codes follow the classification of Permendagri 90/2019 (klasifikasi, kodefikasi dan
nomenklatur perencanaan pembangunan dan keuangan daerah) as updated by Kepmendagri
050-5889/2021: program ``U.BB.PP`` (urusan, bidang urusan, program), kegiatan
``U.BB.PP.K.KK`` and sub-kegiatan ``U.BB.PP.K.KK.SSSS`` (two digits under Permendagri 90/2019,
four under Kepmendagri 050-5889/2021; both accepted).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

PROGRAM_RE = re.compile(r"^\d\.\d{2}\.\d{2}$")
ACTIVITY_RE = re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}$")
SUB_ACTIVITY_RE = re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.(\d{2}|\d{4})$")

DEFAULT_REMINDER_DAYS = (90, 30, 7)


class SponsorshipKind(StrEnum):
    MONEY = "money"
    SEATS = "seats"
    TRAINER = "trainer"
    VENUE = "venue"


class PartnerKind(StrEnum):
    PRIVATE = "private"
    BUMN = "bumn"
    BUMD = "bumd"
    UNIVERSITY = "university"
    DONOR = "donor"
    ASSOCIATION = "association"


def apbd_code_errors(program: str, activity: str, sub_activity: str) -> dict[str, str]:
    """Field → Indonesian message for each malformed or inconsistent APBD code (empty: valid)."""
    errors: dict[str, str] = {}
    if not PROGRAM_RE.match(program or ""):
        errors["program_code"] = (
            f"Kode program '{program}' tidak sesuai format U.BB.PP (contoh 5.03.02)."
        )
    if not ACTIVITY_RE.match(activity or ""):
        errors["activity_code"] = (
            f"Kode kegiatan '{activity}' tidak sesuai format U.BB.PP.K.KK (contoh 5.03.02.2.01)."
        )
    elif "program_code" not in errors and not activity.startswith(program + "."):
        errors["activity_code"] = (
            f"Kode kegiatan '{activity}' tidak berada di bawah program '{program}'; "
            "awali dengan kode programnya."
        )
    if not SUB_ACTIVITY_RE.match(sub_activity or ""):
        errors["sub_activity_code"] = (
            f"Kode sub-kegiatan '{sub_activity}' tidak sesuai format U.BB.PP.K.KK.SSSS "
            "(contoh 5.03.02.2.01.0001)."
        )
    elif "activity_code" not in errors and not sub_activity.startswith(activity + "."):
        errors["sub_activity_code"] = (
            f"Kode sub-kegiatan '{sub_activity}' tidak berada di bawah kegiatan '{activity}'; "
            "awali dengan kode kegiatannya."
        )
    return errors


def format_rupiah(amount: int) -> str:
    """``1250000`` → ``Rp 1.250.000`` (negative: ``-Rp 5.000``)."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("Rupiah harus bilangan bulat")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def parse_rupiah(text: str | int) -> int:
    """Read a whole-Rupiah amount typed as ``Rp 1.250.000``, ``1.250.000`` or ``1250000``.

    Raises :class:`ValueError` (Indonesian message) for decimals (``1.250.000,50``), letters or a
    negative amount: APBD amounts are whole Rupiah."""
    if isinstance(text, bool):
        raise ValueError("Nilai Rupiah harus bilangan bulat.")
    if isinstance(text, int):
        if text < 0:
            raise ValueError("Nilai Rupiah tidak boleh negatif.")
        return text
    raw = str(text).strip().lower().removeprefix("rp").strip().replace(" ", "")
    if "," in raw:
        raise ValueError(
            f"Nilai '{text}' memuat sen atau koma; tulis Rupiah bulat tanpa sen, "
            "misalnya 1.250.000."
        )
    if raw.startswith("-"):
        raise ValueError("Nilai Rupiah tidak boleh negatif.")
    parts = raw.split(".")
    if len(parts) > 1 and (not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:])):
        raise ValueError(
            f"Nilai '{text}' tidak terbaca: titik hanya pemisah ribuan, misalnya 1.250.000."
        )
    digits = "".join(parts)
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"Nilai '{text}' bukan angka Rupiah; contoh 1.250.000.")
    return int(digits)


@dataclass(frozen=True, slots=True)
class LinePosition:
    """Where a budget line stands: ceiling = committed + realised + available (may be < 0 only
    when the ceiling was lowered outside Penata)."""

    ceiling: int
    committed: int
    realised: int

    @property
    def used(self) -> int:
        return self.committed + self.realised

    @property
    def available(self) -> int:
        return self.ceiling - self.used

    @property
    def percent_used(self) -> int:
        """Whole percent, rounded down (integer arithmetic)."""
        return (100 * self.used) // self.ceiling if self.ceiling else 0


def seat_cost(seats: Iterable[tuple[int, int]]) -> int:
    """Total of (seats, price per participant) pairs, in whole Rupiah."""
    total = 0
    for n, price in seats:
        if n < 0 or price < 0:
            raise ValueError("Jumlah kursi dan biaya tidak boleh negatif.")
        total += n * price
    return total


def fits(position: LinePosition, extra: int) -> bool:
    """Whether committing ``extra`` more stays within the ceiling."""
    return position.used + extra <= position.ceiling


def share(amount: int, parts: int) -> list[int]:
    """Split ``amount`` into ``parts`` whole-Rupiah shares that differ by at most 1 and sum to
    ``amount`` exactly (the remainder goes to the first shares)."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, rest = divmod(amount, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def reminder_due(ends_on: dt.date, today: dt.date, thresholds: Iterable[int]) -> int | None:
    """The smallest threshold (days before the end) already reached on ``today`` while the
    agreement has not ended, or ``None``. With thresholds 90/30/7 and 20 days left: 30."""
    left = (ends_on - today).days
    if left < 0:
        return None
    reached = [t for t in thresholds if t >= 0 and left <= t]
    return min(reached) if reached else None
