"""Pages of the public portal (no sign-in) and the officers' pages behind ``/portal/kelola/``.

Public pages show only aggregates (small groups suppressed), published practices and the
registered sections; a complaint's reporter is never shown. Officers see complaints and survey
suggestions of their own unit and below (OPD operators) or of every unit (BKPP, administrators).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from penata.core.access import has_perm, public, require
from penata.core.exports import write_table
from penata.core.middleware import client_ip
from penata.core.pdf import PdfDocument
from penata.core.roles import Perm
from penata.portal import rules, selectors, services, sources
from penata.portal.forms import ComplaintForm, IkmForm, RespondForm, TrackForm
from penata.portal.models import ComplaintStatus, PortalSettings
from penata.workforce.models import OrgUnit

SESSION_CODE = "portal_complaint_code"


def _file(data_rows: list[list[Any]], headers: list[str], name: str, fmt: str) -> FileResponse:
    if fmt not in ("csv", "xlsx"):
        fmt = "csv"
    tmpdir = Path(tempfile.mkdtemp(prefix="penata-portal-"))
    path = tmpdir / f"{name}.{fmt}"
    try:
        write_table(path, headers, data_rows, fmt=fmt, sheet=name[:31])
        handle = path.open("rb")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.{fmt}")


# --- public ----------------------------------------------------------------------------------


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    blocks = []
    for section in sources.sections():
        ok, items = sources.fetch_items(section, sources.HOME_LIMIT)
        if ok:
            blocks.append({"section": section, "items": items})
    return render(
        request,
        "portal/home.html",
        {"blocks": blocks, "complaints": selectors.complaint_public_stats()},
    )


@public
@require_GET
def section(request: HttpRequest, key: str) -> HttpResponse:
    sec = sources.get_section(key)
    if sec is None:
        raise Http404
    ok, items = sources.fetch_items(sec, sources.PAGE_LIMIT)
    return render(
        request, "portal/section.html", {"section": sec, "items": items, "ok": ok, "full": True}
    )


@public
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    data = selectors.city_indicators()
    t = data["opd_gender"]
    charts: dict[str, Any] = {
        "opd": {
            "kind": "hbar-stacked",
            "labels": t.rows,
            "datasets": [
                {"label": c, "data": [row[j] or 0 for row in t.cells]} for j, c in enumerate(t.cols)
            ],
        },
        "rank": data["rank"].chart(_("Jumlah ASN")),
        "education": data["education"].chart(_("Jumlah ASN")),
        "gender": data["gender"].chart(_("Jumlah ASN")),
    }
    jp = data["jp"]
    charts["jp"] = {
        "kind": "hbar-stacked",
        "labels": jp.rows,
        "datasets": [
            {"label": c, "data": [row[j] or 0 for row in jp.cells]} for j, c in enumerate(jp.cols)
        ],
    }
    if data["predikat"]:
        charts["predikat"] = data["predikat"].chart(_("Jumlah ASN"))
    if data["talent"]:
        charts["talent"] = data["talent"].chart(_("Jumlah ASN"))
    return render(
        request,
        "portal/indicators.html",
        {
            **data,
            "charts": charts,
            "opd_height": max(320, 22 * len(t.rows)),
            "jp_height": max(320, 22 * len(jp.rows)),
        },
    )


@public
@require_GET
def indicators_export(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.indicator_rows(selectors.city_indicators())
    return _file(
        rows,
        ["Indikator", "Kelompok", "Kategori", "Nilai"],
        "indikator-asn-kota-semarang",
        request.GET.get("format", "csv"),
    )


@public
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        if form.is_bot():
            form.add_error(
                None,
                _(
                    "Formulir ditolak: kolom tersembunyi 'Jangan diisi' terisi (biasanya oleh "
                    "pengisian otomatis atau robot). Kosongkan kolom itu lalu kirim lagi."
                ),
            )
            return render(request, "portal/complaint_form.html", {"form": form}, status=400)
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = services.complaint_submit(
                    org_unit_id=d["unit"],
                    kind=d["kind"],
                    subject=d["subject"],
                    body=d["body"],
                    reporter_name=d["reporter_name"],
                    reporter_contact=d["reporter_contact"],
                    attachment=d.get("attachment") or None,
                    ip=client_ip(request),
                )
            except services.PortalError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.code == "rate_limited" else 400
                return render(request, "portal/complaint_form.html", {"form": form}, status=status)
            request.session[SESSION_CODE] = complaint.tracking_code
            return redirect("portal:complaint_sent")
        return render(request, "portal/complaint_form.html", {"form": form}, status=400)
    return render(request, "portal/complaint_form.html", {"form": ComplaintForm()})


@public
@require_GET
def complaint_sent(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_CODE)
    if not code:
        return redirect("portal:complaint_create")
    complaint = selectors.complaint_by_code(code)
    return render(request, "portal/complaint_sent.html", {"complaint": complaint})


@public
@require_GET
def complaint_track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    complaint = None
    error = ""
    status = 200
    raw = request.GET.get("kode", "").strip()
    if raw:
        ip = client_ip(request)
        if services.lookup_is_limited(ip):
            error = _(
                "Terlalu banyak pencarian kode yang tidak ditemukan dari alamat Anda. "
                "Tunggu satu jam lalu coba lagi."
            )
            status = 429
        else:
            code = rules.normalise_code(raw)
            if not rules.code_is_wellformed(code):
                error = _(
                    "Kode lacak terdiri dari 10 huruf/angka (contoh: ABCDE-FGH34), tanpa "
                    "huruf O, I, L, S, Z dan angka 0, 1, 2, 5. Periksa lagi kode Anda."
                )
                status = 400
            else:
                complaint = selectors.complaint_by_code(code)
                if complaint is None:
                    error = _(
                        "Kode lacak tidak ditemukan. Periksa lagi kode dari tanda terima Anda."
                    )
                    status = 404
            if complaint is None:
                services.lookup_miss_record(ip)
    overdue = complaint is not None and rules.is_overdue(
        status=complaint.status,
        due_at=complaint.due_at,
        closed_at=complaint.closed_at,
        now=timezone.now(),
    )
    return render(
        request,
        "portal/complaint_track.html",
        {
            "form": form,
            "complaint": complaint,
            "error": error,
            "overdue": overdue,
            "days": rules.response_days(complaint.created_at, complaint.closed_at)
            if complaint
            else None,
        },
        status=status,
    )


@public
@require_GET
def ikm_list(request: HttpRequest) -> HttpResponse:
    periods = selectors.ikm_periods()
    period = request.GET.get("periode") or (periods[0] if periods else "")
    if period not in periods:
        period = periods[0] if periods else ""
    results = selectors.ikm_by_unit(period) if period else []
    shown = [r for r in results if r.index is not None]
    chart = {
        "kind": "hbar",
        "labels": [r.unit_name for r in shown],
        "datasets": [{"label": _("IKM"), "data": [float(r.index or 0) for r in shown]}],
        "max": 100,
    }
    return render(
        request,
        "portal/ikm_list.html",
        {
            "periods": [(p, rules.period_label(p)) for p in periods],
            "period": period,
            "period_label": rules.period_label(period) if period else "",
            "results": results,
            "city": selectors.ikm_city(period) if period else None,
            "chart": chart,
            "chart_height": max(260, 24 * len(shown)),
            "table": rules.ikm_table(),
            "cfg": PortalSettings.current(),
        },
    )


def _unit_or_404(unit_id: int) -> OrgUnit:
    return get_object_or_404(OrgUnit, pk=unit_id)


@public
@require_GET
def ikm_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(unit_id)
    results = selectors.ikm_for_unit(unit.pk)
    table = rules.ikm_table()
    latest = next((r for r in results if r.index is not None), None)
    chart = {
        "kind": "bar",
        "labels": [e.name for e in table.elements],
        "datasets": [
            {
                "label": latest.period_label,
                "data": [latest.element_means[e.code] for e in table.elements],
            }
        ]
        if latest
        else [],
        "max": 4,
    }
    return render(
        request,
        "portal/ikm_unit.html",
        {
            "unit": unit,
            "results": results,
            "latest": latest,
            "chart": chart,
            "table": table,
            "cfg": PortalSettings.current(),
        },
    )


def _ikm_rows(results: list[selectors.IkmResult]) -> tuple[list[str], list[list[Any]]]:
    table = rules.ikm_table()
    headers = [
        "Periode",
        "Responden",
        *[f"{e.code.upper()} {e.name}" for e in table.elements],
        "IKM",
        "Mutu",
        "Kinerja",
        "Catatan",
    ]
    rows: list[list[Any]] = []
    for r in results:
        if r.index is None:
            rows.append(
                [
                    r.period_label,
                    f"<{PortalSettings.current().min_cell}",
                    *[""] * len(table.elements),
                    "",
                    "",
                    "",
                    "disembunyikan",
                ]
            )
            continue
        rows.append(
            [
                r.period_label,
                r.n,
                *[r.element_means[e.code] for e in table.elements],
                float(r.index),
                r.mutu,
                r.kinerja,
                "responden di bawah minimum" if r.below_minimum else "",
            ]
        )
    return headers, rows


@public
@require_GET
def ikm_export(request: HttpRequest, unit_id: int) -> HttpResponseBase:
    unit = _unit_or_404(unit_id)
    results = selectors.ikm_for_unit(unit.pk)
    headers, rows = _ikm_rows(results)
    slug = f"ikm-{unit.code}"
    if request.GET.get("format") == "pdf":
        table = rules.ikm_table()
        doc = PdfDocument(
            title=f"Indeks Kepuasan Masyarakat: {unit.name}",
            subtitle=table.rule,
            landscape=True,
        )
        doc.table(
            [
                "Periode",
                "Resp.",
                *[e.code.upper() for e in table.elements],
                "IKM",
                "Mutu",
                "Kinerja",
            ],
            [row[:-1] for row in rows],
        )
        doc.paragraph("Unsur: " + "; ".join(f"{e.code.upper()} {e.name}" for e in table.elements))
        doc.paragraph(
            "Kategori: "
            + "; ".join(f"{b.low}-{b.high} = {b.mutu} ({b.kinerja})" for b in table.bands)
        )
        doc.paragraph(table.min_respondents_note)
        response = HttpResponse(doc.output(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{slug}.pdf"'
        return response
    return _file(rows, headers, slug, "xlsx")


@public
@require_http_methods(["GET", "POST"])
def ikm_survey(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    if request.method == "POST":
        form = IkmForm(request.POST)
        if form.is_bot():
            form.add_error(
                None,
                _(
                    "Formulir ditolak: kolom tersembunyi 'Jangan diisi' terisi (biasanya oleh "
                    "pengisian otomatis atau robot). Kosongkan kolom itu lalu kirim lagi."
                ),
            )
            return render(request, "portal/ikm_survey.html", {"form": form}, status=400)
        if form.is_valid():
            d = form.cleaned_data
            try:
                resp = services.ikm_response_submit(
                    org_unit_id=d["unit"],
                    scores={c: d[c] for c in rules.element_codes()},
                    suggestion=d.get("suggestion", ""),
                    ip=client_ip(request),
                )
            except services.PortalError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.code == "rate_limited" else 400
                return render(request, "portal/ikm_survey.html", {"form": form}, status=status)
            return redirect("portal:ikm_thanks", unit_id=resp.org_unit_id)
        return render(request, "portal/ikm_survey.html", {"form": form}, status=400)
    return render(request, "portal/ikm_survey.html", {"form": IkmForm(initial=initial)})


@public
@require_GET
def ikm_thanks(request: HttpRequest, unit_id: int) -> HttpResponse:
    return render(request, "portal/ikm_thanks.html", {"unit": _unit_or_404(unit_id)})


# --- officers --------------------------------------------------------------------------------


@require(Perm.PORTAL_HANDLE)
@require_GET
def manage_complaints(request: HttpRequest) -> HttpResponse:
    base = selectors.complaints_visible_to(request.user)
    qs = base.select_related("org_unit", "opd")
    status = request.GET.get("status", "")
    if status in ComplaintStatus.values:
        qs = qs.filter(status=status)
    late = request.GET.get("terlambat") == "1"
    if late:
        qs = qs.filter(selectors.overdue_q())
    page = Paginator(qs.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "c": c,
            "overdue": rules.is_overdue(
                status=c.status, due_at=c.due_at, closed_at=c.closed_at, now=now
            ),
            "days": rules.response_days(c.created_at, c.closed_at),
        }
        for c in page
    ]
    return render(
        request,
        "portal/manage_complaints.html",
        {
            "page": page,
            "rows": rows,
            "counts": selectors.complaint_counts(base),
            "statuses": ComplaintStatus.choices,
            "status": status,
            "late": late,
            "sees_all": has_perm(request.user, Perm.PORTAL_ALL),
        },
    )


def _mask(contact: str) -> str:
    if not contact:
        return ""
    if "@" in contact:
        name, _at, domain = contact.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{contact[:3]}****{contact[-2:]}" if len(contact) > 5 else "****"


@require(Perm.PORTAL_HANDLE)
@require_http_methods(["GET", "POST"])
def manage_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(
        selectors.complaints_visible_to(request.user).select_related(
            "org_unit", "opd", "responded_by"
        ),
        pk=pk,
    )
    if request.method == "POST":
        form = RespondForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_respond(
                    actor=request.user,
                    complaint_id=complaint.pk,
                    status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                    version=form.cleaned_data["version"],
                )
            except services.PortalError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Tanggapan disimpan; pelapor melihatnya lewat kode lacak.")
                )
                return redirect("portal:manage_complaint", pk=complaint.pk)
        status = 400
    else:
        form = RespondForm(
            initial={
                "status": complaint.status,
                "version": complaint.version,
                "response": complaint.response,
            }
        )
        status = 200
    return render(
        request,
        "portal/manage_complaint.html",
        {
            "c": complaint,
            "form": form,
            "contact": _mask(complaint.reporter_contact),
            "overdue": rules.is_overdue(
                status=complaint.status,
                due_at=complaint.due_at,
                closed_at=complaint.closed_at,
                now=timezone.now(),
            ),
        },
        status=status,
    )


@require(Perm.PORTAL_HANDLE)
@require_GET
def manage_complaint_attachment(request: HttpRequest, pk: int) -> FileResponse:
    complaint = get_object_or_404(selectors.complaints_visible_to(request.user), pk=pk)
    if not complaint.attachment:
        raise Http404
    name = Path(complaint.attachment.name or "lampiran").name
    return FileResponse(complaint.attachment.open("rb"), as_attachment=True, filename=name)


@require(Perm.PORTAL_HANDLE)
@require_GET
def manage_ikm(request: HttpRequest) -> HttpResponse:
    scope = selectors.ikm_responses_visible_to(request.user)
    results = selectors.ikm_by_unit(qs=scope)
    suggestions = Paginator(
        scope.exclude(suggestion="").select_related("org_unit").order_by("-submitted_at"), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/manage_ikm.html",
        {"results": results, "suggestions": suggestions, "cfg": PortalSettings.current()},
    )
