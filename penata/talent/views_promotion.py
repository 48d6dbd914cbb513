"""Page of regular rank promotion per promotion period: who is eligible, who is blocked and
why, with the fairness table; XLSX export."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from penata.core.access import require
from penata.core.exports import write_table
from penata.core.roles import Perm
from penata.talent import promotion, rules


def _day(request: HttpRequest) -> dt.date:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET.get("month") or 0)
    except ValueError:
        year, month = today.year, 0
    if not 2000 <= year <= 2200:
        year = today.year
    if month not in rules.PROMOTION_MONTHS:
        month = next((m for m in rules.PROMOTION_MONTHS if m >= today.month), 12)
    return dt.date(year, month, 1)


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def regular_promotion(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    rows = promotion.regular_promotion(day)
    show = request.GET.get("show", "eligible")
    chosen = [r for r in rows if r.eligible == (show != "blocked")]
    page = Paginator(chosen, 50).get_page(request.GET.get("page"))
    fair = promotion.fairness([(r.gender, r.birth_date, r.opd, r.eligible) for r in rows], day)
    return render(
        request,
        "talent/regular_promotion.html",
        {
            "day": day,
            "days": promotion.period_days(day.year),
            "years": range(day.year - 2, day.year + 2),
            "page": page,
            "show": show,
            "page_query": f"year={day.year}&month={day.month}&show={show}",
            "n_eligible": sum(1 for r in rows if r.eligible),
            "n_blocked": sum(1 for r in rows if not r.eligible),
            "fairness_dims": promotion.fairness_dims(fair),
        },
    )


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def regular_promotion_xlsx(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    rows = promotion.regular_promotion(day)
    headers = ["NIP", "Nama", "OPD", "Golongan", "Golongan berikut", "Memenuhi syarat", "Alasan"]
    data = (
        [
            r.nip,
            r.name,
            r.opd,
            r.rank,
            r.next_rank if r.eligible else "",
            "ya" if r.eligible else "tidak",
            "; ".join(b.message for b in r.blocks),
        ]
        for r in rows
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kp.xlsx"
        write_table(path, headers, data, fmt="xlsx", sheet="KP reguler")
        content = path.read_bytes()
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="kp-reguler-{day:%Y-%m}.xlsx"'
    return response
