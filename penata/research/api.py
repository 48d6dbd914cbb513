"""API of research partnerships under ``/api/v1/research``: the data dictionary, requests in
scope, the decision on a request, the effectiveness indicators, the training-impact estimate
and research outputs. No operation returns a person's data.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from penata.core.api import api_require
from penata.core.api_errors import declare_errors
from penata.core.roles import Perm
from penata.research import analysis, rules, selectors, services

router = Router(tags=["riset"])


class VariableOut(Schema):
    code: str
    label: str
    kind: str
    description: str
    per_year: bool
    generalisation: str


@router.get("/research/dictionary", response=list[VariableOut], summary="Kamus data penelitian")
@api_require(Perm.RESEARCH_VIEW)
def dictionary(request: HttpRequest) -> list[dict[str, Any]]:
    return [v.__dict__ for v in rules.VARIABLES]


class RequestOut(Schema):
    id: int
    title: str
    institution: str
    variables: list[str]
    year_from: int
    year_to: int
    status: str
    reason: str
    expires_on: dt.date | None
    expired: bool
    releases: list[int]


def _req_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "institution": r.institution.name,
        "variables": r.variables,
        "year_from": r.year_from,
        "year_to": r.year_to,
        "status": r.status,
        "reason": r.reason,
        "expires_on": r.expires_on,
        "expired": r.is_expired(),
        "releases": [rel.pk for rel in r.releases.all() if rel.status == "ready"],
    }


@router.get("/research/requests", response=list[RequestOut], summary="Permintaan data")
@api_require(Perm.RESEARCH_VIEW)
def request_list(request: HttpRequest) -> list[dict[str, Any]]:
    qs = selectors.requests_visible_to(request.auth).prefetch_related("releases")  # type: ignore[attr-defined]
    return [_req_out(r) for r in qs[:500]]


class DecideIn(Schema):
    approve: bool
    reason: str = Field(min_length=1, max_length=4000)
    expires_on: dt.date | None = None


@router.post(
    "/research/requests/{request_id}/decide", response=RequestOut, summary="Putuskan permintaan"
)
@api_require(Perm.RESEARCH_REVIEW)
def request_decide(request: HttpRequest, request_id: int, payload: DecideIn) -> dict[str, Any]:
    req = selectors.requests_visible_to(request.auth).filter(pk=request_id).first()  # type: ignore[attr-defined]
    if req is None:
        raise Http404
    req = services.request_decide(
        actor=request.auth,  # type: ignore[attr-defined]
        request=req,
        approve=payload.approve,
        reason=payload.reason,
        expires_on=payload.expires_on,
    )
    return _req_out(req)


class PromotionOut(Schema):
    year: int
    decisions: int
    mean_merit: float | None
    top_ranked_share: float


class ReadinessOut(Schema):
    labels: list[str]
    index: list[float | None]


class IndicatorsOut(Schema):
    years: list[int]
    headcount: int
    jp_target: int
    jp_share: list[float | None]
    predikat: dict[str, list[float | None]]
    talent_pool: list[int]
    promotions: list[PromotionOut]
    readiness: ReadinessOut
    ikm: float | None


@router.get("/research/indicators", response=IndicatorsOut, summary="Indikator efektivitas")
@api_require(Perm.RESEARCH_DASHBOARD)
def indicators(request: HttpRequest) -> dict[str, Any]:
    return analysis.indicators()


class ImpactQuery(Schema):
    program_id: int | None = Field(None, ge=1, description="bawaan: program pertama")
    year: int | None = Field(None, ge=2000, le=2100, description="bawaan: tahun terakhir")


class ImpactOut(Schema):
    program_id: int
    year: int
    effect: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n_treated: int
    n_control: int
    strata: int
    explanation: str


@router.get(
    "/research/impact",
    response=ImpactOut,
    summary="Dampak pelatihan (DiD)",
    openapi_extra=declare_errors(404),  # a programme or year without data
)
@api_require(Perm.RESEARCH_DASHBOARD)
def impact(request: HttpRequest, q: Query[ImpactQuery]) -> dict[str, Any]:
    listed = analysis.impact_programs()
    years = analysis.impact_years()
    programs = {p[0]: p for p in listed}
    pid = q.program_id or (listed[0][0] if listed else 0)
    year = q.year or (years[-1] if years else 0)
    prog = programs.get(pid)
    if prog is None or not year:
        raise Http404
    res = analysis.impact(pid, year)
    return {
        "program_id": pid,
        "year": year,
        "effect": res.effect if res else None,
        "se": res.se if res else None,
        "ci_low": res.ci_low if res else None,
        "ci_high": res.ci_high if res else None,
        "n_treated": res.n_treated if res else 0,
        "n_control": res.n_control if res else 0,
        "strata": res.strata if res else 0,
        "explanation": rules.explain_did(res, program=prog[2], year=year),
    }


class PolicyDocumentRef(Schema):
    id: int
    title: str
    status: str


class OutputOut(Schema):
    id: int
    title: str
    summary: str
    recommendations: str
    institution: str
    status: str
    policy_items: list[str] = Field(
        description="Judul topik kebijakan lalu judul dokumen kebijakan yang diinformasikan"
    )
    policy_documents: list[PolicyDocumentRef] = Field(
        description="Dokumen kebijakan yang diinformasikan (hanya yang boleh Anda lihat)"
    )


@router.get("/research/outputs", response=list[OutputOut], summary="Luaran riset")
@api_require(Perm.RESEARCH_DASHBOARD)
def output_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": o.pk,
            "title": o.title,
            "summary": o.summary,
            "recommendations": o.recommendations,
            "institution": o.institution.name,
            "status": o.status,
            "policy_items": [t.title for t in o.topics.all()]
            + [d.title for d in o.policy_documents.all()],
            "policy_documents": [
                {"id": d.pk, "title": d.title, "status": d.status} for d in o.policy_documents.all()
            ],
        }
        for o in selectors.outputs_visible_to(request.auth)[:500]  # type: ignore[attr-defined]
    ]
