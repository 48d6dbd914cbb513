"""Foundation benchmarks: the cost of auditing a write, and the audit list page."""

from __future__ import annotations

from typing import Any

from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat, timed

SIZES = {"small": 2_000, "city": 20_000, "national": 200_000}


def audit_write(*, scale: str) -> dict[str, Any]:
    """Audited writes (change + audit row in one transaction) against the bare change."""
    from penata.core.audit import audit_record
    from penata.core.models import LoginAttempt, User

    n = SIZES[scale] // 10
    actor, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"role": "administrator"}
    )

    def baseline() -> None:
        for i in range(n):
            with transaction.atomic():
                LoginAttempt.objects.create(username=f"b{i}")

    def audited() -> None:
        for i in range(n):
            with transaction.atomic():
                attempt = LoginAttempt.objects.create(username=f"a{i}")
                audit_record(actor=actor, action="bench.write", obj=attempt, after={"i": i})

    t_base, _ = timed(baseline)
    t_audit, _ = timed(audited)
    return {
        "writes": n,
        "baseline_writes_per_s": round(n / t_base),
        "audited_writes_per_s": round(n / t_audit),
        "ratio_audited_to_baseline": round(t_base / t_audit, 3),
    }


def audit_list_page(*, scale: str) -> dict[str, Any]:
    """The audit log page over many events: server time and query count (must stay constant)."""
    from penata.core.models import AuditEvent, User

    admin, _ = User.objects.get_or_create(username="bench-page", defaults={"role": "administrator"})
    n = SIZES[scale]
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=admin, actor_label="bench-page", action="bench.row", object_repr=str(i)
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    client = Client()
    client.force_login(admin)
    reset_queries()  # the query log is capped: start each capture from empty
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/audit/").status_code == 200
    first_queries = len(ctx.captured_queries)
    reset_queries()  # the query log is capped: start each capture from empty
    with CaptureQueriesContext(connection) as ctx:
        client.get("/audit/?page=50&action=bench")
    later_queries = len(ctx.captured_queries)
    page = repeat(lambda: client.get("/audit/?action=bench"), 20)
    baseline = repeat(lambda: client.get("/healthz"), 20)
    return {
        "events": AuditEvent.objects.count(),
        "queries_page_1": first_queries,
        "queries_page_50": later_queries,
        "page": page,
        "baseline_healthz": baseline,
        "ratio_page_to_healthz_median": round(
            page["median_ms"] / max(baseline["median_ms"], 0.01), 1
        ),
    }
