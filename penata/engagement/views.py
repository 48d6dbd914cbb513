"""Pages of change management. Reads come from :mod:`penata.engagement.selectors`, writes go
through :mod:`penata.engagement.services`; a refused action shows its Indonesian message."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.audit import audit_record
from penata.core.exports import FORMATS, write_table
from penata.core.roles import Perm
from penata.engagement import rules, selectors, services
from penata.engagement.forms import (
    AnnouncementForm,
    CampaignForm,
    ChampionForm,
    CheckInForm,
    EventForm,
    FollowUpForm,
    ItemForm,
    MaterialForm,
    SurveyForm,
    WaveForm,
)
from penata.engagement.models import (
    Announcement,
    Attendance,
    Campaign,
    Dimension,
    EngagementSettings,
    Event,
    FollowUpKind,
    Invitation,
    Material,
    MaterialKind,
    Survey,
    SurveyWave,
)
from penata.engagement.services import EngagementError
from penata.workforce.models import Employee

DIM_LABELS = dict(Dimension.choices)


def _user(request: HttpRequest) -> Any:
    return request.user


def _refused(request: HttpRequest, exc: EngagementError) -> None:
    messages.error(request, exc.message)


# --- what every ASN sees -------------------------------------------------------------------------


@require(Perm.ENGAGEMENT_PARTICIPATE)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    events = (
        selectors.events_visible_to(user)
        .filter(ends_at__gte=now - dt.timedelta(days=1))
        .order_by("starts_at")[:20]
    )
    return render(
        request,
        "engagement/home.html",
        {
            "announcements": selectors.announcements_for(user)[:20],
            "events": events,
            "waves": selectors.open_waves_for(user),
        },
    )


@require(Perm.ENGAGEMENT_PARTICIPATE)
@require_GET
def material_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    material = get_object_or_404(Material.objects.select_related("campaign"), pk=pk)
    if not selectors.campaign_reaches(_user(request), material.campaign_id):
        raise Http404
    if material.kind == MaterialKind.LINK:
        return redirect(material.url)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=False, filename=Path(material.file.name or "materi").name
    )


@require(Perm.ENGAGEMENT_PARTICIPATE)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("kode", "")})
    attendance = None
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.checkin_redeem(
                user=_user(request), raw_code=form.cleaned_data["code"]
            )
        except EngagementError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(
                request,
                _("Kehadiran Anda di %(event)s tercatat.") % {"event": attendance.event.title},
            )
            return redirect("engagement:home")
    return render(request, "engagement/checkin.html", {"form": form})


@require(Perm.ENGAGEMENT_PARTICIPATE)
@require_http_methods(["GET", "POST"])
def wave_answer(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(SurveyWave.objects.select_related("survey"), pk=pk)
    if wave.pk not in {w.pk for w in selectors.open_waves_for(_user(request))}:
        messages.info(request, _("Survei ini tidak sedang menunggu jawaban Anda."))
        return redirect("engagement:home")
    items = list(wave.survey.items.all())
    answers: dict[int, int] = {}
    error = ""
    if request.method == "POST":
        for item in items:
            raw = request.POST.get(f"item-{item.pk}", "")
            if raw.isdigit():
                answers[item.pk] = int(raw)
        try:
            services.response_submit(user=_user(request), wave=wave, answers=answers)
        except EngagementError as exc:
            error = exc.message
        else:
            messages.success(request, _("Terima kasih. Jawaban Anda tersimpan tanpa nama."))
            return redirect("engagement:home")
    groups = [
        {"label": DIM_LABELS[d.value], "items": [i for i in items if i.dimension == d.value]}
        for d in rules.DIMENSIONS
    ]
    return render(
        request,
        "engagement/wave_answer.html",
        {
            "wave": wave,
            "groups": groups,
            "answers": answers,
            "error": error,
            "scale": [
                (1, _("Sangat tidak setuju")),
                (2, _("Tidak setuju")),
                (3, _("Ragu-ragu")),
                (4, _("Setuju")),
                (5, _("Sangat setuju")),
            ],
            "k": EngagementSettings.current().min_group_size,
        },
    )


# --- campaigns -------------------------------------------------------------------------------


@require(Perm.ENGAGEMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.campaign_create(
                actor=_user(request),
                topic=d["topic"],
                message=d["message"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                target_unit_ids=[u.pk for u in d["target_units"]],
                target_roles=d["target_roles"],
            )
        except EngagementError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Kampanye dibuat."))
            return redirect("engagement:campaign_detail", pk=campaign.pk)
    campaigns = (
        Campaign.objects.select_related("owner")
        .annotate(
            n_materials=_count_of(Material, "campaign"),
            n_announcements=_count_of(Announcement, "campaign"),
            n_events=_count_of(Event, "campaign"),
        )
        .order_by("-starts_on", "-pk")[:200]
    )
    return render(request, "engagement/campaign_list.html", {"campaigns": campaigns, "form": form})


@require(Perm.ENGAGEMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)
    action = request.POST.get("action")
    material_form = MaterialForm(
        request.POST if action == "material" else None,
        request.FILES if action == "material" else None,
    )
    announcement_form = AnnouncementForm(request.POST if action == "announcement" else None)
    if action == "material" and material_form.is_valid():
        d = material_form.cleaned_data
        try:
            services.material_add(
                actor=_user(request),
                campaign=campaign,
                kind=d["kind"],
                title=d["title"],
                file=d.get("file"),
                url=d.get("url") or "",
            )
        except EngagementError as exc:
            material_form.add_error(None, exc.message)
        else:
            messages.success(request, _("Materi ditambahkan."))
            return redirect("engagement:campaign_detail", pk=pk)
    if action == "announcement" and announcement_form.is_valid():
        d = announcement_form.cleaned_data
        services.announcement_publish(
            actor=_user(request), campaign=campaign, title=d["title"], body=d["body"]
        )
        messages.success(request, _("Pengumuman diterbitkan."))
        return redirect("engagement:campaign_detail", pk=pk)
    return render(
        request,
        "engagement/campaign_detail.html",
        {
            "campaign": campaign,
            "units": campaign.target_units.all(),
            "materials": campaign.materials.all(),
            "announcements": campaign.announcements.all(),
            "events": campaign.events.all(),
            "material_form": material_form,
            "announcement_form": announcement_form,
        },
    )


# --- events ----------------------------------------------------------------------------------


@require(Perm.ENGAGEMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            event = services.event_create(
                actor=_user(request),
                title=d["title"],
                kind=d["kind"],
                mode=d["mode"],
                location=d["location"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                campaign=d["campaign"],
                target_unit_ids=[u.pk for u in d["target_units"]],
            )
        except EngagementError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Acara dibuat. Kirim undangan dari halaman acara."))
            return redirect("engagement:event_detail", pk=event.pk)
    events = Event.objects.annotate(
        n_invited=_count_of(Invitation), n_attended=_count_of(Attendance)
    ).order_by("-starts_at")[:200]
    return render(request, "engagement/event_list.html", {"events": events, "form": form})


@require(Perm.ENGAGEMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        n = services.event_invite(actor=_user(request), event=event)
        messages.success(request, _("%(n)s undangan baru dikirim.") % {"n": n})
        return redirect("engagement:event_detail", pk=pk)
    rows = selectors.attendance_by(_user(request), by="unit", event_id=event.pk)
    return render(
        request,
        "engagement/event_detail.html",
        {"event": event, "rows": rows, "units": event.target_units.all()},
    )


def _count_of(model: Any, fk: str = "event") -> Any:
    """A correlated COUNT per parent row: several joins with COUNT(DISTINCT) would multiply
    rows (invitations × attendances)."""
    sub = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub), 0)


def _qr(data: str) -> str:
    """An SVG data URI of a QR code, made on the server (segno, pure Python)."""
    return str(segno.make(data, error="m").svg_data_uri(scale=6, border=2))


@require(Perm.ENGAGEMENT_MANAGE)
@never_cache
@require_GET
def event_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen shown at the event: the current single-use code as text and QR; the page
    refreshes itself so the next person gets a fresh code once this one is used."""
    event = get_object_or_404(Event, pk=pk)
    code = services.current_screen_code(actor=_user(request), event=event)
    url = request.build_absolute_uri(reverse("engagement:checkin")) + f"?kode={code.code}"
    attended = event.attendances.count()
    return render(
        request,
        "engagement/event_screen.html",
        {"event": event, "code": code, "qr": _qr(url), "url": url, "attended": attended},
    )


