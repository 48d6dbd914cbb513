"""Reads of the registry, scoped to the user: the one place that decides whose records are seen."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.workforce.models import Employee, OrgUnit, Position, Rank


def _unit_subtree_q(unit: OrgUnit, prefix: str = "org_unit__") -> Q:
    return Q(**{f"{prefix}path__startswith": unit.path})


def employees_visible_to(user: Any) -> QuerySet[Employee]:
    """Employees the user may see: all (BKPP, administrators, talent committee), their unit and
    below (OPD operator), their subordinates and themself (supervisor), or only themself."""
    qs = Employee.objects.all()
    if has_perm(user, Perm.EMPLOYEE_VIEW_ALL):
        return qs
    scope = Q(pk__in=[])
    if has_perm(user, Perm.EMPLOYEE_VIEW_UNIT) and user.org_unit_id:
        scope |= _unit_subtree_q(user.org_unit)
    if has_perm(user, Perm.EMPLOYEE_VIEW_TEAM) and user.employee_id:
        me = Employee.objects.select_related("org_unit").filter(pk=user.employee_id).first()
        if me is not None:
            scope |= _unit_subtree_q(me.org_unit)
    if has_perm(user, Perm.EMPLOYEE_VIEW_SELF) and user.employee_id:
        scope |= Q(pk=user.employee_id)
    return qs.filter(scope)


def employee_stats_scope(user: Any) -> QuerySet[Employee]:
    """Employees counted in the statistics the user sees (aggregates only)."""
    if not has_perm(user, Perm.WORKFORCE_STATS):
        return Employee.objects.none()
    if has_perm(user, Perm.EMPLOYEE_VIEW_UNIT) and not has_perm(user, Perm.EMPLOYEE_VIEW_ALL):
        return employees_visible_to(user)
    return Employee.objects.all()


def employee_editable_by(user: Any, employee: Employee) -> bool:
    if not has_perm(user, Perm.EMPLOYEE_EDIT):
        return False
    if has_perm(user, Perm.EMPLOYEE_VIEW_ALL):
        return True
    return employees_visible_to(user).filter(pk=employee.pk).exists()


def org_units_visible_to(user: Any) -> QuerySet[OrgUnit]:
    if not has_perm(user, Perm.ORG_VIEW):
        return OrgUnit.objects.none()
    return OrgUnit.objects.all()


def org_units_in_scope(user: Any) -> QuerySet[OrgUnit]:
    """Units the user may pick in filters: all, or their own subtree for an OPD operator."""
    qs = org_units_visible_to(user)
    if has_perm(user, Perm.EMPLOYEE_VIEW_ALL):
        return qs
    if has_perm(user, Perm.EMPLOYEE_VIEW_UNIT) and user.org_unit_id:
        return qs.filter(path__startswith=user.org_unit.path)
    return qs.none()


def positions_visible_to(user: Any) -> QuerySet[Position]:
    if not has_perm(user, Perm.ORG_VIEW):
        return Position.objects.none()
    return Position.objects.select_related("org_unit")


def ranks_visible_to(user: Any) -> QuerySet[Rank]:
    if not has_perm(user, Perm.ORG_VIEW):
        return Rank.objects.none()
    return Rank.objects.all()
