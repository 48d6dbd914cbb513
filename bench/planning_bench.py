"""Workforce planning benchmark (``planning``).

1. The ABK for the whole city: N employees (15,000), ~N/5 positions (3,000) with 10 tasks each
   (30,000), generated set-based. Measured: :func:`penata.planning.services.analysis_compute`
   (three aggregate queries + one bulk insert) against the naive baseline in the same run
   (per position: a query for its tasks and one for its staff), timed on a slice and
   extrapolated; the two must agree on the slice.
2. The redistribution solve for 2,000 candidates × 1,000 open places (synthetic, 20 position
   families, 40 OPDs, rank ranges, retirement dates, source caps): the exact solve
   (``linear_sum_assignment``) vs the greedy baseline on the same eligible pairs — time, places
   covered, preference score. (The integer-program formulation, also exact, took 189 s on this
   instance on a shared 2-core machine; it is used only as a cross-check in the tests.)
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat

EMPLOYEES = {"small": 1_500, "city": 15_000, "national": 100_000}
SLICE = {"small": 100, "city": 300, "national": 300}
SOLVE = {"small": (400, 200), "city": (2_000, 1_000), "national": (2_000, 1_000)}
TASKS_PER_POSITION = 10
FAMILIES = [f"Rumpun {i}" for i in range(20)]


def _clear() -> None:
    from penata.learning import models as lm
    from penata.planning import models as pm
    from penata.workforce.models import Employee, Position, PositionHistory, RankHistory

    order = (
        pm.Move,
        pm.Proposal,
        pm.PositionLoad,
        pm.AnalysisRun,
        pm.JobTask,
        pm.JobProfile,
        lm.AllocationChoice,
        lm.Attendance,
        lm.Evaluation,
        lm.LedgerEntry,
        lm.ExternalCertificate,
        lm.Enrolment,
        lm.Assessment,
        lm.CompetencyStandard,
        PositionHistory,
        RankHistory,
        Employee,
        Position,
    )
    with connection.cursor() as cursor:
        for model in order:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _generate(n: int, *, seed: int = 12) -> dict[str, int]:
    from bench.workforce_bench import _units
    from penata.core.bulk import insert_rows
    from penata.planning.models import JobTask
    from penata.workforce.models import Employee, OrgUnit, Position

    rng = random.Random(seed)
    _units()
    units = list(OrgUnit.objects.values_list("pk", flat=True))
    n_positions = max(1, n // 5)
    with transaction.atomic():
        insert_rows(
            Position,
            (
                {
                    "name": f"Jabatan Bench {i}",
                    "kind": "pelaksana",
                    "functional_level": "",
                    "family": FAMILIES[i % len(FAMILIES)],
                    "class_grade": 7,
                    "org_unit_id": units[i % len(units)],
                    "formasi": rng.randint(2, 8),
                }
                for i in range(n_positions)
            ),
        )
        positions = list(Position.objects.values_list("pk", "org_unit_id"))
        insert_rows(
            JobTask,
            (
                {
                    "position_id": pos,
                    "name": f"Tugas {k}",
                    "output_unit": "dokumen",
                    "volume": Decimal(rng.randint(20, 2000)),
                    "minutes": Decimal(rng.choice([5, 10, 15, 30, 60, 90, 120])),
                }
                for pos, _u in positions
                for k in range(TASKS_PER_POSITION)
            ),
        )
        insert_rows(
            Employee,
            (
                {
                    "nip": f"{198001010000000000 + i:018d}",
                    "name": f"Pegawai Bench {i:06d}",
                    "gender": "L" if i % 2 else "P",
                    "birth_date": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                    "employment_type": "pns",
                    "position_id": pos,
                    "org_unit_id": unit,
                    "status": "aktif",
                    "retirement_date": dt.date(2028 + i % 30, 1 + i % 12, 1),
                    **dict.fromkeys(
                        (
                            "front_title",
                            "back_title",
                            "birth_place",
                            "major",
                            "email",
                            "phone",
                            "nik",
                        ),
                        "",
                    ),
                }
                for i, (pos, unit) in ((i, rng.choice(positions)) for i in range(n))
            ),
        )
    return {
        "employees": n,
        "positions": len(positions),
        "tasks": len(positions) * TASKS_PER_POSITION,
    }


def _naive(limit: int, effective: int) -> tuple[float, int, dict[int, float]]:
    """Per position: its tasks, its staff (two queries each)."""
    from penata.planning.models import JobTask
    from penata.workforce.models import Employee, Position

    start = time.perf_counter()
    out: dict[int, float] = {}
    with CaptureQueriesContext(connection) as ctx:
        for pos in Position.objects.order_by("pk")[:limit]:
            w = sum(
                float(t.volume) * float(t.minutes) for t in JobTask.objects.filter(position=pos)
            )
            Employee.objects.filter(position=pos, status__in=["aktif", "cuti"]).count()
            out[pos.pk] = w / effective
    return time.perf_counter() - start, len(ctx.captured_queries), out


def _solve_problem(n_cand: int, n_places: int, seed: int = 5) -> tuple[list, list, dict]:
    from penata.planning import rules

    rng = random.Random(seed)
    n_src = n_cand // 4
    caps = {p: rng.randint(1, 3) for p in range(n_src)}
    cands = [
        rules.Candidate(
            employee_id=i,
            position_id=(pos := rng.randrange(n_src)),
            family=FAMILIES[pos % len(FAMILIES)],
            kind="pelaksana",
            rank_order=rng.randint(5, 13),
            education_order=rng.randint(3, 7),
            years_to_retirement=rng.uniform(0, 30),
            opd_id=pos % 40,
            unit_id=pos % 200,
        )
        for i in range(n_cand)
    ]
    places = []
    n_dst = n_places // 3
    for k in range(n_places):
        pos = 100_000 + k % n_dst
        rnd = random.Random(pos)
        lo = rnd.randint(5, 11)
        places.append(
            rules.Place(
                position_id=pos,
                family=FAMILIES[pos % len(FAMILIES)] if rnd.random() < 0.9 else "lain",
                kind="pelaksana",
                min_rank_order=lo,
                max_rank_order=lo + 2,
                min_education_order=rnd.randint(5, 7),
                opd_id=pos % 40,
                unit_id=pos % 200,
            )
        )
    return cands, places, caps


def planning(*, scale: str) -> dict[str, Any]:
    from penata.planning import rules, services
    from penata.planning.models import PositionLoad

    n = EMPLOYEES[scale]
    _clear()
    start = time.perf_counter()
    sizes = _generate(n)
    generate_s = time.perf_counter() - start
    from penata.core.bulk import analyze

    analyze()
    with CaptureQueriesContext(connection) as ctx:
        run = services.analysis_compute(actor=None)
    queries = len(ctx.captured_queries)
    timing = repeat(lambda: services.analysis_compute(actor=None), 3)
    limit = min(SLICE[scale], sizes["positions"])
    naive_s, naive_q, naive = _naive(limit, run.effective_minutes)
    got = dict(
        PositionLoad.objects.filter(run=run, position_id__in=list(naive)).values_list(
            "position_id", "needed_exact"
        )
    )
    agree = all(abs(got[k] - v) < 1e-9 for k, v in naive.items())
    naive_full = naive_s * sizes["positions"] / limit
    median_s = timing["median_ms"] / 1000

    n_cand, n_places = SOLVE[scale]
    cands, places, caps = _solve_problem(n_cand, n_places)
    t0 = time.perf_counter()
    pairs = rules.eligible_pairs(cands, places)
    pairs_s = time.perf_counter() - t0
    best = rules.assign_optimal(cands, places, caps, pairs=pairs)
    greedy = rules.assign_greedy(cands, places, caps, pairs=pairs)
    # Optimality cross-check in the same run: the integer program on a smaller instance.
    sc, sp, scaps = _solve_problem(n_cand // 4, n_places // 4)
    small_lsa = rules.assign_optimal(sc, sp, scaps)
    small_milp = rules.assign_milp(sc, sp, scaps)
    return {
        **sizes,
        "generate_s": round(generate_s, 2),
        "abk": {
            **timing,
            "queries": queries,
            "needed": run.needed,
            "in_post": run.in_post,
            "baseline": {
                "method": "per position: its tasks and its staff (2 queries each)",
                "slice": limit,
                "slice_s": round(naive_s, 3),
                "slice_queries": naive_q,
                "extrapolated_s": round(naive_full, 2),
                "agrees_with_set_based": agree,
            },
            "ratio_baseline_over_set_based": round(naive_full / median_s, 1) if median_s else None,
        },
        "redistribution": {
            "candidates": n_cand,
            "places": n_places,
            "eligible_pairs": len(pairs),
            "eligibility_s": round(pairs_s, 3),
            "optimal": {
                "method": "linear_sum_assignment with stay columns for the caps (exact)",
                "seconds": round(best.seconds, 3),
                "covered": best.covered,
                "preference": best.bonus,
            },
            "greedy": {
                "method": "pairs by preference, highest first",
                "seconds": round(greedy.seconds, 3),
                "covered": greedy.covered,
                "preference": greedy.bonus,
            },
            "extra_places_covered_by_optimal": best.covered - greedy.covered,
            "milp_cross_check": {
                "candidates": len(sc),
                "places": len(sp),
                "lsa": [small_lsa.covered, small_lsa.bonus, round(small_lsa.seconds, 3)],
                "milp": [small_milp.covered, small_milp.bonus, round(small_milp.seconds, 3)],
                "same_optimum": (small_lsa.covered, small_lsa.bonus)
                == (small_milp.covered, small_milp.bonus),
            },
            "covered_ratio_greedy_over_optimal": round(greedy.covered / best.covered, 4)
            if best.covered
            else None,
        },
    }
