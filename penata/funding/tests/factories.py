"""factory_boy factories for funding.

line = BudgetLineFactory(fiscal_year=2030, ceiling=10_000_000)
ProgramBudget.objects.create(program=program, line=line, fiscal_year=2030)  # or link_program()
agreement = AgreementFactory(partner=PartnerFactory(), ends_on=date(2030, 6, 30))
"""

from __future__ import annotations

import datetime as dt

import factory

from penata.funding.models import (
    Agreement,
    AgreementKind,
    BudgetLine,
    Partner,
    PartnerKind,
    ProgramBudget,
    Sponsorship,
    SponsorshipKind,
)

YEAR = 2030


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = YEAR
    program_code = "5.03.02"
    activity_code = "5.03.02.2.01"
    sub_activity_code = factory.Sequence(lambda n: f"5.03.02.2.01.{n + 1:04d}")
    name = factory.Sequence(lambda n: f"Pengembangan kompetensi {n}")
    ceiling = 10_000_000


def link_program(program: object, line: BudgetLine) -> ProgramBudget:
    return ProgramBudget.objects.create(program=program, line=line, fiscal_year=line.fiscal_year)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"PT Mitra Uji {n}")
    kind = PartnerKind.PRIVATE


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    kind = AgreementKind.PKS
    number = factory.Sequence(lambda n: f"PKS/{n}/BKPP/2030")
    title = "Kerja sama pelatihan digital"
    scope = "Pelatihan literasi digital bagi ASN"
    signed_on = dt.date(YEAR, 1, 10)
    starts_on = dt.date(YEAR, 1, 10)
    ends_on = dt.date(YEAR, 12, 31)
    value = 50_000_000


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsorship

    partner = factory.SubFactory(PartnerFactory)
    fiscal_year = YEAR
    kind = SponsorshipKind.MONEY
    pledged_value = 5_000_000
