"""API of the portal for officers: complaints of their scope (list, detail, respond) and the IKM
per unit. The public pages need no API; the citizen uses the tracking page.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from penata.core.api import api_require
from penata.core.roles import Perm
from penata.portal import rules, selectors, services
from penata.portal.models import Complaint, ComplaintStatus

router = Router(tags=["portal"])


class _Refused(HttpError):
    def __init__(self, exc: services.PortalError) -> None:
        super().__init__(404 if exc.code == "not_found" else 409, exc.message)
        self.code = exc.code


class ComplaintOut(Schema):
    id: int
    tracking_code: str
    kind: str
    org_unit_id: int
    org_unit: str
    opd_id: int
    status: str
    subject: str
    created_at: dt.datetime
    due_at: dt.datetime
    closed_at: dt.datetime | None
    overdue: bool
    version: int


class ComplaintDetailOut(ComplaintOut):
    body: str
    response: str


def _out(c: Complaint, detail: bool = False) -> dict[str, Any]:
    from django.utils import timezone

    data = {
        "id": c.pk,
        "tracking_code": rules.format_code(c.tracking_code),
        "kind": c.kind,
        "org_unit_id": c.org_unit_id,
        "org_unit": c.org_unit.name,
        "opd_id": c.opd_id,
        "status": c.status,
        "subject": c.subject,
        "created_at": c.created_at,
        "due_at": c.due_at,
        "closed_at": c.closed_at,
        "overdue": rules.is_overdue(
            status=c.status, due_at=c.due_at, closed_at=c.closed_at, now=timezone.now()
        ),
        "version": c.version,
    }
    if detail:
        data |= {"body": c.body, "response": c.response}
    return data


class ComplaintFilter(Schema):
    status: str | None = None
    overdue: bool = False
    limit: int = Field(100, ge=1, le=500, description="paling banyak sekian baris")
    offset: int = Field(0, ge=0, le=10_000_000, description="lewati sekian baris")


@router.get("/portal/complaints", response=list[ComplaintOut], summary="Aduan dalam cakupan saya")
@api_require(Perm.PORTAL_HANDLE)
def complaints(request: HttpRequest, filters: Query[ComplaintFilter]) -> list[dict[str, Any]]:
    qs = selectors.complaints_visible_to(request.auth).select_related("org_unit")  # type: ignore[attr-defined]
    if filters.status in ComplaintStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = qs.filter(selectors.overdue_q())
    limit = max(1, min(filters.limit, 500))
    return [_out(c) for c in qs.order_by("-created_at")[filters.offset : filters.offset + limit]]


@router.get(
    "/portal/complaints/{complaint_id}", response=ComplaintDetailOut, summary="Rincian aduan"
)
@api_require(Perm.PORTAL_HANDLE)
def complaint(request: HttpRequest, complaint_id: int) -> dict[str, Any]:
    c = (
        selectors.complaints_visible_to(request.auth)  # type: ignore[attr-defined]
        .select_related("org_unit")
        .filter(pk=complaint_id)
        .first()
    )
    if c is None:
        raise Http404
    return _out(c, detail=True)


class RespondIn(Schema):
    status: str
    response: str = ""
    version: int


@router.post(
    "/portal/complaints/{complaint_id}/respond",
    response=ComplaintDetailOut,
    summary="Tanggapi aduan (ubah status, tulis tanggapan)",
)
@api_require(Perm.PORTAL_HANDLE)
def respond(request: HttpRequest, complaint_id: int, payload: RespondIn) -> dict[str, Any]:
    try:
        c = services.complaint_respond(
            actor=request.auth,  # type: ignore[attr-defined]
            complaint_id=complaint_id,
            status=payload.status,
            response=payload.response,
            version=payload.version,
        )
    except services.PortalError as exc:
        raise _Refused(exc) from exc
    return _out(c, detail=True)


class IkmOut(Schema):
    unit_id: int | None
    unit: str
    period: str
    respondents: int
    hidden: bool
    index: float | None
    mutu: str
    kinerja: str
    below_minimum: bool
    element_means: dict[str, float]


@router.get("/portal/ikm", response=list[IkmOut], summary="IKM per unit layanan (cakupan saya)")
@api_require(Perm.PORTAL_HANDLE)
def ikm(request: HttpRequest, period: str | None = None) -> list[dict[str, Any]]:
    scope = selectors.ikm_responses_visible_to(request.auth)  # type: ignore[attr-defined]
    return [
        {
            "unit_id": r.unit_id,
            "unit": r.unit_name,
            "period": r.period,
            "respondents": r.n,
            "hidden": r.hidden,
            "index": float(r.index) if r.index is not None else None,
            "mutu": r.mutu,
            "kinerja": r.kinerja,
            "below_minimum": r.below_minimum,
            "element_means": r.element_means,
        }
        for r in selectors.ikm_by_unit(period, qs=scope)
    ]
