"""Writes of competency development: the enrolment workflow, the JP ledger and assessments.

The enrolment workflow (:data:`penata.learning.rules.TRANSITIONS`)::

    nominated (OPD/BKPP) ─┐                ┌─> attended ─┬─> completed (score, certificate, JP)
                          ├─ approve ──> approved        └─> not_completed (reason)
    registered (self) ────┘     │           ├─> not_completed (no-show, reason)
          └─ reject / cancel    └───────────┴─> cancelled

Every transition is atomic, locks the enrolment (and for approval the session, so two
approvals cannot overfill it), checks who acts and from which state, and is audited with
before and after. A refusal raises :class:`LearningError` (``code`` + Indonesian ``message``);
pages show it, the API answers 409. ``version`` guards against acting on a stale page.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.roles import Perm
from penata.learning import rules
from penata.learning.models import (
    Assessment,
    AssessmentSource,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    LearningSettings,
    LedgerEntry,
    LedgerSource,
    SessionStatus,
    TrainingSession,
)
from penata.workforce.models import Employee, EmployeeStatus
from penata.workforce.selectors import employees_visible_to

S = EnrolmentStatus
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper


class LearningError(Exception):
    """A refused action: ``code`` for machines, ``message`` (Indonesian) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _label(status: str) -> str:
    return str(S(status).label)


