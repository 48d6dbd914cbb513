"""In Debian's Chromium: the policy team's dashboard and the impact page draw their charts
(the ``page`` fixture fails on any CSP report or page error)."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.research.tests import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_and_impact_charts(page: Any) -> None:
    units = world.opds(2)
    emps = world.people(40, units, seed=4)
    world.rate(emps, 2024, lambda e: "baik")
    world.rate(emps, 2025, lambda e: "sangat_baik" if e.pk % 2 else "baik")
    world.train(emps[::2], world.program(), 2025)
    UserFactory(username="kebijakan_riset", role=Role.POLICY_TEAM, password=PASSWORD)
    browser_login(page, "kebijakan_riset")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/riset/dasbor/")
    page.wait_for_selector("canvas[data-research-chart='research-jp'][data-drawn='1']")
    page.wait_for_selector("canvas[data-research-chart='research-predikat'][data-drawn='1']")
    page.goto(page.base_url + "/riset/dampak-pelatihan/")
    page.wait_for_selector("[data-testid=impact-explanation]")
    assert "Literasi Data" in page.locator("[data-testid=impact-explanation]").inner_text()
