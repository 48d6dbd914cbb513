"""Run the benchmarks on a throwaway database and write JSON results.

Each benchmark compares against a baseline measured in the same run and reports the ratio, so
the numbers mean something on any machine. ``--scale`` picks the data size (city, national).
By default a fresh SQLite database in a temporary data dir; set PENATA_DATABASE_URL to run on
PostgreSQL (a database the benchmarks may fill and drop).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _fresh_postgres_database() -> None:
    """On PostgreSQL, drop and re-create the bench database (its name must contain 'bench')."""
    url = os.environ.get("PENATA_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: a bench database name must contain 'bench'")
    with psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "--scale", default="city", choices=["small", "city", "province", "national"]
    )
    parser.add_argument("--only", action="append", default=[], help="run only these benchmarks")
    args = parser.parse_args()

    os.environ.setdefault("PENATA_DEBUG", "1")
    os.environ["PENATA_DATA_DIR"] = tempfile.mkdtemp(prefix="penata-bench-")
    os.environ.setdefault("PENATA_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("PENATA_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penata.settings")
    _fresh_postgres_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from bench import registry

    RESULTS.mkdir(exist_ok=True)
    summary = []
    only = {n for o in args.only for n in registry.GROUPS.get(o, [o])}
    unknown = only - set(registry.BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    for name, func in registry.BENCHMARKS.items():
        if (only and name not in only) or (not only and name in registry.ON_REQUEST):
            continue
        print(f"== {name} ({args.scale})", flush=True)
        result = func(scale=args.scale)
        result.update(
            {
                "benchmark": name,
                "scale": args.scale,
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            }
        )
        path = RESULTS / f"{name}-{result['database']}-{args.scale}.json"
        path.write_text(json.dumps(result, indent=2, default=str))
        print(json.dumps(result, indent=2, default=str), flush=True)
        summary.append(str(path))
    print("written:", *summary, sep="\n  ")


if __name__ == "__main__":
    sys.exit(main())
