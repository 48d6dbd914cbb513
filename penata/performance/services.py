"""Writes of performance management. Every transition is atomic, locks the SKP row, checks who
acts and from which state, and is audited in the same transaction with before and after.

The SKP workflow (PermenPANRB 6/2022)::

    draft --submit--> submitted --rate--> rated --finalise (per OPD, curve)--> final
                                          rated --object (within N days)--> objected
                                          objected --decide (appraiser's superior)--> rated

An illegal transition raises :class:`TransitionError` with a code and an Indonesian message;
pages show it, the API answers 409 ``{"code", "message"}``. A rating sent against an older
``version`` of the SKP is refused (``stale_version``) instead of overwriting a colleague's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.roles import Perm
from penata.performance import rules
from penata.performance.models import (
    Appraisal,
    AppraisalPeriod,
    AppraiserOverride,
    BehaviourRating,
    Objection,
    PlannedResult,
    UnitPredikat,
)
from penata.performance.selectors import appraisers_for
from penata.workforce.models import Employee, OrgUnit

S = Appraisal.Status
RATED_STATES = (S.RATED, S.OBJECTED, S.FINAL)


class TransitionError(Exception):
    """A refused transition: ``code`` for machines, ``message`` (Indonesian) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _status_label(status: str) -> str:
    return str(S(status).label)


def _lock(appraisal: Appraisal | int) -> Appraisal:
    pk = appraisal.pk if isinstance(appraisal, Appraisal) else appraisal
    return (
        # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of the appraiser join.
        Appraisal.objects.select_for_update(of=("self",))
        .select_related("period", "employee", "appraiser")
        .get(pk=pk)
    )


def _require_state(appraisal: Appraisal, allowed: tuple[str, ...], action: str) -> None:
    if appraisal.status not in allowed:
        wanted = ", ".join(_status_label(s) for s in allowed)
        raise TransitionError(
            "illegal_transition",
            f"SKP berstatus {_status_label(appraisal.status)} tidak dapat {action}; "
            f"hanya SKP berstatus {wanted}.",
        )


def _require_open(period: AppraisalPeriod) -> None:
    if not period.is_open:
        raise TransitionError(
            "period_closed", f"Periode {period} sudah ditutup BKPP; SKP-nya tidak dapat diubah."
        )


def _is_owner(actor: Any, appraisal: Appraisal) -> bool:
    return bool(getattr(actor, "employee_id", None)) and actor.employee_id == appraisal.employee_id


def _is_appraiser(actor: Any, appraisal: Appraisal) -> bool:
    return (
        has_perm(actor, Perm.APPRAISAL_RATE)
        and bool(getattr(actor, "employee_id", None))
        and actor.employee_id == appraisal.appraiser_id
    )


def _audit(
    actor: Any, action: str, appraisal: Appraisal, before: dict[str, Any], **extra: Any
) -> None:
    after = snapshot(appraisal)
    after.update(extra)
    audit_record(actor=actor, action=action, obj=appraisal, before=before, after=after)


# --- periods -------------------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    actor: Any,
    year: int,
    kind: str = AppraisalPeriod.Kind.ANNUAL,
    start: dt.date | None = None,
    end: dt.date | None = None,
    objection_days: int = 14,
) -> AppraisalPeriod:
    if not has_perm(actor, Perm.PERFORMANCE_MANAGE):
        raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
    if start is None:
        start = dt.date(year, 1, 1)
    if end is None:
        end = (
            dt.date(year, 6, 30) if kind == AppraisalPeriod.Kind.MID_YEAR else dt.date(year, 12, 31)
        )
    period = AppraisalPeriod(
        year=year, kind=kind, start=start, end=end, objection_days=objection_days
    )
    period.full_clean()
    period.save()
    audit_record(actor=actor, action="appraisal_period.create", obj=period, after=snapshot(period))
    return period


@transaction.atomic
def period_set_status(*, actor: Any, period: AppraisalPeriod, status: str) -> AppraisalPeriod:
    """Open or close a period (BKPP). A closed period's SKP can no longer change."""
    if not has_perm(actor, Perm.PERFORMANCE_MANAGE):
        raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
    period = AppraisalPeriod.objects.select_for_update().get(pk=period.pk)
    status = AppraisalPeriod.Status(status)
    if period.status == status:
        raise TransitionError(
            "illegal_transition", f"Periode {period} sudah berstatus {status.label}."
        )
    before = snapshot(period)
    period.status = status
    period.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="appraisal_period.open"
        if status == AppraisalPeriod.Status.OPEN
        else "appraisal_period.close",
        obj=period,
        before=before,
        after=snapshot(period),
    )
    return period


