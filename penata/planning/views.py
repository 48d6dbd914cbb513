"""Pages of workforce planning: the ABK dashboard (charts), position table with exports, a
position's job analysis, the ABK import, and redistribution proposals (review, edit, approve).

Aggregates for :attr:`Perm.PLANNING_VIEW` (an OPD operator sees their OPD only); everything
that names people or writes is :attr:`Perm.PLANNING_MANAGE` (BKPP, administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from penata.core.access import has_perm, require
from penata.core.import_views import ImportFlow
from penata.core.models import User
from penata.core.roles import Perm
from penata.planning import reports, selectors, services
from penata.planning.imports import COLUMNS, REQUIRED
from penata.planning.models import AbkUpload, JobTask, Move, Proposal, ProposalStatus
from penata.planning.tasks import abk_apply, abk_check
from penata.workforce.models import OrgUnit, Position


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _scoped_loads(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    user = _user(request)
    run = services.latest_run()
    loads = selectors.loads_visible_to(user, run)
    opd = None
    opd_id = request.GET.get("opd", "")
    if opd_id.isdigit():
        opd = OrgUnit.objects.filter(pk=int(opd_id)).first()
        if opd is not None:
            loads = loads.filter(opd=opd)
    opds = OrgUnit.objects.filter(
        pk__in=selectors.loads_visible_to(user, run).values("opd_id")
    ).order_by("name")
    return loads, {"run": run, "opd": opd, "opds": opds, "query": request.GET.urlencode()}


@require(Perm.PLANNING_VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Needed vs in post vs formasi per OPD, surplus/shortage, bands, projection, cost."""
    user = _user(request)
    loads, ctx = _scoped_loads(request)
    opd_rows = selectors.opd_summary(loads)
    totals = selectors.totals(loads)
    band = selectors.band_distribution(loads)
    projection = selectors.retirement_projection(user, ctx["run"])
    short = [r["opd__name"][:40] for r in opd_rows]
    ctx.update(
        totals=totals,
        opd_rows=opd_rows,
        unit_rows=selectors.unit_summary(loads) if ctx["opd"] is not None else None,
        bands=sorted(band.items()),
        projection=projection,
        cost=selectors.cost_summary() if has_perm(user, Perm.PLANNING_MANAGE) else None,
        can_manage=has_perm(user, Perm.PLANNING_MANAGE),
        height=max(300, 22 * len(opd_rows)),
        chart_need={
            "kind": "bar",
            "horizontal": True,
            "labels": short,
            "datasets": [
                {"label": _("Kebutuhan (ABK)"), "data": [r["needed"] for r in opd_rows]},
                {"label": _("Bezetting"), "data": [r["in_post"] for r in opd_rows]},
                {"label": _("Formasi"), "data": [r["formasi"] for r in opd_rows]},
            ],
        },
        chart_balance={
            "kind": "bar",
            "horizontal": True,
            "stacked": True,
            "labels": short,
            "datasets": [
                {
                    "label": _("Kelebihan"),
                    "data": [r["surplus"] for r in opd_rows],
                    "colour": "#20a39e",
                },
                {
                    "label": _("Kekurangan"),
                    "data": [-r["shortage"] for r in opd_rows],
                    "colour": "#bf1363",
                },
            ],
        },
        chart_bands={
            "kind": "bar",
            "labels": [b for b, _n in sorted(band.items())],
            "datasets": [
                {"label": _("Jumlah jabatan"), "data": [n for _b, n in sorted(band.items())]}
            ],
        },
        chart_projection={
            "kind": "line",
            "labels": [str(y) for y in projection["years"]],
            "datasets": [
                {"label": _("Kekurangan tanpa rekrutmen"), "data": projection["total"]},
                {"label": _("Pensiun (BUP) per tahun"), "data": projection["retiring"]},
            ],
        },
    )
    return render(request, "planning/dashboard.html", ctx)


