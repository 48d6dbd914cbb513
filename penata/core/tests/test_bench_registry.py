"""The benchmark registry and the scaling table: every group names real benchmarks, the
scaling benchmark runs only on request, and a run stopped after some parts still gives a table
with what it measured (marked unfinished)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import registry, scaling_bench  # noqa: E402


def test_groups_name_registered_benchmarks() -> None:
    for group, names in registry.GROUPS.items():
        assert isinstance(names, list), group
        assert set(names) <= set(registry.BENCHMARKS), group
    assert set(registry.BENCHMARKS) >= registry.ON_REQUEST
    assert "scaling" in registry.ON_REQUEST


def test_scaling_table_keeps_parts_of_an_unfinished_run() -> None:
    data = {
        "city": {
            "employees": 15_000,
            "finished": True,
            "database": "postgresql",
            "when": "t1",
            "list_page": {"first": {"median_ms": 12.5}},
            "talent_map": {"compute_s": 1.7, "rows_per_s": 8_800, "queries": 19},
        },
        "province": {
            "employees": 1_000_000,
            "finished": False,
            "database": "postgresql",
            "when": "t2",
            "list_page": {"first": {"median_ms": 40.0}},
        },
    }
    md = scaling_bench.table(data)
    assert "| employees | 15,000 | 1,000,000 |" in md
    assert "| list page, first: median ms | 12.5 | 40.0 |" in md
    assert "| talent map: rows/s | 8,800 | — |" in md
    assert "province: postgresql t2 (unfinished: parts so far)" in md
    assert "city: postgresql t1," in md
