"""Every write of change management: keyword-only, atomic, audited in the same transaction.

A refused action raises :class:`EngagementError` with an Indonesian message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from penata.core import uploads
from penata.core.audit import audit_record
from penata.core.roles import Role
from penata.engagement import rules
from penata.engagement.models import (
    Announcement,
    AnsweredMarker,
    Attendance,
    Campaign,
    Champion,
    CheckInCode,
    EngagementSettings,
    Event,
    FollowUpAction,
    FollowUpStatus,
    Invitation,
    Material,
    MaterialKind,
    Survey,
    SurveyItem,
    SurveyResponse,
    SurveyWave,
    WaveStatus,
)
from penata.workforce.models import Employee, EmployeeStatus, OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"


class EngagementError(Exception):
    """A refused action: ``code`` for machines, ``message`` (Indonesian) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@cache
def standard_item_bank() -> list[dict[str, str]]:
    """The standard ADKAR item bank (data file, three statements per dimension)."""
    items: list[dict[str, str]] = json.loads((DATA_DIR / "adkar_items.json").read_text("utf-8"))
    return items


def _units(ids: Iterable[int]) -> list[OrgUnit]:
    wanted = sorted(set(ids))
    units = list(OrgUnit.objects.filter(pk__in=wanted))
    if len(units) != len(wanted):
        raise EngagementError("unknown_unit", "Unit sasaran tidak dikenal: pilih dari daftar.")
    return units


def units_q(units: Iterable[OrgUnit], prefix: str = "org_unit__") -> Q:
    """Employees in any of ``units`` or below them (empty: everyone)."""
    q = Q()
    any_unit = False
    for u in units:
        q |= Q(**{f"{prefix}path__startswith": u.path})
        any_unit = True
    return q if any_unit else Q()


def employee_opd_id(employee: Employee) -> int:
    unit = employee.org_unit
    return unit.opd_id or unit.pk


# --- campaigns ---------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    topic: str,
    message: str,
    starts_on: dt.date,
    ends_on: dt.date,
    target_unit_ids: Iterable[int] = (),
    target_roles: Iterable[str] = (),
) -> Campaign:
    if ends_on < starts_on:
        raise EngagementError("bad_period", "Tanggal selesai kampanye sebelum tanggal mulai.")
    roles = sorted(set(target_roles))
    bad = [r for r in roles if r not in Role.values]
    if bad:
        raise EngagementError("bad_role", f"Peran sasaran tidak dikenal: {', '.join(bad)}.")
    units = _units(target_unit_ids)
    campaign = Campaign(
        topic=topic.strip(),
        message=message.strip(),
        owner=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        target_roles=roles,
    )
    campaign.full_clean()
    campaign.save()
    campaign.target_units.set(units)
    audit_record(
        actor=actor,
        action="engagement.campaign_create",
        obj=campaign,
        after={
            "topic": campaign.topic,
            "period": [starts_on.isoformat(), ends_on.isoformat()],
            "units": [u.pk for u in units],
            "roles": roles,
        },
    )
    return campaign