@require(Perm.PLANNING_VIEW)
@require_GET
def positions(request: HttpRequest) -> HttpResponse:
    loads, ctx = _scoped_loads(request)
    band = request.GET.get("kategori", "")
    if band:
        loads = loads.filter(band=band)
    state = request.GET.get("status", "")
    if state == "kurang":
        loads = loads.filter(needed__gt=F("in_post"))
    elif state == "lebih":
        loads = loads.filter(in_post__gt=F("needed"))
    page = Paginator(selectors.position_rows(loads), 50).get_page(request.GET.get("page"))
    ctx.update(page=page, band=band, state=state)
    return render(request, "planning/positions.html", ctx)


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(Perm.PLANNING_VIEW)
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    loads, _ctx = _scoped_loads(request)
    opd_rows = selectors.opd_summary(loads)
    data = reports.xlsx(
        [
            (
                "Per OPD",
                ["OPD", "Jabatan", "Kebutuhan", "Bezetting", "Formasi", "Kelebihan", "Kekurangan"],
                [
                    [
                        r["opd__name"],
                        r["positions"],
                        r["needed"],
                        r["in_post"],
                        r["formasi"],
                        r["surplus"],
                        r["shortage"],
                    ]
                    for r in opd_rows
                ],
            ),
            (
                "Per jabatan",
                reports.POSITION_HEADERS,
                (reports.position_row(x) for x in selectors.position_rows(loads).iterator()),
            ),
        ]
    )
    return _download(
        data,
        f"abk-{timezone.localdate():%Y%m%d}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require(Perm.PLANNING_VIEW)
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    loads, ctx = _scoped_loads(request)
    run = ctx["run"]
    subtitle = (
        f"Perhitungan {timezone.localtime(run.created_at):%d-%m-%Y %H:%M}; waktu kerja efektif "
        f"{run.effective_minutes / 60:,.0f} jam/tahun (PermenPANRB 1/2020)"
        if run
        else "Belum ada perhitungan"
    )
    data = reports.pdf(
        title="Analisis beban kerja Kota Semarang",
        subtitle=subtitle,
        totals=selectors.totals(loads),
        opd_rows=selectors.opd_summary(loads),
    )
    return _download(data, f"abk-{timezone.localdate():%Y%m%d}.pdf", "application/pdf")


@require(Perm.PLANNING_VIEW)
@require_GET
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    position = get_object_or_404(Position.objects.select_related("org_unit"), pk=pk)
    run = services.latest_run()
    load = selectors.loads_visible_to(user, run).filter(position=position).first()
    unit = selectors.operator_unit(user)
    if unit is not None and not position.org_unit.path.startswith(unit.path):
        raise Http404
    tasks = list(JobTask.objects.filter(position=position).order_by("name"))
    for t in tasks:
        t.workload = float(t.volume) * float(t.minutes)  # type: ignore[attr-defined]
    profile = getattr(position, "job_profile", None)
    return render(
        request,
        "planning/position_detail.html",
        {"position": position, "load": load, "tasks": tasks, "profile": profile, "run": run},
    )


@require(Perm.PLANNING_MANAGE)
@require_POST
def analysis_start(request: HttpRequest) -> HttpResponse:
    progress = services.analysis_start(actor=_user(request))
    messages.info(request, _("Perhitungan ABK berjalan di latar."))
    return redirect("core:task_detail", progress_id=progress.pk)


IMPORT_FLOW = ImportFlow(
    model=AbkUpload,
    kind="abk_import",
    check_task=abk_check,
    apply_task=abk_apply,
    title=gettext_lazy("Impor uraian tugas (ABK)"),
    url_prefix="planning:import",
    upload_template="planning/import.html",
    upload_context=lambda: {"columns": COLUMNS, "required": REQUIRED},
)


@require(Perm.PLANNING_MANAGE)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload → check (every error, nothing written) → confirm → import (all or nothing)."""
    return IMPORT_FLOW.upload(request)


@require(Perm.PLANNING_MANAGE)
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.detail(request, pk)


@require(Perm.PLANNING_MANAGE)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.confirm(request, pk)


@require(Perm.PLANNING_MANAGE)
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.errors(request, pk)


@require(Perm.PLANNING_MANAGE)
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = selectors.proposals_visible_to(_user(request))
    return render(
        request,
        "planning/proposal_list.html",
        {
            "proposals": proposals[:100],
            "run": services.latest_run(),
            "opds": OrgUnit.objects.filter(parent=None).order_by("name"),
        },
    )


@require(Perm.PLANNING_MANAGE)
@require_POST
def proposal_create(request: HttpRequest) -> HttpResponse:
    opd = None
    if request.POST.get("opd", "").isdigit():
        opd = OrgUnit.objects.filter(pk=int(request.POST["opd"])).first()
    try:
        progress = services.proposal_start(
            actor=_user(request), title=request.POST.get("title", ""), opd=opd
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
        return redirect("planning:proposal_list")
    messages.info(request, _("Usulan sedang disusun di latar; hasilnya muncul di daftar usulan."))
    return redirect("core:task_detail", progress_id=progress.pk)


@require(Perm.PLANNING_MANAGE)
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_visible_to(_user(request)), pk=pk)
    page = Paginator(selectors.moves_of(proposal), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/proposal_detail.html",
        {
            "proposal": proposal,
            "page": page,
            "cost": selectors.cost_summary(proposal),
            "is_draft": proposal.status == ProposalStatus.DRAFT,
        },
    )


def _version(request: HttpRequest) -> int | None:
    v = request.POST.get("version", "")
    return int(v) if v.isdigit() else None


@require(Perm.PLANNING_MANAGE)
@require_POST
def move_edit(request: HttpRequest, pk: int) -> HttpResponse:
    move = get_object_or_404(Move.objects.select_related("proposal"), pk=pk)
    try:
        if request.POST.get("to_position", "").isdigit():
            target = get_object_or_404(
                Position.objects.select_related("org_unit"), pk=int(request.POST["to_position"])
            )
            services.move_retarget(
                actor=_user(request), move=move, to_position=target, version=_version(request)
            )
        else:
            services.move_set_excluded(
                actor=_user(request),
                move=move,
                excluded=request.POST.get("excluded") == "1",
                version=_version(request),
            )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("planning:proposal_detail", args=[move.proposal_id]))


@require(Perm.PLANNING_MANAGE)
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.proposal_approve(
                actor=_user(request), proposal=proposal, version=_version(request)
            )
            messages.success(request, _("Usulan disetujui; mutasi dicatat di data pegawai."))
        else:
            services.proposal_reject(
                actor=_user(request), proposal=proposal, version=_version(request)
            )
            messages.info(request, _("Usulan ditolak."))
    except services.PlanningError as exc:
        messages.error(request, str(exc))
    return redirect("planning:proposal_detail", pk=pk)


@require(Perm.PLANNING_MANAGE)
@require_GET
def proposal_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_visible_to(_user(request)), pk=pk)
    rows = (
        [
            m.employee.nip,
            m.employee.name,
            str(m.from_position),
            m.from_position.org_unit.name,
            str(m.to_position),
            m.to_position.org_unit.name,
            "; ".join(m.reasons),
            "ya" if m.excluded else "",
        ]
        for m in selectors.moves_of(proposal).iterator()
    )
    data = reports.xlsx(
        [
            (
                "Usulan",
                [
                    "NIP",
                    "Nama",
                    "Jabatan asal",
                    "Unit asal",
                    "Jabatan tujuan",
                    "Unit tujuan",
                    "Alasan",
                    "Dikeluarkan",
                ],
                rows,
            )
        ]
    )
    return _download(
        data,
        f"usulan-redistribusi-{proposal.pk}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
