"""Reads of the 20 JP ledger: a person's year and history, what they could still take, the share
per OPD meeting the target and the list of people at risk of missing it.

- PP 11/2017 art. 203(4) as amended by PP 17/2020: at least 20 JP a year (the target is
  ``LearningSettings.jp_target``).
- An activity counts in the calendar year it was completed (``LedgerEntry.year`` is the year of
  ``completed_on``), so a course running 30 December – 2 January counts in the new year.
- Each activity type's JP are capped at its yearly maximum (``ActivityType.max_jp_per_year``).

Every function is set-based: a fixed number of queries whatever the number of employees
(the tests hold them to it with ``django_assert_max_num_queries``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.learning import rules, selectors
from penata.learning.models import (
    ActivityType,
    Enrolment,
    LedgerEntry,
    Mode,
    SessionStatus,
    TrainingSession,
)
from penata.workforce.models import Employee, EmployeeStatus, OrgUnit
from penata.workforce.selectors import employees_visible_to

MIN_YEAR = 2000
MAX_YEAR = 2100
SUGGESTIONS_PER_PERSON = 3


def today() -> dt.date:
    return timezone.localdate()


def parse_year(value: Any, default: int | None = None) -> int:
    """The year asked for in a query string (``?tahun=2026``), or the current one."""
    fallback = default if default is not None else today().year
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return fallback
    return year if MIN_YEAR <= year <= MAX_YEAR else fallback


def year_choices(current: int) -> list[int]:
    """Years with any ledger entry, plus the current year and the one before, newest first."""
    years = set(LedgerEntry.objects.values_list("year", flat=True).distinct())
    years |= {current, current - 1}
    return sorted(years, reverse=True)


# --- scopes ----------------------------------------------------------------------------------


def stats_scope(user: Any) -> QuerySet[Employee]:
    """Employees counted in the aggregates the user sees: an OPD operator's unit and below,
    everyone for the other holders of ``LEARNING_STATS`` (counts only)."""
    if not has_perm(user, Perm.LEARNING_STATS):
        return Employee.objects.none()
    if has_perm(user, Perm.EMPLOYEE_VIEW_UNIT) and not has_perm(user, Perm.EMPLOYEE_VIEW_ALL):
        return employees_visible_to(user)
    return Employee.objects.all()


def needs_scope(user: Any) -> QuerySet[Employee]:
    """Employees whose person-level JP the user may list (the at-risk list)."""
    if not has_perm(user, Perm.TRAINING_NEEDS):
        return Employee.objects.none()
    return employees_visible_to(user)


def opds_in(employees: QuerySet[Employee]) -> QuerySet[OrgUnit]:
    """The OPDs the employees of a scope belong to, by name."""
    ids = employees.exclude(org_unit__opd__isnull=True).values("org_unit__opd_id")
    return OrgUnit.objects.filter(pk__in=ids).order_by("name")


# --- counting --------------------------------------------------------------------------------


def counted_by_type(
    year: int, employees: QuerySet[Employee] | None = None
) -> dict[int, dict[int, int]]:
    """Per employee id → activity type id → JP counted toward ``year`` (cap applied). Two
    queries."""
    caps = selectors.activity_caps()
    qs = LedgerEntry.objects.filter(year=year)
    if employees is not None:
        qs = qs.filter(employee__in=employees.values("pk"))
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for emp_id, type_id, jp in (
        qs.values_list("employee_id", "activity_type_id").annotate(total=Sum("jp")).order_by()
    ):
        cap = caps.get(type_id)
        out[emp_id][type_id] = min(jp, cap) if cap is not None else jp
    return dict(out)


@dataclass
class YearSummary:
    year: int
    raw: int
    counted: int
    target: int

    @property
    def met(self) -> bool:
        return self.counted >= self.target

    @property
    def percent(self) -> int:
        return rules.progress_percent(self.counted, self.target)


def history(employee_id: int, *, target: int, exclude_year: int | None = None) -> list[YearSummary]:
    """Every year of a person's ledger: raw and counted JP. Two queries."""
    caps = selectors.activity_caps()
    per_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        LedgerEntry.objects.filter(employee_id=employee_id)
        .values_list("year", "activity_type_id")
        .annotate(total=Sum("jp"))
        .order_by()
    )
    for year, type_id, jp in rows:
        cap = caps.get(type_id)
        per_year[year][0] += jp
        per_year[year][1] += min(jp, cap) if cap is not None else jp
    return [
        YearSummary(year=y, raw=raw, counted=counted, target=target)
        for y, (raw, counted) in sorted(per_year.items(), reverse=True)
        if y != exclude_year
    ]


