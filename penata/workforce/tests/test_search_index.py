"""The roster's name search can use the trigram index on PostgreSQL (migration 0003): the
index exists, and the planner picks it for the exact query the list page runs once a scan is
made expensive — i.e. the index expression matches Django's ``icontains`` SQL. (Whether the
planner prefers it on a given table is the benchmark's concern: ``plans.search`` in
``bench/results/scaling.json`` shows the bitmap scan on it at 1,000,000 and 6,000,000.)"""

from __future__ import annotations

import pytest
from django.db import connection

from penata.workforce.filters import EmployeeFilter
from penata.workforce.models import Employee

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only"),
]


def test_trigram_index_exists() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'workforce_employee_name_trgm'"
        )
        row = cursor.fetchone()
    assert row is not None
    assert "gin_trgm_ops" in row[0] and "upper" in row[0].lower()


def test_name_search_uses_the_index() -> None:
    from penata.core.bulk import analyze
    from penata.workforce.tests.factories import EmployeeFactory

    for i in range(30):
        EmployeeFactory(name=f"Wulan Sari {i}" if i % 3 else f"Budi Santoso {i}")
    analyze(Employee)  # the statistics under which the suite once chose the b-tree on name
    qs = EmployeeFilter({"q": "Wulan"}, queryset=Employee.objects.all()).qs
    with connection.cursor() as cursor:
        # Only an index that can apply the LIKE condition is left: no table scan and no plain
        # index scan (the b-tree on name can walk the table in order and filter every row).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "workforce_employee_name_trgm" in plan, plan
