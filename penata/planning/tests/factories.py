from __future__ import annotations

from decimal import Decimal

import factory

from penata.planning.models import JobTask
from penata.workforce.tests.factories import PositionFactory


class JobTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobTask

    position = factory.SubFactory(PositionFactory)
    name = factory.Sequence(lambda n: f"Tugas uji {n}")
    output_unit = "dokumen"
    volume = Decimal("1000")
    minutes = Decimal("75")  # 75,000 minutes: exactly one person