@transaction.atomic
def material_add(
    *,
    actor: Any,
    campaign: Campaign,
    kind: str,
    title: str,
    file: UploadedFile | None = None,
    url: str = "",
) -> Material:
    """A document or short video (a file within :data:`rules.MATERIAL_LIMITS`) or a link."""
    if kind not in MaterialKind.values:
        raise EngagementError("bad_kind", "Jenis materi tidak dikenal.")
    if kind == MaterialKind.LINK:
        if not url or file is not None:
            raise EngagementError("bad_material", "Materi tautan: isi kolom tautan saja.")
        material = Material(campaign=campaign, kind=kind, title=title.strip(), url=url)
    else:
        if file is None or url:
            raise EngagementError("bad_material", "Materi dokumen/video: unggah berkasnya.")
        try:
            file.seek(0)
            head = file.read(16)
            file.seek(0)
            rules.check_material(kind, file.name or "", file.size or 0, head)
            # the central gate: executables, zip bombs, Office structure (core.uploads)
            extensions, limit = rules.MATERIAL_LIMITS[kind]
            uploads.check_file(
                file.name or "",
                file.size or 0,
                file,
                allowed=extensions,
                max_bytes=limit,
                allowed_label=", ".join(sorted(extensions)).upper(),
            )
        except ValueError as exc:
            raise EngagementError("bad_file", str(exc)) from exc
        material = Material(
            campaign=campaign, kind=kind, title=title.strip(), file=file, size=file.size or 0
        )
    material.full_clean()
    material.save()
    audit_record(
        actor=actor,
        action="engagement.material_add",
        obj=material,
        after={"campaign": campaign.pk, "kind": kind, "size": material.size, "url": url},
    )
    return material


@transaction.atomic
def announcement_publish(*, actor: Any, campaign: Campaign, title: str, body: str) -> Announcement:
    ann = Announcement(campaign=campaign, title=title.strip(), body=body.strip())
    ann.full_clean()
    ann.save()
    audit_record(
        actor=actor,
        action="engagement.announcement_publish",
        obj=ann,
        after={"campaign": campaign.pk, "title": ann.title},
    )
    return ann