def person_ledger(employee: Employee, year: int) -> dict[str, Any]:
    """A person's ledger for a year (entries with type, mode and source; raw vs counted; the
    share klasikal/nonklasikal) and their earlier years."""
    data = selectors.ledger_for(employee, year)
    entries = data["entries"]
    caps = selectors.activity_caps()
    by_type: dict[int, int] = defaultdict(int)
    for e in entries:
        by_type[e.activity_type_id] += e.jp
    mode_of = {e.activity_type_id: e.activity_type.mode for e in entries}
    per_mode = {Mode.KLASIKAL.value: 0, Mode.NONKLASIKAL.value: 0}
    capped: list[dict[str, Any]] = []
    types = {e.activity_type_id: e.activity_type for e in entries}
    for type_id, jp in by_type.items():
        cap = caps.get(type_id)
        counted = min(jp, cap) if cap is not None else jp
        per_mode[mode_of[type_id]] = per_mode.get(mode_of[type_id], 0) + counted
        if cap is not None and jp > cap:
            capped.append({"type": types[type_id], "raw": jp, "cap": cap, "counted": counted})
    data.update(
        per_mode=per_mode,
        capped=capped,
        history=history(employee.pk, target=data["target"], exclude_year=year),
    )
    return data


# --- what a person could still take ----------------------------------------------------------


@dataclass
class Suggestion:
    """An open session a person could still take this year, and how well it fits."""

    session: TrainingSession
    gap_closed: int
    jp_covered: int
    competencies: list[str] = field(default_factory=list)

    @property
    def program(self) -> Any:
        return self.session.program


def open_sessions(year: int, on: dt.date) -> list[TrainingSession]:
    """Sessions still open for registration that start after ``on`` and end within ``year`` (so
    their JP would count this year), with a free seat. Two queries (sessions with their program,
    type and seat count; the program competencies)."""
    holding = [s.value for s in rules.SEAT_HOLDING]
    return list(
        TrainingSession.objects.filter(
            status=SessionStatus.OPEN,
            starts_on__gt=on,
            ends_on__year=year,
            program__is_active=True,
        )
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=holding)))
        .filter(taken__lt=F("capacity"))
        .select_related("program__activity_type")
        .prefetch_related("program__competencies__competency")
        .order_by("starts_on", "code")
    )