def certificate_code() -> str:
    """A 12-character verification code, grouped for reading: ``PNT-XXXX-XXXX-XXXX``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"PNT-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_certificate_code(value: str) -> str:
    """Accept a code typed with spaces, lower case or missing dashes."""
    raw = "".join(ch for ch in value.upper() if ch.isalnum())
    if raw.startswith("PNT"):
        raw = raw[3:]
    if len(raw) != 12:
        return ""
    return f"PNT-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _lock(enrolment: Enrolment | int) -> Enrolment:
    pk = enrolment.pk if isinstance(enrolment, Enrolment) else enrolment
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session__program__activity_type", "employee")
        .get(pk=pk)
    )


def _check_version(enrolment: Enrolment, version: int | None) -> None:
    if version is not None and version != enrolment.version:
        raise LearningError(
            "stale_version",
            "Data peserta sudah diubah orang lain sejak halaman dibuka; muat ulang lalu ulangi.",
        )


def _move(
    enrolment: Enrolment, new: str, *, actor: Any, action: str, note: str = "", **fields: Any
) -> Enrolment:
    if not rules.can_transition(enrolment.status, new):
        raise LearningError(
            "illegal_transition",
            f"Peserta berstatus {_label(enrolment.status)} tidak dapat diubah menjadi "
            f"{_label(new)}.",
        )
    before = snapshot(enrolment)
    enrolment.status = new
    for key, value in fields.items():
        setattr(enrolment, key, value)
    enrolment.version += 1
    enrolment.save()
    audit_record(
        actor=actor,
        action=f"enrolment.{action}",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment),
        note=note,
    )
    return enrolment


def _require_scope(actor: Any, employee: Employee) -> None:
    if not employees_visible_to(actor).filter(pk=employee.pk).exists():
        raise LearningError(
            "out_of_scope",
            f"{employee.full_name} berada di luar unit kerja Anda; hanya pegawai dalam cakupan "
            "Anda yang dapat diusulkan.",
        )


def _overlapping(employee_id: int, session: TrainingSession) -> Enrolment | None:
    return (
        Enrolment.objects.filter(
            employee_id=employee_id,
            status__in=[s.value for s in rules.ACTIVE],
            session__starts_on__lte=session.ends_on,
            session__ends_on__gte=session.starts_on,
        )
        .exclude(session=session)
        .select_related("session__program")
        .first()
    )


def _check_can_join(employee: Employee, session: TrainingSession) -> None:
    if session.status != SessionStatus.OPEN:
        raise LearningError(
            "session_closed",
            f"Pendaftaran angkatan {session.code} sudah {session.get_status_display().lower()}.",
        )
    if employee.status != EmployeeStatus.AKTIF:
        raise LearningError(
            "employee_inactive",
            f"{employee.full_name} berstatus {employee.get_status_display()}; hanya pegawai aktif "
            "yang dapat mengikuti pelatihan.",
        )
    if Enrolment.objects.filter(session=session, employee=employee).exists():
        raise LearningError(
            "already_enrolled", f"{employee.full_name} sudah terdaftar di angkatan {session.code}."
        )
    clash = _overlapping(employee.pk, session)
    if clash is not None:
        raise LearningError(
            "overlap",
            f"{employee.full_name} sudah terdaftar di {clash.session.program.title} "
            f"({clash.session.starts_on:%d-%m-%Y} s.d. {clash.session.ends_on:%d-%m-%Y}) yang "
            "jadwalnya bertabrakan.",
        )


def _create(
    *, actor: Any, session: TrainingSession, employee: Employee, status: str, origin: str
) -> Enrolment:
    _check_can_join(employee, session)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                session=session,
                employee=employee,
                status=status,
                origin=origin,
                requested_by=actor,
            )
    except IntegrityError as exc:
        raise LearningError(
            "already_enrolled", f"{employee.full_name} sudah terdaftar di angkatan {session.code}."
        ) from exc
    audit_record(
        actor=actor, action=f"enrolment.{origin}", obj=enrolment, after=snapshot(enrolment)
    )
    return enrolment


@transaction.atomic
def enrolment_nominate(*, actor: Any, session: TrainingSession, employee: Employee) -> Enrolment:
    """An OPD operator or BKPP proposes an employee in their scope for a session."""
    if not has_perm(actor, Perm.TRAINING_NOMINATE):
        raise LearningError("forbidden", "Anda tidak berwenang mengusulkan peserta pelatihan.")
    _require_scope(actor, employee)
    return _create(
        actor=actor,
        session=session,
        employee=employee,
        status=S.NOMINATED,
        origin=Enrolment.Origin.NOMINATED,
    )


@transaction.atomic
def enrolment_register(*, actor: Any, session: TrainingSession) -> Enrolment:
    """An employee signs themself up for a session."""
    employee_id = getattr(actor, "employee_id", None)
    employee = Employee.objects.filter(pk=employee_id).first() if employee_id else None
    if employee is None:
        raise LearningError(
            "no_employee", "Akun Anda tidak terhubung dengan data pegawai; hubungi BKPP."
        )
    return _create(
        actor=actor, session=session, employee=employee, status=S.REGISTERED, origin="self"
    )


def seats_taken(session: TrainingSession) -> int:
    return Enrolment.objects.filter(
        session=session, status__in=[s.value for s in rules.SEAT_HOLDING]
    ).count()


@transaction.atomic
def enrolment_approve(*, actor: Any, enrolment: Enrolment, version: int | None = None) -> Enrolment:
    """BKPP approves: refused when the session is full (the session row is locked, so two
    approvals at the same moment cannot both take the last seat) or the person is already in an
    overlapping session."""
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", "Hanya BKPP yang dapat menyetujui peserta.")
    session = TrainingSession.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment = _lock(enrolment)
    _check_version(enrolment, version)
    if not rules.can_transition(enrolment.status, S.APPROVED):
        _move(enrolment, S.APPROVED, actor=actor, action="approve")  # raises with the message
    if seats_taken(session) >= session.capacity:
        raise LearningError(
            "session_full",
            f"Angkatan {session.code} sudah penuh ({session.capacity} kursi); tolak usulan ini "
            "atau tambah kapasitas.",
        )
    return _move(enrolment, S.APPROVED, actor=actor, action="approve", decided_by=actor)


@transaction.atomic
def enrolment_reject(
    *, actor: Any, enrolment: Enrolment, reason: str, version: int | None = None
) -> Enrolment:
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", "Hanya BKPP yang dapat menolak peserta.")
    reason = (reason or "").strip()
    if not reason:
        raise LearningError("reason_required", "Tuliskan alasan penolakan.")
    enrolment = _lock(enrolment)
    _check_version(enrolment, version)
    return _move(
        enrolment, S.REJECTED, actor=actor, action="reject", reason=reason[:255], decided_by=actor
    )


@transaction.atomic
def enrolment_cancel(
    *, actor: Any, enrolment: Enrolment, reason: str = "", version: int | None = None
) -> Enrolment:
    """The employee withdraws (before attending), or BKPP cancels."""
    enrolment = _lock(enrolment)
    own = getattr(actor, "employee_id", None) == enrolment.employee_id
    if not (own or has_perm(actor, Perm.TRAINING_MANAGE)):
        raise LearningError("forbidden", "Anda tidak berwenang membatalkan pendaftaran ini.")
    _check_version(enrolment, version)
    return _move(enrolment, S.CANCELLED, actor=actor, action="cancel", reason=(reason or "")[:255])


@transaction.atomic
def attendance_record(
    *, actor: Any, enrolment: Enrolment, day: dt.date, present: bool = True
) -> Attendance:
    """Record one day's attendance; the first day present moves an approved participant to
    attended."""
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", "Hanya BKPP yang dapat mencatat kehadiran.")
    enrolment = _lock(enrolment)
    session = enrolment.session
    if not session.starts_on <= day <= session.ends_on:
        raise LearningError(
            "day_outside_session",
            f"Tanggal {day:%d-%m-%Y} di luar jadwal angkatan ({session.starts_on:%d-%m-%Y} s.d. "
            f"{session.ends_on:%d-%m-%Y}).",
        )
    if enrolment.status not in (S.APPROVED, S.ATTENDED):
        raise LearningError(
            "illegal_transition",
            f"Kehadiran hanya dicatat untuk peserta yang disetujui; status sekarang "
            f"{_label(enrolment.status)}.",
        )
    row, _ = Attendance.objects.update_or_create(
        enrolment=enrolment, day=day, defaults={"present": present}
    )
    audit_record(
        actor=actor,
        action="enrolment.attendance",
        obj=enrolment,
        after={"day": day.isoformat(), "present": present},
    )
    if present and enrolment.status == S.APPROVED:
        _move(enrolment, S.ATTENDED, actor=actor, action="attend")
    return row


def _score(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError as exc:
        raise LearningError("bad_score", f"Nilai {field} harus angka 0–100.") from exc
    if not Decimal(0) <= number <= Decimal(100):
        raise LearningError("bad_score", f"Nilai {field} harus di antara 0 dan 100.")
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def enrolment_complete(
    *,
    actor: Any,
    enrolment: Enrolment,
    score: Any,
    completed_on: dt.date | None = None,
    pre_test: Any = None,
    post_test: Any = None,
    version: int | None = None,
) -> Enrolment:
    """Completion with a score: the program's JP enter the ledger in the year of
    ``completed_on``, a certificate code is issued, and when the setting allows and the post-test
    passes, the program's target levels are recorded as assessments (source: training)."""
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", "Hanya BKPP yang dapat menetapkan kelulusan.")
    enrolment = _lock(enrolment)
    _check_version(enrolment, version)
    final = _score(score, "akhir")
    if final is None:
        raise LearningError("score_required", "Isi nilai akhir peserta (0–100).")
    pre, post = _score(pre_test, "pre-test"), _score(post_test, "post-test")
    session = enrolment.session
    program = session.program
    completed_on = completed_on or min(timezone.localdate(), session.ends_on)
    if completed_on < session.starts_on:
        raise LearningError("bad_date", "Tanggal selesai tidak boleh sebelum angkatan dimulai.")
    code = certificate_code()
    _move(
        enrolment,
        S.COMPLETED,
        actor=actor,
        action="complete",
        score=final,
        pre_test=pre,
        post_test=post,
        completed_on=completed_on,
        jp=program.jp,
        certificate_code=code,
    )
    ledger_add(
        employee_id=enrolment.employee_id,
        completed_on=completed_on,
        jp=program.jp,
        activity_type_id=program.activity_type_id,
        source=LedgerSource.ENROLMENT,
        source_id=enrolment.pk,
        title=program.title,
    )
    settings = LearningSettings.current()
    if settings.raise_level_on_pass and rules.passed(
        float(post) if post is not None else None, program.pass_score
    ):
        _raise_levels(actor=actor, enrolment=enrolment, on=completed_on)
    return enrolment


