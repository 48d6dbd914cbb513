"""The enrolment workflow through the services: every transition and every forbidden one,
capacity, session cancellation, scoping, evaluation once only."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from penata.core.models import AuditEvent
from penata.core.tests.factories import UserFactory
from penata.learning import rules, services
from penata.learning.models import (
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    SessionStatus,
    TrainingSession,
)
from penata.learning.services import LearningError
from penata.learning.tests.factories import EnrolmentFactory, TrainingSessionFactory
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
S = EnrolmentStatus
ALL = [s.value for s in rules.EnrolmentStatus]
RATINGS = {"relevance": 5, "material": 4, "trainer": 4, "organisation": 3, "overall": 4}


def _enrolment(status: str, session: TrainingSession | None = None) -> Enrolment:
    session = session or TrainingSessionFactory(
        starts_on=dt.date.today() - dt.timedelta(days=1),
        ends_on=dt.date.today() + dt.timedelta(days=1),
    )
    return EnrolmentFactory(session=session, status=status)


def _go(target: str, enrolment: Enrolment, bkpp: Any) -> None:
    """Ask the service that leads to ``target``."""
    day = enrolment.session.starts_on
    if target == S.APPROVED:
        services.enrolment_approve(actor=bkpp, enrolment=enrolment)
    elif target == S.REJECTED:
        services.enrolment_reject(actor=bkpp, enrolment=enrolment, reason="Kuota OPD habis")
    elif target == S.CANCELLED:
        services.enrolment_cancel(actor=bkpp, enrolment=enrolment, reason="Tugas dinas")
    elif target == S.ATTENDED:
        services.attendance_record(actor=bkpp, enrolment=enrolment, day=day, present=True)
    elif target == S.COMPLETED:
        services.enrolment_complete(actor=bkpp, enrolment=enrolment, score=85, post_test=80)
    elif target == S.NOT_COMPLETED:
        services.enrolment_not_complete(actor=bkpp, enrolment=enrolment, reason="Tidak hadir")
    elif target == S.NOMINATED:
        services.enrolment_nominate(
            actor=bkpp, session=enrolment.session, employee=enrolment.employee
        )
    elif target == S.REGISTERED:
        user = UserFactory(role="employee", employee=enrolment.employee)
        services.enrolment_register(actor=user, session=enrolment.session)
    else:  # pragma: no cover
        raise AssertionError(target)


@pytest.mark.parametrize("target", ALL)
@pytest.mark.parametrize("current", ALL)
def test_every_transition_against_the_rules(current: str, target: str, users: Any) -> None:
    enrolment = _enrolment(current)
    allowed = rules.EnrolmentStatus(target) in rules.TRANSITIONS[rules.EnrolmentStatus(current)]
    if current == target == S.ATTENDED:
        # recording another day of attendance is not a transition: it stays attended
        _go(target, enrolment, users["bkpp"])
        enrolment.refresh_from_db()
        assert enrolment.status == S.ATTENDED
        return
    if allowed:
        _go(target, enrolment, users["bkpp"])
        enrolment.refresh_from_db()
        assert enrolment.status == target
        assert AuditEvent.objects.filter(
            object_type="learning.enrolment", object_id=str(enrolment.pk)
        ).exists()
    else:
        with pytest.raises(LearningError):
            _go(target, enrolment, users["bkpp"])
        enrolment.refresh_from_db()
        assert enrolment.status == current


@pytest.mark.parametrize("role", ["employee", "opd_operator", "supervisor", "talent_committee"])
def test_only_bkpp_decides(role: str, users: Any) -> None:
    enrolment = _enrolment(S.NOMINATED)
    with pytest.raises(LearningError) as exc:
        services.enrolment_approve(actor=users[role], enrolment=enrolment)
    assert exc.value.code == "forbidden"
    with pytest.raises(LearningError):
        services.enrolment_reject(actor=users[role], enrolment=enrolment, reason="x")


def test_approval_refused_when_already_approved_at_the_same_time(users: Any) -> None:
    """Dates can move after nomination: approving a second, now overlapping, place is refused."""
    first = EnrolmentFactory(status=S.APPROVED)
    person = first.employee
    later = TrainingSessionFactory(starts_on=first.session.ends_on + dt.timedelta(days=10))
    second = EnrolmentFactory(session=later, employee=person)
    later.starts_on, later.ends_on = first.session.starts_on, first.session.ends_on
    later.save()
    with pytest.raises(LearningError) as exc:
        services.enrolment_approve(actor=users["bkpp"], enrolment=second)
    assert exc.value.code == "overlap"
    assert "bertabrakan" in exc.value.message
    second.refresh_from_db()
    assert second.status == S.NOMINATED


def test_capacity_two_approvals_for_the_last_seat(users: Any) -> None:
    session = TrainingSessionFactory(capacity=1)
    first, second = EnrolmentFactory(session=session), EnrolmentFactory(session=session)
    services.enrolment_approve(actor=users["bkpp"], enrolment=first)
    with pytest.raises(LearningError) as exc:
        services.enrolment_approve(actor=users["bkpp"], enrolment=second)
    assert exc.value.code == "session_full"
    assert "penuh" in exc.value.message
    second.refresh_from_db()
    assert second.status == S.NOMINATED
    assert services.seats_taken(session) == 1


def test_bulk_approve_stops_when_full_and_names_who(users: Any) -> None:
    session = TrainingSessionFactory(capacity=2)
    rows = [EnrolmentFactory(session=session) for _ in range(4)]
    result = services.enrolment_bulk_approve(
        actor=users["bkpp"], session=session, enrolment_ids=[e.pk for e in rows]
    )
    assert len(result["approved"]) == 2 and result["full"]
    assert [e.pk for e, _why in result["refused"]] == [rows[2].pk, rows[3].pk]
    assert Enrolment.objects.filter(session=session, status=S.APPROVED).count() == 2


def test_stale_version_is_refused(users: Any) -> None:
    enrolment = _enrolment(S.NOMINATED)
    with pytest.raises(LearningError) as exc:
        services.enrolment_approve(
            actor=users["bkpp"], enrolment=enrolment, version=enrolment.version + 1
        )
    assert exc.value.code == "stale_version"


def test_session_cancel_cancels_active_enrolments_with_reason(users: Any) -> None:
    session = TrainingSessionFactory()
    nominated = EnrolmentFactory(session=session)
    approved = EnrolmentFactory(session=session, status=S.APPROVED)
    rejected = EnrolmentFactory(session=session, status=S.REJECTED)
    with pytest.raises(LearningError):
        services.session_cancel(actor=users["bkpp"], session=session, reason=" ")
    session = services.session_cancel(
        actor=users["bkpp"], session=session, reason="Narasumber berhalangan"
    )
    assert session.status == SessionStatus.CANCELLED
    for e in (nominated, approved):
        e.refresh_from_db()
        assert e.status == S.CANCELLED
        assert "Narasumber berhalangan" in e.reason
    rejected.refresh_from_db()
    assert rejected.status == S.REJECTED
    assert AuditEvent.objects.filter(action="training_session.cancel").count() == 1
    assert AuditEvent.objects.filter(action="enrolment.cancel").count() == 2
    # a cancelled session takes no one
    with pytest.raises(LearningError) as exc:
        services.enrolment_nominate(
            actor=users["bkpp"], session=session, employee=EmployeeFactory()
        )
    assert exc.value.code == "session_closed"


def test_closed_session_refuses_registration(users: Any) -> None:
    session = TrainingSessionFactory()
    session = services.session_close(actor=users["bkpp"], session=session)
    user = UserFactory(role="employee", employee=EmployeeFactory())
    with pytest.raises(LearningError) as exc:
        services.enrolment_register(actor=user, session=session)
    assert exc.value.code == "session_closed"
    session = services.session_reopen(actor=users["bkpp"], session=session)
    assert services.enrolment_register(actor=user, session=session).status == S.REGISTERED


def test_capacity_cannot_drop_below_seats_taken(users: Any) -> None:
    session = TrainingSessionFactory(capacity=3)
    EnrolmentFactory(session=session, status=S.APPROVED)
    EnrolmentFactory(session=session, status=S.APPROVED)
    with pytest.raises(LearningError) as exc:
        services.session_update(actor=users["bkpp"], session=session, fields={"capacity": 1})
    assert exc.value.code == "capacity_below_taken"


def test_opd_operator_nominates_only_their_people() -> None:
    dinas, other = OrgUnitFactory(), OrgUnitFactory()
    bidang = OrgUnitFactory(parent=dinas)
    operator = UserFactory(role="opd_operator", org_unit=dinas)
    mine, theirs = EmployeeFactory(org_unit=bidang), EmployeeFactory(org_unit=other)
    session = TrainingSessionFactory()
    e = services.enrolment_nominate(actor=operator, session=session, employee=mine)
    assert e.status == S.NOMINATED and e.requested_by == operator
    with pytest.raises(LearningError) as exc:
        services.enrolment_nominate(actor=operator, session=session, employee=theirs)
    assert exc.value.code == "out_of_scope"
    assert not Enrolment.objects.filter(employee=theirs).exists()


def test_employee_cannot_act_on_others_enrolments(users: Any) -> None:
    me, other = EmployeeFactory(), EmployeeFactory()
    user = UserFactory(role="employee", employee=me)
    theirs = _enrolment(S.REGISTERED)
    theirs.employee = other
    theirs.save()
    with pytest.raises(LearningError) as exc:
        services.enrolment_cancel(actor=user, enrolment=theirs)
    assert exc.value.code == "forbidden"
    with pytest.raises(LearningError):
        services.enrolment_nominate(actor=user, session=theirs.session, employee=other)
    done = _enrolment(S.COMPLETED)
    with pytest.raises(LearningError) as exc:
        services.evaluation_submit(actor=user, enrolment=done, **RATINGS)
    assert exc.value.code == "forbidden"


def test_evaluation_once_only_and_only_after_attending() -> None:
    emp = EmployeeFactory()
    user = UserFactory(role="employee", employee=emp)
    approved = _enrolment(S.APPROVED)
    approved.employee = emp
    approved.save()
    with pytest.raises(LearningError) as exc:
        services.evaluation_submit(actor=user, enrolment=approved, **RATINGS)
    assert exc.value.code == "not_attended"
    done = _enrolment(S.COMPLETED)
    done.employee = emp
    done.save()
    with pytest.raises(LearningError) as exc:
        services.evaluation_submit(actor=user, enrolment=done, **{**RATINGS, "overall": 6})
    assert exc.value.code == "bad_rating"
    services.evaluation_submit(actor=user, enrolment=done, comment="Bagus", **RATINGS)
    with pytest.raises(LearningError) as exc:
        services.evaluation_submit(actor=user, enrolment=done, **RATINGS)
    assert exc.value.code == "already_evaluated"
    assert Evaluation.objects.filter(enrolment=done).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_approvals_take_one_seat_on_postgresql(users: Any) -> None:
    session = TrainingSessionFactory(capacity=1)
    rows = [EnrolmentFactory(session=session) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(enrolment: Enrolment) -> None:
        from django.db import connection as conn

        barrier.wait()
        try:
            services.enrolment_approve(actor=users["bkpp"], enrolment=enrolment)
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
    assert sorted(outcomes) == ["ok", "session_full"]
    assert services.seats_taken(session) == 1
