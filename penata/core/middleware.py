"""Request id and deny-by-default access enforcement."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from penata.core.access import LOGIN, PUBLIC, has_perm, view_access
from penata.core.context import client_ip_var, request_id_var

logger = logging.getLogger("penata.access")
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9-]{8,36}$")


def client_ip(request: HttpRequest) -> str | None:
    # Behind the proxy the address is taken from REMOTE_ADDR as the proxy sets it
    # (configure the proxy to pass the client address; see README, "Production").
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    """Gives each request an id (or keeps a sane incoming X-Request-ID) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID_RE.match(incoming) else str(uuid.uuid4())
        request.request_id = rid  # type: ignore[attr-defined]
        token_id = request_id_var.set(rid)
        token_ip = client_ip_var.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token_id)
            client_ip_var.reset(token_ip)
        response["X-Request-ID"] = rid
        return response


# URL prefixes with their own deny-by-default gate: the Django admin (administrators only,
# see penata.core.admin) and the API (token or session auth on every operation, see penata.api).
EXEMPT_PREFIXES = ("/admin/", "/api/v1/")


class AccessMiddleware:
    """Refuses any view that has not declared who may open it, and enforces the declaration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.path.startswith(EXEMPT_PREFIXES):
            return None
        if settings.DEBUG and request.path.startswith(settings.STATIC_URL):
            return None
        rule = view_access(view_func)
        if rule is None:
            logger.error("view %s declares no access rule: refused", request.path)
            raise PermissionDenied("no access rule")
        if rule == PUBLIC:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_active:
            raise PermissionDenied("inactive")
        if rule == LOGIN or has_perm(user, rule):
            return None
        raise PermissionDenied(rule)


class LocaleMiddleware:
    """Bahasa Indonesia unless the user chose another language (the language cookie).

    Django's own LocaleMiddleware follows the browser's Accept-Language, which would show
    English to an officer whose phone happens to be set to English; Penata is Indonesian first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RejectNulMiddleware:
    """Refuse requests whose parameters contain a NUL character (400).

    No form or API field in Penata may hold one, PostgreSQL cannot store one in text, and a
    crafted ``?q=%00`` must get a clear answer rather than a database error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.http import HttpResponseBadRequest, JsonResponse

        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            message = "Permintaan berisi karakter NUL yang tidak sah. Hapus karakter itu."
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "bad_request", "message": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        if request.content_type == "application/json" and (
            b"\\u0000" in request.body or b"\x00" in request.body
        ):
            return JsonResponse(
                {
                    "code": "bad_request",
                    "message": "Data JSON berisi karakter NUL yang tidak sah. Hapus karakter itu.",
                },
                status=400,
            )
        is_form = request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        if (
            request.method == "POST"
            and is_form
            and any(
                "\x00" in key or any("\x00" in v for v in values)
                for key, values in request.POST.lists()
            )
        ):
            return HttpResponseBadRequest(
                "Formulir berisi karakter NUL yang tidak sah. Hapus karakter itu.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