def suggestions_for(
    employees: QuerySet[Employee],
    *,
    year: int,
    on: dt.date,
    shortfalls: dict[int, int],
    sessions: Sequence[TrainingSession] | None = None,
    limit: int | None = SUGGESTIONS_PER_PERSON,
) -> dict[int, list[Suggestion]]:
    """For each employee, the open sessions of ``year`` they are not in and that do not overlap
    their active enrolments, best fit first: the most competency gap closed (the program's
    target level over the assessed one, up to the standard), then the most of their JP
    shortfall covered, then the earliest. A fixed number of queries (sessions, enrolments,
    gaps), whatever the number of employees."""
    if sessions is None:
        sessions = open_sessions(year, on) if year >= on.year else []
    out: dict[int, list[Suggestion]] = {}
    if not sessions:
        return out
    lo = min(s.starts_on for s in sessions)
    hi = max(s.ends_on for s in sessions)
    session_ids = [s.pk for s in sessions]
    active = [s.value for s in rules.ACTIVE]
    busy: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    taken: dict[int, set[int]] = defaultdict(set)
    for emp_id, sess_id, status, start, end in (
        Enrolment.objects.filter(employee__in=employees.values("pk"))
        .filter(
            Q(session_id__in=session_ids)
            | Q(status__in=active, session__starts_on__lte=hi, session__ends_on__gte=lo)
        )
        .values_list(
            "employee_id", "session_id", "status", "session__starts_on", "session__ends_on"
        )
    ):
        taken[emp_id].add(sess_id)
        if status in active:
            busy[emp_id].append((start, end))
    gaps = selectors.employee_gaps(employees, on)
    ids = list(employees.values_list("pk", flat=True)) if not shortfalls else list(shortfalls)
    targets = [
        (
            s,
            [
                (pc.competency_id, pc.target_level, pc.competency.name)
                for pc in s.program.competencies.all()
            ],
        )
        for s in sessions
    ]
    for emp_id in ids:
        emp_gaps = gaps.get(emp_id, {})
        short = shortfalls.get(emp_id, 0)
        mine: list[Suggestion] = []
        for session, comps in targets:
            if session.pk in taken[emp_id]:
                continue
            if any(
                rules.overlaps(session.starts_on, session.ends_on, a, b) for a, b in busy[emp_id]
            ):
                continue
            closed = 0
            names = []
            for comp_id, target, name in comps:
                g = emp_gaps.get(comp_id)
                if g is None or g[2] <= 0:
                    continue
                required, assessed, _gap = g
                gain = max(0, min(target, required) - (assessed or 0))
                if gain:
                    closed += gain
                    names.append(name)
            mine.append(
                Suggestion(
                    session=session,
                    gap_closed=closed,
                    jp_covered=min(session.program.jp, short),
                    competencies=names,
                )
            )
        mine.sort(key=lambda s: (-s.gap_closed, -s.jp_covered, s.session.starts_on, s.session.pk))
        out[emp_id] = mine[:limit] if limit is not None else mine
    return out


# --- per OPD -----------------------------------------------------------------------------------


@dataclass
class OpdRow:
    opd_id: int | None
    name: str
    active: int = 0
    met: int = 0
    total_counted: int = 0
    klasikal: int = 0
    nonklasikal: int = 0

    @property
    def share_met(self) -> float:
        return round(100 * self.met / self.active, 1) if self.active else 0.0

    @property
    def mean_jp(self) -> float:
        return round(self.total_counted / self.active, 1) if self.active else 0.0

    @property
    def share_klasikal(self) -> float:
        total = self.klasikal + self.nonklasikal
        return round(100 * self.klasikal / total, 1) if total else 0.0

    @property
    def share_nonklasikal(self) -> float:
        total = self.klasikal + self.nonklasikal
        return round(100 * self.nonklasikal / total, 1) if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "opd_id": self.opd_id,
            "opd": self.name,
            "active": self.active,
            "met": self.met,
            "share_met": self.share_met,
            "mean_jp": self.mean_jp,
            "jp_klasikal": self.klasikal,
            "jp_nonklasikal": self.nonklasikal,
            "share_klasikal": self.share_klasikal,
            "share_nonklasikal": self.share_nonklasikal,
        }


