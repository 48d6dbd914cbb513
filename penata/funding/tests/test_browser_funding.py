"""In Debian's Chromium: BKPP creates a budget line, links a program, sees the chart; an
approval over the ceiling shows the Indonesian refusal (the ``page`` fixture fails on any CSP
report or page error)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.funding.models import BudgetLine
from penata.learning.tests.factories import TrainingProgramFactory, TrainingSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_budget_line_link_and_chart(page: Any) -> None:
    year = dt.date.today().year
    program = TrainingProgramFactory(title="Pelatihan Anggaran Uji", cost_per_participant=750_000)
    TrainingSessionFactory(program=program, starts_on=dt.date(year, 12, 1))
    UserFactory(username="bkpp_dana", role=Role.BKPP, password=PASSWORD)
    browser_login(page, "bkpp_dana")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/pendanaan/anggaran/baru/")
    page.fill("input[name=fiscal_year]", str(year))
    page.fill("input[name=program_code]", "5.03.02")
    page.fill("input[name=activity_code]", "5.03.02.2.02")
    page.fill("input[name=sub_activity_code]", "5.03.02.2.02.0099")
    page.fill("input[name=name]", "Pos uji peramban")
    page.fill("input[name=ceiling]", "Rp 2.000.000")
    page.click("[data-testid=funding-form] button[type=submit]")
    page.wait_for_selector("[data-testid=ceiling]")
    assert "2.000.000" in page.locator("[data-testid=ceiling]").inner_text().replace(",", ".")
    page.select_option("select[name=program]", label="Pelatihan Anggaran Uji")
    page.click("text=Tautkan program")
    page.wait_for_selector("text=Program ditautkan")
    assert BudgetLine.objects.get().program_links.count() == 1
    page.goto(page.base_url + f"/pendanaan/?tahun={year}")
    page.wait_for_selector("canvas[data-gap-chart][data-drawn='1']")
