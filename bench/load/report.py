"""Turn locust's CSV output into ``load.json`` and ``load.png``.

    python -m bench.load.report RUN_DIR RESULTS_DIR --users 50 --duration 5m ...

Reads ``RUN_DIR/locust_stats.csv`` (per page), ``locust_stats_history.csv`` (over time),
``locust_failures.csv``, ``outcomes.json`` (what the flows achieved: ratings saved, imports
done) and ``seed.log``; writes the JSON (errors, p50/p95/p99 per page, throughput) and a chart
(per-page percentiles; users, throughput and p95 over time).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any


def _num(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def summarise(run: Path) -> dict[str, Any]:
    stats = _rows(run / "locust_stats.csv")
    pages = []
    total: dict[str, Any] = {}
    for row in stats:
        item = {
            "method": row["Type"],
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": _num(row["50%"]),
            "p95_ms": _num(row["95%"]),
            "p99_ms": _num(row["99%"]),
            "max_ms": _num(row["Max Response Time"]),
            "mean_ms": round(_num(row["Average Response Time"]) or 0, 1),
            "requests_per_s": round(_num(row["Requests/s"]) or 0, 2),
        }
        if row["Name"] == "Aggregated":
            total = item
        else:
            pages.append(item)
    pages.sort(key=lambda p: -(p["p95_ms"] or 0))
    failures = [
        {
            "method": r["Method"],
            "name": r["Name"],
            "error": r["Error"],
            "occurrences": int(r["Occurrences"]),
        }
        for r in _rows(run / "locust_failures.csv")
    ]
    history = []
    for r in _rows(run / "locust_stats_history.csv"):
        if r["Name"] != "Aggregated":
            continue
        history.append(
            {
                "t": int(r["Timestamp"]),
                "users": int(r["User Count"]),
                "requests_per_s": _num(r["Requests/s"]),
                "failures_per_s": _num(r["Failures/s"]),
                "p50_ms": _num(r["50%"]),
                "p95_ms": _num(r["95%"]),
            }
        )
    outcomes_path = run / "outcomes.json"
    outcomes = json.loads(outcomes_path.read_text()) if outcomes_path.exists() else {}
    seed_log = run / "seed.log"
    return {
        "total": total,
        "pages": pages,
        "failures": failures,
        "errors": (total.get("failures") or 0),
        "history": history,
        "outcomes": outcomes,
        "seed_log": seed_log.read_text().splitlines()[:3] if seed_log.exists() else [],
    }


def chart(summary: dict[str, Any], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pages = [p for p in summary["pages"] if p["requests"]]
    pages.sort(key=lambda p: p["p95_ms"] or 0)
    fig, (ax1, ax2) = plt.subplots(
        2, 1, figsize=(11, 4 + 0.32 * len(pages)), gridspec_kw={"height_ratios": [len(pages), 8]}
    )
    ys = range(len(pages))
    labels = [f"{p['method']} {p['name']}" for p in pages]
    for key, colour, off in (
        ("p50_ms", "#2a9d8f", -0.27),
        ("p95_ms", "#e9c46a", 0),
        ("p99_ms", "#e76f51", 0.27),
    ):
        ax1.barh(
            [y + off for y in ys],
            [p[key] or 0 for p in pages],
            height=0.27,
            color=colour,
            label=key[:3],
        )
    ax1.set_yticks(list(ys), labels, fontsize=7)
    ax1.set_xscale("log")
    ax1.set_xlabel("ms (log)")
    ax1.legend(loc="lower right", fontsize=8)
    ax1.set_title(title, fontsize=10)
    hist = summary["history"]
    if hist:
        t0 = hist[0]["t"]
        ts = [(h["t"] - t0) for h in hist]
        ax2.plot(ts, [h["requests_per_s"] or 0 for h in hist], color="#264653", label="req/s")
        ax2.plot(ts, [h["users"] for h in hist], color="#8ab17d", label="users")
        ax2.set_xlabel("s since start")
        ax2.set_ylabel("req/s, users")
        ax3 = ax2.twinx()
        ax3.plot(ts, [h["p95_ms"] or 0 for h in hist], color="#e76f51", label="p95 ms (all)")
        ax3.set_ylabel("p95 ms")
        lines = ax2.get_lines() + ax3.get_lines()
        ax2.legend(lines, [ln.get_label() for ln in lines], loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.report")
    parser.add_argument("run", type=Path)
    parser.add_argument("results", type=Path)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--employees", type=int, required=True)
    parser.add_argument("--spawn-rate", type=float, required=True)
    args = parser.parse_args()
    summary = summarise(args.run)
    result = {
        "benchmark": "load",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "setup": {
            "users": args.users,
            "spawn_rate_per_s": args.spawn_rate,
            "duration": args.duration,
            "gunicorn_sync_workers": args.workers,
            "task_worker": "penata db_worker (1 process)",
            "database": "PostgreSQL 15 (throwaway cluster, loopback)",
            "employees": args.employees,
            "settings": "PENATA_DEBUG=0, Secure cookies, SSL redirect on, X-Forwarded-Proto: https",
            "think_time_s": "2-8 between clicks (BKPP 20-40 between imports)",
            "mix": "employees 60% (dashboard, own SKP, own record, profile); operators 20% "
            "(roster, name search, sort/page, record, XLSX/CSV export); supervisors 20% (team, "
            "rate one SKP); 1 BKPP user uploading the whole roster (1% phones changed), "
            "following the check, confirming and following the import",
        },
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "note": "the load generator, PostgreSQL, gunicorn and the task worker all run on "
            "this machine; load_average_at_report is the 1/5/15-minute load when the run ended "
            "(above the core count: other jobs shared the cores)",
            "load_average_at_report": [round(x, 2) for x in os.getloadavg()],
        },
        "errors": summary["errors"],
        "requests": summary["total"].get("requests"),
        "throughput_requests_per_s": summary["total"].get("requests_per_s"),
        "all_pages": summary["total"],
        "pages": summary["pages"],
        "failures": summary["failures"],
        "flow_outcomes": summary["outcomes"],
        "seed": summary["seed_log"],
        "history": summary["history"],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "load.json").write_text(json.dumps(result, indent=2))
    title = (
        f"Penata under load: {args.users} users, {args.duration}, {args.employees:,} ASN, "
        f"{args.workers} gunicorn workers — {result['requests']} requests, "
        f"{result['errors']} errors, {result['throughput_requests_per_s']} req/s"
    )
    chart(summary, args.results / "load.png", title)
    print(title)
    for p in summary["pages"]:
        print(
            f"  {p['method']:4} {p['name'][:48]:48} n={p['requests']:6} fail={p['failures']:3}"
            f" p50={p['p50_ms']} p95={p['p95_ms']} p99={p['p99_ms']}"
        )
    print("  outcomes:", summary["outcomes"])
    print("written:", args.results / "load.json", args.results / "load.png")


if __name__ == "__main__":
    sys.exit(main())
