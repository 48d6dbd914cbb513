"""Readiness index over the city (``readiness_index``).

N anonymous survey responses (15,000 at city scale: every ASN answering one wave) spread over
40 OPDs with 15 ADKAR items each, generated with ``bulk_create``. Measured:

* :func:`penata.engagement.selectors.readiness_for_wave`: the index per OPD and dimension with
  the anonymity rule, plus the city row — time and query count (must not grow with N);
* the hot-spot table for the same wave (readiness, attendance, champions, follow-ups);
* against the naive baseline in the same run: load every response's answers and recompute the
  dimension means in Python with :mod:`penata.engagement.rules`, then group; the ratio is
  baseline / set-based. The two must agree on every OPD's index.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat

RESPONSES = {"small": 1_500, "city": 15_000, "national": 300_000}


def _generate(n: int, *, seed: int = 9) -> Any:
    from bench.workforce_bench import _units
    from penata.core.models import User
    from penata.core.roles import Role
    from penata.engagement import rules, services
    from penata.engagement.models import SurveyResponse, SurveyWave, WaveStatus
    from penata.workforce.models import OrgUnit

    rng = random.Random(seed)
    _units()
    opds = list(OrgUnit.objects.filter(opd_id=F("pk")).values_list("pk", flat=True))
    level = {o: rng.uniform(2.4, 4.4) for o in opds}
    with transaction.atomic():
        survey = services.survey_create(actor=None, title=f"Bench {time.time()}")
        items = dict(survey.items.values_list("pk", "dimension"))
        today = dt.date.today()
        wave = SurveyWave.objects.create(
            survey=survey, number=1, opens_on=today, closes_on=today, status=WaveStatus.CLOSED
        )
        batch = []
        for _i in range(n):
            opd = rng.choice(opds)
            answers = {pk: max(1, min(5, round(rng.gauss(level[opd], 0.9)))) for pk in items}
            batch.append(
                SurveyResponse(
                    wave=wave,
                    opd_id=opd,
                    answers={str(k): v for k, v in answers.items()},
                    **rules.dimension_means(answers, items),
                )
            )
        SurveyResponse.objects.bulk_create(batch, batch_size=5000)
    user = User.objects.create(username=f"bench-bkpp-{time.time()}", role=Role.BKPP)
    return wave, items, user


def _naive(wave: Any, items: dict[int, str]) -> tuple[float, dict[int, float | None]]:
    from penata.engagement import rules
    from penata.engagement.models import SurveyResponse

    start = time.perf_counter()
    per_opd: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for opd_id, answers in SurveyResponse.objects.filter(wave=wave).values_list(
        "opd_id", "answers"
    ):
        means = rules.dimension_means({int(k): v for k, v in answers.items()}, items)
        for d, m in means.items():
            if m is not None:
                per_opd[opd_id][d].append(m)
    out: dict[int, float | None] = {}
    for opd_id, dims in per_opd.items():
        idx = {d: rules.group_index(v) for d, v in dims.items()}
        out[opd_id] = rules.overall_index(idx)
    return time.perf_counter() - start, out


def readiness_index(*, scale: str) -> dict[str, Any]:
    from penata.engagement import selectors

    n = RESPONSES[scale]
    start = time.perf_counter()
    wave, items, user = _generate(n)
    generate_s = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    with CaptureQueriesContext(connection) as ctx:
        rows, city = selectors.readiness_for_wave(wave)
    queries = len(ctx.captured_queries)
    timing = repeat(lambda: selectors.readiness_for_wave(wave), 5)
    hot = repeat(lambda: selectors.hot_spots(user, wave), 3)

    naive_s, naive = _naive(wave, items)
    agree = all(
        r.hidden or (r.index is not None and abs(r.index - (naive[k] or 0)) < 0.2)
        for k, r in rows.items()
    )
    median_s = timing["median_ms"] / 1000
    return {
        "responses": n,
        "opds": len(rows),
        "generate_s": round(generate_s, 2),
        "readiness_for_wave": timing,
        "queries": queries,
        "hot_spots": hot,
        "city_index": None if city.index is None else round(city.index, 1),
        "hidden_opds": sum(1 for r in rows.values() if r.hidden),
        "baseline": {
            "method": "load every response's answers, recompute means in Python, group",
            "s": round(naive_s, 3),
        },
        "agree_with_baseline": agree,
        "ratio_baseline_over_set_based": round(naive_s / median_s, 1) if median_s else None,
    }
