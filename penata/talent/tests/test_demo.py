"""The talent demo data of ``penata seed-demo``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from penata.talent import demo
from penata.talent.models import PotentialScore, TalentBox
from penata.workforce.models import Employee, EmployeeStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def test_seed_demo_maps_closed_periods_and_is_idempotent() -> None:
    out = io.StringIO()
    call_command("seed-demo", employees=300, seed=7, today=TODAY, stdout=out)
    assert "Talenta:" in out.getvalue()
    active = Employee.objects.filter(status=EmployeeStatus.AKTIF).count()
    assert PotentialScore.objects.filter(is_current=True).count() == active
    years = set(TalentBox.objects.values_list("period__year", flat=True))
    assert years == {2024, 2025}
    assert set(TalentBox.objects.values_list("box", flat=True)) >= {5, 8, 9}
    before = PotentialScore.objects.count()
    again = demo.seed_talent(seed=7, today=TODAY)
    assert again.skipped and PotentialScore.objects.count() == before
    from penata.talent.models import RankingCandidate, SuccessionCandidate, Vacancy

    assert Vacancy.objects.count() == 1 and RankingCandidate.objects.exists()
    assert SuccessionCandidate.objects.exists()
    from penata.talent import selection
    from penata.talent.models import OpenSelection

    assert set(OpenSelection.objects.values_list("status", flat=True)) == {"published", "open"}
    published = selection.public_results()
    assert len(published) == 1 and len(published[0]["top3"]) == 3
    assert OpenSelection.objects.get(status="open").applicants.exists()
