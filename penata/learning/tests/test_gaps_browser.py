"""In Debian's Chromium: the radar chart on the employee page and the heat map draw without
breaking the CSP (the ``page`` fixture fails on any CSP report or page error)."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.learning.tests.factories import (
    AssessmentFactory,
    CompetencyStandardFactory,
    competency,
)
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_radar_and_heat_map_draw(page: Any) -> None:
    emp = EmployeeFactory()
    for code, level in (("literasi_digital", 3), ("analisis_data", 4), ("integritas", 3)):
        CompetencyStandardFactory(position=emp.position, competency=competency(code), level=level)
    AssessmentFactory(employee=emp, competency=competency("analisis_data"), level=2)
    UserFactory(username="asn_radar", role=Role.EMPLOYEE, employee=emp, password=PASSWORD)
    UserFactory(username="bkpp_radar", role=Role.BKPP, password=PASSWORD)

    browser_login(page, "asn_radar")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + f"/pegawai/{emp.pk}/")
    page.wait_for_selector("[data-testid=competency-radar] canvas[data-drawn='1']")
    assert "Analisis Data" in page.locator("[data-testid=competency-gaps]").inner_text()

    page.context.clear_cookies()
    browser_login(page, "bkpp_radar")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/kompetensi/kesenjangan/")
    page.wait_for_selector("[data-testid=gap-heatmap]")
    page.wait_for_selector("canvas[data-gap-chart][data-drawn='1']")