# --- surveys ---------------------------------------------------------------------------------


@require(Perm.ENGAGEMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None, initial={"standard_items": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        survey = services.survey_create(
            actor=_user(request),
            title=d["title"],
            description=d["description"],
            standard_items=d["standard_items"],
        )
        messages.success(request, _("Survei dibuat."))
        return redirect("engagement:survey_detail", pk=survey.pk)
    surveys = Survey.objects.annotate(
        n_items=Count("items", distinct=True), n_waves=Count("waves", distinct=True)
    )
    return render(request, "engagement/survey_list.html", {"surveys": surveys, "form": form})


@require(Perm.ENGAGEMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    action = request.POST.get("action")
    item_form = ItemForm(request.POST if action == "item" else None)
    wave_form = WaveForm(request.POST if action == "wave" else None)
    user = _user(request)
    try:
        if action == "item" and item_form.is_valid():
            services.survey_item_add(actor=user, survey=survey, **item_form.cleaned_data)
            return redirect("engagement:survey_detail", pk=pk)
        if action == "wave" and wave_form.is_valid():
            d = wave_form.cleaned_data
            services.wave_create(
                actor=user,
                survey=survey,
                opens_on=d["opens_on"],
                closes_on=d["closes_on"],
                target_unit_ids=[u.pk for u in d["target_units"]],
            )
            messages.success(request, _("Gelombang dibuat sebagai draf; buka bila siap."))
            return redirect("engagement:survey_detail", pk=pk)
        if action == "advance":
            wave = get_object_or_404(SurveyWave, pk=request.POST.get("wave"), survey=survey)
            services.wave_advance(actor=user, wave=wave)
            return redirect("engagement:survey_detail", pk=pk)
    except EngagementError as exc:
        _refused(request, exc)
    waves = survey.waves.annotate(n_answered=Count("markers")).order_by("number")
    return render(
        request,
        "engagement/survey_detail.html",
        {
            "survey": survey,
            "items": survey.items.all(),
            "waves": waves,
            "item_form": item_form,
            "wave_form": wave_form,
            "dim_labels": DIM_LABELS,
        },
    )


# --- readiness, attendance, hot spots --------------------------------------------------------


def _chosen_wave(request: HttpRequest) -> SurveyWave | None:
    waves = selectors.closed_waves()
    raw = request.GET.get("gelombang", "")
    if raw.isdigit():
        return waves.filter(pk=int(raw)).first()
    return waves.last()


@require(Perm.ENGAGEMENT_STATS)
@require_GET
def readiness(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    wave = _chosen_wave(request)
    rows, city = selectors.readiness_visible(user, wave) if wave else ([], None)
    opd_raw = request.GET.get("opd", "")
    visible_opds = list(selectors.opds_visible_to(user).order_by("name").values_list("pk", "name"))
    opd_id: int | None = int(opd_raw) if opd_raw.isdigit() else None
    if opd_id is None and not selectors.sees_all(user) and visible_opds:
        opd_id = visible_opds[0][0]
    series = selectors.readiness_series(user, opd_id)
    chart = {
        "labels": series["labels"],
        "datasets": [
            {"label": str(DIM_LABELS[d]), "data": series["series"][d]} for d in selectors.DIMS
        ]
        + [{"label": _("Indeks kesiapan"), "data": series["series"]["index"]}],
    }
    return render(
        request,
        "engagement/readiness.html",
        {
            "wave": wave,
            "waves": selectors.closed_waves(),
            "rows": rows,
            "city": city,
            "dims": [(d, DIM_LABELS[d]) for d in selectors.DIMS],
            "chart": chart,
            "opds": visible_opds,
            "opd_id": opd_id,
            "k": EngagementSettings.current().min_group_size,
        },
    )


def _export(
    request: HttpRequest, name: str, headers: Sequence[str], rows: list[list[Any]], action: str
) -> HttpResponseBase:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        fmt = "xlsx"
    tmpdir = Path(tempfile.mkdtemp(prefix="penata-export-"))
    path = tmpdir / f"{name}.{fmt}"
    try:
        count = write_table(path, headers, rows, fmt=fmt, sheet=name[:31])
        with transaction.atomic():
            audit_record(
                actor=_user(request),
                action=action,
                object_type="engagement.export",
                after={"rows": count, "format": fmt, "query": request.GET.dict()},
            )
        handle = path.open("rb")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    response = FileResponse(handle, as_attachment=True, filename=f"{name}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


@require(Perm.ENGAGEMENT_STATS)
@require_GET
def readiness_export(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    wave = _chosen_wave(request)
    rows, city = selectors.readiness_visible(user, wave) if wave else ([], None)
    headers = ["OPD", "Responden", *[str(DIM_LABELS[d]) for d in selectors.DIMS], "Indeks"]
    out: list[list[Any]] = []
    for r in [*rows, *([city] if city else [])]:
        if r.hidden:
            out.append(
                [r.name, f"< {EngagementSettings.current().min_group_size} / disembunyikan"]
                + [""] * (len(selectors.DIMS) + 1)
            )
        else:
            out.append([r.name, r.n, *[r.dims.get(d) for d in selectors.DIMS], _r(r.index)])
    return _export(request, "kesiapan", headers, out, "engagement.readiness_export")


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


@require(Perm.ENGAGEMENT_STATS)
@require_GET
def attendance(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    by = "unit" if request.GET.get("per") == "unit" else "opd"
    rows = selectors.attendance_by(user, by=by)
    chart = {
        "labels": [r.name for r in rows],
        "datasets": [{"label": _("Kehadiran (%)"), "data": [r.rate or 0 for r in rows]}],
    }
    return render(
        request,
        "engagement/attendance.html",
        {"rows": rows, "by": by, "chart": chart, "chart_height": 60 + 24 * len(rows)},
    )


@require(Perm.ENGAGEMENT_STATS)
@require_GET
def attendance_export(request: HttpRequest) -> HttpResponseBase:
    by = "unit" if request.GET.get("per") == "unit" else "opd"
    rows = selectors.attendance_by(_user(request), by=by)
    return _export(
        request,
        "kehadiran",
        ["Unit" if by == "unit" else "OPD", "Diundang", "Hadir", "Kehadiran (%)"],
        [[r.name, r.invited, r.attended, r.rate] for r in rows],
        "engagement.attendance_export",
    )


@require(Perm.ENGAGEMENT_STATS)
@require_http_methods(["GET", "POST"])
def hotspots(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    wave = _chosen_wave(request)
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            opd = selectors.opds_visible_to(user).filter(pk=d["opd"]).first()
            if opd is None:
                raise PermissionDenied("opd out of scope")
            spot = next((h for h in selectors.hot_spots(user, wave) if h.opd_id == opd.pk), None)
            services.followup_create(
                actor=user,
                opd=opd,
                kind=d["kind"],
                description=d["description"],
                due_on=d["due_on"],
                wave=wave,
                inputs=spot.__dict__ if spot else None,
            )
            messages.success(request, _("Tindak lanjut dicatat."))
        else:
            messages.error(request, _("Isi jenis, uraian dan tenggat tindak lanjut."))
        return redirect(reverse("engagement:hotspots") + (f"?gelombang={wave.pk}" if wave else ""))
    cfg = EngagementSettings.current()
    spots = selectors.hot_spots(user, wave)
    actions = selectors.followups_visible_to(user).order_by("status", "due_on")[:200]
    return render(
        request,
        "engagement/hotspots.html",
        {
            "wave": wave,
            "waves": selectors.closed_waves(),
            "spots": spots,
            "cfg": cfg,
            "actions": actions,
            "kinds": FollowUpKind.choices,
            "kind_labels": dict(FollowUpKind.choices),
            "dim_labels": DIM_LABELS,
            "today": timezone.localdate(),
            "due": timezone.localdate() + dt.timedelta(days=30),
        },
    )


@require(Perm.ENGAGEMENT_STATS)
@require_GET
def hotspots_export(request: HttpRequest) -> HttpResponseBase:
    """The hot-spot table in scope, one row per OPD (XLSX/CSV)."""
    user = _user(request)
    spots = selectors.hot_spots(user, _chosen_wave(request))
    kinds = dict(FollowUpKind.choices)
    return _export(
        request,
        "titik-rawan",
        [
            "OPD",
            "Indeks kesiapan",
            "Kehadiran (%)",
            "Dimensi terlemah",
            "Ada agen perubahan",
            "Titik rawan",
            "Saran",
            "Tindak lanjut terbuka",
        ],
        [
            [
                h.name,
                h.readiness,
                h.attendance,
                str(DIM_LABELS.get(h.weakest, "")) if h.weakest else "",
                "ya" if h.has_champion else "tidak",
                "ya" if h.hot else "tidak",
                "; ".join(str(kinds[s]) for s in h.suggestions),
                h.open_actions,
            ]
            for h in spots
        ],
        "engagement.hotspots_export",
    )


@require(Perm.ENGAGEMENT_STATS)
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    action = get_object_or_404(selectors.followups_visible_to(user), pk=pk)
    try:
        services.followup_done(actor=user, action=action, note=request.POST.get("note", ""))
    except EngagementError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Tindak lanjut ditandai selesai."))
    return redirect("engagement:hotspots")


@require(Perm.ENGAGEMENT_STATS)
@require_http_methods(["GET", "POST"])
def champions(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ChampionForm(request.POST or None)
    if request.method == "POST":
        if not has_perm(user, Perm.ENGAGEMENT_MANAGE):
            raise PermissionDenied("engagement.manage")
        if request.POST.get("retire"):
            champ = get_object_or_404(
                selectors.champions_visible_to(user), pk=request.POST["retire"]
            )
            services.champion_retire(actor=user, champion=champ)
            return redirect("engagement:champions")
        if form.is_valid():
            employee = (
                Employee.objects.select_related("org_unit")
                .filter(nip=form.cleaned_data["nip"].strip())
                .first()
            )
            if employee is None:
                form.add_error("nip", _("NIP tidak ditemukan di data pegawai."))
            else:
                try:
                    services.champion_appoint(actor=user, employee=employee)
                except EngagementError as exc:
                    form.add_error("nip", exc.message)
                else:
                    messages.success(request, _("Agen perubahan ditunjuk."))
                    return redirect("engagement:champions")
    rows = selectors.champions_visible_to(user).order_by("opd__name", "employee__name")
    opds = selectors.opds_visible_to(user).annotate(
        n=Count("pk", filter=Q(pk__in=rows.values("opd_id")))
    )
    without = [o for o in opds.order_by("name") if not o.n]
    return render(
        request,
        "engagement/champions.html",
        {
            "rows": rows,
            "form": form,
            "can_manage": has_perm(user, Perm.ENGAGEMENT_MANAGE),
            "without": without,
        },
    )
