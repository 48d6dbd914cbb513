"""API of training and the 20 JP ledger: programs, sessions, enrolments (scoped like the pages)
and their workflow actions through the services, and the ledger (mine, a visible employee's,
the aggregates per OPD).

A refused action (:class:`~penata.learning.services.LearningError`: illegal transition, full
session, overlap, stale ``version``) is a 409 ``{"code", "message"}`` with the message in
Indonesian, see :mod:`penata.api`.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from penata.core.access import has_perm
from penata.core.api import BoundedPagination, api_require
from penata.core.api_errors import declare_errors
from penata.core.roles import Perm
from penata.learning import ledger, rules, services
from penata.learning.models import (
    Enrolment,
    SessionStatus,
    TrainingProgram,
    TrainingSession,
)
from penata.workforce.models import Employee
from penata.workforce.selectors import employees_visible_to

router = Router(tags=["kompetensi"])


# --- programs ------------------------------------------------------------------------------


class ProgramCompetencyOut(Schema):
    code: str
    name: str
    target_level: int


class ProgramOut(Schema):
    id: int
    code: str
    title: str
    activity_type: str
    mode: str
    jp: int
    provider_kind: str
    provider_name: str
    cost_per_participant: int
    funding_source: str
    pass_score: int
    is_active: bool

    @staticmethod
    def resolve_activity_type(obj: TrainingProgram) -> str:
        return obj.activity_type.code

    @staticmethod
    def resolve_mode(obj: TrainingProgram) -> str:
        return obj.activity_type.mode


class ProgramDetailOut(ProgramOut):
    description: str
    competencies: list[ProgramCompetencyOut]

    @staticmethod
    def resolve_competencies(obj: TrainingProgram) -> list[dict[str, Any]]:
        return [
            {
                "code": pc.competency.code,
                "name": pc.competency.name,
                "target_level": pc.target_level,
            }
            for pc in obj.competencies.all()
        ]


class ProgramFilters(Schema):
    active: bool | None = Field(None, description="hanya program aktif (true) atau nonaktif")
    mode: str | None = Field(None, pattern=r"^(klasikal|nonklasikal)$")
    q: str | None = Field(None, max_length=100, description="cari judul")


def _programs() -> QuerySet[TrainingProgram]:
    return TrainingProgram.objects.select_related("activity_type")


@router.get("/learning/programs", response=list[ProgramOut], summary="Program pelatihan")
@api_require(Perm.LEARNING_OWN)
@paginate(BoundedPagination)
def program_list(request: HttpRequest, filters: Query[ProgramFilters]) -> Any:
    qs = _programs()
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    if filters.mode:
        qs = qs.filter(activity_type__mode=filters.mode)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    return qs.order_by("title", "pk")


@router.get(
    "/learning/programs/{program_id}", response=ProgramDetailOut, summary="Satu program pelatihan"
)
@api_require(Perm.LEARNING_OWN)
def program_detail(request: HttpRequest, program_id: int) -> TrainingProgram:
    program = _programs().prefetch_related("competencies__competency").filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


# --- sessions ------------------------------------------------------------------------------


class SessionOut(Schema):
    id: int
    code: str
    program_id: int
    program: str
    jp: int
    mode: str
    starts_on: dt.date
    ends_on: dt.date
    is_online: bool
    location: str
    capacity: int
    seats_taken: int
    status: str

    @staticmethod
    def resolve_program(obj: TrainingSession) -> str:
        return obj.program.title

    @staticmethod
    def resolve_jp(obj: TrainingSession) -> int:
        return obj.program.jp

    @staticmethod
    def resolve_mode(obj: TrainingSession) -> str:
        return obj.program.activity_type.mode

    @staticmethod
    def resolve_seats_taken(obj: TrainingSession) -> int:
        return getattr(obj, "taken", 0)


class SessionFilters(Schema):
    open: bool | None = Field(
        None, description="true: pendaftaran dibuka dan belum dimulai; false: selain itu"
    )
    year: int | None = Field(
        None, ge=ledger.MIN_YEAR, le=ledger.MAX_YEAR, description="tahun selesai"
    )
    program: int | None = Field(None, ge=1, description="id program")


def _sessions() -> QuerySet[TrainingSession]:
    holding = [s.value for s in rules.SEAT_HOLDING]
    return TrainingSession.objects.select_related("program__activity_type").annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=holding))
    )


@router.get("/learning/sessions", response=list[SessionOut], summary="Angkatan pelatihan")
@api_require(Perm.LEARNING_OWN)
@paginate(BoundedPagination)
def session_list(request: HttpRequest, filters: Query[SessionFilters]) -> Any:
    qs = _sessions()
    is_open = Q(status=SessionStatus.OPEN, starts_on__gt=ledger.today())
    if filters.open is True:
        qs = qs.filter(is_open)
    elif filters.open is False:
        qs = qs.exclude(is_open)
    if filters.year is not None:
        qs = qs.filter(ends_on__year=filters.year)
    if filters.program is not None:
        qs = qs.filter(program_id=filters.program)
    return qs.order_by("starts_on", "code")


@router.get(
    "/learning/sessions/{session_id}", response=SessionOut, summary="Satu angkatan pelatihan"
)
@api_require(Perm.LEARNING_OWN)
def session_detail(request: HttpRequest, session_id: int) -> TrainingSession:
    session = _sessions().filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


# --- enrolments ----------------------------------------------------------------------------


def enrolments_visible_to(user: Any) -> QuerySet[Enrolment]:
    """Own enrolments for an ASN; those of the employees in scope for whoever nominates,
    manages or reads training needs (an OPD operator: their unit; BKPP: all)."""
    qs = Enrolment.objects.select_related("session__program", "employee")
    if any(
        has_perm(user, p)
        for p in (Perm.TRAINING_MANAGE, Perm.TRAINING_NOMINATE, Perm.TRAINING_NEEDS)
    ):
        return qs.filter(employee__in=employees_visible_to(user))
    if getattr(user, "employee_id", None):
        return qs.filter(employee_id=user.employee_id)
    return qs.none()


class EnrolmentOut(Schema):
    id: int
    session_id: int
    session: str
    program: str
    starts_on: dt.date
    ends_on: dt.date
    employee_id: int
    nip: str
    name: str
    status: str
    status_label: str
    origin: str
    reason: str
    pre_test: float | None
    post_test: float | None
    score: float | None
    completed_on: dt.date | None
    jp: int
    certificate_code: str | None
    version: int

    @staticmethod
    def resolve_session(obj: Enrolment) -> str:
        return obj.session.code

    @staticmethod
    def resolve_program(obj: Enrolment) -> str:
        return obj.session.program.title

    @staticmethod
    def resolve_starts_on(obj: Enrolment) -> dt.date:
        return obj.session.starts_on

    @staticmethod
    def resolve_ends_on(obj: Enrolment) -> dt.date:
        return obj.session.ends_on

    @staticmethod
    def resolve_nip(obj: Enrolment) -> str:
        return obj.employee.nip

    @staticmethod
    def resolve_name(obj: Enrolment) -> str:
        return obj.employee.full_name

    @staticmethod
    def resolve_status_label(obj: Enrolment) -> str:
        return str(obj.get_status_display())


_STATUSES = "|".join(s.value for s in rules.EnrolmentStatus)


class EnrolmentFilters(Schema):
    status: str | None = Field(None, pattern=rf"^({_STATUSES})$")
    session: int | None = Field(None, ge=1, description="id angkatan")
    employee: int | None = Field(None, ge=1, description="id pegawai")
    own: bool | None = Field(None, description="true: pendaftaran saya saja")


@router.get("/learning/enrolments", response=list[EnrolmentOut], summary="Peserta pelatihan")
@api_require(Perm.LEARNING_OWN)
@paginate(BoundedPagination)
def enrolment_list(request: HttpRequest, filters: Query[EnrolmentFilters]) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    qs = enrolments_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.session is not None:
        qs = qs.filter(session_id=filters.session)
    if filters.employee is not None:
        qs = qs.filter(employee_id=filters.employee)
    if filters.own:
        qs = qs.filter(employee_id=user.employee_id)
    return qs.order_by("-session__starts_on", "employee__name", "pk")


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    """The enrolment if the caller may see it, else 404 (out of scope looks like absent)."""
    enrolment = enrolments_visible_to(request.auth).filter(pk=enrolment_id).first()  # type: ignore[attr-defined]
    if enrolment is None:
        raise Http404
    return enrolment


def _fresh(enrolment_id: int) -> Enrolment:
    return Enrolment.objects.select_related("session__program", "employee").get(pk=enrolment_id)


def _open_session(session_id: int) -> TrainingSession:
    session = TrainingSession.objects.select_related("program").filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


@router.post(
    "/learning/sessions/{session_id}/register",
    response={201: EnrolmentOut},
    summary="Daftarkan diri saya ke angkatan ini",
)
@api_require(Perm.LEARNING_OWN)
def session_register(request: HttpRequest, session_id: int) -> Status[Enrolment]:
    session = _open_session(session_id)
    enrolment = services.enrolment_register(actor=request.auth, session=session)  # type: ignore[attr-defined]
    return Status(201, _fresh(enrolment.pk))


class NominateIn(Schema):
    employee_id: int = Field(ge=1, description="id pegawai dalam cakupan Anda")


@router.post(
    "/learning/sessions/{session_id}/nominate",
    response={201: EnrolmentOut},
    summary="Usulkan pegawai (dalam cakupan) ke angkatan ini",
)
@api_require(Perm.TRAINING_NOMINATE)
def session_nominate(
    request: HttpRequest, session_id: int, payload: NominateIn
) -> Status[Enrolment]:
    user = request.auth  # type: ignore[attr-defined]
    session = _open_session(session_id)
    employee = employees_visible_to(user).filter(pk=payload.employee_id).first()
    if employee is None:
        raise Http404
    enrolment = services.enrolment_nominate(actor=user, session=session, employee=employee)
    return Status(201, _fresh(enrolment.pk))


class VersionIn(Schema):
    version: int = Field(ge=1, le=1_000_000, description="versi data peserta yang dilihat")


class ReasonIn(VersionIn):
    reason: str = Field(min_length=1, max_length=255, pattern=r"\S", description="alasan")


class CancelIn(VersionIn):
    reason: str = Field("", max_length=255, description="alasan (boleh kosong)")


class CompleteIn(VersionIn):
    score: float = Field(ge=0, le=100, description="nilai akhir 0–100")
    pre_test: float | None = Field(None, ge=0, le=100)
    post_test: float | None = Field(None, ge=0, le=100)
    completed_on: dt.date | None = Field(
        None, description="tanggal selesai (bawaan: hari ini atau akhir angkatan)"
    )


@router.post(
    "/learning/enrolments/{enrolment_id}/approve",
    response=EnrolmentOut,
    summary="Setujui peserta (BKPP; kapasitas diperiksa)",
)
@api_require(Perm.TRAINING_MANAGE)
def enrolment_approve(request: HttpRequest, enrolment_id: int, payload: VersionIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    services.enrolment_approve(
        actor=request.auth,  # type: ignore[attr-defined]
        enrolment=enrolment,
        version=payload.version,
    )
    return _fresh(enrolment_id)


@router.post(
    "/learning/enrolments/{enrolment_id}/reject",
    response=EnrolmentOut,
    summary="Tolak peserta dengan alasan (BKPP)",
)
@api_require(Perm.TRAINING_MANAGE)
def enrolment_reject(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    services.enrolment_reject(
        actor=request.auth,  # type: ignore[attr-defined]
        enrolment=enrolment,
        reason=payload.reason,
        version=payload.version,
    )
    return _fresh(enrolment_id)


@router.post(
    "/learning/enrolments/{enrolment_id}/cancel",
    response=EnrolmentOut,
    summary="Batalkan pendaftaran (peserta sendiri atau BKPP)",
)
@api_require(Perm.LEARNING_OWN)
def enrolment_cancel(request: HttpRequest, enrolment_id: int, payload: CancelIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    services.enrolment_cancel(
        actor=request.auth,  # type: ignore[attr-defined]
        enrolment=enrolment,
        reason=payload.reason,
        version=payload.version,
    )
    return _fresh(enrolment_id)


@router.post(
    "/learning/enrolments/{enrolment_id}/complete",
    response=EnrolmentOut,
    summary="Tetapkan lulus dengan nilai (BKPP; JP masuk buku JP, sertifikat terbit)",
)
@api_require(Perm.TRAINING_MANAGE)
def enrolment_complete(request: HttpRequest, enrolment_id: int, payload: CompleteIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    services.enrolment_complete(
        actor=request.auth,  # type: ignore[attr-defined]
        enrolment=enrolment,
        score=payload.score,
        pre_test=payload.pre_test,
        post_test=payload.post_test,
        completed_on=payload.completed_on,
        version=payload.version,
    )
    return _fresh(enrolment_id)


@router.post(
    "/learning/enrolments/{enrolment_id}/not-complete",
    response=EnrolmentOut,
    summary="Tetapkan tidak selesai dengan alasan (BKPP)",
)
@api_require(Perm.TRAINING_MANAGE)
def enrolment_not_complete(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    services.enrolment_not_complete(
        actor=request.auth,  # type: ignore[attr-defined]
        enrolment=enrolment,
        reason=payload.reason,
        version=payload.version,
    )
    return _fresh(enrolment_id)


# --- the ledger ----------------------------------------------------------------------------


class YearIn(Schema):
    year: int | None = Field(
        None, ge=ledger.MIN_YEAR, le=ledger.MAX_YEAR, description="tahun (bawaan: tahun ini)"
    )


class LedgerEntryOut(Schema):
    completed_on: dt.date
    title: str
    jp: int
    activity_type: str
    mode: str
    source: str


class YearOut(Schema):
    year: int
    raw_jp: int
    counted: int
    target: int


class LedgerOut(Schema):
    employee_id: int
    year: int
    target: int
    raw_jp: int
    counted: int
    shortfall: int
    percent: int
    jp_klasikal: int
    jp_nonklasikal: int
    entries: list[LedgerEntryOut]
    history: list[YearOut]


def _ledger(employee: Employee, year: int | None) -> dict[str, Any]:
    year = year or ledger.today().year
    data = ledger.person_ledger(employee, year)
    return {
        "employee_id": employee.pk,
        "year": year,
        "target": data["target"],
        "raw_jp": data["raw_jp"],
        "counted": data["counted"],
        "shortfall": data["shortfall"],
        "percent": data["percent"],
        "jp_klasikal": data["per_mode"].get("klasikal", 0),
        "jp_nonklasikal": data["per_mode"].get("nonklasikal", 0),
        "entries": [
            {
                "completed_on": e.completed_on,
                "title": e.title,
                "jp": e.jp,
                "activity_type": e.activity_type.code,
                "mode": e.activity_type.mode,
                "source": e.source,
            }
            for e in data["entries"]
        ],
        "history": [
            {"year": h.year, "raw_jp": h.raw, "counted": h.counted, "target": h.target}
            for h in data["history"]
        ],
    }


@router.get(
    "/learning/ledger/me",
    response=LedgerOut,
    summary="Buku JP saya",
    openapi_extra=declare_errors(404),  # an account without an employee record
)
@api_require(Perm.LEARNING_OWN)
def ledger_me(request: HttpRequest, filters: Query[YearIn]) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    employee = Employee.objects.filter(pk=user.employee_id).first() if user.employee_id else None
    if employee is None:
        raise Http404
    return _ledger(employee, filters.year)


@router.get(
    "/learning/employees/{employee_id}/ledger",
    response=LedgerOut,
    summary="Buku JP seorang pegawai (dalam cakupan)",
)
@api_require(Perm.LEARNING_OWN)
def ledger_employee(
    request: HttpRequest, employee_id: int, filters: Query[YearIn]
) -> dict[str, Any]:
    employee = employees_visible_to(request.auth).filter(pk=employee_id).first()  # type: ignore[attr-defined]
    if employee is None:
        raise Http404
    return _ledger(employee, filters.year)


class OpdLedgerRow(Schema):
    opd_id: int | None
    opd: str
    active: int
    met: int
    share_met: float
    mean_jp: float
    jp_klasikal: int
    jp_nonklasikal: int
    share_klasikal: float
    share_nonklasikal: float


class OpdLedgerOut(Schema):
    year: int
    target: int
    total: OpdLedgerRow
    opds: list[OpdLedgerRow]


@router.get(
    "/learning/ledger/opd",
    response=OpdLedgerOut,
    summary="Capaian target JP per OPD (agregat, dalam cakupan)",
)
@api_require(Perm.LEARNING_STATS)
def ledger_opd(request: HttpRequest, filters: Query[YearIn]) -> dict[str, Any]:
    year = filters.year or ledger.today().year
    stats = ledger.opd_stats(ledger.stats_scope(request.auth), year)  # type: ignore[attr-defined]
    return {
        "year": year,
        "target": stats["target"],
        "total": stats["total"].as_dict(),
        "opds": [r.as_dict() for r in stats["rows"]],
    }


__all__ = ["router"]