# --- events ------------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    mode: str,
    location: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    campaign: Campaign | None = None,
    target_unit_ids: Iterable[int] = (),
) -> Event:
    if ends_at <= starts_at:
        raise EngagementError("bad_schedule", "Waktu selesai acara harus setelah waktu mulai.")
    units = _units(target_unit_ids)
    event = Event(
        campaign=campaign,
        title=title.strip(),
        kind=kind,
        mode=mode,
        location=location.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    event.full_clean()
    event.save()
    event.target_units.set(units)
    audit_record(
        actor=actor,
        action="engagement.event_create",
        obj=event,
        after={
            "kind": kind,
            "mode": mode,
            "schedule": [starts_at.isoformat(), ends_at.isoformat()],
            "units": [u.pk for u in units],
        },
    )
    return event


@transaction.atomic
def event_invite(*, actor: Any, event: Event) -> int:
    """Invite every active employee of the event's target units (and below) not yet invited.
    Set-based: two queries and one bulk insert whatever the number of people."""
    units = list(event.target_units.all())
    already = Invitation.objects.filter(event=event, employee_id=OuterRef("pk"))
    people = (
        Employee.objects.filter(status=EmployeeStatus.AKTIF)
        .filter(units_q(units))
        .filter(~Exists(already))  # NOT EXISTS: an anti-join, also for a whole province
        .values_list("pk", "org_unit_id", "org_unit__opd_id")
    )
    rows = [
        Invitation(event=event, employee_id=pk, org_unit_id=unit_id, opd_id=opd_id or unit_id)
        for pk, unit_id, opd_id in people
    ]
    Invitation.objects.bulk_create(rows, batch_size=2000)
    audit_record(
        actor=actor,
        action="engagement.event_invite",
        obj=event,
        after={"invited": len(rows), "units": [u.pk for u in units]},
    )
    return len(rows)


def _unique_code() -> str:
    for _attempt in range(20):
        code = rules.new_code()
        if not CheckInCode.objects.filter(code=code).exists():
            return code
    raise EngagementError("code_space", "Gagal membuat kode unik; coba lagi.")


@transaction.atomic
def checkin_code_issue(*, actor: Any, event: Event, now: dt.datetime | None = None) -> CheckInCode:
    """A fresh single-use code for the event screen, valid for the configured minutes."""
    now = now or timezone.now()
    minutes = EngagementSettings.current().checkin_code_minutes
    code = CheckInCode.objects.create(
        event=event, code=_unique_code(), expires_at=now + dt.timedelta(minutes=minutes)
    )
    audit_record(
        actor=actor,
        action="engagement.checkin_code_issue",
        obj=event,
        after={"code_id": code.pk, "expires_at": code.expires_at.isoformat()},
    )
    return code


def current_screen_code(*, actor: Any, event: Event, now: dt.datetime | None = None) -> CheckInCode:
    """The code the event screen shows: the newest unused, unexpired one, or a new one."""
    now = now or timezone.now()
    code = (
        CheckInCode.objects.filter(event=event, used_by__isnull=True, expires_at__gt=now)
        .order_by("-expires_at")
        .first()
    )
    return code or checkin_code_issue(actor=actor, event=event, now=now)


@transaction.atomic
def checkin_redeem(*, user: Any, raw_code: str, now: dt.datetime | None = None) -> Attendance:
    """Check the signed-in ASN in with a code from the event screen.

    The code must exist, be unexpired and unused, or used by this same person (a second scan
    is harmless). A code someone else used is refused: one code, one person.
    """
    now = now or timezone.now()
    if not getattr(user, "employee_id", None):
        raise EngagementError("no_employee", "Akun Anda tidak terhubung dengan data pegawai.")
    code_text = rules.normalise_code(raw_code)
    if not rules.code_well_formed(code_text):
        raise EngagementError(
            "bad_code",
            f"Kode hadir terdiri dari {rules.CODE_LENGTH} huruf/angka seperti di layar acara.",
        )
    code = (
        CheckInCode.objects.select_for_update()
        .select_related("event")
        .filter(code=code_text)
        .first()
    )
    if code is None:
        raise EngagementError("unknown_code", "Kode hadir tidak dikenal; periksa lagi di layar.")
    employee = Employee.objects.select_related("org_unit").get(pk=user.employee_id)
    existing = Attendance.objects.filter(event=code.event, employee=employee).first()
    if code.used_by_id is not None and code.used_by_id != employee.pk:
        raise EngagementError(
            "code_used", "Kode ini sudah dipakai orang lain; pindai kode baru di layar acara."
        )
    if existing is not None:
        return existing
    if code.expires_at <= now:
        raise EngagementError(
            "code_expired", "Kode sudah kedaluwarsa; pindai kode baru di layar acara."
        )
    if now > code.event.ends_at + dt.timedelta(hours=1):
        raise EngagementError("event_over", "Acara sudah selesai; check-in ditutup.")
    code.used_by = employee
    code.used_at = now
    code.save(update_fields=["used_by", "used_at"])
    attendance = Attendance.objects.create(
        event=code.event,
        employee=employee,
        org_unit_id=employee.org_unit_id,
        opd_id=employee_opd_id(employee),
        code=code,
        checked_in_at=now,
    )
    audit_record(
        actor=user,
        action="engagement.checkin",
        obj=attendance,
        after={"event": code.event_id, "employee": employee.pk, "code_id": code.pk},
    )
    return attendance


# --- surveys -----------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    title: str,
    description: str = "",
    campaign: Campaign | None = None,
    standard_items: bool = True,
) -> Survey:
    survey = Survey(title=title.strip(), description=description.strip(), campaign=campaign)
    survey.full_clean()
    survey.save()
    if standard_items:
        bank = standard_item_bank()
        SurveyItem.objects.bulk_create(
            SurveyItem(survey=survey, dimension=i["dimension"], text=i["text"], order=n)
            for n, i in enumerate(bank, start=1)
        )
    audit_record(
        actor=actor,
        action="engagement.survey_create",
        obj=survey,
        after={"title": survey.title, "standard_items": standard_items},
    )
    return survey


