"""Pages of competency gaps: the heat map OPD × competency with the city-wide ranking
(aggregates, :attr:`Perm.LEARNING_STATS`), the employees with the largest gaps and the training
needs analysis with its XLSX and PDF downloads (person-level, :attr:`Perm.TRAINING_NEEDS`).

Every page reads one :func:`penata.learning.gaps.gap_summary` of the user's scope: a fixed
number of queries whatever the number of employees.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from penata.core.access import has_perm, require
from penata.core.models import User
from penata.core.roles import Perm
from penata.learning import gaps
from penata.learning.models import Competency, CompetencyKind
from penata.workforce.models import Employee, OrgUnit


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _filters(
    request: HttpRequest, scope: QuerySet[Employee]
) -> tuple[QuerySet[Employee], list[int] | None, dict[str, Any]]:
    """Narrow by OPD (``opd``) and by competency kind or area (``jenis``, ``rumpun``)."""
    opd_id = request.GET.get("opd", "")
    opd = None
    if opd_id.isdigit():
        opd = OrgUnit.objects.filter(pk=int(opd_id)).first()
        if opd is not None:
            scope = scope.filter(org_unit__path__startswith=opd.path)
    kind = request.GET.get("jenis", "")
    area = request.GET.get("rumpun", "")
    comps = None
    if kind in CompetencyKind.values or area:
        qs = Competency.objects.all()
        if kind in CompetencyKind.values:
            qs = qs.filter(kind=kind)
        if area:
            qs = qs.filter(area=area)
        comps = list(qs.values_list("pk", flat=True))
    return (
        scope,
        comps,
        {
            "opd": opd,
            "kind": kind,
            "area": area,
            "kinds": CompetencyKind.choices,
            "areas": Competency.objects.exclude(area="")
            .order_by("area")
            .values_list("area", flat=True)
            .distinct(),
            "query": request.GET.urlencode(),
        },
    )


def _opd_choices(scope: QuerySet[Employee]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(pk__in=scope.values("org_unit__opd_id")).order_by("name")


@require(Perm.LEARNING_STATS)
@require_GET
def gaps_heatmap(request: HttpRequest) -> HttpResponse:
    """Heat map OPD × competency (mean gap, share with a gap, number assessed) and the
    ranking of competencies by total gap."""
    user = _user(request)
    base = gaps.stats_scope(user)
    scope, comps, ctx = _filters(request, base)
    summary = gaps.gap_summary(scope, timezone.localdate(), competencies=comps)
    ranking = gaps.competency_ranking(summary)
    chart = {
        "kind": "bar",
        "labels": [r["competency"].name for r in ranking[:15]],
        "datasets": [
            {
                "label": _("Total poin kesenjangan"),
                "data": [r["agg"].gap_sum for r in ranking[:15]],
            },
            {
                "label": _("Pegawai dengan kesenjangan"),
                "data": [r["agg"].with_gap for r in ranking[:15]],
            },
        ],
    }
    return render(
        request,
        "learning/gaps_heatmap.html",
        {
            **ctx,
            "summary": summary,
            "heat": gaps.heat_map(summary),
            "ranking": ranking,
            "chart": chart,
            "opds": _opd_choices(base),
            "can_needs": has_perm(user, Perm.TRAINING_NEEDS),
        },
    )


@require(Perm.TRAINING_NEEDS)
@require_GET
def gaps_people(request: HttpRequest) -> HttpResponse:
    """The employees in scope with the largest total gap."""
    user = _user(request)
    base = gaps.needs_scope(user)
    scope, comps, ctx = _filters(request, base)
    summary = gaps.gap_summary(scope, timezone.localdate(), competencies=comps)
    return render(
        request,
        "learning/gaps_people.html",
        {
            **ctx,
            "summary": summary,
            "people": gaps.employee_ranking(summary, limit=200),
            "opds": _opd_choices(base),
        },
    )


def _tna(request: HttpRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    user = _user(request)
    base = gaps.needs_scope(user)
    scope, comps, ctx = _filters(request, base)
    summary = gaps.gap_summary(scope, timezone.localdate(), competencies=comps)
    ctx["opds"] = _opd_choices(base)
    return gaps.training_needs(summary), ctx


def _scope_label(ctx: dict[str, Any]) -> str:
    parts = []
    if ctx.get("opd") is not None:
        parts.append(ctx["opd"].name)
    if ctx.get("kind"):
        parts.append(str(CompetencyKind(ctx["kind"]).label))
    if ctx.get("area"):
        parts.append(ctx["area"])
    return ", ".join(parts)


@require(Perm.TRAINING_NEEDS)
@require_GET
def gaps_tna(request: HttpRequest) -> HttpResponse:
    """The training needs analysis (analisis kebutuhan diklat)."""
    report, ctx = _tna(request)
    return render(request, "learning/gaps_tna.html", {**ctx, "report": report})


@require(Perm.TRAINING_NEEDS)
@require_GET
def gaps_tna_xlsx(request: HttpRequest) -> HttpResponse:
    report, ctx = _tna(request)
    data = gaps.tna_xlsx(report, scope_label=_scope_label(ctx))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"analisis-kebutuhan-diklat-{report['on']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(Perm.TRAINING_NEEDS)
@require_GET
def gaps_tna_pdf(request: HttpRequest) -> HttpResponse:
    report, ctx = _tna(request)
    data = gaps.tna_pdf(report, scope_label=_scope_label(ctx))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"analisis-kebutuhan-diklat-{report['on']:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
