"""In Debian's Chromium: BKPP opens the ABK dashboard (charts drawn, no CSP errors), drafts a
redistribution proposal and approves it; the registry changes once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.planning import services
from penata.planning.tests.factories import JobTaskFactory
from penata.workforce.models import Employee
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bkpp_drafts_and_approves_a_redistribution(page: Any) -> None:
    a = OrgUnitFactory(code="dinas-a", name="Dinas Arsip")
    b = OrgUnitFactory(code="dinas-b", name="Dinas Data")
    src = PositionFactory(name="Pengadministrasi Umum", org_unit=a, family="umum")
    dst = PositionFactory(name="Pengolah Data", org_unit=b, family="umum")
    JobTaskFactory(position=src, volume=Decimal("1000"), minutes=Decimal("75"))
    JobTaskFactory(position=dst, volume=Decimal("1000"), minutes=Decimal("75"))
    for _ in range(2):
        e = EmployeeFactory(org_unit=a, position=src)
        Employee.objects.filter(pk=e.pk).update(retirement_date=dt.date(2060, 1, 1))
    services.analysis_compute(actor=None)
    UserFactory(username="bkpp_abk", role=Role.BKPP, password=PASSWORD)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    browser_login(page, "bkpp_abk")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/perencanaan/")
    page.wait_for_selector("canvas[data-plan-chart='chart-need'][data-drawn]")
    assert "Dinas Arsip" in page.locator("[data-testid=planning-opd]").inner_text()
    page.goto(page.base_url + "/perencanaan/usulan/")
    page.fill("#title", "Penataan uji")
    page.click("text=Susun usulan (optimal)")
    page.wait_for_selector("[data-testid=task-progress]")
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)
    page.wait_for_selector("[data-testid=task-result]")
    page.click("[data-testid=task-result]")
    page.wait_for_selector("[data-testid=solver-stats]")
    assert "mengisi 1 tempat" in page.locator("[data-testid=solver-stats]").inner_text()
    page.click("text=Setujui dan terapkan")
    page.wait_for_selector("text=Usulan disetujui")
    assert Employee.objects.filter(position=dst).count() == 1
    assert not [e for e in errors if "Content Security Policy" in e]
