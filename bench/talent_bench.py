"""Talent map benchmark (``talent_map``).

N ASN (15,000 at city scale, 1,000,000 at national scale) with a FINAL SKP in one period and a
current potential score, generated set-based with ``insert_rows``. Measured in the same run on
the same data:

* the set-based map (:func:`penata.talent.services.talent_map_compute`: delete + one
  ``INSERT … SELECT … CASE`` per slice of employee ids), time and query count;
* the baseline: load each person's appraisal and potential through the ORM and ``save()`` a
  ``TalentBox`` per person (the loop the issue forbids), timed on up to ``BASELINE_SLICE``
  people and extrapolated to N; its boxes are checked equal to the set-based ones.

The ratio is baseline / set-based.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

EMPLOYEES = {"small": 1_500, "city": 15_000, "national": 1_000_000}
BASELINE_SLICE = {"small": 1_500, "city": 15_000, "national": 20_000}
PREDIKATS = ["sangat_baik"] * 10 + ["baik"] * 70 + ["butuh_perbaikan"] * 15 + ["kurang"] * 5
RATINGS = {
    "sangat_baik": ("di_atas", "di_atas"),
    "baik": ("sesuai", "sesuai"),
    "butuh_perbaikan": ("di_bawah", "sesuai"),
    "kurang": ("di_bawah", "di_bawah"),
}


def _clear() -> None:
    from penata.learning import models as lm
    from penata.performance.models import Appraisal, AppraisalPeriod, PlannedResult
    from penata.talent.models import PotentialScore, TalentBox, TalentMapRun
    from penata.workforce.models import Employee, Position, PositionHistory, RankHistory

    order = (
        TalentBox,
        TalentMapRun,
        PotentialScore,
        PlannedResult,
        Appraisal,
        AppraisalPeriod,
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
        if connection.vendor == "postgresql":
            # One TRUNCATE: a DELETE of a million employees checks every referencing foreign key
            # row by row (tens of minutes). CASCADE empties the tables that reference these —
            # this is the bench database, dropped and created by ``python -m bench``.
            names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in order)
            cursor.execute(f"TRUNCATE {names} CASCADE")
            return
        for model in order:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def load_final_appraisals_and_scores(
    period_id: int, opd_of: dict[int, int | None], rng: random.Random
) -> None:
    """Give every employee one FINAL appraisal in ``period_id`` (predikat drawn from
    ``PREDIKATS``) and one current potential score, set-based (``insert_rows``: ``COPY`` on
    PostgreSQL). Shared by this benchmark and the scaling benchmark; call inside a transaction.
    """
    from penata.core.bulk import insert_rows
    from penata.performance.models import Appraisal
    from penata.talent import rules
    from penata.talent.models import PotentialScore, TalentSettings
    from penata.workforce.models import Employee

    cfg = TalentSettings.current()
    # Materialised: on PostgreSQL a server-side cursor cannot be read on the connection that is
    # running the COPY of the rows it feeds.
    people = list(Employee.objects.values_list("pk", "org_unit_id"))

    def appraisals() -> Any:
        for pk, unit in people:
            p = rng.choice(PREDIKATS)
            hk, pl = RATINGS[p]
            yield {
                "period_id": period_id,
                "employee_id": pk,
                "appraiser_id": None,
                "org_unit_id": unit,
                "opd_id": opd_of.get(unit),
                "status": "final",
                "hasil_kerja": hk,
                "perilaku": pl,
                "predikat": p,
                "rating_note": "",
                "source": "bench",
                "version": 1,
            }

    insert_rows(Appraisal, appraisals())

    def scores() -> Any:
        for pk, _unit in people:
            s = Decimal(rng.randint(4000, 9800)) / 100
            yield {
                "employee_id": pk,
                "assessed_on": dt.date(2025, 6, 1),
                "competency_score": s,
                "potential_test_score": s,
                "track_record_score": s,
                "score": s,
                "level": rules.potential_level(s, cut_high=cfg.cut_high, cut_mid=cfg.cut_mid).value,
                "weights": cfg.as_dict(),
                "is_current": True,
                "note": "",
                "recorded_by_id": None,
            }

    insert_rows(PotentialScore, scores())


def _generate(n: int, *, seed: int = 13) -> int:
    from bench.workforce_bench import _units
    from penata.core.bulk import insert_rows
    from penata.performance.models import AppraisalPeriod
    from penata.workforce.models import EducationLevel, Employee, OrgUnit, Position, Rank

    rng = random.Random(seed)
    _units()
    bidang = list(OrgUnit.objects.filter(kind="bidang").values_list("pk", "opd_id"))
    ranks = list(Rank.objects.filter(kind="pns", order__gte=9).values_list("pk", flat=True))
    edu = EducationLevel.objects.filter(code="s1").values_list("pk", flat=True).first()
    with transaction.atomic():
        insert_rows(
            Position,
            (
                {
                    "name": f"Analis Bench {u}",
                    "kind": "pelaksana",
                    "functional_level": "",
                    "family": "",
                    "class_grade": 7,
                    "org_unit_id": u,
                    "formasi": 10,
                    "is_key": False,
                }
                for u, _o in bidang
            ),
        )
        positions = list(Position.objects.values_list("pk", "org_unit_id"))
        insert_rows(
            Employee,
            (
                {
                    "nip": f"{198001010000000000 + i:018d}",
                    "name": f"Pegawai Bench {i:07d}",
                    "gender": "L" if i % 2 else "P",
                    "birth_date": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                    "employment_type": "pns",
                    "position_id": pos,
                    "org_unit_id": unit,
                    "status": "aktif",
                    "rank_id": ranks[i % len(ranks)] if ranks else None,
                    "rank_tmt": dt.date(2016 + i % 9, 1 + i % 12, 1),
                    "education_id": edu,
                    "retirement_date": dt.date(2030 + i % 20, 1, 1),
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
        period = AppraisalPeriod.objects.create(
            year=2025, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), status="closed"
        )
        load_final_appraisals_and_scores(period.pk, dict(bidang), rng)
    from penata.core.bulk import analyze

    analyze()  # planner statistics after the bulk load, as a live database has them
    return period.pk


def _baseline(period_id: int, limit: int) -> tuple[float, dict[int, int]]:
    """Per person: load the appraisal, the employee, the potential; compute; save()."""
    from django.utils import timezone

    from penata.performance.models import Appraisal
    from penata.talent import rules
    from penata.talent.models import PotentialScore, TalentBox

    TalentBox.objects.filter(period_id=period_id).delete()
    start = time.perf_counter()
    boxes: dict[int, int] = {}
    ids = list(
        Appraisal.objects.filter(period_id=period_id, status="final")
        .order_by("employee_id")
        .values_list("pk", flat=True)[:limit]
    )
    with transaction.atomic():
        for pk in ids:
            a = Appraisal.objects.select_related("employee", "employee__position").get(pk=pk)
            pot = PotentialScore.objects.filter(employee_id=a.employee_id, is_current=True).first()
            if pot is None:
                continue
            box = rules.talent_box(rules.performance_level(a.predikat), pot.level)
            TalentBox(
                period_id=period_id,
                employee_id=a.employee_id,
                opd_id=a.opd_id,
                org_unit_id=a.employee.org_unit_id,
                rank_id=a.employee.rank_id,
                position_kind=a.employee.position.kind if a.employee.position else "",
                predikat=a.predikat,
                performance_level=rules.performance_level(a.predikat).value,
                potential_level=pot.level,
                potential_score=pot.score,
                box=box,
                computed_at=timezone.now(),
            ).save()
            boxes[a.employee_id] = box
    return time.perf_counter() - start, boxes


def talent_map(scale: str = "city") -> dict[str, Any]:
    from penata.talent.models import TalentBox
    from penata.talent.services import talent_map_compute

    n = EMPLOYEES[scale]
    _clear()
    t0 = time.perf_counter()
    period_id = _generate(n)
    generate_s = time.perf_counter() - t0

    slice_n = min(n, BASELINE_SLICE[scale])
    base_s, base_boxes = _baseline(period_id, slice_n)
    baseline_extrapolated = base_s * n / slice_n

    connection.queries_log.clear()  # the baseline filled the bounded log: count from empty
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        counts = talent_map_compute(period_id=period_id)
        set_s = time.perf_counter() - t0
    mapped = sum(counts.values())
    got = dict(
        TalentBox.objects.filter(employee_id__in=list(base_boxes)[:5000]).values_list(
            "employee_id", "box"
        )
    )
    same = all(got[e] == b for e, b in base_boxes.items() if e in got)
    return {
        "employees": n,
        "generate_s": round(generate_s, 2),
        "set_based_s": round(set_s, 3),
        "set_based_rows_per_s": round(mapped / set_s) if set_s else None,
        "set_based_queries": len(ctx.captured_queries),
        "mapped": mapped,
        "counts": {str(k): v for k, v in sorted(counts.items())},
        "baseline_people": slice_n,
        "baseline_s": round(base_s, 3),
        "baseline_rows_per_s": round(slice_n / base_s) if base_s else None,
        "baseline_extrapolated_s": round(baseline_extrapolated, 2),
        "baseline_extrapolated": slice_n < n,
        "ratio": round(baseline_extrapolated / set_s, 1) if set_s else None,
        "same_boxes_as_baseline": same,
    }


def vacancy_ranking(scale: str = "city") -> dict[str, Any]:
    """Rank every active PNS (15,000 at city and national scale) for one vacancy: eligibility
    facts, merit parts and the write of one candidate row each, in a fixed number of queries.
    Baseline in the same run: the naive per-candidate gathering (one query per fact per person)
    timed on a slice and extrapolated."""
    from penata.performance.models import Appraisal
    from penata.talent import ranking
    from penata.talent.models import DisciplinarySanction, PotentialScore
    from penata.workforce.models import Employee, Position

    n = EMPLOYEES[scale] if scale != "national" else 15_000
    _clear()
    _generate(n)
    pos = Position.objects.order_by("pk").first()
    assert pos is not None
    v = ranking.vacancy_create(
        actor=None, position=pos, title="Bench", as_of=dt.date(2026, 3, 1), predikat_years=1
    )
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        summary = ranking.vacancy_rank(actor=None, vacancy=v)
        set_s = time.perf_counter() - t0
    slice_n = min(n, 2_000)
    t0 = time.perf_counter()
    for e in Employee.objects.order_by("pk")[:slice_n]:
        list(Appraisal.objects.filter(employee=e, status="final").values_list("predikat"))
        DisciplinarySanction.objects.filter(employee=e).exists()
        PotentialScore.objects.filter(employee=e, is_current=True).first()
    naive_s = (time.perf_counter() - t0) * n / slice_n
    return {
        "candidates": summary["candidates"],
        "eligible": summary["eligible"],
        "ranking_s": round(set_s, 3),
        "ranking_queries": len(ctx.captured_queries),
        "naive_fact_queries_extrapolated_s": round(naive_s, 2),
        "naive_slice": slice_n,
        "ratio": round(naive_s / set_s, 1) if set_s else None,
    }
