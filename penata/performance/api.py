"""API of performance management: periods, appraisals (scoped like the pages), predikat history,
and the SKP transitions (submit, rate, objection, finalise an OPD) through the services.

A refused transition (:class:`~penata.performance.services.TransitionError`, e.g. a stale
``version``) is a 409 ``{"code", "message"}``, see :mod:`penata.api`.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from penata.core.api import BoundedPagination, api_require
from penata.core.roles import Perm
from penata.performance import rules, services
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.performance.selectors import (
    appraisals_visible_to,
    periods_visible_to,
    predikat_history,
)
from penata.workforce.models import OrgUnit

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


# --- transitions ---------------------------------------------------------------------------


def _visible_appraisal(request: HttpRequest, appraisal_id: int) -> Appraisal:
    """The SKP if it is in the caller's scope, else 404 (out of scope looks like absent)."""
    appraisal = appraisals_visible_to(request.auth).filter(pk=appraisal_id).first()  # type: ignore[attr-defined]
    if appraisal is None:
        raise Http404
    return appraisal


def _detail(request: HttpRequest, appraisal_id: int) -> Appraisal:
    qs = appraisals_visible_to(request.auth).prefetch_related("results", "behaviours")  # type: ignore[attr-defined]
    return qs.get(pk=appraisal_id)


@router.post(
    "/performance/appraisals/{appraisal_id}/submit",
    response=AppraisalDetailOut,
    summary="Ajukan SKP saya (draf → diajukan)",
)
@api_require(Perm.APPRAISAL_OWN)
def appraisal_submit(request: HttpRequest, appraisal_id: int) -> Appraisal:
    appraisal = _visible_appraisal(request, appraisal_id)
    services.appraisal_submit(actor=request.auth, appraisal=appraisal)  # type: ignore[attr-defined]
    return _detail(request, appraisal_id)


class BehavioursIn(Schema):
    """The appraiser's rating of each of the seven BerAKHLAK values."""

    berorientasi_pelayanan: rules.Rating
    akuntabel: rules.Rating
    kompeten: rules.Rating
    harmonis: rules.Rating
    loyal: rules.Rating
    adaptif: rules.Rating
    kolaboratif: rules.Rating


class RateIn(Schema):
    hasil_kerja: rules.Rating = Field(description="di_atas, sesuai atau di_bawah")
    behaviours: BehavioursIn
    version: int = Field(ge=1, le=1_000_000, description="versi SKP yang dilihat penilai")
    note: str = Field("", max_length=4000, description="catatan penilai")


@router.post(
    "/performance/appraisals/{appraisal_id}/rate",
    response=AppraisalDetailOut,
    summary="Nilai SKP (pejabat penilai saja)",
)
@api_require(Perm.APPRAISAL_RATE)
def appraisal_rate(request: HttpRequest, appraisal_id: int, payload: RateIn) -> Appraisal:
    appraisal = _visible_appraisal(request, appraisal_id)
    services.appraisal_rate(
        actor=request.auth,  # type: ignore[attr-defined]
        appraisal=appraisal,
        hasil_kerja=payload.hasil_kerja,
        behaviours=payload.behaviours.model_dump(),
        version=payload.version,
        note=payload.note,
    )
    return _detail(request, appraisal_id)


class ObjectionIn(Schema):
    reason: str = Field(min_length=1, max_length=4000, pattern=r"\S", description="alasan")


@router.post(
    "/performance/appraisals/{appraisal_id}/objection",
    response=AppraisalDetailOut,
    summary="Ajukan keberatan atas penilaian SKP saya",
)
@api_require(Perm.APPRAISAL_OWN)
def appraisal_objection(request: HttpRequest, appraisal_id: int, payload: ObjectionIn) -> Appraisal:
    appraisal = _visible_appraisal(request, appraisal_id)
    services.objection_file(actor=request.auth, appraisal=appraisal, reason=payload.reason)  # type: ignore[attr-defined]
    return _detail(request, appraisal_id)


class FinaliseOut(Schema):
    period_id: int
    opd_id: int
    finalised: int


@router.post(
    "/performance/periods/{period_id}/opds/{opd_id}/finalise",
    response=FinaliseOut,
    summary="Finalkan SKP satu OPD (BKPP; kurva distribusi diperiksa)",
)
@api_require(Perm.PERFORMANCE_MANAGE)
def unit_finalise(request: HttpRequest, period_id: int, opd_id: int) -> dict[str, int]:
    period = get_object_or_404(AppraisalPeriod, pk=period_id)
    opd = get_object_or_404(OrgUnit, pk=opd_id)
    n = services.appraisals_finalise_unit(actor=request.auth, period=period, opd=opd)  # type: ignore[attr-defined]
    return {"period_id": period.pk, "opd_id": opd.pk, "finalised": n}


__all__ = ["AppraisalPeriod", "router"]
