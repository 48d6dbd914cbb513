"""In Debian's Chromium, on a phone-sized screen: an employee writes and submits an SKP, the
supervisor rates it and sees the predikat live, then the curve panel counts it."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import browser_login
from penata.performance.models import Appraisal
from penata.performance.tests.conftest import build_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_full_rating(page: Any) -> None:
    org = build_org(n_staff=1)
    page.on("dialog", lambda d: d.accept())
    browser_login(page, org.u_staff[0].username)
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/kinerja/skp-saya/")
    page.click("[data-testid=start-skp]")
    page.fill("textarea[name=description]", "Laporan kepegawaian bulanan")
    page.fill("input[name=indicator]", "Jumlah laporan tepat waktu")
    page.fill("input[name=target]", "12 laporan")
    page.click("button[value=add_result]")
    page.wait_for_selector("[data-testid=result-row]")
    page.fill("input[name=realisation]", "12 laporan")
    page.click("button[value=realise]")
    page.wait_for_selector("text=Realisasi disimpan")
    page.click("[data-testid=submit-skp]")
    page.wait_for_selector("text=SKP diajukan")
    assert page.locator("[data-testid=status]").inner_text() == "Diajukan"

    page.context.clear_cookies()
    browser_login(page, org.u_kabid.username)
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/kinerja/tim/")
    page.click("[data-testid=rate-link]")
    page.select_option("select[name=hasil_kerja]", "di_atas")
    for select in page.locator("select[data-rating=perilaku]").all():
        select.select_option("di_atas")
    assert page.locator("[data-testid=live-perilaku]").inner_text() == "Di Atas Ekspektasi"
    assert page.locator("[data-testid=live-predikat]").inner_text() == "Sangat Baik"
    page.locator("select[data-rating=perilaku]").first.select_option("di_bawah")
    assert page.locator("[data-testid=live-predikat]").inner_text() == "Baik"
    page.click("[data-testid=save-rating]")
    page.wait_for_selector("text=predikat Baik")
    assert page.locator("[data-testid=count-baik]").first.inner_text() == "1"
    a = Appraisal.objects.get()
    assert (a.status, a.predikat, a.perilaku) == ("rated", "baik", "sesuai")

    # BKPP sees the OPD's distribution drawn as a chart, then sets the unit predikat and is told
    # which bound finalisation would break.
    page.context.clear_cookies()
    browser_login(page, org.u_bkpp.username)
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/kinerja/sebaran/")
    page.wait_for_selector("canvas[data-chart=chart-predikat][data-drawn='1']")
    page.select_option(f"#up-{org.dinas.pk}", "baik")
    page.click("button[value=unit_predikat]")
    page.wait_for_selector("text=Predikat unit")
    page.click(f"[data-testid=finalise-{org.dinas.pk}]")
    page.wait_for_selector("text=paling banyak 70% Baik")
    assert Appraisal.objects.get().status == "rated"
