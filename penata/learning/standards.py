"""Writes of the competency dictionary and the competency standards of positions.

- Dictionary (PermenPANRB 38/2017): the 8 manajerial and 1 sosial kultural competencies are the
  national dictionary: only their description may be adapted; teknis competencies are the
  city's own and may be created and edited (name, area, description, levels 1–5).
- Standards (standar kompetensi jabatan): the required level (1–5) per competency, per
  position. Set for one position, or assigned in bulk to every position of a family
  (``Position.family``, optionally only one position kind and/or the positions in one OPD)
  set-based: one upsert inside one transaction, audited with the counts.

Every write needs :attr:`Perm.COMPETENCY_MANAGE` and is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.roles import Perm
from penata.learning.models import (
    Competency,
    CompetencyKind,
    CompetencyLevel,
    CompetencyStandard,
)
from penata.learning.services import LearningError
from penata.workforce.models import OrgUnit, Position

TEKNIS_FIELDS = ("name", "area", "description", "is_digital", "is_active", "order")


def _require_manage(actor: Any) -> None:
    if not has_perm(actor, Perm.COMPETENCY_MANAGE):
        raise LearningError(
            "forbidden", "Hanya BKPP yang dapat mengubah kamus dan standar kompetensi."
        )


def _check_level(level: Any, what: str) -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise LearningError("level_invalid", f"Level {what} harus 1 sampai 5.")
    return value


@transaction.atomic
def competency_save(
    *,
    actor: Any,
    competency: Competency | None = None,
    code: str = "",
    values: Mapping[str, Any],
    levels: Mapping[int, str] | None = None,
) -> Competency:
    """Create a teknis competency (``competency`` None, with ``code``) or edit one.

    For manajerial and sosial kultural competencies only ``description`` is taken from
    ``values`` (the rest of the national dictionary is read-only); ``levels`` (level → text)
    are written only for teknis ones.
    """
    _require_manage(actor)
    if competency is None:
        code = (code or "").strip().lower()
        if not code:
            raise LearningError(
                "code_required", "Isi kode kompetensi (huruf kecil dan garis bawah)."
            )
        if Competency.objects.filter(code=code).exists():
            raise LearningError("code_taken", f"Kode {code} sudah dipakai kompetensi lain.")
        if not (values.get("name") or "").strip():
            raise LearningError("name_required", "Isi nama kompetensi.")
        obj = Competency(code=code, kind=CompetencyKind.TEKNIS)
        before: dict[str, Any] = {}
    else:
        obj = Competency.objects.select_for_update().get(pk=competency.pk)
        before = snapshot(obj)
        before["levels"] = dict(obj.levels.values_list("level", "description"))
    if obj.kind == CompetencyKind.TEKNIS:
        for field in TEKNIS_FIELDS:
            if field in values:
                setattr(obj, field, values[field])
        obj.name = (obj.name or "").strip()
        if not obj.name:
            raise LearningError("name_required", "Isi nama kompetensi.")
    else:
        obj.description = values.get("description", obj.description)
    obj.save()
    if obj.kind == CompetencyKind.TEKNIS and levels:
        for level, text in levels.items():
            _check_level(level, "uraian")
            text = (text or "").strip()
            if text:
                CompetencyLevel.objects.update_or_create(
                    competency=obj, level=int(level), defaults={"description": text}
                )
            else:
                CompetencyLevel.objects.filter(competency=obj, level=int(level)).delete()
    after = snapshot(obj)
    after["levels"] = dict(obj.levels.values_list("level", "description"))
    audit_record(
        actor=actor,
        action="competency.create" if not before else "competency.update",
        obj=obj,
        before=before or None,
        after=after,
    )
    return obj


@transaction.atomic
def standards_set(
    *, actor: Any, position: Position, levels: Mapping[int, int | None]
) -> dict[str, int]:
    """Set the standard of one position: competency id → required level; ``None``/0 removes
    the competency from the standard. Competencies not in ``levels`` are left as they are."""
    _require_manage(actor)
    current = dict(
        CompetencyStandard.objects.filter(position=position).values_list("competency_id", "level")
    )
    valid_ids = set(Competency.objects.filter(pk__in=list(levels)).values_list("pk", flat=True))
    upserts: list[CompetencyStandard] = []
    removes: list[int] = []
    for comp_id, level in levels.items():
        if comp_id not in valid_ids:
            raise LearningError("competency_unknown", "Kompetensi tidak dikenal.")
        if not level:
            if comp_id in current:
                removes.append(comp_id)
            continue
        value = _check_level(level, "yang dipersyaratkan")
        if current.get(comp_id) != value:
            upserts.append(
                CompetencyStandard(position=position, competency_id=comp_id, level=value)
            )
    if removes:
        CompetencyStandard.objects.filter(position=position, competency_id__in=removes).delete()
    if upserts:
        CompetencyStandard.objects.bulk_create(
            upserts,
            update_conflicts=True,
            unique_fields=["position", "competency"],
            update_fields=["level"],
        )
    after = dict(current)
    for comp_id in removes:
        after.pop(comp_id, None)
    for s in upserts:
        after[s.competency_id] = s.level
    counts = {
        "created": sum(1 for s in upserts if s.competency_id not in current),
        "updated": sum(1 for s in upserts if s.competency_id in current),
        "removed": len(removes),
    }
    if upserts or removes:
        audit_record(
            actor=actor,
            action="standard.set",
            obj=position,
            before={"levels": {str(k): v for k, v in current.items()}},
            after={"levels": {str(k): v for k, v in after.items()}, **counts},
        )
    return counts


def family_positions(
    family: str, *, kind: str = "", opd: OrgUnit | None = None
) -> QuerySet[Position]:
    """The positions of a family (case-insensitive), optionally of one kind and/or in one OPD
    (the OPD's unit and everything below it)."""
    qs = Position.objects.filter(family__iexact=(family or "").strip())
    if kind:
        qs = qs.filter(kind=kind)
    if opd is not None:
        qs = qs.filter(org_unit__path__startswith=opd.path)
    return qs


def families() -> list[tuple[str, int]]:
    """The position families in use, with their number of positions (one query)."""
    from django.db.models import Count

    return list(
        Position.objects.exclude(family="")
        .values_list("family")
        .annotate(n=Count("pk"))
        .order_by("family")
    )


def family_preview(
    family: str, levels: Mapping[int, int], *, kind: str = "", opd: OrgUnit | None = None
) -> dict[str, int]:
    """What :func:`standards_assign_family` would do, without writing: positions matched,
    holders of those positions, and standards to create, change or leave. Three queries."""
    ids = list(family_positions(family, kind=kind, opd=opd).values_list("pk", flat=True))
    from penata.workforce.models import Employee

    holders = Employee.objects.filter(position_id__in=ids).count() if ids else 0
    plan = _plan(ids, levels)
    return {"positions": len(ids), "holders": holders, **{k: len(v) for k, v in plan.items()}}


def _plan(position_ids: list[int], levels: Mapping[int, int]) -> dict[str, list[Any]]:
    existing: dict[tuple[int, int], int] = {}
    if position_ids and levels:
        for start in range(0, len(position_ids), 900):
            chunk = position_ids[start : start + 900]
            existing.update(
                {
                    (p, c): lv
                    for p, c, lv in CompetencyStandard.objects.filter(
                        position_id__in=chunk, competency_id__in=list(levels)
                    ).values_list("position_id", "competency_id", "level")
                }
            )
    created, updated, unchanged = [], [], []
    for pos in position_ids:
        for comp, level in levels.items():
            have = existing.get((pos, comp))
            if have is None:
                created.append((pos, comp, level))
            elif have != level:
                updated.append((pos, comp, level))
            else:
                unchanged.append((pos, comp, level))
    return {"created": created, "updated": updated, "unchanged": unchanged}


@transaction.atomic
def standards_assign_family(
    *,
    actor: Any,
    family: str,
    levels: Mapping[int, int],
    kind: str = "",
    opd: OrgUnit | None = None,
) -> dict[str, int]:
    """Upsert the standard (competency id → level) of every position of ``family`` (optionally
    restricted to ``kind`` and ``opd``) in one transaction: one upsert statement per 2,000
    rows, whatever the number of positions. Other competencies of those standards stay."""
    _require_manage(actor)
    family = (family or "").strip()
    if not family:
        raise LearningError("family_required", "Pilih rumpun jabatan.")
    if not levels:
        raise LearningError("levels_required", "Pilih paling sedikit satu kompetensi dan levelnya.")
    clean = {int(c): _check_level(lv, "yang dipersyaratkan") for c, lv in levels.items()}
    known = set(Competency.objects.filter(pk__in=list(clean)).values_list("pk", flat=True))
    if known != set(clean):
        raise LearningError("competency_unknown", "Ada kompetensi yang tidak dikenal.")
    ids = list(
        family_positions(family, kind=kind, opd=opd)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise LearningError(
            "no_positions",
            f"Tidak ada jabatan dengan rumpun '{family}'"
            + (" pada pilihan jenis/OPD itu" if kind or opd else "")
            + ". Periksa ejaan rumpun di data jabatan.",
        )
    plan = _plan(ids, clean)
    rows = [
        CompetencyStandard(position_id=p, competency_id=c, level=lv)
        for p, c, lv in plan["created"] + plan["updated"]
    ]
    if rows:
        CompetencyStandard.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["position", "competency"],
            update_fields=["level"],
        )
    counts = {
        "positions": len(ids),
        "created": len(plan["created"]),
        "updated": len(plan["updated"]),
        "unchanged": len(plan["unchanged"]),
    }
    audit_record(
        actor=actor,
        action="standard.assign_family",
        object_type="learning.competencystandard",
        object_repr=f"Rumpun {family}"[:255],
        after={
            "family": family,
            "kind": kind,
            "opd": opd.pk if opd is not None else None,
            "levels": {str(k): v for k, v in clean.items()},
            **counts,
        },
    )
    return counts
