"""Succession for key positions (PermenPANRB 3/2020: the talent pool feeds the succession
plan): key positions are JPT and administrator positions and any position marked ``is_key``;
successors come from the talent pool (boxes 7–9) of a period's map and must meet the position's
minimum rank and education (:class:`KeyPositionRequirement`); readiness follows the share of
the position's competency standard they meet (:func:`penata.talent.rules.readiness`, thresholds
in :class:`SuccessionSettings`). Coverage: the percent of key positions with at least
``covered_min_ready`` ready-now successors.

Computed in a fixed number of queries (key positions, requirements, pool, standards, levels) and
written with one ``bulk_create``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from penata.core.audit import audit_record
from penata.learning import gaps as learning_gaps
from penata.learning import selectors as learning_selectors
from penata.talent import rules
from penata.talent.models import (
    KeyPositionRequirement,
    SuccessionCandidate,
    SuccessionSettings,
    TalentBox,
)
from penata.workforce.models import Employee, Position


def key_positions() -> QuerySet[Position]:
    return Position.objects.filter(Q(kind__in=rules.KEY_POSITION_KINDS) | Q(is_key=True))


def succession_compute(*, actor: Any, period_id: int) -> dict[str, Any]:
    cfg = SuccessionSettings.current()
    positions = list(key_positions().values_list("pk", "kind"))
    reqs = {
        r.position_id: r
        for r in KeyPositionRequirement.objects.select_related("min_rank", "min_education")
    }
    pool = list(
        TalentBox.objects.filter(
            period_id=period_id, box__in=sorted(rules.TALENT_POOL)
        ).values_list(
            "employee_id",
            "box",
            "employee__rank__order",
            "employee__education__order",
            "employee__position_id",
        )
    )
    standards = learning_selectors.standards_by_position([p for p, _k in positions])
    pool_ids = [p[0] for p in pool]
    pool_rank = {p[0]: p[2] for p in pool}
    on = timezone.localdate()
    levels = (
        learning_gaps.current_levels(on, Employee.objects.filter(pk__in=pool_ids))
        if pool_ids
        else {}
    )
    rows: list[SuccessionCandidate] = []
    now = timezone.now()
    # Positions sharing a standard and requirements share one ordering of the pool (computed
    # once); float ordering first, exact Decimal match only for the successors kept.
    cache: dict[tuple[Any, ...], list[tuple[tuple[Any, ...], int, int, int | None]]] = {}
    for pos_id, _kind in positions:
        req = reqs.get(pos_id)
        min_rank = req.min_rank.order if req and req.min_rank else None
        min_edu = req.min_education.order if req and req.min_education else None
        std = standards.get(pos_id, {})
        key = (tuple(sorted(std.items())), min_rank, min_edu)
        ordered = cache.get(key)
        if ordered is None:
            ordered = []
            items = [(c, req_) for c, req_ in std.items() if req_ > 0]
            for emp_id, box, rank_order, edu_order, own_pos in pool:
                if min_edu is not None and (edu_order is None or edu_order < min_edu):
                    continue
                rank_ok = min_rank is None or (rank_order is not None and rank_order >= min_rank)
                fmatch = (
                    100.0
                    * sum(min(levels.get((emp_id, c), 0) / r, 1.0) for c, r in items)
                    / len(items)
                    if items
                    else 100.0
                )
                ready = rules.readiness(
                    Decimal(str(round(fmatch, 2))),
                    rank_ok=rank_ok,
                    ready_now_match=cfg.ready_now_match,
                    soon_match=cfg.soon_match,
                )
                order_key = (list(rules.Readiness).index(ready), -fmatch, -box, emp_id)
                ordered.append((order_key, emp_id, box, own_pos))
            ordered.sort()
            cache[key] = ordered
        kept = [o for o in ordered[: cfg.per_position + 1] if o[3] != pos_id][: cfg.per_position]
        for i, (_k, emp_id, box, _own) in enumerate(kept, start=1):
            match = rules.competency_match(std, {c: levels.get((emp_id, c), 0) for c in std})
            ready = rules.readiness(
                match,
                rank_ok=min_rank is None
                or (pool_rank[emp_id] is not None and pool_rank[emp_id] >= min_rank),
                ready_now_match=cfg.ready_now_match,
                soon_match=cfg.soon_match,
            )
            rows.append(
                SuccessionCandidate(
                    period_id=period_id,
                    position_id=pos_id,
                    employee_id=emp_id,
                    box=box,
                    competency_match=match,
                    readiness=ready.value,
                    order=i,
                    computed_at=now,
                )
            )
    with transaction.atomic():
        SuccessionCandidate.objects.filter(period_id=period_id).delete()
        SuccessionCandidate.objects.bulk_create(rows, batch_size=2000)
        summary = summary_for(period_id)
        audit_record(
            actor=actor,
            action="succession.compute",
            object_type="talent.succession",
            object_id=str(period_id),
            object_repr=f"Suksesi periode {period_id}",
            after={
                "positions": summary["positions"],
                "coverage": str(summary["coverage"]),
                "candidates": len(rows),
                "settings": {
                    "ready_now_match": str(cfg.ready_now_match),
                    "soon_match": str(cfg.soon_match),
                    "per_position": cfg.per_position,
                    "covered_min_ready": cfg.covered_min_ready,
                },
            },
        )
    return summary


def summary_for(period_id: int | None) -> dict[str, Any]:
    """Per key position the count of successors per readiness, and the coverage."""
    cfg = SuccessionSettings.current()
    positions = list(key_positions().select_related("org_unit").order_by("org_unit__name", "name"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if period_id:
        for pos, ready, n in (
            SuccessionCandidate.objects.filter(period_id=period_id)
            .values_list("position_id", "readiness")
            .annotate(n=Count("pk"))
            .values_list("position_id", "readiness", "n")
        ):
            counts[pos][ready] = n
    ready_now = [counts[p.pk].get(rules.Readiness.READY_NOW.value, 0) for p in positions]
    return {
        "positions": len(positions),
        "rows": [
            {
                "position": p,
                "ready_now": counts[p.pk].get("ready_now", 0),
                "one_two_years": counts[p.pk].get("one_two_years", 0),
                "three_plus": counts[p.pk].get("three_plus", 0),
                "covered": counts[p.pk].get("ready_now", 0) >= cfg.covered_min_ready,
            }
            for p in positions
        ],
        "coverage": rules.coverage(ready_now, min_ready=cfg.covered_min_ready),
        "covered_min_ready": cfg.covered_min_ready,
        "covered": sum(1 for n in ready_now if n >= cfg.covered_min_ready),
    }


def percent(value: Decimal) -> str:
    return f"{value:.1f}"
