"""Competency gap report benchmark (``gap_report``).

N employees (15,000 at city scale) in 40 OPDs, each position with a standard of 30
competencies, about 80 % of the (person, competency) cells assessed (some twice, a few revoked),
generated set-based with ``insert_rows``. Measured:

* the OPD heat map + city ranking + training needs analysis (:func:`penata.learning.gaps.
  gap_summary` and its views): time and query count, which must not grow with N;
* the XLSX and PDF downloads of the analysis (is a direct download fast enough?);
* against the naive baseline in the same run: the per-employee profile (two queries per
  employee) aggregated in Python — timed on a slice and extrapolated to N; the ratio is
  baseline / set-based.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat

EMPLOYEES = {"small": 1_500, "city": 15_000, "national": 100_000}
BASELINE_SLICE = {"small": 300, "city": 1_000, "national": 1_000}
FAMILIES = ["Analis", "Pengelola", "Pranata Komputer", "Guru", "Perawat"]
COMPETENCIES = 30


def _clear() -> None:
    """Empty the person-level tables this benchmark fills (and those that point at them)."""
    from penata.learning import models as lm
    from penata.workforce.models import Employee, Position, PositionHistory, RankHistory

    order = (
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


def _generate(n: int, *, seed: int = 11) -> dict[str, int]:
    from bench.workforce_bench import _units
    from penata.core.bulk import insert_rows
    from penata.learning.models import (
        ActivityType,
        Assessment,
        Competency,
        CompetencyStandard,
        ProgramCompetency,
        TrainingProgram,
    )
    from penata.workforce.models import Employee, OrgUnit, Position

    rng = random.Random(seed)
    _units()
    bidang = list(OrgUnit.objects.filter(kind="bidang").values_list("pk", flat=True))
    today = dt.date.today()
    with transaction.atomic():
        insert_rows(
            Position,
            (
                {
                    "name": f"{fam} Bench {u}",
                    "kind": "pelaksana",
                    "functional_level": "",
                    "family": fam,
                    "class_grade": 7,
                    "org_unit_id": u,
                }
                for u in bidang
                for fam in FAMILIES
            ),
        )
        positions = list(Position.objects.values_list("pk", "org_unit_id"))
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
        comps = list(
            Competency.objects.order_by("order").values_list("pk", flat=True)[:COMPETENCIES]
        )
        standards = {pos: {c: rng.randint(1, 4) for c in comps} for pos, _u in positions}
        insert_rows(
            CompetencyStandard,
            (
                {"position_id": pos, "competency_id": c, "level": lv}
                for pos, levels in standards.items()
                for c, lv in levels.items()
            ),
        )
        people = list(Employee.objects.values_list("pk", "position_id"))

        def assessments() -> Any:
            for emp, pos in people:
                for c in comps:
                    if rng.random() > 0.8:
                        continue
                    entries = 2 if rng.random() < 0.2 else 1
                    for k in range(entries):
                        on = today - dt.timedelta(days=rng.randint(10, 1000) + 400 * k)
                        yield {
                            "employee_id": emp,
                            "competency_id": c,
                            "level": max(1, min(5, standards[pos][c] + rng.randint(-2, 1))),
                            "source": "uji_kompetensi",
                            "assessed_on": on,
                            "valid_until": on + dt.timedelta(days=3 * 365),
                            "revoked": rng.random() < 0.01,
                            "note": "",
                        }

        n_assess = insert_rows(Assessment, assessments())
        kind = ActivityType.objects.order_by("pk").first()
        assert kind is not None
        for i, c in enumerate(comps):
            for j in range(2):
                p = TrainingProgram.objects.create(
                    code=f"gapbench-{i}-{j}",
                    title=f"Pelatihan Bench {i}-{j}",
                    activity_type=kind,
                    jp=12 + 12 * j,
                    provider_kind="bkpp",
                    cost_per_participant=500_000 + 250_000 * j + 10_000 * i,
                )
                ProgramCompetency.objects.create(program=p, competency_id=c, target_level=3 + j)
    return {
        "employees": len(people),
        "positions": len(positions),
        "standards": len(positions) * len(comps),
        "assessments": n_assess,
        "competencies": len(comps),
    }


def _set_based() -> dict[str, Any]:
    from penata.learning import gaps
    from penata.workforce.models import Employee

    summary = gaps.gap_summary(Employee.objects.all(), dt.date.today())
    heat = gaps.heat_map(summary)
    gaps.competency_ranking(summary)
    tna = gaps.training_needs(summary)
    return {"summary": summary, "heat": heat, "tna": tna}


def _naive(limit: int) -> tuple[float, int, dict[tuple[int, int], int]]:
    """Per employee: load the standard and the assessments (two queries each), aggregate in
    Python. Returns seconds, queries and the gap sums per (OPD, competency) of the slice."""
    from penata.learning import gaps
    from penata.workforce.models import Employee

    today = dt.date.today()
    employees = list(Employee.objects.select_related("org_unit").order_by("pk")[:limit])
    sums: dict[tuple[int, int], int] = defaultdict(int)
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        for emp in employees:
            for row in gaps.employee_profile(emp, today):
                sums[(emp.org_unit.opd_id or emp.org_unit_id, row["competency"].pk)] += row["gap"]
        elapsed = time.perf_counter() - start
    return elapsed, len(ctx.captured_queries), dict(sums)


def gap_report(*, scale: str) -> dict[str, Any]:
    from penata.learning import gaps
    from penata.workforce.models import Employee

    n = EMPLOYEES[scale]
    _clear()
    start = time.perf_counter()
    sizes = _generate(n)
    generate_s = time.perf_counter() - start
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    with CaptureQueriesContext(connection) as ctx:
        result = _set_based()
    queries = len(ctx.captured_queries)
    timing = repeat(_set_based, 3)

    # Correctness in the same run: the set-based sums agree with the naive ones on the slice.
    limit = min(BASELINE_SLICE[scale], n)
    naive_s, naive_queries, naive_sums = _naive(limit)
    slice_ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True)[:limit])
    check = gaps.gap_summary(Employee.objects.filter(pk__in=slice_ids), dt.date.today())
    agree = {k: v.gap_sum for k, v in check.cells.items()} == naive_sums
    naive_full_s = naive_s * n / limit

    start = time.perf_counter()
    xlsx = gaps.tna_xlsx(result["tna"])
    xlsx_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    pdf = gaps.tna_pdf(result["tna"])
    pdf_ms = (time.perf_counter() - start) * 1000

    median_s = timing["median_ms"] / 1000
    return {
        **sizes,
        "generate_s": round(generate_s, 2),
        "heatmap_tna": timing,
        "queries": queries,
        "heat_map_cells": sum(1 for r in result["heat"]["rows"] for c in r["cells"] if c["agg"]),
        "tna_rows": len(result["tna"]["rows"]),
        "tna_total_cost_rp": result["tna"]["total_cost"],
        "xlsx_ms": round(xlsx_ms, 1),
        "xlsx_bytes": len(xlsx),
        "pdf_ms": round(pdf_ms, 1),
        "pdf_bytes": len(pdf),
        "baseline": {
            "method": "per-employee profile (2 queries each), aggregated in Python",
            "slice": limit,
            "slice_s": round(naive_s, 3),
            "slice_queries": naive_queries,
            "extrapolated_s": round(naive_full_s, 2),
            "extrapolated_queries": naive_queries * n // max(limit, 1),
            "agrees_with_set_based": agree,
        },
        "ratio_baseline_over_set_based": round(naive_full_s / median_s, 1) if median_s else None,
    }
