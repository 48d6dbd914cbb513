"""Pages of research partnerships (``research:`` namespace, under ``/riset/``).

Researchers (:attr:`Perm.RESEARCH_REQUEST`) ask for data, download approved releases of their
institution until access ends, and upload outputs; BKPP (:attr:`Perm.RESEARCH_REVIEW`) manages
institutions, decides requests, builds releases and publishes outputs; the policy team and
researchers read the effectiveness dashboard (:attr:`Perm.RESEARCH_DASHBOARD`). No page here
shows a person: releases are pseudonymised files, the dashboard shows aggregates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.middleware import client_ip
from penata.core.models import User
from penata.core.roles import Perm
from penata.research import analysis, release, rules, selectors, services
from penata.research.forms import (
    DecideForm,
    ImpactForm,
    InstitutionForm,
    OutputDocumentsForm,
    OutputForm,
    RequestForm,
    ResearcherLinkForm,
)
from penata.research.models import Institution
from penata.research.services import ResearchError


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _ctx(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "can_policy": has_perm(user, Perm.POLICY_VIEW),
        "can_review": has_perm(user, Perm.RESEARCH_REVIEW),
        "can_request": has_perm(user, Perm.RESEARCH_REQUEST),
        "can_dashboard": has_perm(user, Perm.RESEARCH_DASHBOARD),
        "can_view": has_perm(user, Perm.RESEARCH_VIEW),
        **extra,
    }


# --- requests ----------------------------------------------------------------------------------


@require(Perm.RESEARCH_VIEW)
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Data requests in scope: a researcher's institution's, or every one for BKPP."""
    reqs = list(selectors.requests_visible_to(request.user).order_by("-created_at")[:200])
    inst = services.institution_of(request.user)
    return render(
        request,
        "research/request_list.html",
        _ctx(request, requests=reqs, institution=inst),
    )


@require(Perm.RESEARCH_REQUEST)
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = services.request_submit(
                actor=_user(request),
                title=d["title"],
                purpose=d["purpose"],
                question=d["question"],
                variables=d["variables"],
                year_from=d["year_from"],
                year_to=d["year_to"],
                document=d["document"],
            )
        except ResearchError as exc:
            field = "document" if exc.code in services.FILE_ERRORS else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Permintaan data diajukan; BKPP akan memutusnya."))
            return redirect("research:request_detail", req.pk)
    return render(
        request,
        "research/form.html",
        _ctx(
            request,
            form=form,
            title=_("Permintaan data baru"),
            multipart=True,
            back="research:request_list",
        ),
    )


@require(Perm.RESEARCH_VIEW)
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    releases = list(req.releases.select_related("progress").order_by("-created_at"))
    variables = [rules.BY_CODE[v] for v in req.variables if v in rules.BY_CODE]
    return render(
        request,
        "research/request_detail.html",
        _ctx(
            request,
            req=req,
            releases=releases,
            variables=variables,
            decide_form=DecideForm() if req.status == req.Status.SUBMITTED else None,
            k=settings.PENATA_RESEARCH_K,
        ),
    )


@require(Perm.RESEARCH_REVIEW)
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect("research:request_detail", pk)
    d = form.cleaned_data
    try:
        services.request_decide(
            actor=_user(request),
            request=req,
            approve=d["decision"] == "approve",
            reason=d["reason"],
            expires_on=d.get("expires_on"),
        )
    except ResearchError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Keputusan disimpan."))
    return redirect("research:request_detail", pk)


@require(Perm.RESEARCH_VIEW)
@require_GET
def request_document(request: HttpRequest, pk: int) -> FileResponse:
    req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    try:
        handle = req.document.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    ext = (req.document_name.rsplit(".", 1)[-1] if "." in req.document_name else "pdf").lower()
    return FileResponse(handle, as_attachment=True, filename=f"dokumen-permintaan-{req.pk}.{ext}")


# --- releases ----------------------------------------------------------------------------------


@require(Perm.RESEARCH_REVIEW)
@require_POST
def release_start(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)
    try:
        rel = services.release_start(actor=_user(request), request=req)
    except ResearchError as exc:
        messages.error(request, exc.message)
        return redirect("research:request_detail", pk)
    return redirect("research:release_detail", rel.pk)


