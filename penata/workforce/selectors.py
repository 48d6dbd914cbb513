"""Reads of the registry, scoped to the user: the one place that decides whose records are seen."""

from __future__ import annotations

import time
from itertools import pairwise
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

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


# --- search ------------------------------------------------------------------------------------


def name_or_nip_q(value: str, prefix: str = "") -> Q | None:
    """The roster's search: a name containing the text, or (four digits or more, spaces
    ignored) a NIP starting with it. ``prefix`` reaches the employee through a relation
    (``"employee__"``). ``None`` for an empty search."""
    text = " ".join(value.split())[:100]
    if not text:
        return None
    compact = text.replace(" ", "")
    cond = Q(**{f"{prefix}name__icontains": text})
    if compact.isdigit() and len(compact) >= 4:
        cond |= Q(**{f"{prefix}nip__startswith": compact})
    return cond


# --- the rank order ------------------------------------------------------------------------------

_RANK_ORDER_TTL = 300.0  # seconds; other processes see a changed rank table within this time
_rank_order_cache: list[tuple[float, bool]] = []


def rank_ids_in_rank_order() -> bool:
    """Do the ranks' ids increase with their (kind, order)? Then ``ORDER BY rank_id`` is the rank
    order (see :func:`penata.workforce.filters.order_for`). One query on the ~34 ranks, cached
    for a few minutes and dropped when a rank is saved or deleted in this process."""
    now = time.monotonic()
    if _rank_order_cache and now - _rank_order_cache[0][0] < _RANK_ORDER_TTL:
        return _rank_order_cache[0][1]
    ids = list(Rank.objects.order_by("kind", "order").values_list("pk", flat=True))
    ok = all(a < b for a, b in pairwise(ids))
    _rank_order_cache[:] = [(now, ok)]
    return ok


def rank_order_forget(**_kwargs: Any) -> None:
    _rank_order_cache.clear()


post_save.connect(rank_order_forget, sender=Rank, dispatch_uid="workforce_rank_order_save")
post_delete.connect(rank_order_forget, sender=Rank, dispatch_uid="workforce_rank_order_delete")
