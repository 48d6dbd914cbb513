"""factory_boy factories for competency development, shared by every app's tests.

comp = competency("literasi_digital")                 # a seeded competency by code
program = TrainingProgramFactory(jp=24, competencies={"literasi_digital": 3})
session = TrainingSessionFactory(program=program, capacity=20)
enrol = EnrolmentFactory(session=session, employee=emp)              # status nominated
AssessmentFactory(employee=emp, competency=comp, level=2)
CompetencyStandardFactory(position=emp.position, competency=comp, level=3)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from penata.learning.models import (
    ActivityType,
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyKind,
    CompetencyStandard,
    Enrolment,
    EnrolmentStatus,
    Mode,
    ProgramCompetency,
    ProviderKind,
    TrainingProgram,
    TrainingSession,
)
from penata.workforce.tests.factories import EmployeeFactory, PositionFactory


def competency(code: str) -> Competency:
    """A competency by code (seeded by migration 0002; created if a test runs without it)."""
    obj, _ = Competency.objects.get_or_create(
        code=code, defaults={"name": code.replace("_", " ").title(), "kind": CompetencyKind.TEKNIS}
    )
    return obj


def activity_type(code: str = "pelatihan") -> ActivityType:
    obj, _ = ActivityType.objects.get_or_create(
        code=code, defaults={"name": code, "mode": Mode.KLASIKAL}
    )
    return obj


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    code = factory.Sequence(lambda n: f"kompetensi_uji_{n}")
    name = factory.Sequence(lambda n: f"Kompetensi uji {n}")
    kind = CompetencyKind.TEKNIS
    area = "Teknis sektoral"


class CompetencyStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyStandard

    position = factory.SubFactory(PositionFactory)
    competency = factory.LazyFunction(lambda: competency("literasi_digital"))
    level = 3


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    employee = factory.SubFactory(EmployeeFactory)
    competency = factory.LazyFunction(lambda: competency("literasi_digital"))
    level = 2
    source = AssessmentSource.ASSESSMENT_CENTRE
    assessed_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))


class TrainingProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgram
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"prog-{n}")
    title = factory.Sequence(lambda n: f"Pelatihan Uji {n}")
    activity_type = factory.LazyFunction(activity_type)
    jp = 24
    provider_kind = ProviderKind.BKPP
    provider_name = "BKPP Kota Semarang"
    cost_per_participant = 1_500_000
    pass_score = 70

    @factory.post_generation
    def competencies(self, create: bool, extracted: dict[str, int] | None, **kw: Any) -> None:
        """``competencies={"literasi_digital": 3}``: code → target level."""
        if not create or not extracted:
            return
        for code, level in extracted.items():
            ProgramCompetency.objects.create(
                program=self, competency=competency(code), target_level=level
            )


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    program = factory.SubFactory(TrainingProgramFactory)
    code = factory.Sequence(lambda n: f"angkatan-{n}")
    starts_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=2))
    location = "Gedung Pandanaran, Semarang"
    capacity = 30


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    employee = factory.SubFactory(EmployeeFactory)
    status = EnrolmentStatus.NOMINATED
    origin = Enrolment.Origin.NOMINATED