@require(Perm.RESEARCH_VIEW)
@require_GET
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rel = get_object_or_404(selectors.releases_visible_to(request.user), pk=pk)
    can_review = has_perm(request.user, Perm.RESEARCH_REVIEW)
    downloads = list(selectors.downloads_of(rel)[:200]) if can_review else []
    report = rel.report or {}
    dictionary = release.dictionary_rows(report.get("columns", [])) if report else []
    return render(
        request,
        "research/release_detail.html",
        _ctx(
            request,
            rel=rel,
            report=report,
            dictionary=dictionary,
            downloads=downloads,
            open=rel.request.is_open(),
            files=[(k, name) for k, (name, _ct) in release.FILES.items()],
            show_progress=rel.progress is not None and rel.progress.owner_id == request.user.pk,
        ),
    )


@require(Perm.RESEARCH_VIEW)
@require_GET
def release_download(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    rel = get_object_or_404(selectors.releases_visible_to(request.user), pk=pk)
    if kind not in release.FILES:
        raise Http404
    name, content_type = release.FILES[kind]
    path = release.release_dir(rel.pk) / name
    try:
        services.download_record(
            actor=_user(request), release=rel, kind=kind, ip=client_ip(request)
        )
    except ResearchError as exc:
        messages.error(request, exc.message)
        return redirect("research:release_detail", rel.pk)
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"rilis-{rel.pk}-{name}",
        content_type=content_type,
    )


@require(Perm.RESEARCH_VIEW)
@require_GET
def dictionary(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "research/dictionary.html",
        _ctx(
            request,
            variables=rules.VARIABLES,
            excluded=rules.DIRECT_IDENTIFIERS,
            k=settings.PENATA_RESEARCH_K,
        ),
    )


# --- institutions ------------------------------------------------------------------------------


@require(Perm.RESEARCH_REVIEW)
@require_http_methods(["GET", "POST"])
def institution_list(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_save(actor=_user(request), fields=form.cleaned_data)
        except Exception as exc:  # full_clean: duplicate name
            from django.core.exceptions import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Lembaga mitra riset disimpan."))
            return redirect("research:institution_list")
    from django.db.models import Count

    institutions = Institution.objects.annotate(
        n_researchers=Count("researchers", distinct=True),
        n_requests=Count("requests", distinct=True),
    ).order_by("name")
    return render(
        request,
        "research/institution_list.html",
        _ctx(request, institutions=institutions, form=form),
    )


@require(Perm.RESEARCH_REVIEW)
@require_http_methods(["GET", "POST"])
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk)
    form = ResearcherLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.researcher_link(
                actor=_user(request), institution=inst, user=form.cleaned_data["user"]
            )
        except ResearchError as exc:
            form.add_error("user", exc.message)
        else:
            messages.success(request, _("Akun peneliti ditautkan ke lembaga."))
            return redirect("research:institution_detail", pk)
    researchers = inst.researchers.select_related("user").order_by("user__username")
    return render(
        request,
        "research/institution_detail.html",
        _ctx(request, inst=inst, researchers=researchers, form=form),
    )


# --- dashboard and impact ----------------------------------------------------------------------

PREDIKAT_LABELS = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}


