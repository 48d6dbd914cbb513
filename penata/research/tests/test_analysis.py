"""The effectiveness analysis on constructed workforces: the impact estimate recovers a known
effect, in the app and from the release file alike; the indicators add up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from penata.research import analysis, release
from penata.research.tests import world

SCORES = {5: "sangat_baik", 4: "baik", 3: "butuh_perbaikan"}


@pytest.fixture
def case(db: None) -> dict[str, Any]:
    """Two OPDs, everyone born 1985 or 1995, golongan III. In 2024 all are rated baik. In 2025
    participants of the program rise to sangat_baik; of the others in OPD 0 one in four rises
    too (a common trend), in OPD 1 nobody. Expected effect per stratum: 1 − trend."""
    units = world.opds(2)

    def attrs(i: int, rng: Any) -> dict[str, Any]:
        return {
            "org_unit": units[i % 2],
            "birth_date": dt.date(1985 if (i // 2) % 2 else 1995, 6, 1),
            "rank_code": "III/b",
        }

    emps = world.people(160, units, seed=5, attrs=attrs)
    prog = world.program()
    treated = [e for i, e in enumerate(emps) if (i // 4) % 4 == 0]
    tset = {e.pk for e in treated}
    world.rate(emps, 2024, lambda e: "baik")
    rises = {e.pk for i, e in enumerate(emps) if i % 2 == 0 and (i // 4) % 4 == 1}

    def post(e: Any) -> str:
        return "sangat_baik" if e.pk in tset or e.pk in rises else "baik"

    world.rate(emps, 2025, post)
    world.train(treated, prog, 2025)
    return {"emps": emps, "prog": prog, "treated": treated, "rises": rises, "units": units}


def test_impact_recovers_the_constructed_effect(case: dict[str, Any]) -> None:
    res = analysis.impact(case["prog"].pk, 2025)
    assert res is not None
    assert res.n_treated == 40 and res.unmatched_treated == 0
    # expected: per-stratum 1 - share of controls rising, weighted by participants
    exp = 0.0
    emps = case["emps"]
    tset = {e.pk for e in case["treated"]}
    strata: dict[Any, list[Any]] = {}
    for i, e in enumerate(emps):
        strata.setdefault((i % 2, (i // 2) % 2), []).append(e)
    for members in strata.values():
        t = [e for e in members if e.pk in tset]
        c = [e for e in members if e.pk not in tset]
        trend = sum(1 for e in c if e.pk in case["rises"]) / len(c)
        exp += len(t) / 40 * (1 - trend)
    assert res.effect == pytest.approx(exp)
    assert res.ci_low <= res.effect <= res.ci_high


def test_impact_reproducible_from_the_release(case: dict[str, Any]) -> None:
    ex = release.build_extract(
        variables=["opd", "kelompok_golongan", "kelompok_usia", "predikat", "pelatihan"],
        year_from=2024,
        year_to=2025,
        key=b"r" * 32,
        k=5,
    )
    assert ex.report["suppressed"] == 0
    in_app = analysis.impact(case["prog"].pk, 2025)
    from_file = analysis.impact_from_release(ex.frame, case["prog"].code, 2025)
    assert in_app is not None and from_file is not None
    assert from_file.effect == pytest.approx(in_app.effect)
    assert from_file.se == pytest.approx(in_app.se)
    assert (from_file.n_treated, from_file.n_control) == (in_app.n_treated, in_app.n_control)


def test_indicators(case: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(20):
        ind = analysis.indicators()
    assert ind["years"] == [2024, 2025]
    assert ind["headcount"] == 160
    # participants got 24 JP in 2025: 40 of 160 meet 20 JP
    assert ind["jp_share"] == [0.0, 25.0]
    assert ind["predikat"]["baik"][0] == 100.0
    assert ind["predikat"]["sangat_baik"][1] == pytest.approx(
        100 * (40 + len(case["rises"])) / 160, abs=0.1
    )
    assert analysis.impact_programs()[0][1] == case["prog"].code
