"""The benchmarks, by name. Each takes ``scale`` and returns a JSON-able dict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench import allocation_bench, core_bench, gaps_bench, talent_bench, workforce_bench

BENCHMARKS: dict[str, Callable[..., dict[str, Any]]] = {
    "audit_write": core_bench.audit_write,
    "audit_list_page": core_bench.audit_list_page,
    "roster_import": workforce_bench.roster_import,
    "employee_list_page": workforce_bench.employee_list_page,
    "gap_report": gaps_bench.gap_report,
    "seat_allocation": allocation_bench.seat_allocation,
    "talent_map": talent_bench.talent_map,
    "vacancy_ranking": talent_bench.vacancy_ranking,
}
