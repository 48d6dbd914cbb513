"""API of the policy workspace: documents, indicators, open consultations and moderation.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from penata.core.api import api_require
from penata.core.roles import Perm
from penata.policy import selectors, services
from penata.policy.models import Comment

router = Router(tags=["kebijakan"])


class DocumentOut(Schema):
    id: int
    title: str
    slug: str
    status: str
    versions: int
    updated_at: dt.datetime


class VersionOut(Schema):
    number: int
    note: str
    created_at: dt.datetime
    body: str


class DocumentDetailOut(DocumentOut):
    summary: str
    latest: VersionOut | None


@router.get("/policy/documents", response=list[DocumentOut], summary="Dokumen kebijakan")
@api_require(Perm.POLICY_VIEW)
def documents(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": d.pk,
            "title": d.title,
            "slug": d.slug,
            "status": d.status,
            "versions": d.n_versions,  # type: ignore[attr-defined]
            "updated_at": d.updated_at,
        }
        for d in selectors.documents_visible_to(request.auth).order_by("-updated_at")[:500]  # type: ignore[attr-defined]
    ]


@router.get("/policy/documents/{document_id}", response=DocumentDetailOut, summary="Satu dokumen")
@api_require(Perm.POLICY_VIEW)
def document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    d = selectors.documents_visible_to(request.auth).filter(pk=document_id).first()  # type: ignore[attr-defined]
    if d is None:
        raise Http404
    v = d.versions.order_by("-number").first()
    return {
        "id": d.pk,
        "title": d.title,
        "slug": d.slug,
        "status": d.status,
        "versions": d.n_versions,  # type: ignore[attr-defined]
        "updated_at": d.updated_at,
        "summary": d.summary,
        "latest": {"number": v.number, "note": v.note, "created_at": v.created_at, "body": v.body}
        if v
        else None,
    }


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    year: int
    target: float | None
    actual: float | None
    percent: float | None
    computed: bool
    source: str
    origin: str = Field(
        description="asal realisasi: computed (data Penata), manual (isian tim) atau kosong"
    )


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="tahun (bawaan: tahun ini)")


@router.get("/policy/indicators", response=list[IndicatorOut], summary="Indikator kebijakan")
@api_require(Perm.POLICY_VIEW)
def indicator_list(request: HttpRequest, q: Query[YearQuery]) -> list[dict[str, Any]]:
    year = q.year or timezone.localdate().year
    return [
        {
            "code": r.indicator.code,
            "name": r.indicator.name,
            "unit": r.indicator.unit,
            "year": year,
            "target": float(r.target) if r.target is not None else None,
            "actual": r.actual,
            "percent": r.percent,
            "computed": r.computed,
            "source": r.source_label,
            "origin": r.origin,
        }
        for r in selectors.indicator_table(year)
    ]


class ConsultationOut(Schema):
    slug: str
    title: str
    document: str
    version: int
    opens_on: dt.date
    closes_on: dt.date
    url: str


@router.get(
    "/policy/consultations/open",
    response=list[ConsultationOut],
    summary="Konsultasi publik yang sedang dibuka",
)
@api_require(Perm.DASHBOARD_VIEW)
def consultations_open(request: HttpRequest) -> list[dict[str, Any]]:
    from django.urls import reverse

    return [
        {
            "slug": c.slug,
            "title": c.title,
            "document": c.version.document.title,
            "version": c.version.number,
            "opens_on": c.opens_on,
            "closes_on": c.closes_on,
            "url": reverse("policy:public_detail", args=[c.slug]),
        }
        for c in selectors.open_consultations()
    ]


class ModerateIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500)


class ModerateOut(Schema):
    id: int
    status: str


@router.post(
    "/policy/comments/{comment_id}/moderate", response=ModerateOut, summary="Moderasi komentar"
)
@api_require(Perm.POLICY_MANAGE)
def comment_moderate(request: HttpRequest, comment_id: int, body: ModerateIn) -> dict[str, Any]:
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    c = services.comment_moderate(
        actor=request.auth,  # type: ignore[attr-defined]
        comment=comment,
        approve=body.approve,
        reason=body.reason,
    )
    return {"id": c.pk, "status": c.status}
