"""The talent rules: the box table cell by cell, performance levels, the potential score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from penata.talent import rules
from penata.talent.rules import PerformanceLevel as P
from penata.talent.rules import PotentialLevel as Q

W = rules.PotentialWeights(Decimal(50), Decimal(30), Decimal(20))


@pytest.mark.parametrize(
    ("perf", "pot", "box"),
    [
        (P.DI_ATAS, Q.TINGGI, 9),
        (P.SESUAI, Q.TINGGI, 8),
        (P.DI_ATAS, Q.MENENGAH, 7),
        (P.DI_BAWAH, Q.TINGGI, 6),
        (P.SESUAI, Q.MENENGAH, 5),
        (P.DI_ATAS, Q.RENDAH, 4),
        (P.DI_BAWAH, Q.MENENGAH, 3),
        (P.SESUAI, Q.RENDAH, 2),
        (P.DI_BAWAH, Q.RENDAH, 1),
    ],
)
def test_box_table_cell_by_cell(perf: P, pot: Q, box: int) -> None:
    assert rules.talent_box(perf, pot) == box
    assert rules.BOX_CELL[box] == (perf, pot)
    assert rules.in_talent_pool(box) == (box >= 7)


@pytest.mark.parametrize(
    ("predikat", "level"),
    [
        ("sangat_baik", P.DI_ATAS),
        ("baik", P.SESUAI),
        ("butuh_perbaikan", P.DI_BAWAH),
        ("kurang", P.DI_BAWAH),
        ("sangat_kurang", P.DI_BAWAH),
    ],
)
def test_performance_level(predikat: str, level: P) -> None:
    assert rules.performance_level(predikat) == level


def test_unknown_predikat_refused() -> None:
    with pytest.raises(rules.RuleError):
        rules.performance_level("istimewa")


def test_potential_score_hand_computed() -> None:
    # 0.5 × 80 + 0.3 × 90 + 0.2 × 75 = 40 + 27 + 15 = 82
    score = rules.potential_score(
        competency=Decimal(80), potential_test=Decimal(90), track_record=Decimal(75), weights=W
    )
    assert score == Decimal("82.00")
    # 0.5 × 82.5 + 0.3 × 71.3 + 0.2 × 60.1 = 41.25 + 21.39 + 12.02 = 74.66
    assert rules.potential_score(
        competency=Decimal("82.5"),
        potential_test=Decimal("71.3"),
        track_record=Decimal("60.1"),
        weights=W,
    ) == Decimal("74.66")


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("85", Q.TINGGI),
        ("84.99", Q.MENENGAH),
        ("70", Q.MENENGAH),
        ("69.99", Q.RENDAH),
        ("0", Q.RENDAH),
        ("100", Q.TINGGI),
    ],
)
def test_potential_level_cutoffs(score: str, level: Q) -> None:
    assert rules.potential_level(Decimal(score), cut_high=Decimal(85), cut_mid=Decimal(70)) == level


def test_other_cutoffs_90_78() -> None:
    assert (
        rules.potential_level(Decimal(85), cut_high=Decimal(90), cut_mid=Decimal(78)) == Q.MENENGAH
    )


def test_bad_weights_and_scores_refused() -> None:
    with pytest.raises(rules.RuleError):
        rules.PotentialWeights(Decimal(50), Decimal(30), Decimal(30)).check()
    with pytest.raises(rules.RuleError):
        rules.potential_score(
            competency=Decimal(101), potential_test=Decimal(1), track_record=Decimal(1), weights=W
        )
    with pytest.raises(rules.RuleError):
        rules.potential_level(Decimal(5), cut_high=Decimal(70), cut_mid=Decimal(70))


scores = st.decimals(min_value=0, max_value=100, places=2)


@given(scores, scores, scores)
def test_score_within_range_and_monotone(c: Decimal, t: Decimal, r: Decimal) -> None:
    s = rules.potential_score(competency=c, potential_test=t, track_record=r, weights=W)
    assert min(c, t, r) - Decimal("0.01") <= s <= max(c, t, r) + Decimal("0.01")
    higher = rules.potential_score(
        competency=min(c + 1, Decimal(100)), potential_test=t, track_record=r, weights=W
    )
    assert higher >= s


@given(scores)
def test_every_score_has_one_level_and_box(s: Decimal) -> None:
    lv = rules.potential_level(s, cut_high=Decimal(85), cut_mid=Decimal(70))
    boxes = {rules.talent_box(p, lv) for p in P}
    assert len(boxes) == 3


def test_years_between_calendar() -> None:
    import datetime as dt

    assert rules.years_between(dt.date(2022, 4, 2), dt.date(2026, 4, 1)) < 4
    assert rules.years_between(dt.date(2022, 4, 1), dt.date(2026, 4, 1)) == Decimal("4.00")
    assert rules.years_between(dt.date(2020, 2, 29), dt.date(2024, 2, 29)) == Decimal("4.00")
    assert rules.years_between(dt.date(2026, 1, 1), dt.date(2025, 1, 1)) == 0
