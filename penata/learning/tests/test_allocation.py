"""Seat allocation, the Django side: building the problem from the database, the run through
the worker, the proposal with its reasons, review, apply (once, all or nothing), and access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from penata.core.models import AuditEvent, TaskProgress, User
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.learning import allocation_services as svc
from penata.learning.models import (
    AllocationChoice,
    AllocationRun,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
)
from penata.learning.services import LearningError
from penata.learning.tests.factories import (
    AssessmentFactory,
    CompetencyStandardFactory,
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
    competency,
)
from penata.workforce.models import EmployeeStatus
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

TODAY = dt.date.today()


def _people(unit: Any, n: int, *, required: int = 4, assessed: int | None = 2) -> list[Any]:
    position = PositionFactory(org_unit=unit)
    CompetencyStandardFactory(
        position=position, competency=competency("literasi_digital"), level=required
    )
    people = []
    for _ in range(n):
        e = EmployeeFactory(org_unit=unit, position=position)
        if assessed is not None:
            AssessmentFactory(employee=e, competency=competency("literasi_digital"), level=assessed)
        people.append(e)
    return people


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    unit = OrgUnitFactory()
    people = _people(unit, 4)
    program = TrainingProgramFactory(
        jp=24, cost_per_participant=1_000_000, competencies={"literasi_digital": 3}
    )
    start = TODAY + dt.timedelta(days=20)
    a = TrainingSessionFactory(program=program, capacity=2, starts_on=start)
    other = TrainingProgramFactory(jp=8, cost_per_participant=500_000, competencies={})
    b = TrainingSessionFactory(program=other, capacity=5, starts_on=start + dt.timedelta(days=1))
    c = TrainingSessionFactory(program=other, capacity=5, starts_on=start + dt.timedelta(days=30))
    return {"unit": unit, "people": people, "a": a, "b": b, "c": c}


def _hr(users: dict[str, User]) -> User:
    return users[Role.BKPP.value]


def _run(users: dict[str, User], world: dict[str, Any], **kw: Any) -> AllocationRun:
    args: dict[str, Any] = {
        "actor": _hr(users),
        "year": TODAY.year,
        "budget": 10_000_000,
        "session_ids": [world["a"].pk, world["b"].pk, world["c"].pk],
        "weights": {"gap": 1.0, "jp": 0.1},
        "opd_id": world["unit"].pk,
        "time_limit": 10,
    }
    args.update(kw)
    run = svc.allocation_run_create(**args)
    return svc.allocation_run_execute(run.pk)


def test_value_and_reasons(users: dict[str, User], world: dict[str, Any]) -> None:
    run = _run(users, world)
    assert run.status == AllocationRun.Status.PROPOSED
    assert run.method == "exact" and run.gap == 0
    choices = list(run.choices.select_related("session"))
    in_a = [c for c in choices if c.session_id == world["a"].pk]
    assert len(in_a) == 2  # capacity
    c = in_a[0]
    # Gap: standard 4, assessed 2, program target 3 → closes 1 level; JP: 20 short, 24 JP.
    assert c.gap_closed == 1 and c.jp_covered == 20
    assert c.value == pytest.approx(1.0 + 0.1 * 20)
    gap = c.reason["gaps"][0]
    assert gap["competency"] == "literasi_digital"
    assert (gap["required"], gap["assessed"], gap["target"], gap["closed"]) == (4, 2, 3, 1)
    assert c.reason["jp_shortfall"] == 20 and c.reason["rank"] in (1, 2)
    assert c.reason["candidates"] == 4
    # Nobody in both a and b (they overlap), nobody in both b and c (same program).
    by_person: dict[int, set[int]] = {}
    for ch in choices:
        by_person.setdefault(ch.employee_id, set()).add(ch.session_id)
    for sessions in by_person.values():
        assert not {world["a"].pk, world["b"].pk} <= sessions
        assert not {world["b"].pk, world["c"].pk} <= sessions
    assert run.cost <= run.budget
    assert run.cost == sum(
        1_000_000 if ch.session_id == world["a"].pk else 500_000 for ch in choices
    )
    assert run.objective == pytest.approx(sum(ch.value for ch in choices))
    assert run.bound is not None and run.bound >= run.objective - 1e-6
    assert AuditEvent.objects.filter(action="allocation.create").exists()


def test_budget_seats_and_existing_enrolments_respected(
    users: dict[str, User], world: dict[str, Any]
) -> None:
    _p0, p1, p2, _p3 = world["people"]
    # One seat of a already held; p1 already nominated for a session overlapping a;
    # p2 cancelled from a earlier (still one row per person and session).
    EnrolmentFactory(session=world["a"], employee=EmployeeFactory(), status="approved")
    clash = TrainingSessionFactory(starts_on=world["a"].starts_on, capacity=3)
    EnrolmentFactory(session=clash, employee=p1, status=EnrolmentStatus.NOMINATED)
    EnrolmentFactory(session=world["a"], employee=p2, status=EnrolmentStatus.CANCELLED)
    run = _run(users, world, budget=1_500_000, session_ids=[world["a"].pk, world["c"].pk])
    choices = list(run.choices.all())
    in_a = [c.employee_id for c in choices if c.session_id == world["a"].pk]
    assert len(in_a) <= 1 and p1.pk not in in_a and p2.pk not in in_a
    assert run.cost <= 1_500_000
    assert run.stats["per_session"][str(world["a"].pk)]["seats"] == 1


def test_apply_creates_approved_enrolments_once(
    users: dict[str, User], world: dict[str, Any]
) -> None:
    run = _run(users, world)
    n = run.choices.count()
    assert n > 0
    enrolments = svc.allocation_run_apply(actor=_hr(users), run=run)
    assert len(enrolments) == n
    assert {e.status for e in enrolments} == {EnrolmentStatus.APPROVED}
    assert {e.origin for e in enrolments} == {Enrolment.Origin.ALLOCATION}
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.APPLIED and run.applied_at
    audit = AuditEvent.objects.get(action="allocation.apply")
    assert audit.after["weights"] == {"gap": 1.0, "jp": 0.1} and len(audit.after["pairs"]) == n
    with pytest.raises(LearningError) as err:
        svc.allocation_run_apply(actor=_hr(users), run=run)
    assert err.value.code == "not_proposed"
    assert Enrolment.objects.filter(origin=Enrolment.Origin.ALLOCATION).count() == n


def test_apply_refused_when_things_changed_then_review_and_apply(
    users: dict[str, User], world: dict[str, Any]
) -> None:
    run = _run(users, world)
    in_a = list(run.choices.filter(session=world["a"]))
    assert len(in_a) == 2
    # Since the proposal, someone took a seat of a, and one chosen person enrolled elsewhere.
    EnrolmentFactory(session=world["a"], employee=EmployeeFactory(), status="approved")
    with pytest.raises(LearningError) as err:
        svc.allocation_run_apply(actor=_hr(users), run=run)
    assert err.value.code == "changed"
    assert "sisa kursi kini 1" in err.value.message
    assert not Enrolment.objects.filter(origin=Enrolment.Origin.ALLOCATION).exists()
    # Review: take one person out of a (audited), then apply.
    before = run.objective
    svc.allocation_choice_remove(actor=_hr(users), run=run, choice_id=in_a[0].pk)
    run.refresh_from_db()
    assert run.objective == pytest.approx(before - in_a[0].value)
    assert AuditEvent.objects.filter(action="allocation.choice_remove").exists()
    svc.allocation_run_apply(actor=_hr(users), run=run)
    assert Enrolment.objects.filter(origin=Enrolment.Origin.ALLOCATION).count() == (
        AllocationChoice.objects.filter(run=run).count()
    )


def test_apply_refused_when_session_closed_or_person_left(
    users: dict[str, User], world: dict[str, Any]
) -> None:
    run = _run(users, world)
    chosen = run.choices.select_related("employee").first()
    assert chosen is not None
    chosen.employee.status = EmployeeStatus.PENSIUN
    chosen.employee.save()
    world["c"].status = SessionStatus.CLOSED
    world["c"].save()
    with pytest.raises(LearningError) as err:
        svc.allocation_run_apply(actor=_hr(users), run=run)
    assert "tidak lagi aktif" in err.value.message
    if run.choices.filter(session=world["c"]).exists():
        assert f"Angkatan {world['c'].code} sudah" in err.value.message


def test_discard_and_validation(users: dict[str, User], world: dict[str, Any]) -> None:
    run = _run(users, world)
    svc.allocation_run_discard(actor=_hr(users), run=run)
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DISCARDED
    with pytest.raises(LearningError):
        svc.allocation_run_apply(actor=_hr(users), run=run)
    with pytest.raises(LearningError) as err:
        svc.allocation_run_create(
            actor=_hr(users), year=2026, budget=1, session_ids=[], weights=None
        )
    assert err.value.code == "no_sessions"
    with pytest.raises(LearningError) as err:
        svc.allocation_run_create(
            actor=_hr(users),
            year=2026,
            budget=1,
            session_ids=[world["a"].pk],
            weights={"gap": 0, "jp": 0},
        )
    assert err.value.code == "bad_weights"
    with pytest.raises(LearningError) as err:
        svc.allocation_run_create(
            actor=users[Role.OPD_OPERATOR.value], year=2026, budget=1, session_ids=[world["a"].pk]
        )
    assert err.value.code == "forbidden"


def test_build_query_count_does_not_grow_with_employees(db: None) -> None:
    unit = OrgUnitFactory()
    program = TrainingProgramFactory(competencies={"literasi_digital": 3, "analisis_data": 4})
    sessions = [
        TrainingSessionFactory(program=program, starts_on=TODAY + dt.timedelta(days=10 * i))
        for i in range(3)
    ]
    for s in sessions:
        s.program = program
    counts = []
    for n in (3, 25):
        people = _people(unit, n)
        EnrolmentFactory(session=sessions[0], employee=people[0])
        employees = svc.candidate_scope(UserFactory(role=Role.BKPP), unit.pk)
        with CaptureQueriesContext(connection) as ctx:
            built = svc.build_problem(
                sessions=sessions,
                employees=employees,
                year=TODAY.year,
                budget=10**9,
                weights={"gap": 1.0, "jp": 0.1},
            )
        counts.append(len(ctx.captured_queries))
        assert built.problem.n_pairs > 0
    assert counts[0] == counts[1], counts


@pytest.mark.django_db(transaction=True)
def test_run_through_the_worker() -> None:
    hr = User.objects.create(username="hr", role=Role.BKPP)
    unit = OrgUnitFactory()
    _people(unit, 3)
    session = TrainingSessionFactory(
        program=TrainingProgramFactory(competencies={"literasi_digital": 3}), capacity=2
    )
    run = svc.allocation_run_create(
        actor=hr,
        year=TODAY.year,
        budget=5_000_000,
        session_ids=[session.pk],
        weights={"gap": 1, "jp": 0},
        opd_id=unit.pk,
    )
    progress = TaskProgress.objects.get(pk=run.progress_id)
    assert progress.task_result_id
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1)
    run.refresh_from_db()
    progress.refresh_from_db()
    assert run.status == AllocationRun.Status.PROPOSED, progress.message
    assert progress.status == TaskProgress.Status.SUCCEEDED
    assert run.choices.count() == 2 and run.gap == 0


def test_pages(users: dict[str, User], world: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.BKPP.value)
    resp = client.get(reverse("learning:allocation_create"))
    assert resp.status_code == 200
    resp = client.post(
        reverse("learning:allocation_create"),
        {
            "year": TODAY.year,
            "budget": 3_000_000,
            "sessions": [world["a"].pk, world["c"].pk],
            "weight_gap": "1",
            "weight_jp": "0.1",
            "opd": world["unit"].pk,
            "time_limit": 10,
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    run = AllocationRun.objects.get()
    page = client.get(resp["Location"]).content.decode()
    assert 'data-status="running"' in page and 'hx-trigger="every 1s"' in page
    svc.allocation_run_execute(run.pk)
    hx = client.get(resp["Location"], HTTP_HX_REQUEST="true")
    assert hx["HX-Refresh"] == "true"
    page = client.get(resp["Location"]).content.decode()
    assert "Literasi" in page or "literasi" in page
    assert 'data-testid="allocation-gap"' in page and "allocation-apply" in page
    assert page.count('data-testid="allocation-choice"') == run.choices.count()
    lst = client.get(reverse("learning:allocation_list")).content.decode()
    assert f"/alokasi/{run.pk}/" in lst
    csv = client.get(reverse("learning:allocation_export", args=[run.pk]) + "?fmt=csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("kode_angkatan") and len(text.splitlines()) == (
        run.choices.count() + 1
    )
    xlsx = client.get(reverse("learning:allocation_export", args=[run.pk]) + "?fmt=xlsx")
    assert xlsx.status_code == 200
    choice = run.choices.first()
    assert choice is not None
    client.post(reverse("learning:allocation_choice_remove", args=[run.pk]), {"choice": choice.pk})
    assert not AllocationChoice.objects.filter(pk=choice.pk).exists()
    resp = client.post(reverse("learning:allocation_apply", args=[run.pk]))
    assert resp.status_code == 302
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.APPLIED
    # Only HR.
    other = client_for(Role.OPD_OPERATOR.value)
    assert other.get(reverse("learning:allocation_detail", args=[run.pk])).status_code == 403
    assert other.post(reverse("learning:allocation_discard", args=[run.pk])).status_code == 403
    assert (
        client_for(Role.EMPLOYEE.value).get(reverse("learning:allocation_list")).status_code == 403
    )


def test_pages_query_counts_are_bounded(
    users: dict[str, User],
    world: dict[str, Any],
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _people(world["unit"], 12)
    for _ in range(3):
        _run(users, world)
    run = AllocationRun.objects.first()
    assert run is not None and run.choices.count() >= 5
    client = client_for(Role.BKPP.value)
    client.get(reverse("learning:allocation_list"))  # warm the session and nav
    with django_assert_max_num_queries(12):
        assert client.get(reverse("learning:allocation_list")).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("learning:allocation_detail", args=[run.pk]))
    assert page.status_code == 200
