"""Pages of succession for key positions: coverage, successors per position by readiness."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from penata.core.access import has_perm, require
from penata.core.models import User
from penata.core.roles import Perm
from penata.performance.models import AppraisalPeriod
from penata.talent import succession
from penata.talent.models import SuccessionCandidate
from penata.talent.views import _period


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def succession_overview(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    summary = succession.summary_for(period.pk if period else None)
    page = Paginator(summary["rows"], 50).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/succession.html",
        {
            "period": period,
            "periods": AppraisalPeriod.objects.order_by("-year", "kind"),
            "summary": summary,
            "page": page,
            "page_query": f"period={period.pk}" if period else "",
            "can_manage": has_perm(request.user, Perm.TALENT_MANAGE),
        },
    )


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def succession_position(request: HttpRequest, pk: int) -> HttpResponse:
    from penata.workforce.models import Position

    position = get_object_or_404(Position.objects.select_related("org_unit"), pk=pk)
    period = _period(request)
    cands = (
        SuccessionCandidate.objects.filter(position=position, period=period)
        .select_related("employee", "employee__rank", "employee__org_unit")
        .order_by("order")
    )
    return render(
        request,
        "talent/succession_position.html",
        {"position": position, "period": period, "candidates": cands},
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def succession_compute(request: HttpRequest) -> HttpResponse:
    period = get_object_or_404(AppraisalPeriod, pk=request.POST.get("period") or 0)
    assert isinstance(request.user, User)
    summary = succession.succession_compute(actor=request.user, period_id=period.pk)
    messages.success(
        request,
        _("Suksesi dihitung: %(c)s dari %(n)s jabatan kunci tertutup.")
        % {"c": summary["covered"], "n": summary["positions"]},
    )
    return redirect(reverse("talent:succession") + f"?period={period.pk}")