@transaction.atomic
def unit_predikat_set(
    *, actor: Any, period: AppraisalPeriod, opd: OrgUnit, predikat: str
) -> UnitPredikat:
    """Record the OPD's own predikat for the period, which selects its distribution curve."""
    if not has_perm(actor, Perm.PERFORMANCE_MANAGE):
        raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
    value = rules.UnitPredikat(predikat)
    row = UnitPredikat.objects.select_for_update().filter(period=period, org_unit=opd).first()
    before = snapshot(row) if row else None
    if row is None:
        row = UnitPredikat(period=period, org_unit=opd, predikat=value)
    row.predikat = value
    row.full_clean()
    row.save()
    audit_record(
        actor=actor, action="unit_predikat.set", obj=row, before=before, after=snapshot(row)
    )
    return row


@transaction.atomic
def appraiser_override_set(
    *,
    actor: Any,
    employee: Employee,
    appraiser: Employee,
    reason: str,
    period: AppraisalPeriod | None = None,
) -> AppraiserOverride:
    """Set the appraiser of an employee by hand (for one period, or every period without one).

    It applies to SKP opened afterwards; an SKP already opened keeps the appraiser it has."""
    if not has_perm(actor, Perm.PERFORMANCE_MANAGE):
        raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
    row = (
        AppraiserOverride.objects.select_for_update()
        .filter(employee=employee, period=period)
        .first()
    )
    before = snapshot(row) if row else None
    if row is None:
        row = AppraiserOverride(employee=employee, period=period)
    row.appraiser = appraiser
    row.reason = reason
    row.full_clean()
    row.save()
    audit_record(
        actor=actor, action="appraiser_override.set", obj=row, before=before, after=snapshot(row)
    )
    return row


@transaction.atomic
def appraiser_override_delete(*, actor: Any, override: AppraiserOverride) -> None:
    if not has_perm(actor, Perm.PERFORMANCE_MANAGE):
        raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
    audit_record(
        actor=actor, action="appraiser_override.delete", obj=override, before=snapshot(override)
    )
    override.delete()


# --- the SKP -------------------------------------------------------------------------------


@transaction.atomic
def appraisal_start(*, actor: Any, period: AppraisalPeriod, employee: Employee) -> Appraisal:
    """Open an employee's SKP for the period (by the employee, or BKPP), with the appraiser
    derived from the org structure at this moment."""
    if not (
        (getattr(actor, "employee_id", None) == employee.pk and has_perm(actor, Perm.APPRAISAL_OWN))
        or has_perm(actor, Perm.PERFORMANCE_MANAGE)
    ):
        raise PermissionDenied(str(Perm.APPRAISAL_OWN))
    _require_open(period)
    existing = Appraisal.objects.filter(period=period, employee=employee).first()
    if existing is not None:
        raise TransitionError(
            "already_exists", f"SKP {employee.name} untuk periode {period} sudah ada."
        )
    employee = Employee.objects.select_related("org_unit").get(pk=employee.pk)
    appraiser_id = appraisers_for([employee], period)[employee.pk]
    appraisal = Appraisal(
        period=period,
        employee=employee,
        appraiser_id=appraiser_id,
        org_unit=employee.org_unit,
        opd_id=employee.org_unit.opd_id,
    )
    appraisal.full_clean()
    appraisal.save()
    audit_record(actor=actor, action="appraisal.start", obj=appraisal, after=snapshot(appraisal))
    return appraisal


def _editable_by_employee(actor: Any, appraisal: Appraisal) -> None:
    if not _is_owner(actor, appraisal):
        raise PermissionDenied("appraisal.own")
    _require_open(appraisal.period)
    _require_state(appraisal, (S.DRAFT,), "diubah pegawai")


