"""Reads of competency development shared by pages, the API, reports and the allocation.

All set-based: each function is a fixed number of queries whatever the number of employees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Max, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from penata.learning import rules
from penata.learning.models import (
    ActivityType,
    Assessment,
    CompetencyStandard,
    LearningSettings,
    LedgerEntry,
)
from penata.workforce.models import Employee


def jp_target() -> int:
    return LearningSettings.current().jp_target


def activity_caps() -> dict[int, int | None]:
    """Yearly JP cap per activity type id (None: no cap)."""
    return dict(ActivityType.objects.values_list("pk", "max_jp_per_year"))


def jp_counted(year: int, employees: QuerySet[Employee] | None = None) -> dict[int, int]:
    """JP counted toward ``year`` per employee id (only those with any), caps applied per
    activity type as :func:`penata.learning.rules.counted_jp` does. Two queries."""
    caps = activity_caps()
    qs = LedgerEntry.objects.filter(year=year)
    if employees is not None:
        qs = qs.filter(employee__in=employees.values("pk"))
    totals: dict[int, int] = defaultdict(int)
    for emp_id, type_id, jp in qs.values_list("employee_id", "activity_type_id").annotate(
        total=Sum("jp")
    ):
        cap = caps.get(type_id)
        totals[emp_id] += min(jp, cap) if cap is not None else jp
    return dict(totals)


def ledger_for(employee: Employee, year: int) -> dict[str, Any]:
    """An employee's ledger for a year: entries, counted JP (caps applied), target, shortfall."""
    entries = list(
        LedgerEntry.objects.filter(employee=employee, year=year).select_related("activity_type")
    )
    caps = activity_caps()
    items = [rules.LedgerItem(e.jp, str(e.activity_type_id), e.completed_on) for e in entries]
    counted = rules.counted_jp(items, year, {str(k): v for k, v in caps.items()})
    target = jp_target()
    return {
        "year": year,
        "entries": entries,
        "raw_jp": sum(e.jp for e in entries),
        "counted": counted,
        "target": target,
        "shortfall": rules.shortfall(counted, target),
        "percent": rules.progress_percent(counted, target),
    }


def valid_assessments(on: dt.date) -> QuerySet[Assessment]:
    return Assessment.objects.filter(revoked=False, assessed_on__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def current_levels(
    on: dt.date, employees: QuerySet[Employee] | Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """The level that counts per (employee id, competency id): the latest valid assessment
    (:func:`penata.learning.rules.latest_valid`). One query with a window function."""
    qs = valid_assessments(on)
    if employees is not None:
        if isinstance(employees, QuerySet):
            qs = qs.filter(employee_id__in=employees.values_list("pk", flat=True))
        else:
            qs = qs.filter(employee_id__in=list(employees))
    ranked = qs.annotate(
        rn=Window(
            RowNumber(),
            partition_by=[F("employee_id"), F("competency_id")],
            order_by=[F("assessed_on").desc(), F("id").desc()],
        )
    ).values_list("employee_id", "competency_id", "level", "rn")
    return {(e, c): level for e, c, level, rn in ranked if rn == 1}


def standards_by_position(
    position_ids: Iterable[int] | None = None,
) -> dict[int, dict[int, int]]:
    """Required level per competency id, per position id."""
    qs = CompetencyStandard.objects.all()
    if position_ids is not None:
        qs = qs.filter(position_id__in=list(position_ids))
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for pos, comp, level in qs.values_list("position_id", "competency_id", "level"):
        out[pos][comp] = level
    return dict(out)


def employee_gaps(
    employees: QuerySet[Employee], on: dt.date
) -> dict[int, dict[int, tuple[int, int | None, int]]]:
    """Per employee id → competency id → (required, assessed or None, gap), for every
    competency in the standard of the employee's position. Three queries."""
    pairs = list(employees.filter(position__isnull=False).values_list("pk", "position_id"))
    standards = standards_by_position({p for _, p in pairs})
    levels = current_levels(on, [e for e, _ in pairs]) if pairs else {}
    out: dict[int, dict[int, tuple[int, int | None, int]]] = {}
    for emp, pos in pairs:
        std = standards.get(pos)
        if not std:
            continue
        out[emp] = {
            comp: (req, levels.get((emp, comp)), rules.gap(req, levels.get((emp, comp))))
            for comp, req in std.items()
        }
    return out


def latest_assessment_date(employee: Employee) -> dt.date | None:
    return Assessment.objects.filter(employee=employee, revoked=False).aggregate(
        d=Max("assessed_on")
    )["d"]
