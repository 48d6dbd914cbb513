"""The performance demo data of ``penata seed-demo`` (penata.performance.demo)."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.test import Client

from penata.core.demo import DEMO_PASSWORD
from penata.core.models import User
from penata.performance import demo, rules
from penata.performance.models import (
    Appraisal,
    AppraisalPeriod,
    BehaviourRating,
    PlannedResult,
    UnitPredikat,
)
from penata.performance.selectors import appraisees_of
from penata.performance.services import units_distribution
from penata.workforce.models import Employee, EmployeeStatus

TODAY = dt.date(2026, 6, 15)
SIZE = 300

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed-demo", employees=SIZE, seed=5, today=TODAY, stdout=out)
    return out.getvalue()


def _snapshot() -> tuple[object, ...]:
    return (
        sorted(AppraisalPeriod.objects.values_list("year", "kind", "status")),
        sorted(
            Appraisal.objects.values_list(
                "period__year", "employee__nip", "appraiser_id", "status", "predikat", "version"
            )
        ),
        sorted(PlannedResult.objects.values_list("appraisal_id", "order", "description")),
        sorted(BehaviourRating.objects.values_list("appraisal_id", "value", "rating")),
        sorted(UnitPredikat.objects.values_list("period__year", "org_unit_id", "predikat")),
    )


def test_seed_demo_loads_performance_data() -> None:
    text = _seed()
    assert "Kinerja: 3 periode penilaian" in text
    periods = {p.year: p for p in AppraisalPeriod.objects.all()}
    assert set(periods) == {2024, 2025, 2026}
    assert periods[2026].is_open
    assert not periods[2024].is_open and not periods[2025].is_open
    active = Employee.objects.filter(status=EmployeeStatus.AKTIF).count()
    for year in (2024, 2025):
        period = periods[year]
        finals = Appraisal.objects.filter(period=period)
        assert finals.count() == active
        assert set(finals.values_list("status", flat=True)) == {Appraisal.Status.FINAL}
        for hasil, perilaku, predikat in finals.values_list("hasil_kerja", "perilaku", "predikat"):
            assert rules.predikat(hasil, perilaku) == predikat
        units = dict(
            UnitPredikat.objects.filter(period=period).values_list("org_unit_id", "predikat")
        )
        opds = set(finals.exclude(opd=None).values_list("opd_id", flat=True))
        assert set(units) == opds
        assert list(units.values()).count(rules.UnitPredikat.BAIK) > len(units) // 2
        counts = units_distribution(period, list(units))
        for opd_id, unit_predikat in units.items():
            assert rules.check_curve(unit_predikat, counts[opd_id]) == [], opd_id
        total = rules.distribution(finals.values_list("predikat", flat=True))
        assert total[rules.Predikat.BAIK] > total[rules.Predikat.SANGAT_BAIK] > 0
        assert total[rules.Predikat.BUTUH_PERBAIKAN] + total[rules.Predikat.KURANG] > 0


def test_demo_supervisor_and_employee_in_the_open_period() -> None:
    _seed()
    period = AppraisalPeriod.objects.get(year=2026)
    atasan = User.objects.get(username="atasan")
    pegawai = User.objects.get(username="pegawai")
    team = list(appraisees_of(atasan, period))
    assert team
    states = {a.status for a in team}
    assert {Appraisal.Status.DRAFT, Appraisal.Status.SUBMITTED, Appraisal.Status.RATED} <= states
    for a in team:
        assert a.results.exists()
        if a.status == Appraisal.Status.RATED:
            values = dict(a.behaviours.values_list("value", "rating"))
            assert rules.perilaku_from_values(values) == a.perilaku
            assert rules.predikat(a.hasil_kerja, a.perilaku) == a.predikat
    own = Appraisal.objects.get(period=period, employee_id=pegawai.employee_id)
    assert own.status == Appraisal.Status.SUBMITTED
    assert own.results.count() == 3
    client = Client()
    assert client.login(username="atasan", password=DEMO_PASSWORD)
    page = client.get("/kinerja/tim/")
    assert page.status_code == 200
    assert team[0].employee.name in page.content.decode()


def test_rerun_changes_nothing() -> None:
    _seed()
    before = _snapshot()
    text = _seed()
    assert "Kinerja:" not in text
    assert _snapshot() == before
    assert demo.seed_performance(seed=5, today=TODAY).skipped


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 57, 400])
def test_planned_counts_keep_to_the_curve(n: int) -> None:
    rng = random.Random(n)
    for unit_predikat in (rules.UnitPredikat.BAIK, rules.UnitPredikat.ISTIMEWA):
        counts = demo.plan_counts(n, unit_predikat, rng)
        assert sum(counts.values()) == n
        assert min(counts.values()) >= 0
        assert rules.check_curve(unit_predikat, counts) == []