@transaction.atomic
def planned_result_add(
    *, actor: Any, appraisal: Appraisal, description: str, indicator: str, target: str
) -> PlannedResult:
    appraisal = _lock(appraisal)
    _editable_by_employee(actor, appraisal)
    order = appraisal.results.count() + 1
    result = PlannedResult(
        appraisal=appraisal,
        order=order,
        description=description,
        indicator=indicator,
        target=target,
    )
    result.full_clean()
    result.save()
    audit_record(actor=actor, action="planned_result.add", obj=result, after=snapshot(result))
    return result


@transaction.atomic
def planned_result_update(
    *, actor: Any, result: PlannedResult, realisation: str, evidence: str = ""
) -> PlannedResult:
    """Record the realisation and the evidence link of a planned result (employee, draft only)."""
    appraisal = _lock(result.appraisal_id)
    _editable_by_employee(actor, appraisal)
    result = PlannedResult.objects.get(pk=result.pk, appraisal=appraisal)
    before = snapshot(result)
    result.realisation = realisation
    result.evidence = evidence
    result.full_clean()
    result.save(update_fields=["realisation", "evidence"])
    audit_record(
        actor=actor,
        action="planned_result.update",
        obj=result,
        before=before,
        after=snapshot(result),
    )
    return result


@transaction.atomic
def planned_result_delete(*, actor: Any, result: PlannedResult) -> None:
    appraisal = _lock(result.appraisal_id)
    _editable_by_employee(actor, appraisal)
    before = snapshot(result)
    audit_record(actor=actor, action="planned_result.delete", obj=result, before=before)
    result.delete()


@transaction.atomic
def planned_results_agree(*, actor: Any, appraisal: Appraisal) -> Appraisal:
    """The appraiser agrees the plan (the SKP is agreed between employee and supervisor)."""
    appraisal = _lock(appraisal)
    if not _is_appraiser(actor, appraisal):
        raise PermissionDenied("appraisal.rate")
    _require_open(appraisal.period)
    _require_state(appraisal, (S.DRAFT, S.SUBMITTED), "disepakati")
    n = appraisal.results.filter(agreed=False).update(agreed=True)
    audit_record(actor=actor, action="appraisal.agree_plan", obj=appraisal, after={"agreed": n})
    return appraisal


@transaction.atomic
def appraisal_submit(*, actor: Any, appraisal: Appraisal) -> Appraisal:
    """draft → submitted, by the employee. After this the employee can no longer edit it."""
    appraisal = _lock(appraisal)
    _editable_by_employee(actor, appraisal)
    if not appraisal.results.exists():
        raise TransitionError(
            "no_results",
            "Tambahkan paling sedikit satu rencana hasil kerja sebelum mengajukan SKP.",
        )
    if appraisal.appraiser_id is None:
        raise TransitionError(
            "no_appraiser",
            "Pejabat penilai Anda belum dapat ditentukan dari struktur organisasi; minta BKPP "
            "menetapkannya.",
        )
    before = snapshot(appraisal)
    appraisal.status = S.SUBMITTED
    appraisal.submitted_at = timezone.now()
    appraisal.version += 1
    appraisal.save(update_fields=["status", "submitted_at", "version"])
    _audit(actor, "appraisal.submit", appraisal, before)
    return appraisal


