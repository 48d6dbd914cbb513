"""API of funding: budget lines with their position, a line's programs, the funding gap,
partners, agreements and sponsorships (scoped like the pages), and writes through the services.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from penata.core.api import BoundedPagination, api_require
from penata.core.roles import Perm
from penata.funding import reports, selectors, services
from penata.funding.models import BudgetLine, PartnerKind
from penata.workforce.models import OrgUnit

router = Router(tags=["pendanaan"])


class LineOut(Schema):
    id: int
    fiscal_year: int
    program_code: str
    activity_code: str
    sub_activity_code: str
    name: str
    opd: str | None
    competency_area: str
    is_active: bool
    ceiling: int
    committed: int
    realised: int
    available: int
    percent_used: int
    committed_seats: int
    realised_seats: int


class ProgramUseOut(Schema):
    program_id: int
    title: str
    committed: int
    realised: int
    committed_seats: int
    realised_seats: int


class LineDetailOut(LineOut):
    programs: list[ProgramUseOut]


def _line_out(row: Any, *, programs: bool = False) -> dict[str, Any]:
    ln, pos = row.line, row.position
    out = {
        "id": ln.pk,
        "fiscal_year": ln.fiscal_year,
        "program_code": ln.program_code,
        "activity_code": ln.activity_code,
        "sub_activity_code": ln.sub_activity_code,
        "name": ln.name,
        "opd": ln.opd.name if ln.opd else None,
        "competency_area": ln.competency_area,
        "is_active": ln.is_active,
        "ceiling": pos.ceiling,
        "committed": pos.committed,
        "realised": pos.realised,
        "available": pos.available,
        "percent_used": pos.percent_used,
        "committed_seats": row.committed_seats,
        "realised_seats": row.realised_seats,
    }
    if programs:
        out["programs"] = row.programs
    return out


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="tahun anggaran (bawaan: kini)")


@router.get("/funding/budget-lines", response=list[LineOut], summary="Pos anggaran dan serapan")
@api_require(Perm.FUNDING_REPORTS)
def line_list(request: HttpRequest, q: Query[YearQuery]) -> list[dict[str, Any]]:
    year = q.year or timezone.localdate().year
    return [_line_out(r) for r in reports.budget_report(year, with_programs=False)["rows"]]


@router.get("/funding/budget-lines/{line_id}", response=LineDetailOut, summary="Satu pos")
@api_require(Perm.FUNDING_REPORTS)
def line_detail(request: HttpRequest, line_id: int) -> dict[str, Any]:
    line = BudgetLine.objects.filter(pk=line_id).first()
    if line is None:
        raise Http404
    report = reports.budget_report(line.fiscal_year)
    row = next(r for r in report["rows"] if r.line.pk == line.pk)
    return _line_out(row, programs=True)


class LineIn(Schema):
    fiscal_year: int = Field(ge=2000, le=2100)
    program_code: str = Field(max_length=12)
    activity_code: str = Field(max_length=16)
    sub_activity_code: str = Field(max_length=24)
    name: str = Field(min_length=1, max_length=255)
    ceiling: int = Field(ge=0, le=10**15, description="pagu, Rupiah bulat")
    opd_id: int | None = None
    competency_area: str = Field("", max_length=60)


@router.post("/funding/budget-lines", response={201: LineOut}, summary="Buat pos anggaran")
@api_require(Perm.FUNDING_MANAGE)
def line_create(request: HttpRequest, payload: LineIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    opd_id = data.pop("opd_id")
    data["opd"] = OrgUnit.objects.filter(pk=opd_id).first() if opd_id else None
    if opd_id and data["opd"] is None:
        raise services.FundingError("unknown_opd", f"OPD dengan id {opd_id} tidak ditemukan.")
    try:
        line = services.budget_line_create(actor=request.auth, fields=data)  # type: ignore[attr-defined]
    except services.FundingError as exc:
        if exc.code == "invalid":  # malformed codes or values: 422 like the schema's checks
            raise DjangoValidationError(exc.message) from exc
        raise
    row = next(r for r in reports.budget_report(line.fiscal_year)["rows"] if r.line.pk == line.pk)
    return Status(201, _line_out(row))


class GapAreaOut(Schema):
    area: str
    need: int
    budget: int
    sponsor: int
    gap: int


class GapOpdOut(Schema):
    opd: str
    need: int
    budget: int
    gap: int


class FundingGapOut(Schema):
    year: int
    on: dt.date
    need: int
    budget: int
    sponsor: int
    gap: int
    by_area: list[GapAreaOut]
    by_opd: list[GapOpdOut]


@router.get("/funding/gap", response=FundingGapOut, summary="Kesenjangan pendanaan")
@api_require(Perm.FUNDING_REPORTS)
def gap(request: HttpRequest, q: Query[YearQuery]) -> dict[str, Any]:
    year = q.year or timezone.localdate().year
    return reports.funding_gap(year, on=timezone.localdate())


class PartnerOut(Schema):
    id: int
    name: str
    kind: PartnerKind
    website: str
    public_recognition: bool
    is_active: bool


@router.get("/funding/partners", response=list[PartnerOut], summary="Mitra")
@api_require(Perm.FUNDING_MANAGE)
@paginate(BoundedPagination)
def partner_list(request: HttpRequest) -> Any:
    return selectors.partners_visible_to(request.auth).order_by("name")  # type: ignore[attr-defined]


class AgreementOut(Schema):
    id: int
    partner_id: int
    partner: str
    kind: str
    number: str
    title: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    value: int

    @staticmethod
    def resolve_partner(obj: Any) -> str:
        return str(obj.partner.name)


@router.get("/funding/agreements", response=list[AgreementOut], summary="Perjanjian kerja sama")
@api_require(Perm.FUNDING_PARTNER_VIEW)
@paginate(BoundedPagination)
def agreement_list(request: HttpRequest) -> Any:
    return selectors.agreements_visible_to(request.auth).order_by("ends_on", "pk")  # type: ignore[attr-defined]


class SponsorshipOut(Schema):
    id: int
    partner_id: int
    partner: str
    agreement_id: int | None
    program_id: int | None
    fiscal_year: int
    kind: str
    description: str
    pledged_value: int
    realised_value: int
    pledged_seats: int
    realised_seats: int
    is_cancelled: bool

    @staticmethod
    def resolve_partner(obj: Any) -> str:
        return str(obj.partner.name)


@router.get("/funding/sponsorships", response=list[SponsorshipOut], summary="Sponsor")
@api_require(Perm.FUNDING_PARTNER_VIEW)
@paginate(BoundedPagination)
def sponsorship_list(request: HttpRequest, q: Query[YearQuery]) -> Any:
    qs = selectors.sponsorships_visible_to(request.auth).order_by("-fiscal_year", "pk")  # type: ignore[attr-defined]
    if q.year:
        qs = qs.filter(fiscal_year=q.year)
    return qs
