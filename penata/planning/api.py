"""API of workforce planning (ABK, formation, redistribution).

- ``GET /planning/summary``: city (or OPD) totals and per-OPD needed/in post/formasi
  (:attr:`Perm.PLANNING_VIEW`; an OPD operator sees their OPD only);
- ``GET /planning/positions``: the ABK per position, paged (same scope);
- ``GET /planning/projection``: shortage five years out with BUP retirements (same scope);
- ``GET /planning/proposals``, ``GET /planning/proposals/{id}``: proposals with their moves
  and reasons (:attr:`Perm.PLANNING_MANAGE`);
- ``POST /planning/proposals/{id}/approve``: approve a draft and apply it through the
  registry's transfer service, once (409 with a message when refused).

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from penata.core.api import api_require
from penata.core.roles import Perm
from penata.planning import selectors, services

router = Router(tags=["perencanaan"])


class OpdRow(Schema):
    opd_id: int | None
    opd_name: str
    positions: int
    needed: int
    in_post: int
    formasi: int
    surplus: int
    shortage: int


class SummaryOut(Schema):
    run_id: int | None
    effective_minutes: int | None
    positions: int
    needed: int
    in_post: int
    formasi: int
    surplus: int
    shortage: int
    opds: list[OpdRow]


class ScopeQuery(Schema):
    opd_id: int | None = None


def _loads(request: HttpRequest, opd_id: int | None) -> tuple[Any, Any]:
    run = services.latest_run()
    loads = selectors.loads_visible_to(request.auth, run)  # type: ignore[attr-defined]
    if opd_id:
        loads = loads.filter(opd_id=opd_id)
    return run, loads


@router.get("/planning/summary", response=SummaryOut, summary="Ringkasan ABK (agregat)")
@api_require(Perm.PLANNING_VIEW)
def summary(request: HttpRequest, filters: Query[ScopeQuery]) -> Any:
    run, loads = _loads(request, filters.opd_id)
    totals = selectors.totals(loads)
    return {
        "run_id": run.pk if run else None,
        "effective_minutes": run.effective_minutes if run else None,
        **{
            k: int(totals[k])
            for k in ("positions", "needed", "in_post", "formasi", "surplus", "shortage")
        },
        "opds": [
            {"opd_name": r["opd__name"] or "", **{k: r[k] for k in OpdRow.model_fields if k in r}}
            for r in selectors.opd_summary(loads)
        ],
    }


class PlanningPositionOut(Schema):
    position_id: int
    position: str
    org_unit: str
    workload_minutes: float
    needed_exact: float
    needed: int
    in_post: int
    formasi: int
    efficiency: float | None
    band: str


class PositionQuery(Schema):
    opd_id: int | None = None
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(100, ge=1, le=1000)


@router.get("/planning/positions", response=list[PlanningPositionOut], summary="ABK per jabatan")
@api_require(Perm.PLANNING_VIEW)
def positions(request: HttpRequest, filters: Query[PositionQuery]) -> Any:
    _run, loads = _loads(request, filters.opd_id)
    start = (filters.page - 1) * filters.page_size
    rows = selectors.position_rows(loads)[start : start + filters.page_size]
    return [
        {
            "position_id": x.position_id,
            "position": str(x.position),
            "org_unit": x.org_unit.name,
            "workload_minutes": x.workload_minutes,
            "needed_exact": x.needed_exact,
            "needed": x.needed,
            "in_post": x.in_post,
            "formasi": x.formasi,
            "efficiency": x.efficiency,
            "band": x.band,
        }
        for x in rows
    ]


class ProjectionOut(Schema):
    years: list[int]
    total: list[int]
    retiring: list[int]


@router.get("/planning/projection", response=ProjectionOut, summary="Proyeksi kekurangan 5 tahun")
@api_require(Perm.PLANNING_VIEW)
def projection(request: HttpRequest) -> Any:
    return selectors.retirement_projection(request.auth, services.latest_run())  # type: ignore[attr-defined]


class MoveOut(Schema):
    id: int
    employee_id: int
    from_position_id: int
    to_position_id: int
    reasons: list[str]
    excluded: bool
    applied: bool


class ProposalOut(Schema):
    id: int
    title: str
    status: str
    version: int
    stats: dict[str, Any]


class ProposalDetailOut(ProposalOut):
    moves: list[MoveOut]


def _proposal(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "status": p.status,
        "version": p.version,
        "stats": p.stats,
    }


@router.get("/planning/proposals", response=list[ProposalOut], summary="Usulan redistribusi")
@api_require(Perm.PLANNING_MANAGE)
def proposals(request: HttpRequest) -> Any:
    return [_proposal(p) for p in selectors.proposals_visible_to(request.auth)[:200]]  # type: ignore[attr-defined]


@router.get(
    "/planning/proposals/{proposal_id}", response=ProposalDetailOut, summary="Usulan dan mutasinya"
)
@api_require(Perm.PLANNING_MANAGE)
def proposal(request: HttpRequest, proposal_id: int) -> Any:
    p = selectors.proposals_visible_to(request.auth).filter(pk=proposal_id).first()  # type: ignore[attr-defined]
    if p is None:
        raise Http404
    return {
        **_proposal(p),
        "moves": [
            {
                "id": m.pk,
                "employee_id": m.employee_id,
                "from_position_id": m.from_position_id,
                "to_position_id": m.to_position_id,
                "reasons": m.reasons,
                "excluded": m.excluded,
                "applied": m.applied_at is not None,
            }
            for m in p.moves.order_by("id")
        ],
    }


class ApproveIn(Schema):
    version: int = Field(..., ge=1)


@router.post(
    "/planning/proposals/{proposal_id}/approve",
    response=ProposalOut,
    summary="Setujui dan terapkan usulan (sekali)",
)
@api_require(Perm.PLANNING_MANAGE)
def approve(request: HttpRequest, proposal_id: int, body: ApproveIn) -> Any:
    p = selectors.proposals_visible_to(request.auth).filter(pk=proposal_id).first()  # type: ignore[attr-defined]
    if p is None:
        raise Http404
    try:
        p = services.proposal_approve(actor=request.auth, proposal=p, version=body.version)  # type: ignore[attr-defined]
    except services.PlanningError as exc:
        raise HttpError(409, str(exc)) from exc
    return _proposal(p)
