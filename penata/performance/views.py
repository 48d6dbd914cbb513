"""Performance pages: my SKP, my team (rating with the live curve), objections, the per-OPD
distribution against the curve, an employee's predikat history, and the periods (BKPP).

Rows come from :mod:`penata.performance.selectors`; writes go through
:mod:`penata.performance.services`, whose :class:`TransitionError` becomes a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from penata.core.access import has_perm, require
from penata.core.models import User
from penata.core.roles import Perm
from penata.performance import rules, services
from penata.performance.forms import (
    DecisionForm,
    ObjectionForm,
    PeriodForm,
    PlannedResultForm,
    RatingForm,
    RealisationForm,
    UnitPredikatForm,
)
from penata.performance.models import Appraisal, AppraisalPeriod, Objection, PlannedResult
from penata.performance.models import UnitPredikat as UnitPredikatRow
from penata.performance.selectors import (
    appraisal_status_counts,
    appraisals_filtered,
    appraisals_visible_to,
    appraisees_of,
    current_period,
    predikat_history,
)
from penata.workforce.models import Employee, OrgUnit
from penata.workforce.selectors import employees_visible_to


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


TEAM_PAGE_SIZE = 50


def _period(request: HttpRequest) -> AppraisalPeriod | None:
    raw = request.GET.get("periode") or request.POST.get("periode")
    if raw and raw.isdigit() and len(raw) <= 9:
        return AppraisalPeriod.objects.filter(pk=int(raw)).first()
    return current_period() or AppraisalPeriod.objects.order_by("-year", "kind").first()


def _error(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, services.TransitionError):
        messages.error(request, exc.message)
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:  # pragma: no cover - only the two above are passed
        raise exc


def curve_panels(period: AppraisalPeriod, opds: list[OrgUnit]) -> list[dict[str, Any]]:
    """Each OPD's predikat distribution in the period against the curve of its own predikat:
    two queries for any number of OPDs."""
    counts = services.units_distribution(period, [o.pk for o in opds])
    unit_predikat = dict(
        UnitPredikatRow.objects.filter(period=period, org_unit__in=opds).values_list(
            "org_unit_id", "predikat"
        )
    )
    return [_panel(period, o, counts[o.pk], unit_predikat.get(o.pk)) for o in opds]


def curve_panel(period: AppraisalPeriod, opd: OrgUnit) -> dict[str, Any]:
    return curve_panels(period, [opd])[0]


def _panel(
    period: AppraisalPeriod, opd: OrgUnit, counts: dict[rules.Predikat, int], unit: str | None
) -> dict[str, Any]:
    total = sum(counts.values())
    bounds: list[dict[str, Any]] = []
    violations: list[rules.CurveViolation] = []
    if unit is not None:
        violations = rules.check_curve(unit, counts)
        broken = {v.bound: v for v in violations}
        bounds = [
            {
                "label": b.label,
                "ok": b not in broken,
                "message": broken[b].message if b in broken else "",
            }
            for b in rules.CURVE[rules.UnitPredikat(unit)]
        ]
    return {
        "opd": opd,
        "period": period,
        "unit_predikat": rules.UnitPredikat(unit).label if unit else None,
        "unit_predikat_value": unit or "",
        "total": total,
        "rows": [
            {
                "label": p.label,
                "value": p.value,
                "count": c,
                "percent": round(c * 100 / total, 1) if total else 0,
            }
            for p, c in counts.items()
        ],
        "bounds": bounds,
        "ok": unit is not None and not violations,
    }


# --- my SKP --------------------------------------------------------------------------------


@require(Perm.APPRAISAL_OWN)
@require_http_methods(["GET", "POST"])
@never_cache
def my_skp(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    period = _period(request)
    employee = Employee.objects.filter(pk=user.employee_id).first() if user.employee_id else None
    appraisal = (
        Appraisal.objects.select_related("period", "appraiser")
        .filter(period=period, employee=employee)
        .first()
        if period and employee
        else None
    )
    result_form = PlannedResultForm()
    objection_form = ObjectionForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if employee is None or period is None:
            raise PermissionDenied("appraisal.own")
        try:
            if action == "start":
                services.appraisal_start(actor=user, period=period, employee=employee)
                messages.success(request, _("SKP dibuat. Tambahkan rencana hasil kerja Anda."))
            elif appraisal is None:
                raise Http404
            elif action == "add_result":
                result_form = PlannedResultForm(request.POST)
                if not result_form.is_valid():
                    raise ValidationError(_("Lengkapi rencana hasil kerja, indikator dan target."))
                services.planned_result_add(
                    actor=user, appraisal=appraisal, **result_form.cleaned_data
                )
                messages.success(request, _("Rencana hasil kerja ditambahkan."))
            elif action == "realise":
                form = RealisationForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Isi realisasi; tautan bukti harus URL yang sah."))
                result = get_object_or_404(
                    PlannedResult, pk=form.cleaned_data["result"], appraisal=appraisal
                )
                services.planned_result_update(
                    actor=user,
                    result=result,
                    realisation=form.cleaned_data["realisation"],
                    evidence=form.cleaned_data["evidence"] or "",
                )
                messages.success(request, _("Realisasi disimpan."))
            elif action == "delete_result":
                result = get_object_or_404(
                    PlannedResult, pk=request.POST.get("result") or 0, appraisal=appraisal
                )
                services.planned_result_delete(actor=user, result=result)
                messages.success(request, _("Rencana hasil kerja dihapus."))
            elif action == "submit":
                services.appraisal_submit(actor=user, appraisal=appraisal)
                messages.success(request, _("SKP diajukan kepada pejabat penilai."))
            elif action == "object":
                objection_form = ObjectionForm(request.POST)
                if not objection_form.is_valid():
                    raise ValidationError(_("Tuliskan alasan keberatan."))
                services.objection_file(
                    actor=user, appraisal=appraisal, reason=objection_form.cleaned_data["reason"]
                )
                messages.success(request, _("Keberatan diajukan kepada atasan pejabat penilai."))
            else:
                raise ValidationError(_("Tindakan tidak dikenal."))
        except (services.TransitionError, ValidationError) as exc:
            _error(request, exc)
        else:
            return redirect(f"{request.path}?periode={period.pk}")
    results = list(appraisal.results.all()) if appraisal else []
    return render(
        request,
        "performance/my_skp.html",
        {
            "period": period,
            "periods": AppraisalPeriod.objects.all(),
            "employee": employee,
            "appraisal": appraisal,
            "results": results,
            "behaviours": appraisal.behaviours.all() if appraisal else [],
            "result_form": result_form,
            "objection_form": objection_form,
            "editable": appraisal is not None
            and appraisal.status == Appraisal.Status.DRAFT
            and period is not None
            and period.is_open,
        },
    )


# --- my team -------------------------------------------------------------------------------


@require(Perm.APPRAISAL_RATE)
@require_GET
@never_cache
def team(request: HttpRequest) -> HttpResponse:
    """The appraiser's team for a period, 50 per page: filter by status (with the count of each,
    one grouped query), search by name or NIP, and the curve panel of every OPD the team is in.
    A province's heads of unit rate hundreds of SKP; the page costs the same whatever the team
    size (docs/scaling.md)."""
    user = _user(request)
    period = _period(request)
    base = appraisees_of(user, period) if period else Appraisal.objects.none()
    by_status = appraisal_status_counts(base)
    statuses = [(v, label, by_status.get(v, 0)) for v, label in Appraisal.Status.choices]
    text = " ".join(request.GET.get("q", "").split())[:100]
    rows, status = appraisals_filtered(base, status=request.GET.get("status", ""), text=text)
    page = Paginator(rows, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    opd_ids = sorted({o for o in base.order_by().values_list("opd_id", flat=True).distinct() if o})
    panels = curve_panels(period, list(OrgUnit.objects.filter(pk__in=opd_ids))) if period else []
    objections = (
        Objection.objects.filter(decider_id=user.employee_id, decision="").select_related(
            "appraisal__employee", "appraisal__period"
        )
        if user.employee_id
        else Objection.objects.none()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "performance/team.html",
        {
            "period": period,
            "periods": AppraisalPeriod.objects.all(),
            "page": page,
            "rows": page.object_list,
            "statuses": statuses,
            "status": status,
            "team_total": sum(by_status.values()),
            "q": text,
            "query": query.urlencode(),
            "panels": panels,
            "objections": objections,
        },
    )


@require(Perm.APPRAISAL_RATE)
@require_GET
@never_cache
def curve(request: HttpRequest, period_id: int, opd_id: int) -> HttpResponse:
    """The curve panel alone, for HTMX to refresh while the appraiser rates (others rate in the
    same OPD at the same time). Open to BKPP and to appraisers with staff in that OPD."""
    user = _user(request)
    period = get_object_or_404(AppraisalPeriod, pk=period_id)
    opd = get_object_or_404(OrgUnit, pk=opd_id)
    if not has_perm(user, Perm.APPRAISAL_VIEW_ALL) and not (
        user.employee_id
        and Appraisal.objects.filter(period=period, opd=opd, appraiser_id=user.employee_id).exists()
    ):
        raise Http404
    return render(
        request, "performance/_curve_panel.html", {"panel": curve_panel(period, opd), "live": True}
    )


def _rateable(user: User, pk: int) -> Appraisal:
    appraisal = get_object_or_404(appraisals_visible_to(user), pk=pk)
    if appraisal.appraiser_id is None or appraisal.appraiser_id != user.employee_id:
        raise PermissionDenied("appraisal.rate")
    return appraisal


@require(Perm.APPRAISAL_RATE)
@require_http_methods(["GET", "POST"])
@never_cache
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    appraisal = _rateable(user, pk)
    initial: dict[str, Any] = {
        "version": appraisal.version,
        "hasil_kerja": appraisal.hasil_kerja,
        "note": appraisal.rating_note,
    }
    for b in appraisal.behaviours.all():
        initial[f"b_{b.value}"] = b.rating
    form = RatingForm(initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "agree":
                services.planned_results_agree(actor=user, appraisal=appraisal)
                messages.success(request, _("Rencana hasil kerja disepakati."))
                return redirect("performance:rate", pk=appraisal.pk)
            form = RatingForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Nilai hasil kerja dan ketujuh nilai BerAKHLAK."))
            rated = services.appraisal_rate(
                actor=user,
                appraisal=appraisal,
                hasil_kerja=form.cleaned_data["hasil_kerja"],
                behaviours=form.behaviours(),
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except (services.TransitionError, ValidationError) as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("%(name)s dinilai: predikat %(predikat)s.")
                % {
                    "name": appraisal.employee.name,
                    "predikat": rules.Predikat(rated.predikat).label,
                },
            )
            return redirect(f"{_url('performance:team')}?periode={appraisal.period_id}")
    panel = curve_panel(appraisal.period, appraisal.opd) if appraisal.opd else None
    matrix = {f"{h.value}|{p.value}": v.label for (h, p), v in rules.MATRIX.items()}
    return render(
        request,
        "performance/rate.html",
        {
            "appraisal": appraisal,
            "results": appraisal.results.all(),
            "form": form,
            "panel": panel,
            "matrix": {"matrix": matrix, "majority": rules.MAJORITY},
            "rateable": appraisal.status in (Appraisal.Status.SUBMITTED, Appraisal.Status.RATED)
            and appraisal.period.is_open,
        },
    )


def _url(name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@require(Perm.APPRAISAL_RATE)
@require_http_methods(["GET", "POST"])
@never_cache
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    objection = get_object_or_404(
        Objection.objects.select_related("appraisal__employee", "appraisal__period"), pk=pk
    )
    if not user.employee_id or objection.decider_id != user.employee_id:
        raise PermissionDenied("appraisal.rate")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_decide(actor=user, objection=objection, **form.cleaned_data)
        except (services.TransitionError, ValidationError) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Keberatan diputus."))
            return redirect("performance:team")
    return render(request, "performance/objection.html", {"objection": objection, "form": form})


# --- distribution per OPD ------------------------------------------------------------------


def _opds_in_scope(user: User) -> Any:
    """OPDs whose distribution the user sees: all (BKPP, talent committee, policy team: counts
    only), or an OPD operator's own OPD (none when the account has no unit)."""
    opds = OrgUnit.objects.filter(opd_id=F("pk"))
    if has_perm(user, Perm.EMPLOYEE_VIEW_ALL) or has_perm(user, Perm.APPRAISAL_VIEW_ALL):
        return opds
    if has_perm(user, Perm.EMPLOYEE_VIEW_UNIT):
        unit = OrgUnit.objects.filter(pk=user.org_unit_id).first() if user.org_unit_id else None
        return opds.filter(pk=unit.opd_id) if unit and unit.opd_id else opds.none()
    return opds


