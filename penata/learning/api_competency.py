"""API of the competency dictionary, standards, gaps and assessments.

- ``GET /learning/competencies``: the dictionary with levels (every ASN);
- ``GET /learning/standards?position_id=``: the standard of a position (every ASN);
- ``GET /learning/employees/{id}/gaps``: required, assessed and gap per competency of one
  employee (the employee themself or anyone who may see them; otherwise 404);
- ``GET /learning/gaps/opd``: aggregates per OPD × competency (:attr:`Perm.LEARNING_STATS`,
  an OPD operator sees their unit only);
- ``POST /learning/assessments``: record an assessment (:attr:`Perm.ASSESSMENT_ENTER`, scoped:
  a supervisor only source ``supervisor`` for their team). A refusal is a 409 (scope, source)
  or 422 (values) ``{"code", "message"}``.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from penata.core.api import api_require
from penata.core.api_errors import declare_errors
from penata.core.roles import Perm
from penata.learning import assessments, gaps
from penata.learning.models import Competency, CompetencyStandard
from penata.learning.services import LearningError
from penata.workforce.models import OrgUnit
from penata.workforce.selectors import employees_visible_to

router = Router(tags=["kompetensi"])

VALUE_ERRORS = {"level_invalid", "source_invalid", "date_in_future", "validity_before_date"}


def _error(exc: LearningError) -> HttpError:
    err = HttpError(422 if exc.code in VALUE_ERRORS else 409, exc.message)
    err.code = exc.code  # type: ignore[attr-defined]
    return err


class LevelOut(Schema):
    level: int
    description: str


class CompetencyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    area: str
    description: str
    is_digital: bool
    is_active: bool
    levels: list[LevelOut]


@router.get("/learning/competencies", response=list[CompetencyOut], summary="Kamus kompetensi")
@api_require(Perm.LEARNING_OWN)
def competency_list(request: HttpRequest, kind: str = "", active: bool = True) -> Any:
    qs = Competency.objects.prefetch_related("levels")
    if kind:
        qs = qs.filter(kind=kind)
    if active:
        qs = qs.filter(is_active=True)
    return [
        {
            "id": c.pk,
            "code": c.code,
            "name": c.name,
            "kind": c.kind,
            "area": c.area,
            "description": c.description,
            "is_digital": c.is_digital,
            "is_active": c.is_active,
            "levels": [{"level": lv.level, "description": lv.description} for lv in c.levels.all()],
        }
        for c in qs
    ]


class StandardOut(Schema):
    position_id: int
    competency_id: int
    competency_code: str
    competency: str
    level: int


class StandardQuery(Schema):
    position_id: int | None = Field(None, ge=1, description="id jabatan (wajib)")


@router.get("/learning/standards", response=list[StandardOut], summary="Standar kompetensi jabatan")
@api_require(Perm.LEARNING_OWN)
def standard_list(request: HttpRequest, filters: Query[StandardQuery]) -> Any:
    if filters.position_id is None:
        err = HttpError(422, "Sebutkan jabatan: ?position_id=<id jabatan>.")
        err.code = "position_required"  # type: ignore[attr-defined]
        raise err
    rows = (
        CompetencyStandard.objects.filter(position_id=filters.position_id)
        .select_related("competency")
        .order_by("competency__order", "competency__code")
    )
    return [
        {
            "position_id": s.position_id,
            "competency_id": s.competency_id,
            "competency_code": s.competency.code,
            "competency": s.competency.name,
            "level": s.level,
        }
        for s in rows
    ]


class GapOut(Schema):
    competency_id: int
    competency_code: str
    competency: str
    required: int
    assessed: int | None
    gap: int
    assessed_on: dt.date | None
    source: str | None


class EmployeeGapsOut(Schema):
    employee_id: int
    on: dt.date
    total_gap: int
    gaps: list[GapOut]


@router.get(
    "/learning/employees/{employee_id}/gaps",
    response=EmployeeGapsOut,
    summary="Kesenjangan kompetensi seorang pegawai",
)
@api_require(Perm.LEARNING_OWN)
def employee_gaps(request: HttpRequest, employee_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    employee = employees_visible_to(user).filter(pk=employee_id).first()
    if employee is None:
        raise Http404
    on = timezone.localdate()
    rows = gaps.employee_profile(employee, on)
    return {
        "employee_id": employee.pk,
        "on": on,
        "total_gap": sum(r["gap"] for r in rows),
        "gaps": [
            {
                "competency_id": r["competency"].pk,
                "competency_code": r["competency"].code,
                "competency": r["competency"].name,
                "required": r["required"],
                "assessed": r["assessed"],
                "gap": r["gap"],
                "assessed_on": r["assessment"].assessed_on if r["assessment"] else None,
                "source": r["assessment"].source if r["assessment"] else None,
            }
            for r in rows
        ],
    }


class OpdGapOut(Schema):
    opd_id: int
    opd: str
    competency_id: int
    competency_code: str
    people: int
    assessed: int
    with_gap: int
    gap_sum: int
    mean_gap: float
    share_gap: float


class OpdGapQuery(Schema):
    opd_id: int | None = Field(None, ge=1, description="hanya OPD ini")
    kind: str = Field("", description="manajerial, sosial_kultural atau teknis")


@router.get(
    "/learning/gaps/opd",
    response=list[OpdGapOut],
    summary="Kesenjangan per OPD dan kompetensi (agregat)",
    openapi_extra=declare_errors(404),  # an OPD not found or out of scope
)
@api_require(Perm.LEARNING_STATS)
def opd_gaps(request: HttpRequest, filters: Query[OpdGapQuery]) -> Any:
    scope = gaps.stats_scope(request.auth)  # type: ignore[attr-defined]
    if filters.opd_id:
        opd = OrgUnit.objects.filter(pk=filters.opd_id).first()
        if opd is None:
            raise Http404
        scope = scope.filter(org_unit__path__startswith=opd.path)
    comps = None
    if filters.kind:
        comps = list(Competency.objects.filter(kind=filters.kind).values_list("pk", flat=True))
    summary = gaps.gap_summary(scope, timezone.localdate(), competencies=comps)
    opds = {o.pk: o.name for o in summary.opds}
    codes = {c.pk: c.code for c in summary.competencies}
    return [
        {
            "opd_id": opd_id,
            "opd": opds.get(opd_id, ""),
            "competency_id": comp_id,
            "competency_code": codes.get(comp_id, ""),
            "people": agg.people,
            "assessed": agg.assessed,
            "with_gap": agg.with_gap,
            "gap_sum": agg.gap_sum,
            "mean_gap": round(agg.mean_gap, 3),
            "share_gap": round(agg.share_gap, 3),
        }
        for (opd_id, comp_id), agg in sorted(
            summary.cells.items(), key=lambda kv: (opds.get(kv[0][0], ""), kv[0][1])
        )
    ]


class AssessmentIn(Schema):
    employee_id: int = Field(..., ge=1)
    competency: str = Field(..., min_length=1, max_length=40, description="kode kompetensi")
    level: int = Field(..., ge=1, le=5)
    source: str = Field(..., description="assessment_centre, uji_kompetensi atau supervisor")
    assessed_on: dt.date
    valid_until: dt.date | None = None
    note: str = Field("", max_length=255)


class AssessmentOut(Schema):
    id: int
    employee_id: int
    competency_id: int
    level: int
    source: str
    assessed_on: dt.date
    valid_until: dt.date | None
    revoked: bool


@router.post(
    "/learning/assessments",
    response={201: AssessmentOut},
    summary="Catat hasil asesmen kompetensi",
    openapi_extra=declare_errors(404),  # the employee, not found or out of scope
)
@api_require(Perm.ASSESSMENT_ENTER)
def assessment_create(request: HttpRequest, body: AssessmentIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    employee = employees_visible_to(user).filter(pk=body.employee_id).first()
    if employee is None:
        raise Http404
    competency = Competency.objects.filter(code=body.competency).first()
    if competency is None:
        err = HttpError(422, f"Kompetensi '{body.competency}' tidak ada di kamus.")
        err.code = "competency_unknown"  # type: ignore[attr-defined]
        raise err
    try:
        obj = assessments.assessment_enter(
            actor=user,
            employee=employee,
            competency=competency,
            level=body.level,
            source=body.source,
            assessed_on=body.assessed_on,
            valid_until=body.valid_until,
            note=body.note,
        )
    except LearningError as exc:
        raise _error(exc) from exc
    return Status(201, obj)
