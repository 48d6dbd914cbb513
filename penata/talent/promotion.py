"""Regular rank promotion per promotion period, and the fairness (adverse-impact) tables of
rankings and promotion lists.

:func:`regular_promotion` evaluates every active PNS for the period starting on ``day`` with
:func:`penata.talent.rules.regular_promotion_blocks` in a fixed number of queries; nothing is
stored (the list is recomputed from the registry and the SKP when opened or exported).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from penata.performance.models import Appraisal, AppraisalPeriod
from penata.talent import rules
from penata.talent.models import DisciplinarySanction
from penata.workforce.models import Employee, EmployeeStatus, Rank, RankKind


@dataclass
class PromotionRow:
    employee_id: int
    nip: str
    name: str
    gender: str
    birth_date: dt.date
    opd: str
    rank: str
    next_rank: str
    blocks: list[rules.Exclusion]

    @property
    def eligible(self) -> bool:
        return not self.blocks


def period_days(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in rules.PROMOTION_MONTHS]


def _years(a: dt.date, b: dt.date) -> Decimal:
    return rules.years_between(a, b)


def regular_promotion(day: dt.date) -> list[PromotionRow]:
    ranks = list(Rank.objects.filter(kind=RankKind.PNS).order_by("order"))
    by_order = {r.order: r for r in ranks}
    max_order = ranks[-1].order if ranks else 0
    years = (day.year - 1, day.year - 2)
    people = list(
        Employee.objects.filter(status=EmployeeStatus.AKTIF, employment_type="pns")
        .select_related("rank", "education__pns_cap_rank", "position", "org_unit__opd")
        .order_by("name")
    )
    predikat: dict[int, dict[int, str]] = defaultdict(dict)
    for emp_id, y, p in Appraisal.objects.filter(
        employee__status=EmployeeStatus.AKTIF,
        employee__employment_type="pns",
        status=Appraisal.Status.FINAL,
        period__kind=AppraisalPeriod.Kind.ANNUAL,
        period__year__in=years,
    ).values_list("employee_id", "period__year", "predikat"):
        predikat[emp_id][y] = p
    sanctioned = set(
        DisciplinarySanction.objects.filter(starts_on__lte=day, ends_on__gte=day).values_list(
            "employee_id", flat=True
        )
    )
    rows = []
    for e in people:
        cap = e.education.pns_cap_rank if e.education else None
        f = rules.PromotionFacts(
            rank_order=e.rank.order if e.rank else None,
            max_rank_order=max_order,
            cap_rank_order=cap.order if cap else None,
            years_in_rank=_years(e.rank_tmt, day) if e.rank_tmt else None,
            predikat_by_year=predikat.get(e.pk, {}),
            functional=bool(e.position and e.position.kind == "fungsional"),
            has_active_sanction=e.pk in sanctioned,
        )
        nxt = by_order.get(e.rank.order + 1) if e.rank else None
        opd = e.org_unit.opd if e.org_unit and e.org_unit.opd else e.org_unit
        rows.append(
            PromotionRow(
                employee_id=e.pk,
                nip=e.nip,
                name=e.name,
                gender=e.gender,
                birth_date=e.birth_date,
                opd=opd.name if opd else "",
                rank=e.rank.code if e.rank else "",
                next_rank=nxt.code if nxt else "",
                blocks=rules.regular_promotion_blocks(f, years=years),
            )
        )
    return rows


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


GENDER_LABELS = {"L": "Laki-laki", "P": "Perempuan"}


def fairness(
    people: list[tuple[str, dt.date, str, bool]], on: dt.date
) -> dict[str, list[rules.GroupRate]]:
    """Selection rates and adverse-impact ratios by gender, age band and OPD, from
    ``(gender, birth_date, opd, selected)`` tuples."""
    groups: dict[str, dict[str, list[int]]] = {
        "gender": defaultdict(lambda: [0, 0]),
        "age": defaultdict(lambda: [0, 0]),
        "opd": defaultdict(lambda: [0, 0]),
    }
    for gender, birth, opd, selected in people:
        for dim, key in (
            ("gender", GENDER_LABELS.get(gender, gender or "-")),
            ("age", rules.age_band(_age(birth, on))),
            ("opd", opd or "-"),
        ):
            groups[dim][key][1] += 1
            if selected:
                groups[dim][key][0] += 1
    return {
        dim: rules.adverse_impact({k: (v[0], v[1]) for k, v in sorted(g.items())})
        for dim, g in groups.items()
    }


def fairness_dims(fair: dict[str, list[rules.GroupRate]]) -> list[tuple[Any, str]]:
    """The tables in display order with their titles (for ``talent/_fairness.html``)."""
    return [(fair["gender"], "Jenis kelamin"), (fair["age"], "Kelompok usia"), (fair["opd"], "OPD")]


def vacancy_fairness(vacancy: Any) -> dict[str, list[rules.GroupRate]]:
    """Eligibility pass rates of a vacancy's candidates by gender, age band and OPD."""
    from penata.talent.models import RankingCandidate

    rows = RankingCandidate.objects.filter(vacancy=vacancy).values_list(
        "employee__gender", "employee__birth_date", "employee__org_unit__opd__name", "eligible"
    )
    return fairness(list(rows), vacancy.as_of)
