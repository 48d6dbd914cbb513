"""An OPD with a head, a bidang with a head and two staff, and users for each (role fixtures)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from penata.conftest import PASSWORD
from penata.core.models import User
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.performance import services
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.workforce.models import Employee, OrgUnit, PositionKind
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory


@dataclass
class Org:
    dinas: OrgUnit
    bidang: OrgUnit
    kadis: Employee
    kabid: Employee
    staff: list[Employee]
    u_kadis: User
    u_kabid: User
    u_staff: list[User]
    u_bkpp: User
    period: AppraisalPeriod


def build_org(n_staff: int = 2) -> Org:
    dinas = OrgUnitFactory(name="Dinas Uji Kinerja")
    bidang = OrgUnitFactory(parent=dinas, name="Bidang Uji Kinerja")
    kadis = EmployeeFactory(
        org_unit=dinas, position=PositionFactory(org_unit=dinas, kind=PositionKind.JPT_PRATAMA)
    )
    kabid = EmployeeFactory(
        org_unit=bidang, position=PositionFactory(org_unit=bidang, kind=PositionKind.ADMINISTRATOR)
    )
    staff = [EmployeeFactory(org_unit=bidang) for _ in range(n_staff)]
    u_kadis = UserFactory(role=Role.SUPERVISOR, employee=kadis, password=PASSWORD)
    u_kabid = UserFactory(role=Role.SUPERVISOR, employee=kabid, password=PASSWORD)
    u_staff = [UserFactory(role=Role.EMPLOYEE, employee=e, password=PASSWORD) for e in staff]
    u_bkpp = UserFactory(role=Role.BKPP, password=PASSWORD)
    period = services.period_create(actor=u_bkpp, year=2026)
    return Org(dinas, bidang, kadis, kabid, staff, u_kadis, u_kabid, u_staff, u_bkpp, period)


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


def submitted(org: Org, i: int = 0) -> Appraisal:
    """Staff member ``i``'s SKP with one planned result, submitted."""
    user, emp = org.u_staff[i], org.staff[i]
    appraisal = services.appraisal_start(actor=user, period=org.period, employee=emp)
    services.planned_result_add(
        actor=user, appraisal=appraisal, description="Laporan", indicator="Jumlah", target="12"
    )
    return services.appraisal_submit(actor=user, appraisal=appraisal)


ALL_ATAS: dict[str, Any] = {
    v: "di_atas"
    for v in (
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    )
}
ALL_SESUAI = dict.fromkeys(ALL_ATAS, "sesuai")
