"""Pages of the policy workspace (``policy:`` namespace, under ``/kebijakan/``).

The policy team and administrators (:attr:`Perm.POLICY_MANAGE`) write; BKPP reads
(:attr:`Perm.POLICY_VIEW`). The consultation pages under ``/kebijakan/konsultasi/`` are public:
they show approved comments through :func:`selectors.public_comments` (no e-mail, no IP, a name
only with consent).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, public, require
from penata.core.middleware import client_ip
from penata.core.roles import Perm
from penata.forum.rules import render_markdown
from penata.policy import reports, rules, selectors, services
from penata.policy.forms import (
    ActivityForm,
    CommentForm,
    ConsultationForm,
    DocumentForm,
    IndicatorForm,
    IndicatorYearForm,
    ModerateForm,
    OrganisationForm,
    RespondForm,
    StatusForm,
    TeamMemberForm,
    VersionForm,
)
from penata.policy.models import (
    Activity,
    ActivityStatus,
    Comment,
    CommentStatus,
    Consultation,
    DocumentStatus,
    Indicator,
    Organisation,
    PolicyDocument,
)
from penata.research.selectors import published_outputs_informing

EXPORT_FORMATS = ("xlsx", "csv", "pdf")


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "policy/form.html",
        {"form": form, "title": title, "back": back, "multipart": multipart},
    )


def _error_text(exc: Exception) -> str:
    return str(getattr(exc, "message", None) or exc)


def _save(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any]) -> Any:
    """The POST half of a form page: ``save(cleaned_data)`` when the form is valid; a refusal
    of the service goes onto the form. Returns what ``save`` returned, or ``None`` (show the
    form again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except (services.PolicyError, ValidationError) as exc:
        form.add_error(None, _error_text(exc))
        return None


def _post_action(
    request: HttpRequest,
    form: Any,
    act: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    invalid: str,
    back: HttpResponse,
) -> HttpResponse:
    """A POST-only action from a small form on another page: run it, say what happened (the
    service's refusal, or ``invalid`` when the form is wrong), go ``back``."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
            messages.success(request, done)
        except (services.PolicyError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(request, invalid)
    return back


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=reports.CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


def _rendered_sections(body: str) -> list[dict[str, str]]:
    return [
        {"anchor": s.anchor, "title": s.title, "html": render_markdown(s.body)}
        for s in rules.sections(body)
    ]


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


# --- home and team ----------------------------------------------------------------------------


@require(Perm.POLICY_VIEW)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    activities = selectors.activities_visible_to(request.user)
    return render(
        request,
        "policy/home.html",
        {
            "documents": selectors.documents_visible_to(request.user).order_by("-updated_at")[:50],
            "consultations": selectors.consultations_visible_to(request.user)[:20],
            "team": selectors.team(request.user).filter(is_active=True),
            "overdue": activities.filter(deadline__lt=today)
            .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED])
            .count(),
            "open_activities": activities.exclude(
                status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED]
            ).count(),
            "can_manage": has_perm(request.user, Perm.POLICY_MANAGE),
            "today": today,
        },
    )


@require(Perm.POLICY_VIEW)
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    can_manage = has_perm(request.user, Perm.POLICY_MANAGE)
    return render(
        request,
        "policy/team.html",
        {
            "members": selectors.team(request.user),
            "form": TeamMemberForm() if can_manage else None,
            "can_manage": can_manage,
        },
    )


@require(Perm.POLICY_MANAGE)
@require_POST
def team_set(request: HttpRequest) -> HttpResponse:
    return _post_action(
        request,
        TeamMemberForm(request.POST),
        lambda data: services.team_member_set(actor=request.user, **data),
        done=_("Anggota tim disimpan."),
        invalid=_("Pilih akun dan peran dalam tim."),
        back=redirect("policy:team"),
    )


# --- documents ---------------------------------------------------------------------------------


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None)
    doc = _save(request, form, lambda data: services.document_create(actor=request.user, **data))
    if doc is not None:
        messages.success(request, _("Dokumen dibuat (versi 1)."))
        return redirect("policy:document_detail", pk=doc.pk)
    return _form_page(request, form, title=_("Dokumen kebijakan baru"), back=reverse("policy:home"))


@require(Perm.POLICY_VIEW)
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    versions = list(doc.versions.select_related("created_by").order_by("-number"))
    current = versions[0] if versions else None
    can_manage = has_perm(request.user, Perm.POLICY_MANAGE)
    allowed = sorted(rules.TRANSITIONS.get(doc.status, frozenset()))
    status_form = StatusForm()
    status_form.fields["status"].choices = [(s, DocumentStatus(s).label) for s in allowed]  # type: ignore[attr-defined]
    return render(
        request,
        "policy/document_detail.html",
        {
            "doc": doc,
            "versions": versions,
            "current": current,
            "sections": _rendered_sections(current.body) if current else [],
            "consultations": selectors.consultations_visible_to(request.user).filter(
                version__document=doc
            ),
            "research_outputs": published_outputs_informing(doc),
            "can_research": has_perm(request.user, Perm.RESEARCH_DASHBOARD),
            "can_manage": can_manage,
            "status_form": status_form if can_manage and allowed else None,
            "consult_form": ConsultationForm(
                initial={"title": doc.title, "opens_on": timezone.localdate()}
            )
            if can_manage and current
            else None,
        },
    )


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(PolicyDocument, pk=pk)
    last = doc.versions.order_by("-number").first()
    form = VersionForm(request.POST or None, initial={"body": last.body if last else ""})
    v = _save(
        request,
        form,
        lambda data: services.version_create(actor=request.user, document=doc, **data),
    )
    if v is not None:
        messages.success(request, _("Versi %(n)s disimpan.") % {"n": v.number})
        url = reverse("policy:document_diff", args=[doc.pk])
        return redirect(f"{url}?a={v.number - 1}&b={v.number}")
    return _form_page(
        request,
        form,
        title=_("Versi baru: %(t)s") % {"t": doc.title},
        back=reverse("policy:document_detail", args=[doc.pk]),
    )


@require(Perm.POLICY_MANAGE)
@require_POST
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(PolicyDocument, pk=pk)
    return _post_action(
        request,
        StatusForm(request.POST),
        lambda data: services.document_set_status(actor=request.user, document=doc, **data),
        done=_("Status dokumen diubah."),
        invalid=_("Pilih status baru dari daftar."),
        back=redirect("policy:document_detail", pk=doc.pk),
    )


@require(Perm.POLICY_VIEW)
@require_GET
def document_diff(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    versions = {v.number: v for v in doc.versions.all()}
    numbers = sorted(versions)
    if not numbers:
        raise Http404
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[0]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        a, b = numbers[0], numbers[-1]
    if a not in versions or b not in versions:
        messages.error(request, _("Versi yang diminta tidak ada: pilih dari daftar."))
        a, b = numbers[0], numbers[-1]
    mode = "side" if request.GET.get("tampilan") == "berdampingan" else "unified"
    diff = rules.diff_rows(versions[a].body, versions[b].body)
    return render(
        request,
        "policy/diff.html",
        {
            "doc": doc,
            "a": versions[a],
            "b": versions[b],
            "numbers": numbers,
            "diff": diff,
            "mode": mode,
        },
    )


# --- consultation (team side) -------------------------------------------------------------------


@require(Perm.POLICY_MANAGE)
@require_POST
def consultation_create(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(PolicyDocument, pk=pk)
    version = doc.versions.order_by("-number").first()
    form = ConsultationForm(request.POST)
    if version is None or not form.is_valid():
        messages.error(request, _("Isi judul, tanggal buka dan tanggal tutup konsultasi."))
        return redirect("policy:document_detail", pk=doc.pk)
    try:
        c = services.consultation_open(actor=request.user, version=version, **form.cleaned_data)
    except (services.PolicyError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("policy:document_detail", pk=doc.pk)
    messages.success(request, _("Konsultasi publik dibuat."))
    return redirect("policy:consultation_manage", pk=c.pk)


@require(Perm.POLICY_VIEW)
@require_GET
def consultation_manage(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(selectors.consultations_visible_to(request.user), pk=pk)
    status = request.GET.get("status", "")
    comments = c.comments.select_related("organisation", "moderated_by", "responded_by")
    if status in CommentStatus.values:
        comments = comments.filter(status=status)
    return render(
        request,
        "policy/consultation_manage.html",
        {
            "c": c,
            "comments": comments.order_by("status", "created_at"),
            "status": status,
            "statuses": CommentStatus.choices,
            "can_manage": has_perm(request.user, Perm.POLICY_MANAGE),
            "moderate_form": ModerateForm(),
            "respond_form": RespondForm(),
            "public_url": reverse("policy:public_detail", args=[c.slug]),
        },
    )


@require(Perm.POLICY_MANAGE)
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    return _post_action(
        request,
        ModerateForm(request.POST),
        lambda data: services.comment_moderate(
            actor=request.user,
            comment=comment,
            approve=data["decision"] == "approve",
            reason=data["reason"],
        ),
        done=_("Keputusan moderasi disimpan."),
        invalid=_("Pilih setujui atau tolak."),
        back=redirect("policy:consultation_manage", pk=comment.consultation_id),
    )


@require(Perm.POLICY_MANAGE)
@require_POST
def comment_respond(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    return _post_action(
        request,
        RespondForm(request.POST),
        lambda data: services.comment_respond(actor=request.user, comment=comment, **data),
        done=_("Tanggapan tim disimpan."),
        invalid=_("Pilih tanggapan dan tulis alasannya."),
        back=redirect("policy:consultation_manage", pk=comment.consultation_id),
    )


# --- action plan -------------------------------------------------------------------------------


@require(Perm.POLICY_VIEW)
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    activities = list(selectors.activities_visible_to(request.user).order_by("deadline", "pk"))
    for a in activities:
        a.overdue = a.is_overdue(today)  # type: ignore[attr-defined]
    return render(
        request,
        "policy/activity_list.html",
        {
            "activities": activities,
            "n_overdue": sum(1 for a in activities if getattr(a, "overdue", False)),
            "can_manage": has_perm(request.user, Perm.POLICY_MANAGE),
        },
    )


def _activity_form_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            services.activity_save(
                actor=request.user,
                activity=activity,
                fields=fields,
                evidence=form.cleaned_data.get("evidence"),
            )
        except services.PolicyError as exc:
            form.add_error("evidence" if exc.code.startswith("evidence") else None, exc.message)
        else:
            messages.success(request, _("Kegiatan rencana aksi disimpan."))
            return redirect("policy:activity_list")
    return _form_page(
        request,
        form,
        title=_("Ubah kegiatan") if activity else _("Kegiatan baru"),
        back=reverse("policy:activity_list"),
        multipart=True,
    )


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    return _activity_form_page(request, None)


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_form_page(request, get_object_or_404(Activity, pk=pk))


@require(Perm.POLICY_VIEW)
@require_GET
def activity_evidence(request: HttpRequest, pk: int) -> FileResponse:
    act = get_object_or_404(selectors.activities_visible_to(request.user), pk=pk)
    if not act.evidence_file:
        raise Http404
    ext = PurePath(act.evidence_file.name or "").suffix.lower()
    return FileResponse(
        act.evidence_file.open("rb"), as_attachment=True, filename=f"bukti-kegiatan-{act.pk}{ext}"
    )


@require(Perm.POLICY_VIEW)
@require_GET
def activity_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    acts = list(selectors.activities_visible_to(request.user).order_by("deadline", "pk"))
    return _download(reports.action_plan(acts, fmt), fmt, "rencana-aksi")


# --- indicators --------------------------------------------------------------------------------


@require(Perm.POLICY_VIEW)
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = selectors.indicator_table(year)
    chart = {
        "kind": "bar",
        "labels": [r.indicator.code for r in rows],
        "datasets": [
            {"label": _("Capaian terhadap target (%)"), "data": [r.percent for r in rows]},
        ],
    }
    return render(
        request,
        "policy/indicator_list.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(timezone.localdate().year + 2, 2019, -1)),
            "chart": chart,
            "can_manage": has_perm(request.user, Perm.POLICY_MANAGE),
        },
    )


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    form = IndicatorForm(request.POST or None)
    ind = _save(
        request, form, lambda data: services.indicator_save(actor=request.user, fields=data)
    )
    if ind is not None:
        messages.success(request, _("Indikator disimpan."))
        return redirect("policy:indicator_detail", pk=ind.pk)
    return _form_page(
        request, form, title=_("Indikator baru"), back=reverse("policy:indicator_list")
    )


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an indicator, e.g. point it to a newly registered computed source."""
    ind = get_object_or_404(Indicator, pk=pk)
    form = IndicatorForm(request.POST or None, instance=ind)
    saved = _save(
        request,
        form,
        lambda data: services.indicator_save(actor=request.user, indicator=ind, fields=data),
    )
    if saved is not None:
        messages.success(request, _("Indikator disimpan."))
        return redirect("policy:indicator_detail", pk=ind.pk)
    return _form_page(
        request,
        form,
        title=_("Ubah indikator"),
        back=reverse("policy:indicator_detail", args=[ind.pk]),
    )


@require(Perm.POLICY_VIEW)
@require_GET
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_object_or_404(Indicator, pk=pk)
    series = selectors.indicator_series(ind)
    chart = {
        "kind": "line",
        "labels": series["labels"],
        "datasets": [
            {"label": _("Target"), "data": series["target"]},
            {"label": _("Realisasi"), "data": series["actual"]},
        ],
    }
    from penata.policy import indicators

    return render(
        request,
        "policy/indicator_detail.html",
        {
            "ind": ind,
            "series": series,
            "chart": chart,
            "rows": list(zip(series["rows"], series["actual"], series["origins"], strict=True)),
            "source_label": indicators.source_label(ind.source),
            "computed": ind.source in indicators.REGISTRY,
            "manual_fallback": indicators.has_manual_fallback(ind.source),
            "form": IndicatorYearForm(initial={"year": timezone.localdate().year})
            if has_perm(request.user, Perm.POLICY_MANAGE)
            else None,
        },
    )


@require(Perm.POLICY_MANAGE)
@require_POST
def indicator_year_set(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_object_or_404(Indicator, pk=pk)
    form = IndicatorYearForm(request.POST)
    year = form.cleaned_data["year"] if form.is_valid() else ""
    return _post_action(
        request,
        form,
        lambda data: services.indicator_year_set(actor=request.user, indicator=ind, **data),
        done=_("Target tahun %(y)s disimpan.") % {"y": year},
        invalid=_("Periksa tahun (2000–2100), target dan realisasi (angka)."),
        back=redirect("policy:indicator_detail", pk=ind.pk),
    )


@require(Perm.POLICY_VIEW)
@require_GET
def indicator_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    year = _year(request)
    data = reports.indicator_report(selectors.indicator_table(year), year, fmt)
    return _download(data, fmt, f"indikator-kebijakan-{year}")


# --- organisations -----------------------------------------------------------------------------


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if _save(
        request,
        form,
        lambda data: services.organisation_save(actor=request.user, fields=dict(data)),
    ):
        messages.success(request, _("Organisasi disimpan."))
        return redirect("policy:organisation_list")
    orgs = Organisation.objects.prefetch_related("members").order_by("name")
    return render(request, "policy/organisation_list.html", {"orgs": orgs, "form": form})


@require(Perm.POLICY_MANAGE)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=org)
    if _save(
        request,
        form,
        lambda data: services.organisation_save(
            actor=request.user, organisation=org, fields=dict(data)
        ),
    ):
        messages.success(request, _("Organisasi disimpan."))
        return redirect("policy:organisation_list")
    return _form_page(
        request, form, title=_("Ubah organisasi"), back=reverse("policy:organisation_list")
    )


# --- public consultation -------------------------------------------------------------------------


@public
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = list(selectors.public_consultations()[:100])
    return render(
        request,
        "policy/public_list.html",
        {
            "open": [c for c in items if c.is_open(today)],
            "closed": [c for c in items if not c.is_open(today)],
        },
    )


def _public_consultation(slug: str) -> Consultation:
    c = selectors.public_consultations().filter(slug=slug).first()
    if c is None:
        raise Http404
    return c


@public
@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    c = _public_consultation(slug)
    today = timezone.localdate()
    sections = rules.sections(c.version.body)
    identified = services.identified_commenter(request.user)
    form = CommentForm(request.POST or None, sections=sections, signed_in=identified is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            comment = services.comment_submit(
                consultation=c,
                user=request.user,
                body=d["body"],
                section=d["section"],
                name=d.get("name", ""),
                email=d.get("email", ""),
                show_name=d["show_name"],
                honeypot=d["website"],
                ip=client_ip(request),
            )
        except services.PolicyError as exc:
            form.add_error("body" if exc.code in ("too_short", "too_long") else None, exc.message)
        else:
            if comment.status == CommentStatus.UNCONFIRMED:
                messages.success(
                    request,
                    _(
                        "Terima kasih. Kami mengirim tautan konfirmasi ke e-mail Anda: komentar "
                        "diteruskan ke moderator setelah dikonfirmasi."
                    ),
                )
            else:
                messages.success(request, _("Terima kasih. Komentar Anda menunggu moderasi."))
            return redirect("policy:public_detail", slug=c.slug)
    comments = list(selectors.public_comments(c))
    by_section: dict[str, list[Comment]] = {}
    for cm in comments:
        by_section.setdefault(cm.section, []).append(cm)
    rendered = _rendered_sections(c.version.body)
    for s in rendered:
        s["comments"] = by_section.get(s["anchor"], [])  # type: ignore[assignment]
    return render(
        request,
        "policy/public_detail.html",
        {
            "c": c,
            "doc": c.version.document,
            "sections": rendered,
            "general": by_section.get("", []),
            "form": form,
            "is_open": c.is_open(today),
            "identified": identified,
            "n_comments": len(comments),
        },
    )


@public
@require_GET
def public_matrix(request: HttpRequest, slug: str) -> HttpResponse:
    c = _public_consultation(slug)
    return render(
        request,
        "policy/public_matrix.html",
        {"c": c, "comments": list(selectors.public_comments(c))},
    )


@public
@require_GET
def public_matrix_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    c = _public_consultation(slug)
    data = reports.response_matrix(c, list(selectors.public_comments(c)), fmt)
    return _download(data, fmt, f"matriks-tanggapan-{c.slug}")


@public
@require_GET
def comment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        comment = services.comment_confirm(token=token)
    except services.PolicyError as exc:
        return render(request, "policy/confirm.html", {"error": exc.message}, status=400)
    return render(request, "policy/confirm.html", {"c": comment.consultation})