def _raise_levels(*, actor: Any, enrolment: Enrolment, on: dt.date) -> list[Assessment]:
    from penata.learning.selectors import current_levels

    targets = dict(
        enrolment.session.program.competencies.values_list("competency_id", "target_level")
    )
    if not targets:
        return []
    levels = current_levels(on, [enrolment.employee_id])
    years = LearningSettings.current().assessment_valid_years
    created = []
    for comp, target in targets.items():
        if levels.get((enrolment.employee_id, comp), 0) >= target:
            continue
        created.append(
            Assessment(
                employee_id=enrolment.employee_id,
                competency_id=comp,
                level=target,
                source=AssessmentSource.TRAINING,
                assessed_on=on,
                valid_until=_add_years(on, years) if years else None,
                note=f"Lulus {enrolment.session.program.title} ({enrolment.certificate_code})",
                recorded_by=actor,
            )
        )
    Assessment.objects.bulk_create(created)
    if created:
        audit_record(
            actor=actor,
            action="assessment.from_training",
            obj=enrolment,
            after={"levels": {str(a.competency_id): a.level for a in created}},
        )
    return created


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def enrolment_not_complete(
    *, actor: Any, enrolment: Enrolment, reason: str, version: int | None = None
) -> Enrolment:
    """Not completed (did not attend enough, failed, withdrew after starting), with a reason."""
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", "Hanya BKPP yang dapat menetapkan status tidak selesai.")
    reason = (reason or "").strip()
    if not reason:
        raise LearningError("reason_required", "Tuliskan alasan peserta tidak menyelesaikan.")
    enrolment = _lock(enrolment)
    _check_version(enrolment, version)
    return _move(
        enrolment, S.NOT_COMPLETED, actor=actor, action="not_complete", reason=reason[:255]
    )


def ledger_add(
    *,
    employee_id: int,
    completed_on: dt.date,
    jp: int,
    activity_type_id: int,
    source: str,
    source_id: int,
    title: str,
) -> LedgerEntry | None:
    """Add a completed activity's JP to the ledger, once per source (call inside the caller's
    transaction). Returns None when that source is already in the ledger or adds no JP."""
    if jp <= 0:
        return None
    if LedgerEntry.objects.filter(source=source, source_id=source_id).exists():
        return None
    return LedgerEntry.objects.create(
        employee_id=employee_id,
        year=completed_on.year,
        completed_on=completed_on,
        jp=jp,
        activity_type_id=activity_type_id,
        source=source,
        source_id=source_id,
        title=title[:200],
    )


def enrolments_in_scope(actor: Any, ids: Iterable[int]) -> list[Enrolment]:
    """The enrolments among ``ids`` whose employee the actor may see."""
    return list(
        Enrolment.objects.filter(pk__in=list(ids), employee__in=employees_visible_to(actor))
    )
