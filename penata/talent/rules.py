"""Talent management as pure functions (PermenPANRB 3/2020, amended by 20/2025).

Performance (di atas / sesuai / di bawah ekspektasi) × potential (tinggi / menengah / rendah)
gives the talent box (kotak talenta) 1–9; boxes 7–9 are the talent pool (kelompok rencana
suksesi). The potential score weights and the tinggi/menengah/rendah cut-offs are decided by the
institution (``docs/regulations.md``: "configurable", e.g. 90/78 or 85/70 on 0–100): they are
arguments here and data in :class:`penata.talent.models.TalentSettings`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class PerformanceLevel(enum.StrEnum):
    DI_ATAS = "di_atas"
    SESUAI = "sesuai"
    DI_BAWAH = "di_bawah"


class PotentialLevel(enum.StrEnum):
    TINGGI = "tinggi"
    MENENGAH = "menengah"
    RENDAH = "rendah"


# Predikat kinerja (PermenPANRB 6/2022) → performance level of the talent map (issue 6):
# Sangat Baik → di atas; Baik → sesuai; Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang → di
# bawah ekspektasi.
PREDIKAT_TO_PERFORMANCE: dict[str, PerformanceLevel] = {
    "sangat_baik": PerformanceLevel.DI_ATAS,
    "baik": PerformanceLevel.SESUAI,
    "butuh_perbaikan": PerformanceLevel.DI_BAWAH,
    "kurang": PerformanceLevel.DI_BAWAH,
    "sangat_kurang": PerformanceLevel.DI_BAWAH,
}

# The box table (PermenPANRB 3/2020 lampiran; docs/regulations.md "Talent management").
BOX: dict[tuple[PerformanceLevel, PotentialLevel], int] = {
    (PerformanceLevel.DI_ATAS, PotentialLevel.TINGGI): 9,
    (PerformanceLevel.SESUAI, PotentialLevel.TINGGI): 8,
    (PerformanceLevel.DI_ATAS, PotentialLevel.MENENGAH): 7,
    (PerformanceLevel.DI_BAWAH, PotentialLevel.TINGGI): 6,
    (PerformanceLevel.SESUAI, PotentialLevel.MENENGAH): 5,
    (PerformanceLevel.DI_ATAS, PotentialLevel.RENDAH): 4,
    (PerformanceLevel.DI_BAWAH, PotentialLevel.MENENGAH): 3,
    (PerformanceLevel.SESUAI, PotentialLevel.RENDAH): 2,
    (PerformanceLevel.DI_BAWAH, PotentialLevel.RENDAH): 1,
}
BOX_CELL: dict[int, tuple[PerformanceLevel, PotentialLevel]] = {b: k for k, b in BOX.items()}
TALENT_POOL = frozenset({7, 8, 9})

# The grid as drawn: rows potential high → low, columns performance low → high.
GRID_ROWS: tuple[PotentialLevel, ...] = (
    PotentialLevel.TINGGI,
    PotentialLevel.MENENGAH,
    PotentialLevel.RENDAH,
)
GRID_COLUMNS: tuple[PerformanceLevel, ...] = (
    PerformanceLevel.DI_BAWAH,
    PerformanceLevel.SESUAI,
    PerformanceLevel.DI_ATAS,
)


class RuleError(ValueError):
    """A value outside what the rule accepts."""


def performance_level(predikat: str) -> PerformanceLevel:
    try:
        return PREDIKAT_TO_PERFORMANCE[predikat]
    except KeyError:
        raise RuleError(f"predikat tidak dikenal: {predikat!r}") from None


def talent_box(performance: PerformanceLevel | str, potential: PotentialLevel | str) -> int:
    """The box 1–9 of a performance level and a potential level."""
    return BOX[(PerformanceLevel(performance), PotentialLevel(potential))]


def in_talent_pool(box: int) -> bool:
    return box in TALENT_POOL


@dataclass(frozen=True)
class PotentialWeights:
    """Percent weights of the three parts of the potential score; they sum to 100."""

    competency: Decimal
    potential_test: Decimal
    track_record: Decimal

    def check(self) -> None:
        parts = (self.competency, self.potential_test, self.track_record)
        if any(p < 0 for p in parts):
            raise RuleError("bobot tidak boleh negatif")
        if sum(parts) != 100:
            raise RuleError(f"jumlah bobot harus 100, bukan {sum(parts)}")


TWO_PLACES = Decimal("0.01")


def potential_score(
    *,
    competency: Decimal,
    potential_test: Decimal,
    track_record: Decimal,
    weights: PotentialWeights,
) -> Decimal:
    """Weighted mean of the three scores (each 0–100), rounded half-up to two decimals."""
    weights.check()
    for name, v in (
        ("kompetensi", competency),
        ("tes potensi", potential_test),
        ("rekam jejak", track_record),
    ):
        if not Decimal(0) <= v <= Decimal(100):
            raise RuleError(f"nilai {name} harus 0–100, bukan {v}")
    total = (
        competency * weights.competency
        + potential_test * weights.potential_test
        + track_record * weights.track_record
    ) / Decimal(100)
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def potential_level(score: Decimal, *, cut_high: Decimal, cut_mid: Decimal) -> PotentialLevel:
    """tinggi from ``cut_high`` up, menengah from ``cut_mid`` up, rendah below."""
    if not cut_mid < cut_high:
        raise RuleError("batas menengah harus lebih kecil dari batas tinggi")
    if score >= cut_high:
        return PotentialLevel.TINGGI
    if score >= cut_mid:
        return PotentialLevel.MENENGAH
    return PotentialLevel.RENDAH
