"""Training pages: programs and their sessions (BKPP), the catalogue and "my training" (ASN),
nominations (OPD operators), attendance and completion, certificates (PDF and the public
verification page), the reaction survey and external certificates.

Every write goes through :mod:`penata.learning.services`, whose :class:`LearningError` becomes
a message; rows are scoped with :func:`penata.workforce.selectors.employees_visible_to`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, public, require
from penata.core.middleware import client_ip
from penata.core.roles import Perm
from penata.learning import certificates, rules, services
from penata.learning.forms import (
    CompetencyRowFormSet,
    CompleteForm,
    EvaluationForm,
    ExternalCertificateForm,
    ProgramFilterForm,
    ProgramForm,
    ReasonForm,
    SessionForm,
    VerifyCodeForm,
    item_label,
    row_competencies,
)
from penata.learning.models import (
    Attendance,
    CertificateStatus,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    ExternalCertificate,
    SessionStatus,
    TrainingProgram,
    TrainingSession,
)
from penata.learning.services import LearningError
from penata.workforce.models import Employee, EmployeeStatus
from penata.workforce.selectors import employees_visible_to

S = EnrolmentStatus
PAGE_SIZE = 25
MAX_GRID_DAYS = 31
MIN_EVALUATIONS_SHOWN = 3
SEAT_HOLDING = [s.value for s in rules.SEAT_HOLDING]
CANCELLABLE_BY_OWNER = {S.NOMINATED, S.REGISTERED, S.APPROVED}


def _user(request: HttpRequest) -> Any:
    return request.user


def _own_employee(request: HttpRequest) -> Employee | None:
    emp_id = getattr(request.user, "employee_id", None)
    return Employee.objects.filter(pk=emp_id).first() if emp_id else None


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Return to the page the form was on (same site only), else ``default``."""
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(default)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


# --- reads -----------------------------------------------------------------------------------


def _with_seats(qs: Any) -> Any:
    return qs.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING), distinct=True)
    )


def session_test_stats(session: TrainingSession) -> dict[str, Any]:
    """Mean pre-test, post-test and gain (over those with both) of a session. One query."""
    data = Enrolment.objects.filter(session=session).aggregate(
        pre=Avg("pre_test"),
        post=Avg("post_test"),
        gain=Avg(
            F("post_test") - F("pre_test"),
            filter=Q(pre_test__isnull=False, post_test__isnull=False),
        ),
        n=Count("pk", filter=Q(pre_test__isnull=False, post_test__isnull=False)),
    )
    return {k: (round(float(v), 1) if v is not None and k != "n" else v) for k, v in data.items()}


def session_evaluation_stats(session: TrainingSession) -> dict[str, Any]:
    """The reaction survey's mean per item, shown only when at least three answered (so no one
    answer can be read off). One query."""
    data = Evaluation.objects.filter(enrolment__session=session).aggregate(
        n=Count("pk"), **{item: Avg(item) for item in Evaluation.ITEMS}
    )
    n = data.pop("n")
    shown = n >= MIN_EVALUATIONS_SHOWN
    items = [
        {
            "label": item_label(item),
            "mean": round(float(data[item]), 2) if shown and data[item] is not None else None,
            "width": round(float(data[item]) * 20) if shown and data[item] is not None else 0,
        }
        for item in Evaluation.ITEMS
    ]
    return {"n": n, "shown": shown, "minimum": MIN_EVALUATIONS_SHOWN, "items": items}


def _days(session: TrainingSession) -> list[dt.date]:
    n = min((session.ends_on - session.starts_on).days + 1, MAX_GRID_DAYS)
    return [session.starts_on + dt.timedelta(days=i) for i in range(n)]


def _attendance_row(enrolment: Enrolment, days: list[dt.date], marks: dict[dt.date, bool]) -> Any:
    enrolment.cells = [(d, marks.get(d)) for d in days]  # type: ignore[attr-defined]
    enrolment.editable = enrolment.status in (S.APPROVED, S.ATTENDED)  # type: ignore[attr-defined]
    return enrolment


