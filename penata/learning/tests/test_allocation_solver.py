"""The pure seat-allocation solver against brute force on small random cases (no database)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.learning import allocation as al
from penata.learning.rules import overlaps

TOL = 1e-6


def brute_force(problem: al.Problem, starts: list[int], ends: list[int], prog: list[int]) -> float:
    """The optimum by enumeration: for each session in turn, every subset of its candidates
    that fits the seats, the budget and nobody's other sessions."""
    per_session: list[list[int]] = [[] for _ in range(problem.n_sessions)]
    for k in range(problem.n_pairs):
        per_session[int(problem.session[k])].append(k)

    def clash(a: int, b: int) -> bool:
        return overlaps(starts[a], ends[a], starts[b], ends[b]) or prog[a] == prog[b]

    best = 0.0

    def walk(s: int, budget: int, value: float, taken: dict[int, list[int]]) -> None:
        nonlocal best
        if s == problem.n_sessions:
            best = max(best, value)
            return
        cands = per_session[s]
        cap = int(problem.capacity[s])
        for size in range(min(cap, len(cands)) + 1):
            cost = size * int(problem.cost[s])
            if cost > budget:
                break
            for combo in itertools.combinations(cands, size):
                people = [int(problem.person[k]) for k in combo]
                if any(clash(s, t) for p in people for t in taken.get(p, [])):
                    continue
                for p in people:
                    taken.setdefault(p, []).append(s)
                walk(s + 1, budget - cost, value + sum(problem.value[k] for k in combo), taken)
                for p in people:
                    taken[p].pop()

    walk(0, problem.budget, 0.0, {})
    return best


@st.composite
def instances(draw: Any) -> tuple[al.Problem, list[int], list[int], list[int]]:
    n_people = draw(st.integers(1, 8))
    n_sessions = draw(st.integers(1, 4))
    starts = [draw(st.integers(0, 10)) for _ in range(n_sessions)]
    ends = [s + draw(st.integers(0, 4)) for s in starts]
    prog = [draw(st.integers(0, n_sessions)) for _ in range(n_sessions)]
    capacity = [draw(st.integers(0, 2)) for _ in range(n_sessions)]
    cost = [draw(st.sampled_from([0, 250_000, 500_000, 1_000_000, 1_750_000])) for _ in starts]
    budget = draw(st.integers(0, 8)) * 500_000
    person, session, value = [], [], []
    for p in range(n_people):
        for s in range(n_sessions):
            v = draw(st.integers(0, 12))
            if v > 0 and draw(st.booleans()):
                person.append(p)
                session.append(s)
                value.append(v * draw(st.sampled_from([1.0, 0.5, 1.25])))
    groups = al.conflict_groups(np.array(starts), np.array(ends), np.array(prog))
    problem = al.Problem(
        capacity=np.array(capacity),
        cost=np.array(cost),
        budget=budget,
        person=np.array(person, dtype=np.int64),
        session=np.array(session, dtype=np.int64),
        value=np.array(value),
        groups=groups,
        n_people=n_people,
    )
    return problem, starts, ends, prog


def _assert_feasible(problem: al.Problem, sol: al.Solution, starts: list[int], ends: list[int]):
    assert al.violations(problem, sol.chosen) == []
    chosen = np.flatnonzero(sol.chosen)
    fill = np.bincount(problem.session[chosen], minlength=problem.n_sessions)
    assert (fill <= problem.capacity).all()
    assert sol.cost == sum(int(problem.cost[problem.session[k]]) for k in chosen)
    assert sol.cost <= problem.budget
    for a, b in itertools.combinations(chosen, 2):
        if problem.person[a] == problem.person[b]:
            sa, sb = int(problem.session[a]), int(problem.session[b])
            assert sa != sb
            assert not overlaps(starts[sa], ends[sa], starts[sb], ends[sb])
    assert abs(sol.objective - float(problem.value[chosen].sum())) < TOL


