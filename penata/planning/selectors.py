"""Reads of planning, scoped to the user: BKPP, administrators, the talent committee and the
policy team see the city; an OPD operator sees their own OPD only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Case, Count, F, IntegerField, QuerySet, Sum, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.planning import rules
from penata.planning.models import (
    AllowanceScale,
    AnalysisRun,
    Move,
    PositionLoad,
    Proposal,
    SalaryScale,
)
from penata.planning.services import active_employees, planning_settings
from penata.workforce.models import OrgUnit


def operator_unit(user: Any) -> OrgUnit | None:
    """The unit an OPD operator is confined to, or None when the user sees the city."""
    if has_perm(user, Perm.EMPLOYEE_VIEW_ALL) or has_perm(user, Perm.PLANNING_MANAGE):
        return None
    if has_perm(user, Perm.EMPLOYEE_VIEW_UNIT):
        return user.org_unit if user.org_unit_id else OrgUnit(path="#tanpa-unit#")
    return None


def loads_visible_to(user: Any, run: AnalysisRun | None) -> QuerySet[PositionLoad]:
    if run is None or not has_perm(user, Perm.PLANNING_VIEW):
        return PositionLoad.objects.none()
    qs = PositionLoad.objects.filter(run=run)
    unit = operator_unit(user)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs


def employees_in_scope(user: Any) -> Any:
    qs = active_employees()
    unit = operator_unit(user)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    if not has_perm(user, Perm.PLANNING_MANAGE):
        return Proposal.objects.none()
    return Proposal.objects.select_related("run", "created_by", "decided_by")


_SURPLUS = Case(
    When(in_post__gt=F("needed"), then=F("in_post") - F("needed")),
    default=0,
    output_field=IntegerField(),
)
_SHORTAGE = Case(
    When(needed__gt=F("in_post"), then=F("needed") - F("in_post")),
    default=0,
    output_field=IntegerField(),
)


def _sums() -> dict[str, Any]:
    return {
        "t_surplus": Sum(_SURPLUS),
        "t_shortage": Sum(_SHORTAGE),
        "t_positions": Count("id"),
        "t_needed": Sum("needed"),
        "t_in_post": Sum("in_post"),
        "t_formasi": Sum("formasi"),
    }


def _strip(row: Any) -> dict[str, Any]:
    return {
        (k[2:] if k.startswith("t_") else k): (v or 0) if k.startswith("t_") else v
        for k, v in row.items()
    }


def totals(loads: QuerySet[PositionLoad]) -> dict[str, Any]:
    return _strip(loads.aggregate(**_sums()))


def opd_summary(loads: QuerySet[PositionLoad]) -> list[dict[str, Any]]:
    """Needed vs in post vs formasi, surplus and shortage per OPD (one query)."""
    rows = [
        _strip(r)
        for r in loads.values("opd_id", "opd__name").annotate(**_sums()).order_by("opd__name")
    ]
    for r in rows:
        r["balance"] = r["in_post"] - r["needed"]
    return rows


def unit_summary(loads: QuerySet[PositionLoad]) -> list[dict[str, Any]]:
    """The same per unit kerja (one query)."""
    return [
        _strip(r)
        for r in loads.values("org_unit_id", "org_unit__name", "org_unit__path")
        .annotate(**_sums())
        .order_by("org_unit__path")
    ]


def band_distribution(loads: QuerySet[PositionLoad]) -> dict[str, int]:
    return dict(
        loads.exclude(band="").values("band").annotate(n=Count("id")).values_list("band", "n")
    )


def position_rows(loads: QuerySet[PositionLoad]) -> QuerySet[PositionLoad]:
    return loads.select_related("position", "org_unit", "opd").order_by(
        "opd__name", "org_unit__path", "position__name"
    )


def retirement_projection(
    user: Any, run: AnalysisRun | None, *, years: int = 5, today: dt.date | None = None
) -> dict[str, Any]:
    """Shortage at the end of each of the next ``years`` years with BUP retirements and no
    hiring, for the user's scope: city (or OPD) totals and per OPD. Two queries."""
    today = today or timezone.localdate()
    if run is None:
        return {"years": [], "total": [], "retiring": [], "by_opd": []}
    loads = loads_visible_to(user, run)
    base = {
        pid: (needed, in_post, opd)
        for pid, needed, in_post, opd in loads.values_list(
            "position_id", "needed", "in_post", "opd__name"
        )
    }
    year_list = [today.year + k for k in range(1, years + 1)]
    retiring: dict[int, dict[int, int]] = defaultdict(dict)
    for pid, year, n in (
        employees_in_scope(user)
        .filter(retirement_date__year__gte=today.year, retirement_date__year__lte=year_list[-1])
        .exclude(position_id=None)
        .annotate(y=ExtractYear("retirement_date"))
        .values("position_id", "y")
        .annotate(n=Count("id"))
        .values_list("position_id", "y", "n")
    ):
        retiring[pid][year] = n
    total = [0] * years
    retired = [0] * years
    by_opd: dict[str, list[int]] = defaultdict(lambda: [0] * years)
    for pid, (needed, in_post, opd) in base.items():
        per_year = retiring.get(pid, {})
        # Retirements later this year count in the first projected year.
        steps = [
            per_year.get(y, 0) + (per_year.get(today.year, 0) if k == 0 else 0)
            for k, y in enumerate(year_list)
        ]
        shortage = rules.projected_shortage(needed, in_post, steps)
        for k in range(years):
            total[k] += shortage[k]
            retired[k] += steps[k]
            by_opd[opd or "-"][k] += shortage[k]
    top = sorted(by_opd.items(), key=lambda kv: -kv[1][-1])[:15]
    return {
        "years": year_list,
        "total": total,
        "retiring": retired,
        "by_opd": [{"opd": name, "shortage": vals} for name, vals in top],
    }


