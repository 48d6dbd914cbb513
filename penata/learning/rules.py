"""Competency development rules as pure functions (no Django).

- PP 11/2017 art. 203(4) as amended by PP 17/2020: every PNS has the right and duty to at least
  20 JP (jam pelajaran, 45 minutes) of competency development a year. The target lives in data
  (``LearningSettings.jp_target``); :data:`DEFAULT_JP_TARGET` is only the seeded value.
- PermenPANRB 38/2017: the competency dictionary (8 manajerial, 1 sosial kultural, teknis per
  institution), each at levels 1–5; a position's standard is the required level per competency
  and the gap is required − assessed.
- Modes (PerLAN 10/2018): klasikal and nonklasikal; which activity types count as which, and any
  cap on the JP an activity type may contribute a year, are data (``ActivityType``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_JP_TARGET = 20
JP_MINUTES = 45
LEVELS = (1, 2, 3, 4, 5)


class CompetencyKind(StrEnum):
    MANAJERIAL = "manajerial"
    SOSIAL_KULTURAL = "sosial_kultural"
    TEKNIS = "teknis"


class Mode(StrEnum):
    KLASIKAL = "klasikal"
    NONKLASIKAL = "nonklasikal"


class EnrolmentStatus(StrEnum):
    NOMINATED = "nominated"  # proposed by an OPD operator or BKPP
    REGISTERED = "registered"  # the employee signed up
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


S = EnrolmentStatus
# Every allowed transition; anything else is refused by the services.
TRANSITIONS: dict[EnrolmentStatus, frozenset[EnrolmentStatus]] = {
    S.NOMINATED: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.REGISTERED: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.ATTENDED, S.CANCELLED, S.NOT_COMPLETED}),
    S.ATTENDED: frozenset({S.COMPLETED, S.NOT_COMPLETED}),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.COMPLETED: frozenset(),
    S.NOT_COMPLETED: frozenset(),
}
# Statuses that hold a seat in a session (count against capacity and budget).
SEAT_HOLDING = frozenset({S.APPROVED, S.ATTENDED, S.COMPLETED})
# Statuses that are still "in play": a person cannot be in two of these for overlapping sessions.
ACTIVE = frozenset({S.NOMINATED, S.REGISTERED, S.APPROVED, S.ATTENDED})
TERMINAL = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def can_transition(current: str, new: str) -> bool:
    try:
        return EnrolmentStatus(new) in TRANSITIONS[EnrolmentStatus(current)]
    except ValueError:
        return False


def gap(required: int | None, assessed: int | None) -> int:
    """Gap = required − assessed, never negative (exceeding the standard is no gap).

    A competency with no standard has no gap; one with a standard but no valid assessment is
    treated as level 0 assessed (the whole requirement is the gap), so the unassessed are not
    hidden from the training needs analysis.
    """
    if required is None or required <= 0:
        return 0
    return max(0, required - (assessed or 0))


def gaps(required: Mapping[str, int], assessed: Mapping[str, int]) -> dict[str, int]:
    """Per competency code, the gap of every competency in the standard."""
    return {code: gap(level, assessed.get(code)) for code, level in required.items()}


@dataclass(frozen=True)
class Assessed:
    competency: str
    level: int
    assessed_on: dt.date
    valid_until: dt.date | None = None
    revoked: bool = False
    ident: int = 0


def latest_valid(assessments: Iterable[Assessed], on: dt.date) -> dict[str, int]:
    """The level that counts per competency: the latest assessment (by date, then entry order)
    that is not revoked, not in the future and not expired on ``on``."""
    best: dict[str, Assessed] = {}
    for a in assessments:
        if a.revoked or a.assessed_on > on or (a.valid_until is not None and a.valid_until < on):
            continue
        cur = best.get(a.competency)
        if cur is None or (a.assessed_on, a.ident) > (cur.assessed_on, cur.ident):
            best[a.competency] = a
    return {code: a.level for code, a in best.items()}


@dataclass(frozen=True)
class LedgerItem:
    """One completed activity: its JP, its activity type and the date it was completed."""

    jp: int
    activity_type: str
    completed_on: dt.date


def counted_jp(
    items: Iterable[LedgerItem], year: int, caps: Mapping[str, int | None] | None = None
) -> int:
    """JP that count toward ``year``'s target: activities completed in that calendar year (an
    activity spanning New Year counts in the year it was completed), each activity type capped
    at its yearly maximum when it has one."""
    per_type: dict[str, int] = {}
    for item in items:
        if item.completed_on.year != year or item.jp <= 0:
            continue
        per_type[item.activity_type] = per_type.get(item.activity_type, 0) + item.jp
    caps = caps or {}
    total = 0
    for kind, jp in per_type.items():
        cap = caps.get(kind)
        total += min(jp, cap) if cap is not None else jp
    return total


def shortfall(counted: int, target: int = DEFAULT_JP_TARGET) -> int:
    return max(0, target - counted)


def progress_percent(counted: int, target: int = DEFAULT_JP_TARGET) -> int:
    if target <= 0:
        return 100
    return min(100, round(100 * counted / target))


def overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Two sessions overlap when their date ranges (inclusive) share a day."""
    return a_start <= b_end and b_start <= a_end


def passed(post_test: float | None, pass_score: float) -> bool:
    return post_test is not None and post_test >= pass_score