@settings(max_examples=200, deadline=None)
@given(instances())
def test_exact_equals_brute_force_and_heuristic_is_feasible_and_bounded(case: Any) -> None:
    problem, starts, ends, prog = case
    optimum = brute_force(problem, starts, ends, prog)

    exact = al.solve_exact(problem, time_limit=10)
    _assert_feasible(problem, exact, starts, ends)
    assert exact.status == "optimal"
    assert abs(exact.objective - optimum) <= TOL * max(1.0, optimum)
    assert exact.bound is not None and exact.bound >= optimum - TOL

    heur = al.solve_heuristic(problem)
    _assert_feasible(problem, heur, starts, ends)
    assert heur.objective <= optimum + TOL
    assert heur.bound is not None and heur.bound >= optimum - TOL
    assert al.capacity_knapsack_bound(problem) >= optimum - TOL
    lp = al.lp_bound(problem)
    assert lp is None or lp >= optimum - TOL

    both = al.solve(problem, time_limit=10)
    _assert_feasible(problem, both, starts, ends)
    assert abs(both.objective - optimum) <= TOL * max(1.0, optimum)
    assert both.gap is not None and both.gap <= 1e-4

    pruned = al.solve(problem, time_limit=10, max_pairs=1, keep_per_seat=1, keep_min=1)
    _assert_feasible(problem, pruned, starts, ends)
    assert pruned.bound_full is not None and pruned.bound_full >= optimum - TOL
    dual = al.lp_dual_bound(problem, problem)
    assert dual is None or dual >= optimum - TOL

    forced = al.solve(problem, time_limit=10, max_exact_vars=0)
    _assert_feasible(problem, forced, starts, ends)
    assert forced.method == "heuristic" and forced.bound is not None
    assert forced.bound >= optimum - TOL


def test_conflict_groups_are_the_maximal_cliques() -> None:
    # a: 1–3, b: 3–5, c: 4–6, d: 10–12 (alone); inclusive ranges: a∩b on day 3.
    groups = al.conflict_groups(np.array([1, 3, 4, 10]), np.array([3, 5, 6, 12]))
    assert sorted(tuple(g.tolist()) for g in groups) == [(0, 1), (1, 2)]
    # Same program: d with a, though they do not overlap.
    groups = al.conflict_groups(
        np.array([1, 3, 4, 10]), np.array([3, 5, 6, 12]), np.array([7, 8, 9, 7])
    )
    assert (0, 3) in {tuple(g.tolist()) for g in groups}


def _random_problem(rng: np.random.Generator, people: int, sessions: int) -> al.Problem:
    starts = rng.integers(0, 300, sessions)
    ends = starts + rng.integers(0, 5, sessions)
    pairs = people * sessions
    person = np.repeat(np.arange(people), sessions)
    session = np.tile(np.arange(sessions), people)
    value = rng.integers(0, 30, pairs).astype(float)
    keep = value > 0
    return al.Problem(
        capacity=rng.integers(5, 30, sessions),
        cost=rng.integers(1, 20, sessions) * 250_000,
        budget=int(sessions * 8 * 1_500_000),
        person=person[keep],
        session=session[keep],
        value=value[keep],
        groups=al.conflict_groups(starts, ends, rng.integers(0, sessions // 2, sessions)),
        n_people=people,
    )


def test_larger_problem_heuristic_close_to_exact_and_pruning_maps_back() -> None:
    rng = np.random.default_rng(3)
    problem = _random_problem(rng, 600, 20)
    exact = al.solve_exact(problem, time_limit=30)
    heur = al.solve_heuristic(problem)
    assert al.violations(problem, exact.chosen) == []
    assert al.violations(problem, heur.chosen) == []
    assert heur.objective <= exact.bound + TOL  # type: ignore[operator]
    assert heur.objective >= 0.9 * exact.objective
    pruned = al.solve(problem, time_limit=30, max_pairs=1_000, keep_per_seat=3)
    assert pruned.stats["pruned"] and pruned.chosen.shape == (problem.n_pairs,)
    assert al.violations(problem, pruned.chosen) == []
    assert pruned.bound_full is not None and pruned.bound_full >= exact.objective - TOL


def test_repair_enforces_budget_capacity_and_conflicts() -> None:
    problem = al.Problem(
        capacity=np.array([1, 5]),
        cost=np.array([3, 4]),
        budget=6,
        person=np.array([0, 1, 0, 1]),
        session=np.array([0, 0, 1, 1]),
        value=np.array([5.0, 4.0, 3.0, 2.0]),
        groups=[np.array([0, 1])],
    )
    fixed = al.repair(problem, np.ones(4, dtype=bool))
    assert al.violations(problem, fixed) == []
    assert fixed.tolist() == [True, False, False, False]


def test_empty_problem() -> None:
    problem = al.Problem(
        capacity=np.array([3]),
        cost=np.array([1]),
        budget=10,
        person=np.zeros(0, dtype=np.int64),
        session=np.zeros(0, dtype=np.int64),
        value=np.zeros(0),
    )
    sol = al.solve(problem)
    assert sol.objective == 0 and sol.cost == 0 and sol.gap == 0
