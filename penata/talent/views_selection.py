"""Pages of the open selection (seleksi terbuka JPT pratama): BKPP's announcement, applicants,
administrative check with overrides, panel, stages and the top three to the PPK; the ASN's
application page; a panel member's scoring sheet (their own scores only until the stage is
closed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.models import User
from penata.core.roles import Perm
from penata.talent import selection as svc
from penata.talent import selection_rules as sr
from penata.talent.models import (
    OpenSelection,
    PanelMember,
    PanelScore,
    SelectionApplicant,
    SelectionStage,
)
from penata.talent.services import TalentError
from penata.workforce.models import EducationLevel, Rank


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class SelectionForm(forms.ModelForm):
    w_assessment = forms.DecimalField(label=gettext_lazy("Bobot asesmen (%)"), initial=40)
    w_paper = forms.DecimalField(label=gettext_lazy("Bobot makalah (%)"), initial=20)
    w_interview = forms.DecimalField(label=gettext_lazy("Bobot wawancara (%)"), initial=40)

    class Meta:
        model = OpenSelection
        fields = [
            "title",
            "position",
            "announcement",
            "opens_on",
            "closes_on",
            "age_on",
            "min_rank",
            "min_education",
            "min_experience_years",
            "max_age",
            "min_competency",
            "basis",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "age_on": forms.DateInput(attrs={"type": "date"}),
            "announcement": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        d = sr.JPT_PRATAMA_DEFAULTS
        self.fields["min_rank"].initial = Rank.objects.filter(
            kind="pns", code=d["min_rank_code"][0]
        ).first()
        self.fields["min_education"].initial = EducationLevel.objects.filter(
            code=d["min_education_code"][0]
        ).first()
        self.fields["min_experience_years"].initial = d["min_experience_years"][0]
        self.fields["max_age"].initial = d["max_age"][0]
        self.fields["basis"].initial = svc.default_basis()


class ExternalApplicantForm(forms.ModelForm):
    class Meta:
        model = SelectionApplicant
        fields = [
            "nip",
            "name",
            "gender",
            "birth_date",
            "agency",
            "current_position",
            "rank",
            "education",
            "experience_years",
            "competency_score",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "gender": forms.Select(
                choices=[
                    ("", "-"),
                    ("L", gettext_lazy("Laki-laki")),
                    ("P", gettext_lazy("Perempuan")),
                ]
            ),
        }


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def selection_list(request: HttpRequest) -> HttpResponse:
    sels = OpenSelection.objects.select_related("position").order_by("-opens_on", "-pk")[:200]
    return render(
        request,
        "talent/selection_list.html",
        {"selections": sels, "can_manage": has_perm(request.user, Perm.TALENT_MANAGE)},
    )


@require(Perm.TALENT_MANAGE)
@require_http_methods(["GET", "POST"])
def selection_create(request: HttpRequest) -> HttpResponse:
    form = SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        w = {k: data.pop(f"w_{k}") for k in sr.STAGES}
        try:
            s = svc.selection_create(actor=_user(request), stage_weights=w, **data)
        except (TalentError, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Seleksi terbuka diumumkan."))
            return redirect("talent:selection_detail", pk=s.pk)
    return render(request, "talent/selection_form.html", {"form": form})


def _get(pk: int) -> OpenSelection:
    return get_object_or_404(
        OpenSelection.objects.select_related("position", "min_rank", "min_education", "chosen"),
        pk=pk,
    )


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(pk)
    applicants = list(
        SelectionApplicant.objects.filter(selection=s)
        .select_related("rank", "education")
        .order_by("rank_position", "name")
    )
    stages = list(s.stages.all())
    panel = list(PanelMember.objects.filter(selection=s).select_related("user"))
    counts: dict[int, int] = {}
    for st_id in PanelScore.objects.filter(stage__selection=s).values_list("stage_id", flat=True):
        counts[st_id] = counts.get(st_id, 0) + 1
    n_passed = sum(1 for a in applicants if a.admin_passed)
    can_manage = has_perm(request.user, Perm.TALENT_MANAGE)
    return render(
        request,
        "talent/selection_detail.html",
        {
            "s": s,
            "applicants": applicants,
            "ranked": [a for a in applicants if a.rank_position],
            "stages": [
                (st, sr.STAGE_LABELS[st.kind], counts.get(st.pk, 0), len(panel) * n_passed)
                for st in stages
            ],
            "stage_kinds": [(k, sr.STAGE_LABELS[k]) for k in sr.STAGES],
            "panel": panel,
            "n_passed": n_passed,
            "top_n": sr.TOP_N,
            "fairness_stages": svc.stage_fairness(s),
            "can_manage": can_manage,
            "external_form": ExternalApplicantForm() if can_manage else None,
            "users": User.objects.filter(is_active=True).order_by("username")[:500]
            if can_manage
            else [],
        },
    )


def _action(request: HttpRequest, pk: int, func: Any, ok: str, **kw: Any) -> HttpResponse:
    try:
        func(actor=_user(request), **kw)
    except TalentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("talent:selection_detail", pk=pk)


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_external(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(pk)
    form = ExternalApplicantForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errs)}")
        return redirect("talent:selection_detail", pk=pk)
    return _action(
        request,
        pk,
        svc.applicant_add_external,
        _("Pelamar dari instansi lain dicatat."),
        selection=s,
        data=form.cleaned_data,
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_admin_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        svc.admin_check_run,
        _("Pendaftaran ditutup dan seleksi administrasi dijalankan."),
        selection=_get(pk),
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_override(request: HttpRequest, pk: int, applicant_id: int) -> HttpResponse:
    a = get_object_or_404(SelectionApplicant, pk=applicant_id, selection_id=pk)
    return _action(
        request,
        pk,
        svc.admin_override,
        _("Keputusan administrasi diubah dan dicatat."),
        applicant=a,
        passed=request.POST.get("passed") == "1",
        reason=request.POST.get("reason", ""),
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_panel_add(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(pk)
    user = User.objects.filter(pk=request.POST.get("user") or 0, is_active=True).first()
    if user is None:
        messages.error(request, _("Pilih akun anggota panitia."))
        return redirect("talent:selection_detail", pk=pk)
    return _action(
        request,
        pk,
        svc.panel_add,
        _("Anggota panitia ditambahkan."),
        selection=s,
        user=user,
        role_note=request.POST.get("role_note", "")[:120],
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_stage_close(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    st = get_object_or_404(SelectionStage, pk=stage_id, selection_id=pk)
    return _action(request, pk, svc.stage_close, _("Tahap ditutup."), stage=st)


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_rank(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        svc.rank_and_report,
        _("Peringkat dihitung; tiga terbaik dilaporkan ke PPK."),
        selection=_get(pk),
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        applicant_id = int(request.POST.get("applicant", "0"))
    except ValueError:
        applicant_id = 0
    return _action(
        request,
        pk,
        svc.ppk_decide,
        _("Pilihan PPK dicatat."),
        selection=_get(pk),
        applicant_id=applicant_id,
        reasons=request.POST.get("reasons", ""),
    )


@require(Perm.TALENT_MANAGE)
@require_POST
def selection_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, svc.publish, _("Hasil seleksi diumumkan."), selection=_get(pk))


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def selection_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(pk)
    response = HttpResponse(
        svc.report_xlsx(s),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="seleksi-terbuka-{s.pk}.xlsx"'
    return response


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def selection_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(pk)
    response = HttpResponse(svc.report_pdf(s), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="seleksi-terbuka-{s.pk}.pdf"'
    return response


# --- ASN: apply; panel member: score ---------------------------------------------------------


@require(Perm.SELECTION_PANEL)
@require_GET
def selection_open(request: HttpRequest) -> HttpResponse:
    """Open announcements for everyone signed in (they are public); the application form for ASN;
    the stages to score for panel members (any account, e.g. an academic with a researcher
    account)."""
    user = _user(request)
    mine = list(svc.own_applications(user))
    applied = {a.selection_id for a in mine}
    return render(
        request,
        "talent/selection_open.html",
        {
            "open": [s for s in svc.open_for_application() if s.pk not in applied],
            "mine": mine,
            "panel": list(svc.panel_selections(user)),
            "has_employee": user.employee_id is not None,
            "can_apply": has_perm(user, Perm.SELECTION_APPLY),
        },
    )


@require(Perm.SELECTION_APPLY)
@require_POST
def selection_apply(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_object_or_404(OpenSelection, pk=pk)
    try:
        svc.apply_own(
            actor=_user(request),
            selection=s,
            experience_years=request.POST.get("experience_years", ""),
        )
    except TalentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Lamaran Anda tercatat."))
    return redirect("talent:selection_open")


@require(Perm.SELECTION_PANEL)
@require_http_methods(["GET", "POST"])
def selection_score(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    user = _user(request)
    st = get_object_or_404(
        SelectionStage.objects.select_related("selection", "selection__position"),
        pk=stage_id,
        selection_id=pk,
    )
    member = svc.member_of(user, pk)
    if member is None:
        raise Http404
    applicants = list(svc.stage_applicants(st).order_by("name"))
    if request.method == "POST":
        errors = 0
        for a in applicants:
            raw = request.POST.get(f"score-{a.pk}", "").strip()
            if not raw:
                continue
            try:
                svc.score_set(actor=user, stage=st, applicant=a, score=raw)
            except TalentError as exc:
                errors += 1
                messages.error(request, f"{a.name}: {exc.message}")
        if not errors:
            messages.success(request, _("Nilai Anda tersimpan."))
        return redirect("talent:selection_score", pk=pk, stage_id=stage_id)
    visible = list(svc.scores_visible_to(user, st).select_related("member__user"))
    own = {x.applicant_id: x.score for x in visible if x.member_id == member.pk}
    others: dict[int, list[Any]] = {}
    for x in visible:
        if x.member_id != member.pk:
            others.setdefault(x.applicant_id, []).append(x)
    return render(
        request,
        "talent/selection_score.html",
        {
            "st": st,
            "s": st.selection,
            "label": sr.STAGE_LABELS[st.kind],
            "rows": [(a, own.get(a.pk), others.get(a.pk, [])) for a in applicants],
            "closed": st.closed_at is not None,
            "stages": [(x, sr.STAGE_LABELS[x.kind]) for x in st.selection.stages.all()],
            "now": timezone.now(),
        },
    )
