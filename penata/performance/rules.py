"""The performance regulation as pure functions: the predikat matrix and the distribution curve.

Sources (docs/regulations.md, "Performance"): PermenPANRB 6/2022 on the management of ASN
performance (the predikat matrix of hasil kerja × perilaku kerja) and SE MenPANRB 3/2023 (the
curve that bounds how a unit's staff predikat may spread, given the unit's own predikat).

No Django import: this module is tested exhaustively and with hypothesis.

**Perilaku kerja from the seven BerAKHLAK values.** The appraiser rates each core value
(berorientasi pelayanan, akuntabel, kompeten, harmonis, loyal, adaptif, kolaboratif) and the
overall perilaku rating is *derived by majority*, :func:`perilaku_from_values`: Di Atas when at
least four of the seven values are rated Di Atas and none Di Bawah; Di Bawah when at least four
are Di Bawah (a majority); otherwise Sesuai. The per-value ratings are stored and audited with the
result, so every perilaku rating can be explained.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class Rating(enum.StrEnum):
    """A rating of hasil kerja or perilaku kerja (PermenPANRB 6/2022)."""

    DI_ATAS = "di_atas"
    SESUAI = "sesuai"
    DI_BAWAH = "di_bawah"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS: dict[Rating, str] = {
    Rating.DI_ATAS: "Di Atas Ekspektasi",
    Rating.SESUAI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH: "Di Bawah Ekspektasi",
}


class Predikat(enum.StrEnum):
    """An employee's predikat kinerja."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return PREDIKAT_LABELS[self]


PREDIKAT_LABELS: dict[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}

# (hasil kerja, perilaku kerja) -> predikat: the table of PermenPANRB 6/2022, all nine cells.
MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
}


def predikat(hasil: Rating | str, perilaku: Rating | str) -> Predikat:
    """The predikat for a hasil kerja rating and a perilaku kerja rating."""
    return MATRIX[(Rating(hasil), Rating(perilaku))]


class BehaviourValue(enum.StrEnum):
    """The seven ASN core values, BerAKHLAK (SE MenPANRB 20/2021)."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan"
    AKUNTABEL = "akuntabel"
    KOMPETEN = "kompeten"
    HARMONIS = "harmonis"
    LOYAL = "loyal"
    ADAPTIF = "adaptif"
    KOLABORATIF = "kolaboratif"

    @property
    def label(self) -> str:
        return BEHAVIOUR_LABELS[self]


BEHAVIOUR_LABELS: dict[BehaviourValue, str] = {
    BehaviourValue.BERORIENTASI_PELAYANAN: "Berorientasi Pelayanan",
    BehaviourValue.AKUNTABEL: "Akuntabel",
    BehaviourValue.KOMPETEN: "Kompeten",
    BehaviourValue.HARMONIS: "Harmonis",
    BehaviourValue.LOYAL: "Loyal",
    BehaviourValue.ADAPTIF: "Adaptif",
    BehaviourValue.KOLABORATIF: "Kolaboratif",
}
MAJORITY = len(BehaviourValue) // 2 + 1  # 4 of 7


def perilaku_from_values(values: Mapping[BehaviourValue | str, Rating | str]) -> Rating:
    """The overall perilaku kerja rating from the seven per-value ratings (see module doc).

    Raises ``ValueError`` unless every one of the seven values has a rating.
    """
    ratings = {BehaviourValue(k): Rating(v) for k, v in values.items()}
    missing = [v for v in BehaviourValue if v not in ratings]
    if missing:
        raise ValueError("missing: " + ", ".join(m.value for m in missing))
    counts = {r: 0 for r in Rating}
    for r in ratings.values():
        counts[r] += 1
    if counts[Rating.DI_BAWAH] >= MAJORITY:
        return Rating.DI_BAWAH
    if counts[Rating.DI_ATAS] >= MAJORITY and counts[Rating.DI_BAWAH] == 0:
        return Rating.DI_ATAS
    return Rating.SESUAI


# --- the distribution curve (SE MenPANRB 3/2023) --------------------------------------------


class UnitPredikat(enum.StrEnum):
    """The predikat of a unit (organisasi/OPD) for the period."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return UNIT_PREDIKAT_LABELS[self]


UNIT_PREDIKAT_LABELS: dict[UnitPredikat, str] = {
    UnitPredikat.ISTIMEWA: "Istimewa",
    UnitPredikat.BAIK: "Baik",
    UnitPredikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    UnitPredikat.KURANG: "Kurang",
    UnitPredikat.SANGAT_KURANG: "Sangat Kurang",
}


class BoundKind(enum.StrEnum):
    AT_MOST = "at_most"  # count * 100 <= percent * n
    AT_LEAST = "at_least"  # count * 100 >= percent * n
    AT_LEAST_ONE = "at_least_one"  # count >= 1
    NONE = "none"  # count == 0


@dataclass(frozen=True)
class Bound:
    """One rule of the curve: the staff with a predikat in ``predikats`` are bounded."""

    kind: BoundKind
    predikats: tuple[Predikat, ...]
    percent: int = 0

    @property
    def label(self) -> str:
        who = " atau ".join(p.label for p in self.predikats)
        match self.kind:
            case BoundKind.AT_MOST:
                return f"paling banyak {self.percent}% {who}"
            case BoundKind.AT_LEAST:
                return f"paling sedikit {self.percent}% {who}"
            case BoundKind.AT_LEAST_ONE:
                return f"paling sedikit satu orang {who}"
            case _:
                return f"tidak boleh ada {who}"


