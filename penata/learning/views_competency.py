"""Pages of the competency dictionary, the standards of positions and the assessments.

- Dictionary: every ASN may read it; BKPP creates and edits teknis competencies and adapts the
  description of the national ones (:mod:`penata.learning.standards`).
- Standards: per position, and in bulk per position family with a preview of what changes.
- Assessments: manual entry and revocation (scoped: :mod:`penata.learning.assessments`), and
  the file import through the shared :class:`~penata.core.import_views.ImportFlow`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.import_views import ImportFlow, ImportUploadForm
from penata.core.models import User
from penata.core.roles import Perm
from penata.learning import assessments, standards
from penata.learning.models import (
    AssessmentSource,
    AssessmentUpload,
    Competency,
    CompetencyKind,
    CompetencyStandard,
)
from penata.learning.services import LearningError
from penata.learning.tasks import assessment_apply, assessment_check
from penata.workforce.models import OPD_KINDS, OrgUnit, Position, PositionKind

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}
LEVEL_CHOICES = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _opds() -> Any:
    return OrgUnit.objects.filter(kind__in=list(OPD_KINDS)).order_by("name")


# --- dictionary ----------------------------------------------------------------------------


@require(Perm.LEARNING_OWN)
@require_GET
def competency_list(request: HttpRequest) -> HttpResponse:
    qs = Competency.objects.annotate(n_levels=Count("levels"))
    kind = request.GET.get("jenis", "")
    if kind in CompetencyKind.values:
        qs = qs.filter(kind=kind)
    area = request.GET.get("rumpun", "")
    if area:
        qs = qs.filter(area=area)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(description__icontains=q))
    return render(
        request,
        "learning/competency_list.html",
        {
            "competencies": qs,
            "kinds": CompetencyKind.choices,
            "areas": Competency.objects.exclude(area="")
            .order_by("area")
            .values_list("area", flat=True)
            .distinct(),
            "kind": kind,
            "area": area,
            "q": q,
            "can_manage": has_perm(_user(request), Perm.COMPETENCY_MANAGE),
        },
    )


@require(Perm.LEARNING_OWN)
@require_GET
def competency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comp = get_object_or_404(Competency, pk=pk)
    return render(
        request,
        "learning/competency_detail.html",
        {
            "competency": comp,
            "levels": comp.levels.all(),
            "positions": CompetencyStandard.objects.filter(competency=comp).count(),
            "can_manage": has_perm(_user(request), Perm.COMPETENCY_MANAGE),
        },
    )


class CompetencyForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Kode"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Huruf kecil, angka dan garis bawah; dipakai di berkas impor."),
        widget=forms.TextInput(attrs=_TEXT),
    )
    name = forms.CharField(
        label=gettext_lazy("Nama"), max_length=120, widget=forms.TextInput(attrs=_TEXT)
    )
    area = forms.CharField(
        label=gettext_lazy("Rumpun"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    description = forms.CharField(
        label=gettext_lazy("Uraian"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
    )
    is_digital = forms.BooleanField(label=gettext_lazy("Kompetensi digital"), required=False)
    is_active = forms.BooleanField(label=gettext_lazy("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, national: bool = False, creating: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        for n in range(1, 6):
            self.fields[f"level_{n}"] = forms.CharField(
                label=_("Uraian level %(n)d") % {"n": n},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
            )
        if creating:
            self.fields["code"].required = True
        else:
            del self.fields["code"]
        if national:
            # The national dictionary: only the description may be adapted.
            for name in list(self.fields):
                if name != "description":
                    del self.fields[name]


def _competency_form_page(request: HttpRequest, comp: Competency | None) -> HttpResponse:
    national = comp is not None and comp.kind != CompetencyKind.TEKNIS
    initial: dict[str, Any] = {}
    if comp is not None:
        initial = {
            "name": comp.name,
            "area": comp.area,
            "description": comp.description,
            "is_digital": comp.is_digital,
            "is_active": comp.is_active,
        }
        for lv in comp.levels.all():
            initial[f"level_{lv.level}"] = lv.description
    form = CompetencyForm(
        request.POST or None, initial=initial, national=national, creating=comp is None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        levels = {n: data.get(f"level_{n}", "") for n in range(1, 6)} if not national else None
        try:
            obj = standards.competency_save(
                actor=_user(request),
                competency=comp,
                code=data.get("code", ""),
                values={k: v for k, v in data.items() if not k.startswith("level_")},
                levels=levels,
            )
        except LearningError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Kompetensi %(name)s disimpan.") % {"name": obj.name})
            return redirect("learning:competency_detail", pk=obj.pk)
    return render(
        request,
        "learning/competency_form.html",
        {"form": form, "competency": comp, "national": national},
    )


@require(Perm.COMPETENCY_MANAGE)
@require_http_methods(["GET", "POST"])
def competency_create(request: HttpRequest) -> HttpResponse:
    return _competency_form_page(request, None)


@require(Perm.COMPETENCY_MANAGE)
@require_http_methods(["GET", "POST"])
def competency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _competency_form_page(request, get_object_or_404(Competency, pk=pk))


# --- standards -----------------------------------------------------------------------------


@require(Perm.COMPETENCY_MANAGE)
@require_GET
def standard_list(request: HttpRequest) -> HttpResponse:
    qs = Position.objects.select_related("org_unit").annotate(
        n_standards=Count("competency_standards", distinct=True),
        n_holders=Count("holders", distinct=True),
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(family__icontains=q))
    family = (request.GET.get("rumpun") or "").strip()
    if family:
        qs = qs.filter(family__iexact=family)
    kind = request.GET.get("jenis", "")
    if kind in PositionKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("kosong"):
        qs = qs.filter(n_standards=0)
    page = Paginator(qs.order_by("org_unit__path", "name"), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "learning/competency_standards.html",
        {
            "page": page,
            "query": params.urlencode(),
            "q": q,
            "family": family,
            "kind": kind,
            "kinds": PositionKind.choices,
            "families": standards.families(),
        },
    )


@require(Perm.COMPETENCY_MANAGE)
@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position.objects.select_related("org_unit"), pk=pk)
    comps = list(Competency.objects.filter(is_active=True))
    current = dict(
        CompetencyStandard.objects.filter(position=position).values_list("competency_id", "level")
    )
    if request.method == "POST":
        levels: dict[int, int | None] = {}
        for c in comps:
            raw = request.POST.get(f"c{c.pk}", "")
            levels[c.pk] = int(raw) if raw.isdigit() else None
        try:
            counts = standards.standards_set(actor=_user(request), position=position, levels=levels)
        except LearningError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Standar disimpan: %(c)d ditambah, %(u)d diubah, %(r)d dihapus.")
                % {"c": counts["created"], "u": counts["updated"], "r": counts["removed"]},
            )
            return redirect("learning:standard_edit", pk=position.pk)
    rows = [{"competency": c, "level": current.get(c.pk)} for c in comps]
    return render(
        request,
        "learning/competency_standard_edit.html",
        {"position": position, "rows": rows, "levels": range(1, 6)},
    )


class FamilyForm(forms.Form):
    family = forms.CharField(
        label=gettext_lazy("Rumpun jabatan"),
        max_length=120,
        widget=forms.TextInput(attrs={**_TEXT, "list": "families"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis jabatan (opsional)"),
        required=False,
        choices=[("", gettext_lazy("Semua jenis")), *PositionKind.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    opd = forms.ModelChoiceField(
        label=gettext_lazy("OPD (opsional)"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("Semua OPD"),
        widget=forms.Select(attrs=_SELECT),
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["opd"].queryset = _opds()  # type: ignore[attr-defined]


@require(Perm.COMPETENCY_MANAGE)
@require_http_methods(["GET", "POST"])
def standard_family(request: HttpRequest) -> HttpResponse:
    """Assign a set of (competency, level) to every position of a family: preview, then apply."""
    comps = list(Competency.objects.filter(is_active=True))
    form = FamilyForm(request.POST or None)
    chosen: dict[int, int] = {}
    preview = None
    if request.method == "POST":
        for c in comps:
            raw = request.POST.get(f"c{c.pk}", "")
            if raw.isdigit() and 1 <= int(raw) <= 5:
                chosen[c.pk] = int(raw)
        if form.is_valid():
            data = form.cleaned_data
            if not chosen:
                messages.error(request, _("Pilih paling sedikit satu kompetensi dan levelnya."))
            elif request.POST.get("action") == "apply":
                try:
                    counts = standards.standards_assign_family(
                        actor=_user(request),
                        family=data["family"],
                        levels=chosen,
                        kind=data["kind"],
                        opd=data["opd"],
                    )
                except LearningError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(
                        request,
                        _(
                            "Standar rumpun %(f)s diterapkan ke %(p)d jabatan: %(c)d ditambah, "
                            "%(u)d diubah, %(s)d sudah sesuai."
                        )
                        % {
                            "f": data["family"],
                            "p": counts["positions"],
                            "c": counts["created"],
                            "u": counts["updated"],
                            "s": counts["unchanged"],
                        },
                    )
                    return redirect(f"{request.path}")
            else:
                preview = standards.family_preview(
                    data["family"], chosen, kind=data["kind"], opd=data["opd"]
                )
    rows = [{"competency": c, "level": chosen.get(c.pk)} for c in comps]
    return render(
        request,
        "learning/competency_family.html",
        {
            "form": form,
            "rows": rows,
            "levels": range(1, 6),
            "preview": preview,
            "families": standards.families(),
        },
    )


# --- assessments ---------------------------------------------------------------------------


@require(Perm.ASSESSMENT_ENTER)
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = assessments.assessments_visible_to(user).select_related(
        "employee", "competency", "recorded_by"
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(employee__nip__startswith=q) | Q(employee__name__icontains=q))
    comp = request.GET.get("kompetensi", "")
    if comp.isdigit():
        qs = qs.filter(competency_id=int(comp))
    page = Paginator(qs.order_by("-assessed_on", "-id"), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "learning/assessment_list.html",
        {
            "page": page,
            "query": params.urlencode(),
            "q": q,
            "competency": comp,
            "competencies": Competency.objects.all(),
            "sources": assessments.allowed_sources(user),
            "can_import": has_perm(user, Perm.ASSESSMENT_IMPORT),
        },
    )


class AssessmentForm(forms.Form):
    nip = forms.CharField(
        label=gettext_lazy("NIP pegawai"),
        max_length=40,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )
    competency = forms.ModelChoiceField(
        label=gettext_lazy("Kompetensi"),
        queryset=Competency.objects.filter(is_active=True),
        widget=forms.Select(attrs=_SELECT),
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.Select(attrs=_SELECT),
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Sumber"), choices=(), widget=forms.Select(attrs=_SELECT)
    )
    assessed_on = forms.DateField(
        label=gettext_lazy("Tanggal asesmen"),
        widget=forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Berlaku sampai (opsional)"),
        required=False,
        help_text=gettext_lazy("Kosong: sesuai masa berlaku asesmen di pengaturan."),
        widget=forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=gettext_lazy("Catatan"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs=_TEXT),
    )

    def __init__(self, *args: Any, sources: tuple[str, ...] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        labels = dict(AssessmentSource.choices)
        self.fields["source"].choices = [(s, labels[s]) for s in sources]  # type: ignore[attr-defined]


@require(Perm.ASSESSMENT_ENTER)
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    sources = assessments.allowed_sources(user)
    initial = {"assessed_on": timezone.localdate(), "nip": request.GET.get("nip", "")}
    form = AssessmentForm(request.POST or None, initial=initial, sources=sources)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nip = "".join(ch for ch in data["nip"] if ch.isdigit())
        employee = assessments.assessable_employees(user).filter(nip=nip).first()
        if employee is None:
            form.add_error(
                "nip",
                _("NIP %(nip)s tidak ditemukan di antara pegawai yang dapat Anda nilai.")
                % {"nip": nip or data["nip"]},
            )
        else:
            try:
                assessments.assessment_enter(
                    actor=user,
                    employee=employee,
                    competency=data["competency"],
                    level=data["level"],
                    source=data["source"],
                    assessed_on=data["assessed_on"],
                    valid_until=data["valid_until"],
                    note=data["note"],
                )
            except LearningError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Asesmen %(comp)s level %(level)d untuk %(name)s dicatat.")
                    % {
                        "comp": data["competency"].name,
                        "level": data["level"],
                        "name": employee.full_name,
                    },
                )
                return redirect("learning:assessment_list")
    return render(
        request,
        "learning/assessment_form.html",
        {"form": form, "supervisor_only": sources == (AssessmentSource.SUPERVISOR.value,)},
    )


@require(Perm.ASSESSMENT_ENTER)
@require_POST
def assessment_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    obj = get_object_or_404(assessments.assessments_visible_to(user), pk=pk)
    try:
        assessments.assessment_revoke(
            actor=user, assessment=obj, reason=request.POST.get("reason", "")
        )
    except LearningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Asesmen dibatalkan; tidak lagi dihitung."))
    return redirect("learning:assessment_list")


# --- import --------------------------------------------------------------------------------


class AssessmentUploadForm(ImportUploadForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = gettext_lazy("Berkas hasil asesmen (CSV atau XLSX)")


IMPORT_FLOW = ImportFlow(
    model=AssessmentUpload,
    kind="assessment_import",
    check_task=assessment_check,
    apply_task=assessment_apply,
    title=gettext_lazy("Impor hasil asesmen"),
    url_prefix="learning:assessment_import",
    upload_template="learning/assessment_upload.html",
    form_class=AssessmentUploadForm,
    upload_context=lambda: {
        "columns": assessments.COLUMNS,
        "required": assessments.REQUIRED,
        "codes": Competency.objects.filter(is_active=True).values_list("code", "name"),
    },
)


@require(Perm.ASSESSMENT_IMPORT)
def assessment_import_upload(request: HttpRequest) -> HttpResponse:
    return IMPORT_FLOW.upload(request)


@require(Perm.ASSESSMENT_IMPORT)
@require_GET
def assessment_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.detail(request, pk)


@require(Perm.ASSESSMENT_IMPORT)
@require_POST
def assessment_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.confirm(request, pk)


@require(Perm.ASSESSMENT_IMPORT)
@require_GET
def assessment_import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return IMPORT_FLOW.errors(request, pk)


@require(Perm.ASSESSMENT_IMPORT)
@require_GET
def assessment_import_template(request: HttpRequest) -> HttpResponse:
    """An empty import file: the headers and one example row (CSV, UTF-8 with BOM for Excel)."""
    from penata.core.exports import csv_response

    headers, rows = assessments.template_rows()
    return csv_response("templat-asesmen-kompetensi.csv", headers, rows)
