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
from typing import Any

from django.db import transaction

from penata.core.audit import audit_record
from penata.core.bulk import analyze
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
    selections: int = 0
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
    analyze()  # the appraisals and scores just written, before the set-based map and ranking
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
    result.selections = seed_selections(seed=0, today=today).get("selections", 0)


def seed_selections(*, seed: int, today: dt.date) -> dict[str, int]:
    """Two open selections (seleksi terbuka JPT pratama) through the real services: one finished
    and published (applicants, administrative check, a panel of two scoring three stages, the
    three best reported, the PPK's choice) and one open for applications. Skipped when any
    selection exists."""
    from penata.core.models import User
    from penata.talent import selection as svc
    from penata.talent import selection_rules as sr
    from penata.talent.models import OpenSelection, SelectionApplicant
    from penata.workforce.models import EducationLevel, Position, Rank

    if OpenSelection.objects.exists():
        return {}
    positions = list(Position.objects.filter(kind="jpt_pratama").order_by("pk")[:2])
    bkpp = User.objects.filter(username="bkpp").first()
    panel = list(User.objects.filter(username__in=["baperjakat", "peneliti"]).order_by("pk"))
    if len(positions) < 2 or len(panel) < 2:
        return {}
    rng = random.Random(f"selection-{seed}")  # noqa: S311 (synthetic data, reproducible)
    iv_a = Rank.objects.filter(kind="pns", code="IV/a").first()
    s1 = EducationLevel.objects.filter(code="s1").first()
    s2 = EducationLevel.objects.filter(code="s2").first()
    common: dict[str, Any] = {
        "min_rank": iv_a,
        "min_education": s1,
        "min_experience_years": Decimal(5),
        "max_age": 56,
        "min_competency": Decimal(65),
    }
    pns = (
        Employee.objects.filter(
            status=EmployeeStatus.AKTIF, employment_type="pns", rank__kind="pns"
        )
        .exclude(position__kind__startswith="jpt")
        .order_by("pk")
    )
    young = today.replace(year=today.year - 54)
    fit = list(
        pns.filter(rank__order__gte=iv_a.order if iv_a else 0, birth_date__gte=young).values_list(
            "pk", flat=True
        )[:30]
    )
    unfit = list(
        pns.exclude(pk__in=fit)
        .filter(rank__order__gte=(iv_a.order - 2) if iv_a else 0)
        .values_list("pk", flat=True)[:10]
    )
    rng.shuffle(fit)
    rng.shuffle(unfit)
    # 6 who meet the rank and age requirements and 2 who do not, per selection
    people = fit[:6] + unfit[:2] + fit[6:9] + unfit[2:3]
    externals = [
        ("197601122001121003", "Bambang Wicaksono, S.T., M.T.", "L", "Pemerintah Kabupaten Demak"),
        (
            "197803042003122002",
            "Dr. Laksmi Pratiwi, S.E., M.Si.",
            "P",
            "Pemerintah Provinsi Jawa Tengah",
        ),
    ]
    with transaction.atomic():
        done = svc.selection_create(
            actor=bkpp,
            title=f"Seleksi Terbuka {positions[0].name} {today.year}",
            position=positions[0],
            announcement="Pemerintah Kota Semarang membuka seleksi terbuka jabatan pimpinan "
            "tinggi pratama bagi PNS di lingkungan Pemerintah Kota Semarang dan instansi lain.",
            opens_on=today - dt.timedelta(days=75),
            closes_on=today - dt.timedelta(days=60),
            age_on=today - dt.timedelta(days=20),
            **common,
        )
        # applications as if made within the registration period
        for pk in people[:8]:
            svc._apply_employee(
                actor=None,
                s=done,
                employee_id=pk,
                experience_years=Decimal(rng.randint(3, 14)),
            )
        for nip, name, gender, agency in externals:
            svc.applicant_add_external(
                actor=bkpp,
                selection=done,
                data={
                    "nip": nip,
                    "name": name,
                    "gender": gender,
                    "birth_date": dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])),
                    "agency": agency,
                    "current_position": "Kepala Bidang",
                    "rank": iv_a,
                    "education": s2,
                    "experience_years": Decimal(rng.randint(6, 12)),
                    "competency_score": Decimal(rng.randint(72, 88)),
                },
            )
        for u, note in zip(panel, ["Baperjakat", "akademisi"], strict=True):
            svc.panel_add(actor=bkpp, selection=done, user=u, role_note=note)
        svc.admin_check_run(actor=bkpp, selection=done)
        for st in done.stages.all():
            for a in svc.stage_applicants(st):
                base = rng.randint(62, 90)
                for u in panel:
                    svc.score_set(
                        actor=u, stage=st, applicant=a, score=min(100, base + rng.randint(-5, 5))
                    )
            svc.stage_close(actor=bkpp, stage=st)
        top = svc.rank_and_report(actor=bkpp, selection=done)
        if top:
            svc.ppk_decide(
                actor=bkpp,
                selection=done,
                applicant_id=top[0].pk,
                reasons="Nilai akhir tertinggi dan rekam jejak kepemimpinan sesuai (data demo).",
            )
            svc.publish(actor=bkpp, selection=done)
        opened = svc.selection_create(
            actor=bkpp,
            title=f"Seleksi Terbuka {positions[1].name} {today.year}",
            position=positions[1],
            announcement="Pendaftaran dibuka bagi PNS yang memenuhi syarat (data demo).",
            opens_on=today - dt.timedelta(days=3),
            closes_on=today + dt.timedelta(days=12),
            age_on=today + dt.timedelta(days=60),
            **common,
        )
        for pk in people[8:12]:
            svc._apply_employee(
                actor=None, s=opened, employee_id=pk, experience_years=Decimal(rng.randint(4, 12))
            )
        for u, note in zip(panel, ["Baperjakat", "akademisi"], strict=True):
            svc.panel_add(actor=bkpp, selection=opened, user=u, role_note=note)
    return {
        "selections": 2,
        "applicants": SelectionApplicant.objects.count(),
        "top": sr.TOP_N,
    }
