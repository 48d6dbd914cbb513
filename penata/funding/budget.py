"""Commitments and realisation of the budget lines, computed set-based from the enrolments,
and the ceiling check the learning approval path calls.

Which line pays for an enrolment: its session's own line (:class:`SessionBudget`) if set,
otherwise the line its program is linked to for the fiscal year in which the session starts
(:class:`ProgramBudget`). Enrolments of sessions with neither are not charged to any line (a
sponsored, free or self-funded program).

* **committed** (komitmen): approved or attended enrolments × the program's cost per
  participant;
* **realised** (realisasi): completed enrolments × the cost per participant.

Both are one grouped query over the enrolments whatever their number (the line of each
enrolment is two correlated sub-selects on unique indexes). Prices are the program's current
``cost_per_participant``; a price change therefore revalues past commitments (see
``docs/funding.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from penata.funding import rules
from penata.funding.models import BudgetLine, ProgramBudget, SessionBudget
from penata.learning.models import Enrolment, EnrolmentStatus, TrainingSession

S = EnrolmentStatus
COMMITTED = (S.APPROVED.value, S.ATTENDED.value)
REALISED = (S.COMPLETED.value,)
USED = COMMITTED + REALISED


def line_of_enrolment() -> Coalesce:
    """The expression of the budget line an enrolment is charged to (or NULL)."""
    own = SessionBudget.objects.filter(session_id=OuterRef("session_id")).values("line_id")[:1]
    by_program = ProgramBudget.objects.filter(
        program_id=OuterRef("session__program_id"),
        fiscal_year=ExtractYear(OuterRef("session__starts_on")),
    ).values("line_id")[:1]
    return Coalesce(Subquery(own), Subquery(by_program), output_field=IntegerField())


def _money(statuses: tuple[str, ...]) -> Coalesce:
    return Coalesce(
        Sum(
            Case(
                When(status__in=statuses, then=F("session__program__cost_per_participant")),
                default=Value(0),
                output_field=IntegerField(),
            )
        ),
        Value(0),
        output_field=IntegerField(),
    )


def _charged(line_ids: Iterable[int] | None = None) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(status__in=USED)
    if line_ids is not None:
        ids = list(line_ids)
        # Narrow first to the sessions that may be charged to these lines (an indexed semi-join),
        # so checking one line does not evaluate the line of every enrolment in the database.
        maybe = TrainingSession.objects.filter(
            Q(budget_link__line_id__in=ids) | Q(program__budget_links__line_id__in=ids)
        ).values("pk")
        return (
            qs.filter(session_id__in=maybe).annotate(line=line_of_enrolment()).filter(line__in=ids)
        )
    return qs.annotate(line=line_of_enrolment()).filter(line__isnull=False)


@dataclass
class Usage:
    committed: int = 0
    realised: int = 0
    committed_seats: int = 0
    realised_seats: int = 0


def usage_by_line(line_ids: Iterable[int] | None = None) -> dict[int, Usage]:
    """Committed and realised Rupiah per line (one query)."""
    rows = (
        _charged(line_ids)  # type: ignore[misc]
        .values("line")
        .order_by()
        .annotate(
            committed=_money(COMMITTED),
            realised=_money(REALISED),
            c_seats=Sum(Case(When(status__in=COMMITTED, then=1), default=0)),
            r_seats=Sum(Case(When(status__in=REALISED, then=1), default=0)),
        )
    )
    return {
        r["line"]: Usage(int(r["committed"]), int(r["realised"]), r["c_seats"], r["r_seats"])
        for r in rows
    }


def usage_by_program(line_ids: Iterable[int] | None = None) -> dict[tuple[int, int], Usage]:
    """Committed and realised Rupiah per (line, program) (one query)."""
    rows = (
        _charged(line_ids)  # type: ignore[misc]
        .values("line", "session__program_id")
        .order_by()
        .annotate(
            committed=_money(COMMITTED),
            realised=_money(REALISED),
            c_seats=Sum(Case(When(status__in=COMMITTED, then=1), default=0)),
            r_seats=Sum(Case(When(status__in=REALISED, then=1), default=0)),
        )
    )
    return {
        (r["line"], r["session__program_id"]): Usage(
            int(r["committed"]), int(r["realised"]), r["c_seats"], r["r_seats"]
        )
        for r in rows
    }


def positions(lines: Iterable[BudgetLine]) -> dict[int, rules.LinePosition]:
    """The :class:`rules.LinePosition` of each line (one query for all)."""
    lines = list(lines)
    usage = usage_by_line([ln.pk for ln in lines])
    out = {}
    for ln in lines:
        u = usage.get(ln.pk, Usage())
        out[ln.pk] = rules.LinePosition(int(ln.ceiling), u.committed, u.realised)
    return out


def lines_of_sessions(session_ids: Iterable[int]) -> dict[int, int]:
    """Session id → the id of the line that pays for it (sessions without one are left out)."""
    sessions = list(
        TrainingSession.objects.filter(pk__in=list(session_ids)).values_list(
            "pk", "program_id", "starts_on"
        )
    )
    own = dict(
        SessionBudget.objects.filter(session_id__in=[s[0] for s in sessions]).values_list(
            "session_id", "line_id"
        )
    )
    links = {
        (p, y): ln
        for p, y, ln in ProgramBudget.objects.filter(
            program_id__in={s[1] for s in sessions}
        ).values_list("program_id", "fiscal_year", "line_id")
    }
    out = {}
    for sid, prog, start in sessions:
        line = own.get(sid) or links.get((prog, start.year))
        if line is not None:
            out[sid] = line
    return out


def check_new_seats(seats: Mapping[int, int]) -> None:
    """The ceiling check for new approved places (``{session id: places}``), registered with
    :mod:`penata.learning.hooks`. Runs inside the approving transaction: the lines concerned
    are locked (``SELECT … FOR UPDATE``, in id order so two approvals never deadlock) before
    their use is summed, so two approvals at the same moment are serialised and cannot
    together pass the ceiling. Refuses with :class:`FundingError` (a ``LearningError``)."""
    from penata.funding.services import FundingError

    by_session = lines_of_sessions(seats)
    if not by_session:
        return
    prices = dict(
        TrainingSession.objects.filter(pk__in=list(by_session)).values_list(
            "pk", "program__cost_per_participant"
        )
    )
    extra: dict[int, int] = {}
    for sid, line_id in by_session.items():
        extra[line_id] = extra.get(line_id, 0) + rules.seat_cost([(seats[sid], prices[sid])])
    locked = list(
        BudgetLine.objects.select_for_update().filter(pk__in=sorted(extra)).order_by("pk")
    )
    current = positions(locked)
    for line in locked:
        pos = current[line.pk]
        if not line.is_active:
            raise FundingError(
                "budget_inactive",
                f"Pos anggaran {line.sub_activity_code} ({line.name}) tidak aktif; aktifkan pos "
                "itu atau tautkan program ke pos lain sebelum menyetujui peserta.",
            )
        if not rules.fits(pos, extra[line.pk]):
            raise FundingError(
                "budget_exceeded",
                f"Anggaran tidak cukup: pos {line.sub_activity_code} ({line.name}) tahun "
                f"{line.fiscal_year} berpagu {rules.format_rupiah(pos.ceiling)}, sudah terpakai "
                f"{rules.format_rupiah(pos.used)} (komitmen dan realisasi), sisa "
                f"{rules.format_rupiah(pos.available)}; persetujuan ini memerlukan "
                f"{rules.format_rupiah(extra[line.pk])}. Tambah pagu, pindahkan angkatan ke pos "
                "lain, atau tolak usulan ini.",
            )


def line_filter_for_sessions(line_ids: Iterable[int]) -> Q:
    """Sessions charged to one of ``line_ids`` (for listing a line's sessions)."""
    ids = list(line_ids)
    return Q(budget_link__line_id__in=ids) | Q(
        budget_link__isnull=True,
        program__budget_links__line_id__in=ids,
        program__budget_links__fiscal_year=ExtractYear("starts_on"),
    )