@require(Perm.PERFORMANCE_STATS)
@require_http_methods(["GET", "POST"])
@never_cache
def distribution(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    period = _period(request)
    opds = _opds_in_scope(user)
    if request.method == "POST":
        if not has_perm(user, Perm.PERFORMANCE_MANAGE):
            raise PermissionDenied(str(Perm.PERFORMANCE_MANAGE))
        if period is None:
            raise Http404
        opd = get_object_or_404(opds, pk=request.POST.get("opd") or 0)
        try:
            if request.POST.get("action") == "finalise":
                n = services.appraisals_finalise_unit(actor=user, period=period, opd=opd)
                messages.success(
                    request, _("%(n)d SKP %(opd)s difinalkan.") % {"n": n, "opd": opd.name}
                )
            else:
                form = UnitPredikatForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Pilih predikat unit."))
                services.unit_predikat_set(
                    actor=user, period=period, opd=opd, predikat=form.cleaned_data["predikat"]
                )
                messages.success(request, _("Predikat unit %(opd)s disimpan.") % {"opd": opd.name})
        except (services.TransitionError, ValidationError) as exc:
            _error(request, exc)
        return redirect(f"{request.path}?periode={period.pk}")
    panels: list[dict[str, Any]] = []
    chart: dict[str, Any] = {"kind": "hbar-stacked", "labels": [], "datasets": []}
    if period is not None:
        with_staff = Appraisal.objects.filter(period=period).values("opd_id")
        panels = curve_panels(period, list(opds.filter(pk__in=with_staff).order_by("name")))
        chart["labels"] = [p["opd"].name for p in panels]
        chart["datasets"] = [
            {"label": pr.label, "data": [p["rows"][i]["count"] for p in panels]}
            for i, pr in enumerate(rules.Predikat)
        ]
    return render(
        request,
        "performance/distribution.html",
        {
            "period": period,
            "periods": AppraisalPeriod.objects.all(),
            "panels": panels,
            "chart": chart,
            "chart_height": 120 + 40 * len(panels),
            "can_manage": has_perm(user, Perm.PERFORMANCE_MANAGE),
            "unit_choices": [(u.value, u.label) for u in rules.UnitPredikat],
        },
    )


# --- history -------------------------------------------------------------------------------


@require(Perm.APPRAISAL_OWN)
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rows = predikat_history(user, pk)
    if rows is None:
        raise Http404
    employee = get_object_or_404(Employee.objects.select_related("org_unit"), pk=pk)
    in_registry = employees_visible_to(user).filter(pk=pk).exists()
    return render(
        request,
        "performance/history.html",
        {"employee": employee, "rows": list(rows), "in_registry": in_registry},
    )


# --- periods (BKPP) ------------------------------------------------------------------------


@require(Perm.PERFORMANCE_MANAGE)
@require_http_methods(["GET", "POST"])
@never_cache
def periods(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PeriodForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") in ("open", "close"):
                period = get_object_or_404(AppraisalPeriod, pk=request.POST.get("period") or 0)
                status = (
                    AppraisalPeriod.Status.OPEN
                    if request.POST["action"] == "open"
                    else AppraisalPeriod.Status.CLOSED
                )
                services.period_set_status(actor=user, period=period, status=status)
                messages.success(
                    request, _("Periode %(p)s: %(s)s.") % {"p": period, "s": status.label}
                )
                return redirect("performance:periods")
            form = PeriodForm(request.POST)
            if form.is_valid():
                period = services.period_create(actor=user, **form.cleaned_data)
                messages.success(request, _("Periode %(p)s dibuka.") % {"p": period})
                return redirect("performance:periods")
        except (services.TransitionError, ValidationError) as exc:
            _error(request, exc)
    rows = AppraisalPeriod.objects.annotate(n=Count("appraisals"))
    return render(request, "performance/periods.html", {"rows": rows, "form": form})
