"""Commitments and realisation per line and program, and the ceiling under approvals."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from penata.funding import budget, reports, services
from penata.funding.models import AllocationFunding, SessionBudget
from penata.funding.tests.factories import YEAR, BudgetLineFactory, SponsorshipFactory, link_program
from penata.learning import services as learning
from penata.learning.models import AllocationChoice, AllocationRun, Enrolment, EnrolmentStatus
from penata.learning.services import LearningError
from penata.learning.tests.factories import (
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
)

S = EnrolmentStatus
START = dt.date(YEAR, 3, 2)


def _session(program: Any = None, **kw: Any) -> Any:
    program = program or TrainingProgramFactory(cost_per_participant=1_000_000)
    return TrainingSessionFactory(program=program, starts_on=START, **kw)


@pytest.mark.django_db
def test_commitment_and_realisation_per_line_and_program() -> None:
    line = BudgetLineFactory(ceiling=20_000_000)
    a = TrainingProgramFactory(cost_per_participant=1_250_000)
    b = TrainingProgramFactory(cost_per_participant=333_333)
    link_program(a, line)
    link_program(b, line)
    sa, sb = _session(a), _session(b)
    for status in (S.APPROVED, S.ATTENDED, S.COMPLETED, S.COMPLETED, S.NOMINATED, S.CANCELLED):
        EnrolmentFactory(session=sa, status=status)
    for status in (S.APPROVED, S.COMPLETED, S.REJECTED, S.NOT_COMPLETED):
        EnrolmentFactory(session=sb, status=status)
    # a session of another year is not charged to this line
    EnrolmentFactory(
        session=TrainingSessionFactory(program=a, starts_on=dt.date(YEAR + 1, 2, 1)),
        status=S.APPROVED,
    )
    usage = budget.usage_by_line([line.pk])[line.pk]
    assert usage.committed == 2 * 1_250_000 + 333_333
    assert usage.realised == 2 * 1_250_000 + 333_333
    assert (usage.committed_seats, usage.realised_seats) == (3, 3)
    per_prog = budget.usage_by_program([line.pk])
    assert per_prog[(line.pk, a.pk)].committed == 2_500_000
    assert per_prog[(line.pk, b.pk)].realised == 333_333
    assert sum(u.committed for u in per_prog.values()) == usage.committed  # exact, integers
    pos = budget.positions([line])[line.pk]
    assert pos.available == 20_000_000 - 2 * (2_500_000 + 333_333)
    assert isinstance(pos.available, int)


@pytest.mark.django_db
def test_session_link_overrides_program_link() -> None:
    main, other = BudgetLineFactory(), BudgetLineFactory()
    program = TrainingProgramFactory(cost_per_participant=500_000)
    link_program(program, main)
    s1, s2 = _session(program), _session(program)
    SessionBudget.objects.create(session=s2, line=other)
    EnrolmentFactory(session=s1, status=S.APPROVED)
    EnrolmentFactory(session=s2, status=S.APPROVED)
    usage = budget.usage_by_line()
    assert usage[main.pk].committed == 500_000 and usage[other.pk].committed == 500_000
    assert budget.lines_of_sessions([s1.pk, s2.pk]) == {s1.pk: main.pk, s2.pk: other.pk}


@pytest.mark.django_db
def test_usage_queries_do_not_grow_with_the_volume() -> None:
    line = BudgetLineFactory()
    program = TrainingProgramFactory(cost_per_participant=100_000)
    link_program(program, line)
    sessions = [_session(program) for _ in range(5)]
    for s in sessions:
        for _ in range(6):
            EnrolmentFactory(session=s, status=S.APPROVED)
    with CaptureQueriesContext(connection) as ctx:
        budget.usage_by_line([line.pk])
    assert len(ctx.captured_queries) == 4
    with CaptureQueriesContext(connection) as ctx:
        report = reports.budget_report(YEAR)
    assert len(ctx.captured_queries) <= 7
    assert report["rows"][0].position.committed == 30 * 100_000


@pytest.mark.django_db
def test_approval_refused_over_the_ceiling_and_nothing_changes(users: Any) -> None:
    line = BudgetLineFactory(ceiling=2_500_000, sub_activity_code="5.03.02.2.01.0042")
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    session = _session(program)
    first, second, third = (EnrolmentFactory(session=session) for _ in range(3))
    learning.enrolment_approve(actor=users["bkpp"], enrolment=first)
    learning.enrolment_approve(actor=users["bkpp"], enrolment=second)
    with pytest.raises(LearningError) as exc:
        learning.enrolment_approve(actor=users["bkpp"], enrolment=third)
    assert exc.value.code == "budget_exceeded"
    assert "5.03.02.2.01.0042" in exc.value.message
    assert "sisa Rp 500.000" in exc.value.message
    assert "Rp 1.000.000" in exc.value.message
    third.refresh_from_db()
    assert third.status == S.NOMINATED and third.version == 1
    # completing one frees nothing: realisation still uses the line
    learning.attendance_record(actor=users["bkpp"], enrolment=first, day=START)
    learning.enrolment_complete(actor=users["bkpp"], enrolment=first, score=90, completed_on=START)
    with pytest.raises(LearningError):
        learning.enrolment_approve(actor=users["bkpp"], enrolment=third)
    # cancelling one frees its place in the budget
    learning.enrolment_cancel(actor=users["bkpp"], enrolment=second)
    learning.enrolment_approve(actor=users["bkpp"], enrolment=third)
    assert budget.positions([line])[line.pk].used == 2_000_000


@pytest.mark.django_db
def test_unfunded_program_is_not_checked(users: Any) -> None:
    session = _session(TrainingProgramFactory(cost_per_participant=99_000_000))
    e = EnrolmentFactory(session=session)
    learning.enrolment_approve(actor=users["bkpp"], enrolment=e)
    e.refresh_from_db()
    assert e.status == S.APPROVED


@pytest.mark.django_db
def test_inactive_line_refuses(users: Any) -> None:
    line = BudgetLineFactory(is_active=False)
    program = TrainingProgramFactory()
    link_program(program, line)
    e = EnrolmentFactory(session=_session(program))
    with pytest.raises(LearningError) as exc:
        learning.enrolment_approve(actor=users["bkpp"], enrolment=e)
    assert exc.value.code == "budget_inactive"


@pytest.mark.django_db
def test_ceiling_cannot_go_below_use_and_link_cannot_overspend(users: Any) -> None:
    line = BudgetLineFactory(ceiling=3_000_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    session = _session(program)
    for _ in range(2):
        EnrolmentFactory(session=session, status=S.APPROVED)
    small = BudgetLineFactory(ceiling=1_500_000)
    with pytest.raises(services.FundingError) as exc:
        services.program_budget_link(actor=users["bkpp"], program=program, line=small)
    assert exc.value.code == "budget_exceeded"
    assert not program.budget_links.exists()  # rolled back
    services.program_budget_link(actor=users["bkpp"], program=program, line=line)
    with pytest.raises(services.FundingError) as exc:
        services.budget_line_update(actor=users["bkpp"], line=line, fields={"ceiling": 1_999_999})
    assert exc.value.code == "ceiling_below_use"
    services.budget_line_update(actor=users["bkpp"], line=line, fields={"ceiling": 2_000_000})


@pytest.mark.django_db
def test_budget_line_codes_validated_in_the_service(users: Any) -> None:
    fields = {
        "fiscal_year": YEAR,
        "program_code": "5.03.02",
        "activity_code": "5.03.02.2.01",
        "sub_activity_code": "5.03.02.2.09.0001",
        "name": "Diklat",
        "ceiling": 1_000_000,
    }
    with pytest.raises(services.FundingError) as exc:
        services.budget_line_create(actor=users["bkpp"], fields=fields)
    assert "kode sub-kegiatan" in exc.value.message and "awali" in exc.value.message
    with pytest.raises(services.FundingError) as exc:
        services.budget_line_create(actor=users["employee"], fields=fields)
    assert exc.value.code == "forbidden"


@pytest.mark.django_db
def test_allocation_apply_respects_the_ceiling(users: Any) -> None:
    line = BudgetLineFactory(ceiling=1_500_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    session = _session(program)
    run = AllocationRun.objects.create(
        created_by=users["bkpp"], year=YEAR, budget=10_000_000, status="proposed"
    )
    run.sessions.set([session])
    from penata.workforce.tests.factories import EmployeeFactory

    for _ in range(2):
        AllocationChoice.objects.create(
            run=run, employee=EmployeeFactory(), session=session, value=1.0
        )
    from penata.learning.allocation_services import allocation_run_apply

    with pytest.raises(LearningError) as exc:
        allocation_run_apply(actor=users["bkpp"], run=run)
    assert exc.value.code == "budget_exceeded"
    assert not Enrolment.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_allocation_from_funds_takes_the_available_money(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    line = BudgetLineFactory(ceiling=5_000_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    session = _session(program)
    EnrolmentFactory(session=session, status=S.APPROVED)
    spons = SponsorshipFactory(pledged_value=750_000)
    run = services.allocation_run_from_funds(
        actor=users["bkpp"],
        year=YEAR,
        session_ids=[session.pk],
        line_ids=[line.pk],
        sponsorship_ids=[spons.pk],
    )
    assert run.budget == 4_000_000 + 750_000
    funding = AllocationFunding.objects.get(run=run)
    assert funding.breakdown == {
        "lines": {str(line.pk): 4_000_000},
        "sponsorships": {str(spons.pk): 750_000},
    }
    other = BudgetLineFactory()
    with pytest.raises(services.FundingError) as exc:
        services.allocation_run_from_funds(
            actor=users["bkpp"],
            year=YEAR,
            session_ids=[session.pk],
            line_ids=[other.pk],
            sponsorship_ids=[],
        )
    assert exc.value.code == "session_other_line"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_approvals_cannot_overspend_on_postgresql(users: Any) -> None:
    """Two approvals in two sessions of the same line at the same moment, room for one: the
    line row lock serialises them, so exactly one passes."""
    line = BudgetLineFactory(ceiling=1_000_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    rows = [EnrolmentFactory(session=_session(program)) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(enrolment: Enrolment) -> None:
        from django.db import connection as conn

        barrier.wait()
        try:
            learning.enrolment_approve(actor=users["bkpp"], enrolment=enrolment)
            outcomes.append("ok")
        except LearningError as exc:
            outcomes.append(exc.code)
        finally:
            conn.close()

    threads = [threading.Thread(target=approve, args=(e,)) for e in rows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["budget_exceeded", "ok"]
    assert budget.positions([line])[line.pk].used == 1_000_000


@pytest.mark.django_db
def test_session_link_must_match_the_fiscal_year(users: Any) -> None:
    session = _session()
    wrong = BudgetLineFactory(fiscal_year=YEAR + 1)
    with pytest.raises(services.FundingError) as exc:
        services.session_budget_link(actor=users["bkpp"], session=session, line=wrong)
    assert exc.value.code == "year_mismatch" and str(YEAR) in exc.value.message
    right = BudgetLineFactory()
    services.session_budget_link(actor=users["bkpp"], session=session, line=right)
    assert budget.lines_of_sessions([session.pk]) == {session.pk: right.pk}
    services.session_budget_link(actor=users["bkpp"], session=session, line=None)
    assert budget.lines_of_sessions([session.pk]) == {}
