"""Research data release benchmark (``research_release``).

A city workforce (15,000 employees at ``city`` scale, 40 OPDs of 8 bidang), two rated annual
appraisal years, the JP ledger and completed training in both years. Measured:

* the set-based release (:func:`penata.research.release.build_extract`): every dictionary
  variable over two years, the query count (one per source, independent of the workforce) and
  the time; then writing CSV, Parquet, dictionary and README;
* the disclosure report: rows suppressed for k = 5 and the smallest class;
* against a naive baseline in the same run: per employee, query the JP ledger, the appraisals,
  the talent boxes and the completed training (4 queries), then count each row's
  quasi-identifier combination by scanning the rows (quadratic) — timed on a slice,
  extrapolated to the workforce, and checked to give the same records on the slice.
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
SLICE = {"small": 300, "city": 500, "national": 500}
YEARS = (2024, 2025)
ALL_VARIABLES = [
    "kelompok_usia",
    "jenis_kelamin",
    "opd",
    "kelompok_golongan",
    "status_kepegawaian",
    "jp",
    "capai_20jp",
    "predikat",
    "kotak_talenta",
    "pelatihan",
]


def _generate(n: int, *, seed: int = 17) -> dict[str, int]:
    from bench.workforce_bench import _units
    from penata.core.bulk import insert_rows
    from penata.learning.models import (
        ActivityType,
        Enrolment,
        LedgerEntry,
        TrainingProgram,
        TrainingSession,
    )
    from penata.performance.models import Appraisal, AppraisalPeriod
    from penata.workforce.models import Employee, OrgUnit, Position, Rank

    rng = random.Random(seed)
    _units()
    bidang = list(OrgUnit.objects.filter(kind="bidang").values_list("pk", "opd_id"))
    # PNS ranks weighted like a city workforce: mostly golongan III, then IV and II
    by_code = dict(Rank.objects.filter(kind="pns").values_list("code", "pk"))
    weights = {"II": 20, "III": 55, "IV": 25}
    ranks = [pk for code, pk in by_code.items() for _ in range(weights.get(code.split("/")[0], 0))]
    with transaction.atomic():
        insert_rows(
            Position,
            (
                {
                    "name": f"Pelaksana Bench {u}",
                    "kind": "pelaksana",
                    "functional_level": "",
                    "family": "Pengelola",
                    "class_grade": 7,
                    "org_unit_id": u,
                }
                for u, _o in bidang
            ),
        )
        pos = dict(Position.objects.values_list("org_unit_id", "pk"))
        place = [rng.choice(bidang) for _ in range(n)]
        insert_rows(
            Employee,
            (
                {
                    "nip": f"{197001010000000000 + i:018d}",
                    "name": f"Pegawai Riset {i:06d}",
                    "gender": "L" if rng.random() < 0.5 else "P",
                    "birth_date": dt.date(1966 + rng.randrange(36), 1 + i % 12, 1 + i % 28),
                    "employment_type": "pns",
                    "rank_id": rng.choice(ranks),
                    "position_id": pos[place[i][0]],
                    "org_unit_id": place[i][0],
                    "status": "aktif",
                    "front_title": "",
                    "back_title": "",
                    "birth_place": "Semarang",
                    "major": "",
                    "email": f"riset{i}@semarangkota.go.id",
                    "phone": f"0812{i:08d}",
                    "nik": f"3374{i:012d}",
                }
                for i in range(n)
            ),
        )
        people = list(Employee.objects.values_list("pk", "org_unit_id"))
        opd_of = dict(bidang)
        predikats = ["sangat_baik", "baik", "baik", "baik", "butuh_perbaikan", "kurang"]
        n_appr = 0
        for year in YEARS:
            period = AppraisalPeriod.objects.create(
                year=year, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), status="closed"
            )
            n_appr += insert_rows(
                Appraisal,
                (
                    {
                        "period_id": period.pk,
                        "employee_id": e,
                        "org_unit_id": u,
                        "opd_id": opd_of[u],
                        "status": "final",
                        "hasil_kerja": "sesuai",
                        "perilaku": "sesuai",
                        "predikat": rng.choice(predikats),
                        "rating_note": "",
                        "source": "bench",
                        "version": 1,
                    }
                    for e, u in people
                ),
            )
        kind = ActivityType.objects.order_by("pk").first()
        assert kind is not None
        programs = [
            TrainingProgram.objects.create(
                code=f"rbench-{i}",
                title=f"Pelatihan Riset {i}",
                activity_type=kind,
                jp=12 + 4 * (i % 4),
                provider_kind="bkpp",
            )
            for i in range(20)
        ]
        sessions = []
        for year in YEARS:
            for p in programs:
                sessions.append(
                    (
                        TrainingSession.objects.create(
                            program=p,
                            code=f"rbench-{p.pk}-{year}",
                            starts_on=dt.date(year, 5, 1),
                            ends_on=dt.date(year, 5, 3),
                            capacity=10_000,
                            status="closed",
                        ),
                        p,
                        year,
                    )
                )
        enrol: list[dict[str, Any]] = []
        ledger: list[dict[str, Any]] = []
        for e, _u in people:
            for s, p, year in rng.sample(sessions, rng.choice([0, 1, 1, 2])):
                enrol.append(
                    {
                        "session_id": s.pk,
                        "employee_id": e,
                        "status": "completed",
                        "origin": "nominated",
                        "completed_on": dt.date(year, 5, 3),
                        "jp": p.jp,
                        "version": 1,
                        "reason": "",
                    }
                )
                ledger.append(
                    {
                        "employee_id": e,
                        "year": year,
                        "completed_on": dt.date(year, 5, 3),
                        "jp": p.jp,
                        "activity_type_id": kind.pk,
                        "source": "enrolment",
                        "source_id": len(ledger) + 1,
                        "title": p.title,
                    }
                )
        n_enrol = insert_rows(Enrolment, enrol)
        n_ledger = insert_rows(LedgerEntry, ledger)
    return {
        "employees": len(people),
        "appraisals": n_appr,
        "enrolments": n_enrol,
        "ledger_entries": n_ledger,
    }


def _naive(ids: list[int], key: bytes, k: int) -> tuple[float, int, dict[int, tuple[Any, ...]]]:
    """Per employee: four queries, then a quadratic count of each row's combination."""
    from penata.learning.models import Enrolment, LedgerEntry
    from penata.learning.selectors import activity_caps
    from penata.performance.models import Appraisal
    from penata.research import rules
    from penata.talent.models import TalentBox
    from penata.workforce.models import Employee

    caps = activity_caps()
    ref = dt.date(YEARS[-1], 12, 31)
    out: dict[int, tuple[Any, ...]] = {}
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        emps = list(Employee.objects.filter(pk__in=ids).select_related("org_unit__opd", "rank"))
        rows = []
        for e in emps:
            per_type: dict[tuple[int, int], int] = defaultdict(int)
            for year, t, j in LedgerEntry.objects.filter(employee=e).values_list(
                "year", "activity_type_id", "jp"
            ):
                per_type[(year, t)] += j
            jp: dict[int, int] = defaultdict(int)
            for (year, t), j in per_type.items():
                cap = caps.get(t)
                jp[year] += min(j, cap) if cap is not None else j
            pred = dict(
                Appraisal.objects.filter(employee=e, period__year__in=YEARS).values_list(
                    "period__year", "predikat"
                )
            )
            list(TalentBox.objects.filter(employee=e).values_list("period__year", "box"))
            training = [
                f"{c}@{y}"
                for c, y in sorted(
                    {
                        (c, d.year)
                        for c, d in Enrolment.objects.filter(
                            employee=e, status="completed"
                        ).values_list("session__program__code", "completed_on")
                    }
                )
            ]
            qi = (
                rules.age_band(e.birth_date, ref),
                e.gender,
                e.org_unit.opd.name if e.org_unit.opd else "?",
                rules.golongan_group(
                    e.rank.code if e.rank else None, e.rank.kind if e.rank else None
                ),
                e.employment_type,
            )
            rows.append(
                (
                    e.pk,
                    qi,
                    tuple(jp.get(y, 0) for y in YEARS),
                    tuple(pred.get(y) for y in YEARS),
                    ";".join(training),
                )
            )
        for pk, qi, jp_t, pred_t, tr in rows:
            n = sum(1 for other in rows if other[1] == qi)
            if n >= k:
                out[pk] = (rules.pseudonym(key, pk), *qi, *jp_t, *pred_t, tr)
        elapsed = time.perf_counter() - start
    return elapsed, len(ctx.captured_queries), out


