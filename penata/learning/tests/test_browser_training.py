"""In Debian's Chromium: an employee registers for a session in the catalogue, BKPP approves
it on the session page, marks attendance through HTMX, and the employee sees the approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.learning.models import Enrolment, EnrolmentStatus
from penata.learning.tests.factories import TrainingProgramFactory, TrainingSessionFactory
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employee_registers_and_bkpp_approves(page: Any) -> None:
    emp = EmployeeFactory(name="Dewi Lestari")
    program = TrainingProgramFactory(title="Literasi Digital untuk Pelayanan", jp=16)
    start = dt.date.today() - dt.timedelta(days=1)
    session = TrainingSessionFactory(
        program=program,
        code="lit-dig-1",
        capacity=2,
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
    )
    UserFactory(username="asn_pelatihan", role=Role.EMPLOYEE, employee=emp, password=PASSWORD)
    UserFactory(username="bkpp_pelatihan", role=Role.BKPP, password=PASSWORD)

    browser_login(page, "asn_pelatihan")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/kompetensi/pelatihan/")
    card = page.locator("[data-testid=catalogue-item][data-code=lit-dig-1]")
    assert "Literasi Digital untuk Pelayanan" in card.inner_text()
    assert "sisa 2 dari 2 kursi" in card.inner_text()
    card.locator("[data-testid=register]").click()
    page.wait_for_selector("text=menunggu persetujuan BKPP")
    status = page.locator(
        "[data-testid=catalogue-item][data-code=lit-dig-1] [data-testid=my-status]"
    )
    assert status.inner_text() == "Mendaftar sendiri"
    enrolment = Enrolment.objects.get(employee=emp, session=session)
    assert enrolment.status == EnrolmentStatus.REGISTERED

    page.context.clear_cookies()
    browser_login(page, "bkpp_pelatihan")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + f"/kompetensi/pelatihan/angkatan/{session.pk}/")
    row = page.locator("[data-testid=enrolments-registered] [data-testid=enrolment-row]")
    assert "Dewi Lestari" in row.inner_text()
    row.locator("[data-testid=approve]").click()
    page.wait_for_selector("text=Dewi Lestari disetujui.")
    assert "1 dari 2 kursi terisi" in page.locator("[data-testid=seats]").inner_text()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED

    # attendance through HTMX: the row is swapped in place and the participant is attended
    grid_row = page.locator(f"#attendance-{enrolment.pk}")
    grid_row.locator("button").first.click()
    page.wait_for_selector(f"#attendance-{enrolment.pk} .btn-success")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ATTENDED

    page.context.clear_cookies()
    browser_login(page, "asn_pelatihan")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + "/kompetensi/pelatihan/saya/")
    assert "Hadir" in page.locator("[data-testid=my-enrolments]").inner_text()
