"""Writes to the registry. Every one is atomic and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from penata.core.audit import audit_record, snapshot
from penata.workforce import rules
from penata.workforce.models import (
    OPD_KINDS,
    Employee,
    OrgUnit,
    PositionHistory,
    RankHistory,
    RetirementAge,
)
from penata.workforce.selectors import employee_editable_by

# --- org units ---------------------------------------------------------------------------------


def _place(unit: OrgUnit) -> None:
    """Set path, depth and OPD of a saved unit from its parent."""
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    if unit.kind in OPD_KINDS:
        unit.opd = unit
    else:
        unit.opd = parent.opd if parent else None


@transaction.atomic
def org_unit_create(
    *, actor: Any, code: str, name: str, kind: str, parent: OrgUnit | None = None
) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent)
    unit.full_clean(exclude=["path", "depth", "opd"])
    unit.save()
    _place(unit)
    unit.save(update_fields=["path", "depth", "opd"])
    audit_record(actor=actor, action="org_unit.create", obj=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def org_units_load_tree(*, actor: Any, units: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Create or update units from a nested tree (``code``, ``name``, ``kind``, ``children``).

    Idempotent: units are matched by ``code``; loading the same tree twice changes nothing.
    """
    existing = {u.code: u for u in OrgUnit.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}

    def walk(nodes: Iterable[Mapping[str, Any]], parent: OrgUnit | None) -> None:
        for node in nodes:
            unit = existing.get(node["code"])
            if unit is None:
                unit = OrgUnit(
                    code=node["code"], name=node["name"], kind=node["kind"], parent=parent
                )
                unit.full_clean(exclude=["path", "depth", "opd", "parent"])
                unit.save()
                _place(unit)
                unit.save(update_fields=["path", "depth", "opd"])
                existing[unit.code] = unit
                counts["created"] += 1
            elif (unit.name, unit.kind, unit.parent_id) != (
                node["name"],
                node["kind"],
                parent.pk if parent else None,
            ):
                unit.name, unit.kind, unit.parent = node["name"], node["kind"], parent
                unit.full_clean(exclude=["path", "depth", "opd", "parent"])
                _place(unit)
                unit.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
            walk(node.get("children", []), unit)

    walk(units, None)
    if counts["created"] or counts["updated"]:
        audit_record(
            actor=actor, action="org_unit.load_tree", object_type="workforce.orgunit", after=counts
        )
    return counts


@transaction.atomic
def org_unit_move(*, actor: Any, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Move a unit and its subtree under another parent: paths, depths, OPD set-based."""
    locked = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if parent is not None and parent.path.startswith(locked.path):
        raise ValidationError("Unit tidak dapat dipindah ke bawah dirinya sendiri.")
    before = snapshot(locked)
    old_path, old_depth, old_opd_id = locked.path, locked.depth, locked.opd_id
    locked.parent = parent
    _place(locked)
    locked.save()
    descendants = OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=locked.pk)
    if old_opd_id != locked.opd_id:
        descendants.filter(opd_id=old_opd_id).exclude(kind__in=OPD_KINDS).update(
            opd_id=locked.opd_id
        )
    descendants.update(
        path=Concat(Value(locked.path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (locked.depth - old_depth),
    )
    audit_record(
        actor=actor, action="org_unit.move", obj=locked, before=before, after=snapshot(locked)
    )
    return locked


# --- employees ---------------------------------------------------------------------------------


def bup_table() -> dict[tuple[str, str], int]:
    """The BUP table from the database (configurable), as ``{(kind, level): age}``."""
    return {(r.position_kind, r.functional_level): r.age for r in RetirementAge.objects.all()}


def retirement_date_for(
    *,
    birth_date: dt.date,
    position_kind: str | None,
    functional_level: str = "",
    table: Mapping[tuple[str, str], int] | None = None,
) -> dt.date | None:
    if position_kind is None:
        position_kind = "pelaksana"
    table = table if table is not None else bup_table()
    age = table.get((position_kind, functional_level)) or table.get((position_kind, ""))
    if age is None:
        return None
    return rules.retirement_date(birth_date, age)


EDITABLE_FIELDS = {
    "name",
    "front_title",
    "back_title",
    "gender",
    "birth_place",
    "birth_date",
    "employment_type",
    "rank",
    "rank_tmt",
    "education",
    "major",
    "position",
    "org_unit",
    "tmt_cpns",
    "status",
    "email",
    "phone",
    "nik",
}


@transaction.atomic
def employee_update(
    *, actor: Any, employee: Employee, source: str = "manual", **changes: Any
) -> Employee:
    """Change an employee's record; rank and position changes are added to the history."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if actor is not None and not employee_editable_by(actor, employee):
        raise PermissionDenied("employee.edit")
    locked = Employee.objects.select_for_update().get(pk=employee.pk)
    before = snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    if actor is not None and not employee_editable_by(actor, locked):
        # An operator may not move someone out of their own scope.
        raise PermissionDenied("employee.edit")
    position = locked.position
    locked.retirement_date = retirement_date_for(
        birth_date=locked.birth_date,
        position_kind=position.kind if position else None,
        functional_level=position.functional_level if position else "",
    )
    locked.full_clean()
    locked.save()
    after = snapshot(locked)
    if before.get("rank_id") != after.get("rank_id") and locked.rank_id:
        RankHistory.objects.create(
            employee=locked, rank_id=locked.rank_id, tmt=locked.rank_tmt, source=source
        )
    if (before.get("position_id"), before.get("org_unit_id")) != (
        after.get("position_id"),
        after.get("org_unit_id"),
    ):
        PositionHistory.objects.create(
            employee=locked,
            position=position,
            position_name=str(position) if position else "",
            org_unit=locked.org_unit,
            tmt=dt.date.today(),
            source=source,
        )
    changed = {k for k in after if before.get(k) != after.get(k)}
    audit_record(
        actor=actor,
        action="employee.update",
        obj=locked,
        before={k: before[k] for k in changed if k in before},
        after={k: after[k] for k in changed},
    )
    return locked


@transaction.atomic
def employee_personal_data_reveal(*, actor: Any, employee: Employee) -> dict[str, str]:
    """Return NIK, e-mail and phone unmasked, and log the read (UU 27/2022)."""
    audit_record(
        actor=actor,
        action="personal_data.read",
        obj=employee,
        after={"fields": ["nik", "email", "phone"]},
    )
    return {"nik": employee.nik, "email": employee.email, "phone": employee.phone}


@transaction.atomic
def employee_transfer(
    *,
    actor: Any,
    employee: Employee,
    position: Any,
    source: str = "mutasi",
    reason: str = "",
    reference: str = "",
) -> Employee:
    """Move an employee to another position (and its unit): the registry changes once, the
    position history gets a row and the audit log a ``employee.transfer`` event naming the
    reason and the reference (e.g. the redistribution proposal)."""
    before_position, before_unit = employee.position_id, employee.org_unit_id
    moved = employee_update(
        actor=actor,
        employee=employee,
        source=source,
        position=position,
        org_unit=position.org_unit,
    )
    audit_record(
        actor=actor,
        action="employee.transfer",
        obj=moved,
        before={"position_id": before_position, "org_unit_id": before_unit},
        after={"position_id": moved.position_id, "org_unit_id": moved.org_unit_id},
        note=f"{reason} {reference}".strip()[:500],
    )
    return moved