def research_release(*, scale: str) -> dict[str, Any]:
    from penata.research import release, rules

    n = EMPLOYEES[scale]
    start = time.perf_counter()
    sizes = _generate(n)
    generate_s = time.perf_counter() - start
    from penata.core.bulk import analyze

    analyze()
    key = b"bench-key-0123456789abcdef"

    def build() -> release.Extract:
        return release.build_extract(
            variables=ALL_VARIABLES, year_from=YEARS[0], year_to=YEARS[-1], key=key, k=5
        )

    did_vars = ["kelompok_usia", "opd", "kelompok_golongan", "predikat", "pelatihan"]
    did_extract = release.build_extract(
        variables=did_vars, year_from=YEARS[0], year_to=YEARS[-1], key=key, k=5
    )
    with CaptureQueriesContext(connection) as ctx:
        extract = build()
    queries = len(ctx.captured_queries)
    timing = repeat(build, 3)
    start = time.perf_counter()
    file_sizes = release.write_files(990_001, extract, readme="# bench")
    write_ms = (time.perf_counter() - start) * 1000
    assert rules.k_anonymous(
        extract.frame.select(extract.report["quasi_identifiers"]).iter_rows(), 5
    )

    # baseline on a slice: its own k-anonymity is over the slice, so compare the raw records
    from penata.workforce.models import Employee

    ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True)[: SLICE[scale]])
    naive_s, naive_queries, naive_rows = _naive(ids, key, 1)
    raw = release.anonymise(
        release.collect(variables=ALL_VARIABLES, years=list(YEARS)).filter(
            release.pl.col("id").is_in(ids)
        ),
        variables=ALL_VARIABLES,
        years=list(YEARS),
        key=key,
        k=1,
    ).frame
    set_rows = {
        r["pseudonim"]: (
            r["pseudonim"],
            r["kelompok_usia"],
            r["jenis_kelamin"],
            r["opd"],
            r["kelompok_golongan"],
            r["status_kepegawaian"],
            *(r[f"jp_{y}"] for y in YEARS),
            *(r[f"predikat_{y}"] for y in YEARS),
            r["pelatihan"],
        )
        for r in raw.iter_rows(named=True)
    }
    naive_by_pseudonym = {v[0]: v for v in naive_rows.values()}
    mismatches = [p for p in set_rows if set_rows[p] != naive_by_pseudonym.get(p)]
    agrees = not mismatches and len(naive_by_pseudonym) == len(set_rows)
    if mismatches:
        print("mismatch", set_rows[mismatches[0]], naive_by_pseudonym.get(mismatches[0]))
    # the per-row part scales linearly, the combination count quadratically
    per_row = naive_s / max(len(ids), 1)
    naive_full_s = per_row * n
    median_s = timing["median_ms"] / 1000
    return {
        **sizes,
        "generate_s": round(generate_s, 2),
        "release": timing,
        "queries": queries,
        "all_variables": {
            k_: extract.report[k_]
            for k_ in ("rows_out", "suppressed", "suppressed_share", "classes", "min_class")
        },
        "did_variables": {
            "variables": did_vars,
            **{
                k_: did_extract.report[k_]
                for k_ in ("rows_out", "suppressed", "suppressed_share", "classes", "min_class")
            },
        },
        "write_files_ms": round(write_ms, 1),
        "file_bytes": file_sizes,
        "baseline": {
            "method": "per employee: ledger, appraisals, talent boxes, training (4 queries); "
            "quadratic combination count",
            "slice": len(ids),
            "slice_s": round(naive_s, 3),
            "slice_queries": naive_queries,
            "extrapolated_s_linear_lower_bound": round(naive_full_s, 2),
            "extrapolated_queries": naive_queries * n // max(len(ids), 1),
            "agrees_with_set_based": agrees,
        },
        "ratio_baseline_over_set_based": round(naive_full_s / median_s, 1) if median_s else None,
    }
