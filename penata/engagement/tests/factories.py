"""Factories and builders for change-management tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.engagement import services
from penata.engagement.models import Event, SurveyWave, WaveStatus
from penata.workforce.models import Employee, OrgUnit
from penata.workforce.tests.factories import EmployeeFactory


def asn_user(employee: Employee, role: str = Role.EMPLOYEE, **kw: Any) -> Any:
    return UserFactory(role=role, employee=employee, **kw)


def manager() -> Any:
    return UserFactory(role=Role.BKPP)


def event(units: list[OrgUnit] | None = None, **kw: Any) -> Event:
    now = timezone.now()
    return services.event_create(
        actor=None,
        title=kw.pop("title", "Sosialisasi penataan ASN"),
        kind=kw.pop("kind", "sosialisasi"),
        mode=kw.pop("mode", "onsite"),
        location=kw.pop("location", "Balai Kota"),
        starts_at=kw.pop("starts_at", now - dt.timedelta(minutes=30)),
        ends_at=kw.pop("ends_at", now + dt.timedelta(hours=2)),
        target_unit_ids=[u.pk for u in units or []],
    )


def open_wave(units: list[OrgUnit] | None = None) -> SurveyWave:
    survey = services.survey_create(actor=None, title="Kesiapan penataan ASN")
    today = timezone.localdate()
    wave = services.wave_create(
        actor=None,
        survey=survey,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=7),
        target_unit_ids=[u.pk for u in units or []],
    )
    return services.wave_advance(actor=None, wave=wave)


def answer_all(wave: SurveyWave, user: Any, value: int | dict[str, int]) -> None:
    """Answer every item: one value, or a value per dimension."""
    items = list(wave.survey.items.values_list("pk", "dimension"))
    answers = {pk: (value if isinstance(value, int) else value[dim]) for pk, dim in items}
    services.response_submit(user=user, wave=wave, answers=answers)


def respondents(wave: SurveyWave, unit: OrgUnit, n: int, value: int | dict[str, int]) -> None:
    for _i in range(n):
        answer_all(wave, asn_user(EmployeeFactory(org_unit=unit)), value)


def close(wave: SurveyWave) -> SurveyWave:
    wave.refresh_from_db()
    assert wave.status == WaveStatus.OPEN
    return services.wave_advance(actor=None, wave=wave)