@transaction.atomic
def survey_item_add(*, actor: Any, survey: Survey, dimension: str, text: str) -> SurveyItem:
    if survey.waves.exclude(status=WaveStatus.DRAFT).exists():
        raise EngagementError(
            "survey_in_use",
            "Survei sudah pernah dibuka; butir tidak dapat ditambah agar gelombang sebanding. "
            "Buat survei baru.",
        )
    order = (survey.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = SurveyItem(survey=survey, dimension=dimension, text=text.strip(), order=order)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="engagement.survey_item_add",
        obj=item,
        after={"survey": survey.pk, "dimension": dimension, "text": item.text},
    )
    return item


@transaction.atomic
def wave_create(
    *,
    actor: Any,
    survey: Survey,
    opens_on: dt.date,
    closes_on: dt.date,
    target_unit_ids: Iterable[int] = (),
) -> SurveyWave:
    if closes_on < opens_on:
        raise EngagementError("bad_window", "Tanggal tutup gelombang sebelum tanggal buka.")
    dims = set(survey.items.values_list("dimension", flat=True))
    missing = [d.value for d in rules.DIMENSIONS if d.value not in dims]
    if missing:
        raise EngagementError(
            "incomplete_survey",
            f"Survei belum punya butir untuk dimensi: {', '.join(missing)}. Tambahkan dulu.",
        )
    units = _units(target_unit_ids)
    number = (survey.waves.aggregate(m=Max("number"))["m"] or 0) + 1
    wave = SurveyWave(survey=survey, number=number, opens_on=opens_on, closes_on=closes_on)
    wave.full_clean()
    wave.save()
    wave.target_units.set(units)
    audit_record(
        actor=actor,
        action="engagement.wave_create",
        obj=wave,
        after={
            "survey": survey.pk,
            "number": number,
            "window": [opens_on.isoformat(), closes_on.isoformat()],
            "units": [u.pk for u in units],
        },
    )
    return wave


_WAVE_NEXT = {WaveStatus.DRAFT: WaveStatus.OPEN, WaveStatus.OPEN: WaveStatus.CLOSED}


@transaction.atomic
def wave_advance(*, actor: Any, wave: SurveyWave) -> SurveyWave:
    """Draft → open → closed. Results are shown only once closed."""
    locked = SurveyWave.objects.select_for_update().get(pk=wave.pk)
    before = locked.status
    nxt = _WAVE_NEXT.get(WaveStatus(before))
    if nxt is None:
        raise EngagementError("wave_closed", "Gelombang sudah ditutup.")
    locked.status = nxt
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="engagement.wave_status",
        obj=locked,
        before={"status": before},
        after={"status": nxt.value},
    )
    return locked


def wave_targets_employee(wave: SurveyWave, employee: Employee) -> bool:
    units = list(wave.target_units.all())
    if not units:
        return True
    return any(employee.org_unit.path.startswith(u.path) for u in units)


