"""The seat-check hook: a registered check can refuse an approval, which then changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from penata.learning import hooks, services
from penata.learning.models import EnrolmentStatus
from penata.learning.services import LearningError
from penata.learning.tests.factories import EnrolmentFactory


@pytest.mark.django_db
def test_registered_check_sees_new_places_and_can_refuse(users: Any) -> None:
    seen: list[dict[int, int]] = []

    def refuse(seats: Mapping[int, int]) -> None:
        seen.append(dict(seats))
        raise LearningError("budget_exceeded", "Anggaran tidak cukup.")

    enrolment = EnrolmentFactory()
    hooks.register_seat_check(refuse)
    try:
        with pytest.raises(LearningError) as exc:
            services.enrolment_approve(actor=users["bkpp"], enrolment=enrolment)
    finally:
        hooks.unregister_seat_check(refuse)
    assert exc.value.code == "budget_exceeded"
    assert seen == [{enrolment.session_id: 1}]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOMINATED
    services.enrolment_approve(actor=users["bkpp"], enrolment=enrolment)  # unregistered: passes


def test_no_places_no_call() -> None:
    called: list[int] = []
    check = lambda seats: called.append(1)  # noqa: E731
    hooks.register_seat_check(check)
    try:
        hooks.check_new_seats({1: 0})
    finally:
        hooks.unregister_seat_check(check)
    assert called == []
