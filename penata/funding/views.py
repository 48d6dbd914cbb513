"""Pages of funding (``funding:`` namespace, under ``/pendanaan/``).

BKPP (:attr:`Perm.FUNDING_MANAGE`) manages lines, partners, agreements and sponsorships; the
policy team reads the budget position, the funding gap and the reports
(:attr:`Perm.FUNDING_REPORTS`); a ``mitra`` account sees its own organisation's agreements and
sponsorships (:attr:`Perm.FUNDING_PARTNER_VIEW`, scoped in :mod:`penata.funding.selectors`);
the recognition of consenting partners is public.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, public, require
from penata.core.models import User
from penata.core.roles import Perm
from penata.funding import reports, rules, selectors, services
from penata.funding.forms import (
    AgreementForm,
    BudgetLineForm,
    ContactForm,
    DocumentForm,
    FundsAllocationForm,
    PartnerForm,
    ProgramLinkForm,
    SessionLinkForm,
    SponsorshipForm,
)
from penata.funding.models import (
    AgreementReminder,
    BudgetLine,
    Partner,
    PartnerContact,
    ProgramBudget,
    SessionBudget,
)
from penata.workforce.rules import mask_email, mask_phone


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def _years() -> list[int]:
    years = set(BudgetLine.objects.values_list("fiscal_year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "funding/form.html",
        {"form": form, "title": title, "back": back, "multipart": multipart},
    )


# --- budget ----------------------------------------------------------------------------------


@require(Perm.FUNDING_REPORTS)
@require_GET
def budget_list(request: HttpRequest) -> HttpResponse:
    """The lines of a fiscal year with ceiling, committed, realised, available; a chart; for
    BKPP the open expiry reminders."""
    year = _year(request)
    report = reports.budget_report(year, with_programs=False)
    rows = report["rows"]
    chart = {
        "kind": "bar",
        "labels": [r.line.sub_activity_code for r in rows],
        "datasets": [
            {"label": _("Realisasi (Rp)"), "data": [r.position.realised for r in rows]},
            {"label": _("Komitmen (Rp)"), "data": [r.position.committed for r in rows]},
            {"label": _("Sisa (Rp)"), "data": [max(r.position.available, 0) for r in rows]},
        ],
    }
    can_manage = has_perm(request.user, Perm.FUNDING_MANAGE)
    reminders = (
        list(
            AgreementReminder.objects.filter(done_at__isnull=True)
            .select_related("agreement__partner")
            .order_by("ends_on")[:50]
        )
        if can_manage
        else []
    )
    return render(
        request,
        "funding/budget_list.html",
        {
            "report": report,
            "year": year,
            "years": _years(),
            "chart": chart,
            "can_manage": can_manage,
            "reminders": reminders,
            "today": timezone.localdate(),
        },
    )


@require(Perm.FUNDING_REPORTS)
@require_GET
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("opd"), pk=pk)
    report = reports.budget_report(line.fiscal_year)
    row = next(r for r in report["rows"] if r.line.pk == line.pk)
    can_manage = has_perm(request.user, Perm.FUNDING_MANAGE)
    return render(
        request,
        "funding/budget_detail.html",
        {
            "line": line,
            "row": row,
            "program_links": ProgramBudget.objects.filter(line=line).select_related("program"),
            "session_links": SessionBudget.objects.filter(line=line).select_related(
                "session__program"
            ),
            "can_manage": can_manage,
            "program_form": ProgramLinkForm() if can_manage else None,
            "session_form": SessionLinkForm(year=line.fiscal_year) if can_manage else None,
        },
    )


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def budget_create(request: HttpRequest) -> HttpResponse:
    form = BudgetLineForm(request.POST or None, initial={"fiscal_year": _year(request)})
    if request.method == "POST" and form.is_valid():
        try:
            line = services.budget_line_create(actor=_user(request), fields=form.cleaned_data)
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Pos anggaran disimpan."))
            return redirect("funding:budget_detail", pk=line.pk)
    return _form_page(
        request, form, title=_("Pos anggaran baru"), back=reverse("funding:budget_list")
    )


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine, pk=pk)
    form = BudgetLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_update(actor=_user(request), line=line, fields=form.cleaned_data)
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Pos anggaran disimpan."))
            return redirect("funding:budget_detail", pk=line.pk)
    return _form_page(
        request,
        form,
        title=_("Ubah pos anggaran"),
        back=reverse("funding:budget_detail", args=[line.pk]),
    )


@require(Perm.FUNDING_MANAGE)
@require_POST
def budget_link_program(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine, pk=pk)
    form = ProgramLinkForm(request.POST)
    if form.is_valid():
        try:
            services.program_budget_link(
                actor=_user(request), program=form.cleaned_data["program"], line=line
            )
            messages.success(request, _("Program ditautkan ke pos anggaran."))
        except services.FundingError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Pilih program pelatihan."))
    return redirect("funding:budget_detail", pk=line.pk)


@require(Perm.FUNDING_MANAGE)
@require_POST
def budget_link_session(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine, pk=pk)
    form = SessionLinkForm(request.POST, year=line.fiscal_year)
    if form.is_valid():
        try:
            services.session_budget_link(
                actor=_user(request), session=form.cleaned_data["session"], line=line
            )
            messages.success(request, _("Angkatan ditautkan ke pos anggaran."))
        except services.FundingError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Pilih angkatan pada tahun anggaran pos ini."))
    return redirect("funding:budget_detail", pk=line.pk)


@require(Perm.FUNDING_MANAGE)
@require_POST
def budget_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ProgramBudget, pk=pk)
    line_id = link.line_id
    services.program_budget_unlink(actor=_user(request), link=link)
    messages.success(request, _("Tautan program dilepas."))
    return redirect("funding:budget_detail", pk=line_id)


@require(Perm.FUNDING_REPORTS)
@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    data = reports.report_xlsx(
        reports.budget_report(year), reports.funding_gap(year, on=timezone.localdate())
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="anggaran-pelatihan-{year}.xlsx"'
    return response


@require(Perm.FUNDING_REPORTS)
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    data = reports.report_pdf(
        reports.budget_report(year), reports.funding_gap(year, on=timezone.localdate())
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="anggaran-pelatihan-{year}.pdf"'
    return response


@require(Perm.FUNDING_REPORTS)
@require_GET
def funding_gap(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    gap = reports.funding_gap(year, on=timezone.localdate())
    return render(request, "funding/gap.html", {"gap": gap, "year": year, "years": _years()})


# --- partners --------------------------------------------------------------------------------


@require(Perm.FUNDING_MANAGE)
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.annotate(
        n_agreements=Count("agreements", distinct=True),
        n_sponsorships=Count("sponsorships", distinct=True),
    ).order_by("name")
    kind = request.GET.get("jenis", "")
    if kind:
        partners = partners.filter(kind=kind)
    return render(
        request,
        "funding/partner_list.html",
        {"partners": partners, "kind": kind, "kinds": Partner._meta.get_field("kind").choices},
    )


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=_user(request), fields=form.cleaned_data)
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("funding:partner_detail", pk=partner.pk)
    return _form_page(request, form, title=_("Mitra baru"), back=reverse("funding:partner_list"))


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(actor=_user(request), partner=partner, fields=form.cleaned_data)
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("funding:partner_detail", pk=partner.pk)
    return _form_page(
        request,
        form,
        title=_("Ubah mitra"),
        back=reverse("funding:partner_detail", args=[partner.pk]),
    )


def _masked_contacts(partner: Partner) -> list[dict[str, Any]]:
    """Contacts with e-mail and phone masked (UU 27/2022); never the raw values on a page."""
    return [
        {
            "pk": c.pk,
            "name": c.name,
            "position": c.position,
            "email": mask_email(c.email) if c.email else "",
            "phone": mask_phone(c.phone) if c.phone else "",
        }
        for c in partner.contacts.all()
    ]


@require(Perm.FUNDING_MANAGE)
@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(
        Partner.objects.prefetch_related(
            "contacts",
            Prefetch(
                "agreements",
                queryset=selectors.agreements_visible_to(request.user).order_by("-ends_on"),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "funding/partner_detail.html",
        {
            "partner": partner,
            "contacts": _masked_contacts(partner),
            "sponsorships": selectors.sponsorships_visible_to(request.user).filter(partner=partner),
            "contact_form": ContactForm(),
            "today": timezone.localdate(),
        },
    )


@require(Perm.FUNDING_MANAGE)
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(actor=_user(request), partner=partner, fields=form.cleaned_data)
            messages.success(request, _("Narahubung ditambahkan."))
        except services.FundingError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(
            request,
            _("Narahubung tidak disimpan: ")
            + "; ".join(
                f"{form.fields[k].label}: {' '.join(str(m) for m in v)}"
                for k, v in form.errors.items()
            ),
        )
    return redirect("funding:partner_detail", pk=partner.pk)


@require(Perm.FUNDING_MANAGE)
@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(PartnerContact, pk=pk)
    partner_id = contact.partner_id
    services.contact_remove(actor=_user(request), contact=contact)
    messages.success(request, _("Narahubung dihapus."))
    return redirect("funding:partner_detail", pk=partner_id)


# --- agreements ------------------------------------------------------------------------------


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = AgreementForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=_user(request), partner=partner, fields=form.cleaned_data
            )
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("funding:agreement_detail", pk=agreement.pk)
    return _form_page(
        request,
        form,
        title=_("Perjanjian kerja sama baru: %(p)s") % {"p": partner.name},
        back=reverse("funding:partner_detail", args=[partner.pk]),
    )


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)
    form = AgreementForm(request.POST or None, instance=agreement, partner=agreement.partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                actor=_user(request), agreement=agreement, fields=form.cleaned_data
            )
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("funding:agreement_detail", pk=agreement.pk)
    return _form_page(
        request,
        form,
        title=_("Ubah perjanjian"),
        back=reverse("funding:agreement_detail", args=[agreement.pk]),
    )


@require(Perm.FUNDING_PARTNER_VIEW)
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement with its documents and sponsorships; a partner sees only its own."""
    agreement = get_object_or_404(
        selectors.agreements_visible_to(request.user).prefetch_related("documents", "reminders"),
        pk=pk,
    )
    can_manage = has_perm(request.user, Perm.FUNDING_MANAGE)
    return render(
        request,
        "funding/agreement_detail.html",
        {
            "agreement": agreement,
            "days_left": (agreement.ends_on - timezone.localdate()).days,
            "sponsorships": selectors.sponsorships_visible_to(request.user).filter(
                agreement=agreement
            ),
            "can_manage": can_manage,
            "document_form": DocumentForm() if can_manage else None,
        },
    )


