"""Bulk-built workforces for the research tests: employees with full personal data, annual
appraisals, completed training and JP ledger lines, made without per-row services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

from penata.learning.models import Enrolment, LedgerEntry, TrainingProgram
from penata.learning.tests.factories import TrainingProgramFactory, TrainingSessionFactory
from penata.learning.tests.factories import activity_type as make_activity_type
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.workforce.models import Employee, EmployeeStatus, OrgUnit
from penata.workforce.tests.factories import OrgUnitFactory, PositionFactory, pns_rank

FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Wulan", "Eko", "Ratna", "Joko", "Ani"]
LAST = ["Santoso", "Lestari", "Wibowo", "Rahayu", "Saputra", "Kusuma", "Hidayat"]
RANKS = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]


def opds(n: int) -> list[OrgUnit]:
    return [OrgUnitFactory(name=f"Dinas Riset Uji {i}") for i in range(n)]


def people(
    n: int,
    units: Sequence[OrgUnit],
    *,
    seed: int = 1,
    attrs: Callable[[int, random.Random], dict[str, Any]] | None = None,
) -> list[Employee]:
    """``n`` active employees spread over ``units`` with names, NIP, NIK, e-mail, phone."""
    rng = random.Random(seed)
    ranks = {c: pns_rank(c) for c in RANKS}
    pos = {u.pk: PositionFactory(org_unit=u) for u in units}
    base = Employee.objects.count()
    rows = []
    for i in range(n):
        j = base + i
        unit = units[rng.randrange(len(units))]
        birth = dt.date(1966 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28))
        data: dict[str, Any] = {
            "org_unit": unit,
            "birth_date": birth,
            "rank": ranks[rng.choice(RANKS)],
            "gender": rng.choice("LP"),
        }
        if attrs:
            data.update(attrs(i, rng))
            if "rank_code" in data:
                data["rank"] = ranks[data.pop("rank_code")]
        unit = data["org_unit"]
        rows.append(
            Employee(
                nip=f"{data['birth_date']:%Y%m%d}{j:010d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {j}",
                gender=data["gender"],
                birth_place="Semarang",
                birth_date=data["birth_date"],
                employment_type="pns",
                rank=data["rank"],
                org_unit=unit,
                position=pos.get(unit.pk) or PositionFactory(org_unit=unit),
                status=EmployeeStatus.AKTIF,
                email=f"orang{j}@semarangkota.go.id",
                phone=f"0812{j:08d}",
                nik=f"3374{j:012d}",
            )
        )
    return Employee.objects.bulk_create(rows)


def rate(employees: Sequence[Employee], year: int, predikat: Callable[[Employee], str]) -> None:
    period, _ = AppraisalPeriod.objects.get_or_create(
        year=year,
        kind="annual",
        defaults={"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31), "status": "closed"},
    )
    units = dict(OrgUnit.objects.values_list("pk", "opd_id"))
    Appraisal.objects.bulk_create(
        Appraisal(
            period=period,
            employee=e,
            org_unit_id=e.org_unit_id,
            opd_id=units[e.org_unit_id],
            status="final",
            hasil_kerja="sesuai",
            perilaku="sesuai",
            predikat=predikat(e),
        )
        for e in employees
    )


def program(code: str = "literasi-data", title: str = "Literasi Data") -> TrainingProgram:
    return TrainingProgramFactory(code=code, title=title)  # type: ignore[no-any-return]


def train(employees: Sequence[Employee], prog: TrainingProgram, year: int) -> None:
    session = TrainingSessionFactory(
        program=prog, starts_on=dt.date(year, 3, 1), ends_on=dt.date(year, 3, 3)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            session=session,
            employee=e,
            status="completed",
            origin="nominated",
            completed_on=dt.date(year, 3, 3),
            jp=prog.jp,
        )
        for e in employees
    )
    last = LedgerEntry.objects.order_by("-source_id").values_list("source_id", flat=True).first()
    start = (last or 0) + 1
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            employee=e,
            year=year,
            completed_on=dt.date(year, 3, 3),
            jp=prog.jp,
            activity_type=make_activity_type(),
            source="enrolment",
            source_id=start + i,
            title=prog.title,
        )
        for i, e in enumerate(employees)
    )
