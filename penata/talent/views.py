"""Pages of talent management: the potential scores and their import, the talent map (9-box),
the people of a box, the talent pool, a person's box history and one's own box."""

from __future__ import annotations

import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.exports import csv_response, write_table
from penata.core.import_views import ImportFlow
from penata.core.models import User
from penata.core.roles import Perm
from penata.performance.models import AppraisalPeriod
from penata.talent import rules, selectors, services
from penata.talent.models import (
    BoxRecommendation,
    PotentialLevel,
    PotentialUpload,
    TalentBox,
    TalentMapRun,
    TalentSettings,
)
from penata.talent.tasks import potential_apply, potential_check
from penata.workforce.models import OPD_KINDS, OrgUnit, PositionKind, Rank


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _period(request: HttpRequest) -> AppraisalPeriod | None:
    periods = selectors.periods_with_map()
    pk = _int(request.GET.get("period"))
    if pk:
        return periods.filter(pk=pk).first()
    with_map = periods.filter(talent_boxes__isnull=False).distinct().first()
    return with_map or periods.first()


def _filters(request: HttpRequest) -> selectors.MapFilters:
    kind = request.GET.get("position_kind", "")
    return selectors.MapFilters(
        opd=_int(request.GET.get("opd")),
        rank=_int(request.GET.get("rank")),
        position_kind=kind if kind in PositionKind.values else "",
    )


def _map_context(request: HttpRequest) -> dict[str, Any]:
    period = _period(request)
    flt = _filters(request)
    qs = selectors.talent_boxes_visible_to(request.user)
    qs = flt.apply(qs.filter(period=period)) if period else qs.none()
    query = {
        k: v
        for k, v in {
            "period": period.pk if period else "",
            "opd": flt.opd or "",
            "rank": flt.rank or "",
            "position_kind": flt.position_kind,
        }.items()
        if v
    }
    return {
        "period": period,
        "periods": selectors.periods_with_map(),
        "filters": flt,
        "qs": qs,
        "query": urlencode(query),
        "opds": OrgUnit.objects.filter(kind__in=list(OPD_KINDS)).order_by("name"),
        "ranks": Rank.objects.order_by("kind", "order"),
        "position_kinds": PositionKind.choices,
    }


@require(Perm.TALENT_MAP)
@require_GET
def talent_map(request: HttpRequest) -> HttpResponse:
    """The 9-box of a period: counts per box (each links to its people), the recommendation,
    the share in the talent pool; filters by OPD, rank and position kind."""
    ctx = _map_context(request)
    counts = selectors.box_counts(ctx["qs"])
    total = sum(counts.values())
    pool = sum(n for b, n in counts.items() if rules.in_talent_pool(b))
    last_run = (
        TalentMapRun.objects.filter(period=ctx["period"]).select_related("progress").first()
        if ctx["period"]
        else None
    )
    return render(
        request,
        "talent/map.html",
        {
            **ctx,
            "grid": selectors.grid(counts),
            "total": total,
            "pool": pool,
            "pool_percent": round(100 * pool / total, 1) if total else 0,
            "last_run": last_run,
            "can_manage": has_perm(request.user, Perm.TALENT_MANAGE),
            "chart": {
                "labels": [str(b) for b in range(1, 10)],
                "counts": [counts.get(b, 0) for b in range(1, 10)],
            },
        },
    )


