"""Promotion ranking: each eligibility rule, the merit score on a hand-computed case, the
committee's decision (audited), the report exports, access."""

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
from penata.learning.models import ActivityType, LedgerEntry
from penata.learning.tests.factories import AssessmentFactory, CompetencyStandardFactory
from penata.learning.tests.factories import competency as comp
from penata.talent import ranking, rules
from penata.talent.models import DisciplinarySanction, RankingCandidate, Vacancy
from penata.talent.services import TalentError
from penata.talent.tests.factories import final_appraisal, period, potential
from penata.workforce.models import PositionHistory
from penata.workforce.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    education_level,
    pns_rank,
)

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 1)


def _person(
    unit: Any, name: str, *, p2025: str = "sangat_baik", p2024: str = "baik", **kw: Any
) -> Any:
    kw.setdefault("rank_tmt", dt.date(2020, 1, 1))
    kw.setdefault("retirement_date", dt.date(2045, 1, 1))
    e = EmployeeFactory(org_unit=unit, name=name, **kw)
    final_appraisal(e, period(2025), p2025)
    final_appraisal(e, period(2024), p2024)
    return e


@pytest.fixture
def world() -> dict[str, Any]:
    unit = OrgUnitFactory(name="Dinas Uji")
    target = PositionFactory(org_unit=unit, name="Kepala Seksi Data", kind="pelaksana")
    lit = comp("literasi_digital")
    other = comp("integritas") if _exists("integritas") else CompetencyStandardFactory().competency
    CompetencyStandardFactory(position=target, competency=lit, level=4)
    CompetencyStandardFactory(position=target, competency=other, level=2)
    a = _person(unit, "Ayu Terbaik")
    potential(a, 80)
    AssessmentFactory(employee=a, competency=lit, level=2, assessed_on=dt.date(2025, 5, 1))
    AssessmentFactory(employee=a, competency=other, level=3, assessed_on=dt.date(2025, 5, 1))
    at = ActivityType.objects.filter(max_jp_per_year__isnull=True).order_by("pk").first()
    assert at is not None
    for i, (year, jp) in enumerate(((2025, 30), (2024, 10), (2023, 50))):
        LedgerEntry.objects.create(
            employee=a,
            year=year,
            completed_on=dt.date(year, 6, 1),
            jp=jp,
            activity_type=at,
            source="practice",
            source_id=9000 + i,
            title="Uji",
        )
    PositionHistory.objects.create(
        employee=a, position=a.position, org_unit=unit, tmt=dt.date(2021, 3, 1)
    )
    people = {
        "a": a,
        "predikat": _person(unit, "Budi Predikat", p2024="butuh_perbaikan"),
        "sanction": _person(unit, "Citra Sanksi"),
        "rank": _person(unit, "Dodi Pangkat", rank=pns_rank("II/d")),
        "retire": _person(unit, "Eka Pensiun", retirement_date=dt.date(2026, 9, 1)),
        "years": _person(unit, "Fajar Baru", rank_tmt=dt.date(2025, 6, 1)),
        "education": _person(unit, "Gita SMA", education=education_level("slta")),
        "second": _person(unit, "Hana Kedua", p2025="baik"),
    }
    DisciplinarySanction.objects.create(
        employee=people["sanction"],
        level="ringan",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    bkpp = UserFactory(role=Role.BKPP)
    v = ranking.vacancy_create(
        actor=bkpp,
        position=target,
        title="Kepala Seksi Data 2026",
        as_of=AS_OF,
        min_rank=pns_rank("III/a"),
        min_education=education_level("s1"),
    )
    return {"v": v, "bkpp": bkpp, "people": people, "target": target}


def _exists(code: str) -> bool:
    from penata.learning.models import Competency

    return Competency.objects.filter(code=code).exists()


def test_each_rule_excludes_with_its_reason(world: dict[str, Any]) -> None:
    summary = ranking.vacancy_rank(actor=world["bkpp"], vacancy=world["v"])
    p = world["people"]
    cands = {c.employee_id: c for c in RankingCandidate.objects.filter(vacancy=world["v"])}
    assert summary["candidates"] == len(cands)
    expect = {
        "predikat": "predikat",
        "sanction": "sanction",
        "rank": "min_rank",
        "retire": "retirement",
        "years": "years_in_rank",
        "education": "min_education",
    }
    for key, rule in expect.items():
        c = cands[p[key].pk]
        assert not c.eligible and [e["rule"] for e in c.exclusions] == [rule], key
        assert c.rank is None and c.exclusions[0]["message"]
    assert cands[p["a"].pk].eligible and cands[p["second"].pk].eligible


def test_merit_hand_computed_and_order(world: dict[str, Any]) -> None:
    ranking.vacancy_rank(actor=world["bkpp"], vacancy=world["v"])
    a = RankingCandidate.objects.get(vacancy=world["v"], employee=world["people"]["a"])
    # performance: (100 + 80) / 2 = 90; potential 80; competency: (2/4 + min(3/2, 1)) / 2 = 75;
    # training: 30 + 10 JP of 2025 and 2024 against 2 × 20 = 100; experience: 5 years of 10 = 50
    assert (a.performance, a.potential, a.competency, a.training, a.experience) == (
        Decimal("90.00"),
        Decimal("80.00"),
        Decimal("75.00"),
        Decimal("100.00"),
        Decimal("50.00"),
    )
    # 0.30 × 90 + 0.25 × 80 + 0.25 × 75 + 0.10 × 100 + 0.10 × 50 = 80.75
    assert a.merit == Decimal("80.75") and a.rank == 1
    second = RankingCandidate.objects.get(vacancy=world["v"], employee=world["people"]["second"])
    assert second.rank == 2 and second.merit < a.merit
    world["v"].refresh_from_db()
    assert world["v"].used["weights"]["performance"] == "30.00"
    ev = AuditEvent.objects.get(action="vacancy.rank")
    assert ev.after["top"][0]["merit"] == "80.75"


def test_weights_must_sum_to_100(world: dict[str, Any]) -> None:
    with pytest.raises(TalentError) as exc:
        ranking.vacancy_create(
            actor=world["bkpp"],
            position=world["target"],
            title="x",
            as_of=AS_OF,
            w_performance=Decimal(50),
        )
    assert "100" in exc.value.message


def test_committee_decides_with_reasons_audited(world: dict[str, Any]) -> None:
    v = world["v"]
    committee = UserFactory(role=Role.TALENT_COMMITTEE)
    with pytest.raises(TalentError):
        ranking.committee_decide(actor=committee, vacancy=v, employee_id=1, reasons="terlalu awal")
    ranking.vacancy_rank(actor=world["bkpp"], vacancy=v)
    with pytest.raises(TalentError) as exc:
        ranking.committee_decide(
            actor=committee,
            vacancy=v,
            employee_id=world["people"]["sanction"].pk,
            reasons="Alasan yang cukup panjang",
        )
    assert exc.value.code == "not_eligible"
    c = Client()
    c.force_login(committee)
    resp = c.post(
        reverse("talent:vacancy_decide", args=[v.pk]),
        {"employee": world["people"]["second"].pk, "reasons": "Pengalaman lapangan lebih relevan."},
    )
    assert resp.status_code == 302
    v.refresh_from_db()
    assert v.status == Vacancy.Status.DECIDED
    ev = AuditEvent.objects.get(action="vacancy.decide")
    assert ev.after["rank"] == 2 and ev.after["first_ranked"] == world["people"]["a"].pk
    assert ev.actor_id == committee.pk
    with pytest.raises(TalentError):
        ranking.vacancy_rank(actor=world["bkpp"], vacancy=v)


def test_pages_exports_and_breakdown(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    ranking.vacancy_rank(actor=world["bkpp"], vacancy=world["v"])
    c = Client()
    c.force_login(UserFactory(role=Role.TALENT_COMMITTEE))
    with django_assert_max_num_queries(20):
        body = c.get(reverse("talent:vacancy_detail", args=[world["v"].pk])).content.decode()
    assert body.count('data-testid="candidate"') == 2
    assert "Sedang menjalani hukuman disiplin." in body
    bd = c.get(
        reverse("talent:candidate_detail", args=[world["v"].pk, world["people"]["a"].pk])
    ).content.decode()
    assert "80.75" in bd or "80,75" in bd
    x = c.get(reverse("talent:vacancy_xlsx", args=[world["v"].pk]))
    assert x.status_code == 200 and x.content[:2] == b"PK"
    pdf = c.get(reverse("talent:vacancy_pdf", args=[world["v"].pk]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    api = c.get(f"/api/v1/talent/vacancies/{world['v'].pk}/ranking", {"eligible": True}).json()
    assert [i["rank"] for i in api["items"]] == [1, 2]
    op = Client()
    op.force_login(UserFactory(role=Role.OPD_OPERATOR))
    assert op.get(reverse("talent:vacancy_detail", args=[world["v"].pk])).status_code == 403


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        ({"rank_order": 1}, "min_rank"),
        ({"education_order": 1}, "min_education"),
        ({"predikat_by_year": {2025: "baik"}}, "predikat"),
        ({"predikat_by_year": {2025: "baik", 2024: "kurang"}}, "predikat"),
        ({"has_active_sanction": True}, "sanction"),
        ({"years_in_rank": Decimal("1.9")}, "years_in_rank"),
        ({"months_to_retirement": 11}, "retirement"),
    ],
)
def test_pure_eligibility_rule(facts: dict[str, Any], rule: str) -> None:
    base = {
        "rank_order": 9,
        "education_order": 8,
        "predikat_by_year": {2025: "sangat_baik", 2024: "baik"},
        "has_active_sanction": False,
        "years_in_rank": Decimal(4),
        "months_to_retirement": 100,
    }
    r = rules.EligibilityRules(
        min_rank_order=9,
        min_education_order=8,
        min_predikat="baik",
        predikat_years=(2025, 2024),
        no_active_sanction=True,
        min_years_in_rank=Decimal(2),
        retire_within_months=12,
    )
    assert rules.eligibility(rules.CandidateFacts(**base), r) == []
    got = rules.eligibility(rules.CandidateFacts(**{**base, **facts}), r)
    assert [e.rule for e in got] == [rule]
