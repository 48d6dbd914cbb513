"""Succession for key positions: candidates from the pool meeting rank and education,
readiness by competency match, coverage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.learning.tests.factories import AssessmentFactory, CompetencyStandardFactory
from penata.learning.tests.factories import competency as comp
from penata.talent import rules, services, succession
from penata.talent.models import KeyPositionRequirement, SuccessionCandidate
from penata.talent.tests.factories import final_appraisal, period, potential
from penata.workforce.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    education_level,
    pns_rank,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("match", "rank_ok", "expected"),
    [
        ("100", True, rules.Readiness.READY_NOW),
        ("100", False, rules.Readiness.ONE_TWO_YEARS),
        ("99.99", True, rules.Readiness.ONE_TWO_YEARS),
        ("75", True, rules.Readiness.ONE_TWO_YEARS),
        ("74.99", True, rules.Readiness.THREE_PLUS),
    ],
)
def test_readiness(match: str, rank_ok: bool, expected: rules.Readiness) -> None:
    got = rules.readiness(
        Decimal(match), rank_ok=rank_ok, ready_now_match=Decimal(100), soon_match=Decimal(75)
    )
    assert got == expected


def test_coverage() -> None:
    assert rules.coverage([2, 0, 3, 1]) == Decimal("50.00")
    assert rules.coverage([]) == Decimal(0)


def test_succession_compute(django_assert_max_num_queries: Any) -> None:
    unit = OrgUnitFactory(name="Dinas Kunci")
    key = PositionFactory(org_unit=unit, name="Kepala Bidang Data", kind="administrator")
    PositionFactory(org_unit=unit, name="Analis", kind="pelaksana")  # not key
    lit = comp("literasi_digital")
    CompetencyStandardFactory(position=key, competency=lit, level=4)
    KeyPositionRequirement.objects.create(
        position=key, min_rank=pns_rank("III/c"), min_education=education_level("s1")
    )
    per = period(2025)

    def person(name: str, level: int, rank: str = "III/d", pot: float = 90, **kw: Any) -> Any:
        e = EmployeeFactory(org_unit=unit, name=name, rank=pns_rank(rank), **kw)
        final_appraisal(e, per, "sangat_baik")
        potential(e, pot)
        AssessmentFactory(employee=e, competency=lit, level=level, assessed_on=dt.date(2025, 1, 1))
        return e

    ready1 = person("Siap Satu", 4)
    ready2 = person("Siap Dua", 5)
    soon = person("Hampir", 3)  # 75 %
    later = person("Nanti", 2)  # 50 %
    low_rank = person("Pangkat Rendah", 4, rank="III/a")  # rank not met → 1–2 years
    person("Bukan Pool", 4, pot=50)  # box 4: not in the pool
    person("SMA", 4, education=education_level("slta"))  # education not met
    services.talent_map_compute(period_id=per.pk)
    with django_assert_max_num_queries(30):
        summary = succession.succession_compute(actor=None, period_id=per.pk)
    got = {
        c.employee_id: c.readiness
        for c in SuccessionCandidate.objects.filter(period=per, position=key)
    }
    assert got == {
        ready1.pk: "ready_now",
        ready2.pk: "ready_now",
        soon.pk: "one_two_years",
        low_rank.pk: "one_two_years",
        later.pk: "three_plus",
    }
    row = next(r for r in summary["rows"] if r["position"].pk == key.pk)
    assert row["ready_now"] == 2 and row["covered"]
    assert AuditEvent.objects.filter(action="succession.compute").exists()

    c = Client()
    c.force_login(UserFactory(role=Role.TALENT_COMMITTEE))
    body = c.get(reverse("talent:succession"), {"period": per.pk}).content.decode()
    assert "Kepala Bidang Data" in body and 'data-testid="coverage"' in body
    body = c.get(reverse("talent:succession_position", args=[key.pk]), {"period": per.pk})
    assert body.content.decode().count('data-testid="successor"') == 5
    api = c.get(f"/api/v1/talent/periods/{per.pk}/succession").json()
    assert any(r["position_id"] == key.pk and r["ready_now"] == 2 for r in api["rows"])
    emp = Client()
    emp.force_login(UserFactory(role=Role.EMPLOYEE, employee=ready1))
    assert emp.get(reverse("talent:succession")).status_code == 403