def opd_stats(employees: QuerySet[Employee], year: int) -> dict[str, Any]:
    """Per OPD, over the active employees of ``employees``: how many meet the target in
    ``year``, the mean counted JP, and the counted JP split klasikal/nonklasikal; plus the
    total row. Five queries."""
    target = selectors.jp_target()
    active = employees.filter(status=EmployeeStatus.AKTIF)
    counted = counted_by_type(year, active)
    modes = dict(ActivityType.objects.values_list("pk", "mode"))
    rows: dict[int | None, OpdRow] = {}
    names = dict(
        OrgUnit.objects.filter(pk__in=active.values("org_unit__opd_id")).values_list("pk", "name")
    )
    total = OpdRow(opd_id=None, name=_("Seluruh cakupan"))
    for emp_id, opd_id in active.values_list("pk", "org_unit__opd_id").order_by():
        row = rows.get(opd_id)
        if row is None:
            name = names.get(opd_id, "") if opd_id is not None else ""
            row = rows[opd_id] = OpdRow(opd_id=opd_id, name=name or _("Tanpa OPD"))
        mine = counted.get(emp_id, {})
        jp = sum(mine.values())
        klas = sum(v for t, v in mine.items() if modes.get(t) == Mode.KLASIKAL)
        for r in (row, total):
            r.active += 1
            r.total_counted += jp
            r.met += jp >= target
            r.klasikal += klas
            r.nonklasikal += jp - klas
    ordered = sorted(rows.values(), key=lambda r: (r.opd_id is None, r.name))
    return {"year": year, "target": target, "rows": ordered, "total": total}


# --- at risk -----------------------------------------------------------------------------------


@dataclass
class AtRisk:
    employee: Employee
    counted: int
    shortfall: int
    planned: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)


def at_risk_ids(
    employees: QuerySet[Employee],
    year: int,
    *,
    opd_id: int | None = None,
    min_shortfall: int = 1,
) -> tuple[list[tuple[int, int, int]], int]:
    """The active employees below the target in ``year``: ``(employee id, counted, shortfall)``
    sorted by the largest shortfall then name, and the target. Three queries."""
    target = selectors.jp_target()
    active = employees.filter(status=EmployeeStatus.AKTIF)
    if opd_id is not None:
        active = active.filter(org_unit__opd_id=opd_id)
    totals = selectors.jp_counted(year, active)
    out = []
    for emp_id, _name in active.values_list("pk", "name").order_by("name", "nip"):
        jp = totals.get(emp_id, 0)
        short = rules.shortfall(jp, target)
        if short >= max(1, min_shortfall):
            out.append((emp_id, jp, short))
    out.sort(key=lambda r: -r[2])  # stable: keeps name order within a shortfall
    return out, target


def planned_jp(employees: QuerySet[Employee], year: int) -> dict[int, int]:
    """JP of the sessions ending in ``year`` each employee is still in (nominated, registered,
    approved or attending): what would count once completed. One query."""
    return dict(
        Enrolment.objects.filter(
            employee__in=employees.values("pk"),
            status__in=[s.value for s in rules.ACTIVE],
            session__ends_on__year=year,
        )
        .values_list("employee_id")
        .annotate(total=Sum("session__program__jp"))
        .order_by()
    )


def at_risk_rows(
    rows: Iterable[tuple[int, int, int]],
    *,
    year: int,
    on: dt.date,
    suggest: bool = True,
    base: QuerySet[Employee] | None = None,
) -> list[AtRisk]:
    """The people of ``rows`` (from :func:`at_risk_ids`) with their unit and what they could
    still take (at most three each). A fixed number of queries. For a long list (an export),
    pass the scope as ``base`` so the reads filter by it rather than by a list of ids."""
    rows = list(rows)
    ids = [r[0] for r in rows]
    qs = base if base is not None else Employee.objects.filter(pk__in=ids)
    people = {
        e.pk: e
        for e in qs.select_related("org_unit__opd", "position").only(
            "pk",
            "nip",
            "name",
            "front_title",
            "back_title",
            "org_unit__name",
            "org_unit__opd__name",
            "position__name",
            "position__functional_level",
        )
    }
    shortfalls = {emp_id: short for emp_id, _jp, short in rows}
    planned = planned_jp(qs, year) if ids else {}
    suggestions = (
        suggestions_for(qs, year=year, on=on, shortfalls=shortfalls)
        if suggest and ids and year == on.year
        else {}
    )
    return [
        AtRisk(
            employee=people[emp_id],
            counted=jp,
            shortfall=short,
            planned=planned.get(emp_id, 0),
            suggestions=suggestions.get(emp_id, []),
        )
        for emp_id, jp, short in rows
        if emp_id in people
    ]
