"""The training and ledger API: programs, sessions, scoped enrolments, the workflow actions
(201/200, 403 by role, 404 out of scope, 409 with an Indonesian message, 422 on bad input) and
the ledger (mine, a visible employee's, per OPD)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.test import Client

from penata.core.models import User
from penata.core.services import api_token_create
from penata.learning import ledger
from penata.learning.models import Enrolment, EnrolmentStatus, LedgerEntry, SessionStatus
from penata.learning.tests.factories import (
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
)
from penata.workforce.models import Employee
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
BASE = "/api/v1/learning"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "today", lambda: TODAY)


def _headers(user: User) -> dict[str, str]:
    _t, raw = api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(user: User, path: str) -> Any:
    return Client().get(f"{BASE}/{path}", **_headers(user))


def post(user: User, path: str, body: dict[str, Any] | None = None) -> Any:
    return Client().post(
        f"{BASE}/{path}", data=body or {}, content_type="application/json", **_headers(user)
    )


@pytest.fixture
def world(users: dict[str, User]) -> dict[str, Any]:
    dinas = OrgUnitFactory(name="Dinas Uji")
    other = OrgUnitFactory(name="Dinas Lain")
    me = EmployeeFactory(org_unit=dinas)
    colleague = EmployeeFactory(org_unit=dinas)
    outsider = EmployeeFactory(org_unit=other)
    users["employee"].employee = me
    users["employee"].save()
    users["opd_operator"].org_unit = dinas
    users["opd_operator"].save()
    program = TrainingProgramFactory(jp=16, competencies={"literasi_digital": 3})
    session = TrainingSessionFactory(
        program=program, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 3), capacity=1
    )
    return {
        "me": me,
        "colleague": colleague,
        "outsider": outsider,
        "program": program,
        "session": session,
        **users,
    }


# --- reads -----------------------------------------------------------------------------------


def test_programs_and_sessions(world: dict[str, Any]) -> None:
    u, program, session = world["employee"], world["program"], world["session"]
    TrainingSessionFactory(program=program, starts_on=dt.date(2026, 3, 1))  # started: not open
    TrainingSessionFactory(program=program, starts_on=dt.date(2027, 2, 1))
    body = get(u, "programs").json()
    assert body["count"] == 1 and body["items"][0]["mode"] == "klasikal"
    detail = get(u, f"programs/{program.pk}").json()
    assert detail["competencies"] == [
        {"code": "literasi_digital", "name": detail["competencies"][0]["name"], "target_level": 3}
    ]
    assert get(u, "programs/999999").status_code == 404
    open_ = get(u, "sessions?open=true&year=2026").json()
    assert [s["id"] for s in open_["items"]] == [session.pk]
    assert get(u, "sessions?year=2027").json()["count"] == 1
    assert get(u, "sessions?open=false").json()["count"] == 1  # the one already started
    assert get(u, "sessions?open=true").json()["count"] == 2
    one = get(u, f"sessions/{session.pk}").json()
    assert (one["capacity"], one["seats_taken"], one["jp"]) == (1, 0, 16)
    assert get(u, "sessions?year=1900").status_code == 422
    assert get(u, "sessions?limit=0").status_code == 422


def test_enrolments_are_scoped(world: dict[str, Any]) -> None:
    s = world["session"]
    mine = EnrolmentFactory(session=s, employee=world["me"])
    theirs = EnrolmentFactory(session=s, employee=world["colleague"])
    far = EnrolmentFactory(session=s, employee=world["outsider"])

    def ids(user: User, query: str = "") -> set[int]:
        return {e["id"] for e in get(user, f"enrolments{query}").json()["items"]}

    assert ids(world["employee"]) == {mine.pk}
    assert ids(world["opd_operator"]) == {mine.pk, theirs.pk}
    assert ids(world["bkpp"]) == {mine.pk, theirs.pk, far.pk}
    assert ids(world["bkpp"], f"?employee={world['outsider'].pk}") == {far.pk}
    assert ids(world["supervisor"]) == set()
    assert get(world["bkpp"], "enrolments?status=bogus").status_code == 422
    assert get(world["researcher"], "enrolments").status_code == 403


# --- the workflow ----------------------------------------------------------------------------


def test_register_then_approve_complete_writes_the_ledger(world: dict[str, Any]) -> None:
    s, bkpp = world["session"], world["bkpp"]
    resp = post(world["employee"], f"sessions/{s.pk}/register")
    assert resp.status_code == 201, resp.json()
    e = resp.json()
    assert (e["status"], e["origin"], e["employee_id"]) == ("registered", "self", world["me"].pk)
    again = post(world["employee"], f"sessions/{s.pk}/register")
    assert again.status_code == 409
    assert again.json()["code"] == "already_enrolled"
    assert "sudah terdaftar" in again.json()["message"]

    resp = post(bkpp, f"enrolments/{e['id']}/approve", {"version": e["version"]})
    assert resp.status_code == 200 and resp.json()["status"] == "approved"
    stale = post(bkpp, f"enrolments/{e['id']}/approve", {"version": e["version"]})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert "muat ulang" in stale.json()["message"]
    v = resp.json()["version"]

    bad = post(bkpp, f"enrolments/{e['id']}/complete", {"version": v, "score": 101})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    # approved → completed is not a transition: attendance comes first
    illegal = post(bkpp, f"enrolments/{e['id']}/complete", {"version": v, "score": 80})
    assert illegal.status_code == 409 and illegal.json()["code"] == "illegal_transition"
    assert "tidak dapat diubah menjadi" in illegal.json()["message"]
    Enrolment.objects.filter(pk=e["id"]).update(status=EnrolmentStatus.ATTENDED)
    done = post(
        bkpp,
        f"enrolments/{e['id']}/complete",
        {"version": v, "score": 85, "post_test": 90, "completed_on": "2026-07-03"},
    )
    assert done.status_code == 200, done.json()
    assert done.json()["certificate_code"].startswith("PNT-") and done.json()["jp"] == 16
    assert LedgerEntry.objects.get().year == 2026

    me = get(world["employee"], "ledger/me?year=2026").json()
    assert (me["counted"], me["shortfall"], me["jp_klasikal"]) == (16, 4, 16)
    assert me["entries"][0]["source"] == "enrolment"
    assert get(world["employee"], "ledger/me").json()["year"] == 2026
    assert get(world["employee"], "ledger/me?year=99").status_code == 422
    assert get(world["bkpp"], "ledger/me").status_code == 404  # no employee record


def test_full_session_and_overlap_are_409(world: dict[str, Any]) -> None:
    s, bkpp = world["session"], world["bkpp"]
    EnrolmentFactory(session=s, status=EnrolmentStatus.APPROVED)
    e = EnrolmentFactory(session=s, employee=world["me"], status=EnrolmentStatus.REGISTERED)
    full = post(bkpp, f"enrolments/{e.pk}/approve", {"version": e.version})
    assert full.status_code == 409 and full.json()["code"] == "session_full"
    assert "sudah penuh" in full.json()["message"]
    clash = TrainingSessionFactory(starts_on=dt.date(2026, 7, 2), ends_on=dt.date(2026, 7, 4))
    resp = post(world["employee"], f"sessions/{clash.pk}/register")
    assert resp.status_code == 409 and resp.json()["code"] == "overlap"
    assert "bertabrakan" in resp.json()["message"]
    closed = TrainingSessionFactory(starts_on=dt.date(2026, 8, 1), status=SessionStatus.CLOSED)
    resp = post(world["employee"], f"sessions/{closed.pk}/register")
    assert resp.status_code == 409 and resp.json()["code"] == "session_closed"
    assert post(world["employee"], "sessions/999999/register").status_code == 404


def test_nominate_only_people_in_scope(world: dict[str, Any]) -> None:
    s, op = world["session"], world["opd_operator"]
    resp = post(op, f"sessions/{s.pk}/nominate", {"employee_id": world["colleague"].pk})
    assert resp.status_code == 201 and resp.json()["status"] == "nominated"
    out = post(op, f"sessions/{s.pk}/nominate", {"employee_id": world["outsider"].pk})
    assert out.status_code == 404
    assert not Enrolment.objects.filter(employee=world["outsider"]).exists()
    assert post(op, f"sessions/{s.pk}/nominate", {"employee_id": "x"}).status_code == 422
    assert post(op, f"sessions/{s.pk}/nominate", {}).status_code == 422
    denied = post(world["employee"], f"sessions/{s.pk}/nominate", {"employee_id": 1})
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    hr = post(world["bkpp"], f"sessions/{s.pk}/nominate", {"employee_id": world["outsider"].pk})
    assert hr.status_code == 201


def test_reject_cancel_not_complete(world: dict[str, Any]) -> None:
    s, bkpp = world["session"], world["bkpp"]
    a = EnrolmentFactory(session=s, employee=world["colleague"])
    assert post(bkpp, f"enrolments/{a.pk}/reject", {"version": 1}).status_code == 422
    assert post(bkpp, f"enrolments/{a.pk}/reject", {"version": 1, "reason": " "}).status_code == 422
    resp = post(bkpp, f"enrolments/{a.pk}/reject", {"version": 1, "reason": "Kuota penuh."})
    assert resp.status_code == 200 and resp.json()["reason"] == "Kuota penuh."
    again = post(bkpp, f"enrolments/{a.pk}/cancel", {"version": 2})
    assert again.status_code == 409 and "Ditolak" in again.json()["message"]

    mine = EnrolmentFactory(session=s, employee=world["me"], status=EnrolmentStatus.REGISTERED)
    assert post(world["employee"], f"enrolments/{a.pk}/cancel", {"version": 2}).status_code == 404
    assert post(world["employee"], f"enrolments/{mine.pk}/approve", {"version": 1}).status_code == (
        403
    )
    resp = post(world["employee"], f"enrolments/{mine.pk}/cancel", {"version": 1})
    assert resp.status_code == 200 and resp.json()["status"] == "cancelled"
    # an operator sees their staff's enrolment but may not cancel it
    other = EnrolmentFactory(
        session=TrainingSessionFactory(), employee=world["colleague"], status="registered"
    )
    op = post(world["opd_operator"], f"enrolments/{other.pk}/cancel", {"version": 1})
    assert op.status_code == 403 and op.json()["code"] == "forbidden"

    b = EnrolmentFactory(
        session=TrainingSessionFactory(), employee=world["outsider"], status="approved"
    )
    assert post(bkpp, f"enrolments/{b.pk}/not-complete", {"version": 1}).status_code == 422
    resp = post(bkpp, f"enrolments/{b.pk}/not-complete", {"version": 1, "reason": "Tidak hadir."})
    assert resp.status_code == 200 and resp.json()["status"] == "not_completed"
    bodies = {
        "approve": {"version": 1},
        "complete": {"version": 1, "score": 80},
        "not-complete": {"version": 1, "reason": "x"},
        "reject": {"version": 1, "reason": "x"},
    }
    for action, body in bodies.items():
        r = post(world["opd_operator"], f"enrolments/{b.pk}/{action}", body)
        assert r.status_code == 403 and r.json()["code"] == "forbidden"


# --- the ledger ------------------------------------------------------------------------------


_SOURCE_IDS = itertools.count(1)


def _entry(employee: Employee, jp: int, on: dt.date) -> None:
    from penata.learning.tests.factories import activity_type

    LedgerEntry.objects.create(
        employee=employee,
        year=on.year,
        completed_on=on,
        jp=jp,
        activity_type=activity_type("e_learning"),
        source="practice",
        source_id=next(_SOURCE_IDS),
        title="Kegiatan",
    )


def test_employee_ledger_scoped_and_across_years(world: dict[str, Any]) -> None:
    _entry(world["colleague"], 8, dt.date(2025, 12, 31))
    _entry(world["colleague"], 20, dt.date(2026, 1, 2))
    op = world["opd_operator"]
    body = get(op, f"employees/{world['colleague'].pk}/ledger?year=2026").json()
    assert (body["counted"], body["shortfall"], body["jp_nonklasikal"]) == (20, 0, 20)
    assert body["history"] == [{"year": 2025, "raw_jp": 8, "counted": 8, "target": 20}]
    assert get(op, f"employees/{world['colleague'].pk}/ledger?year=2025").json()["counted"] == 8
    assert get(op, f"employees/{world['outsider'].pk}/ledger").status_code == 404
    assert get(world["employee"], f"employees/{world['colleague'].pk}/ledger").status_code == 404
    assert get(world["employee"], f"employees/{world['me'].pk}/ledger").status_code == 200
    assert get(op, f"employees/{world['colleague'].pk}/ledger?year=abc").status_code == 422


def test_ledger_per_opd(world: dict[str, Any]) -> None:
    _entry(world["me"], 24, dt.date(2026, 3, 1))
    _entry(world["outsider"], 10, dt.date(2026, 3, 1))
    hr = get(world["bkpp"], "ledger/opd?year=2026").json()
    assert hr["target"] == 20
    rows = {r["opd"]: r for r in hr["opds"]}
    assert rows["Dinas Uji"]["met"] == 1 and rows["Dinas Uji"]["share_met"] == 50.0
    assert rows["Dinas Lain"]["mean_jp"] == 10.0
    assert hr["total"]["active"] == 3
    op = get(world["opd_operator"], "ledger/opd?year=2026").json()
    assert [r["opd"] for r in op["opds"]] == ["Dinas Uji"]
    assert get(world["employee"], "ledger/opd").status_code == 403
    assert get(world["policy_team"], "ledger/opd?year=2025").json()["total"]["met"] == 0
