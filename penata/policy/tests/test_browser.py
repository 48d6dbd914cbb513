"""The indicator chart and the public consultation page in Chromium: drawn, no CSP errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from penata.conftest import browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.policy import services
from penata.policy.models import Indicator
from penata.policy.tests.factories import consultation


@pytest.mark.django_db(transaction=True)
def test_indicator_chart_and_public_page_render(page: Any) -> None:
    team = UserFactory(username="tim", role=Role.POLICY_TEAM, password="uji-kata-sandi-2026")
    ikm = Indicator.objects.get(code="ikm")
    services.indicator_year_set(
        actor=team, indicator=ikm, year=2025, target=Decimal(80), actual=Decimal(78)
    )
    c = consultation(team)
    page.goto(page.base_url + f"/kebijakan/konsultasi/{c.slug}/")
    assert page.locator("section#pelaksanaan").count() == 1
    assert page.locator("input[name=website]").is_hidden()
    browser_login(page, "tim")
    page.goto(page.base_url + f"/kebijakan/indikator/{ikm.pk}/")
    page.wait_for_selector("canvas[data-chart][data-drawn]")
