"""API of performance management: periods, appraisals (scoped like the pages), predikat history.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from penata.core.api import BoundedPagination, api_require
from penata.core.roles import Perm
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.performance.selectors import (
    appraisals_visible_to,
    periods_visible_to,
    predikat_history,
)

router = Router(tags=["kinerja"])


class PeriodOut(Schema):
    id: int
    year: int
    kind: str
    start: dt.date
    end: dt.date
    status: str
    objection_days: int


@router.get("/performance/periods", response=list[PeriodOut], summary="Periode penilaian")
@api_require(Perm.APPRAISAL_OWN)
def period_list(request: HttpRequest) -> Any:
    return periods_visible_to(request.auth)  # type: ignore[attr-defined]


class AppraisalOut(Schema):
    id: int
    period_id: int
    period: str
    employee_id: int
    nip: str
    name: str
    appraiser_id: int | None
    org_unit_id: int
    opd_id: int | None
    status: str
    hasil_kerja: str
    perilaku: str
    predikat: str
    predikat_label: str
    rated_at: dt.datetime | None
    finalised_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_period(obj: Appraisal) -> str:
        return str(obj.period)

    @staticmethod
    def resolve_nip(obj: Appraisal) -> str:
        return obj.employee.nip

    @staticmethod
    def resolve_name(obj: Appraisal) -> str:
        return obj.employee.name

    @staticmethod
    def resolve_predikat_label(obj: Appraisal) -> str:
        return obj.get_predikat_display() if obj.predikat else ""


class BehaviourOut(Schema):
    value: str
    rating: str


class ResultOut(Schema):
    description: str
    indicator: str
    target: str
    realisation: str
    evidence: str
    agreed: bool


class AppraisalDetailOut(AppraisalOut):
    results: list[ResultOut]
    behaviours: list[BehaviourOut]

    @staticmethod
    def resolve_results(obj: Appraisal) -> list[Any]:
        return list(obj.results.all())

    @staticmethod
    def resolve_behaviours(obj: Appraisal) -> list[Any]:
        return list(obj.behaviours.all())


class AppraisalFilters(Schema):
    period: int | None = Field(None, description="id periode")
    status: str | None = Field(None, pattern=r"^(draft|submitted|rated|objected|final)$")
    role: str | None = Field(
        None, pattern=r"^(own|appraisee)$", description="own: SKP saya; appraisee: yang saya nilai"
    )


@router.get("/performance/appraisals", response=list[AppraisalOut], summary="SKP dalam cakupan")
@api_require(Perm.APPRAISAL_OWN)
@paginate(BoundedPagination)
def appraisal_list(request: HttpRequest, filters: Query[AppraisalFilters]) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    qs = appraisals_visible_to(user)
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.role == "own":
        qs = qs.filter(employee_id=user.employee_id)
    elif filters.role == "appraisee":
        qs = qs.filter(appraiser_id=user.employee_id)
    return qs.order_by("-period__year", "period__kind", "employee__name", "pk")


@router.get(
    "/performance/appraisals/{appraisal_id}", response=AppraisalDetailOut, summary="Satu SKP"
)
@api_require(Perm.APPRAISAL_OWN)
def appraisal_detail(request: HttpRequest, appraisal_id: int) -> Appraisal:
    qs = appraisals_visible_to(request.auth).prefetch_related("results", "behaviours")  # type: ignore[attr-defined]
    appraisal = qs.filter(pk=appraisal_id).first()
    if appraisal is None:
        raise Http404
    return appraisal


@router.get(
    "/performance/employees/{employee_id}/predikat",
    response=list[AppraisalOut],
    summary="Riwayat predikat seorang pegawai",
)
@api_require(Perm.APPRAISAL_OWN)
def predikat_history_list(request: HttpRequest, employee_id: int) -> Any:
    rows = predikat_history(request.auth, employee_id)  # type: ignore[attr-defined]
    if rows is None:
        raise Http404
    return rows.select_related("employee")


__all__ = ["AppraisalPeriod", "router"]
