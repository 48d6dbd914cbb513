"""Extension points of the learning workflow that other apps plug checks into.

A *seat check* is called inside the approving transaction, after the learning checks passed and
before the places are taken, with ``{session id: number of new approved places}``. It refuses by
raising :class:`penata.learning.services.LearningError`, which rolls the whole approval back.
The funding app registers the budget-ceiling check here (its ``AppConfig.ready``), so learning
does not import funding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

SeatCheck = Callable[[Mapping[int, int]], None]

_seat_checks: list[SeatCheck] = []


def register_seat_check(check: SeatCheck) -> None:
    if check not in _seat_checks:
        _seat_checks.append(check)


def unregister_seat_check(check: SeatCheck) -> None:
    if check in _seat_checks:
        _seat_checks.remove(check)


def check_new_seats(seats: Mapping[int, int]) -> None:
    """Run every registered check on the places about to be approved."""
    wanted = {int(k): int(v) for k, v in seats.items() if v > 0}
    if not wanted:
        return
    for check in list(_seat_checks):
        check(wanted)