@require(Perm.FUNDING_MANAGE)
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(
                actor=_user(request),
                agreement=agreement,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
            messages.success(request, _("Dokumen diunggah."))
        except services.FundingError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Pilih jenis dokumen dan berkasnya (PDF, PNG atau JPG)."))
    return redirect("funding:agreement_detail", pk=agreement.pk)


@require(Perm.FUNDING_PARTNER_VIEW)
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = PurePath(doc.original_name).suffix.lower() or ".pdf"
    return FileResponse(
        handle, as_attachment=True, filename=f"perjanjian-{doc.agreement_id}-{doc.pk}{ext}"
    )


@require(Perm.FUNDING_MANAGE)
@require_POST
def reminder_done(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(AgreementReminder, pk=pk)
    services.reminder_done(actor=_user(request), reminder=reminder)
    messages.success(request, _("Pengingat ditandai sudah ditangani."))
    return redirect("funding:budget_list")


# --- sponsorships ----------------------------------------------------------------------------


@require(Perm.FUNDING_PARTNER_VIEW)
@require_GET
def sponsorship_list(request: HttpRequest) -> HttpResponse:
    """Sponsorships and agreements visible to the user: BKPP all; a partner its own."""
    user = request.user
    year = request.GET.get("tahun", "")
    spons = selectors.sponsorships_visible_to(user).order_by("-fiscal_year", "partner__name")
    if year.isdigit():
        spons = spons.filter(fiscal_year=int(year))
    agreements = selectors.agreements_visible_to(user).order_by("ends_on")
    rows = list(spons[:500])
    totals = {
        "pledged": sum(int(s.pledged_value) for s in rows if not s.is_cancelled),
        "realised": sum(int(s.realised_value) for s in rows if not s.is_cancelled),
    }
    return render(
        request,
        "funding/sponsorship_list.html",
        {
            "sponsorships": rows,
            "agreements": agreements[:500],
            "totals": totals,
            "partner": selectors.partner_of(user),
            "can_manage": has_perm(user, Perm.FUNDING_MANAGE),
            "year": year,
            "today": timezone.localdate(),
        },
    )


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def sponsorship_create(request: HttpRequest) -> HttpResponse:
    form = SponsorshipForm(
        request.POST or None,
        initial={"fiscal_year": timezone.localdate().year, "partner": request.GET.get("mitra")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sponsorship_create(actor=_user(request), fields=form.cleaned_data)
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sponsor disimpan."))
            return redirect("funding:sponsorship_list")
    return _form_page(
        request, form, title=_("Sponsor baru"), back=reverse("funding:sponsorship_list")
    )


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def sponsorship_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sponsorship = get_object_or_404(selectors.sponsorships_visible_to(request.user), pk=pk)
    form = SponsorshipForm(request.POST or None, instance=sponsorship)
    if request.method == "POST" and form.is_valid():
        try:
            services.sponsorship_update(
                actor=_user(request), sponsorship=sponsorship, fields=form.cleaned_data
            )
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sponsor disimpan."))
            return redirect("funding:sponsorship_list")
    return _form_page(
        request, form, title=_("Ubah sponsor"), back=reverse("funding:sponsorship_list")
    )


# --- seat allocation from funds --------------------------------------------------------------


@require(Perm.FUNDING_MANAGE)
@require_http_methods(["GET", "POST"])
def allocation_create(request: HttpRequest) -> HttpResponse:
    """Start a seat allocation with the budget taken from chosen lines and sponsorships."""
    form = FundsAllocationForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.allocation_run_from_funds(
                actor=_user(request),
                year=d["year"],
                session_ids=[s.pk for s in d["sessions"]],
                line_ids=[ln.pk for ln in d["lines"]],
                sponsorship_ids=[s.pk for s in d["sponsorships"]],
            )
        except services.FundingError as exc:
            form.add_error(None, exc.message)
        except services.LearningError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Alokasi dimulai dengan dana tersedia %(amount)s.")
                % {"amount": rules.format_rupiah(int(run.budget))},
            )
            return redirect("learning:allocation_detail", pk=run.pk)
    return _form_page(
        request,
        form,
        title=_("Alokasi kursi dari dana tersedia"),
        back=reverse("learning:allocation_list"),
    )


# --- public ----------------------------------------------------------------------------------


@public
@require_GET
def recognition(request: HttpRequest) -> HttpResponse:
    """Public thanks to the partners who consented to be shown (name, kind, what they gave)."""
    partners = list(
        selectors.recognised_partners().prefetch_related(
            Prefetch(
                "sponsorships",
                queryset=selectors.Sponsorship.objects.filter(is_cancelled=False)
                .select_related("program")
                .order_by("-fiscal_year"),
            )
        )
    )
    return render(request, "funding/recognition.html", {"partners": partners})