@transaction.atomic
def appraisal_rate(
    *,
    actor: Any,
    appraisal: Appraisal,
    hasil_kerja: str,
    behaviours: Mapping[str, str],
    version: int,
    note: str = "",
) -> Appraisal:
    """submitted/rated → rated, by the appraiser only.

    The perilaku rating follows from the seven BerAKHLAK ratings by
    :func:`rules.perilaku_from_values`; the predikat from the matrix. ``version`` is the version
    the appraiser saw: when someone else saved in between, the rating is refused."""
    appraisal = _lock(appraisal)
    if not _is_appraiser(actor, appraisal):
        raise PermissionDenied("appraisal.rate")
    _require_open(appraisal.period)
    _require_state(appraisal, (S.SUBMITTED, S.RATED), "dinilai")
    if appraisal.version != version:
        raise TransitionError(
            "stale_version",
            "SKP ini baru saja diubah orang lain (versi tersimpan "
            f"{appraisal.version}, Anda mengirim versi {version}). Muat ulang halaman, periksa, "
            "lalu nilai lagi.",
        )
    try:
        hasil = rules.Rating(hasil_kerja)
        perilaku = rules.perilaku_from_values(behaviours)
    except ValueError as exc:
        raise ValidationError(
            f"Penilaian tidak lengkap atau tidak dikenal: {exc}. Nilai hasil kerja dan ketujuh "
            "nilai BerAKHLAK."
        ) from None
    before = snapshot(appraisal)
    before["behaviours"] = dict(appraisal.behaviours.values_list("value", "rating"))
    appraisal.hasil_kerja = hasil
    appraisal.perilaku = perilaku
    appraisal.predikat = rules.predikat(hasil, perilaku)
    appraisal.rating_note = note
    appraisal.status = S.RATED
    appraisal.rated_at = timezone.now()
    appraisal.rated_by = actor
    appraisal.version += 1
    appraisal.full_clean()
    appraisal.save()
    appraisal.behaviours.all().delete()
    BehaviourRating.objects.bulk_create(
        [
            BehaviourRating(
                appraisal=appraisal, value=rules.BehaviourValue(k), rating=rules.Rating(v)
            )
            for k, v in behaviours.items()
        ]
    )
    _audit(
        actor,
        "appraisal.rate",
        appraisal,
        before,
        behaviours={str(k): str(v) for k, v in behaviours.items()},
        rule="perilaku: mayoritas 4 dari 7 nilai BerAKHLAK; predikat: matriks PermenPANRB 6/2022",
    )
    return appraisal


@transaction.atomic
def objection_file(
    *, actor: Any, appraisal: Appraisal, reason: str, now: dt.datetime | None = None
) -> Objection:
    """rated → objected, by the employee, within the period's objection window. The objection
    goes to the appraiser's own superior."""
    appraisal = _lock(appraisal)
    if not _is_owner(actor, appraisal):
        raise PermissionDenied("appraisal.own")
    _require_state(appraisal, (S.RATED,), "diajukan keberatan")
    now = now or timezone.now()
    assert appraisal.rated_at is not None
    deadline = appraisal.rated_at + dt.timedelta(days=appraisal.period.objection_days)
    if now > deadline:
        raise TransitionError(
            "objection_window_closed",
            f"Batas pengajuan keberatan {appraisal.period.objection_days} hari sejak penilaian "
            f"sudah lewat ({timezone.localtime(deadline):%d-%m-%Y %H:%M}).",
        )
    if not reason.strip():
        raise ValidationError("Tuliskan alasan keberatan.")
    decider_id = None
    if appraisal.appraiser_id is not None:
        appraiser = Employee.objects.select_related("org_unit").get(pk=appraisal.appraiser_id)
        decider_id = appraisers_for([appraiser], appraisal.period)[appraiser.pk]
    if decider_id is None:
        raise TransitionError(
            "no_superior",
            "Atasan pejabat penilai tidak dapat ditentukan; hubungi BKPP untuk menetapkannya.",
        )
    before = snapshot(appraisal)
    objection = Objection(
        appraisal=appraisal,
        filed_by=actor,
        reason=reason.strip(),
        filed_at=now,
        decider_id=decider_id,
    )
    objection.full_clean()
    objection.save()
    appraisal.status = S.OBJECTED
    appraisal.version += 1
    appraisal.save(update_fields=["status", "version"])
    _audit(
        actor,
        "appraisal.object",
        appraisal,
        before,
        objection=objection.pk,
        reason=objection.reason,
    )
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: Any,
    objection: Objection,
    decision: str,
    note: str = "",
    new_hasil_kerja: str = "",
    new_perilaku: str = "",
) -> Objection:
    """objected → rated, by the appraiser's superior: uphold (new ratings) or reject."""
    appraisal = _lock(objection.appraisal_id)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not (
        has_perm(actor, Perm.APPRAISAL_RATE)
        and getattr(actor, "employee_id", None)
        and actor.employee_id == objection.decider_id
    ):
        raise PermissionDenied("appraisal.rate")
    if objection.decision:
        raise TransitionError("already_decided", "Keberatan ini sudah diputus.")
    _require_state(appraisal, (S.OBJECTED,), "diputus keberatannya")
    decision_value = Objection.Decision(decision)
    if decision_value == Objection.Decision.PENDING:
        raise ValidationError("Pilih keputusan: dikabulkan atau ditolak.")
    before = snapshot(appraisal)
    if decision_value == Objection.Decision.UPHELD:
        try:
            hasil, perilaku = rules.Rating(new_hasil_kerja), rules.Rating(new_perilaku)
        except ValueError:
            raise ValidationError(
                "Keberatan yang dikabulkan memerlukan nilai hasil kerja dan perilaku kerja baru."
            ) from None
        objection.new_hasil_kerja, objection.new_perilaku = hasil, perilaku
        appraisal.hasil_kerja, appraisal.perilaku = hasil, perilaku
        appraisal.predikat = rules.predikat(hasil, perilaku)
    objection.decision = decision_value
    objection.decision_note = note
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.save()
    appraisal.status = S.RATED
    appraisal.version += 1
    appraisal.save()
    _audit(
        actor,
        "appraisal.objection_decide",
        appraisal,
        before,
        objection=objection.pk,
        decision=decision_value.value,
    )
    return objection