def _people(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    ctx = _map_context(request)
    qs = ctx["qs"]
    box = _int(request.GET.get("box"))
    pool = request.GET.get("pool") == "1"
    if box:
        qs = qs.filter(box=box)
    elif pool:
        qs = qs.filter(box__in=sorted(rules.TALENT_POOL))
    qs = qs.select_related("employee", "opd", "rank").order_by(
        "-box", "-potential_score", "employee__name"
    )
    rec = BoxRecommendation.objects.filter(box=box).first() if box else None
    extra = f"box={box}" if box else ("pool=1" if pool else "")
    page_query = "&".join(q for q in (extra, ctx["query"]) if q)
    return qs, {**ctx, "box": box, "pool": pool, "recommendation": rec, "page_query": page_query}


@require(Perm.TALENT_MAP)
@require_GET
def box_people(request: HttpRequest) -> HttpResponse:
    """The people of a box (``?box=``) or of the talent pool (``?pool=1``), filtered like the
    map."""
    qs, ctx = _people(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "talent/people.html", {**ctx, "page": page})


@require(Perm.TALENT_MAP)
@require_GET
def box_people_export(request: HttpRequest) -> HttpResponse:
    qs, ctx = _people(request)
    headers = [
        "NIP",
        "Nama",
        "OPD",
        "Golongan",
        "Jenis jabatan",
        "Predikat",
        "Kinerja",
        "Nilai potensial",
        "Potensial",
        "Kotak",
    ]
    rows = (
        [
            b.employee.nip,
            b.employee.name,
            b.opd.name if b.opd else "",
            b.rank.code if b.rank else "",
            b.position_kind,
            b.predikat,
            b.get_performance_level_display(),
            b.potential_score,
            b.get_potential_level_display(),
            b.box,
        ]
        for b in qs.iterator(chunk_size=2000)
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "talenta.xlsx"
        write_table(path, headers, rows, fmt="xlsx", sheet="Kotak talenta")
        data = path.read_bytes()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    period = ctx["period"]
    suffix = f"-kotak{ctx['box']}" if ctx["box"] else ("-kelompok" if ctx["pool"] else "")
    response["Content-Disposition"] = (
        f'attachment; filename="peta-talenta-{period.pk if period else 0}{suffix}.xlsx"'
    )
    return response


@require(Perm.TALENT_MANAGE)
@require_POST
def map_compute(request: HttpRequest) -> HttpResponse:
    """Start the computation of a period's talent map in the background."""
    period = get_object_or_404(AppraisalPeriod, pk=_int(request.POST.get("period")) or 0)
    run = services.talent_map_start(actor=_user(request), period=period)
    messages.success(request, _("Perhitungan peta talenta %(p)s dimulai.") % {"p": period})
    if run.progress_id:
        return redirect("core:task_detail", progress_id=run.progress_id)
    return redirect(reverse("talent:map") + f"?period={period.pk}")


def _history(employee_id: int) -> Any:
    return (
        TalentBox.objects.filter(employee_id=employee_id)
        .select_related("period", "opd")
        .order_by("-period__year", "period__kind")
    )


@require(Perm.TALENT_OWN)
@require_GET
def employee_history(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's box over the periods and their potential scores (scoped; 404 outside)."""
    if not selectors.employee_visible(request.user, pk):
        raise Http404
    from penata.workforce.models import Employee

    employee = get_object_or_404(Employee, pk=pk)
    return _render_history(request, employee)


def _render_history(request: HttpRequest, employee: Any) -> HttpResponse:
    history = list(_history(employee.pk))
    recs = {r.box: r for r in BoxRecommendation.objects.all()}
    for h in history:
        h.rec = recs.get(h.box)
    scores = employee.potential_scores.order_by("-assessed_on")[:20]
    return render(
        request,
        "talent/history.html",
        {"employee": employee, "history": history, "scores": scores},
    )


@require(Perm.TALENT_OWN)
@require_GET
def my_box(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.employee_id:
        return render(request, "talent/history.html", {"employee": None, "history": []})
    return _render_history(request, user.employee)


@require(Perm.TALENT_MAP)
@require_GET
def potential_list(request: HttpRequest) -> HttpResponse:
    qs = (
        selectors.potential_scores_visible_to(request.user)
        .filter(is_current=True)
        .select_related("employee")
        .order_by("-score", "employee__name")
    )
    level = request.GET.get("level", "")
    if level in PotentialLevel.values:
        qs = qs.filter(level=level)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/potential_list.html",
        {
            "page": page,
            "page_query": urlencode({"level": level}) if level else "",
            "level": level,
            "levels": PotentialLevel.choices,
            "settings": TalentSettings.current(),
            "can_manage": has_perm(request.user, Perm.TALENT_MANAGE),
        },
    )


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal((value or "").replace(",", "."))
    except InvalidOperation:
        return None


@require(Perm.TALENT_MANAGE)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    cfg = TalentSettings.current()
    fields = [
        "weight_competency",
        "weight_potential_test",
        "weight_track_record",
        "cut_high",
        "cut_mid",
    ]
    values = {f: request.POST.get(f, str(getattr(cfg, f))) for f in fields}
    error = ""
    if request.method == "POST":
        parsed = {f: _decimal(values[f]) for f in fields}
        if any(v is None for v in parsed.values()):
            error = _("Semua isian harus angka (mis. 50 atau 82,5).")
        else:
            try:
                services.talent_settings_update(actor=_user(request), **parsed)  # type: ignore[arg-type]
            except services.TalentError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _(
                        "Pengaturan disimpan; berlaku untuk nilai potensial yang dicatat "
                        "berikutnya."
                    ),
                )
                return redirect("talent:potential_list")
    return render(request, "talent/settings.html", {"values": values, "error": error})


IMPORT_FLOW = ImportFlow(
    model=PotentialUpload,
    kind="potential_import",
    check_task=potential_check,
    apply_task=potential_apply,
    title=gettext_lazy("Impor nilai potensial"),
    url_prefix="talent:potential_import",
    upload_template="talent/potential_upload.html",
    upload_context=lambda: {"columns": services.COLUMNS, "required": services.REQUIRED},
)


@require(Perm.TALENT_MANAGE)
def potential_import_upload(request: HttpRequest) -> HttpResponse:
    return IMPORT_FLOW.upload(request)


@require(Perm.TALENT_MANAGE)
@require_GET
def potential_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.detail(request, pk)


@require(Perm.TALENT_MANAGE)
@require_POST
def potential_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.confirm(request, pk)


@require(Perm.TALENT_MANAGE)
@require_GET
def potential_import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.errors(request, pk)


@require(Perm.TALENT_MANAGE)
@require_GET
def potential_import_template(request: HttpRequest) -> HttpResponse:
    headers, rows = services.potential_template_rows()
    return csv_response("templat-nilai-potensial.csv", headers, rows)
