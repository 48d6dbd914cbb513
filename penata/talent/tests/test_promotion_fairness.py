"""Regular rank promotion per period (each blocking rule) and the adverse-impact ratio."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.talent import promotion, rules
from penata.talent.models import DisciplinarySanction
from penata.talent.tests.factories import final_appraisal, period
from penata.workforce.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    education_level,
    pns_rank,
)

DAY = dt.date(2026, 4, 1)


def test_adverse_impact_hand_computed() -> None:
    # 40/100 = 0.4 and 15/50 = 0.3: ratio 0.75 < 0.8 → warning; the top group's ratio is 1
    got = {g.group: g for g in rules.adverse_impact({"L": (40, 100), "P": (15, 50), "X": (0, 0)})}
    assert set(got) == {"L", "P"}
    assert got["L"].ratio == Decimal("1.000") and not got["L"].warning
    assert got["P"].rate == Decimal("0.300") and got["P"].ratio == Decimal("0.750")
    assert got["P"].warning
    ok = {g.group: g for g in rules.adverse_impact({"A": (10, 20), "B": (8, 20)})}
    assert ok["B"].ratio == Decimal("0.800") and not ok["B"].warning  # exactly 4/5 passes


def test_age_bands() -> None:
    assert [rules.age_band(a) for a in (29, 30, 39, 40, 49, 50)] == [
        "< 30",
        "30–39",
        "30–39",
        "40–49",
        "40–49",
        "≥ 50",
    ]


@pytest.mark.django_db
def test_regular_promotion_blocks_each_rule() -> None:
    unit = OrgUnitFactory(name="Dinas KP")

    def person(name: str, **kw: Any) -> Any:
        p2025 = kw.pop("p2025", "baik")
        kw.setdefault("rank", pns_rank("III/a"))
        kw.setdefault("rank_tmt", dt.date(2021, 4, 1))
        e = EmployeeFactory(org_unit=unit, name=name, **kw)
        final_appraisal(e, period(2025), p2025)
        final_appraisal(e, period(2024), "baik")
        return e

    ok = person("Layak")
    cases = {
        "years_in_rank": person("Baru", rank_tmt=dt.date(2022, 4, 2)),
        "predikat": person("Predikat", p2025="butuh_perbaikan"),
        "education_cap": person("Batas", rank=pns_rank("III/c"), education=education_level("d3")),
        "functional": person(
            "Fungsional", position=PositionFactory(org_unit=unit, kind="fungsional")
        ),
        "sanction": person("Sanksi"),
    }
    DisciplinarySanction.objects.create(
        employee=cases["sanction"],
        level="sedang",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    rows = {r.employee_id: r for r in promotion.regular_promotion(DAY)}
    assert rows[ok.pk].eligible and rows[ok.pk].next_rank == "III/b"
    for rule, e in cases.items():
        assert [b.rule for b in rows[e.pk].blocks] == [rule], rule
    c = Client()
    c.force_login(UserFactory(role=Role.BKPP))
    body = c.get(reverse("talent:regular_promotion"), {"year": 2026, "month": 4}).content.decode()
    assert "Layak" in body and 'data-testid="fairness"' in body
    blocked = c.get(
        reverse("talent:regular_promotion"), {"year": 2026, "month": 4, "show": "blocked"}
    ).content.decode()
    assert "Belum 4 tahun dalam pangkat." in blocked
    x = c.get(reverse("talent:regular_promotion_xlsx"), {"year": 2026, "month": 4})
    assert x.content[:2] == b"PK"
