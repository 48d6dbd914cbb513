"""In Debian's Chromium: the talent committee opens the 9-box, reads the counts per box, follows
a box to its people and filters by OPD; an employee sees only their own box."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.talent import services
from penata.talent.tests.factories import final_appraisal, period, potential
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_reads_nine_box_and_opens_a_box(page: Any) -> None:
    a = OrgUnitFactory(name="Dinas Arsip")
    b = OrgUnitFactory(name="Dinas Budaya")
    per = period(2025)
    star = EmployeeFactory(org_unit=a, name="Sekar Bintang")
    final_appraisal(star, per, "sangat_baik")
    potential(star, 92)
    for i in range(3):
        e = EmployeeFactory(org_unit=b, name=f"Inti {i}")
        final_appraisal(e, per, "baik")
        potential(e, 75)
    services.talent_map_compute(period_id=per.pk)
    UserFactory(username="tim_talenta", role=Role.TALENT_COMMITTEE, password=PASSWORD)
    UserFactory(username="asn_bintang", role=Role.EMPLOYEE, employee=star, password=PASSWORD)

    browser_login(page, "tim_talenta")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/talenta/")
    grid = page.locator("[data-testid=nine-box]")
    assert grid.locator("td[data-box='9'] [data-testid=box-count]").inner_text() == "1"
    assert grid.locator("td[data-box='5'] [data-testid=box-count]").inner_text() == "3"
    assert grid.locator("td[data-box='1'] [data-testid=box-count]").inner_text() == "0"
    # the grid is 3 × 3, potential high on top, performance high on the right
    assert page.locator("[data-testid=nine-box] tr").count() == 3
    assert grid.locator("tr").first.locator("td").last.get_attribute("data-box") == "9"
    grid.locator("td[data-box='9'] [data-testid=box-count]").click()
    page.wait_for_selector("[data-testid=box-people]")
    rows = page.locator("[data-testid=box-person]")
    assert rows.count() == 1 and "Sekar Bintang" in rows.first.inner_text()
    page.goto(page.base_url + "/talenta/")
    page.select_option("#f-opd", label="Dinas Budaya")
    page.locator("[data-testid=talent-filters] button").click()
    page.wait_for_selector("text=3 pegawai dipetakan")
    assert grid.locator("td[data-box='9'] [data-testid=box-count]").inner_text() == "0"

    page.context.clear_cookies()
    browser_login(page, "asn_bintang")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/talenta/saya/")
    row = page.locator("[data-testid=history-row]")
    assert row.count() == 1 and "9" in row.inner_text()
    resp = page.goto(page.base_url + "/talenta/")
    assert resp is not None and resp.status == 403
