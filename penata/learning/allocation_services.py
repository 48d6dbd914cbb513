"""Seat allocation under budget, the Django side: build the problem from the database
(set-based, a fixed number of queries whatever the number of employees), solve it in the
background (:mod:`penata.learning.allocation`), store the proposal with the reasons, let HR
review it (remove individual choices) and turn it into approved enrolments in one step.

Value of a pair (person p, session s of program j)::

    w_gap × Σ_{c in j} min(gap_pc, max(0, target_jc − assessed_pc))   (the gap j can close)
  + w_jp  × min(jp_j, shortfall_p)                                   (JP shortfall covered)

with gap_pc = required (standard of p's position) − assessed (latest valid assessment, 0 when
none), shortfall_p = target − JP counted this ``year`` (:func:`penata.learning.selectors.
jp_counted`, :class:`LearningSettings`). Candidates: active employees in the actor's scope
(optionally one OPD and its units) with value > 0, not already enrolled in the session (any
status: one row per person and session) and not actively enrolled
(:data:`penata.learning.rules.ACTIVE`) in another session overlapping it. Seats: capacity minus
the seats held (:data:`penata.learning.rules.SEAT_HOLDING`). Within a run a person takes at most
one of overlapping sessions and at most one session of a program.

Applying is all or nothing: in one transaction, with the sessions locked, everything is checked
again (session still open, seats, overlaps with enrolments made since, the employee still active
and not yet enrolled, the cost at today's prices within the budget). If anything changed the
whole apply is refused with an Indonesian message naming what changed, so HR can remove those
choices on the review page (or run the allocation again) and apply the rest knowingly — a
proposal is never silently cut.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from penata.core import services as core_services
from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.bulk import insert_rows
from penata.core.roles import Perm
from penata.learning import allocation as solver
from penata.learning import hooks, rules, selectors
from penata.learning.models import (
    AllocationChoice,
    AllocationRun,
    Competency,
    Enrolment,
    EnrolmentStatus,
    ProgramCompetency,
    SessionStatus,
    TrainingSession,
)
from penata.learning.services import LearningError
from penata.workforce.models import Employee, EmployeeStatus, OrgUnit
from penata.workforce.selectors import employees_visible_to

logger = logging.getLogger(__name__)

DEFAULT_WEIGHTS = {"gap": 1.0, "jp": 0.1}
DEFAULT_TIME_LIMIT = 30.0
MAX_TIME_LIMIT = 300.0
MAX_EXACT_VARS = 60_000  # pairs; above this the heuristic with its LP bound
MAX_PAIRS = 20_000  # above this, prune to the best candidates per seat
KEEP_PER_SEAT = 10
S = EnrolmentStatus


def _seat_statuses() -> list[str]:
    return [s.value for s in rules.SEAT_HOLDING]


def _active_statuses() -> list[str]:
    return [s.value for s in rules.ACTIVE]


def normalise_weights(weights: dict[str, Any] | None) -> dict[str, float]:
    """``{"gap": w, "jp": w}``, non-negative, not both zero (refused otherwise)."""
    out = dict(DEFAULT_WEIGHTS)
    for key in out:
        if weights and weights.get(key) is not None:
            try:
                out[key] = float(weights[key])
            except (TypeError, ValueError) as exc:
                raise LearningError(
                    "bad_weights", f"Bobot {key} harus berupa angka, misalnya 1 atau 0,25."
                ) from exc
    if any(not np.isfinite(v) or v < 0 for v in out.values()):
        raise LearningError("bad_weights", "Bobot tidak boleh negatif.")
    if not any(out.values()):
        raise LearningError(
            "bad_weights", "Setidaknya satu bobot (kesenjangan atau JP) harus lebih dari nol."
        )
    return out


# --- building the problem --------------------------------------------------------------------


@dataclass
class Built:
    """The pure problem plus what is needed to explain and store its solution."""

    problem: solver.Problem
    sessions: list[TrainingSession]
    employee_ids: np.ndarray  # person index → employee id
    gap_closed: np.ndarray  # per pair: levels of gap the program closes
    jp_covered: np.ndarray  # per pair: JP shortfall covered
    seats_left: dict[int, int]
    required: np.ndarray  # person × competency column: level required (0: none)
    assessed: np.ndarray  # person × competency column: level assessed (0: none)
    has_level: np.ndarray  # person × competency column: a valid assessment exists
    comp_col: dict[int, int]  # competency id → column
    shortfall: np.ndarray  # per person
    programs: dict[int, list[tuple[int, int]]]  # program id → [(competency id, target)]
    comp_names: dict[int, tuple[str, str]]
    jp_target: int
    stats: dict[str, Any] = field(default_factory=dict)


def candidate_scope(actor: Any, opd_id: int | None) -> QuerySet[Employee]:
    qs = employees_visible_to(actor).filter(status=EmployeeStatus.AKTIF)
    if opd_id:
        unit = OrgUnit.objects.filter(pk=opd_id).first()
        qs = qs.filter(org_unit__path__startswith=unit.path) if unit else qs.none()
    return qs


def build_problem(
    *,
    sessions: list[TrainingSession],
    employees: QuerySet[Employee],
    year: int,
    budget: int,
    weights: dict[str, float],
    on: dt.date | None = None,
) -> Built:
    """The allocation problem of ``sessions`` (with ``program`` loaded) for ``employees``.

    A fixed number of queries whatever the number of employees: candidates, standards,
    levels, JP counted (2), JP target, seats held, program competencies, enrolments in these
    sessions and active overlapping enrolments."""
    on = on or timezone.localdate()
    sessions = sorted(sessions, key=lambda s: (s.starts_on, s.pk))
    n_s = len(sessions)
    sess_index = {s.pk: i for i, s in enumerate(sessions)}
    people = list(employees.order_by("pk").values_list("pk", "position_id"))
    emp_ids = np.array([p for p, _ in people], dtype=np.int64)
    person_of = {int(e): i for i, e in enumerate(emp_ids)}
    n_p = len(people)

    # Program competencies and targets.
    program_ids = {s.program_id for s in sessions}
    programs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for prog, comp, target in ProgramCompetency.objects.filter(
        program_id__in=program_ids
    ).values_list("program_id", "competency_id", "target_level"):
        programs[prog].append((comp, target))
    comp_ids = sorted({c for lst in programs.values() for c, _t in lst})
    comp_col = {c: i for i, c in enumerate(comp_ids)}
    comp_names = {
        pk: (code, name)
        for pk, code, name in Competency.objects.filter(pk__in=comp_ids).values_list(
            "pk", "code", "name"
        )
    }

    # Required and assessed levels (person × program competency), 0 when none.
    required = np.zeros((n_p, len(comp_ids)), dtype=np.int64)
    assessed = np.zeros((n_p, len(comp_ids)), dtype=np.int64)
    has_level = np.zeros((n_p, len(comp_ids)), dtype=bool)
    if comp_ids and n_p:
        standards = selectors.standards_by_position()
        for i, (_emp, pos) in enumerate(people):
            std = standards.get(pos) if pos else None
            if std:
                for comp, level in std.items():
                    col = comp_col.get(comp)
                    if col is not None:
                        required[i, col] = level
        for (emp, comp), level in selectors.current_levels(on, employees).items():
            col = comp_col.get(comp)
            row = person_of.get(emp)
            if col is not None and row is not None:
                assessed[row, col] = level
                has_level[row, col] = True
    gap = np.where(required > 0, np.maximum(0, required - assessed), 0)

    # JP shortfall this year.
    target = selectors.jp_target()
    counted = selectors.jp_counted(year, employees)
    counted_arr = np.array([counted.get(int(e), 0) for e in emp_ids], dtype=np.int64)
    shortfall = np.maximum(0, target - counted_arr)

    # Seats held and exclusions.
    held = dict(
        Enrolment.objects.filter(session_id__in=sess_index, status__in=_seat_statuses())
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    seats_left = {s.pk: max(0, s.capacity - held.get(s.pk, 0)) for s in sessions}
    excluded = np.zeros((n_p, n_s), dtype=bool)
    for emp, sess in Enrolment.objects.filter(
        session_id__in=sess_index, employee__in=employees
    ).values_list("employee_id", "session_id"):
        row = person_of.get(emp)
        if row is not None:
            excluded[row, sess_index[sess]] = True
    if sessions:
        first = min(s.starts_on for s in sessions)
        last = max(s.ends_on for s in sessions)
        starts = np.array([s.starts_on.toordinal() for s in sessions])
        ends = np.array([s.ends_on.toordinal() for s in sessions])
        for emp, sess, a, b in Enrolment.objects.filter(
            employee__in=employees,
            status__in=_active_statuses(),
            session__starts_on__lte=last,
            session__ends_on__gte=first,
        ).values_list("employee_id", "session_id", "session__starts_on", "session__ends_on"):
            row = person_of.get(emp)
            if row is None:
                continue
            clash = (starts <= b.toordinal()) & (a.toordinal() <= ends)
            own = sess_index.get(sess)
            if own is not None:
                clash[own] = False  # the same session: excluded above already
            excluded[row] |= clash

    # Values per pair, one program at a time (vectorised over people).
    w_gap, w_jp = weights["gap"], weights["jp"]
    persons, sess_idx, values, closed_all, jp_all = [], [], [], [], []
    per_program: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for s in sessions:
        if s.program_id not in per_program:
            closed = np.zeros(n_p, dtype=np.int64)
            for comp, tgt in programs.get(s.program_id, []):
                col = comp_col[comp]
                closed += np.minimum(gap[:, col], np.maximum(0, tgt - assessed[:, col]))
            per_program[s.program_id] = (closed, np.minimum(s.program.jp, shortfall))
        closed, jp_cov = per_program[s.program_id]
        j = sess_index[s.pk]
        value = w_gap * closed + w_jp * jp_cov
        ok = np.flatnonzero((value > 0) & ~excluded[:, j])
        persons.append(ok)
        sess_idx.append(np.full(len(ok), j))
        values.append(value[ok])
        closed_all.append(closed[ok])
        jp_all.append(jp_cov[ok])

    def cat(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    starts_arr = np.array([s.starts_on.toordinal() for s in sessions], dtype=np.int64)
    ends_arr = np.array([s.ends_on.toordinal() for s in sessions], dtype=np.int64)
    problem = solver.Problem(
        capacity=np.array([seats_left[s.pk] for s in sessions], dtype=np.int64),
        cost=np.array([s.program.cost_per_participant for s in sessions], dtype=np.int64),
        budget=int(budget),
        person=cat(persons, np.int64),
        session=cat(sess_idx, np.int64),
        value=cat(values, np.float64),
        groups=solver.conflict_groups(
            starts_arr, ends_arr, np.array([s.program_id for s in sessions], dtype=np.int64)
        ),
        n_people=n_p,
    )
    return Built(
        problem=problem,
        sessions=sessions,
        employee_ids=emp_ids,
        gap_closed=cat(closed_all, np.int64),
        jp_covered=cat(jp_all, np.int64),
        seats_left=seats_left,
        required=required,
        assessed=assessed,
        has_level=has_level,
        comp_col=comp_col,
        shortfall=shortfall,
        programs=dict(programs),
        comp_names=comp_names,
        jp_target=target,
        stats={
            "employees": n_p,
            "candidates": len(np.unique(problem.person)) if problem.n_pairs else 0,
            "pairs": problem.n_pairs,
            "conflict_groups": len(problem.groups),
        },
    )


def _reason(built: Built, k: int, rank: int, candidates: int) -> dict[str, Any]:
    """Why pair k was chosen: the gap closed per competency, the JP shortfall covered."""
    p = int(built.problem.person[k])
    session = built.sessions[int(built.problem.session[k])]
    required, assessed, has_level, comp_col = (
        built.required,
        built.assessed,
        built.has_level,
        built.comp_col,
    )
    gaps = []
    for comp, target in built.programs.get(session.program_id, []):
        col = comp_col[comp]
        req, ass = int(required[p, col]), int(assessed[p, col])
        gap = rules.gap(req, ass)
        closed = min(gap, max(0, target - ass))
        code, name = built.comp_names.get(comp, ("", ""))
        gaps.append(
            {
                "competency": code,
                "name": name,
                "required": req or None,
                "assessed": ass if has_level[p, col] else None,
                "target": target,
                "gap": gap,
                "closed": closed,
            }
        )
    return {
        "gaps": gaps,
        "gap_closed": int(built.gap_closed[k]),
        "jp_shortfall": int(built.shortfall[p]),
        "jp_target": built.jp_target,
        "jp_program": session.program.jp,
        "jp_covered": int(built.jp_covered[k]),
        "value": round(float(built.problem.value[k]), 4),
        "rank": rank,
        "candidates": candidates,
    }


# --- the run ---------------------------------------------------------------------------------


def _require_manage(actor: Any) -> None:
    if not has_perm(actor, Perm.TRAINING_MANAGE):
        raise LearningError("forbidden", "Hanya BKPP yang dapat mengelola alokasi kursi.")


def open_sessions() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(status=SessionStatus.OPEN).select_related("program")


@transaction.atomic
def allocation_run_create(
    *,
    actor: Any,
    year: int,
    budget: int,
    session_ids: list[int],
    weights: dict[str, Any] | None = None,
    opd_id: int | None = None,
    time_limit: float | None = None,
) -> AllocationRun:
    """Record an allocation run (status running) and start its solve in the worker."""
    _require_manage(actor)
    weights_n = normalise_weights(weights)
    if budget is None or int(budget) < 0:
        raise LearningError("bad_budget", "Anggaran harus berupa bilangan bulat Rupiah ≥ 0.")
    ids = sorted({int(i) for i in session_ids})
    if not ids:
        raise LearningError("no_sessions", "Pilih setidaknya satu angkatan pelatihan.")
    sessions = list(TrainingSession.objects.filter(pk__in=ids))
    if len(sessions) != len(ids):
        raise LearningError("unknown_session", "Ada angkatan yang tidak ditemukan.")
    closed = [s.code for s in sessions if s.status != SessionStatus.OPEN]
    if closed:
        raise LearningError(
            "session_closed",
            "Angkatan berikut tidak membuka pendaftaran: " + ", ".join(sorted(closed)) + ".",
        )
    limit = float(time_limit or DEFAULT_TIME_LIMIT)
    limit = min(max(limit, 1.0), MAX_TIME_LIMIT)
    run = AllocationRun.objects.create(
        created_by=actor,
        year=int(year),
        budget=int(budget),
        weights=weights_n,
        stats={"inputs": {"opd_id": opd_id, "time_limit": limit, "sessions": ids}},
    )
    run.sessions.set(ids)
    progress = core_services.progress_create(
        owner=actor, kind="allocation", label=f"Alokasi kursi #{run.pk}", total=4
    )
    run.progress = progress
    run.save(update_fields=["progress"])
    audit_record(
        actor=actor,
        action="allocation.create",
        obj=run,
        after={
            "year": run.year,
            "budget": run.budget,
            "sessions": ids,
            "weights": weights_n,
            "opd_id": opd_id,
            "time_limit": limit,
        },
    )
    run_id, progress_id = run.pk, progress.pk

    def enqueue() -> None:
        from penata.learning.tasks import allocation_solve

        result = allocation_solve.enqueue(run_id)
        type(progress).objects.filter(pk=progress_id).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return run


def allocation_run_execute(run_id: int) -> AllocationRun:
    """The worker's part: build, solve, store the choices with their reasons."""
    run = AllocationRun.objects.select_related("created_by").get(pk=run_id)
    progress = run.progress_id
    try:
        start = time.perf_counter()
        core_services.progress_update(progress, done=0, total=4, message="Membaca data pegawai…")
        inputs = (run.stats or {}).get("inputs", {})
        sessions = list(run.sessions.select_related("program"))
        employees = candidate_scope(run.created_by, inputs.get("opd_id"))
        built = build_problem(
            sessions=sessions,
            employees=employees,
            year=run.year,
            budget=run.budget,
            weights=normalise_weights(run.weights),
        )
        build_s = time.perf_counter() - start
        core_services.progress_update(
            progress,
            done=1,
            message=f"Menyelesaikan program bilangan bulat: {built.problem.n_pairs} pasangan "
            f"calon × angkatan…",
        )
        sol = solver.solve(
            built.problem,
            time_limit=float(inputs.get("time_limit") or DEFAULT_TIME_LIMIT),
            max_exact_vars=MAX_EXACT_VARS,
            max_pairs=MAX_PAIRS,
            keep_per_seat=KEEP_PER_SEAT,
        )
        core_services.progress_update(progress, done=3, message="Menyimpan usulan…")
        _store(run, built, sol, build_s)
    except Exception as exc:
        logger.exception("allocation run %s failed", run_id)
        AllocationRun.objects.filter(pk=run_id).update(status=AllocationRun.Status.FAILED)
        if progress:
            core_services.progress_fail(progress, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    if progress:
        core_services.progress_finish(
            progress,
            result={"run": run.pk},
            message=f"Usulan siap: {run.choices.count()} peserta, biaya Rp{run.cost:,}.".replace(
                ",", "."
            ),
        )
    return run


@transaction.atomic
def _store(run: AllocationRun, built: Built, sol: solver.Solution, build_s: float) -> None:
    p = built.problem
    chosen = np.flatnonzero(sol.chosen)
    # Rank within the session (1 = highest value) among the chosen, and candidates per session.
    cand_per_session = np.bincount(p.session, minlength=p.n_sessions)
    order = chosen[np.lexsort((-p.value[chosen], p.session[chosen]))]
    rank: dict[int, int] = {}
    counter: dict[int, int] = defaultdict(int)
    for k in order:
        s = int(p.session[k])
        counter[s] += 1
        rank[int(k)] = counter[s]
    rows = (
        {
            "run_id": run.pk,
            "employee_id": int(built.employee_ids[p.person[k]]),
            "session_id": built.sessions[int(p.session[k])].pk,
            "value": float(p.value[k]),
            "gap_closed": int(built.gap_closed[k]),
            "jp_covered": int(built.jp_covered[k]),
            "reason": _reason(
                built, int(k), rank[int(k)], int(cand_per_session[int(p.session[k])])
            ),
        }
        for k in order
    )
    AllocationChoice.objects.filter(run=run).delete()
    n = insert_rows(AllocationChoice, rows)
    fill = np.bincount(p.session[chosen], minlength=p.n_sessions)
    per_session = {
        str(s.pk): {
            "seats": built.seats_left[s.pk],
            "capacity": s.capacity,
            "chosen": int(fill[i]),
            "candidates": int(cand_per_session[i]),
        }
        for i, s in enumerate(built.sessions)
    }
    stats = {
        **(run.stats or {}),
        **built.stats,
        "solver": {k: v for k, v in sol.stats.items() if k != "milp_message"},
        "status": sol.status,
        "bound_solved": sol.bound,
        "gap_solved": sol.gap,
        "build_s": round(build_s, 3),
        "per_session": per_session,
        "chosen": n,
    }
    AllocationRun.objects.filter(pk=run.pk).update(
        status=AllocationRun.Status.PROPOSED,
        method=sol.method,
        objective=sol.objective,
        bound=sol.bound_full,
        gap=solver.relative_gap(sol.objective, sol.bound_full),
        cost=sol.cost,
        seconds=round(sol.seconds, 3),
        candidates=built.stats["candidates"],
        stats=stats,
    )
    audit_record(
        actor=None,
        action="allocation.propose",
        obj=run,
        after={
            "method": sol.method,
            "status": sol.status,
            "objective": sol.objective,
            "bound": sol.bound_full,
            "bound_solved": sol.bound,
            "cost": sol.cost,
            "chosen": n,
            "weights": run.weights,
        },
    )


# --- review, apply, discard ------------------------------------------------------------------


def _lock_run(run: AllocationRun | int) -> AllocationRun:
    pk = run.pk if isinstance(run, AllocationRun) else run
    return AllocationRun.objects.select_for_update().get(pk=pk)


def _require_proposed(run: AllocationRun) -> None:
    if run.status != AllocationRun.Status.PROPOSED:
        raise LearningError(
            "not_proposed",
            f"Alokasi #{run.pk} berstatus {run.get_status_display().lower()}; hanya usulan yang "
            "dapat diubah, dijadikan peserta atau dibuang.",
        )


@transaction.atomic
def allocation_choice_remove(*, actor: Any, run: AllocationRun, choice_id: int) -> AllocationRun:
    """Take one person out of a proposal before applying it (audited)."""
    _require_manage(actor)
    run = _lock_run(run)
    _require_proposed(run)
    choice = (
        AllocationChoice.objects.select_related("session__program", "employee")
        .filter(run=run, pk=choice_id)
        .first()
    )
    if choice is None:
        raise LearningError("unknown_choice", "Pilihan itu tidak ada dalam usulan ini.")
    before = snapshot(choice)
    cost = choice.session.program.cost_per_participant
    choice.delete()
    run.objective = (run.objective or 0) - choice.value
    run.cost = max(0, run.cost - cost)
    run.gap = solver.relative_gap(run.objective, run.bound)
    stats = dict(run.stats or {})
    stats["removed"] = int(stats.get("removed", 0)) + 1
    per = stats.get("per_session", {}).get(str(choice.session_id))
    if per:
        per["chosen"] = max(0, int(per.get("chosen", 0)) - 1)
    run.stats = stats
    run.save(update_fields=["objective", "cost", "gap", "stats"])
    audit_record(
        actor=actor,
        action="allocation.choice_remove",
        obj=run,
        before=before,
        note=f"{choice.employee.full_name} dikeluarkan dari usulan angkatan {choice.session.code}",
    )
    return run


def _apply_problems(run: AllocationRun, choices: list[AllocationChoice]) -> list[str]:
    """Everything that changed since the proposal (empty: it can be applied)."""
    problems: list[str] = []
    session_ids = {c.session_id for c in choices}
    sessions = {
        s.pk: s
        for s in TrainingSession.objects.select_for_update(of=("self",))
        .select_related("program")
        .filter(pk__in=session_ids)
    }
    emp_ids = {c.employee_id for c in choices}
    held = dict(
        Enrolment.objects.filter(session_id__in=session_ids, status__in=_seat_statuses())
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    wanted: dict[int, int] = defaultdict(int)
    for c in choices:
        wanted[c.session_id] += 1
    for sid, n in sorted(wanted.items()):
        s = sessions[sid]
        if s.status != SessionStatus.OPEN:
            problems.append(f"Angkatan {s.code} sudah {s.get_status_display().lower()}.")
        left = s.capacity - held.get(sid, 0)
        if n > left:
            problems.append(f"Angkatan {s.code}: usulan {n} peserta, sisa kursi kini {left}.")
    total = sum(sessions[c.session_id].program.cost_per_participant for c in choices)
    if total > run.budget:
        problems.append(
            f"Biaya dengan harga sekarang Rp{total:,} melebihi anggaran Rp{run.budget:,}.".replace(
                ",", "."
            )
        )
    inactive = set(
        Employee.objects.filter(pk__in=emp_ids)
        .exclude(status=EmployeeStatus.AKTIF)
        .values_list("pk", flat=True)
    )
    names = dict(Employee.objects.filter(pk__in=emp_ids).values_list("pk", "name"))
    for c in choices:
        if c.employee_id in inactive:
            problems.append(f"{names.get(c.employee_id, c.employee_id)} tidak lagi aktif.")
    existing = set(
        Enrolment.objects.filter(session_id__in=session_ids, employee_id__in=emp_ids).values_list(
            "employee_id", "session_id"
        )
    )
    if sessions:
        first = min(s.starts_on for s in sessions.values())
        last = max(s.ends_on for s in sessions.values())
        active = list(
            Enrolment.objects.filter(
                employee_id__in=emp_ids,
                status__in=_active_statuses(),
                session__starts_on__lte=last,
                session__ends_on__gte=first,
            ).values_list(
                "employee_id",
                "session_id",
                "session__code",
                "session__starts_on",
                "session__ends_on",
            )
        )
    else:
        active = []
    by_emp: dict[int, list[tuple[int, str, dt.date, dt.date]]] = defaultdict(list)
    for emp, sid, code, a, b in active:
        by_emp[emp].append((sid, code, a, b))
    for c in choices:
        s = sessions[c.session_id]
        name = names.get(c.employee_id, c.employee_id)
        if (c.employee_id, c.session_id) in existing:
            problems.append(f"{name} sudah terdaftar di angkatan {s.code}.")
            continue
        for sid, code, a, b in by_emp.get(c.employee_id, []):
            if sid != s.pk and rules.overlaps(s.starts_on, s.ends_on, a, b):
                problems.append(f"{name}: angkatan {s.code} bertabrakan dengan {code}.")
                break
    return problems


def _insert_enrolments(actor: Any, run: AllocationRun, choices: list[Any], now: Any) -> None:
    insert_rows(
        Enrolment,
        (
            {
                "session_id": c.session_id,
                "employee_id": c.employee_id,
                "status": S.APPROVED.value,
                "origin": Enrolment.Origin.ALLOCATION.value,
                "requested_by_id": actor.pk,
                "decided_by_id": actor.pk,
                "reason": f"Alokasi kursi #{run.pk}",
                "created_at": now,
                "updated_at": now,
            }
            for c in choices
        ),
    )


@transaction.atomic
def allocation_run_apply(*, actor: Any, run: AllocationRun) -> list[Enrolment]:
    """Turn the proposal into approved enrolments (origin ``allocation``), all or nothing."""
    _require_manage(actor)
    run = _lock_run(run)
    _require_proposed(run)
    choices = list(AllocationChoice.objects.filter(run=run).order_by("session_id", "employee_id"))
    if not choices:
        raise LearningError("empty", "Usulan ini kosong; tidak ada yang dijadikan peserta.")
    problems = _apply_problems(run, choices)
    if problems:
        shown = problems[:5]
        more = f" (dan {len(problems) - 5} lainnya)" if len(problems) > 5 else ""
        raise LearningError(
            "changed",
            "Usulan tidak dapat dijadikan peserta karena keadaan sudah berubah sejak dihitung: "
            + " ".join(shown)
            + more
            + " Keluarkan pilihan tersebut dari usulan atau hitung ulang alokasi.",
        )
    seats: dict[int, int] = defaultdict(int)
    for c in choices:
        seats[c.session_id] += 1
    hooks.check_new_seats(seats)  # e.g. the budget ceiling (penata.funding)
    now = timezone.now()
    try:
        with transaction.atomic():
            _insert_enrolments(actor, run, choices, now)
    except IntegrityError as exc:  # a registration slipped in between the check and the insert
        raise LearningError(
            "changed",
            "Ada pegawai yang baru saja terdaftar di angkatan usulan; muat ulang lalu ulangi.",
        ) from exc
    enrolments = list(
        Enrolment.objects.filter(
            session_id__in={c.session_id for c in choices},
            employee_id__in={c.employee_id for c in choices},
            origin=Enrolment.Origin.ALLOCATION,
            reason=f"Alokasi kursi #{run.pk}",
        )
    )
    before = {"status": run.status}
    run.status = AllocationRun.Status.APPLIED
    run.applied_at = now
    run.save(update_fields=["status", "applied_at"])
    audit_record(
        actor=actor,
        action="allocation.apply",
        obj=run,
        before=before,
        after={
            "status": run.status,
            "enrolments": len(enrolments),
            "year": run.year,
            "budget": run.budget,
            "cost": run.cost,
            "weights": run.weights,
            "inputs": (run.stats or {}).get("inputs", {}),
            "objective": run.objective,
            "bound": run.bound,
            "method": run.method,
            "pairs": [[c.employee_id, c.session_id] for c in choices],
        },
    )
    return enrolments


@transaction.atomic
def allocation_run_discard(*, actor: Any, run: AllocationRun) -> AllocationRun:
    """Throw a proposal away (it stays listed, marked discarded)."""
    _require_manage(actor)
    run = _lock_run(run)
    if run.status not in (AllocationRun.Status.PROPOSED, AllocationRun.Status.FAILED):
        raise LearningError(
            "not_proposed",
            f"Alokasi #{run.pk} berstatus {run.get_status_display().lower()} dan tidak dapat "
            "dibuang.",
        )
    before = {"status": run.status}
    run.status = AllocationRun.Status.DISCARDED
    run.save(update_fields=["status"])
    audit_record(actor=actor, action="allocation.discard", obj=run, before=before)
    return run


def runs_visible_to(user: Any) -> QuerySet[AllocationRun]:
    if not has_perm(user, Perm.TRAINING_MANAGE):
        return AllocationRun.objects.none()
    return AllocationRun.objects.select_related("created_by", "progress")


def choices_of(run: AllocationRun, session_id: int | None = None) -> QuerySet[AllocationChoice]:
    qs = AllocationChoice.objects.filter(run=run).select_related(
        "employee__org_unit", "employee__position", "session__program"
    )
    if session_id:
        qs = qs.filter(session_id=session_id)
    return qs.order_by("session__starts_on", "session_id", "-value", "employee__name")
