"""Factories and helpers of the talent tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from penata.performance.models import Appraisal, AppraisalPeriod
from penata.talent import rules
from penata.talent.models import PotentialScore, TalentSettings
from penata.workforce.models import Employee

RATING_FOR = {
    "sangat_baik": ("di_atas", "di_atas"),
    "baik": ("sesuai", "sesuai"),
    "butuh_perbaikan": ("di_bawah", "sesuai"),
    "kurang": ("di_bawah", "di_bawah"),
    "sangat_kurang": ("di_bawah", "di_bawah"),
}


def period(year: int = 2025) -> AppraisalPeriod:
    obj, _ = AppraisalPeriod.objects.get_or_create(
        year=year,
        kind=AppraisalPeriod.Kind.ANNUAL,
        defaults={"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
    )
    return obj


def final_appraisal(
    employee: Employee, per: AppraisalPeriod, predikat: str, **kw: Any
) -> Appraisal:
    hk, pk = RATING_FOR[predikat]
    return Appraisal.objects.create(
        period=per,
        employee=employee,
        org_unit=employee.org_unit,
        opd=employee.org_unit.opd,
        status=kw.pop("status", Appraisal.Status.FINAL),
        hasil_kerja=hk,
        perilaku=pk,
        predikat=predikat,
        **kw,
    )


def potential(
    employee: Employee, score: float | Decimal, *, on: dt.date = dt.date(2025, 6, 1)
) -> PotentialScore:
    """A potential score with all three parts equal to ``score`` (so the weighted score is it)."""
    cfg = TalentSettings.current()
    s = Decimal(str(score)).quantize(rules.TWO_PLACES)
    PotentialScore.objects.filter(employee=employee, is_current=True).update(is_current=False)
    return PotentialScore.objects.create(
        employee=employee,
        assessed_on=on,
        competency_score=s,
        potential_test_score=s,
        track_record_score=s,
        score=s,
        level=rules.potential_level(s, cut_high=cfg.cut_high, cut_mid=cfg.cut_mid).value,
        weights=cfg.as_dict(),
    )