_P = Predikat
# The five rules of SE MenPANRB 3/2023 (docs/regulations.md). Data, so an edit of the circular
# is an edit of this table.
CURVE: dict[UnitPredikat, tuple[Bound, ...]] = {
    UnitPredikat.ISTIMEWA: (Bound(BoundKind.AT_MOST, (_P.SANGAT_BAIK,), 70),),
    UnitPredikat.BAIK: (
        Bound(BoundKind.AT_MOST, (_P.BAIK,), 70),
        Bound(BoundKind.AT_LEAST_ONE, (_P.BUTUH_PERBAIKAN, _P.KURANG)),
    ),
    UnitPredikat.BUTUH_PERBAIKAN: (
        Bound(BoundKind.AT_LEAST, (_P.BUTUH_PERBAIKAN,), 60),
        Bound(BoundKind.AT_MOST, (_P.SANGAT_BAIK,), 10),
    ),
    UnitPredikat.KURANG: (
        Bound(BoundKind.AT_LEAST, (_P.KURANG,), 60),
        Bound(BoundKind.AT_LEAST, (_P.BUTUH_PERBAIKAN,), 10),
        Bound(BoundKind.AT_MOST, (_P.SANGAT_BAIK,), 10),
    ),
    UnitPredikat.SANGAT_KURANG: (
        Bound(BoundKind.AT_LEAST, (_P.SANGAT_KURANG,), 60),
        Bound(BoundKind.AT_LEAST, (_P.KURANG, _P.BUTUH_PERBAIKAN), 10),
        Bound(BoundKind.NONE, (_P.SANGAT_BAIK,)),
    ),
}


@dataclass(frozen=True)
class CurveViolation:
    """A broken bound: ``excess`` people too many (at most / none) or ``shortfall`` too few."""

    bound: Bound
    count: int
    total: int
    excess: int = 0
    shortfall: int = 0

    @property
    def message(self) -> str:
        if self.excess:
            how = f"kelebihan {self.excess} orang"
        else:
            how = f"kekurangan {self.shortfall} orang"
        return (
            f"Batas '{self.bound.label}' dilanggar: {self.count} dari {self.total} pegawai, {how}."
        )


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def check_bound(bound: Bound, counts: Mapping[Predikat, int]) -> CurveViolation | None:
    """The violation of one bound, or ``None``. Exact integer arithmetic throughout."""
    n = sum(counts.values())
    c = sum(counts.get(p, 0) for p in bound.predikats)
    match bound.kind:
        case BoundKind.AT_MOST:
            if c * 100 <= bound.percent * n:
                return None
            allowed = bound.percent * n // 100  # the largest c with c*100 <= p*n
            return CurveViolation(bound, c, n, excess=c - allowed)
        case BoundKind.AT_LEAST:
            if c * 100 >= bound.percent * n:
                return None
            needed = _ceil_div(bound.percent * n, 100)  # the smallest c with c*100 >= p*n
            return CurveViolation(bound, c, n, shortfall=needed - c)
        case BoundKind.AT_LEAST_ONE:
            return None if c >= 1 else CurveViolation(bound, c, n, shortfall=1)
        case _:
            return None if c == 0 else CurveViolation(bound, c, n, excess=c)


def check_curve(
    unit_predikat: UnitPredikat | str, counts: Mapping[Predikat, int] | Mapping[str, int]
) -> list[CurveViolation]:
    """Every bound of the unit's curve that ``counts`` (staff per predikat) break."""
    norm: dict[Predikat, int] = {}
    for k, v in counts.items():
        if v < 0:
            raise ValueError("counts must not be negative")
        norm[Predikat(k)] = norm.get(Predikat(k), 0) + v
    violations: list[CurveViolation] = []
    for bound in CURVE[UnitPredikat(unit_predikat)]:
        broken = check_bound(bound, norm)
        if broken is not None:
            violations.append(broken)
    return violations


# --- reading labels from other systems (e-Kinerja) ------------------------------------------


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_RATING_ALIASES: dict[str, Rating] = {}
for _r, _label in RATING_LABELS.items():
    for _alias in (_r.value, _label, _label.replace(" Ekspektasi", "")):
        _RATING_ALIASES[_squash(_alias)] = _r
_PREDIKAT_ALIASES: dict[str, Predikat] = {}
for _p, _label in PREDIKAT_LABELS.items():
    _PREDIKAT_ALIASES[_squash(_p.value)] = _p
    _PREDIKAT_ALIASES[_squash(_label)] = _p
_PREDIKAT_ALIASES[_squash("Kurang")] = Predikat.KURANG
_PREDIKAT_ALIASES[_squash("Misconduct")] = Predikat.KURANG


def parse_rating(text: str) -> Rating | None:
    """A rating from a label as other systems write it ("Di Atas Ekspektasi", "diatas", "DI
    ATAS", "di_atas"); ``None`` when it is not one."""
    return _RATING_ALIASES.get(_squash(text))


def parse_predikat(text: str) -> Predikat | None:
    """A predikat from a label ("Kurang/Misconduct", "Kurang", "SANGAT BAIK", "sangat_baik")."""
    return _PREDIKAT_ALIASES.get(_squash(text))


def distribution(predikats: Iterable[Predikat | str]) -> dict[Predikat, int]:
    """Counts per predikat (every predikat present, zero when none)."""
    counts = dict.fromkeys(Predikat, 0)
    for p in predikats:
        counts[Predikat(p)] += 1
    return counts
