"""Reads of performance data, scoped to the user, and the derivation of each employee's appraiser.

The appraiser (atasan langsung / pejabat penilai) of an employee is the holder of the structural
head position (JPT, administrator or pengawas) of their unit, or — when the employee is that head
or the unit has no head in post — of the nearest ancestor unit that has one. An
:class:`AppraiserOverride` for the period (or, failing that, a global one) wins. The derivation is
set-based: three queries for any number of employees.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.performance.models import Appraisal, AppraisalPeriod, AppraiserOverride
from penata.workforce.models import Employee, EmployeeStatus, PositionKind
from penata.workforce.selectors import employees_visible_to, name_or_nip_q

HEAD_KINDS = (
    PositionKind.JPT_UTAMA,
    PositionKind.JPT_MADYA,
    PositionKind.JPT_PRATAMA,
    PositionKind.ADMINISTRATOR,
    PositionKind.PENGAWAS,
)
_HEAD_RANK: dict[str, int] = {k.value: i for i, k in enumerate(HEAD_KINDS)}
IN_POST = (EmployeeStatus.AKTIF, EmployeeStatus.CUTI)


def unit_heads() -> dict[int, int]:
    """Unit id → the employee who holds its structural head position (one query).

    Where several hold a head position in the same unit the most senior kind wins, then the
    lowest id (a stable choice; an override settles a real ambiguity)."""
    heads: dict[int, tuple[int, int]] = {}
    rows = Employee.objects.filter(
        position__kind__in=HEAD_KINDS, status__in=IN_POST, position__org_unit_id__isnull=False
    ).values_list("pk", "position__org_unit_id", "position__kind")
    for pk, unit_id, kind in rows:
        key = (_HEAD_RANK[kind], pk)
        if unit_id not in heads or key < heads[unit_id]:
            heads[unit_id] = key
    return {unit_id: key[1] for unit_id, key in heads.items()}


def appraisers_for(
    employees: Iterable[Employee], period: AppraisalPeriod | None = None
) -> dict[int, int | None]:
    """Employee id → appraiser employee id (``None`` when nobody is above them).

    ``employees`` need ``org_unit`` loaded (``select_related("org_unit")``)."""
    emps = list(employees)
    heads = unit_heads()
    overrides: dict[int, int] = {}
    ids = [e.pk for e in emps]
    rows = AppraiserOverride.objects.filter(employee_id__in=ids).filter(
        Q(period__isnull=True) | Q(period=period) if period else Q(period__isnull=True)
    )
    # Period overrides are applied after global ones so they win.
    for o in sorted(rows, key=lambda o: o.period_id is not None):
        overrides[o.employee_id] = o.appraiser_id
    result: dict[int, int | None] = {}
    for e in emps:
        if e.pk in overrides:
            result[e.pk] = overrides[e.pk]
            continue
        result[e.pk] = None
        unit_ids = [int(x) for x in e.org_unit.path.strip("/").split("/") if x]
        for unit_id in reversed(unit_ids):
            head = heads.get(unit_id)
            if head is not None and head != e.pk:
                result[e.pk] = head
                break
    return result


def appraiser_of(employee: Employee, period: AppraisalPeriod | None = None) -> Employee | None:
    appraiser_id = appraisers_for([employee], period).get(employee.pk)
    return Employee.objects.filter(pk=appraiser_id).first() if appraiser_id else None


def periods_visible_to(user: Any) -> QuerySet[AppraisalPeriod]:
    if not has_perm(user, Perm.APPRAISAL_OWN):
        return AppraisalPeriod.objects.none()
    return AppraisalPeriod.objects.all()


def current_period() -> AppraisalPeriod | None:
    """The open period to work in: the latest open one (annual before mid-year in a year)."""
    return (
        AppraisalPeriod.objects.filter(status=AppraisalPeriod.Status.OPEN)
        .order_by("-year", "kind")
        .first()
    )


def appraisals_visible_to(user: Any) -> QuerySet[Appraisal]:
    """SKP the user may see: all (BKPP, administrators), else their own, those they appraise and
    those whose objection they decide."""
    qs = Appraisal.objects.select_related("period", "employee", "appraiser", "org_unit", "opd")
    if has_perm(user, Perm.APPRAISAL_VIEW_ALL):
        return qs
    if not has_perm(user, Perm.APPRAISAL_OWN) or not getattr(user, "employee_id", None):
        return qs.none()
    scope = Q(employee_id=user.employee_id)
    if has_perm(user, Perm.APPRAISAL_RATE):
        scope |= Q(appraiser_id=user.employee_id) | Q(objections__decider_id=user.employee_id)
    return qs.filter(scope).distinct()


def appraisees_of(user: Any, period: AppraisalPeriod) -> QuerySet[Appraisal]:
    """The SKP of the period that the user rates (they are the appraiser)."""
    if not has_perm(user, Perm.APPRAISAL_RATE) or not getattr(user, "employee_id", None):
        return Appraisal.objects.none()
    return (
        Appraisal.objects.filter(period=period, appraiser_id=user.employee_id)
        .select_related("employee", "org_unit", "opd")
        .order_by("employee__name")
    )


def appraisal_status_counts(qs: QuerySet[Appraisal]) -> dict[str, int]:
    """How many of ``qs`` are in each status (one grouped query)."""
    rows = qs.order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows.values_list("status", "n"))


def appraisals_filtered(
    qs: QuerySet[Appraisal], *, status: str = "", text: str = ""
) -> tuple[QuerySet[Appraisal], str]:
    """``qs`` narrowed to a status (ignored unless it is one) and to the appraisees whose name
    or NIP matches ``text`` (the roster's search); returns the rows and the status applied."""
    if status in Appraisal.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    cond = name_or_nip_q(text, prefix="employee__")
    return (qs if cond is None else qs.filter(cond)), status


def predikat_history(user: Any, employee_id: int) -> QuerySet[Appraisal] | None:
    """An employee's rated SKP over the periods, or ``None`` when the employee is out of scope."""
    if not has_perm(user, Perm.APPRAISAL_OWN):
        return None
    visible = employees_visible_to(user).filter(pk=employee_id).exists()
    if not visible and not appraisals_visible_to(user).filter(employee_id=employee_id).exists():
        return None
    return (
        Appraisal.objects.filter(employee_id=employee_id)
        .exclude(predikat="")
        .select_related("period", "org_unit")
        .order_by("-period__year", "period__kind")
    )
