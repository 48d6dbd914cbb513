"""Indicators computed from Penata's own data, built with the other apps' factories so the
expected values are exact; the registry takes a new source; manual indicators are entered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.policy import indicators, selectors, services
from penata.policy.models import Indicator

pytestmark = pytest.mark.django_db


def _ledger(employee: Any, jp: int, year: int, n: list[int] = [0]) -> None:  # noqa: B006
    from penata.learning.models import LedgerEntry
    from penata.learning.tests.factories import activity_type

    n[0] += 1
    LedgerEntry.objects.create(
        employee=employee,
        year=year,
        completed_on=dt.date(year, 5, 1),
        jp=jp,
        activity_type=activity_type("pelatihan"),
        source="practice",
        source_id=900_000 + n[0],
        title="Kegiatan",
    )


def test_share_of_asn_meeting_20_jp() -> None:
    from penata.workforce.models import EmployeeStatus
    from penata.workforce.tests.factories import EmployeeFactory

    a, b, c, d = (EmployeeFactory() for _ in range(4))
    EmployeeFactory(status=EmployeeStatus.PENSIUN)  # not active: not counted
    _ledger(a, 20, 2026)
    _ledger(b, 12, 2026)
    _ledger(b, 9, 2026)  # 21 in total
    _ledger(c, 19, 2026)
    _ledger(d, 30, 2025)  # another year
    assert indicators.compute("learning_20jp", 2026) == 50.0  # a and b of four
    assert indicators.compute("learning_20jp", 2025) == 25.0


def test_talent_pool_size() -> None:
    from penata.performance.models import AppraisalPeriod
    from penata.talent.models import TalentBox
    from penata.workforce.tests.factories import EmployeeFactory

    period = AppraisalPeriod.objects.create(
        year=2026, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    now = timezone.now()
    for box in (9, 8, 7, 7, 5, 1):
        TalentBox.objects.create(
            period=period,
            employee=EmployeeFactory(),
            predikat="baik",
            performance_level="high",
            potential_level="high",
            potential_score=Decimal("80"),
            box=box,
            computed_at=now,
        )
    assert indicators.compute("talent_pool", 2026) == 4.0
    assert indicators.compute("talent_pool", 2025) is None  # no map that year


def test_best_practices_curated_in_the_year() -> None:
    from penata.forum.tests.factories import make_practice

    author = UserFactory(role=Role.EMPLOYEE)
    when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    make_practice(submitted_by=author, status="curated", curated_at=when)
    make_practice(submitted_by=author, status="curated", curated_at=when)
    make_practice(submitted_by=author, status="curated", curated_at=when.replace(year=2025))
    make_practice(submitted_by=author, status="submitted")
    assert indicators.compute("forum_practices", 2026) == 2.0
    assert indicators.compute("forum_practices", 2025) == 1.0


def test_readiness_index_of_the_last_closed_wave() -> None:
    from penata.engagement.tests.factories import close, open_wave, respondents
    from penata.workforce.tests.factories import OrgUnitFactory

    low = {"awareness": 3, "desire": 3, "knowledge": 2, "ability": 1, "reinforcement": 2}
    cold, warm = OrgUnitFactory(), OrgUnitFactory()
    wave = open_wave()
    respondents(wave, cold, 5, low)
    respondents(wave, warm, 5, 5)
    wave = close(wave)
    # city means: 4, 4, 3.5, 3, 3.5 → 75, 75, 62.5, 50, 62.5 → index 65
    assert indicators.compute("engagement_readiness", wave.closes_on.year) == 65.0
    assert indicators.compute("engagement_readiness", 2001) is None


def test_share_of_training_funded_by_partners() -> None:
    from penata.funding.tests.factories import (
        YEAR,
        BudgetLineFactory,
        SponsorshipFactory,
        link_program,
    )
    from penata.learning.models import EnrolmentStatus
    from penata.learning.tests.factories import (
        EnrolmentFactory,
        TrainingProgramFactory,
        TrainingSessionFactory,
    )

    line = BudgetLineFactory(ceiling=50_000_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    session = TrainingSessionFactory(program=program, starts_on=dt.date(YEAR, 3, 2))
    for _i in range(3):
        EnrolmentFactory(session=session, status=EnrolmentStatus.COMPLETED)  # 3,000,000 realised
    SponsorshipFactory(realised_value=1_000_000)
    SponsorshipFactory(realised_value=5_000_000, is_cancelled=True)  # not counted
    assert indicators.compute("funding_partner_share", YEAR) == 25.0  # 1 / (3 + 1)
    assert indicators.compute("funding_partner_share", YEAR + 1) is None


def test_registry_takes_a_new_source_by_registering_a_function(
    users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indicators, "REGISTRY", dict(indicators.REGISTRY))
    indicators.register("uji_ikm", "Portal: IKM", unit="nilai")(lambda year: 88.5)
    ind = Indicator.objects.get(code="ikm")
    services.indicator_save(actor=users["policy_team"], indicator=ind, fields={"source": "uji_ikm"})
    services.indicator_year_set(
        actor=users["policy_team"], indicator=ind, year=2026, target=Decimal("85")
    )
    row = next(r for r in selectors.indicator_table(2026) if r.indicator.code == "ikm")
    assert (row.actual, row.computed, row.source_label, row.achieved) == (
        88.5,
        True,
        "Portal: IKM",
        True,
    )


def test_manual_indicator_entered_and_computed_one_refuses_hand_value(
    users: dict[str, Any],
) -> None:
    team = users["policy_team"]
    ikm = Indicator.objects.get(code="ikm")
    services.indicator_year_set(
        actor=team, indicator=ikm, year=2026, target=Decimal("80"), actual=Decimal("76.5")
    )
    row = next(r for r in selectors.indicator_table(2026) if r.indicator.code == "ikm")
    assert (row.actual, row.computed, row.percent, row.achieved) == (76.5, False, 95.6, False)
    assert AuditEvent.objects.filter(action="policy.indicator_year_set").count() == 1
    jp = Indicator.objects.get(code="asn-20jp")
    with pytest.raises(services.PolicyError) as exc:
        services.indicator_year_set(
            actor=team, indicator=jp, year=2026, target=Decimal("90"), actual=Decimal("50")
        )
    assert "dihitung dari data Penata" in exc.value.message
    with pytest.raises(services.PolicyError):
        services.indicator_year_set(
            actor=users["bkpp"], indicator=ikm, year=2026, target=Decimal("1")
        )


def test_default_registry_names_every_source() -> None:
    codes = dict(Indicator.objects.values_list("code", "source"))
    assert codes == {
        "asn-20jp": "learning_20jp",
        "talent-pool": "talent_pool",
        "praktik-baik": "forum_practices",
        "indeks-kesiapan": "engagement_readiness",
        "dana-mitra": "funding_partner_share",
        "ikm": "portal_ikm",
    }
    assert set(codes.values()) - {"manual"} <= set(indicators.REGISTRY)


# --- the IKM from the public portal -------------------------------------------------------------


def _ikm_answers(unit: Any, period: str, value: int, n: int) -> None:
    from penata.portal.models import IkmResponse

    IkmResponse.objects.bulk_create(
        IkmResponse(
            org_unit=unit, opd=unit, period=period, **{f"u{i}": value for i in range(1, 10)}
        )
        for _ in range(n)
    )


def test_ikm_is_computed_from_the_portal_survey() -> None:
    """The year's last period with data; units hidden for too few respondents left out. Every
    element 3 → mean 3.0 → 3.0 × 25 = 75.00; the S2 figure (all 4 → 100.00) replaces S1's."""
    from penata.workforce.tests.factories import OrgUnitFactory

    loket, kecil = OrgUnitFactory(), OrgUnitFactory()
    assert indicators.compute("portal_ikm", 2026) is None  # no survey yet: "belum ada data"
    _ikm_answers(loket, "2026-S1", 3, 6)
    _ikm_answers(kecil, "2026-S1", 1, 2)  # 2 < 5 respondents: hidden, not in the city figure
    assert indicators.compute("portal_ikm", 2026) == 75.0
    assert indicators.compute("portal_ikm", 2025) is None
    _ikm_answers(loket, "2026-S2", 4, 5)
    assert indicators.compute("portal_ikm", 2026) == 100.0
    _ikm_answers(kecil, "2025-S2", 2, 4)  # only a hidden unit that year: no city figure
    assert indicators.compute("portal_ikm", 2025) is None


