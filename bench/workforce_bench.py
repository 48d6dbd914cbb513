"""Registry benchmarks: the roster import against baselines, and the employee list page.

* ``roster_import``: a fresh import of an N-row roster (100,000 at city scale) and the unchanged
  re-import, against (a) the naive baseline that calls ``update_or_create`` per row — measured on
  a slice, since at ~200 rows/s it would take minutes — and (b) on PostgreSQL, raw ``COPY`` of
  the same file into a text table, the ceiling the import is compared with (aim: ≥ 1/4).
* ``employee_list_page``: the list page over N employees: query count (must not grow with N)
  and server time, against a bare ``healthz`` request in the same run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time
from typing import Any

from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat

ROWS = {"small": 5_000, "city": 100_000, "national": 1_000_000}
BASELINE_ROWS = {"small": 500, "city": 2_000, "national": 2_000}


def _units() -> list[str]:
    from penata.workforce.models import OrgUnit
    from penata.workforce.services import org_units_load_tree

    if not OrgUnit.objects.exists():
        tree = [
            {
                "code": f"opd-{i}",
                "name": f"Dinas Bench {i}",
                "kind": "dinas",
                "children": [
                    {
                        "code": f"opd-{i}-b{j}",
                        "name": f"Bidang {j} Dinas Bench {i}",
                        "kind": "bidang",
                    }
                    for j in range(8)
                ],
            }
            for i in range(40)
        ]
        with transaction.atomic():
            org_units_load_tree(actor=None, units=tree)
    return list(OrgUnit.objects.filter(kind="bidang").values_list("name", flat=True))


def make_roster(n: int, *, seed: int = 7) -> bytes:
    """A valid synthetic roster of ``n`` PNS rows (unique NIPs consistent with the other fields)."""
    from penata.workforce import rules
    from penata.workforce.roster import COLUMNS

    rng = random.Random(seed)
    units = _units()
    golongan = ["II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    seq: dict[tuple[str, int, int, str], int] = {}
    for i in range(n):
        birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 36))
        tmt_year = birth.year + rng.randint(19, 30)
        tmt_year = min(tmt_year, 2024)
        tmt_month = rng.randint(1, 12)
        gender = rules.Gender.MALE if rng.random() < 0.45 else rules.Gender.FEMALE
        key = (birth.isoformat(), tmt_year, tmt_month, gender)
        seq[key] = seq.get(key, 0) + 1
        nip = rules.build_nip(
            birth_date=birth,
            tmt_year=tmt_year,
            tmt_month=tmt_month,
            gender=gender,
            sequence=seq[key],
        )
        writer.writerow(
            [
                nip,
                f"Pegawai Bench {i}",
                "",
                "S.E.",
                str(gender),
                "Semarang",
                birth.strftime("%d-%m-%Y"),
                "PNS",
                rng.choice(golongan),
                "01-04-2020",
                "Analis Kebijakan",
                "Fungsional Ahli Muda",
                rng.choice(units),
                "S1",
                "Administrasi Publik",
                f"01-{tmt_month:02d}-{tmt_year}",
                f"pegawai{i}@semarangkota.go.id",
                f"08{rng.randrange(10**9, 10**10)}",
                "",
            ]
        )
    return buf.getvalue().encode()


def _clear_registry() -> None:
    from penata.core.models import AuditEvent
    from penata.workforce.models import Employee, Position, PositionHistory, RankHistory

    with connection.cursor() as cursor:
        for model in (PositionHistory, RankHistory, Employee, Position, AuditEvent):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")


def _baseline_rows_per_s(data: bytes, limit: int) -> float:
    """The naive import: parse each row and ``update_or_create`` it, one query (or more) per row."""
    from penata.workforce import rules
    from penata.workforce.models import EducationLevel, Employee, OrgUnit, Rank

    units = {u.name: u for u in OrgUnit.objects.all()}
    ranks = {r.code: r for r in Rank.objects.filter(kind="pns")}
    s1 = EducationLevel.objects.get(code="s1")
    rows = list(csv.DictReader(io.StringIO(data.decode())))[:limit]
    start = time.perf_counter()
    for row in rows:
        with transaction.atomic():
            Employee.objects.update_or_create(
                nip=rules.clean_nip(row["nip"]),
                defaults={
                    "name": row["nama"],
                    "gender": row["jenis_kelamin"],
                    "birth_date": rules.parse_date(row["tanggal_lahir"]),
                    "employment_type": "pns",
                    "rank": ranks[rules.normalise_golongan(row["golongan"])],
                    "education": s1,
                    "org_unit": units[row["unit_kerja"]],
                    "email": row["email"],
                    "phone": row["telepon"],
                },
            )
    return len(rows) / (time.perf_counter() - start)


def _raw_copy_rows_per_s(data: bytes) -> float | None:
    """PostgreSQL ``COPY`` of the same CSV into an all-text table: the ceiling."""
    if connection.vendor != "postgresql":
        return None
    from penata.workforce.roster import COLUMNS

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_roster")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_raw_roster ("
            + ", ".join(f"{c} text" for c in COLUMNS)
            + ")"
        )
        start = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_raw_roster FROM STDIN (FORMAT csv, HEADER true)"
        ) as copy:
            copy.write(data)
        elapsed = time.perf_counter() - start
        cursor.execute("SELECT count(*) FROM bench_raw_roster")
        n = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_raw_roster")
    return n / elapsed


def roster_import(*, scale: str) -> dict[str, Any]:
    from penata.workforce.roster import roster_import as do_import

    n = ROWS[scale]
    _clear_registry()
    data = make_roster(n)
    copy_rate = _raw_copy_rows_per_s(data)

    start = time.perf_counter()
    fresh = do_import(actor=None, data=data, filename="bench.csv")
    t_fresh = time.perf_counter() - start
    assert fresh.rejected == 0 and fresh.created == n, fresh.as_dict()["errors"][:3]

    start = time.perf_counter()
    again = do_import(actor=None, data=data, filename="bench.csv")
    t_again = time.perf_counter() - start
    assert again.unchanged == n

    _clear_registry()
    baseline = _baseline_rows_per_s(data, BASELINE_ROWS[scale])
    _clear_registry()
    do_import(actor=None, data=data, filename="bench.csv")  # leave the data for the page bench

    fresh_rate = n / t_fresh
    result: dict[str, Any] = {
        "rows": n,
        "fresh_import_s": round(t_fresh, 2),
        "fresh_rows_per_s": round(fresh_rate),
        "unchanged_reimport_s": round(t_again, 2),
        "unchanged_rows_per_s": round(n / t_again),
        "baseline_update_or_create_rows_per_s": round(baseline),
        "baseline_rows_measured": BASELINE_ROWS[scale],
        "ratio_fresh_to_baseline": round(fresh_rate / baseline, 1),
        "ratio_unchanged_to_baseline": round((n / t_again) / baseline, 1),
        "note": "the fresh import validates every field and writes employees, positions, rank and "
        "position history and one audit event per employee in one transaction",
    }
    if copy_rate:
        result["raw_copy_rows_per_s"] = round(copy_rate)
        result["ratio_fresh_to_raw_copy"] = round(fresh_rate / copy_rate, 3)
        result["aim_ratio_to_raw_copy"] = 0.25
    return result


def employee_list_page(*, scale: str) -> dict[str, Any]:
    from penata.core.models import User
    from penata.workforce.models import Employee

    if Employee.objects.count() < ROWS[scale]:
        _clear_registry()
        from penata.workforce.roster import roster_import as do_import

        do_import(actor=None, data=make_roster(ROWS[scale]), filename="bench.csv")
    user, _ = User.objects.get_or_create(username="bench-bkpp", defaults={"role": "bkpp"})
    client = Client()
    client.force_login(user)
    urls = [
        "/pegawai/",
        "/pegawai/?page=100",
        "/pegawai/?q=Bench%201&sort=-name",
        "/pegawai/?sort=rank",
    ]
    counts = {}
    for url in urls:
        reset_queries()  # the query log is capped: start each capture from empty
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        counts[url] = len(ctx.captured_queries)
    page = repeat(lambda: client.get("/pegawai/"), 10)
    filtered = repeat(lambda: client.get("/pegawai/?q=Bench%2012&sort=-name"), 10)
    baseline = repeat(lambda: client.get("/healthz"), 10)
    return {
        "employees": Employee.objects.count(),
        "queries": counts,
        "constant_query_count": len(set(counts.values())) == 1,
        "list_page": page,
        "search_page": filtered,
        "baseline_healthz": baseline,
        "ratio_list_to_healthz_median": round(
            page["median_ms"] / max(baseline["median_ms"], 0.01), 1
        ),
    }