# --- the unit and its curve ----------------------------------------------------------------


def units_distribution(
    period: AppraisalPeriod, opd_ids: list[int]
) -> dict[int, dict[rules.Predikat, int]]:
    """Staff per predikat of each OPD in the period (rated, objected or final), one query."""
    out = {pk: dict.fromkeys(rules.Predikat, 0) for pk in opd_ids}
    rows = (
        Appraisal.objects.filter(period=period, opd_id__in=opd_ids, status__in=RATED_STATES)
        .values("opd_id", "predikat")
        .annotate(n=Count("id"))
    )
    for row in rows:
        out[row["opd_id"]][rules.Predikat(row["predikat"])] = row["n"]
    return out


def unit_distribution(period: AppraisalPeriod, opd_id: int) -> dict[rules.Predikat, int]:
    """Staff of the OPD per predikat in the period (rated, objected or final), one query."""
    return units_distribution(period, [opd_id])[opd_id]


@transaction.atomic
def appraisals_finalise_unit(*, actor: Any, period: AppraisalPeriod, opd: OrgUnit) -> int:
    """rated → final for every SKP of the OPD in the period, when the staff's predikat keep to
    the curve of the OPD's own predikat (SE MenPANRB 3/2023). Refused, changing nothing, with
    each broken bound and by how many people, otherwise."""
    if not has_perm(actor, Perm.PERFORMANCE_MANAGE):
        raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
    rows = list(
        Appraisal.objects.select_for_update()
        .filter(period=period, opd=opd)
        .values_list("pk", "status")
    )
    pending = [pk for pk, status in rows if status in (S.DRAFT, S.SUBMITTED, S.OBJECTED)]
    if pending:
        raise TransitionError(
            "unit_not_ready",
            f"{len(pending)} SKP di {opd.name} belum dinilai atau masih dalam keberatan; "
            "selesaikan dahulu sebelum finalisasi.",
        )
    rated = [pk for pk, status in rows if status == S.RATED]
    if not rated:
        raise TransitionError(
            "nothing_to_finalise", f"Tidak ada SKP berstatus Dinilai di {opd.name}."
        )
    unit = UnitPredikat.objects.filter(period=period, org_unit=opd).first()
    if unit is None:
        raise TransitionError(
            "no_unit_predikat",
            f"Predikat unit {opd.name} untuk periode {period} belum ditetapkan; kurva distribusi "
            "tidak dapat diperiksa.",
        )
    counts = unit_distribution(period, opd.pk)
    violations = rules.check_curve(unit.predikat, counts)
    if violations:
        raise TransitionError(
            "curve_violated",
            f"Sebaran predikat {opd.name} melanggar kurva untuk predikat unit "
            f"{rules.UnitPredikat(unit.predikat).label}: "
            + " ".join(v.message for v in violations),
        )
    now = timezone.now()
    n = Appraisal.objects.filter(pk__in=rated).update(status=S.FINAL, finalised_at=now)
    audit_record(
        actor=actor,
        action="appraisal.finalise_unit",
        obj=opd,
        before={"status": S.RATED.value, "appraisals": rated},
        after={
            "status": S.FINAL.value,
            "period": period.pk,
            "unit_predikat": unit.predikat,
            "counts": {p.value: c for p, c in counts.items()},
            "finalised": n,
        },
    )
    return n
