"""The competency development demo data of ``penata seed-demo`` (penata.learning.demo)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from penata.core.demo import DEMO_PASSWORD
from penata.core.models import User
from penata.learning import demo, ledger, selectors
from penata.learning.models import (
    Assessment,
    CertificateStatus,
    CompetencyStandard,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    ExternalCertificate,
    LedgerEntry,
    TrainingProgram,
    TrainingSession,
)
from penata.workforce.models import Employee, EmployeeStatus, Position

TODAY = dt.date(2026, 6, 15)
SIZE = 400

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed-demo", employees=SIZE, seed=7, today=TODAY, stdout=out)
    return out.getvalue()


def _snapshot() -> tuple[object, ...]:
    return (
        TrainingProgram.objects.count(),
        sorted(TrainingSession.objects.values_list("code", "starts_on", "status")),
        sorted(Enrolment.objects.values_list("session__code", "employee__nip", "status")),
        LedgerEntry.objects.count(),
        Assessment.objects.count(),
        CompetencyStandard.objects.count(),
    )


def test_seed_demo_loads_learning_data(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _seed()
    assert "Kompetensi: 26 program" in text
    assert 70 <= TrainingSession.objects.count() <= 90
    assert CompetencyStandard.objects.values("position").distinct().count() == (
        Position.objects.count()
    )
    active = Employee.objects.filter(status=EmployeeStatus.AKTIF)
    assessed = Assessment.objects.values("employee").distinct().count()
    assert 0.7 * active.count() <= assessed <= 0.9 * active.count()
    gaps = selectors.employee_gaps(active, TODAY)
    assert sum(1 for g in gaps.values() for _r, _a, gap in g.values() if gap > 0) > 0
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in EnrolmentStatus}
    done = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED)
    assert done.exclude(certificate_code=None).count() == done.count() > 0
    assert LedgerEntry.objects.filter(source="enrolment").count() == done.count()
    assert Evaluation.objects.exists()
    assert ExternalCertificate.objects.filter(status=CertificateStatus.SUBMITTED).count() >= 5
    cert = ExternalCertificate.objects.filter(status=CertificateStatus.SUBMITTED).first()
    assert cert is not None and cert.file.storage.exists(cert.file.name)
    # the ledger follows the year of completion, and no seat is over capacity
    for year, completed_on in LedgerEntry.objects.values_list("year", "completed_on"):
        assert year == completed_on.year
    for s in TrainingSession.objects.all():
        taken = s.enrolments.filter(status__in=("approved", "attended", "completed")).count()
        assert taken <= s.capacity, s.code
    # shares plausible: about 55–65% met last year, this year in progress
    last = ledger.opd_stats(Employee.objects.all(), 2025)["total"]
    now = ledger.opd_stats(Employee.objects.all(), 2026)["total"]
    assert 50 <= last.share_met <= 70, last.share_met
    assert 5 <= now.share_met < last.share_met, now.share_met


def test_demo_employee_has_a_ledger_and_something_to_take(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _seed()
    monkeypatch.setattr(ledger, "today", lambda: TODAY)
    pegawai = User.objects.get(username="pegawai")
    client = Client()
    assert client.login(username="pegawai", password=DEMO_PASSWORD)
    page = client.get("/kompetensi/jp/")
    assert page.status_code == 200
    data = page.context["ledger"]
    assert data["entries"] and 0 < data["counted"] < data["target"]
    assert [h.year for h in data["history"]] == [2025]
    assert data["history"][0].met
    assert page.context["suggestions"]
    assert any(s.gap_closed for s in page.context["suggestions"])
    assert not Enrolment.objects.filter(
        employee_id=pegawai.employee_id, status__in=["nominated", "registered", "approved"]
    ).exists()


def test_rerun_changes_nothing() -> None:
    _seed()
    before = _snapshot()
    text = _seed()
    assert "Kompetensi:" not in text
    assert _snapshot() == before
    assert demo.seed_learning(seed=7, today=TODAY).skipped


def test_levels_by_position_kind() -> None:
    assert [
        demo.manajerial_level(k, 12)
        for k in ("jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional")
    ] == [5, 4, 4, 3, 2]
    assert demo.manajerial_level("administrator", 11) == 3
    assert demo.manajerial_level("pelaksana", 7) == 2
