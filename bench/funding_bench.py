"""Budget commitment and realisation report benchmark (``funding_report``).

The city volume of the gap benchmark (15,000 employees, 60 programs) plus 300 sessions of the
fiscal year and about 3 enrolments per employee in every status, 12 budget lines with the
programs linked to them and 10 % of the sessions on a line of their own. Measured:

* the report per line and per program (:func:`penata.funding.reports.budget_report`): time and
  query count, which must not grow with the number of enrolments;
* the ceiling check of one approval (:func:`penata.funding.budget.check_new_seats`);
* the XLSX and PDF downloads;
* against the per-row baseline in the same run: for each enrolment, look up its session's line
  and its program's line (two queries each) and add its price in Python — timed on a slice,
  extrapolated to all enrolments, and checked to give the same sums on the slice.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.gaps_bench import EMPLOYEES, _clear, _generate
from bench.timing import repeat

SLICE = {"small": 1_000, "city": 3_000, "national": 3_000}
LINES = 12
SESSIONS = 300


def _fill(year: int, *, seed: int = 5) -> dict[str, int]:
    from penata.core.bulk import insert_rows
    from penata.funding.models import BudgetLine, ProgramBudget, SessionBudget
    from penata.learning.models import Enrolment, TrainingProgram, TrainingSession
    from penata.workforce.models import Employee

    rng = random.Random(seed)
    for model in (SessionBudget, ProgramBudget, BudgetLine):
        model.objects.all().delete()
    TrainingSession.objects.filter(code__startswith="fbench-").delete()
    programs = list(TrainingProgram.objects.values_list("pk", flat=True))
    with transaction.atomic():
        BudgetLine.objects.bulk_create(
            BudgetLine(
                fiscal_year=year,
                program_code="5.03.02",
                activity_code="5.03.02.2.02",
                sub_activity_code=f"5.03.02.2.02.{i + 1:04d}",
                name=f"Pos bench {i}",
                ceiling=10**13,
            )
            for i in range(LINES)
        )
        lines = list(BudgetLine.objects.values_list("pk", flat=True))
        ProgramBudget.objects.bulk_create(
            ProgramBudget(program_id=p, line_id=lines[i % LINES], fiscal_year=year)
            for i, p in enumerate(programs)
        )
        insert_rows(
            TrainingSession,
            (
                {
                    "program_id": programs[i % len(programs)],
                    "code": f"fbench-{i}",
                    "starts_on": dt.date(year, 1 + i % 12, 1 + i % 27),
                    "ends_on": dt.date(year, 1 + i % 12, 2 + i % 27),
                    "capacity": 1000,
                    "status": "open",
                    "location": "",
                }
                for i in range(SESSIONS)
            ),
        )
        sessions = list(
            TrainingSession.objects.filter(code__startswith="fbench-").values_list("pk", flat=True)
        )
        SessionBudget.objects.bulk_create(
            SessionBudget(session_id=s, line_id=rng.choice(lines)) for s in sessions[::10]
        )
        statuses = ["approved", "attended", "completed", "completed", "cancelled", "nominated"]
        people = list(Employee.objects.values_list("pk", flat=True))

        def rows() -> Any:
            for emp in people:
                for s in rng.sample(sessions, 3):
                    yield {
                        "session_id": s,
                        "employee_id": emp,
                        "status": rng.choice(statuses),
                        "origin": "nominated",
                        "jp": 0,
                        "version": 1,
                        "reason": "",
                    }

        n = insert_rows(Enrolment, rows())
    return {"lines": LINES, "sessions": SESSIONS, "enrolments": n}


def _naive(ids: list[int]) -> tuple[float, int, dict[int, list[int]]]:
    from penata.funding.budget import COMMITTED, REALISED
    from penata.funding.models import ProgramBudget, SessionBudget
    from penata.learning.models import Enrolment

    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = list(Enrolment.objects.filter(pk__in=ids).select_related("session__program"))
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        for e in rows:
            if e.status not in COMMITTED + REALISED:
                continue
            own = SessionBudget.objects.filter(session_id=e.session_id).first()
            line = own.line_id if own else None
            if line is None:
                link = ProgramBudget.objects.filter(
                    program_id=e.session.program_id, fiscal_year=e.session.starts_on.year
                ).first()
                line = link.line_id if link else None
            if line is None:
                continue
            price = int(e.session.program.cost_per_participant)
            sums[line][0 if e.status in COMMITTED else 1] += price
        elapsed = time.perf_counter() - start
    return elapsed, len(ctx.captured_queries), dict(sums)


def funding_report(*, scale: str) -> dict[str, Any]:
    from penata.funding import budget, reports
    from penata.learning.models import Enrolment, TrainingSession

    year = dt.date.today().year
    n = EMPLOYEES[scale]
    _clear()
    start = time.perf_counter()
    sizes = _generate(n)
    sizes.update(_fill(year))
    generate_s = time.perf_counter() - start
    from penata.core.bulk import analyze

    analyze()

    with CaptureQueriesContext(connection) as ctx:
        report = reports.budget_report(year)
    queries = len(ctx.captured_queries)
    timing = repeat(lambda: reports.budget_report(year), 3)

    session = TrainingSession.objects.filter(code__startswith="fbench-").first()
    assert session is not None

    def check() -> None:
        with transaction.atomic():
            budget.check_new_seats({session.pk: 1})

    check_timing = repeat(check, 5)

    ids = list(Enrolment.objects.order_by("pk").values_list("pk", flat=True)[: SLICE[scale]])
    naive_s, naive_queries, naive_sums = _naive(ids)
    set_based = {
        line: [u.committed, u.realised]
        for line, u in budget.usage_by_line(enrolment_ids=ids).items()
        if u.committed or u.realised
    }
    total = sizes["enrolments"]
    naive_full_s = naive_s * total / max(len(ids), 1)

    start = time.perf_counter()
    xlsx = reports.report_xlsx(report)
    xlsx_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    pdf = reports.report_pdf(report)
    pdf_ms = (time.perf_counter() - start) * 1000
    median_s = timing["median_ms"] / 1000
    return {
        **sizes,
        "generate_s": round(generate_s, 2),
        "report": timing,
        "queries": queries,
        "committed_rp": report["totals"].committed,
        "realised_rp": report["totals"].realised,
        "approval_check": check_timing,
        "xlsx_ms": round(xlsx_ms, 1),
        "xlsx_bytes": len(xlsx),
        "pdf_ms": round(pdf_ms, 1),
        "pdf_bytes": len(pdf),
        "baseline": {
            "method": "per enrolment: session line, then program line (2 queries), sum in Python",
            "slice": len(ids),
            "slice_s": round(naive_s, 3),
            "slice_queries": naive_queries,
            "extrapolated_s": round(naive_full_s, 2),
            "extrapolated_queries": naive_queries * total // max(len(ids), 1),
            "agrees_with_set_based": naive_sums == set_based,
        },
        "ratio_baseline_over_set_based": round(naive_full_s / median_s, 1) if median_s else None,
    }
