"""How the costs grow from a city to a province to the nation (``scaling``).

One data set per scale, loaded by the real seeder (:func:`penata.workforce.demo.seed_demo`,
workforce only: units, positions, employees, rank and position history, written with ``COPY``
on PostgreSQL; above 20,000 people the rest are resampled from the first 20,000 with fresh
identities and streamed in chunks of 100,000): small 1,500, city 15,000 (Kota
Semarang), province 1,000,000, national 6,000,000 ASN. On that data, in the same run:

* ``seed``: employees/s and all rows/s of the seeder, against raw ``COPY`` of the same employee
  rows (``COPY … TO`` a file, then ``COPY … FROM`` it into a bare table with no index, and into
  a table with the same indexes): the ceiling, and what the indexes cost;
* ``list_page``: the roster as BKPP (every employee): first page, a deep page, a name search,
  sorted by rank; query count (must not grow with N) and server time, against ``/healthz``;
* ``talent_map``: the set-based 9-box map of every employee (one FINAL SKP and one current
  potential score each, generated set-based first);
* ``import``: a roster file of 10,000 rows (new and existing NIPs) imported into a registry of
  N, then the unchanged re-import.

``PENATA_BENCH_SEED_ONLY=1`` stops after the seed (6,000,000 on a small machine). Every run
merges its result into ``bench/results/scaling.json`` (by scale) and rewrites the table
``bench/results/scaling.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat

EMPLOYEES = {"small": 1_500, "city": 15_000, "province": 1_000_000, "national": 6_000_000}
IMPORT_ROWS = {"small": 1_000, "city": 10_000, "province": 10_000, "national": 10_000}
RESULTS = Path(__file__).resolve().parent / "results"
TODAY = dt.date(2026, 6, 1)


def _clear() -> None:
    """Empty the registry and what hangs on it (the bench database is throwaway)."""
    from penata.workforce.models import Employee

    if not Employee.objects.exists():
        return
    if connection.vendor != "postgresql":
        raise SystemExit("scaling: start from an empty database on SQLite")
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE workforce_employee, workforce_position, workforce_rankhistory, "
            "workforce_positionhistory, core_auditevent CASCADE"
        )


def _seed(n: int) -> dict[str, Any]:
    from penata.workforce import demo
    from penata.workforce.models import Employee

    _clear()
    marks: list[tuple[int, float]] = []
    t0 = time.perf_counter()

    def progress(done: int, total: int) -> None:
        marks.append((done, round(time.perf_counter() - t0, 1)))
        print(f"   seed: {done:,} / {total:,} ({marks[-1][1]} s)", flush=True)

    result = demo.seed_demo(employees=n, seed=demo.DEFAULT_SEED, today=TODAY, progress=progress)
    seconds = time.perf_counter() - t0
    rows = result.employees + result.positions + result.rank_history + result.position_history
    out: dict[str, Any] = {
        "employees": result.employees,
        "positions": result.positions,
        "rank_history": result.rank_history,
        "position_history": result.position_history,
        "seconds": round(seconds, 1),
        "employees_per_s": round(result.employees / seconds),
        "all_rows_per_s": round(rows / seconds),
        "batches": marks,
        # after the first batch (units, demo accounts, structural posts): the marginal rate
        "steady_employees_per_s": round(
            (marks[-1][0] - marks[0][0]) / max(0.001, marks[-1][1] - marks[0][1])
        )
        if len(marks) > 1
        else None,
        "what": "generation in Python (names, NIP/NIK, ranks, history) and COPY of every row, "
        "one transaction",
    }
    assert Employee.objects.count() == n
    if connection.vendor == "postgresql":
        out["raw_copy"] = _raw_copy()
        ceiling = out["raw_copy"]["bare_table_rows_per_s"]
        out["ratio_seed_employees_to_raw_copy_bare"] = round(out["employees_per_s"] / ceiling, 3)
        out["ratio_seed_employees_to_raw_copy_indexed"] = round(
            out["employees_per_s"] / out["raw_copy"]["indexed_table_rows_per_s"], 3
        )
    return out


def _raw_copy() -> dict[str, Any]:
    """``COPY`` the employee rows out to a file, then in again: into a bare table (no index,
    no constraint: the ceiling) and into a table with the same indexes and constraints."""
    fd, name = tempfile.mkstemp(prefix="penata-employees-", suffix=".copy")
    os.close(fd)
    path = Path(name)
    try:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            t0 = time.perf_counter()
            with path.open("wb") as fh, raw.copy("COPY workforce_employee TO STDOUT") as copy:
                for chunk in copy:
                    fh.write(chunk)
            out_s = time.perf_counter() - t0
            size = path.stat().st_size
            result: dict[str, Any] = {
                "file_mb": round(size / 2**20, 1),
                "copy_out_s": round(out_s, 1),
            }
            for label, like in (("bare_table", ""), ("indexed_table", " INCLUDING ALL")):
                cursor.execute("DROP TABLE IF EXISTS bench_raw_employee")
                cursor.execute(f"CREATE TABLE bench_raw_employee (LIKE workforce_employee{like})")
                t0 = time.perf_counter()
                with path.open("rb") as fh, raw.copy("COPY bench_raw_employee FROM STDIN") as copy:
                    while chunk := fh.read(1 << 20):
                        copy.write(chunk)
                seconds = time.perf_counter() - t0
                cursor.execute("SELECT count(*) FROM bench_raw_employee")
                n = cursor.fetchone()[0]
                result[f"{label}_s"] = round(seconds, 1)
                result[f"{label}_rows_per_s"] = round(n / seconds)
            cursor.execute("DROP TABLE bench_raw_employee")
    finally:
        path.unlink(missing_ok=True)
    return result


def _list_page(n: int) -> dict[str, Any]:
    from penata.core.models import User
    from penata.workforce.models import Employee

    user, _ = User.objects.get_or_create(username="bench-bkpp", defaults={"role": "bkpp"})
    client = Client()
    client.force_login(user)
    probe = Employee.objects.filter(
        pk=Employee.objects.order_by("pk").values("pk")[n // 2 : n // 2 + 1]
    )
    surname = (probe.values_list("name", flat=True).first() or "Sri").split(" ")[-1]
    pages = max(1, n // 50)
    urls = {
        "first": "/pegawai/",
        "deep": f"/pegawai/?page={min(pages, 100)}",
        "search": f"/pegawai/?q={surname}",
        "sort_rank": "/pegawai/?sort=rank",
    }
    counts = {}
    for key, url in urls.items():
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        counts[key] = len(ctx.captured_queries)
    runs = 5 if n >= 1_000_000 else 10
    out: dict[str, Any] = {"queries": counts, "search_term": surname}
    for key, url in urls.items():
        out[key] = repeat(lambda url=url: client.get(url), runs)
    out["baseline_healthz"] = repeat(lambda: client.get("/healthz"), runs)
    # The rank sort, as the query of one page: through rank_id and the (rank, name, nip) index
    # (what the page runs while the ranks' ids follow their order), against the join on the
    # rank's (kind, order) (what it ran before; the fallback), in the same run.
    from penata.workforce.filters import SORTS, order_for

    def first_page(fields: Any) -> None:
        list(Employee.objects.order_by(*fields).values_list("pk", flat=True)[:50])

    by_id = repeat(lambda: first_page(order_for("rank")), runs)
    by_join = repeat(lambda: first_page(SORTS["rank"]), runs)
    out["sort_rank_query"] = {
        "fields": order_for("rank"),
        "rank_id_index": by_id,
        "join_baseline": by_join,
        "ratio": round(by_join["median_ms"] / by_id["median_ms"], 1)
        if by_id["median_ms"]
        else None,
    }
    if connection.vendor == "postgresql":
        # how PostgreSQL answers the name search (the first plan lines)
        out["plans"] = {
            "search": Employee.objects.filter(name__icontains=surname)
            .order_by("name")[:50]
            .explain()
            .splitlines()[:4],
            "sort_rank": Employee.objects.order_by(*order_for("rank"))[:50]
            .explain()
            .splitlines()[:3],
        }
    return out


def _talent(n: int) -> dict[str, Any]:
    from bench.talent_bench import load_final_appraisals_and_scores
    from penata.core.bulk import analyze
    from penata.performance.models import Appraisal, AppraisalPeriod
    from penata.talent.models import PotentialScore, TalentBox
    from penata.talent.services import talent_map_compute
    from penata.workforce.models import OrgUnit

    rng = random.Random(13)
    opd_of = dict(OrgUnit.objects.values_list("pk", "opd_id"))
    t0 = time.perf_counter()
    with transaction.atomic():
        period = AppraisalPeriod.objects.create(
            year=2025, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), status="closed"
        )
        load_final_appraisals_and_scores(period.pk, opd_of, rng)
    generate_s = time.perf_counter() - t0
    analyze(Appraisal, PotentialScore)
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        counts = talent_map_compute(period_id=period.pk)
        seconds = time.perf_counter() - t0
    mapped = sum(counts.values())
    assert mapped == n, (mapped, n)
    assert TalentBox.objects.filter(period_id=period.pk).count() == n
    return {
        "generate_appraisals_and_scores_s": round(generate_s, 1),
        "compute_s": round(seconds, 2),
        "rows_per_s": round(mapped / seconds) if seconds else None,
        "queries": len(ctx.captured_queries),
        "mapped": mapped,
    }


def _import(rows: int) -> dict[str, Any]:
    from bench.workforce_bench import make_roster
    from penata.workforce.roster import roster_import

    data = make_roster(rows, seed=11)
    t0 = time.perf_counter()
    fresh = roster_import(actor=None, data=data, filename="bench.csv")
    fresh_s = time.perf_counter() - t0
    assert fresh.rejected == 0, fresh.as_dict()["errors"][:3]
    t0 = time.perf_counter()
    again = roster_import(actor=None, data=data, filename="bench.csv")
    again_s = time.perf_counter() - t0
    return {
        "rows": rows,
        "created": fresh.created,
        "updated": fresh.updated,
        "fresh_s": round(fresh_s, 2),
        "fresh_rows_per_s": round(rows / fresh_s),
        "unchanged_reimport_s": round(again_s, 2),
        "unchanged_rows_per_s": round(rows / again_s),
        "unchanged": again.unchanged,
    }


def _db_size() -> dict[str, Any] | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "pg_total_relation_size('workforce_employee'), "
            "pg_indexes_size('workforce_employee')"
        )
        db, emp, idx = cursor.fetchone()
    return {
        "database_mb": round(db / 2**20),
        "employee_table_with_indexes_mb": round(emp / 2**20),
        "employee_indexes_mb": round(idx / 2**20),
    }


def scaling(*, scale: str) -> dict[str, Any]:
    """Seed, then each part in turn; the figures are merged into the results after every part
    (``finished`` false until the last), so a run stopped half-way keeps what it measured."""
    from penata.core.bulk import analyze

    n = EMPLOYEES[scale]
    seed_only = os.environ.get("PENATA_BENCH_SEED_ONLY", "") not in ("", "0")
    print(f"   seeding {n:,} employees", flush=True)
    result: dict[str, Any] = {
        "employees": n,
        "seed_only": seed_only,
        "finished": False,
        "seed": _seed(n),
    }
    analyze()
    result["size"] = _db_size()
    _merge(scale, result)
    if not seed_only:
        parts = (
            ("list_page", "list page, search", lambda: _list_page(n)),
            ("talent_map", "talent map", lambda: _talent(n)),
            ("import", "import", lambda: _import(IMPORT_ROWS[scale])),
        )
        for key, label, run in parts:
            print(f"   {label}", flush=True)
            result[key] = run()
            result["size"] = _db_size()
            _merge(scale, result)
    result["finished"] = True
    _merge(scale, result)
    return result


# --- the table -----------------------------------------------------------------------------------


def _merge(scale: str, result: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "scaling.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    entry = dict(result)
    entry["database"] = connection.vendor
    entry["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    entry["cpus"] = os.cpu_count()
    if (
        entry.get("seed_only")
        and scale in data
        and not data[scale].get("seed_only")
        and data[scale].get("finished", True)
    ):
        kept = dict(data[scale])
        kept["seed"] = entry["seed"]
        entry = kept
    data[scale] = entry
    path.write_text(json.dumps(data, indent=2, default=str))
    (RESULTS / "scaling.md").write_text(table(data))


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


GROWTH_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("seed: seconds", ("seed", "seconds")),
    ("list page, first", ("list_page", "first", "median_ms")),
    ("list page, page 100", ("list_page", "deep", "median_ms")),
    ("list page, sorted by rank", ("list_page", "sort_rank", "median_ms")),
    ("name search", ("list_page", "search", "median_ms")),
    ("talent map", ("talent_map", "compute_s")),
    ("import 10,000 rows", ("import", "fresh_s")),
    ("unchanged re-import", ("import", "unchanged_reimport_s")),
]


def _growth(data: dict[str, Any], order: list[str]) -> list[str]:
    """How each cost grows against the city: the factor on the time beside the factor on the
    people (linear growth: the two are equal; flat: the time factor stays near 1)."""
    if "city" not in order or len(order) < 2:
        return []
    city = data["city"]
    bigger = [s for s in order if s not in ("small", "city")]
    if not bigger:
        return []
    lines = [
        "",
        "How each cost grows against the city (time at that scale ÷ time at the city; "
        "“people ×” is the growth of the registry):",
        "",
        "| measure | " + " | ".join(f"{s} ×" for s in bigger) + " |",
        "|---|" + "---:|" * len(bigger),
        "| people × | "
        + " | ".join(
            "—" if not city.get("employees") else f"{data[s]['employees'] / city['employees']:,.0f}"
            for s in bigger
        )
        + " |",
    ]
    for label, keys in GROWTH_ROWS:
        base = _get(city, *keys)
        cells = []
        for s in bigger:
            v = _get(data[s], *keys)
            cells.append("—" if v is None or not base else f"{v / base:,.1f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def table(data: dict[str, Any]) -> str:
    order = [s for s in ("small", "city", "province", "national") if s in data]
    rows: list[tuple[str, tuple[str, ...], str]] = [
        ("employees", ("employees",), "{:,}"),
        ("seed: seconds", ("seed", "seconds"), "{:,}"),
        ("seed: employees/s", ("seed", "employees_per_s"), "{:,}"),
        ("seed: employees/s after the first batch", ("seed", "steady_employees_per_s"), "{:,}"),
        ("seed: all rows/s (with positions, history)", ("seed", "all_rows_per_s"), "{:,}"),
        ("raw COPY, bare table: rows/s", ("seed", "raw_copy", "bare_table_rows_per_s"), "{:,}"),
        (
            "raw COPY, same indexes: rows/s",
            ("seed", "raw_copy", "indexed_table_rows_per_s"),
            "{:,}",
        ),
        ("seed ÷ raw COPY (bare)", ("seed", "ratio_seed_employees_to_raw_copy_bare"), "{}"),
        ("database size, MB", ("size", "database_mb"), "{:,}"),
        ("list page, first: median ms", ("list_page", "first", "median_ms"), "{}"),
        ("list page, page 100: median ms", ("list_page", "deep", "median_ms"), "{}"),
        ("list page, sorted by rank: median ms", ("list_page", "sort_rank", "median_ms"), "{}"),
        (
            "rank sort query via rank_id index: median ms",
            ("list_page", "sort_rank_query", "rank_id_index", "median_ms"),
            "{}",
        ),
        (
            "rank sort query via the join (baseline): median ms",
            ("list_page", "sort_rank_query", "join_baseline", "median_ms"),
            "{}",
        ),
        ("name search: median ms", ("list_page", "search", "median_ms"), "{}"),
        ("list page queries", ("list_page", "queries", "first"), "{}"),
        ("healthz (baseline): median ms", ("list_page", "baseline_healthz", "median_ms"), "{}"),
        ("talent map: seconds", ("talent_map", "compute_s"), "{}"),
        ("talent map: rows/s", ("talent_map", "rows_per_s"), "{:,}"),
        ("talent map: queries", ("talent_map", "queries"), "{}"),
        ("import 10,000 rows: seconds", ("import", "fresh_s"), "{}"),
        ("import: rows/s", ("import", "fresh_rows_per_s"), "{:,}"),
        ("unchanged re-import: seconds", ("import", "unchanged_reimport_s"), "{}"),
    ]
    lines = [
        "# Scaling: city → province → nation",
        "",
        "Written by `make bench SCALE=… ONLY=scaling` (bench/scaling_bench.py); "
        "the JSON is bench/results/scaling.json. “—” = not measured at that scale.",
        "",
        "| measure | " + " | ".join(order) + " |",
        "|---|" + "---:|" * len(order),
    ]
    for label, keys, fmt in rows:
        cells = []
        for s in order:
            v = _get(data[s], *keys)
            cells.append("—" if v is None else fmt.format(v))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += _growth(data, order)
    meta = ", ".join(
        f"{s}: {data[s].get('database')} {data[s].get('when')}"
        + ("" if data[s].get("finished", True) else " (unfinished: parts so far)")
        for s in order
    )
    lines += ["", f"Runs: {meta}.", ""]
    return "\n".join(lines)