@transaction.atomic
def response_submit(
    *, user: Any, wave: SurveyWave, answers: Mapping[int, int], today: dt.date | None = None
) -> None:
    """Store one anonymous response and, separately, the marker that this person answered.

    Every item must be answered 1–5. The response keeps the OPD and the answers only; the audit
    event names the person and the wave but not the answers, so neither table links a person
    to what they said.
    """
    today = today or timezone.localdate()
    if not getattr(user, "employee_id", None):
        raise EngagementError("no_employee", "Akun Anda tidak terhubung dengan data pegawai.")
    employee = Employee.objects.select_related("org_unit").get(pk=user.employee_id)
    if wave.status != WaveStatus.OPEN or not wave.opens_on <= today <= wave.closes_on:
        raise EngagementError("wave_not_open", "Survei ini tidak sedang dibuka.")
    if not wave_targets_employee(wave, employee):
        raise EngagementError("not_targeted", "Survei ini tidak ditujukan untuk unit Anda.")
    items = dict(wave.survey.items.values_list("pk", "dimension"))
    clean: dict[int, int] = {}
    for key, value in answers.items():
        try:
            item_id, v = int(key), int(value)
        except (TypeError, ValueError) as exc:
            raise EngagementError("bad_answer", "Jawaban harus angka 1–5.") from exc
        clean[item_id] = v
    unknown = set(clean) - set(items)
    if unknown:
        raise EngagementError("bad_answer", "Ada jawaban untuk butir yang bukan milik survei ini.")
    missing = [n for n, pk in enumerate(items, start=1) if pk not in clean]
    if missing:
        raise EngagementError(
            "incomplete",
            f"Jawab semua pernyataan; belum dijawab: nomor {', '.join(map(str, missing))}.",
        )
    if any(not rules.LIKERT_MIN <= v <= rules.LIKERT_MAX for v in clean.values()):
        raise EngagementError("bad_answer", "Jawaban harus antara 1 dan 5.")
    try:
        with transaction.atomic():
            AnsweredMarker.objects.create(wave=wave, employee=employee)
    except IntegrityError as exc:
        raise EngagementError("already_answered", "Anda sudah mengisi survei ini.") from exc
    means = rules.dimension_means(clean, items)
    SurveyResponse.objects.create(
        wave=wave,
        opd_id=employee_opd_id(employee),
        answers={str(k): v for k, v in sorted(clean.items())},
        **means,
    )
    audit_record(
        actor=user,
        action="engagement.survey_answered",
        object_type="engagement.surveywave",
        object_id=str(wave.pk),
        object_repr=str(wave)[:255],
        after={"wave": wave.pk},
        note="Jawaban anonim: tidak dicatat di log.",
    )


# --- champions and follow-ups ------------------------------------------------------------------


@transaction.atomic
def champion_appoint(
    *, actor: Any, employee: Employee, appointed_on: dt.date | None = None
) -> Champion:
    opd_id = employee_opd_id(employee)
    if Champion.objects.filter(opd_id=opd_id, employee=employee, is_active=True).exists():
        raise EngagementError(
            "already_champion", "Pegawai ini sudah menjadi agen perubahan OPD-nya."
        )
    champion = Champion.objects.create(
        opd_id=opd_id, employee=employee, appointed_on=appointed_on or timezone.localdate()
    )
    audit_record(
        actor=actor,
        action="engagement.champion_appoint",
        obj=champion,
        after={"opd": opd_id, "employee": employee.pk},
    )
    return champion


@transaction.atomic
def champion_retire(*, actor: Any, champion: Champion) -> None:
    Champion.objects.filter(pk=champion.pk).update(is_active=False)
    audit_record(
        actor=actor,
        action="engagement.champion_retire",
        obj=champion,
        before={"is_active": True},
        after={"is_active": False},
    )


@transaction.atomic
def followup_create(
    *,
    actor: Any,
    opd: OrgUnit,
    kind: str,
    description: str,
    due_on: dt.date,
    wave: SurveyWave | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> FollowUpAction:
    action = FollowUpAction(
        opd=opd,
        wave=wave,
        kind=kind,
        description=description.strip(),
        due_on=due_on,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action="engagement.followup_create",
        obj=action,
        after={
            "opd": opd.pk,
            "kind": kind,
            "due_on": due_on.isoformat(),
            "wave": wave.pk if wave else None,
            "hot_spot": dict(inputs or {}),
        },
    )
    return action


@transaction.atomic
def followup_done(*, actor: Any, action: FollowUpAction, note: str = "") -> FollowUpAction:
    locked = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if locked.status == FollowUpStatus.DONE:
        raise EngagementError("already_done", "Tindak lanjut ini sudah selesai.")
    locked.status = FollowUpStatus.DONE
    locked.done_at = timezone.now()
    locked.done_note = note.strip()[:300]
    locked.save(update_fields=["status", "done_at", "done_note"])
    audit_record(
        actor=actor,
        action="engagement.followup_done",
        obj=locked,
        before={"status": FollowUpStatus.OPEN.value},
        after={"status": FollowUpStatus.DONE.value, "note": locked.done_note},
    )
    return locked
