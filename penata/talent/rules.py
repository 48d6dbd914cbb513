"""Talent management as pure functions (PermenPANRB 3/2020, amended by 20/2025).

Performance (di atas / sesuai / di bawah ekspektasi) × potential (tinggi / menengah / rendah)
gives the talent box (kotak talenta) 1–9; boxes 7–9 are the talent pool (kelompok rencana
suksesi). The potential score weights and the tinggi/menengah/rendah cut-offs are decided by the
institution (``docs/regulations.md``: "configurable", e.g. 90/78 or 85/70 on 0–100): they are
arguments here and data in :class:`penata.talent.models.TalentSettings`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


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


# --- promotion ranking for a vacancy ----------------------------------------------------------
#
# Eligibility (PP 11/2017 as amended by PP 17/2020, arts. 107–108 and the merit-system
# requirements of UU 20/2023): each rule is a pure check of one fact about a candidate; the
# thresholds are data on the vacancy (:class:`penata.talent.models.Vacancy`).

PREDIKAT_ORDER = {
    "sangat_baik": 5,
    "baik": 4,
    "butuh_perbaikan": 3,
    "kurang": 2,
    "sangat_kurang": 1,
}
# Points of a predikat in the performance part of the merit score (0–100).
PREDIKAT_POINTS = {
    "sangat_baik": Decimal(100),
    "baik": Decimal(80),
    "butuh_perbaikan": Decimal(60),
    "kurang": Decimal(40),
    "sangat_kurang": Decimal(20),
}


@dataclass(frozen=True)
class EligibilityRules:
    min_rank_order: int | None  # Rank.order of the lowest rank allowed
    min_education_order: int | None  # EducationLevel.order of the lowest education
    min_predikat: str  # e.g. "baik": every one of the last ``predikat_years`` years at least this
    predikat_years: tuple[int, ...]  # the appraisal years that must meet it
    no_active_sanction: bool
    min_years_in_rank: Decimal
    retire_within_months: int  # excluded if retiring within this many months of the date


@dataclass(frozen=True)
class CandidateFacts:
    rank_order: int | None
    education_order: int | None
    predikat_by_year: dict[int, str]
    has_active_sanction: bool
    years_in_rank: Decimal | None
    months_to_retirement: int | None


@dataclass(frozen=True)
class Exclusion:
    rule: str
    message: str


def eligibility(facts: CandidateFacts, r: EligibilityRules) -> list[Exclusion]:
    """Every rule the candidate fails (empty: eligible), each with an Indonesian reason."""
    out: list[Exclusion] = []
    if r.min_rank_order is not None and (
        facts.rank_order is None or facts.rank_order < r.min_rank_order
    ):
        out.append(Exclusion("min_rank", "Pangkat/golongan di bawah syarat minimal."))
    if r.min_education_order is not None and (
        facts.education_order is None or facts.education_order < r.min_education_order
    ):
        out.append(Exclusion("min_education", "Pendidikan di bawah syarat minimal."))
    floor = PREDIKAT_ORDER[r.min_predikat]
    for year in r.predikat_years:
        p = facts.predikat_by_year.get(year)
        if p is None:
            out.append(Exclusion("predikat", f"Tidak ada predikat final tahun {year}."))
        elif PREDIKAT_ORDER.get(p, 0) < floor:
            out.append(Exclusion("predikat", f"Predikat tahun {year} di bawah syarat."))
    if r.no_active_sanction and facts.has_active_sanction:
        out.append(Exclusion("sanction", "Sedang menjalani hukuman disiplin."))
    if r.min_years_in_rank > 0 and (
        facts.years_in_rank is None or facts.years_in_rank < r.min_years_in_rank
    ):
        out.append(
            Exclusion(
                "years_in_rank",
                f"Masa kerja dalam pangkat kurang dari {r.min_years_in_rank} tahun.",
            )
        )
    if (
        r.retire_within_months > 0
        and facts.months_to_retirement is not None
        and facts.months_to_retirement < r.retire_within_months
    ):
        out.append(
            Exclusion("retirement", f"Pensiun dalam kurang dari {r.retire_within_months} bulan.")
        )
    return out


@dataclass(frozen=True)
class MeritWeights:
    """Percent weights of the merit score parts; they sum to 100."""

    performance: Decimal
    potential: Decimal
    competency: Decimal
    training: Decimal
    experience: Decimal

    def check(self) -> None:
        parts = (self.performance, self.potential, self.competency, self.training, self.experience)
        if any(p < 0 for p in parts) or sum(parts) != 100:
            raise RuleError("bobot harus tidak negatif dan berjumlah 100")


def performance_points(predikats: list[str]) -> Decimal:
    """Mean of the predikat points of the years given (0 when none)."""
    if not predikats:
        return Decimal(0)
    total = sum((PREDIKAT_POINTS.get(p, Decimal(0)) for p in predikats), Decimal(0))
    return (total / len(predikats)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def competency_match(required: dict[int, int], levels: dict[int, int]) -> Decimal:
    """Percent of the position's standard met: mean over its competencies of
    min(level / required, 1); 0 when a competency has no valid assessment. 100 with no standard."""
    if not required:
        return Decimal(100)
    parts = [
        min(Decimal(levels.get(c, 0)) / Decimal(req), Decimal(1))
        for c, req in required.items()
        if req > 0
    ]
    if not parts:
        return Decimal(100)
    return (Decimal(100) * sum(parts, Decimal(0)) / len(parts)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def capped_percent(value: Decimal | int, full: Decimal | int) -> Decimal:
    """``value`` as percent of ``full``, capped at 100."""
    if full <= 0:
        return Decimal(0)
    return min(Decimal(100), Decimal(100) * Decimal(value) / Decimal(full)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def merit_score(parts: dict[str, Decimal], w: MeritWeights) -> Decimal:
    """Σ weight × part / 100, each part 0–100."""
    w.check()
    total = (
        parts["performance"] * w.performance
        + parts["potential"] * w.potential
        + parts["competency"] * w.competency
        + parts["training"] * w.training
        + parts["experience"] * w.experience
    ) / Decimal(100)
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- succession ------------------------------------------------------------------------------

KEY_POSITION_KINDS = frozenset({"jpt_utama", "jpt_madya", "jpt_pratama", "administrator"})


class Readiness(enum.StrEnum):
    READY_NOW = "ready_now"
    ONE_TWO_YEARS = "one_two_years"
    THREE_PLUS = "three_plus"


def readiness(
    match: Decimal, *, rank_ok: bool, ready_now_match: Decimal, soon_match: Decimal
) -> Readiness:
    """Ready now: the rank requirement met and the competency standard met to
    ``ready_now_match`` %; 1–2 years: the standard met to ``soon_match`` %; else 3+ years."""
    if rank_ok and match >= ready_now_match:
        return Readiness.READY_NOW
    if match >= soon_match:
        return Readiness.ONE_TWO_YEARS
    return Readiness.THREE_PLUS


def coverage(ready_now_counts: list[int], *, min_ready: int = 2) -> Decimal:
    """Percent of key positions with at least ``min_ready`` ready-now successors."""
    if not ready_now_counts:
        return Decimal(0)
    covered = sum(1 for n in ready_now_counts if n >= min_ready)
    return (Decimal(100) * covered / len(ready_now_counts)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


# --- regular rank promotion (kenaikan pangkat reguler) ---------------------------------------
#
# docs/regulations.md: at least 4 years in the current rank and a predikat of at least Baik in
# each of the last 2 years; the education cap bounds the rank reachable by regular promotion;
# functional positions (JF) promote by credit points instead. Six promotion periods a year, on
# the first day of these months (Peraturan BKN 4/2023 art. 2):
PROMOTION_MONTHS = (2, 4, 6, 8, 10, 12)
REGULAR_YEARS_IN_RANK = 4


@dataclass(frozen=True)
class PromotionFacts:
    rank_order: int | None
    max_rank_order: int  # the highest PNS rank (IV/e)
    cap_rank_order: int | None  # the education cap (None: unknown education)
    years_in_rank: Decimal | None
    predikat_by_year: dict[int, str]
    functional: bool
    has_active_sanction: bool


def regular_promotion_blocks(f: PromotionFacts, *, years: tuple[int, ...]) -> list[Exclusion]:
    """Why a PNS is not promoted regularly in a period (empty: eligible)."""
    out: list[Exclusion] = []
    if f.functional:
        out.append(Exclusion("functional", "Jabatan fungsional naik pangkat dengan angka kredit."))
    if f.rank_order is None:
        out.append(Exclusion("no_rank", "Golongan belum tercatat."))
    elif f.rank_order >= f.max_rank_order:
        out.append(Exclusion("max_rank", "Sudah di golongan tertinggi."))
    elif f.cap_rank_order is None:
        out.append(
            Exclusion("no_education", "Pendidikan belum tercatat; batas pangkat tidak diketahui.")
        )
    elif f.rank_order >= f.cap_rank_order:
        out.append(Exclusion("education_cap", "Sudah di batas pangkat untuk pendidikannya."))
    if f.years_in_rank is None or f.years_in_rank < REGULAR_YEARS_IN_RANK:
        out.append(Exclusion("years_in_rank", "Belum 4 tahun dalam pangkat."))
    for year in years:
        p = f.predikat_by_year.get(year)
        if p is None:
            out.append(Exclusion("predikat", f"Tidak ada predikat final tahun {year}."))
        elif PREDIKAT_ORDER.get(p, 0) < PREDIKAT_ORDER["baik"]:
            out.append(Exclusion("predikat", f"Predikat tahun {year} di bawah Baik."))
    if f.has_active_sanction:
        out.append(Exclusion("sanction", "Sedang menjalani hukuman disiplin."))
    return out


# --- fairness --------------------------------------------------------------------------------

FOUR_FIFTHS = Decimal("0.8")


@dataclass(frozen=True)
class GroupRate:
    group: str
    selected: int
    total: int
    rate: Decimal  # selected / total
    ratio: Decimal | None  # rate / the highest group rate (adverse-impact ratio)
    warning: bool  # ratio below four fifths


def adverse_impact(groups: dict[str, tuple[int, int]]) -> list[GroupRate]:
    """Selection rate per group and its ratio to the highest rate (the four-fifths rule of the
    Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D)); groups with nobody
    are left out."""
    rates = {g: Decimal(s) / Decimal(t) for g, (s, t) in groups.items() if t > 0}
    top = max(rates.values(), default=Decimal(0))
    out = []
    for g, (s, t) in groups.items():
        if t <= 0:
            continue
        rate = rates[g]
        ratio = (rate / top).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP) if top > 0 else None
        out.append(
            GroupRate(
                group=g,
                selected=s,
                total=t,
                rate=rate.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
                ratio=ratio,
                warning=ratio is not None and ratio < FOUR_FIFTHS,
            )
        )
    return out


def age_band(age: int) -> str:
    if age < 30:
        return "< 30"
    if age < 40:
        return "30–39"
    if age < 50:
        return "40–49"
    return "≥ 50"


def years_between(start: dt.date, end: dt.date) -> Decimal:
    """Calendar years from ``start`` to ``end``, rounded down to 0.01: whole anniversaries plus
    the fraction of the next year (so 4 years are reached exactly on the 4th anniversary)."""
    if end < start:
        return Decimal(0)
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    anniv = _add_years(start, years)
    nxt = _add_years(start, years + 1)
    frac = Decimal((end - anniv).days) / Decimal((nxt - anniv).days)
    return (Decimal(years) + frac).quantize(TWO_PLACES, rounding=ROUND_DOWN)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
