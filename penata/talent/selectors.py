"""Reads of talent management shared by pages and API, scoped to the user.

Who sees whose box: BKPP, administrators and the talent committee all; an OPD operator the
people of their unit and below; every ASN only their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.performance.models import AppraisalPeriod
from penata.talent import rules
from penata.talent.models import BoxRecommendation, PotentialScore, TalentBox


def _scope_q(user: Any, prefix: str = "employee__") -> Q | None:
    """``None`` for everyone; else the Q of the people the user may see (possibly nobody)."""
    if has_perm(user, Perm.TALENT_VIEW_ALL):
        return None
    scope = Q(pk__in=[])
    if has_perm(user, Perm.TALENT_VIEW_UNIT) and getattr(user, "org_unit_id", None):
        scope |= Q(**{f"{prefix}org_unit__path__startswith": user.org_unit.path})
    if has_perm(user, Perm.TALENT_OWN) and getattr(user, "employee_id", None):
        scope |= Q(**{f"{prefix}pk": user.employee_id})
    return scope


def talent_boxes_visible_to(user: Any) -> QuerySet[TalentBox]:
    scope = _scope_q(user)
    qs = TalentBox.objects.all()
    return qs if scope is None else qs.filter(scope)


def potential_scores_visible_to(user: Any) -> QuerySet[PotentialScore]:
    scope = _scope_q(user)
    qs = PotentialScore.objects.all()
    return qs if scope is None else qs.filter(scope)


def employee_visible(user: Any, employee_id: int) -> bool:
    scope = _scope_q(user, prefix="")
    if scope is None:
        return True
    from penata.workforce.models import Employee

    return Employee.objects.filter(scope, pk=employee_id).exists()


def periods_with_map() -> QuerySet[AppraisalPeriod]:
    return AppraisalPeriod.objects.order_by("-year", "kind")


@dataclass
class MapFilters:
    opd: int | None = None
    rank: int | None = None
    position_kind: str = ""

    def apply(self, qs: QuerySet[TalentBox]) -> QuerySet[TalentBox]:
        if self.opd:
            qs = qs.filter(opd_id=self.opd)
        if self.rank:
            qs = qs.filter(rank_id=self.rank)
        if self.position_kind:
            qs = qs.filter(position_kind=self.position_kind)
        return qs


def box_counts(qs: QuerySet[TalentBox]) -> dict[int, int]:
    """Count per box in one grouped query."""
    return dict(qs.values_list("box").annotate(n=Count("pk")).values_list("box", "n"))


@dataclass
class GridCell:
    box: int
    count: int
    percent: float
    title: str
    recommendation: str
    in_pool: bool
    performance: str
    potential: str


def grid(counts: dict[int, int]) -> list[list[GridCell]]:
    """The 9-box as rows (potential tinggi → rendah) of cells (kinerja di bawah → di atas)."""
    recs = {r.box: r for r in BoxRecommendation.objects.all()}
    total = sum(counts.values()) or 1
    rows = []
    for pot in rules.GRID_ROWS:
        row = []
        for perf in rules.GRID_COLUMNS:
            b = rules.talent_box(perf, pot)
            rec = recs.get(b)
            row.append(
                GridCell(
                    box=b,
                    count=counts.get(b, 0),
                    percent=round(100 * counts.get(b, 0) / total, 1),
                    title=rec.title if rec else "",
                    recommendation=rec.recommendation if rec else "",
                    in_pool=rules.in_talent_pool(b),
                    performance=perf.value,
                    potential=pot.value,
                )
            )
        rows.append(row)
    return rows
