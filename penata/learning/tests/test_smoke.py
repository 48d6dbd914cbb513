from __future__ import annotations

import datetime as dt

import pytest

from penata.learning import selectors, services
from penata.learning.models import Assessment, LedgerEntry
from penata.learning.tests.factories import (
    AssessmentFactory,
    CompetencyStandardFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
    competency,
)
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_enrolment_to_ledger_and_level(users) -> None:  # type: ignore[no-untyped-def]
    emp = EmployeeFactory()
    comp = competency("literasi_digital")
    CompetencyStandardFactory(position=emp.position, competency=comp, level=4)
    AssessmentFactory(employee=emp, competency=comp, level=2)
    program = TrainingProgramFactory(jp=12, competencies={"literasi_digital": 3})
    session = TrainingSessionFactory(
        program=program, starts_on=dt.date(2025, 12, 30), ends_on=dt.date(2026, 1, 2)
    )
    bkpp = users["bkpp"]
    e = services.enrolment_nominate(actor=bkpp, session=session, employee=emp)
    e = services.enrolment_approve(actor=bkpp, enrolment=e)
    services.attendance_record(actor=bkpp, enrolment=e, day=dt.date(2025, 12, 30))
    e.refresh_from_db()
    e = services.enrolment_complete(
        actor=bkpp, enrolment=e, score=88, post_test=90, completed_on=dt.date(2026, 1, 2)
    )
    assert e.certificate_code and e.status == "completed"
    assert LedgerEntry.objects.get().year == 2026
    assert selectors.jp_counted(2026) == {emp.pk: 12}
    assert selectors.jp_counted(2025) == {}
    assert Assessment.objects.filter(source="training", level=3).count() == 1
    gaps = selectors.employee_gaps(type(emp).objects.all(), dt.date(2026, 1, 3))
    assert gaps[emp.pk][comp.pk] == (4, 3, 1)
