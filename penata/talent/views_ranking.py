"""Pages of the promotion ranking: vacancies, their ranking with each candidate's breakdown and
each excluded person's rule, the committee's decision, the report as XLSX and PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.models import User
from penata.core.roles import Perm
from penata.talent import promotion, ranking, rules
from penata.talent.models import CommitteeDecision, RankingCandidate, Vacancy
from penata.talent.services import TalentError


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class VacancyForm(forms.ModelForm):
    min_predikat = forms.ChoiceField(
        label=gettext_lazy("Predikat minimal"),
        choices=[(p, p.replace("_", " ").title()) for p in rules.PREDIKAT_ORDER],
        initial="baik",
    )

    class Meta:
        model = Vacancy
        fields = [
            "position",
            "title",
            "as_of",
            "min_rank",
            "min_education",
            "min_predikat",
            "predikat_years",
            "no_active_sanction",
            "min_years_in_rank",
            "retire_within_months",
            "experience_full_years",
            "w_performance",
            "w_potential",
            "w_competency",
            "w_training",
            "w_experience",
        ]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    vacancies = Vacancy.objects.select_related("position").order_by("-created_at")
    return render(
        request,
        "talent/vacancy_list.html",
        {
            "page": Paginator(vacancies, 50).get_page(request.GET.get("page")),
            "can_manage": has_perm(request.user, Perm.TALENT_MANAGE),
        },
    )


@require(Perm.TALENT_MANAGE)
@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest) -> HttpResponse:
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items()}
        try:
            v = ranking.vacancy_create(actor=_user(request), **fields)
        except TalentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Lowongan dibuat. Hitung peringkatnya."))
            return redirect("talent:vacancy_detail", pk=v.pk)
    return render(request, "talent/vacancy_form.html", {"form": form})


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(
        Vacancy.objects.select_related("position", "min_rank", "min_education"), pk=pk
    )
    base = RankingCandidate.objects.filter(vacancy=v).select_related("employee", "employee__rank")
    eligible = base.filter(eligible=True).order_by("rank")
    excluded = base.filter(eligible=False).order_by("employee__name")
    decision = (
        CommitteeDecision.objects.filter(vacancy=v).select_related("employee", "decided_by").first()
    )
    return render(
        request,
        "talent/vacancy_detail.html",
        {
            "v": v,
            "eligible": Paginator(eligible, 50).get_page(request.GET.get("page")),
            "excluded": Paginator(excluded, 50).get_page(request.GET.get("xpage")),
            "n_eligible": eligible.count(),
            "n_excluded": excluded.count(),
            "decision": decision,
            "parts": [(n, ranking.PART_LABELS[n]) for n in ranking.PART_NAMES],
            "fairness_dims": promotion.fairness_dims(promotion.vacancy_fairness(v))
            if v.ranked_at
            else [],
            "can_manage": has_perm(request.user, Perm.TALENT_MANAGE),
            "can_decide": has_perm(request.user, Perm.TALENT_DECIDE)
            and v.status == Vacancy.Status.RANKED,
        },
    )


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def candidate_detail(request: HttpRequest, pk: int, employee_id: int) -> HttpResponse:
    c = get_object_or_404(
        RankingCandidate.objects.select_related("vacancy", "employee"),
        vacancy_id=pk,
        employee_id=employee_id,
    )
    v = c.vacancy
    used = v.used.get("weights", {})
    rows: list[dict[str, Any]] = []
    for n in ranking.PART_NAMES:
        w = used.get(n, str(getattr(v, f"w_{n}")))
        value = getattr(c, n)
        rows.append(
            {
                "label": ranking.PART_LABELS[n],
                "value": value,
                "weight": w,
                "contribution": (value * rules.Decimal(w) / 100).quantize(rules.TWO_PLACES),
            }
        )
    return render(request, "talent/candidate_detail.html", {"c": c, "v": v, "rows": rows})


@require(Perm.TALENT_MANAGE)
@require_POST
def vacancy_rank(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(Vacancy, pk=pk)
    try:
        summary = ranking.vacancy_rank(actor=_user(request), vacancy=v)
    except TalentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Peringkat dihitung: %(e)s dari %(n)s pegawai memenuhi syarat.")
            % {"e": summary["eligible"], "n": summary["candidates"]},
        )
    return redirect("talent:vacancy_detail", pk=pk)


@require(Perm.TALENT_DECIDE)
@require_POST
def vacancy_decide(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(Vacancy, pk=pk)
    try:
        employee_id = int(request.POST.get("employee", "0"))
    except ValueError:
        employee_id = 0
    try:
        ranking.committee_decide(
            actor=_user(request),
            vacancy=v,
            employee_id=employee_id,
            reasons=request.POST.get("reasons", ""),
        )
    except TalentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Keputusan dicatat."))
    return redirect("talent:vacancy_detail", pk=pk)


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def vacancy_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(Vacancy, pk=pk)
    response = HttpResponse(
        ranking.report_xlsx(v),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="peringkat-lowongan-{v.pk}.xlsx"'
    return response


@require(Perm.TALENT_VIEW_ALL)
@require_GET
def vacancy_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    v = get_object_or_404(Vacancy.objects.select_related("position"), pk=pk)
    response = HttpResponse(ranking.report_pdf(v), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="peringkat-lowongan-{v.pk}.pdf"'
    return response
