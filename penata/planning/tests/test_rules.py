"""ABK arithmetic, bands and the assignment against brute force (PermenPANRB 1/2020)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.planning import rules


def test_worked_example() -> None:
    # Analis Kepegawaian: three tasks, effective time 1,250 h = 75,000 min.
    tasks = [(1200, 30), (240, 90), (52, 300)]  # (volume/yr, minutes/unit)
    workload = sum(rules.task_workload(v, m) for v, m in tasks)
    assert workload == 36_000 + 21_600 + 15_600 == 73_200
    needed = rules.staff_needed(workload, 75_000)
    assert needed == pytest.approx(0.976)
    assert rules.rounded_need(needed) == 1
    assert rules.job_efficiency(workload, 1, 75_000) == pytest.approx(0.976)
    assert rules.band_for(0.976) == "B"
    # Two in post: EJ 0.488 → E, surplus of one.
    assert rules.band_for(rules.job_efficiency(workload, 2, 75_000)) == "E"
    assert rules.balance(1, 2) == 1


def test_rounding_half_up() -> None:
    assert rules.rounded_need(2.5) == 3
    assert rules.rounded_need(2.49) == 2
    assert rules.rounded_need(0) == 0


def test_no_staff_has_no_efficiency() -> None:
    assert rules.job_efficiency(10_000, 0, 75_000) is None
    assert rules.band_for(None) == ""


@pytest.mark.parametrize(
    ("ej", "band"),
    [
        (1.01, "A"),
        (1.00, "B"),
        (0.90, "B"),
        (0.899, "B"),  # printed as 0.90
        (0.89, "C"),
        (0.70, "C"),
        (0.69, "D"),
        (0.50, "D"),
        (0.49, "E"),
        (0.0, "E"),
        (3.0, "A"),
    ],
)
def test_band_edges(ej: float, band: str) -> None:
    assert rules.band_for(ej) == band


def test_bad_inputs() -> None:
    with pytest.raises(ValueError):
        rules.task_workload(-1, 10)
    with pytest.raises(ValueError):
        rules.staff_needed(10, 0)


def _cand(i: int, pos: int, **kw: object) -> rules.Candidate:
    base = dict(
        employee_id=i,
        position_id=pos,
        family="umum",
        kind="pelaksana",
        rank_order=9,
        education_order=5,
        years_to_retirement=10.0,
        opd_id=1,
        unit_id=1,
    )
    base.update(kw)
    return rules.Candidate(**base)  # type: ignore[arg-type]


def _place(pos: int, **kw: object) -> rules.Place:
    base = dict(
        position_id=pos,
        family="umum",
        kind="pelaksana",
        min_rank_order=None,
        max_rank_order=None,
        min_education_order=None,
        opd_id=1,
        unit_id=2,
    )
    base.update(kw)
    return rules.Place(**base)  # type: ignore[arg-type]


def test_eligibility() -> None:
    ok, reasons = rules.eligibility(_cand(1, 1), _place(2))
    assert ok and "rumpun jabatan sama (umum)" in reasons and "OPD sama (lokasi dekat)" in reasons
    assert not rules.eligibility(_cand(1, 2), _place(2))[0]  # same position
    assert not rules.eligibility(_cand(1, 1, family="guru"), _place(2))[0]  # other family
    # Other family but same kind and enough education.
    ok, _r = rules.eligibility(_cand(1, 1, family="guru"), _place(2, min_education_order=5))
    assert ok
    assert not rules.eligibility(_cand(1, 1, family="guru"), _place(2, min_education_order=6))[0]
    assert not rules.eligibility(_cand(1, 1, rank_order=8), _place(2, min_rank_order=9))[0]
    assert not rules.eligibility(_cand(1, 1, rank_order=12), _place(2, max_rank_order=11))[0]
    assert not rules.eligibility(_cand(1, 1, years_to_retirement=1.5), _place(2))[0]
    assert rules.eligibility(_cand(1, 1, years_to_retirement=2.0), _place(2))[0]
    assert not rules.eligibility(_cand(1, 1, years_to_retirement=2.5), _place(2), rules.Policy(3))[
        0
    ]


def _brute(
    cands: list[rules.Candidate], places: list[rules.Place], caps: dict[int, int]
) -> tuple[int, int]:
    """Best (covered, preference) over every partial matching, lexicographically."""
    pairs = rules.eligible_pairs(cands, places)
    best = (0, 0)
    for r in range(1, min(len(cands), len(places)) + 1):
        for combo in itertools.combinations(pairs, r):
            cs = [p[0] for p in combo]
            ps = [p[1] for p in combo]
            if len(set(cs)) < r or len(set(ps)) < r:
                continue
            used: dict[int, int] = {}
            for i in cs:
                used[cands[i].position_id] = used.get(cands[i].position_id, 0) + 1
            if any(n > caps.get(pos, 99) for pos, n in used.items()):
                continue
            best = max(best, (r, sum(p[2] for p in combo)))
    return best


cand_st = st.builds(
    lambda pos, fam, opd, rank, yrs: (pos, fam, opd, rank, yrs),
    st.integers(1, 3),
    st.sampled_from(["a", "b"]),
    st.integers(1, 2),
    st.integers(8, 11),
    st.sampled_from([1.0, 5.0, 20.0]),
)
place_st = st.builds(
    lambda pos, fam, opd, lo: (pos, fam, opd, lo),
    st.integers(4, 6),
    st.sampled_from(["a", "b"]),
    st.integers(1, 2),
    st.sampled_from([None, 9, 10]),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(cand_st, min_size=1, max_size=5),
    st.lists(place_st, min_size=1, max_size=4),
    st.dictionaries(st.integers(1, 3), st.integers(0, 2)),
)
def test_assignment_matches_brute_force(
    craw: list[tuple], praw: list[tuple], caps: dict[int, int]
) -> None:
    cands = [
        _cand(
            i,
            pos,
            family=fam,
            opd_id=opd,
            unit_id=opd * 10,
            rank_order=rank,
            years_to_retirement=yrs,
        )
        for i, (pos, fam, opd, rank, yrs) in enumerate(craw)
    ]
    # Places of one position share its requirements (the first drawn wins).
    attrs: dict[int, tuple] = {}
    for pos, fam, opd, lo in praw:
        attrs.setdefault(pos, (fam, opd, lo))
    places = [
        _place(
            pos,
            family=attrs[pos][0],
            opd_id=attrs[pos][1],
            unit_id=attrs[pos][1] * 10 + 1,
            min_rank_order=attrs[pos][2],
        )
        for pos, *_rest in praw
    ]
    got = rules.assign_optimal(cands, places, caps)
    assert (got.covered, got.bonus) == _brute(cands, places, caps)
    check = rules.assign_milp(cands, places, caps)
    assert (check.covered, check.bonus) == (got.covered, got.bonus)
    for pos, cap in caps.items():
        assert sum(1 for i, _j in got.pairs if cands[i].position_id == pos) <= cap
    # Feasible: each candidate and place once, caps respected, only eligible pairs.
    assert len({i for i, _ in got.pairs}) == len(got.pairs) == len({j for _, j in got.pairs})
    for i, j in got.pairs:
        assert rules.eligibility(cands[i], places[j])[0]
    greedy = rules.assign_greedy(cands, places, caps)
    assert (greedy.covered, greedy.bonus) <= (got.covered, got.bonus)


def test_greedy_can_be_worse() -> None:
    # Candidate 0 fits both places (prefers place 0); candidate 1 fits only place 0.
    cands = [_cand(0, 1, opd_id=1), _cand(1, 2, opd_id=1, family="x")]
    places = [
        _place(5, opd_id=1, family="x", kind="pelaksana", min_education_order=1),
        _place(6, opd_id=2),
    ]
    cands[0] = _cand(0, 1, opd_id=1, family="x")
    cands[1] = _cand(1, 2, opd_id=2, family="x", rank_order=8)
    places[1] = _place(6, opd_id=2, family="x", min_rank_order=9)
    best = rules.assign_optimal(cands, places)
    greedy = rules.assign_greedy(cands, places)
    assert best.covered == 2
    assert greedy.covered == 1


def test_projection_and_cost_share() -> None:
    assert rules.projected_shortage(5, 5, [1, 0, 2, 0, 0]) == [1, 1, 3, 3, 3]
    assert rules.projected_shortage(2, 5, [1, 1, 1, 1, 1]) == [0, 0, 0, 1, 2]
    assert rules.cost_share(29.58, 100) == pytest.approx(0.2958)


@given(st.floats(0, 5, allow_nan=False), st.floats(0, 5, allow_nan=False))
def test_band_is_monotonic(a: float, b: float) -> None:
    order = "EDCBA"
    lo, hi = sorted((a, b))
    assert order.index(rules.band_for(lo)) <= order.index(rules.band_for(hi))


@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 600)), max_size=20),
    st.integers(1, 50),
)
def test_need_and_efficiency_agree(tasks: list[tuple[int, int]], staff: int) -> None:
    workload = sum(rules.task_workload(v, m) for v, m in tasks)
    exact = rules.staff_needed(workload, 75_000)
    assert abs(rules.rounded_need(exact) - exact) <= 0.5
    ej = rules.job_efficiency(workload, staff, 75_000)
    assert ej is not None and ej == pytest.approx(exact / staff)
