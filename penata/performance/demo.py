"""Performance demo data for ``penata seed-demo``: two closed years and the open one.

- Annual periods 2024 and 2025, closed, with a FINAL SKP for every active employee. Each OPD has
  its own predikat (*Baik* for most, *Istimewa* for a few) and its staff's predikat keep to that
  curve (SE MenPANRB 3/2023); each predikat comes from a (hasil kerja, perilaku kerja) cell of the
  matrix (PermenPANRB 6/2022).
- Annual period 2026, open: the demo ``atasan``'s appraisees have SKP in a mix of states (draft
  with planned results, submitted, rated with the seven BerAKHLAK ratings) and the demo
  ``pegawai`` has a submitted SKP with three planned results.

Set-based (a handful of queries for any number of employees), deterministic for a seed and
reference date, and idempotent: nothing is written while any appraisal period exists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from penata.core.audit import audit_record
from penata.core.bulk import bulk_insert
from penata.core.models import User
from penata.performance import rules
from penata.performance.models import (
    Appraisal,
    AppraisalPeriod,
    BehaviourRating,
    PlannedResult,
    UnitPredikat,
)
from penata.performance.selectors import appraisers_for
from penata.workforce.models import Employee, EmployeeStatus

SOURCE = "seed-demo"
CLOSED_YEARS = (2024, 2025)
OPEN_YEAR = 2026
ISTIMEWA_SHARE = 0.08  # of the OPDs, per year

R = rules.Rating
P = rules.Predikat
S = Appraisal.Status

# The matrix cells each predikat is drawn from, with weights (PermenPANRB 6/2022).
CELLS: dict[rules.Predikat, tuple[tuple[tuple[rules.Rating, rules.Rating], int], ...]] = {
    P.SANGAT_BAIK: (((R.DI_ATAS, R.DI_ATAS), 1),),
    P.BAIK: (
        ((R.SESUAI, R.SESUAI), 70),
        ((R.DI_ATAS, R.SESUAI), 18),
        ((R.SESUAI, R.DI_ATAS), 12),
    ),
    P.BUTUH_PERBAIKAN: (((R.DI_BAWAH, R.SESUAI), 85), ((R.DI_BAWAH, R.DI_ATAS), 15)),
    P.KURANG: (((R.SESUAI, R.DI_BAWAH), 80), ((R.DI_ATAS, R.DI_BAWAH), 20)),
    P.SANGAT_KURANG: (((R.DI_BAWAH, R.DI_BAWAH), 1),),
}
for _p, _cells in CELLS.items():
    assert all(rules.predikat(h, b) == _p for (h, b), _w in _cells), _p

PLANS = (
    (
        "Terlaksananya layanan {bidang} sesuai standar pelayanan",
        "Persentase layanan yang selesai tepat waktu",
        "95%",
    ),
    (
        "Tersusunnya laporan kinerja {bidang} tepat waktu",
        "Jumlah laporan bulanan yang disampaikan",
        "12 laporan",
    ),
    (
        "Meningkatnya kualitas data dan informasi {bidang}",
        "Persentase data yang mutakhir dan tervalidasi",
        "90%",
    ),
    (
        "Terlaksananya koordinasi program {bidang} dengan OPD terkait",
        "Jumlah rapat koordinasi yang ditindaklanjuti",
        "6 kegiatan",
    ),
    (
        "Tertanganinya pengaduan masyarakat di bidang {bidang}",
        "Persentase pengaduan yang ditindaklanjuti",
        "100%",
    ),
)


@dataclass
class PerformanceSeedResult:
    skipped: bool = False
    periods: int = 0
    appraisals: int = 0
    planned_results: int = 0
    predikat: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> counts


def plan_counts(
    n: int, unit_predikat: rules.UnitPredikat, rng: random.Random
) -> dict[rules.Predikat, int]:
    """How many of an OPD's ``n`` staff get each predikat, within the unit's curve."""
    if n <= 0:
        return dict.fromkeys(P, 0)
    if unit_predikat == rules.UnitPredikat.ISTIMEWA:
        sb = min(round(n * rng.uniform(0.30, 0.45)), 70 * n // 100)
        low = min(round(n * 0.03), n - sb)
        baik = n - sb - low
    else:  # Baik: at most 70% Baik and at least one Butuh Perbaikan or Kurang
        baik = 70 * n // 100
        sb = round(n * rng.uniform(0.15, 0.20))
        sb = max(0, min(sb, n - baik - 1))
        low = n - baik - sb
    sk = round(low * 0.1)
    k = round(low * 0.2)
    bp = low - k - sk
    counts = {P.SANGAT_BAIK: sb, P.BAIK: baik, P.BUTUH_PERBAIKAN: bp, P.KURANG: k}
    counts[P.SANGAT_KURANG] = sk
    return counts


def _cell(p: rules.Predikat, rng: random.Random) -> tuple[rules.Rating, rules.Rating]:
    cells = CELLS[p]
    return rng.choices([c for c, _w in cells], weights=[w for _c, w in cells])[0]


def _aware(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def _behaviours(perilaku: rules.Rating, rng: random.Random) -> dict[rules.BehaviourValue, R]:
    """Seven BerAKHLAK ratings whose majority is ``perilaku`` (rules.perilaku_from_values)."""
    values = list(rules.BehaviourValue)
    rng.shuffle(values)
    if perilaku == R.DI_ATAS:
        ratings = [R.DI_ATAS] * rng.randint(4, 6)
    elif perilaku == R.DI_BAWAH:
        ratings = [R.DI_BAWAH] * 4
    else:
        ratings = [R.DI_ATAS] * rng.randint(0, 2)
    ratings += [R.SESUAI] * (7 - len(ratings))
    out = dict(zip(values, ratings, strict=True))
    check: dict[rules.BehaviourValue | str, rules.Rating | str] = {k: v for k, v in out.items()}
    assert rules.perilaku_from_values(check) == perilaku
    return out


@transaction.atomic
def seed_performance(*, seed: int, today: dt.date) -> PerformanceSeedResult:
    """Write the performance demo data (see the module doc) unless a period exists."""
    result = PerformanceSeedResult()
    if AppraisalPeriod.objects.exists():
        result.skipped = True
        return result
    employees = list(
        Employee.objects.filter(status=EmployeeStatus.AKTIF)
        .select_related("org_unit")
        .only("pk", "nip", "org_unit_id", "org_unit__path", "org_unit__opd_id")
        .order_by("nip")
    )
    if not employees:
        result.skipped = True
        return result
    rng = random.Random(f"performance-{seed}")  # noqa: S311 (synthetic data, reproducible)
    periods = {}
    for year in (*CLOSED_YEARS, OPEN_YEAR):
        period = AppraisalPeriod(
            year=year,
            kind=AppraisalPeriod.Kind.ANNUAL,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            status=AppraisalPeriod.Status.OPEN
            if year == OPEN_YEAR
            else AppraisalPeriod.Status.CLOSED,
        )
        period.save()
        periods[year] = period
    result.periods = len(periods)
    # The appraiser of each employee by the org structure (no override exists yet).
    appraiser = appraisers_for(employees, periods[OPEN_YEAR])
    by_opd: dict[int | None, list[Employee]] = {}
    for e in employees:
        by_opd.setdefault(e.org_unit.opd_id, []).append(e)
    opd_ids = sorted(k for k in by_opd if k is not None)

    rows: list[Appraisal] = []
    unit_rows: list[UnitPredikat] = []
    for year in CLOSED_YEARS:
        period = periods[year]
        istimewa = set(rng.sample(opd_ids, round(len(opd_ids) * ISTIMEWA_SHARE)))
        submitted_at = _aware(year, 12, 15)
        rated_at = _aware(year + 1, 1, 20)
        finalised_at = _aware(year + 1, 2, 10)
        tally: Counter[str] = Counter()
        for opd_id in [None, *opd_ids]:
            staff = by_opd.get(opd_id, [])
            if not staff:
                continue
            unit_p = rules.UnitPredikat.ISTIMEWA if opd_id in istimewa else rules.UnitPredikat.BAIK
            if opd_id is not None:
                unit_rows.append(UnitPredikat(period=period, org_unit_id=opd_id, predikat=unit_p))
            counts = plan_counts(len(staff), unit_p, rng)
            assert opd_id is None or not rules.check_curve(unit_p, counts)
            labels = [p for p, c in counts.items() for _ in range(c)]
            rng.shuffle(labels)
            for e, p in zip(staff, labels, strict=True):
                hasil, perilaku = _cell(p, rng)
                tally[p.value] += 1
                rows.append(
                    Appraisal(
                        period=period,
                        employee_id=e.pk,
                        appraiser_id=appraiser[e.pk],
                        org_unit_id=e.org_unit_id,
                        opd_id=opd_id,
                        status=S.FINAL,
                        hasil_kerja=hasil,
                        perilaku=perilaku,
                        predikat=p,
                        source=SOURCE,
                        submitted_at=submitted_at,
                        rated_at=rated_at,
                        finalised_at=finalised_at,
                        version=3,
                    )
                )
        result.predikat[year] = dict(tally)

    # The open year: the demo supervisor's team and the demo employee.
    demo_users = {
        u.username: u
        for u in User.objects.filter(
            username__in=("atasan", "pegawai"), employee__isnull=False
        ).select_related("employee__org_unit")
    }
    boss = demo_users.get("atasan")
    me = demo_users.get("pegawai")
    open_period = periods[OPEN_YEAR]
    team = (
        [e for e in employees if boss is not None and appraiser[e.pk] == boss.employee_id]
        if boss is not None
        else []
    )
    if me is not None and me.employee_id not in {e.pk for e in team}:
        me_emp = next((e for e in employees if e.pk == me.employee_id), None)
        if me_emp is not None:
            team.append(me_emp)
    states: dict[int, Appraisal.Status] = {}
    cycle = (S.DRAFT, S.SUBMITTED, S.RATED)
    others = [e for e in team if me is None or e.pk != me.employee_id]
    for i, e in enumerate(others):
        states[e.pk] = cycle[i % len(cycle)]
    if me is not None and me.employee_id is not None and me.employee_id in {e.pk for e in team}:
        states[me.employee_id] = S.SUBMITTED
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    open_rows: dict[int, Appraisal] = {}
    behaviour_plan: dict[int, dict[rules.BehaviourValue, R]] = {}
    for e in team:
        state = states[e.pk]
        a = Appraisal(
            period=open_period,
            employee_id=e.pk,
            appraiser_id=appraiser[e.pk],
            org_unit_id=e.org_unit_id,
            opd_id=e.org_unit.opd_id,
            status=state,
            source=SOURCE,
            version={S.DRAFT: 1, S.SUBMITTED: 2, S.RATED: 3}[state],
        )
        if state in (S.SUBMITTED, S.RATED):
            a.submitted_at = now - dt.timedelta(days=7)
        if state == S.RATED:
            p = rng.choices([P.SANGAT_BAIK, P.BAIK, P.BUTUH_PERBAIKAN], weights=[2, 6, 1])[0]
            a.hasil_kerja, a.perilaku = _cell(p, rng)
            a.predikat = p
            a.rated_at = now - dt.timedelta(days=2)
            a.rated_by = boss
            behaviour_plan[e.pk] = _behaviours(rules.Rating(a.perilaku), rng)
        open_rows[e.pk] = a
        rows.append(a)

    bulk_insert(rows)
    bulk_insert(unit_rows)
    result.appraisals = len(rows)
    ids = dict(Appraisal.objects.filter(period=open_period).values_list("employee_id", "pk"))
    results: list[PlannedResult] = []
    behaviours: list[BehaviourRating] = []
    bidang = {e.pk: e.org_unit_id for e in team}
    unit_names = dict(
        Employee.objects.filter(pk__in=list(bidang)).values_list("pk", "org_unit__name")
    )
    for emp_id, a in open_rows.items():
        n = 3 if (me is not None and emp_id == me.employee_id) else rng.choice((2, 3))
        name = unit_names.get(emp_id, "unit kerja").removeprefix("Bidang ").lower()
        for order, (desc, indicator, target) in enumerate(rng.sample(PLANS, n), start=1):
            results.append(
                PlannedResult(
                    appraisal_id=ids[emp_id],
                    order=order,
                    description=desc.format(bidang=name),
                    indicator=indicator,
                    target=target,
                    realisation=target if a.status == S.RATED else "",
                    agreed=a.status == S.RATED,
                )
            )
        for value, rating in behaviour_plan.get(emp_id, {}).items():
            behaviours.append(BehaviourRating(appraisal_id=ids[emp_id], value=value, rating=rating))
    bulk_insert(results)
    bulk_insert(behaviours)
    result.planned_results = len(results)
    audit_record(
        actor=None,
        action="demo.seed_performance",
        object_type="performance.appraisal",
        after={
            "seed": seed,
            "today": today.isoformat(),
            "periods": [p.pk for p in periods.values()],
            "appraisals": result.appraisals,
            "predikat": {str(y): c for y, c in result.predikat.items()},
        },
    )
    return result