@require(Perm.RESEARCH_DASHBOARD)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Indicators over time: 20 JP, predikat, talent pool, promotions by merit, readiness."""
    ind = analysis.indicators()
    years = [str(y) for y in ind["years"]]
    charts = {
        "research-jp": {
            "kind": "line",
            "percent": True,
            "labels": years,
            "datasets": [{"label": _("% ASN mencapai 20 JP"), "data": ind["jp_share"]}],
        },
        "research-predikat": {
            "kind": "stacked",
            "percent": True,
            "labels": years,
            "datasets": [
                {"label": PREDIKAT_LABELS[p], "data": ind["predikat"][p]}
                for p in rules.PREDIKAT_SCORE
            ],
        },
        "research-pool": {
            "kind": "bar",
            "labels": years,
            "datasets": [{"label": _("Pegawai di kotak talenta 7–9"), "data": ind["talent_pool"]}],
        },
        "research-readiness": {
            "kind": "line",
            "labels": ind["readiness"]["labels"],
            "datasets": [
                {"label": _("Indeks kesiapan kota (0–100)"), "data": ind["readiness"]["index"]}
            ],
        },
    }
    return render(request, "research/dashboard.html", _ctx(request, ind=ind, charts=charts))


@require(Perm.RESEARCH_DASHBOARD)
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    """The training-impact analysis of one program and year, explained in plain Indonesian."""
    programs = analysis.impact_programs()
    years = analysis.impact_years()
    form = ImpactForm(request.GET or None, programs=programs, years=years)
    result = explanation = chosen = None
    if programs and years:
        if form.is_valid():
            pid, year = form.cleaned_data["program"], form.cleaned_data["year"]
        else:
            pid, year = programs[0][0], years[-1]
            form = ImpactForm(
                initial={"program": pid, "year": year}, programs=programs, years=years
            )
        chosen = next(p for p in programs if p[0] == pid)
        result = analysis.impact(pid, year)
        explanation = rules.explain_did(result, program=chosen[2], year=year)
    chart = None
    if result is not None:
        chart = {
            "kind": "bar",
            "labels": [_("Peserta"), _("Pembanding"), _("Selisih (dampak)")],
            "datasets": [
                {
                    "label": _("Perubahan skor predikat"),
                    "data": [
                        round(result.treated_change, 3),
                        round(result.control_change, 3),
                        round(result.effect, 3),
                    ],
                }
            ],
        }
    return render(
        request,
        "research/impact.html",
        _ctx(
            request,
            form=form,
            result=result,
            explanation=explanation,
            chosen=chosen,
            chart=chart,
        ),
    )


# --- outputs -----------------------------------------------------------------------------------


@require(Perm.RESEARCH_DASHBOARD)
@require_GET
def output_list(request: HttpRequest) -> HttpResponse:
    outputs = list(selectors.outputs_visible_to(request.user)[:200])
    return render(request, "research/output_list.html", _ctx(request, outputs=outputs))


@require(Perm.RESEARCH_REQUEST)
@require_http_methods(["GET", "POST"])
def output_create(request: HttpRequest) -> HttpResponse:
    inst = services.institution_of(request.user)
    form = OutputForm(
        request.POST or None, request.FILES or None, institution=inst, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            out = services.output_submit(
                actor=_user(request),
                title=d["title"],
                summary=d["summary"],
                recommendations=d["recommendations"],
                topics=list(d["topics"]),
                report=d["report"],
                request=d.get("request"),
                policy_documents=list(d["policy_documents"]),
            )
        except ResearchError as exc:
            field = "report" if exc.code in services.FILE_ERRORS else None
            if exc.code == "policy_document":
                field = "policy_documents"
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Luaran riset diunggah; BKPP dapat menerbitkannya."))
            return redirect("research:output_detail", out.pk)
    return render(
        request,
        "research/form.html",
        _ctx(
            request,
            form=form,
            title=_("Unggah luaran riset"),
            multipart=True,
            back="research:output_list",
        ),
    )


@require(Perm.RESEARCH_DASHBOARD)
@require_GET
def output_detail(request: HttpRequest, pk: int) -> HttpResponse:
    out = get_object_or_404(selectors.outputs_visible_to(request.user), pk=pk)
    can_link = selectors.outputs_linkable_by(request.user).filter(pk=pk).exists()
    return render(request, "research/output_detail.html", _ctx(request, out=out, can_link=can_link))


@require(Perm.RESEARCH_DASHBOARD)
@require_http_methods(["GET", "POST"])
def output_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the policy documents an output informs (see
    :func:`services.output_link_documents`)."""
    out = get_object_or_404(selectors.outputs_linkable_by(request.user), pk=pk)
    form = OutputDocumentsForm(
        request.POST or None,
        user=request.user,
        initial={"policy_documents": list(out.policy_documents.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.output_link_documents(
                actor=_user(request),
                output=out,
                policy_documents=list(form.cleaned_data["policy_documents"]),
            )
        except ResearchError as exc:
            form.add_error("policy_documents", exc.message)
        else:
            messages.success(request, _("Tautan dokumen kebijakan disimpan."))
            return redirect("research:output_detail", out.pk)
    return render(
        request,
        "research/form.html",
        _ctx(
            request,
            form=form,
            title=_("Dokumen kebijakan yang diinformasikan: %(t)s") % {"t": out.title},
            back="research:output_list",
        ),
    )


@require(Perm.RESEARCH_DASHBOARD)
@require_GET
def output_report(request: HttpRequest, pk: int) -> FileResponse:
    out = get_object_or_404(selectors.outputs_visible_to(request.user), pk=pk)
    try:
        handle = out.report.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=f"luaran-riset-{out.pk}.pdf")


@require(Perm.RESEARCH_REVIEW)
@require_POST
def output_publish(request: HttpRequest, pk: int) -> HttpResponse:
    out = get_object_or_404(selectors.outputs_visible_to(request.user), pk=pk)
    publish = request.POST.get("publish", "1") == "1"
    services.output_publish(actor=_user(request), output=out, publish=publish)
    messages.success(
        request,
        _("Luaran diterbitkan ke portal publik.") if publish else _("Luaran ditarik dari portal."),
    )
    return redirect("research:output_detail", pk)