def test_ikm_hand_value_only_for_years_without_portal_data(users: dict[str, Any]) -> None:
    from penata.workforce.tests.factories import OrgUnitFactory

    team = users["policy_team"]
    ikm = Indicator.objects.get(code="ikm")
    assert ikm.source == "portal_ikm"
    # before the portal: the paper survey's value is entered and shown as a hand value
    services.indicator_year_set(
        actor=team, indicator=ikm, year=2024, target=Decimal("78"), actual=Decimal("76.4")
    )
    row = next(r for r in selectors.indicator_table(2024) if r.indicator.code == "ikm")
    assert (row.actual, row.origin, row.computed) == (76.4, "manual", False)
    assert "Isian manual" in row.source_label
    # a year with portal data: computed, and a hand value is refused with the source named
    _ikm_answers(OrgUnitFactory(), "2026-S1", 3, 5)
    with pytest.raises(services.PolicyError) as exc:
        services.indicator_year_set(
            actor=team, indicator=ikm, year=2026, target=Decimal("80"), actual=Decimal("90")
        )
    assert "Portal publik: IKM kota" in exc.value.message
    services.indicator_year_set(actor=team, indicator=ikm, year=2026, target=Decimal("80"))
    row = next(r for r in selectors.indicator_table(2026) if r.indicator.code == "ikm")
    assert (row.actual, row.origin, row.computed, row.achieved) == (75.0, "computed", True, False)
    series = selectors.indicator_series(ikm)
    assert series["labels"] == ["2024", "2026"]
    assert series["actual"] == [76.4, 75.0] and series["origins"] == ["manual", "computed"]
    # once the portal has data for a year that had a hand value, the computed value wins
    _ikm_answers(OrgUnitFactory(), "2024-S2", 4, 5)
    row = next(r for r in selectors.indicator_table(2024) if r.indicator.code == "ikm")
    assert (row.actual, row.origin) == (100.0, "computed")


def test_migration_switches_a_hand_entered_ikm_to_the_portal() -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("penata.policy.migrations.0003_ikm_from_portal")
    Indicator.objects.filter(code="ikm").update(source="manual", source_note="lama")
    migration.forwards(apps, None)
    ikm = Indicator.objects.get(code="ikm")
    assert ikm.source == "portal_ikm" and "portal publik" in ikm.source_note
    migration.backwards(apps, None)
    assert Indicator.objects.get(code="ikm").source == "manual"
    # a team that already pointed the indicator elsewhere is left alone
    Indicator.objects.filter(code="ikm").update(source="talent_pool")
    migration.forwards(apps, None)
    assert Indicator.objects.get(code="ikm").source == "talent_pool"
