"""In Debian's Chromium on a phone viewport (390×844): an ASN sees the survey on the dashboard,
answers every item with thumb-sized buttons, and the answer is stored anonymously; then checks
in with the code from the event screen."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.engagement import services
from penata.engagement.models import AnsweredMarker, Attendance, SurveyResponse
from penata.engagement.tests.factories import event, open_wave
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_survey_and_check_in_on_a_phone(page: Any) -> None:
    dinas = OrgUnitFactory(name="Dinas Uji Peramban")
    emp = EmployeeFactory(name="Dewi Lestari", org_unit=dinas)
    UserFactory(username="asn_survei", role=Role.EMPLOYEE, employee=emp, password=PASSWORD)
    wave = open_wave([dinas])
    ev = event([dinas], title="Town hall uji")
    code = services.checkin_code_issue(actor=None, event=ev)

    browser_login(page, "asn_survei")
    page.wait_for_selector("text=Selamat datang")
    page.click("[data-testid=engagement-panel] >> text=Isi survei")
    page.wait_for_selector("[data-testid=survey-form]")
    assert page.viewport_size["width"] == 390
    items = list(wave.survey.items.values_list("pk", flat=True))
    # submitting with one item missing is stopped by the browser (required radios)
    for n, pk in enumerate(items):
        page.click(f"label[for=item-{pk}-{4 if n % 2 else 5}]")
    # the buttons fit the phone: no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click("text=Kirim jawaban")
    page.wait_for_selector("text=tersimpan tanpa nama")
    assert SurveyResponse.objects.filter(wave=wave).count() == 1
    assert AnsweredMarker.objects.filter(wave=wave, employee=emp).exists()
    resp = SurveyResponse.objects.get()
    assert resp.awareness is not None and 4 <= resp.awareness <= 5

    page.goto(page.base_url + f"/perubahan/hadir/?kode={code.code}")
    assert page.input_value("input[name=code]") == code.code
    page.click("text=Catat kehadiran saya")
    page.wait_for_selector("text=Town hall uji")
    assert Attendance.objects.filter(event=ev, employee=emp).exists()


def test_readiness_chart_and_check_in_screen_render_without_csp_errors(page: Any) -> None:
    from penata.engagement.tests.factories import close, respondents

    a = OrgUnitFactory(name="Dinas Grafik")
    wave = open_wave()
    respondents(wave, a, 5, 3)
    close(wave)
    ev = event([a], title="Sosialisasi layar")
    UserFactory(username="bkpp_perubahan", role=Role.BKPP, password=PASSWORD)
    browser_login(page, "bkpp_perubahan")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/perubahan/kesiapan/")
    page.wait_for_selector("canvas[data-engagement-chart]")
    page.wait_for_function("document.querySelector('canvas[data-engagement-chart]').width > 0")
    assert "Dinas Grafik" in page.inner_text("[data-testid=readiness-table]")
    page.goto(page.base_url + f"/perubahan/acara/{ev.pk}/layar/")
    page.wait_for_selector("[data-testid=checkin-qr]")
    assert page.evaluate("document.querySelector('[data-testid=checkin-qr]').naturalWidth > 0")
    assert len(page.inner_text("[data-testid=checkin-code]").strip()) == 6
