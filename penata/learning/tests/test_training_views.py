"""The training pages: programs (create/edit, filters, Rupiah), sessions, the BKPP workflow on
the session page (bulk approve, attendance by HTMX, completion, test and survey statistics),
the catalogue and "my training", nominations scoped to the operator's units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.core.tests.factories import UserFactory
from penata.learning.models import (
    Attendance,
    EnrolmentStatus,
    Evaluation,
    Mode,
    SessionStatus,
    TrainingProgram,
    TrainingSession,
)
from penata.learning.templatetags.learning_training import rupiah
from penata.learning.tests.factories import (
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
    activity_type,
    competency,
)
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
S = EnrolmentStatus


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _messages(resp: Any) -> str:
    return " ".join(str(m) for m in resp.context["messages"]) if resp.context else ""


def test_rupiah_filter() -> None:
    assert rupiah(1_500_000) == "Rp 1.500.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(None) == "-"


def test_program_create_with_competencies_and_edit(client_for: Any) -> None:
    c = client_for("bkpp")
    digital, data = competency("literasi_digital"), competency("analisis_data")
    form = {
        "title": "Analisis Data Pemerintahan",
        "code": "analisis-data-2026",
        "description": "Python dan spreadsheet",
        "activity_type": activity_type("pelatihan").pk,
        "jp": 24,
        "provider_kind": "university",
        "provider_name": "Universitas Diponegoro",
        "cost_per_participant": 1500000,
        "funding_source": "apbd",
        "pass_score": 70,
        "is_active": "on",
        "komp-TOTAL_FORMS": 3,
        "komp-INITIAL_FORMS": 0,
        "komp-0-competency": digital.pk,
        "komp-0-target_level": 3,
        "komp-1-competency": data.pk,
        "komp-1-target_level": 2,
    }
    resp = c.post(reverse("learning:program_create"), form)
    program = TrainingProgram.objects.get(code="analisis-data-2026")
    assert resp.status_code == 302
    assert dict(program.competencies.values_list("competency__code", "target_level")) == {
        "literasi_digital": 3,
        "analisis_data": 2,
    }
    assert AuditEvent.objects.filter(action="training_program.create").exists()
    detail = c.get(reverse("learning:program_detail", args=[program.pk])).content.decode()
    assert "Rp 1.500.000" in detail
    form.update({"jp": 32, "komp-1-competency": "", "komp-1-target_level": ""})
    c.post(reverse("learning:program_edit", args=[program.pk]), form)
    program.refresh_from_db()
    assert program.jp == 32
    assert list(program.competencies.values_list("competency__code", flat=True)) == [
        "literasi_digital"
    ]
    assert AuditEvent.objects.filter(action="training_program.update").exists()


def test_program_duplicate_competency_is_refused(client_for: Any) -> None:
    digital = competency("literasi_digital")
    resp = client_for("bkpp").post(
        reverse("learning:program_create"),
        {
            "title": "X",
            "code": "x",
            "activity_type": activity_type().pk,
            "jp": 8,
            "provider_kind": "bkpp",
            "cost_per_participant": 0,
            "funding_source": "apbd",
            "pass_score": 70,
            "komp-TOTAL_FORMS": 2,
            "komp-INITIAL_FORMS": 0,
            "komp-0-competency": digital.pk,
            "komp-0-target_level": 3,
            "komp-1-competency": digital.pk,
            "komp-1-target_level": 4,
        },
    )
    assert resp.status_code == 200 and "dua kali" in resp.content.decode()
    assert not TrainingProgram.objects.filter(code="x").exists()


def test_program_list_filters(client_for: Any, django_assert_max_num_queries: Any) -> None:
    TrainingProgramFactory(
        title="Sandi Kota Lanjut", competencies={"keamanan_informasi": 3}, provider_kind="lan"
    )
    TrainingProgramFactory(title="Coaching Pimpinan", activity_type=activity_type("coaching"))
    for _ in range(10):
        TrainingProgramFactory()
    TrainingProgramFactory(title="Program Lama", is_active=False)
    c = client_for("employee")
    url = reverse("learning:program_list")
    with django_assert_max_num_queries(12):
        body = c.get(url).content.decode()
    assert "Sandi Kota Lanjut" in body and "Program Lama" not in body
    body = c.get(url, {"mode": Mode.NONKLASIKAL}).content.decode()
    assert "Coaching Pimpinan" in body and "Sandi Kota Lanjut" not in body
    body = c.get(url, {"provider": "lan"}).content.decode()
    assert "Sandi Kota Lanjut" in body and "Coaching Pimpinan" not in body
    body = c.get(url, {"competency": competency("keamanan_informasi").pk}).content.decode()
    assert "Sandi Kota Lanjut" in body and "Coaching Pimpinan" not in body
    body = c.get(url, {"q": "coach"}).content.decode()
    assert "Coaching Pimpinan" in body and "Sandi Kota Lanjut" not in body
    assert "Program Lama" in client_for("bkpp").get(url).content.decode()


def test_session_create_edit_close_cancel(client_for: Any) -> None:
    program = TrainingProgramFactory()
    c = client_for("bkpp")
    start = dt.date.today() + dt.timedelta(days=10)
    data = {
        "code": "angkatan-i-2026",
        "starts_on": start.isoformat(),
        "ends_on": (start + dt.timedelta(days=2)).isoformat(),
        "location": "Balai Kota",
        "capacity": 25,
    }
    resp = c.post(reverse("learning:session_create", args=[program.pk]), data)
    session = TrainingSession.objects.get(code="angkatan-i-2026")
    assert resp.status_code == 302 and session.status == SessionStatus.OPEN
    bad = {**data, "ends_on": (start - dt.timedelta(days=1)).isoformat()}
    resp = c.post(reverse("learning:session_edit", args=[session.pk]), bad)
    assert "sebelum tanggal mulai" in resp.content.decode()
    c.post(reverse("learning:session_status", args=[session.pk]), {"action": "close"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    e = EnrolmentFactory(session=session, status=S.APPROVED)
    resp = c.post(
        reverse("learning:session_status", args=[session.pk]),
        {"action": "cancel", "reason": "Anggaran dialihkan"},
        follow=True,
    )
    session.refresh_from_db()
    e.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and e.status == S.CANCELLED
    assert "Anggaran dialihkan" in e.reason


def test_session_detail_for_bkpp(client_for: Any, django_assert_max_num_queries: Any) -> None:
    session = TrainingSessionFactory(capacity=4)
    for status in [S.NOMINATED, S.REGISTERED, S.APPROVED, S.ATTENDED, S.REJECTED]:
        for _ in range(3):
            EnrolmentFactory(session=session, status=status)
    c = client_for("bkpp")
    with django_assert_max_num_queries(25):
        resp = c.get(reverse("learning:session_detail", args=[session.pk]))
    body = resp.content.decode()
    assert 'data-testid="attendance-grid"' in body
    assert "6 dari 4 kursi terisi" in body or "dari 4 kursi" in body
    assert 'data-testid="enrolments-nominated"' in body
    assert 'data-testid="bulk-approve"' in body


def test_bulk_approve_names_who_was_not_approved(client_for: Any) -> None:
    session = TrainingSessionFactory(capacity=1)
    a = EnrolmentFactory(session=session, employee=EmployeeFactory(name="Adi Nugroho"))
    b = EnrolmentFactory(session=session, employee=EmployeeFactory(name="Budi Santoso"))
    resp = client_for("bkpp").post(
        reverse("learning:session_bulk_approve", args=[session.pk]),
        {"enrolment": [a.pk, b.pk]},
        follow=True,
    )
    text = _messages(resp)
    assert "1 peserta disetujui" in text
    assert "penuh" in text and "Budi Santoso" in text
    b.refresh_from_db()
    assert b.status == S.NOMINATED


def test_reject_needs_a_reason(client_for: Any) -> None:
    e = EnrolmentFactory()
    url = reverse("learning:enrolment_action", args=[e.pk])
    resp = client_for("bkpp").post(url, {"action": "reject", "reason": ""}, follow=True)
    assert "alasan" in _messages(resp).lower()
    e.refresh_from_db()
    assert e.status == S.NOMINATED


def test_attendance_by_htmx_then_completion(client_for: Any) -> None:
    start = dt.date.today() - dt.timedelta(days=2)
    session = TrainingSessionFactory(starts_on=start, ends_on=start + dt.timedelta(days=1))
    e = EnrolmentFactory(session=session, status=S.APPROVED)
    c = client_for("bkpp")
    url = reverse("learning:attendance_mark", args=[e.pk])
    resp = c.post(url, {"day": start.isoformat(), "present": "1"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert f'id="attendance-{e.pk}"' in resp.content.decode()
    e.refresh_from_db()
    assert e.status == S.ATTENDED
    resp = c.post(
        url,
        {"day": (start + dt.timedelta(days=1)).isoformat(), "present": "0"},
        HTTP_HX_REQUEST="1",
    )
    assert Attendance.objects.filter(enrolment=e, present=False).count() == 1
    resp = c.post(url, {"day": "2000-01-01", "present": "1"}, HTTP_HX_REQUEST="1")
    assert "di luar jadwal" in resp.content.decode()
    c.post(
        reverse("learning:enrolment_action", args=[e.pk]),
        {"action": "complete", "pre_test": "55", "post_test": "80", "score": "82"},
    )
    e.refresh_from_db()
    assert e.status == S.COMPLETED and e.certificate_code


def test_test_and_survey_statistics(client_for: Any) -> None:
    session = TrainingSessionFactory()
    rows = [
        EnrolmentFactory(session=session, status=S.COMPLETED, pre_test=pre, post_test=post)
        for pre, post in [(50, 70), (60, 90), (40, 60)]
    ]
    c = client_for("bkpp")
    url = reverse("learning:session_detail", args=[session.pk])
    ratings = {"relevance": 4, "material": 5, "trainer": 3, "organisation": 4, "overall": 4}
    for e in rows[:2]:
        Evaluation.objects.create(enrolment=e, **ratings)
    resp = c.get(url)
    assert resp.context["tests"] == {"pre": 50.0, "post": 73.3, "gain": 23.3, "n": 3}
    assert not resp.context["evaluation"]["shown"]
    assert "paling sedikit 3 peserta" in resp.content.decode()
    Evaluation.objects.create(enrolment=rows[2], **{**ratings, "trainer": 5})
    resp = c.get(url)
    ev = resp.context["evaluation"]
    assert ev["shown"] and ev["n"] == 3
    assert [i["mean"] for i in ev["items"]] == [4.0, 5.0, 3.67, 4.0, 4.0]


def test_catalogue_register_and_cancel(django_assert_max_num_queries: Any) -> None:
    emp = EmployeeFactory()
    user = UserFactory(role="employee", employee=emp)
    session = TrainingSessionFactory(capacity=10)
    for _ in range(5):
        TrainingSessionFactory()
    TrainingSessionFactory(status=SessionStatus.CLOSED, code="tutup-1")
    EnrolmentFactory(session=session, status=S.APPROVED)
    c = _client(user)
    with django_assert_max_num_queries(10):
        body = c.get(reverse("learning:catalogue")).content.decode()
    assert "tutup-1" not in body
    assert "sisa 9 dari 10 kursi" in body
    resp = c.post(reverse("learning:session_register", args=[session.pk]), follow=True)
    assert "menunggu persetujuan" in _messages(resp)
    mine = emp.enrolments.get()
    assert mine.status == S.REGISTERED and mine.origin == "self"
    resp = c.post(reverse("learning:session_register", args=[session.pk]), follow=True)
    assert "sudah terdaftar" in _messages(resp)
    body = c.get(reverse("learning:my_enrolments")).content.decode()
    assert session.program.title in body
    c.post(reverse("learning:enrolment_cancel_own", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == S.CANCELLED


def test_employee_cannot_touch_others_enrolments() -> None:
    user = UserFactory(role="employee", employee=EmployeeFactory())
    theirs = EnrolmentFactory(status=S.COMPLETED)
    c = _client(user)
    assert c.post(reverse("learning:enrolment_cancel_own", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("learning:evaluation", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("learning:certificate_download", args=[theirs.pk])).status_code == 404
    assert c.post(reverse("learning:enrolment_action", args=[theirs.pk])).status_code == 403


def test_evaluation_page_once() -> None:
    emp = EmployeeFactory()
    e = EnrolmentFactory(employee=emp, status=S.COMPLETED)
    c = _client(UserFactory(role="employee", employee=emp))
    url = reverse("learning:evaluation", args=[e.pk])
    data = {"relevance": 5, "material": 4, "trainer": 4, "organisation": 4, "overall": 5}
    assert c.post(url, data).status_code == 302
    resp = c.post(url, data)
    assert "sudah" in resp.content.decode()
    assert Evaluation.objects.filter(enrolment=e).count() == 1


def test_nomination_search_and_scope() -> None:
    dinas, other = OrgUnitFactory(), OrgUnitFactory()
    operator = UserFactory(role="opd_operator", org_unit=dinas)
    EmployeeFactory(org_unit=dinas, name="Ratna Dewi")
    outsider = EmployeeFactory(org_unit=other, name="Ratna Sari")
    session = TrainingSessionFactory()
    c = _client(operator)
    url = reverse("learning:session_nominate", args=[session.pk])
    body = c.get(url, {"q": "ratna"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ratna Dewi" in body and "Ratna Sari" not in body
    resp = c.post(url, {"employee": outsider.pk}, follow=True)
    assert "di luar unit kerja" in _messages(resp)
    assert not outsider.enrolments.exists()
    detail = c.get(reverse("learning:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="nominate"' in detail and "attendance-grid" not in detail
    assert _client(UserFactory(role="employee")).get(url).status_code == 403


def test_operator_sees_only_their_peoples_enrolments() -> None:
    dinas, other = OrgUnitFactory(), OrgUnitFactory()
    operator = UserFactory(role="opd_operator", org_unit=dinas)
    session = TrainingSessionFactory()
    EnrolmentFactory(
        session=session, employee=EmployeeFactory(org_unit=dinas, name="Dalam Cakupan")
    )
    EnrolmentFactory(session=session, employee=EmployeeFactory(org_unit=other, name="Luar Cakupan"))
    body = _client(operator).get(reverse("learning:session_detail", args=[session.pk]))
    text = body.content.decode()
    assert "Dalam Cakupan" in text and "Luar Cakupan" not in text


def test_employee_sees_the_session_but_not_the_others() -> None:
    emp = EmployeeFactory()
    session = TrainingSessionFactory()
    EnrolmentFactory(session=session, employee=EmployeeFactory(name="Orang Lain Sekali"))
    c = _client(UserFactory(role="employee", employee=emp))
    body = c.get(reverse("learning:session_detail", args=[session.pk])).content.decode()
    assert session.program.title in body and 'data-testid="register"' in body
    assert "Orang Lain Sekali" not in body
    assert "attendance-grid" not in body and "bulk-approve" not in body
    assert 'data-testid="nominate"' not in body
