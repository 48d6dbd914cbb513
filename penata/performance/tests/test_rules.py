"""The regulation as data: the predikat matrix cell by cell, the curve at and around each
bound."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from penata.performance import rules
from penata.performance.rules import BehaviourValue, Predikat, Rating, UnitPredikat

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (A, A, "Sangat Baik"),
        (A, S, "Baik"),
        (A, B, "Kurang/Misconduct"),
        (S, A, "Baik"),
        (S, S, "Baik"),
        (S, B, "Kurang/Misconduct"),
        (B, A, "Butuh Perbaikan"),
        (B, S, "Butuh Perbaikan"),
        (B, B, "Sangat Kurang"),
    ],
)
def test_matrix_cell(hasil: Rating, perilaku: Rating, expected: str) -> None:
    assert rules.predikat(hasil, perilaku).label == expected
    assert rules.predikat(hasil.value, perilaku.value).label == expected


def test_matrix_is_total() -> None:
    assert len(rules.MATRIX) == 9
    assert Predikat.KURANG.label == "Kurang/Misconduct"


def test_rating_labels() -> None:
    assert [r.label for r in Rating] == [
        "Di Atas Ekspektasi",
        "Sesuai Ekspektasi",
        "Di Bawah Ekspektasi",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Di Atas Ekspektasi", A),
        ("diatas", A),
        ("DI ATAS", A),
        ("di_atas", A),
        ("sesuai ekspektasi", S),
        ("Di Bawah", B),
        ("luar biasa", None),
    ],
)
def test_parse_rating(text: str, expected: Rating | None) -> None:
    assert rules.parse_rating(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurang/Misconduct", Predikat.KURANG),
        ("Kurang", Predikat.KURANG),
        ("SANGAT BAIK", Predikat.SANGAT_BAIK),
        ("butuh_perbaikan", Predikat.BUTUH_PERBAIKAN),
        ("Sangat Kurang", Predikat.SANGAT_KURANG),
        ("Cukup", None),
    ],
)
def test_parse_predikat(text: str, expected: Predikat | None) -> None:
    assert rules.parse_predikat(text) == expected


def _values(n_atas: int, n_bawah: int) -> dict[BehaviourValue, Rating]:
    out = {}
    for i, v in enumerate(BehaviourValue):
        out[v] = A if i < n_atas else B if i < n_atas + n_bawah else S
    return out


@pytest.mark.parametrize(
    ("n_atas", "n_bawah", "expected"),
    [(7, 0, A), (4, 0, A), (4, 1, S), (3, 0, S), (0, 0, S), (0, 3, S), (0, 4, B), (3, 4, B)],
)
def test_perilaku_by_majority(n_atas: int, n_bawah: int, expected: Rating) -> None:
    assert rules.perilaku_from_values(_values(n_atas, n_bawah)) == expected


def test_perilaku_needs_all_seven() -> None:
    values = _values(7, 0)
    values.pop(BehaviourValue.LOYAL)
    with pytest.raises(ValueError, match="loyal"):
        rules.perilaku_from_values(values)


# --- the curve -------------------------------------------------------------------------------


def _independent(unit: UnitPredikat, c: dict[Predikat, int]) -> dict[str, int]:
    """The five rules of SE MenPANRB 3/2023 written out again, with fractions: bound label →
    people over (positive) or under (negative)."""
    from fractions import Fraction

    n = sum(c.values())
    sb, b, bp, k, sk = (
        c[Predikat.SANGAT_BAIK],
        c[Predikat.BAIK],
        c[Predikat.BUTUH_PERBAIKAN],
        c[Predikat.KURANG],
        c[Predikat.SANGAT_KURANG],
    )
    out: dict[str, int] = {}

    def at_most(label: str, count: int, share: Fraction) -> None:
        if n and Fraction(count, n) > share:
            limit = max(m for m in range(n + 1) if Fraction(m, n) <= share)
            out[label] = count - limit

    def at_least(label: str, count: int, share: Fraction) -> None:
        if n and Fraction(count, n) < share:
            need = min(m for m in range(n + 1) if Fraction(m, n) >= share)
            out[label] = -(need - count)

    if unit == UnitPredikat.ISTIMEWA:
        at_most("paling banyak 70% Sangat Baik", sb, Fraction(7, 10))
    elif unit == UnitPredikat.BAIK:
        at_most("paling banyak 70% Baik", b, Fraction(7, 10))
        if bp + k < 1:
            out["paling sedikit satu orang Butuh Perbaikan atau Kurang/Misconduct"] = -1
    elif unit == UnitPredikat.BUTUH_PERBAIKAN:
        at_least("paling sedikit 60% Butuh Perbaikan", bp, Fraction(6, 10))
        at_most("paling banyak 10% Sangat Baik", sb, Fraction(1, 10))
    elif unit == UnitPredikat.KURANG:
        at_least("paling sedikit 60% Kurang/Misconduct", k, Fraction(6, 10))
        at_least("paling sedikit 10% Butuh Perbaikan", bp, Fraction(1, 10))
        at_most("paling banyak 10% Sangat Baik", sb, Fraction(1, 10))
    else:
        at_least("paling sedikit 60% Sangat Kurang", sk, Fraction(6, 10))
        at_least(
            "paling sedikit 10% Kurang/Misconduct atau Butuh Perbaikan", k + bp, Fraction(1, 10)
        )
        if sb:
            out["tidak boleh ada Sangat Baik"] = sb
    return out


def _as_dict(violations: list[rules.CurveViolation]) -> dict[str, int]:
    return {v.bound.label: (v.excess or -v.shortfall) for v in violations}


counts_strategy = st.fixed_dictionaries({p: st.integers(0, 60) for p in Predikat})


@given(unit=st.sampled_from(list(UnitPredikat)), counts=counts_strategy)
def test_curve_matches_independent_formulation(
    unit: UnitPredikat, counts: dict[Predikat, int]
) -> None:
    assert _as_dict(rules.check_curve(unit, counts)) == _independent(unit, counts)


@st.composite
def near_bound(draw: st.DrawFn) -> tuple[UnitPredikat, dict[Predikat, int]]:
    """Counts that sit exactly at one bound of the curve or one person either side of it."""
    unit = draw(st.sampled_from(list(UnitPredikat)))
    bound = draw(st.sampled_from(rules.CURVE[unit]))
    n = draw(st.integers(1, 200))
    if bound.kind in (rules.BoundKind.AT_MOST, rules.BoundKind.AT_LEAST):
        edge = bound.percent * n // 100
        if bound.kind == rules.BoundKind.AT_LEAST:
            edge = -(-bound.percent * n // 100)
    else:
        edge = 1 if bound.kind == rules.BoundKind.AT_LEAST_ONE else 0
    inside = min(n, max(0, edge + draw(st.sampled_from([-1, 0, 1]))))
    counts = dict.fromkeys(Predikat, 0)
    first = bound.predikats[0]
    counts[first] = inside
    others = [p for p in Predikat if p not in bound.predikats]
    rest = n - inside
    for i, p in enumerate(others):
        share = rest if i == len(others) - 1 else draw(st.integers(0, rest))
        counts[p] += share
        rest -= share
    return unit, counts


@given(case=near_bound())
def test_curve_at_and_around_each_bound(case: tuple[UnitPredikat, dict[Predikat, int]]) -> None:
    unit, counts = case
    assert _as_dict(rules.check_curve(unit, counts)) == _independent(unit, counts)


@pytest.mark.parametrize(
    ("unit", "counts", "expected"),
    [
        # Istimewa, 10 people: 7 Sangat Baik is exactly 70% (allowed), 8 is one too many.
        (UnitPredikat.ISTIMEWA, {Predikat.SANGAT_BAIK: 7, Predikat.BAIK: 3}, {}),
        (
            UnitPredikat.ISTIMEWA,
            {Predikat.SANGAT_BAIK: 8, Predikat.BAIK: 2},
            {"paling banyak 70% Sangat Baik": 1},
        ),
        (UnitPredikat.BAIK, {Predikat.BAIK: 7, Predikat.SANGAT_BAIK: 2, Predikat.KURANG: 1}, {}),
        (
            UnitPredikat.BAIK,
            {Predikat.BAIK: 7, Predikat.SANGAT_BAIK: 3},
            {"paling sedikit satu orang Butuh Perbaikan atau Kurang/Misconduct": -1},
        ),
        # 60% of 7 is 4.2 people: 5 are needed, 4 is one short.
        (
            UnitPredikat.BUTUH_PERBAIKAN,
            {Predikat.BUTUH_PERBAIKAN: 4, Predikat.BAIK: 3},
            {"paling sedikit 60% Butuh Perbaikan": -1},
        ),
        (
            UnitPredikat.SANGAT_KURANG,
            {Predikat.SANGAT_KURANG: 6, Predikat.KURANG: 1, Predikat.SANGAT_BAIK: 1},
            {"tidak boleh ada Sangat Baik": 1},
        ),
    ],
)
def test_curve_examples(
    unit: UnitPredikat, counts: dict[Predikat, int], expected: dict[str, int]
) -> None:
    full = dict.fromkeys(Predikat, 0) | counts
    violations = rules.check_curve(unit, full)
    assert _as_dict(violations) == expected
    for v in violations:
        assert "orang" in v.message and v.bound.label in v.message


def test_curve_rejects_negative_counts() -> None:
    with pytest.raises(ValueError):
        rules.check_curve(UnitPredikat.BAIK, {Predikat.BAIK: -1})
