"""Talent demo data for ``penata seed-demo``: a potential score for every active ASN (assessed in
mid 2024 and re-assessed in mid 2025 for about half of them) and the talent map of every closed
annual period that has final SKP (2024 and 2025 in the demo), computed by the real set-based
service. Deterministic for a seed; bulk inserts; nothing is written while a potential score
exists.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from penata.core.audit import audit_record
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.talent import rules
from penata.talent.models import PotentialScore, TalentSettings
from penata.talent.services import talent_map_compute
from penata.workforce.models import Employee, EmployeeStatus


@dataclass
class TalentSeedResult:
    skipped: bool = False
    scores: int = 0
    maps: dict[int, int] = field(default_factory=dict)  # year → people mapped
    pool: dict[int, int] = field(default_factory=dict)  # year → people in boxes 7–9
    coverage: str = ""
    vacancy_eligible: int = 0
    seconds: float = 0.0


def _score(rng: random.Random, base: float) -> Decimal:
    return Decimal(str(round(min(100.0, max(0.0, rng.gauss(base, 8))), 2))).quantize(
        rules.TWO_PLACES
    )


def seed_talent(*, seed: int, today: dt.date) -> TalentSeedResult:
    started = time.perf_counter()
    result = TalentSeedResult()
    if PotentialScore.objects.exists() or not Employee.objects.exists():
        result.skipped = True
        return result
    rng = random.Random(f"talent-{seed}")  # noqa: S311 (synthetic data, reproducible)
    cfg = TalentSettings.current()
    used = cfg.as_dict()
    first = dt.date(min(today.year - 1, 2024), 6, 15)
    second = dt.date(first.year + 1, 6, 15)
    objs: list[PotentialScore] = []
    for pk in Employee.objects.filter(status=EmployeeStatus.AKTIF).values_list("pk", flat=True):
        base = rng.gauss(74, 7)
        days = [first, second] if rng.random() < 0.5 and second <= today else [first]
        for i, day in enumerate(days):
            c, t, r = _score(rng, base), _score(rng, base), _score(rng, base + 2)
            s = rules.potential_score(
                competency=c, potential_test=t, track_record=r, weights=cfg.weights
            )
            objs.append(
                PotentialScore(
                    employee_id=pk,
                    assessed_on=day,
                    competency_score=c,
                    potential_test_score=t,
                    track_record_score=r,
                    score=s,
                    level=rules.potential_level(s, cut_high=cfg.cut_high, cut_mid=cfg.cut_mid),
                    weights=used,
                    is_current=i == len(days) - 1,
                    note="data demo",
                )
            )
    with transaction.atomic():
        PotentialScore.objects.bulk_create(objs, batch_size=2000)
        audit_record(
            actor=None,
            action="talent_demo.seed",
            object_type="talent.potentialscore",
            after={"scores": len(objs), "seed": seed},
        )
    result.scores = len(objs)
    periods = AppraisalPeriod.objects.filter(
        kind=AppraisalPeriod.Kind.ANNUAL,
        status=AppraisalPeriod.Status.CLOSED,
        pk__in=Appraisal.objects.filter(status=Appraisal.Status.FINAL).values("period_id"),
    ).order_by("year")
    for p in periods:
        counts = talent_map_compute(period_id=p.pk)
        result.maps[p.year] = sum(counts.values())
        result.pool[p.year] = sum(n for b, n in counts.items() if rules.in_talent_pool(b))
    _seed_vacancy_and_succession(result, today=today)
    result.seconds = time.perf_counter() - started
    return result


def _seed_vacancy_and_succession(result: TalentSeedResult, *, today: dt.date) -> None:
    """One demo vacancy (an administrator position), ranked, and the succession plan of the
    latest mapped period, both through the real services."""
    from penata.talent import ranking, succession
    from penata.workforce.models import Position, Rank

    latest = AppraisalPeriod.objects.filter(talent_boxes__isnull=False).order_by("-year").first()
    if latest is not None:
        summary = succession.succession_compute(actor=None, period_id=latest.pk)
        result.coverage = str(summary["coverage"])
    pos = Position.objects.filter(kind="administrator").order_by("pk").first()
    if pos is None:
        return
    v = ranking.vacancy_create(
        actor=None,
        position=pos,
        title=f"Pengisian {pos.name} (demo)",
        as_of=today,
        min_rank=Rank.objects.filter(kind="pns", code="III/c").first(),
    )
    result.vacancy_eligible = ranking.vacancy_rank(actor=None, vacancy=v)["eligible"]
