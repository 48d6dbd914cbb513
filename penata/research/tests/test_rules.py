"""The pure rules: generalisation cell by cell, suppression, and the difference in differences
recovering a known effect."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from penata.research import rules


@pytest.mark.parametrize(
    ("code", "kind", "group"),
    [
        ("I/a", "pns", "I"),
        ("II/d", "pns", "II"),
        ("III/a", "pns", "III"),
        ("IV/e", "pns", "IV"),
        ("I", "pppk", "PPPK I-IV"),
        ("IV", "pppk", "PPPK I-IV"),
        ("V", "pppk", "PPPK V-VIII"),
        ("IX", "pppk", "PPPK IX-XII"),
        ("XIII", "pppk", "PPPK XIII-XVII"),
        ("XVII", "pppk", "PPPK XIII-XVII"),
        ("XVIII", "pppk", "?"),
        ("V/a", "pns", "?"),
        ("", "pns", "?"),
        (None, None, "?"),
    ],
)
def test_golongan_group(code: str | None, kind: str | None, group: str) -> None:
    assert rules.golongan_group(code, kind) == group


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (dt.date(2000, 12, 31), "25-29"),
        (dt.date(2000, 1, 1), "25-29"),
        (dt.date(1995, 12, 31), "30-34"),
        (dt.date(1996, 1, 1), "25-29"),
        (None, "?"),
    ],
)
def test_age_band(birth: dt.date | None, band: str) -> None:
    assert rules.age_band(birth, dt.date(2025, 12, 31)) == band


def test_suppress_keeps_only_combinations_seen_k_times() -> None:
    rows = [("a",)] * 5 + [("b",)] * 4 + [("c",)]
    keep = rules.suppress(rows, 5)
    assert keep == [True] * 5 + [False] * 5
    assert rules.k_anonymous([r for r, ok in zip(rows, keep, strict=True) if ok], 5)


def test_pseudonym_keyed() -> None:
    assert rules.pseudonym(b"a", 1) == rules.pseudonym(b"a", 1)
    assert rules.pseudonym(b"a", 1) != rules.pseudonym(b"b", 1)
    assert rules.pseudonym(b"a", 1) != rules.pseudonym(b"a", 2)


def test_columns_for_orders_by_dictionary() -> None:
    cols = rules.columns_for(["predikat", "opd", "jp"], [2024, 2025])
    assert cols == [
        "pseudonim",
        "opd",
        "jp_2024",
        "jp_2025",
        "predikat_2024",
        "skor_predikat_2024",
        "predikat_2025",
        "skor_predikat_2025",
    ]


def test_did_recovers_a_known_effect() -> None:
    """Strata with different trends; participants gain 0.5 more than comparable colleagues."""
    rng = random.Random(7)
    records = []
    for s in range(12):
        trend = rng.uniform(-0.5, 0.5)
        level = rng.uniform(2, 4)
        for i in range(60):
            treated = i < 20
            before = level + rng.gauss(0, 0.3) + (0.4 if treated else 0)  # selection on level
            after = before + trend + (0.5 if treated else 0) + rng.gauss(0, 0.3)
            records.append((s, treated, before, after))
    res = rules.did(records)
    assert res is not None
    assert res.ci_low < 0.5 < res.ci_high
    assert abs(res.effect - 0.5) < 0.1
    assert res.significant and res.n_treated == 240 and res.strata == 12


def test_did_exact_without_noise() -> None:
    records = [("a", True, 3, 4), ("a", True, 3, 4), ("a", False, 3, 3.5), ("a", False, 2, 2.5)]
    records += [("b", True, 4, 4), ("b", False, 4, 3)]
    res = rules.did(records)
    assert res is not None
    # stratum a: 1.0 - 0.5 = 0.5 (weight 2/3); stratum b: 0 - (-1) = 1 (weight 1/3)
    assert res.effect == pytest.approx(2 / 3 * 0.5 + 1 / 3 * 1.0)
    assert res.se == pytest.approx(0.0)


def test_did_drops_unmatched_strata_and_none_when_nothing_matches() -> None:
    res = rules.did([("a", True, 3, 4), ("a", False, 3, 3), ("b", True, 1, 5)])
    assert res is not None and res.effect == pytest.approx(1.0) and res.unmatched_treated == 1
    assert rules.did([("a", True, 3, 4)]) is None
    assert rules.did([]) is None


def test_explanation_in_plain_indonesian() -> None:
    res = rules.did(
        [("a", True, 3, 4), ("a", True, 3, 4.2), ("a", False, 3, 3), ("a", False, 3, 3.1)]
    )
    text = rules.explain_did(res, program="Literasi Data", year=2025)
    assert "Literasi Data" in text and "rentang keyakinan 95%" in text
    assert "bukan bukti sebab-akibat" in text
    assert "Belum bisa dihitung" in rules.explain_did(None, program="X", year=2025)
