"""The benchmarks, by name. Each takes ``scale`` and returns a JSON-able dict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench import (
    allocation_bench,
    core_bench,
    engagement_bench,
    forum_bench,
    funding_bench,
    gaps_bench,
    planning_bench,
    research_bench,
    scaling_bench,
    talent_bench,
    workforce_bench,
)

BENCHMARKS: dict[str, Callable[..., dict[str, Any]]] = {
    "audit_write": core_bench.audit_write,
    "audit_list_page": core_bench.audit_list_page,
    "roster_import": workforce_bench.roster_import,
    "employee_list_page": workforce_bench.employee_list_page,
    "gap_report": gaps_bench.gap_report,
    "seat_allocation": allocation_bench.seat_allocation,
    "forum_search": forum_bench.forum_search,
    "forum_thread_page": forum_bench.forum_thread_page,
    "readiness_index": engagement_bench.readiness_index,
    "funding_report": funding_bench.funding_report,
    "planning": planning_bench.planning,
    "talent_map": talent_bench.talent_map,
    "vacancy_ranking": talent_bench.vacancy_ranking,
    "research_release": research_bench.research_release,
    "scaling": scaling_bench.scaling,
}

# Run only when named (``--only scaling`` / ``make bench SCALE=province``): the scaling benchmark
# seeds its own registry from empty and needs a database of its own.
ON_REQUEST: frozenset[str] = frozenset({"scaling"})

# Groups usable with ``--only`` (``make bench ONLY=talent``).
GROUPS: dict[str, list[str]] = {
    "talent": ["talent_map", "vacancy_ranking"],
}
