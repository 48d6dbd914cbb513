"""API of the registry: employees (scoped like the pages), org units, positions, ranks.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from penata.core.api import BoundedPagination, api_require
from penata.core.roles import Perm
from penata.workforce import rules
from penata.workforce.filters import order_for
from penata.workforce.models import Employee, OrgUnit
from penata.workforce.selectors import (
    employees_visible_to,
    org_units_visible_to,
    positions_visible_to,
    ranks_visible_to,
)

router = Router(tags=["registri"])


class EmployeeFilters(Schema):
    q: str | None = Field(None, max_length=100, description="nama atau NIP")
    unit: int | None = Field(None, description="id unit kerja (termasuk semua unit di bawahnya)")
    rank: str | None = Field(None, max_length=8, description="golongan, mis. III/a")
    employment_type: str | None = Field(None, max_length=20)
    education: str | None = Field(None, max_length=16)
    position_kind: str | None = Field(None, max_length=16)
    status: str | None = Field(None, max_length=16)
    retirement_year: int | None = Field(None, ge=1900, le=2200)
    sort: str | None = Field(None, pattern=r"^-?(name|nip|rank|unit|retirement)$")


def filter_employees(qs: QuerySet[Employee], f: EmployeeFilters) -> QuerySet[Employee]:
    if f.q:
        text = f.q.strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        cond = Q(name__icontains=text)
        if len(digits) >= 4:
            cond |= Q(nip__startswith=digits)
        qs = qs.filter(cond)
    if f.unit is not None:
        unit = OrgUnit.objects.filter(pk=f.unit).only("path").first()
        qs = qs.filter(org_unit__path__startswith=unit.path) if unit else qs.none()
    if f.rank:
        qs = qs.filter(rank__code__iexact=f.rank)
    if f.employment_type:
        qs = qs.filter(employment_type=f.employment_type)
    if f.education:
        qs = qs.filter(education__code__iexact=f.education)
    if f.position_kind:
        qs = qs.filter(position__kind=f.position_kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.retirement_year:
        qs = qs.filter(retirement_date__year=f.retirement_year)
    # the same orders as the list page (a rank is sorted by its kind, then its order)
    return qs.order_by(*order_for(f.sort))


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    full_name: str
    gender: str
    employment_type: str
    rank: str | None
    pangkat: str | None
    position: str | None
    position_kind: str | None
    org_unit_id: int
    org_unit: str
    opd: str | None
    status: str
    retirement_date: dt.date | None

    @staticmethod
    def resolve_rank(obj: Employee) -> str | None:
        return obj.rank.code if obj.rank else None

    @staticmethod
    def resolve_pangkat(obj: Employee) -> str | None:
        return obj.rank.pangkat if obj.rank else None

    @staticmethod
    def resolve_position(obj: Employee) -> str | None:
        return str(obj.position) if obj.position else None

    @staticmethod
    def resolve_position_kind(obj: Employee) -> str | None:
        return obj.position.kind if obj.position else None

    @staticmethod
    def resolve_org_unit(obj: Employee) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_opd(obj: Employee) -> str | None:
        return obj.org_unit.opd.name if obj.org_unit.opd else None


class HistoryOut(Schema):
    what: str
    tmt: dt.date | None
    source: str


class EmployeeDetailOut(EmployeeOut):
    front_title: str
    back_title: str
    birth_place: str
    birth_date: dt.date
    rank_tmt: dt.date | None
    education: str | None
    major: str
    tmt_cpns: dt.date | None
    nik_masked: str
    email_masked: str
    phone_masked: str
    rank_history: list[HistoryOut]
    position_history: list[HistoryOut]

    @staticmethod
    def resolve_education(obj: Employee) -> str | None:
        return obj.education.code if obj.education else None

    @staticmethod
    def resolve_nik_masked(obj: Employee) -> str:
        return rules.mask_nik(obj.nik) if obj.nik else ""

    @staticmethod
    def resolve_email_masked(obj: Employee) -> str:
        return rules.mask_email(obj.email) if obj.email else ""

    @staticmethod
    def resolve_phone_masked(obj: Employee) -> str:
        return rules.mask_phone(obj.phone) if obj.phone else ""

    @staticmethod
    def resolve_rank_history(obj: Employee) -> list[dict[str, Any]]:
        return [
            {"what": str(h.rank), "tmt": h.tmt, "source": h.source} for h in obj.rank_history.all()
        ]

    @staticmethod
    def resolve_position_history(obj: Employee) -> list[dict[str, Any]]:
        return [
            {"what": f"{h.position_name} — {h.org_unit.name}", "tmt": h.tmt, "source": h.source}
            for h in obj.position_history.all()
        ]


def _employees(request: HttpRequest) -> QuerySet[Employee]:
    return employees_visible_to(request.auth).select_related(  # type: ignore[attr-defined]
        "rank", "position", "org_unit__opd", "education"
    )


@router.get("/employees", response=list[EmployeeOut], summary="Daftar pegawai (sesuai cakupan)")
@api_require(Perm.EMPLOYEE_VIEW_SELF)
@paginate(BoundedPagination)
def employee_list(request: HttpRequest, filters: Query[EmployeeFilters]) -> Any:
    return filter_employees(_employees(request), filters)


@router.get("/employees/{employee_id}", response=EmployeeDetailOut, summary="Detail pegawai")
@api_require(Perm.EMPLOYEE_VIEW_SELF)
def employee_detail(request: HttpRequest, employee_id: int) -> Employee:
    employee = (
        _employees(request)
        .prefetch_related("rank_history__rank", "position_history__org_unit")
        .filter(pk=employee_id)
        .first()
    )
    if employee is None:
        raise Http404
    return employee


class OrgUnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    opd_id: int | None
    depth: int


class OrgUnitFilters(Schema):
    parent: int | None = None
    kind: str | None = Field(None, max_length=32)


@router.get("/org-units", response=list[OrgUnitOut], summary="Unit kerja")
@api_require(Perm.ORG_VIEW)
@paginate(BoundedPagination)
def org_unit_list(request: HttpRequest, filters: Query[OrgUnitFilters]) -> Any:
    qs = org_units_visible_to(request.auth)  # type: ignore[attr-defined]
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("path")


class PositionOut(Schema):
    id: int
    name: str
    kind: str
    functional_level: str
    family: str
    class_grade: int
    org_unit_id: int
    formasi: int
    is_key: bool


@router.get("/positions", response=list[PositionOut], summary="Jabatan")
@api_require(Perm.ORG_VIEW)
@paginate(BoundedPagination)
def position_list(request: HttpRequest, unit: int | None = None) -> Any:
    qs = positions_visible_to(request.auth)  # type: ignore[attr-defined]
    if unit is not None:
        qs = qs.filter(org_unit_id=unit)
    return qs.order_by("org_unit__path", "name", "id")


class RankOut(Schema):
    id: int
    kind: str
    code: str
    pangkat: str
    order: int


@router.get("/ranks", response=list[RankOut], summary="Golongan PNS dan PPPK")
@api_require(Perm.ORG_VIEW)
def rank_list(request: HttpRequest) -> Any:
    return ranks_visible_to(request.auth)  # type: ignore[attr-defined]
