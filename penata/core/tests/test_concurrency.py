"""Concurrent writers on both databases (threads, one connection each; SQLite serialises writers
with BEGIN IMMEDIATE, PostgreSQL with row locks): no lost update, no overspend, a clear
Indonesian message to the one that loses.

Covered elsewhere and not repeated here: two ratings of the same SKP (``performance/tests/
test_services.py``: optimistic version, ``stale_version``), two overlapping roster imports
(``workforce/tests/test_roster.py``: the import lock), the last seat of a session
(``learning/tests/test_enrolment_workflow.py``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.funding import budget
from penata.funding.tests.factories import YEAR, BudgetLineFactory, link_program
from penata.learning import services as learning
from penata.learning.services import LearningError
from penata.learning.tests.factories import (
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
)
from penata.talent import services as talent
from penata.talent.models import TalentBox
from penata.talent.tests.factories import final_appraisal, period, potential
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs at the same moment, each on its own connection; results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_two_approvals_against_one_budget_line_cannot_overspend() -> None:
    """Two sessions paid from one line with room for one place, approved at the same moment:
    exactly one passes; the other is told, in Indonesian, what is left and what to do."""
    bkpp = UserFactory(role=Role.BKPP)
    line = BudgetLineFactory(ceiling=1_000_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    start = dt.date(YEAR, 3, 2)
    rows = [
        EnrolmentFactory(session=TrainingSessionFactory(program=program, starts_on=start))
        for _ in range(2)
    ]
    results = in_threads(
        *[(lambda e=e: learning.enrolment_approve(actor=bkpp, enrolment=e)) for e in rows]
    )
    refused = [r for r in results if isinstance(r, LearningError)]
    assert len(refused) == 1 and len([r for r in results if not isinstance(r, Exception)]) == 1
    assert refused[0].code == "budget_exceeded"
    assert "Anggaran tidak cukup" in refused[0].message and "sisa" in refused[0].message
    assert budget.positions([line])[line.pk].used == 1_000_000


def test_two_recomputations_of_one_talent_map_do_not_collide() -> None:
    """The second waits for the first (the period row is locked) and replaces its map: both
    succeed, each ASN is in the map once."""
    per = period(2025)
    for i, (pred, score) in enumerate([("baik", 88), ("sangat_baik", 50), ("kurang", 80)] * 3):
        e = EmployeeFactory(name=f"Pegawai {i}")
        final_appraisal(e, per, pred)
        potential(e, score)
    results = in_threads(
        lambda: talent.talent_map_compute(period_id=per.pk),
        lambda: talent.talent_map_compute(period_id=per.pk),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0] == results[1] and sum(results[0].values()) == 9
    assert TalentBox.objects.filter(period=per).count() == 9
    assert TalentBox.objects.values("employee").distinct().count() == 9
