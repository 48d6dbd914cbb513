"""The funding demo data of ``penata seed-demo`` (penata.funding.demo)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from penata.funding import budget, demo
from penata.funding.models import (
    AgreementDocument,
    AgreementReminder,
    BudgetLine,
    PartnerMember,
    ProgramBudget,
    Sponsorship,
)

TODAY = dt.date(2026, 6, 15)

pytestmark = pytest.mark.django_db


def test_seed_demo_writes_funding_once() -> None:
    out = io.StringIO()
    call_command("seed-demo", employees=300, seed=7, today=TODAY, stdout=out)
    assert "Pendanaan:" in out.getvalue()
    lines = list(BudgetLine.objects.all())
    assert {ln.fiscal_year for ln in lines} == {2025, 2026}
    assert all(not ln.full_clean() for ln in lines)  # codes valid
    assert ProgramBudget.objects.exists()
    positions = budget.positions(lines)
    # the ceilings hold what the demo enrolments already use, so approvals can be refused later
    assert all(p.available >= 0 for p in positions.values())
    assert any(p.used for p in positions.values())
    assert AgreementDocument.objects.count() >= 16
    assert AgreementReminder.objects.filter(days_before=30).exists()
    assert Sponsorship.objects.filter(kind="seats", program__isnull=False).exists()
    assert PartnerMember.objects.filter(user__username="mitra").exists()
    before = BudgetLine.objects.count()
    assert demo.seed_funding(seed=7, today=TODAY).skipped
    assert BudgetLine.objects.count() == before
