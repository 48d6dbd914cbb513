"""In Debian's Chromium, signed out: the charts of the indicators and IKM pages draw under the
CSP (no inline script), and a complaint goes in and is found again by its tracking code."""

from __future__ import annotations

from typing import Any

import pytest

from penata.portal import services
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_charts_and_complaint_round_trip(page: Any) -> None:
    unit = OrgUnitFactory(name="Dinas Uji Peramban", code="dinas-uji-peramban")
    for _ in range(8):
        EmployeeFactory(org_unit=unit)
    for i in range(6):
        services.ikm_response_submit(
            org_unit_id=unit.pk,
            scores=dict.fromkeys([f"u{n}" for n in range(1, 10)], 3),
            ip=f"10.3.0.{i}",
        )
    page.goto(page.base_url + "/portal/indikator/")
    page.wait_for_selector("canvas[data-chart=chart-opd][data-drawn]")
    page.goto(page.base_url + "/portal/ikm/")
    page.wait_for_selector("canvas[data-chart=chart-ikm][data-drawn]")
    page.goto(page.base_url + "/portal/aduan/")
    page.select_option("select[name=unit]", str(unit.pk))
    page.fill("input[name=subject]", "Loket tutup lebih awal")
    page.fill(
        "textarea[name=body]", "Loket pelayanan tutup pukul 13.00 padahal jadwal sampai 15.00."
    )
    page.click("form[data-testid=complaint-form] button[type=submit]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    assert len(code) == 11 and code[5] == "-"
    page.goto(page.base_url + "/portal/aduan/lacak/")
    page.fill("input[name=kode]", code.lower().replace("-", " "))
    page.click("form[data-testid=track-form] button[type=submit]")
    assert page.inner_text("[data-testid=track-status]").strip() == "Diterima"
