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
from penata.learning import hooks, rules
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


def _overlapping(
    employee_id: int, session: TrainingSession, statuses: frozenset[str] = rules.ACTIVE
) -> Enrolment | None:
    return (
        Enrolment.objects.filter(
            employee_id=employee_id,
            status__in=[str(s) for s in statuses],
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
    # Joining refused any overlap; a session's dates may have moved since, so a confirmed place
    # (approved or attended) elsewhere at the same time still blocks the approval.
    clash = _overlapping(enrolment.employee_id, session, frozenset({S.APPROVED, S.ATTENDED}))
    if clash is not None:
        raise LearningError(
            "overlap",
            f"Peserta sudah disetujui di {clash.session.program.title} "
            f"({clash.session.starts_on:%d-%m-%Y} s.d. {clash.session.ends_on:%d-%m-%Y}) yang "
            "jadwalnya bertabrakan; tolak usulan ini atau pindahkan ke angkatan lain.",
        )
    hooks.check_new_seats({session.pk: 1})  # e.g. the budget ceiling (penata.funding)
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


# --- C: training programs, sessions, evaluation, external certificates -----------------------
# (appended by the training pages; imports local to keep the top of the module untouched)


def _require_manage(actor: Any, what: str) -> None:
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", f"Hanya BKPP yang dapat {what}.")


PROGRAM_FIELDS = (
    "code",
    "title",
    "description",
    "activity_type",
    "jp",
    "provider_kind",
    "provider_name",
    "cost_per_participant",
    "funding_source",
    "pass_score",
    "is_active",
)


def _program_snapshot(program: Any) -> dict[str, Any]:
    data = snapshot(program)
    data["competencies"] = {
        str(c): level
        for c, level in program.competencies.values_list("competency_id", "target_level")
    }
    return data


def _set_program_competencies(program: Any, competencies: Any) -> None:
    from penata.learning.models import ProgramCompetency

    wanted: dict[int, int] = {
        (c if isinstance(c, int) else int(c.pk)): int(level)
        for c, level in dict(competencies).items()
    }
    for level in wanted.values():
        if not 1 <= level <= 5:
            raise LearningError("bad_level", "Level target kompetensi harus 1 sampai 5.")
    program.competencies.exclude(competency_id__in=list(wanted)).delete()
    existing = {pc.competency_id: pc for pc in program.competencies.all()}
    changed = []
    for comp_id, level in wanted.items():
        row = existing.get(comp_id)
        if row is None:
            ProgramCompetency.objects.create(
                program=program, competency_id=comp_id, target_level=level
            )
        elif row.target_level != level:
            row.target_level = level
            changed.append(row)
    if changed:
        ProgramCompetency.objects.bulk_update(changed, ["target_level"])


def _apply_program_fields(program: Any, fields: Any) -> None:
    for key in PROGRAM_FIELDS:
        if key in fields:
            setattr(program, key, fields[key])
    cost = program.cost_per_participant
    if cost is None or int(cost) < 0:
        raise LearningError("bad_cost", "Biaya per peserta harus rupiah bulat, nol atau lebih.")
    program.cost_per_participant = int(cost)
    if not 1 <= int(program.jp) <= 1000:
        raise LearningError("bad_jp", "JP program harus 1 sampai 1000.")
    if not 0 <= int(program.pass_score) <= 100:
        raise LearningError("bad_score", "Nilai lulus harus 0 sampai 100.")


@transaction.atomic
def program_create(*, actor: Any, fields: Any, competencies: Any = None) -> Any:
    """Create a training program with the competencies it develops ({competency: level})."""
    from penata.learning.models import TrainingProgram

    _require_manage(actor, "membuat program pelatihan")
    program = TrainingProgram()
    _apply_program_fields(program, fields)
    if TrainingProgram.objects.filter(code=program.code).exists():
        raise LearningError("duplicate_code", f"Kode program {program.code} sudah dipakai.")
    program.save()
    _set_program_competencies(program, competencies or {})
    audit_record(
        actor=actor, action="training_program.create", obj=program, after=_program_snapshot(program)
    )
    return program


@transaction.atomic
def program_update(*, actor: Any, program: Any, fields: Any, competencies: Any = None) -> Any:
    """Edit a program; completed enrolments keep the JP they were granted."""
    from penata.learning.models import TrainingProgram

    _require_manage(actor, "mengubah program pelatihan")
    program = TrainingProgram.objects.select_for_update().get(pk=program.pk)
    before = _program_snapshot(program)
    _apply_program_fields(program, fields)
    if TrainingProgram.objects.filter(code=program.code).exclude(pk=program.pk).exists():
        raise LearningError("duplicate_code", f"Kode program {program.code} sudah dipakai.")
    program.save()
    if competencies is not None:
        _set_program_competencies(program, competencies)
    audit_record(
        actor=actor,
        action="training_program.update",
        obj=program,
        before=before,
        after=_program_snapshot(program),
    )
    return program


SESSION_FIELDS = ("code", "starts_on", "ends_on", "is_online", "location", "capacity")


def _apply_session_fields(session: TrainingSession, fields: Any) -> None:
    for key in SESSION_FIELDS:
        if key in fields:
            setattr(session, key, fields[key])
    if session.ends_on < session.starts_on:
        raise LearningError("bad_date", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if int(session.capacity) < 1:
        raise LearningError("bad_capacity", "Kapasitas angkatan paling sedikit 1 orang.")
    if not session.is_online and not (session.location or "").strip():
        raise LearningError("location_required", "Isi tempat pelatihan, atau tandai daring.")


@transaction.atomic
def session_create(*, actor: Any, program: Any, fields: Any) -> TrainingSession:
    """Open a new run (angkatan) of a program for registration."""
    _require_manage(actor, "membuat angkatan pelatihan")
    if not program.is_active:
        raise LearningError("program_inactive", "Program ini tidak aktif; aktifkan dulu.")
    session = TrainingSession(program=program, status=SessionStatus.OPEN)
    _apply_session_fields(session, fields)
    if TrainingSession.objects.filter(code=session.code).exists():
        raise LearningError("duplicate_code", f"Kode angkatan {session.code} sudah dipakai.")
    session.save()
    audit_record(
        actor=actor, action="training_session.create", obj=session, after=snapshot(session)
    )
    return session


@transaction.atomic
def session_update(*, actor: Any, session: TrainingSession, fields: Any) -> TrainingSession:
    """Edit dates, place and capacity; capacity cannot drop below the seats already taken."""
    _require_manage(actor, "mengubah angkatan pelatihan")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise LearningError("session_cancelled", "Angkatan yang dibatalkan tidak dapat diubah.")
    before = snapshot(session)
    _apply_session_fields(session, fields)
    taken = seats_taken(session)
    if session.capacity < taken:
        raise LearningError(
            "capacity_below_taken",
            f"Kapasitas {session.capacity} lebih kecil dari {taken} kursi yang sudah terisi.",
        )
    if TrainingSession.objects.filter(code=session.code).exclude(pk=session.pk).exists():
        raise LearningError("duplicate_code", f"Kode angkatan {session.code} sudah dipakai.")
    session.save()
    audit_record(
        actor=actor,
        action="training_session.update",
        obj=session,
        before=before,
        after=snapshot(session),
    )
    return session


def _set_session_status(
    actor: Any, session: TrainingSession, status: str, action: str, note: str = ""
) -> TrainingSession:
    before = snapshot(session)
    session.status = status
    session.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"training_session.{action}",
        obj=session,
        before=before,
        after=snapshot(session),
        note=note,
    )
    return session


@transaction.atomic
def session_close(*, actor: Any, session: TrainingSession) -> TrainingSession:
    """Close registration; enrolments already made go on."""
    _require_manage(actor, "menutup pendaftaran")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise LearningError(
            "session_not_open", f"Angkatan {session.code} tidak sedang membuka pendaftaran."
        )
    return _set_session_status(actor, session, SessionStatus.CLOSED, "close")


@transaction.atomic
def session_reopen(*, actor: Any, session: TrainingSession) -> TrainingSession:
    """Open a closed session's registration again."""
    _require_manage(actor, "membuka pendaftaran")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.CLOSED:
        raise LearningError(
            "session_not_closed", f"Angkatan {session.code} tidak dalam status ditutup."
        )
    return _set_session_status(actor, session, SessionStatus.OPEN, "reopen")


@transaction.atomic
def session_cancel(*, actor: Any, session: TrainingSession, reason: str) -> TrainingSession:
    """Cancel a session: every enrolment still in play is cancelled with the reason (one who
    already attended is marked not completed, the only way out of attended)."""
    _require_manage(actor, "membatalkan angkatan")
    reason = (reason or "").strip()
    if not reason:
        raise LearningError("reason_required", "Tuliskan alasan pembatalan angkatan.")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise LearningError("session_cancelled", f"Angkatan {session.code} sudah dibatalkan.")
    note = f"Angkatan dibatalkan: {reason}"[:255]
    active = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(session=session, status__in=[s.value for s in rules.ACTIVE])
        .select_related("session__program", "employee")
    )
    for enrolment in active:
        new = S.NOT_COMPLETED if enrolment.status == S.ATTENDED else S.CANCELLED
        _move(enrolment, new, actor=actor, action="cancel", note=note, reason=note)
    return _set_session_status(actor, session, SessionStatus.CANCELLED, "cancel", note=reason)


def enrolment_bulk_approve(
    *, actor: Any, session: TrainingSession, enrolment_ids: Iterable[int]
) -> dict[str, Any]:
    """Approve the selected nominations one by one (each through :func:`enrolment_approve`, in
    its own transaction). Stops at the first "session full"; returns who was approved and who
    was not, with why."""
    _require_manage(actor, "menyetujui peserta")
    rows = list(
        Enrolment.objects.filter(session=session, pk__in=list(enrolment_ids))
        .select_related("employee")
        .order_by("created_at", "pk")
    )
    approved: list[Enrolment] = []
    refused: list[tuple[Enrolment, str]] = []
    full = False
    for enrolment in rows:
        if full:
            refused.append((enrolment, "angkatan penuh"))
            continue
        try:
            approved.append(enrolment_approve(actor=actor, enrolment=enrolment))
        except LearningError as exc:
            refused.append((enrolment, exc.message))
            full = exc.code == "session_full"
    return {"approved": approved, "refused": refused, "full": full}


def _own_employee_id(actor: Any) -> int | None:
    return getattr(actor, "employee_id", None)


@transaction.atomic
def evaluation_submit(
    *,
    actor: Any,
    enrolment: Enrolment,
    relevance: int,
    material: int,
    trainer: int,
    organisation: int,
    overall: int,
    comment: str = "",
) -> Any:
    """The participant's reaction survey, once, for their own attended or completed
    enrolment."""
    from penata.learning.models import Evaluation

    enrolment = _lock(enrolment)
    if _own_employee_id(actor) != enrolment.employee_id:
        raise LearningError(
            "forbidden", "Anda hanya dapat mengisi evaluasi pelatihan Anda sendiri."
        )
    if enrolment.status not in (S.ATTENDED, S.COMPLETED):
        raise LearningError(
            "not_attended", "Evaluasi diisi setelah Anda mengikuti atau menyelesaikan pelatihan."
        )
    if Evaluation.objects.filter(enrolment=enrolment).exists():
        raise LearningError("already_evaluated", "Evaluasi pelatihan ini sudah Anda isi.")
    scores = {
        "relevance": relevance,
        "material": material,
        "trainer": trainer,
        "organisation": organisation,
        "overall": overall,
    }
    for value in scores.values():
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise LearningError("bad_rating", "Setiap butir evaluasi dinilai 1 sampai 5.")
    evaluation = Evaluation.objects.create(
        enrolment=enrolment, comment=(comment or "").strip()[:2000], **scores
    )
    audit_record(actor=actor, action="evaluation.submit", obj=enrolment, after=scores)
    return evaluation


@transaction.atomic
def external_certificate_submit(
    *,
    actor: Any,
    title: str,
    issuer: str,
    activity_type: Any,
    jp: int,
    completed_on: dt.date,
    file: Any,
    competency: Any = None,
) -> Any:
    """An ASN uploads a certificate from outside Penata (PDF/JPG/PNG, at most 5 MB, type
    sniffed from the content) for BKPP to verify."""
    import uuid

    from penata.core import uploads
    from penata.learning.certificates import ALLOWED_EXTENSIONS, MAX_UPLOAD_BYTES, check_upload
    from penata.learning.models import ExternalCertificate

    employee_id = _own_employee_id(actor)
    if not employee_id:
        raise LearningError(
            "no_employee", "Akun Anda tidak terhubung dengan data pegawai; hubungi BKPP."
        )
    if not has_perm(actor, Perm.LEARNING_OWN):
        raise LearningError("forbidden", "Anda tidak berwenang mengunggah sertifikat.")
    if not (title or "").strip() or not (issuer or "").strip():
        raise LearningError("required", "Isi nama kegiatan dan penyelenggara.")
    if not 1 <= int(jp) <= 200:
        raise LearningError("bad_jp", "JP sertifikat harus 1 sampai 200.")
    if completed_on > timezone.localdate():
        raise LearningError("bad_date", "Tanggal selesai tidak boleh di masa depan.")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    try:
        kind = check_upload(getattr(file, "name", ""), int(file.size), head)
        # the central gate: executables, content sniffing (core.uploads)
        uploads.check_file(
            getattr(file, "name", ""),
            int(file.size),
            file,
            allowed=ALLOWED_EXTENSIONS,
            max_bytes=MAX_UPLOAD_BYTES,
            allowed_label="PDF, JPG atau PNG",
        )
    except ValueError as exc:
        raise LearningError("bad_file", str(exc)) from exc
    ext = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[kind]
    file.name = f"{uuid.uuid4().hex}.{ext}"
    cert = ExternalCertificate.objects.create(
        employee_id=employee_id,
        title=title.strip()[:200],
        issuer=issuer.strip()[:200],
        activity_type=activity_type,
        competency=competency,
        jp=int(jp),
        completed_on=completed_on,
        file=file,
    )
    audit_record(actor=actor, action="external_certificate.submit", obj=cert, after=snapshot(cert))
    return cert


def _lock_certificate(certificate: Any) -> Any:
    from penata.learning.models import CertificateStatus, ExternalCertificate

    cert = (
        ExternalCertificate.objects.select_for_update(of=("self",))
        .select_related("activity_type")
        .get(pk=certificate.pk)
    )
    if cert.status != CertificateStatus.SUBMITTED:
        raise LearningError(
            "already_decided",
            f"Sertifikat ini sudah diputuskan ({cert.get_status_display().lower()}).",
        )
    return cert


@transaction.atomic
def external_certificate_verify(*, actor: Any, certificate: Any) -> Any:
    """BKPP verifies: the certificate's JP enter the ledger (source: external)."""
    from penata.learning.models import CertificateStatus

    _require_manage(actor, "memverifikasi sertifikat")
    cert = _lock_certificate(certificate)
    before = snapshot(cert)
    cert.status = CertificateStatus.VERIFIED
    cert.decided_by = actor
    cert.reason = ""
    cert.save(update_fields=["status", "decided_by", "reason"])
    entry = ledger_add(
        employee_id=cert.employee_id,
        completed_on=cert.completed_on,
        jp=cert.jp,
        activity_type_id=cert.activity_type_id,
        source=LedgerSource.EXTERNAL,
        source_id=cert.pk,
        title=cert.title,
    )
    audit_record(
        actor=actor,
        action="external_certificate.verify",
        obj=cert,
        before=before,
        after={**snapshot(cert), "ledger_entry": entry.pk if entry else None},
    )
    return cert


@transaction.atomic
def external_certificate_reject(*, actor: Any, certificate: Any, reason: str) -> Any:
    from penata.learning.models import CertificateStatus

    _require_manage(actor, "menolak sertifikat")
    reason = (reason or "").strip()
    if not reason:
        raise LearningError("reason_required", "Tuliskan alasan penolakan sertifikat.")
    cert = _lock_certificate(certificate)
    before = snapshot(cert)
    cert.status = CertificateStatus.REJECTED
    cert.decided_by = actor
    cert.reason = reason[:255]
    cert.save(update_fields=["status", "decided_by", "reason"])
    audit_record(
        actor=actor,
        action="external_certificate.reject",
        obj=cert,
        before=before,
        after=snapshot(cert),
    )
    return cert
