"""Writes of workforce planning: the ABK computation, proposals and their approval.

Every write is atomic and audited in the same transaction. Errors are :class:`PlanningError`
with an Indonesian message."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import transaction
from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from penata.core import services as core_services
from penata.core.audit import audit_record
from penata.core.faults import fault_point
from penata.planning import rules
from penata.planning.models import (
    AnalysisRun,
    EfficiencyBand,
    JobProfile,
    JobTask,
    Move,
    PlanningSettings,
    PositionLoad,
    Proposal,
    ProposalStatus,
)
from penata.workforce.models import Employee, EmployeeStatus, OrgUnit, Position


class PlanningError(Exception):
    """A refused planning action; the message is for the user (Indonesian)."""


def planning_settings() -> PlanningSettings:
    obj = PlanningSettings.objects.first()
    if obj is None:
        raise PlanningError("Pengaturan perencanaan belum ada; jalankan migrasi.")
    return obj


def bands() -> list[rules.Band]:
    return [
        rules.Band(b.code, float(b.lower), b.strict) for b in EfficiencyBand.objects.all()
    ] or list(rules.DEFAULT_BANDS)


# In post (bezetting): active or on leave; study leave, retired and left are not.
IN_POST = [EmployeeStatus.AKTIF, EmployeeStatus.CUTI]


def active_employees() -> Any:
    return Employee.objects.filter(status__in=IN_POST)


# --- ABK ---------------------------------------------------------------------------------------


def analysis_compute(*, actor: Any, progress_id: Any = None) -> AnalysisRun:
    """Compute the ABK of every position of the city, set-based: three aggregate queries and
    one bulk insert whatever the number of positions."""
    start = time.perf_counter()
    conf = planning_settings()
    effective = conf.effective_minutes
    band_list = bands()
    if progress_id:
        core_services.progress_update(progress_id, done=0, total=3, message="Menjumlah beban…")
    workload = dict(
        JobTask.objects.values("position_id")
        .annotate(w=Sum(Cast(F("volume"), FloatField()) * Cast(F("minutes"), FloatField())))
        .values_list("position_id", "w")
    )
    in_post = dict(
        active_employees()
        .exclude(position_id=None)
        .values("position_id")
        .annotate(n=Count("id"))
        .values_list("position_id", "n")
    )
    positions = list(
        Position.objects.values_list("pk", "org_unit_id", "org_unit__opd_id", "formasi")
    )
    if progress_id:
        core_services.progress_update(progress_id, done=1, message="Menghitung kebutuhan…")
    with transaction.atomic():
        run = AnalysisRun.objects.create(created_by=actor, effective_minutes=effective)
        loads = []
        for pk, unit_id, opd_id, formasi in positions:
            w = float(workload.get(pk) or 0.0)
            exact = rules.staff_needed(w, effective)
            staff = in_post.get(pk, 0)
            ej = rules.job_efficiency(w, staff, effective)
            loads.append(
                PositionLoad(
                    run=run,
                    position_id=pk,
                    org_unit_id=unit_id,
                    opd_id=opd_id or unit_id,
                    workload_minutes=w,
                    needed_exact=exact,
                    needed=rules.rounded_need(exact),
                    in_post=staff,
                    formasi=formasi,
                    efficiency=ej,
                    band=rules.band_for(ej, band_list),
                )
            )
        PositionLoad.objects.bulk_create(loads, batch_size=2000)
        fault_point("planning.analysis")  # crash tests stop here: loads written, run not
        run.positions = len(loads)
        run.needed = sum(x.needed for x in loads)
        run.in_post = sum(x.in_post for x in loads)
        run.formasi = sum(x.formasi for x in loads)
        run.seconds = time.perf_counter() - start
        run.save()
        audit_record(
            actor=actor,
            action="planning.analysis",
            obj=run,
            after={
                "effective_minutes": effective,
                "bands": [b.__dict__ for b in band_list],
                "positions": run.positions,
                "needed": run.needed,
                "in_post": run.in_post,
                "formasi": run.formasi,
            },
        )
    if progress_id:
        core_services.progress_finish(
            progress_id,
            result={"run": run.pk},
            message=f"ABK selesai: kebutuhan {run.needed}, bezetting {run.in_post}.",
        )
    return run


def analysis_start(*, actor: Any) -> Any:
    """Queue the ABK computation as a background task; returns its progress row."""
    progress = core_services.progress_create(
        owner=actor, kind="planning_analysis", label="Perhitungan ABK kota", total=3
    )
    progress_id = progress.pk
    actor_id = actor.pk

    def enqueue() -> None:
        from penata.planning.tasks import analysis_run

        result = analysis_run.enqueue(actor_id, str(progress_id))
        type(progress).objects.filter(pk=progress_id).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return progress


def latest_run() -> AnalysisRun | None:
    return AnalysisRun.objects.order_by("-created_at", "-id").first()


# --- redistribution ----------------------------------------------------------------------------


def _years_between(a: dt.date, b: dt.date | None) -> float:
    if b is None:
        return 99.0
    return (b - a).days / 365.25


def build_problem(
    run: AnalysisRun, *, opd: OrgUnit | None = None, today: dt.date | None = None
) -> tuple[list[rules.Candidate], list[rules.Place], dict[int, int]]:
    """Candidates (everyone in a surplus position), places (one per missing person in a
    shortage position) and the cap per source position (its surplus), from one run."""
    today = today or timezone.localdate()
    loads = PositionLoad.objects.filter(run=run)
    if opd is not None:
        loads = loads.filter(opd=opd)
    surplus: dict[int, int] = {}
    short: dict[int, int] = {}
    for pid, needed, in_post in loads.values_list("position_id", "needed", "in_post"):
        if in_post > needed:
            surplus[pid] = in_post - needed
        elif needed > in_post:
            short[pid] = needed - in_post
    pos_info = {
        p["pk"]: p
        for p in Position.objects.filter(pk__in=[*surplus, *short]).values(
            "pk", "family", "kind", "org_unit_id", "org_unit__opd_id"
        )
    }
    profiles = {
        p["position_id"]: p
        for p in JobProfile.objects.filter(position_id__in=list(short)).values(
            "position_id", "min_rank__order", "max_rank__order", "min_education__order"
        )
    }
    places: list[rules.Place] = []
    for pid in sorted(short):
        info = pos_info[pid]
        prof: Any = profiles.get(pid, {})
        for _k in range(short[pid]):
            places.append(
                rules.Place(
                    position_id=pid,
                    family=info["family"],
                    kind=info["kind"],
                    min_rank_order=prof.get("min_rank__order"),
                    max_rank_order=prof.get("max_rank__order"),
                    min_education_order=prof.get("min_education__order"),
                    opd_id=info["org_unit__opd_id"] or info["org_unit_id"],
                    unit_id=info["org_unit_id"],
                )
            )
    candidates = [
        rules.Candidate(
            employee_id=e["pk"],
            position_id=e["position_id"],
            family=pos_info[e["position_id"]]["family"],
            kind=pos_info[e["position_id"]]["kind"],
            rank_order=e["rank__order"] or 0,
            education_order=e["education__order"] or 0,
            years_to_retirement=_years_between(today, e["retirement_date"]),
            opd_id=e["org_unit__opd_id"] or e["org_unit_id"],
            unit_id=e["org_unit_id"],
        )
        for e in active_employees()
        .filter(position_id__in=list(surplus))
        .order_by("pk")
        .values(
            "pk",
            "position_id",
            "rank__order",
            "education__order",
            "retirement_date",
            "org_unit_id",
            "org_unit__opd_id",
        )
    ]
    return candidates, places, surplus


@transaction.atomic
def proposal_generate(
    *, actor: Any, title: str, run: AnalysisRun | None = None, opd: OrgUnit | None = None
) -> Proposal:
    """Solve the redistribution for a run (optimal and greedy in the same call) and store the
    optimal moves, each with its reasons, as a draft proposal."""
    run = run or latest_run()
    if run is None:
        raise PlanningError("Belum ada perhitungan ABK. Hitung ABK dulu, lalu susun usulan.")
    if not title.strip():
        raise PlanningError("Judul usulan wajib diisi.")
    conf = planning_settings()
    policy = rules.Policy(min_years_to_retirement=float(conf.min_years_to_retirement))
    candidates, places, caps = build_problem(run, opd=opd)
    pairs = rules.eligible_pairs(candidates, places, policy)
    best = rules.assign_optimal(candidates, places, caps, policy, pairs=pairs)
    greedy = rules.assign_greedy(candidates, places, caps, policy, pairs=pairs)
    stats = {
        "candidates": len(candidates),
        "places": len(places),
        "eligible_pairs": len(pairs),
        "optimal": {"covered": best.covered, "preference": best.bonus, "seconds": best.seconds},
        "greedy": {
            "covered": greedy.covered,
            "preference": greedy.bonus,
            "seconds": greedy.seconds,
        },
        "min_years_to_retirement": policy.min_years_to_retirement,
        "opd_id": opd.pk if opd else None,
    }
    proposal = Proposal.objects.create(run=run, title=title.strip(), created_by=actor, stats=stats)
    moves = []
    for i, j in best.pairs:
        c, p = candidates[i], places[j]
        _ok, reasons = rules.eligibility(c, p, policy)
        reasons = [
            "mengisi kekurangan di jabatan tujuan (kebutuhan ABK > bezetting)",
            "jabatan asal kelebihan pegawai",
            *reasons,
        ]
        moves.append(
            Move(
                proposal=proposal,
                employee_id=c.employee_id,
                from_position_id=c.position_id,
                to_position_id=p.position_id,
                reasons=reasons,
                preference=rules.preference(c, p),
            )
        )
    Move.objects.bulk_create(moves)
    audit_record(actor=actor, action="planning.proposal_create", obj=proposal, after=stats)
    return proposal


def proposal_start(*, actor: Any, title: str, opd: OrgUnit | None = None) -> Any:
    """Queue :func:`proposal_generate` as a background task (the city-wide solve takes seconds);
    returns its progress row, whose result names the proposal."""
    if latest_run() is None:
        raise PlanningError("Belum ada perhitungan ABK. Hitung ABK dulu, lalu susun usulan.")
    if not title.strip():
        raise PlanningError("Judul usulan wajib diisi.")
    progress = core_services.progress_create(
        owner=actor, kind="planning_proposal", label=f"Usulan redistribusi: {title}", total=1
    )
    progress_id = progress.pk
    actor_id, opd_id = actor.pk, opd.pk if opd else None

    def enqueue() -> None:
        from penata.planning.tasks import proposal_solve

        result = proposal_solve.enqueue(actor_id, title, opd_id, str(progress_id))
        type(progress).objects.filter(pk=progress_id).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return progress


def _draft(proposal: Proposal, version: int | None) -> Proposal:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.DRAFT:
        raise PlanningError("Usulan ini sudah diputuskan; tidak dapat diubah lagi.")
    if version is not None and version != locked.version:
        raise PlanningError("Usulan telah diubah orang lain. Muat ulang halaman lalu coba lagi.")
    return locked


@transaction.atomic
def move_set_excluded(
    *, actor: Any, move: Move, excluded: bool, version: int | None = None
) -> Move:
    """Take a move out of (or back into) a draft proposal."""
    proposal = _draft(move.proposal, version)
    before = move.excluded
    Move.objects.filter(pk=move.pk).update(excluded=excluded)
    Proposal.objects.filter(pk=proposal.pk).update(version=F("version") + 1)
    move.excluded = excluded
    audit_record(
        actor=actor,
        action="planning.move_edit",
        obj=move,
        before={"excluded": before},
        after={"excluded": excluded},
    )
    return move


@transaction.atomic
def move_retarget(
    *, actor: Any, move: Move, to_position: Position, version: int | None = None
) -> Move:
    """Send a proposed move to another position; refused when the person does not qualify."""
    proposal = _draft(move.proposal, version)
    conf = planning_settings()
    policy = rules.Policy(min_years_to_retirement=float(conf.min_years_to_retirement))
    emp = Employee.objects.select_related("rank", "education", "org_unit", "position").get(
        pk=move.employee_id
    )
    prof = (
        JobProfile.objects.filter(position=to_position)
        .select_related("min_rank", "max_rank", "min_education")
        .first()
    )
    src = emp.position
    cand = rules.Candidate(
        employee_id=emp.pk,
        position_id=move.from_position_id,
        family=src.family if src else "",
        kind=src.kind if src else "",
        rank_order=emp.rank.order if emp.rank else 0,
        education_order=emp.education.order if emp.education else 0,
        years_to_retirement=_years_between(timezone.localdate(), emp.retirement_date),
        opd_id=emp.org_unit.opd_id or emp.org_unit_id,
        unit_id=emp.org_unit_id,
    )
    place = rules.Place(
        position_id=to_position.pk,
        family=to_position.family,
        kind=to_position.kind,
        min_rank_order=prof.min_rank.order if prof and prof.min_rank else None,
        max_rank_order=prof.max_rank.order if prof and prof.max_rank else None,
        min_education_order=prof.min_education.order if prof and prof.min_education else None,
        opd_id=to_position.org_unit.opd_id or to_position.org_unit_id,
        unit_id=to_position.org_unit_id,
    )
    ok, reasons = rules.eligibility(cand, place, policy)
    if not ok:
        raise PlanningError(
            f"{emp.name} tidak memenuhi syarat jabatan {to_position.name}: {'; '.join(reasons)}."
        )
    before = move.to_position_id
    move.to_position = to_position
    move.reasons = ["diubah peninjau", *reasons]
    move.preference = rules.preference(cand, place)
    move.save(update_fields=["to_position", "reasons", "preference"])
    Proposal.objects.filter(pk=proposal.pk).update(version=F("version") + 1)
    audit_record(
        actor=actor,
        action="planning.move_edit",
        obj=move,
        before={"to_position_id": before},
        after={"to_position_id": to_position.pk, "reasons": move.reasons},
    )
    return move


@transaction.atomic
def proposal_approve(*, actor: Any, proposal: Proposal, version: int | None = None) -> Proposal:
    """Approve a draft and apply its moves through the registry's transfer service, exactly
    once: the proposal row is locked and must still be a draft; each move is stamped."""
    from penata.workforce.services import employee_transfer

    locked = _draft(proposal, version)
    moves = list(
        Move.objects.filter(proposal=locked, excluded=False, applied_at=None).select_related(
            "to_position__org_unit"
        )
    )
    employees = Employee.objects.in_bulk([m.employee_id for m in moves])
    now = timezone.now()
    stale = [m for m in moves if employees[m.employee_id].position_id != m.from_position_id]
    if stale:
        names = ", ".join(employees[m.employee_id].name for m in stale[:5])
        raise PlanningError(
            f"Jabatan {len(stale)} pegawai sudah berubah sejak usulan disusun ({names}). "
            "Keluarkan mutasi tersebut atau susun usulan baru."
        )
    for m in moves:
        employee_transfer(
            actor=actor,
            employee=employees[m.employee_id],
            position=m.to_position,
            source="redistribusi",
            reason="; ".join(m.reasons),
            reference=f"usulan #{locked.pk}",
        )
    Move.objects.filter(pk__in=[m.pk for m in moves]).update(applied_at=now)
    locked.status = ProposalStatus.APPLIED
    locked.decided_at = now
    locked.decided_by = actor
    locked.version += 1
    locked.save(update_fields=["status", "decided_at", "decided_by", "version"])
    audit_record(
        actor=actor,
        action="planning.proposal_approve",
        obj=locked,
        before={"status": ProposalStatus.DRAFT},
        after={"status": locked.status, "moves": [m.pk for m in moves]},
    )
    return locked


@transaction.atomic
def proposal_reject(*, actor: Any, proposal: Proposal, version: int | None = None) -> Proposal:
    locked = _draft(proposal, version)
    locked.status = ProposalStatus.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.version += 1
    locked.save(update_fields=["status", "decided_at", "decided_by", "version"])
    audit_record(
        actor=actor,
        action="planning.proposal_reject",
        obj=locked,
        before={"status": ProposalStatus.DRAFT},
        after={"status": locked.status},
    )
    return locked