# --- programs --------------------------------------------------------------------------------


@require(Perm.LEARNING_OWN)
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    manage = has_perm(user, Perm.TRAINING_MANAGE)
    form = ProgramFilterForm(request.GET or None)
    qs = TrainingProgram.objects.select_related("activity_type").annotate(
        open_sessions=Count("sessions", filter=Q(sessions__status=SessionStatus.OPEN))
    )
    if not manage:
        qs = qs.filter(is_active=True)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(code__icontains=data["q"]))
        if data["mode"]:
            qs = qs.filter(activity_type__mode=data["mode"])
        if data["provider"]:
            qs = qs.filter(provider_kind=data["provider"])
        if data["competency"]:
            qs = qs.filter(competencies__competency=data["competency"])
    page = Paginator(qs.order_by("title"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "learning/program_list.html",
        {"form": form, "page": page, "query": query, "manage": manage},
    )


@require(Perm.LEARNING_OWN)
@require_GET
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    manage = has_perm(user, Perm.TRAINING_MANAGE)
    program = get_object_or_404(
        TrainingProgram.objects.select_related("activity_type"),
        pk=pk,
        **({} if manage else {"is_active": True}),
    )
    sessions = _with_seats(program.sessions.all()).order_by("starts_on")
    if not manage:
        sessions = sessions.exclude(status=SessionStatus.CANCELLED)
    return render(
        request,
        "learning/program_detail.html",
        {
            "program": program,
            "competencies": program.competencies.select_related("competency"),
            "sessions": sessions,
            "manage": manage,
        },
    )


def _program_form_page(request: HttpRequest, program: TrainingProgram | None) -> HttpResponse:
    user = _user(request)
    initial_rows = (
        [
            {"competency": pc.competency, "target_level": pc.target_level}
            for pc in program.competencies.select_related("competency")
        ]
        if program
        else []
    )
    if request.method == "POST":
        form = ProgramForm(request.POST, instance=program)
        rows = CompetencyRowFormSet(request.POST, prefix="komp")
        if form.is_valid() and rows.is_valid():
            fields = {k: form.cleaned_data[k] for k in form.cleaned_data}
            try:
                if program is None:
                    program = services.program_create(
                        actor=user, fields=fields, competencies=row_competencies(rows)
                    )
                    messages.success(request, _("Program pelatihan dibuat."))
                else:
                    program = services.program_update(
                        actor=user,
                        program=program,
                        fields=fields,
                        competencies=row_competencies(rows),
                    )
                    messages.success(request, _("Program pelatihan disimpan."))
                return redirect("learning:program_detail", pk=program.pk)
            except LearningError as exc:
                messages.error(request, exc.message)
    else:
        form = ProgramForm(instance=program)
        rows = CompetencyRowFormSet(initial=initial_rows, prefix="komp")
    return render(
        request, "learning/program_form.html", {"form": form, "rows": rows, "program": program}
    )


@require(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    return _program_form_page(request, None)


@require(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _program_form_page(request, get_object_or_404(TrainingProgram, pk=pk))


# --- sessions (BKPP) -------------------------------------------------------------------------


def _session_form_page(
    request: HttpRequest, program: TrainingProgram, session: TrainingSession | None
) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = SessionForm(request.POST, instance=session)
        if form.is_valid():
            try:
                if session is None:
                    session = services.session_create(
                        actor=user, program=program, fields=form.cleaned_data
                    )
                    messages.success(request, _("Angkatan dibuat dan pendaftaran dibuka."))
                else:
                    session = services.session_update(
                        actor=user, session=session, fields=form.cleaned_data
                    )
                    messages.success(request, _("Angkatan disimpan."))
                return redirect("learning:session_detail", pk=session.pk)
            except LearningError as exc:
                messages.error(request, exc.message)
    else:
        form = SessionForm(instance=session)
    return render(
        request,
        "learning/session_form.html",
        {"form": form, "program": program, "session": session},
    )


@require(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_form_page(request, get_object_or_404(TrainingProgram, pk=pk), None)


@require(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession.objects.select_related("program"), pk=pk)
    return _session_form_page(request, session.program, session)


@require(Perm.TRAINING_MANAGE)
@require_POST
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Close, reopen or cancel (with reason) a session."""
    user = _user(request)
    session = get_object_or_404(TrainingSession, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "close":
            services.session_close(actor=user, session=session)
            messages.success(request, _("Pendaftaran angkatan ditutup."))
        elif action == "reopen":
            services.session_reopen(actor=user, session=session)
            messages.success(request, _("Pendaftaran angkatan dibuka kembali."))
        elif action == "cancel":
            services.session_cancel(
                actor=user, session=session, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("Angkatan dibatalkan; pendaftaran yang masih berjalan dibatalkan.")
            )
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except LearningError as exc:
        messages.error(request, exc.message)
    return redirect("learning:session_detail", pk=session.pk)


@require(Perm.LEARNING_OWN)
@require_GET
@never_cache
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One session: for everyone its facts and seats, and the viewer's own place in it; for an
    OPD operator the nominations of their people; for BKPP the whole workflow."""
    user = _user(request)
    session = get_object_or_404(
        _with_seats(TrainingSession.objects.select_related("program__activity_type")), pk=pk
    )
    manage = has_perm(user, Perm.TRAINING_MANAGE)
    nominate = has_perm(user, Perm.TRAINING_NOMINATE)
    employee = _own_employee(request)
    own = Enrolment.objects.filter(session=session, employee=employee).first() if employee else None
    context: dict[str, Any] = {
        "session": session,
        "program": session.program,
        "manage": manage,
        "nominate": nominate and session.status == SessionStatus.OPEN,
        "employee": employee,
        "own": own,
        "own_cancellable": own is not None and own.status in CANCELLABLE_BY_OWNER,
        "seats_left": max(0, session.capacity - session.taken),
        "percent": rules.progress_percent(session.taken, session.capacity),
        "can_register": employee is not None
        and own is None
        and session.status == SessionStatus.OPEN,
    }
    if manage or nominate:
        enrolments = Enrolment.objects.filter(session=session).select_related("employee__org_unit")
        if not manage:
            enrolments = enrolments.filter(employee__in=employees_visible_to(user))
        rows = list(enrolments.order_by("employee__name"))
        groups = [
            {"status": s, "label": s.label, "rows": [e for e in rows if e.status == s.value]}
            for s in S
        ]
        context["groups"] = [g for g in groups if g["rows"]]
        context["pending"] = [e for e in rows if e.status in (S.NOMINATED, S.REGISTERED)]
        context["enrolment_count"] = len(rows)
    if manage:
        days = _days(session)
        in_play = [e for e in rows if e.status in (S.APPROVED, S.ATTENDED)]
        marks: dict[int, dict[dt.date, bool]] = {}
        for enrolment_id, day, present in Attendance.objects.filter(
            enrolment__session=session
        ).values_list("enrolment_id", "day", "present"):
            marks.setdefault(enrolment_id, {})[day] = present
        context.update(
            days=days,
            days_truncated=(session.ends_on - session.starts_on).days + 1 > len(days),
            grid=[_attendance_row(e, days, marks.get(e.pk, {})) for e in in_play],
            finishing=in_play,
            tests=session_test_stats(session),
            evaluation=session_evaluation_stats(session),
            complete_form=CompleteForm(),
        )
    return render(request, "learning/session_detail.html", context)


@require(Perm.TRAINING_MANAGE)
@require_POST
def session_bulk_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = get_object_or_404(TrainingSession, pk=pk)
    ids = [int(x) for x in request.POST.getlist("enrolment") if x.isdigit()]
    if not ids:
        messages.error(request, _("Pilih usulan yang akan disetujui."))
        return redirect("learning:session_detail", pk=pk)
    result = services.enrolment_bulk_approve(actor=user, session=session, enrolment_ids=ids)
    if result["approved"]:
        messages.success(
            request,
            _("%(n)d peserta disetujui.") % {"n": len(result["approved"])},
        )
    if result["refused"]:
        names = "; ".join(f"{e.employee.full_name} ({why})" for e, why in result["refused"])
        if result["full"]:
            text = _("Angkatan penuh, persetujuan dihentikan. Tidak disetujui: %(names)s.")
        else:
            text = _("Tidak disetujui: %(names)s.")
        messages.error(request, text % {"names": names})
    return redirect("learning:session_detail", pk=pk)


# --- enrolment actions (BKPP) ----------------------------------------------------------------


@require(Perm.TRAINING_MANAGE)
@require_POST
def enrolment_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, reject (reason), cancel, complete (scores) or not complete (reason)."""
    user = _user(request)
    enrolment = get_object_or_404(Enrolment.objects.select_related("employee"), pk=pk)
    action = request.POST.get("action", "")
    version = _version(request)
    name = enrolment.employee.full_name
    try:
        if action == "approve":
            services.enrolment_approve(actor=user, enrolment=enrolment, version=version)
            messages.success(request, _("%(name)s disetujui.") % {"name": name})
        elif action == "reject":
            services.enrolment_reject(
                actor=user,
                enrolment=enrolment,
                reason=request.POST.get("reason", ""),
                version=version,
            )
            messages.success(request, _("Usulan %(name)s ditolak.") % {"name": name})
        elif action == "cancel":
            services.enrolment_cancel(
                actor=user,
                enrolment=enrolment,
                reason=request.POST.get("reason", ""),
                version=version,
            )
            messages.success(request, _("Pendaftaran %(name)s dibatalkan.") % {"name": name})
        elif action == "complete":
            form = CompleteForm(request.POST)
            if not form.is_valid():
                raise LearningError("bad_score", _("Nilai harus angka 0–100; nilai akhir wajib."))
            services.enrolment_complete(
                actor=user,
                enrolment=enrolment,
                score=form.cleaned_data["score"],
                pre_test=form.cleaned_data["pre_test"],
                post_test=form.cleaned_data["post_test"],
                version=version,
            )
            messages.success(
                request, _("%(name)s lulus; sertifikat dan JP dicatat.") % {"name": name}
            )
        elif action == "not_complete":
            services.enrolment_not_complete(
                actor=user,
                enrolment=enrolment,
                reason=request.POST.get("reason", ""),
                version=version,
            )
            messages.success(request, _("%(name)s dicatat tidak selesai.") % {"name": name})
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except LearningError as exc:
        messages.error(request, exc.message)
    return redirect("learning:session_detail", pk=enrolment.session_id)


@require(Perm.TRAINING_MANAGE)
@require_POST
def attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one participant present or absent on one day; HTMX gets the row back."""
    user = _user(request)
    enrolment = get_object_or_404(Enrolment.objects.select_related("session", "employee"), pk=pk)
    error = ""
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
        services.attendance_record(
            actor=user, enrolment=enrolment, day=day, present=request.POST.get("present") == "1"
        )
    except ValueError:
        error = _("Tanggal tidak sah.")
    except LearningError as exc:
        error = exc.message
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("learning:session_detail", pk=enrolment.session_id)
    enrolment.refresh_from_db()
    days = _days(enrolment.session)
    marks = dict(enrolment.attendance.values_list("day", "present"))
    return render(
        request,
        "learning/session_attendance_row.html",
        {"row": _attendance_row(enrolment, days, marks), "error": error},
    )


# --- nominations (OPD operators and BKPP) ----------------------------------------------------


@require(Perm.TRAINING_NOMINATE)
@require_http_methods(["GET", "POST"])
def session_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (HTMX): employees in the operator's scope matching ``q``; POST: nominate one."""
    user = _user(request)
    session = get_object_or_404(TrainingSession.objects.select_related("program"), pk=pk)
    if request.method == "POST":
        emp_id = request.POST.get("employee", "")
        employee = get_object_or_404(Employee, pk=int(emp_id) if emp_id.isdigit() else 0)
        try:
            services.enrolment_nominate(actor=user, session=session, employee=employee)
            messages.success(
                request, _("%(name)s diusulkan; menunggu persetujuan BKPP.") % {"name": employee}
            )
        except LearningError as exc:
            messages.error(request, exc.message)
        return redirect("learning:session_detail", pk=pk)
    q = request.GET.get("q", "").strip()
    results: list[Employee] = []
    if len(q) >= 2:
        results = list(
            employees_visible_to(user)
            .filter(status=EmployeeStatus.AKTIF)
            .filter(Q(name__icontains=q) | Q(nip__startswith=q))
            .exclude(enrolments__session=session)
            .select_related("org_unit")
            .order_by("name")[:20]
        )
    return render(
        request,
        "learning/session_nominate_results.html",
        {"session": session, "results": results, "q": q},
    )


# --- the ASN side ----------------------------------------------------------------------------


@require(Perm.LEARNING_OWN)
@require_GET
@never_cache
def catalogue(request: HttpRequest) -> HttpResponse:
    """Open sessions still to come, with seats left; register or withdraw."""
    today = timezone.localdate()
    sessions = list(
        _with_seats(
            TrainingSession.objects.filter(status=SessionStatus.OPEN, ends_on__gte=today)
            .select_related("program__activity_type")
            .filter(program__is_active=True)
        ).order_by("starts_on", "code")[:200]
    )
    employee = _own_employee(request)
    own: dict[int, Enrolment] = {}
    if employee is not None:
        own = {
            e.session_id: e
            for e in Enrolment.objects.filter(
                employee=employee, session__in=[s.pk for s in sessions]
            )
        }
    for s in sessions:
        s.seats_left = max(0, s.capacity - s.taken)
        s.mine = own.get(s.pk)
        s.cancellable = s.mine is not None and s.mine.status in CANCELLABLE_BY_OWNER
    return render(
        request,
        "learning/session_catalogue.html",
        {
            "sessions": sessions,
            "employee": employee,
            "nominate": has_perm(request.user, Perm.TRAINING_NOMINATE),
        },
    )


@require(Perm.LEARNING_OWN)
@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession.objects.select_related("program"), pk=pk)
    try:
        services.enrolment_register(actor=_user(request), session=session)
        messages.success(
            request,
            _("Anda terdaftar di %(title)s; menunggu persetujuan BKPP.")
            % {"title": session.program.title},
        )
    except LearningError as exc:
        messages.error(request, exc.message)
    return _back(request, reverse("learning:catalogue"))


@require(Perm.LEARNING_OWN)
@require_POST
def enrolment_cancel_own(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = get_object_or_404(Enrolment, pk=pk, employee_id=user.employee_id or 0)
    try:
        services.enrolment_cancel(
            actor=user,
            enrolment=enrolment,
            reason=request.POST.get("reason", "") or _("Dibatalkan oleh peserta"),
            version=_version(request),
        )
        messages.success(request, _("Pendaftaran Anda dibatalkan."))
    except LearningError as exc:
        messages.error(request, exc.message)
    return _back(request, reverse("learning:my_enrolments"))


@require(Perm.LEARNING_OWN)
@require_GET
@never_cache
def my_enrolments(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    rows = (
        list(
            Enrolment.objects.filter(employee=employee)
            .select_related("session__program__activity_type", "evaluation")
            .order_by("-session__starts_on")
        )
        if employee
        else []
    )
    for e in rows:
        done = hasattr(e, "evaluation")
        e.cancellable = e.status in CANCELLABLE_BY_OWNER  # type: ignore[attr-defined]
        e.can_evaluate = e.status in (S.ATTENDED, S.COMPLETED) and not done  # type: ignore[attr-defined]
    return render(request, "learning/enrolment_own.html", {"employee": employee, "rows": rows})


@require(Perm.LEARNING_OWN)
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session__program"),
        pk=pk,
        employee_id=user.employee_id or 0,
    )
    done = Evaluation.objects.filter(enrolment=enrolment).exists()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(actor=user, enrolment=enrolment, **form.cleaned_data)
            messages.success(request, _("Terima kasih, evaluasi Anda tersimpan."))
            return redirect("learning:my_enrolments")
        except LearningError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "learning/enrolment_evaluation.html",
        {"enrolment": enrolment, "form": form, "done": done},
    )


# --- certificates ----------------------------------------------------------------------------


@require(Perm.LEARNING_OWN)
@require_GET
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate PDF: for its owner, HR and the owner's OPD operator."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session__program__activity_type", "employee"),
        pk=pk,
        status=S.COMPLETED,
    )
    if not certificates.can_download_certificate(request.user, enrolment.employee_id):
        raise Http404
    data = certificates.certificate_pdf(enrolment)  # the address printed is SITE_URL
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{enrolment.certificate_code}.pdf"'
    )
    return response


@public
@require_GET
@never_cache
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate's code: valid or not, and only what the certificate shows."""
    form = VerifyCodeForm(request.GET if "kode" in request.GET else None)
    context: dict[str, Any] = {"form": form, "checked": False, "result": None}
    status = 200
    if form.is_valid():
        if certificates.verify_throttled(client_ip(request)):
            context["throttled"] = certificates.RATE_LIMIT_MESSAGE
            status = 429
        else:
            code = services.normalise_certificate_code(form.cleaned_data["kode"])
            context.update(
                checked=True,
                code=code or form.cleaned_data["kode"],
                result=certificates.lookup_certificate(code),
            )
    return render(request, "learning/certificate_verify.html", context, status=status)


# --- external certificates -------------------------------------------------------------------


@require(Perm.LEARNING_OWN)
@require_http_methods(["GET", "POST"])
def external_own(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    employee = _own_employee(request)
    form = ExternalCertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and employee is not None and form.is_valid():
        try:
            services.external_certificate_submit(actor=user, **form.cleaned_data)
            messages.success(request, _("Sertifikat diunggah; menunggu verifikasi BKPP."))
            return redirect("learning:external_own")
        except LearningError as exc:
            messages.error(request, exc.message)
    rows = (
        ExternalCertificate.objects.filter(employee=employee).select_related("activity_type")
        if employee
        else ExternalCertificate.objects.none()
    )
    return render(
        request, "learning/external_own.html", {"form": form, "rows": rows, "employee": employee}
    )


@require(Perm.TRAINING_MANAGE)
@require_GET
def external_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or CertificateStatus.SUBMITTED
    if status not in CertificateStatus.values:
        status = CertificateStatus.SUBMITTED
    qs = (
        ExternalCertificate.objects.filter(status=status)
        .select_related("employee__org_unit", "activity_type", "competency")
        .order_by("created_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/external_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": CertificateStatus.choices,
            "query": urlencode({"status": status}),
            "reject_form": ReasonForm(),
        },
    )


@require(Perm.TRAINING_MANAGE)
@require_POST
def external_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cert = get_object_or_404(ExternalCertificate, pk=pk)
    try:
        if request.POST.get("action") == "verify":
            services.external_certificate_verify(actor=user, certificate=cert)
            messages.success(request, _("Sertifikat diverifikasi; JP masuk catatan."))
        elif request.POST.get("action") == "reject":
            services.external_certificate_reject(
                actor=user, certificate=cert, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Sertifikat ditolak."))
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except LearningError as exc:
        messages.error(request, exc.message)
    return redirect("learning:external_queue")


@require(Perm.LEARNING_OWN)
@require_GET
def external_file(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded file, to its owner and HR only, always as a download."""
    cert = get_object_or_404(ExternalCertificate, pk=pk)
    if not certificates.can_see_external_file(request.user, cert.employee_id):
        raise Http404
    handle = cert.file.open("rb")
    kind = certificates.sniff(handle.read(16)) or "pdf"
    handle.seek(0)
    ext = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[kind]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"sertifikat-eksternal-{cert.pk}.{ext}",
        content_type=certificates.CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