def cost_summary(proposal: Proposal | None = None) -> dict[str, Any]:
    """Yearly personnel cost (salary per golongan + allowance per kelas jabatan, × 12) of the
    city's current workforce, and of the workforce after the proposal's moves, against the
    cap (UU 1/2022: 30% of the budget). Three queries."""
    conf = planning_settings()
    salary = dict(SalaryScale.objects.values_list("rank_id", "monthly"))
    allowance = dict(AllowanceScale.objects.values_list("class_grade", "monthly"))
    demo = (
        conf.budget_is_demo
        or SalaryScale.objects.filter(is_demo=True).exists()
        or AllowanceScale.objects.filter(is_demo=True).exists()
    )
    monthly = 0.0
    for rank_id, grade, n in (
        active_employees()
        .values("rank_id", "position__class_grade")
        .annotate(n=Count("id"))
        .values_list("rank_id", "position__class_grade", "n")
    ):
        monthly += n * float(salary.get(rank_id, 0) + allowance.get(grade, 0))
    current = monthly * 12
    proposed = current
    if proposal is not None:
        delta = 0.0
        for frm, to in Move.objects.filter(proposal=proposal, excluded=False).values_list(
            "from_position__class_grade", "to_position__class_grade"
        ):
            delta += float(allowance.get(to, 0) - allowance.get(frm, 0))
        proposed = current + delta * 12
    other = float(conf.other_personnel_cost)
    budget = float(conf.regional_budget)
    cap = float(conf.personnel_cap_percent)
    cur_share = rules.cost_share(current + other, budget) * 100
    new_share = rules.cost_share(proposed + other, budget) * 100
    return {
        "asn_cost": current,
        "proposed_cost": proposed,
        "other_cost": other,
        "budget": budget,
        "cap_percent": cap,
        "share_percent": round(cur_share, 2),
        "proposed_share_percent": round(new_share, 2),
        "headroom": budget * cap / 100 - (current + other),
        "is_demo": demo,
    }


def moves_of(proposal: Proposal) -> QuerySet[Move]:
    return proposal.moves.select_related(
        "employee", "from_position__org_unit", "to_position__org_unit"
    ).order_by("id")
