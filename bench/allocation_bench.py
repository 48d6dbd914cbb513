"""Seat allocation under budget benchmark (``seat_allocation``).

At city scale 15,000 ASN and 200 sessions (small: 1,500 and 40). Two parts:

* **Pure** (:mod:`penata.learning.allocation`, no database): the problem generated set-based
  with numpy — 30 competencies with random gaps, a JP shortfall per person, 100 programs of 1–2
  competencies with 2 sessions each spread over the year (1–5 days, so many overlap), 20–40
  seats, Rp 0.5–3 million per participant, a budget of about 40 % of all the seats' cost. Every
  pair with value > 0 is a candidate (≈ 3 million at city scale); :func:`solve` prunes to the
  best 10 candidates per seat of each session. Measured: the heuristic (time, objective, its
  LP bound and gap), the exact MILP with a time limit (time, objective, proven bound, status),
  the ratio heuristic / exact objective, the heuristic's gap to the exact proven bound, and the
  bounds of the *unpruned* problem (capacity knapsack, and the LP dual bound from the pruned
  LP's duals) with the best solution's gap to them. Baseline in
  the same run: plain greedy by value (no value per Rupiah, no improvement).
* **Through the database**: employees, standards and assessments generated set-based
  (:func:`bench.gaps_bench._generate`), sessions of the generated programs, then
  :func:`penata.learning.allocation_services.build_problem` (time and query count — fixed
  whatever N) and the solve.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np

SIZES = {"small": (1_500, 40), "city": (15_000, 200), "national": (100_000, 400)}
TIME_LIMIT = {"small": 20.0, "city": 60.0, "national": 120.0}
COMPETENCIES = 30


def generate(people: int, sessions: int, *, seed: int = 7) -> Any:
    """A random allocation problem like the city's, built with numpy only."""
    from penata.learning import allocation as al

    rng = np.random.default_rng(seed)
    # Gap per (person, competency): 45 % none, else 1–3 levels; assessed 1–3.
    gap = np.where(
        rng.random((people, COMPETENCIES)) < 0.45, 0, rng.integers(1, 4, (people, COMPETENCIES))
    )
    assessed = rng.integers(1, 4, (people, COMPETENCIES))
    shortfall = np.where(rng.random(people) < 0.3, 0, rng.integers(1, 21, people))
    n_prog = max(1, sessions // 2)
    prog_comps = [
        rng.choice(COMPETENCIES, rng.integers(1, 3), replace=False) for _ in range(n_prog)
    ]
    prog_target = [rng.integers(2, 5, len(c)) for c in prog_comps]
    prog_jp = rng.choice([8, 12, 16, 24, 32, 40], n_prog)
    prog_cost = rng.integers(2, 13, n_prog) * 250_000
    prog_of = np.arange(sessions) % n_prog
    starts = rng.integers(0, 330, sessions)
    ends = starts + rng.integers(0, 5, sessions)
    capacity = rng.integers(20, 41, sessions)
    w_gap, w_jp = 1.0, 0.1
    prog_value = []
    for j in range(n_prog):
        closed = np.zeros(people)
        for c, t in zip(prog_comps[j], prog_target[j], strict=True):
            closed += np.minimum(gap[:, c], np.maximum(0, t - assessed[:, c]))
        prog_value.append(w_gap * closed + w_jp * np.minimum(prog_jp[j], shortfall))
    persons, sess, values = [], [], []
    for s in range(sessions):
        v = prog_value[prog_of[s]]
        ok = np.flatnonzero(v > 0)
        persons.append(ok)
        sess.append(np.full(len(ok), s))
        values.append(v[ok])
    cost = prog_cost[prog_of]
    budget = int(0.4 * float((capacity * cost).sum()))
    return al.Problem(
        capacity=capacity,
        cost=cost,
        budget=budget,
        person=np.concatenate(persons),
        session=np.concatenate(sess),
        value=np.concatenate(values),
        groups=al.conflict_groups(starts, ends, prog_of),
        n_people=people,
    )


def _naive_greedy(problem: Any) -> float:
    """Baseline: take pairs by value while they fit (no value per Rupiah, no improvement)."""
    from penata.learning import allocation as al

    state = al._State(problem)
    for k in np.argsort(-problem.value, kind="stable"):
        if state.can_add(int(k)):
            state.add(int(k))
    return float(problem.value[state.chosen].sum())


def _pure(scale: str) -> dict[str, Any]:
    from penata.learning import allocation as al

    people, sessions = SIZES[scale]
    start = time.perf_counter()
    full = generate(people, sessions)
    generate_s = time.perf_counter() - start
    full_bound = al.capacity_knapsack_bound(full)
    start = time.perf_counter()
    problem, _keep = al.prune(full, keep_per_seat=10)
    prune_s = time.perf_counter() - start

    heur = al.solve_heuristic(problem, with_bound=False)
    start = time.perf_counter()
    heur_bound = al.best_bound(problem, TIME_LIMIT[scale])
    lp_s = time.perf_counter() - start
    exact = al.solve_exact(problem, time_limit=TIME_LIMIT[scale])
    assert not al.violations(problem, heur.chosen) and not al.violations(problem, exact.chosen)
    start = time.perf_counter()
    naive = _naive_greedy(problem)
    naive_s = time.perf_counter() - start
    proven = exact.bound if exact.bound is not None else heur_bound
    start = time.perf_counter()
    dual_full = al.lp_dual_bound(problem, full, TIME_LIMIT[scale])
    dual_s = time.perf_counter() - start
    best = max(exact.objective, heur.objective)
    auto = al.solve(full, time_limit=TIME_LIMIT[scale])
    return {
        "people": people,
        "sessions": sessions,
        "seats": int(full.capacity.sum()),
        "budget_rp": full.budget,
        "conflict_groups": len(full.groups),
        "pairs_full": full.n_pairs,
        "pairs_pruned": problem.n_pairs,
        "generate_s": round(generate_s, 2),
        "prune_s": round(prune_s, 3),
        "heuristic": {
            "seconds": round(heur.seconds, 3),
            "objective": round(heur.objective, 3),
            "cost_rp": heur.cost,
            "lp_bound": round(heur_bound, 3),
            "lp_bound_s": round(lp_s, 3),
            "gap_to_own_bound": al.relative_gap(heur.objective, heur_bound),
            "gap_to_exact_bound": al.relative_gap(heur.objective, proven),
        },
        "exact": {
            "time_limit_s": TIME_LIMIT[scale],
            "seconds": round(exact.seconds, 3),
            "status": exact.status,
            "objective": round(exact.objective, 3),
            "bound": None if exact.bound is None else round(exact.bound, 3),
            "gap": exact.gap,
            "nodes": exact.stats.get("nodes"),
            "rows": exact.stats.get("rows"),
        },
        "ratio_heuristic_over_exact_objective": round(heur.objective / exact.objective, 5)
        if exact.objective
        else None,
        "ratio_exact_over_heuristic_time": round(exact.seconds / heur.seconds, 1)
        if heur.seconds
        else None,
        "full_problem_knapsack_bound": round(full_bound, 3),
        "full_problem_lp_dual_bound": None if dual_full is None else round(dual_full, 3),
        "full_problem_lp_dual_bound_s": round(dual_s, 3),
        "gap_best_to_full_bound": al.relative_gap(
            best, full_bound if dual_full is None else min(full_bound, dual_full)
        ),
        "solve_auto": {
            "method": auto.method,
            "status": auto.status,
            "seconds": round(auto.seconds, 3),
            "objective": round(auto.objective, 3),
            "gap": auto.gap,
            "gap_full": al.relative_gap(auto.objective, auto.bound_full),
        },
        "baseline": {
            "method": "greedy by value, no value per Rupiah, no improvement",
            "seconds": round(naive_s, 3),
            "objective": round(naive, 3),
        },
        "ratio_heuristic_over_baseline_objective": round(heur.objective / naive, 4)
        if naive
        else None,
    }


def _reset() -> None:
    """Remove what this benchmark and the gap benchmark's generator leave behind."""
    from bench.gaps_bench import _clear
    from penata.learning.models import ProgramCompetency, TrainingProgram, TrainingSession

    _clear()
    TrainingSession.objects.filter(code__startswith="allocbench-").delete()
    ProgramCompetency.objects.filter(program__code__startswith="gapbench-").delete()
    TrainingProgram.objects.filter(code__startswith="gapbench-").delete()


def _through_db(scale: str) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bench.gaps_bench import _generate
    from penata.core.bulk import insert_rows
    from penata.learning import allocation as al
    from penata.learning import allocation_services as svc
    from penata.learning.models import TrainingProgram, TrainingSession
    from penata.workforce.models import Employee

    people, sessions = SIZES[scale]
    _reset()
    start = time.perf_counter()
    sizes = _generate(people)
    programs = list(
        TrainingProgram.objects.filter(code__startswith="gapbench-").values_list("pk", flat=True)
    )
    rng = np.random.default_rng(5)
    first = dt.date(dt.date.today().year, 1, 6)
    with transaction.atomic():
        insert_rows(
            TrainingSession,
            (
                {
                    "program_id": programs[i % len(programs)],
                    "code": f"allocbench-{i}",
                    "starts_on": first + dt.timedelta(days=int(d)),
                    "ends_on": first + dt.timedelta(days=int(d) + int(length)),
                    "is_online": False,
                    "location": "Semarang",
                    "capacity": int(cap),
                    "status": "open",
                }
                for i, (d, length, cap) in enumerate(
                    zip(
                        rng.integers(0, 330, sessions),
                        rng.integers(0, 5, sessions),
                        rng.integers(20, 41, sessions),
                        strict=True,
                    )
                )
            ),
        )
    generate_s = time.perf_counter() - start
    session_objs = list(
        TrainingSession.objects.filter(code__startswith="allocbench-").select_related("program")
    )
    total_cost = sum(s.capacity * s.program.cost_per_participant for s in session_objs)
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        built = svc.build_problem(
            sessions=session_objs,
            employees=Employee.objects.filter(status="aktif"),
            year=dt.date.today().year,
            budget=int(0.4 * total_cost),
            weights=dict(svc.DEFAULT_WEIGHTS),
        )
        build_s = time.perf_counter() - start
    sol = al.solve(built.problem, time_limit=TIME_LIMIT[scale])
    result = {
        **{k: v for k, v in sizes.items() if k in ("employees", "assessments")},
        "sessions": len(session_objs),
        "generate_s": round(generate_s, 2),
        "build_s": round(build_s, 3),
        "build_queries": len(ctx.captured_queries),
        "pairs": built.problem.n_pairs,
        "solve": {
            "method": sol.method,
            "status": sol.status,
            "seconds": round(sol.seconds, 3),
            "objective": round(sol.objective, 3),
            "bound": None if sol.bound is None else round(sol.bound, 3),
            "gap": sol.gap,
            "gap_full": al.relative_gap(sol.objective, sol.bound_full),
            "chosen": int(sol.chosen.sum()),
            "cost_rp": sol.cost,
        },
    }
    _reset()
    return result


def seat_allocation(*, scale: str) -> dict[str, Any]:
    return {"pure": _pure(scale), "through_db": _through_db(scale)}
