"""Pages of seat allocation under budget (:attr:`Perm.TRAINING_MANAGE`, BKPP): the runs, a new
run, the proposal with its objective, proven bound, gap and the reasons of every choice, the
review (remove a choice), apply and discard, and the proposal as CSV/XLSX.

Writes go through :mod:`penata.learning.allocation_services`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.http.response import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import require
from penata.core.audit import audit_record
from penata.core.exports import FORMATS, write_table
from penata.core.roles import Perm
from penata.learning import allocation_services as svc
from penata.learning.models import AllocationRun, TrainingSession
from penata.learning.services import LearningError
from penata.workforce.models import OPD_KINDS, OrgUnit
from penata.workforce.selectors import org_units_in_scope

PAGE_SIZE = 100


def _user(request: HttpRequest) -> Any:
    return request.user


class SessionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        cost = f"Rp {obj.program.cost_per_participant:,}".replace(",", ".")
        return (
            f"{obj.program.title} — {obj.code} ({obj.starts_on:%d-%m-%Y} s.d. "
            f"{obj.ends_on:%d-%m-%Y}), {obj.capacity} kursi, {cost}/peserta, {obj.program.jp} JP"
        )


class AllocationForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun JP"), min_value=2000, max_value=2100)
    budget = forms.IntegerField(
        label=gettext_lazy("Anggaran (Rp)"),
        min_value=0,
        max_value=10**15,
        help_text=gettext_lazy("Bilangan bulat Rupiah, tanpa titik; misalnya 250000000."),
    )
    sessions = SessionChoices(
        label=gettext_lazy("Angkatan"),
        queryset=TrainingSession.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 12}),
        help_text=gettext_lazy(
            "Angkatan yang membuka pendaftaran. Tahan Ctrl (atau Cmd) untuk memilih beberapa."
        ),
    )
    weight_gap = forms.FloatField(
        label=gettext_lazy("Bobot kesenjangan kompetensi"),
        min_value=0,
        max_value=1000,
        help_text=gettext_lazy("Nilai per satu level kesenjangan yang dapat ditutup program."),
    )
    weight_jp = forms.FloatField(
        label=gettext_lazy("Bobot kekurangan JP"),
        min_value=0,
        max_value=1000,
        help_text=gettext_lazy("Nilai per satu JP kekurangan tahun ini yang tertutup."),
    )
    opd = forms.ModelChoiceField(
        label=gettext_lazy("OPD (opsional)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua OPD"),
    )
    time_limit = forms.IntegerField(
        label=gettext_lazy("Batas waktu hitung eksak (detik)"),
        min_value=5,
        max_value=int(svc.MAX_TIME_LIMIT),
        help_text=gettext_lazy(
            "Bila habis, dipakai solusi terbaik yang ditemukan beserta batas atas terbuktinya."
        ),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sessions = self.fields["sessions"]
        assert isinstance(sessions, forms.ModelMultipleChoiceField)
        sessions.queryset = svc.open_sessions().order_by("starts_on", "code")
        opd = self.fields["opd"]
        assert isinstance(opd, forms.ModelChoiceField)
        opd.queryset = org_units_in_scope(user).filter(kind__in=OPD_KINDS).order_by("name")
        for name, field in self.fields.items():
            if name != "sessions":
                field.widget.attrs.setdefault(
                    "class", "form-select" if name == "opd" else "form-control"
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weight_gap") == 0 and data.get("weight_jp") == 0:
            raise forms.ValidationError(
                _("Setidaknya satu bobot (kesenjangan atau JP) harus lebih dari nol.")
            )
        return data


@require(Perm.TRAINING_MANAGE)
@require_GET
def allocation_list(request: HttpRequest) -> HttpResponse:
    runs = svc.runs_visible_to(_user(request)).prefetch_related("sessions")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    for run in page.object_list:
        run.gap_percent = None if run.gap is None else round(100 * run.gap, 2)  # type: ignore[attr-defined]
    return render(request, "learning/allocation_list.html", {"page": page})


@require(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def allocation_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    initial = {
        "year": timezone.localdate().year,
        "weight_gap": svc.DEFAULT_WEIGHTS["gap"],
        "weight_jp": svc.DEFAULT_WEIGHTS["jp"],
        "time_limit": int(svc.DEFAULT_TIME_LIMIT),
    }
    form = AllocationForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = svc.allocation_run_create(
                actor=user,
                year=d["year"],
                budget=d["budget"],
                session_ids=[s.pk for s in d["sessions"]],
                weights={"gap": d["weight_gap"], "jp": d["weight_jp"]},
                opd_id=d["opd"].pk if d["opd"] else None,
                time_limit=d["time_limit"],
            )
        except LearningError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("learning:allocation_detail", pk=run.pk)
    return render(request, "learning/allocation_form.html", {"form": form})


def _fill_rows(run: AllocationRun) -> list[dict[str, Any]]:
    per = (run.stats or {}).get("per_session", {})
    rows = []
    for s in run.sessions.select_related("program").order_by("starts_on", "code"):
        info = per.get(str(s.pk), {})
        seats = int(info.get("seats", s.capacity))
        chosen = int(info.get("chosen", 0))
        rows.append(
            {
                "session": s,
                "seats": seats,
                "chosen": chosen,
                "candidates": int(info.get("candidates", 0)),
                "percent": round(100 * chosen / seats) if seats else 0,
            }
        )
    return rows


@require(Perm.TRAINING_MANAGE)
@require_GET
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(svc.runs_visible_to(_user(request)), pk=pk)
    busy = run.status == AllocationRun.Status.RUNNING
    if request.headers.get("HX-Request"):
        response = render(request, "learning/allocation_status.html", {"run": run, "busy": busy})
        if not busy:
            response["HX-Refresh"] = "true"
        return response
    session_id = request.GET.get("sesi", "")
    sid = int(session_id) if session_id.isdigit() else None
    choices = svc.choices_of(run, sid)
    page = Paginator(choices, PAGE_SIZE).get_page(request.GET.get("page"))
    stats = run.stats or {}
    return render(
        request,
        "learning/allocation_detail.html",
        {
            "run": run,
            "busy": busy,
            "page": page,
            "fill": _fill_rows(run),
            "session_id": sid,
            "query": f"sesi={sid}" if sid else "",
            "gap_percent": None if run.gap is None else round(100 * run.gap, 2),
            "gap_solved_percent": None
            if stats.get("gap_solved") is None
            else round(100 * stats["gap_solved"], 2),
            "cost_percent": round(100 * run.cost / run.budget) if run.budget else 0,
            "stats": stats,
            "inputs": stats.get("inputs", {}),
            "can_edit": run.status == AllocationRun.Status.PROPOSED,
        },
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    run = get_object_or_404(svc.runs_visible_to(user), pk=pk)
    try:
        if action == "apply":
            enrolments = svc.allocation_run_apply(actor=user, run=run)
            messages.success(
                request,
                _("%(n)s peserta dijadikan peserta berstatus disetujui.") % {"n": len(enrolments)},
            )
        elif action == "discard":
            svc.allocation_run_discard(actor=user, run=run)
            messages.info(request, _("Usulan dibuang."))
        else:
            choice = request.POST.get("choice", "")
            svc.allocation_choice_remove(
                actor=user, run=run, choice_id=int(choice) if choice.isdigit() else 0
            )
            messages.info(request, _("Pilihan dikeluarkan dari usulan."))
    except LearningError as exc:
        messages.error(request, exc.message)
    return redirect("learning:allocation_detail", pk=pk)


@require(Perm.TRAINING_MANAGE)
@require_POST
def allocation_apply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "apply")


@require(Perm.TRAINING_MANAGE)
@require_POST
def allocation_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "discard")


@require(Perm.TRAINING_MANAGE)
@require_POST
def allocation_choice_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "remove")


EXPORT_HEADERS = [
    "kode_angkatan",
    "program",
    "mulai",
    "selesai",
    "nip",
    "nama",
    "unit_kerja",
    "jabatan",
    "nilai",
    "peringkat_di_angkatan",
    "kesenjangan_tertutup",
    "rincian_kesenjangan",
    "kekurangan_jp",
    "jp_tertutup",
    "biaya_rp",
]


def _gap_text(reason: dict[str, Any]) -> str:
    parts = []
    for g in reason.get("gaps", []):
        if g.get("closed"):
            now = g.get("assessed") or 0
            parts.append(
                f"{g.get('name') or g.get('competency')}: level {now}→{now + g['closed']} "
                f"(standar {g.get('required') or '-'})"
            )
    return "; ".join(parts)


@require(Perm.TRAINING_MANAGE)
@require_GET
def allocation_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    fmt = (request.GET.get("fmt") or "xlsx").lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            _("Format ekspor tidak dikenal. Pilih xlsx atau csv (mis. ?fmt=xlsx)."),
            content_type="text/plain; charset=utf-8",
        )
    user = _user(request)
    run = get_object_or_404(svc.runs_visible_to(user), pk=pk)

    def table() -> Any:
        for c in svc.choices_of(run).iterator(chunk_size=2000):
            e, s = c.employee, c.session
            reason = c.reason or {}
            yield [
                s.code,
                s.program.title,
                s.starts_on,
                s.ends_on,
                e.nip,
                e.full_name,
                e.org_unit.name,
                str(e.position) if e.position_id else "",
                round(c.value, 4),
                reason.get("rank"),
                c.gap_closed,
                _gap_text(reason),
                reason.get("jp_shortfall"),
                c.jp_covered,
                s.program.cost_per_participant,
            ]

    tmpdir = Path(tempfile.mkdtemp(prefix="penata-export-"))
    path = tmpdir / f"alokasi-{run.pk}.{fmt}"
    try:
        count = write_table(path, EXPORT_HEADERS, table(), fmt=fmt, sheet="Usulan alokasi")
        with transaction.atomic():
            audit_record(
                actor=user,
                action="allocation.export",
                obj=run,
                after={"rows": count, "fmt": fmt},
            )
        handle = path.open("rb")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    response = FileResponse(handle, as_attachment=True, filename=f"alokasi-kursi-{run.pk}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response
