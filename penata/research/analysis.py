"""The policy-effectiveness numbers: indicators over time and the training-impact analysis.

Aggregates only (no person is shown); a handful of grouped queries each, whatever the size of
the workforce.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import polars as pl
from django.db.models import Count, Sum

from penata.research import rules

ACTIVE_STATUSES = ("aktif", "cuti", "tugas_belajar")
RATED = ("rated", "objected", "final")


def years_with_data() -> list[int]:
    """Annual appraisal years and JP ledger years, sorted."""
    from penata.learning.models import LedgerEntry
    from penata.performance.models import AppraisalPeriod

    years = set(AppraisalPeriod.objects.filter(kind="annual").values_list("year", flat=True))
    years |= set(LedgerEntry.objects.values_list("year", flat=True).distinct())
    return sorted(years)


def indicators() -> dict[str, Any]:
    """Every indicator per year, ready for the charts and the API."""
    from penata.engagement import selectors as eng
    from penata.engagement.models import EngagementSettings
    from penata.learning.models import LedgerEntry
    from penata.learning.selectors import activity_caps, jp_target
    from penata.performance.models import Appraisal
    from penata.talent.models import CommitteeDecision, RankingCandidate, TalentBox
    from penata.workforce.models import Employee

    years = years_with_data()
    headcount = Employee.objects.filter(status__in=ACTIVE_STATUSES).count()
    # share meeting the JP target: one grouped query over every year
    caps = activity_caps()
    target = jp_target()
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for emp, year, type_id, jp in (
        LedgerEntry.objects.filter(employee__status__in=ACTIVE_STATUSES)
        .values_list("employee_id", "year", "activity_type_id")
        .annotate(total=Sum("jp"))
        .order_by()
    ):
        cap = caps.get(type_id)
        totals[(emp, year)] += min(jp, cap) if cap is not None else jp
    met: dict[int, int] = defaultdict(int)
    for (_emp, year), jp in totals.items():
        if jp >= target:
            met[year] += 1
    jp_share = [round(100 * met.get(y, 0) / headcount, 1) if headcount else None for y in years]
    # predikat distribution per year
    dist: dict[int, dict[str, int]] = defaultdict(dict)
    for year, predikat, n in (
        Appraisal.objects.filter(period__kind="annual", status__in=RATED)
        .exclude(predikat="")
        .values_list("period__year", "predikat")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        dist[year][predikat] = n
    predikat = {
        p: [
            round(100 * dist[y].get(p, 0) / sum(dist[y].values()), 1) if dist.get(y) else None
            for y in years
        ]
        for p in rules.PREDIKAT_SCORE
    }
    # talent pool (boxes 7-9) per year
    pool = dict(
        TalentBox.objects.filter(period__kind="annual", box__gte=7)
        .values_list("period__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # promotions by merit: decisions per year, the chosen one's merit and whether top-ranked
    promotions: dict[int, dict[str, Any]] = {}
    decisions = list(
        CommitteeDecision.objects.values_list(
            "decided_at__year", "vacancy_id", "employee_id"
        ).order_by()
    )
    cand = {
        (v, e): (float(m), r)
        for v, e, m, r in RankingCandidate.objects.filter(
            vacancy_id__in=[d[1] for d in decisions]
        ).values_list("vacancy_id", "employee_id", "merit", "rank")
    }
    for year, vac, emp in decisions:
        p = promotions.setdefault(year, {"n": 0, "merit": [], "top": 0})
        p["n"] += 1
        merit, rank = cand.get((vac, emp), (None, None))
        if merit is not None:
            p["merit"].append(merit)
        if rank == 1:
            p["top"] += 1
    promo_years = sorted(promotions)
    promotion_rows = [
        {
            "year": y,
            "decisions": promotions[y]["n"],
            "mean_merit": round(sum(promotions[y]["merit"]) / len(promotions[y]["merit"]), 1)
            if promotions[y]["merit"]
            else None,
            "top_ranked_share": round(100 * promotions[y]["top"] / promotions[y]["n"], 1),
        }
        for y in promo_years
    ]
    # readiness: the city index of every closed wave (the engagement anonymity rule applies)
    k = EngagementSettings.current().min_group_size
    waves = list(eng.closed_waves())
    by_wave = eng._aggregates([w.pk for w in waves])
    readiness: dict[str, list[Any]] = {"labels": [], "index": []}
    for w in waves:
        _rows, city = eng._rows_from_aggregates(by_wave.get(w.pk, []), {}, k)
        readiness["labels"].append(f"{w.survey.title} #{w.number} ({w.closes_on:%m/%Y})")
        readiness["index"].append(None if city.hidden else city.index)
    return {
        "years": years,
        "headcount": headcount,
        "jp_target": target,
        "jp_share": jp_share,
        "predikat": predikat,
        "talent_pool": [pool.get(y, 0) for y in years],
        "promotions": promotion_rows,
        "readiness": readiness,
        "ikm": None,  # the public service-satisfaction index (IKM) arrives with the portal
    }


# --- training impact ---------------------------------------------------------------------------


def impact_records(program_id: int, year: int) -> list[tuple[Any, bool, float, float]]:
    """(stratum, treated, score year-1, score year) for every active employee with a predikat
    in both years; treated = completed the program in ``year``; non-participants = never
    completed it. Strata = OPD × kelompok golongan × kelompok usia (on 31 December of year).
    Four queries."""
    import datetime as dt

    from penata.learning.models import Enrolment
    from penata.performance.models import Appraisal
    from penata.workforce.models import Employee

    ref = dt.date(year, 12, 31)
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for emp, y, p in (
        Appraisal.objects.filter(
            period__kind="annual", period__year__in=[year - 1, year], status__in=RATED
        )
        .exclude(predikat="")
        .values_list("employee_id", "period__year", "predikat")
        .order_by()
    ):
        scores[emp][y] = rules.PREDIKAT_SCORE[p]
    done = Enrolment.objects.filter(session__program_id=program_id, status="completed")
    treated = set(done.filter(completed_on__year=year).values_list("employee_id", flat=True))
    ever = set(done.values_list("employee_id", flat=True))
    out = []
    for emp, birth, opd, code, kind in (
        Employee.objects.filter(status__in=ACTIVE_STATUSES)
        .values_list("pk", "birth_date", "org_unit__opd_id", "rank__code", "rank__kind")
        .order_by()
    ):
        s = scores.get(emp)
        if not s or year - 1 not in s or year not in s:
            continue
        is_t = emp in treated
        if not is_t and emp in ever:
            continue
        stratum = (opd, rules.golongan_group(code, kind), rules.age_band(birth, ref))
        out.append((stratum, is_t, float(s[year - 1]), float(s[year])))
    return out


def impact(program_id: int, year: int) -> rules.DidResult | None:
    return rules.did(impact_records(program_id, year))


def impact_from_release(frame: pl.DataFrame, program_code: str, year: int) -> Any:
    """The same estimate computed from a release file (what a researcher would do)."""
    pre, post = f"skor_predikat_{year - 1}", f"skor_predikat_{year}"
    data = frame.filter(pl.col(pre).is_not_null() & pl.col(post).is_not_null())
    token = f"{program_code}@{year}"
    records = []
    for opd, gol, age, training, before, after in data.select(
        "opd", "kelompok_golongan", "kelompok_usia", "pelatihan", pre, post
    ).iter_rows():
        items = training.split(";") if training else []
        is_t = token in items
        if not is_t and any(i.startswith(program_code + "@") for i in items):
            continue
        records.append(((opd, gol, age), is_t, float(before), float(after)))
    return rules.did(records)


def impact_years() -> list[int]:
    """Years T with rated annual appraisals in both T-1 and T: where the impact is computable."""
    from penata.performance.models import Appraisal

    rated = set(
        Appraisal.objects.filter(period__kind="annual", status__in=RATED)
        .values_list("period__year", flat=True)
        .distinct()
    )
    return sorted(y for y in rated if y - 1 in rated)


def impact_programs() -> list[tuple[int, str, str]]:
    """Programs with at least one completion: (id, code, title)."""
    from penata.learning.models import TrainingProgram

    return list(
        TrainingProgram.objects.filter(sessions__enrolments__status="completed")
        .distinct()
        .order_by("title")
        .values_list("pk", "code", "title")
    )
