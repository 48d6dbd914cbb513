"""Pages of the shell: sign-in, dashboard, profile and tokens, audit log, task progress."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from penata.core import services
from penata.core.access import login_only, public, require
from penata.core.filters import AuditEventFilter
from penata.core.forms import ApiTokenForm, AuditExportForm, ThrottledAuthenticationForm
from penata.core.models import ApiToken, User
from penata.core.nav import nav_for
from penata.core.roles import Perm, Role
from penata.core.selectors import audit_events_visible_to, task_progress_visible_to
from penata.core.tasks import audit_export


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- sign-in and account -------------------------------------------------------------------

login_view = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=ThrottledAuthenticationForm,
        redirect_authenticated_user=True,
    )
)


@login_only
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_record(user=_user(request))
    auth_logout(request)
    messages.info(request, _("Anda telah keluar."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


class _PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("core:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_record(user=form.user, by_reset=False)
        return response


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_record(user=form.user, by_reset=True)
        return response


password_change_view = login_only(_PasswordChangeView.as_view())
password_change_done_view = login_only(
    auth_views.PasswordChangeDoneView.as_view(
        template_name="registration/password_change_done.html"
    )
)
password_reset_view = public(
    auth_views.PasswordResetView.as_view(
        template_name="registration/password_reset_form.html",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
        success_url=reverse_lazy("core:password_reset_done"),
    )
)
password_reset_done_view = public(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
)
password_reset_confirm_view = public(_PasswordResetConfirmView.as_view())
password_reset_complete_view = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/password_reset_complete.html"
    )
)


# --- dashboard -----------------------------------------------------------------------------


@require(Perm.DASHBOARD_VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cards = [item for item in nav_for(user) if item["url_name"] != "core:dashboard"]
    return render(
        request,
        "core/dashboard.html",
        {"cards": cards, "role_label": Role(user.role).label},
    )


# --- profile and API tokens ----------------------------------------------------------------


@require(Perm.PROFILE_MANAGE)
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    new_token: str | None = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
        messages.success(
            request, _("Token dibuat. Salin sekarang: token tidak akan ditampilkan lagi.")
        )
    tokens = ApiToken.objects.filter(user=user)
    return render(
        request,
        "core/profile.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "role_label": Role(user.role).label,
        },
    )


@require(Perm.PROFILE_MANAGE)
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=_user(request), token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Token dicabut."))
    return redirect("core:profile")


# --- audit log -----------------------------------------------------------------------------


@require(Perm.AUDIT_VIEW)
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filterset = AuditEventFilter(request.GET, queryset=audit_events_visible_to(user))
    qs = filterset.qs if filterset.is_valid() else audit_events_visible_to(user).none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "export_form": AuditExportForm(initial={"query": query.urlencode()}),
        },
    )


@require(Perm.AUDIT_VIEW)
@require_GET
def audit_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(audit_events_visible_to(_user(request)), pk=event_id)
    keys = sorted(set(event.before or {}) | set(event.after or {}))
    rows = [
        {
            "key": k,
            "before": (event.before or {}).get(k),
            "after": (event.after or {}).get(k),
            "changed": (event.before or {}).get(k) != (event.after or {}).get(k),
        }
        for k in keys
    ]
    return render(request, "core/audit_detail.html", {"event": event, "rows": rows})


@require(Perm.AUDIT_EXPORT)
@require_POST
def audit_export_start(request: HttpRequest) -> HttpResponse:
    form = AuditExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih format ekspor: XLSX atau CSV."))
        return redirect("core:audit_list")
    fmt = form.cleaned_data["fmt"]
    progress = services.progress_create(
        owner=_user(request), kind="audit_export", label=_("Ekspor log audit (%s)") % fmt.upper()
    )
    result = audit_export.enqueue(str(progress.pk), form.cleaned_data["query"] or "", fmt)
    type(progress).objects.filter(pk=progress.pk).update(task_result_id=str(result.id))
    return redirect("core:task_detail", progress_id=progress.pk)


# --- task progress -------------------------------------------------------------------------


@require(Perm.TASK_VIEW_OWN)
@require_GET
def task_detail(request: HttpRequest, progress_id: str) -> HttpResponse:
    progress = get_object_or_404(task_progress_visible_to(_user(request)), pk=progress_id)
    template = (
        "core/_task_progress.html" if request.headers.get("HX-Request") else "core/task_detail.html"
    )
    return render(request, template, {"progress": progress})


@require(Perm.TASK_VIEW_OWN)
@require_GET
def task_download(request: HttpRequest, progress_id: str) -> HttpResponseBase:
    progress = get_object_or_404(task_progress_visible_to(_user(request)), pk=progress_id)
    result = progress.result or {}
    name = result.get("file")
    if not progress.is_finished or not name:
        raise Http404
    path = (settings.EXPORT_ROOT / name).resolve()
    if settings.EXPORT_ROOT.resolve() not in path.parents or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=result.get("download_name", name)
    )


# --- health --------------------------------------------------------------------------------


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- error pages ---------------------------------------------------------------------------


API_PREFIX = "/api/"


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(403, "forbidden", _("Peran Anda tidak berhak mengakses data ini."))
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(
            404, "not_found", _("Alamat API tidak ada. Lihat daftarnya di /api/v1/docs.")
        )
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    if request is not None and request.path.startswith(API_PREFIX):
        return _api_error(
            500,
            "server_error",
            "Terjadi kesalahan di server. Coba lagi; bila berulang, lapor BKPP.",
        )
    # No request context: the failure may be in the database or a context processor.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
