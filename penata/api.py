"""The HTTP API at ``/api/v1`` (Django Ninja): auth, error format, and the routers.

Every operation needs an authenticated user (a personal token as ``Authorization: Bearer …`` or
the browser session with its CSRF token) and then the capability it declares with
:func:`penata.core.api.api_require`. Errors are JSON ``{"code": …, "message": …}`` with the
message in Bahasa Indonesia; a 422 adds ``"errors": [{"loc": […], "message": …}]``. The OpenAPI
schema declares them on every operation (:mod:`penata.core.api_errors`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from penata.core import services
from penata.core.api_errors import declare_error_responses
from penata.learning.services import LearningError
from penata.performance.services import TransitionError


class TokenAuth(HttpBearer):
    openapi_description = "Token API pribadi (buat di halaman Profil)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session (pages call the API with HTMX); unsafe methods need the CSRF token."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class PenataAPI(NinjaAPI):
    """The API whose OpenAPI schema declares the error responses, not only the 2xx ones."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_error_responses(schema)
        return schema


api = PenataAPI(
    title="Penata API",
    version="1",
    description=(
        "API Penata (penataan ASN Kota Semarang). Semua pesan galat dalam Bahasa Indonesia."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    """The one error body: ``Error``, or ``ValidationError`` (with ``errors``) for a 422."""
    body: dict[str, Any] = {"code": code, "message": message, **extra}
    if status == 422:
        body.setdefault("errors", [])
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"loc": [str(p) for p in err.get("loc", [])], "message": err.get("msg", "")}
        for err in exc.errors
    ]
    return _error(
        request,
        422,
        "validation_error",
        "Masukan tidak valid: periksa kolom yang disebut di 'errors' lalu kirim lagi.",
        errors=details,
    )


@api.exception_handler(DjangoValidationError)
def on_model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refusing its input (``full_clean`` or its own checks): 422 like the schema's."""
    errors = (
        [
            {"loc": [str(field)], "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        if hasattr(exc, "error_dict")
        else []
    )
    return _error(request, 422, "validation_error", " ".join(exc.messages), errors=errors)


@api.exception_handler(TransitionError)
def on_transition_error(request: HttpRequest, exc: TransitionError) -> HttpResponse:
    """A refused workflow transition (illegal state, closed period, stale version, curve)."""
    return _error(request, 409, exc.code, exc.message)


@api.exception_handler(LearningError)
def on_learning_error(request: HttpRequest, exc: LearningError) -> HttpResponse:
    """A refused training action (illegal transition, full session, overlap, stale version):
    409; a refusal because of who acts (``forbidden``, ``out_of_scope``): 403."""
    status = 403 if exc.code in ("forbidden", "out_of_scope") else 409
    return _error(request, status, exc.code, exc.message)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "unauthenticated",
        "Belum masuk: kirim header 'Authorization: Bearer <token>' dengan token dari halaman "
        "Profil, atau masuk lewat halaman web.",
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", "Peran Anda tidak berhak mengakses data ini.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(
        request, 404, "not_found", "Data tidak ditemukan atau di luar cakupan akses Anda."
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = getattr(exc, "code", None) or {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",  # ninja's own refusal of a failed CSRF check
        404: "not_found",
        409: "conflict",
        422: "validation_error",
        429: "rate_limited",
    }.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """A number too large for the database (``?employee=99999999999999999999``, an id in the
    path): the caller's mistake, not the server's — found by ``make fuzz``."""
    return _error(
        request,
        422,
        "validation_error",
        "Masukan tidak valid: angka terlalu besar (di luar rentang yang dapat disimpan).",
    )


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """PostgreSQL's form of the same mistake ("integer out of range", a value too long)."""
    return _error(
        request,
        422,
        "validation_error",
        "Masukan tidak valid: nilai di luar rentang atau terlalu panjang untuk disimpan.",
    )


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    import logging

    logging.getLogger("penata.api").exception("API error")
    return _error(
        request,
        500,
        "server_error",
        "Terjadi kesalahan di server. Coba lagi; bila berulang, laporkan ID permintaan ke BKPP.",
        request_id=getattr(request, "request_id", ""),
    )


def _register_routers() -> None:
    from penata.core.api import router as core_router
    from penata.engagement.api import router as engagement_router
    from penata.forum.api import router as forum_router
    from penata.funding.api import router as funding_router
    from penata.learning.api import router as learning_router
    from penata.learning.api_competency import router as competency_router
    from penata.performance.api import router as performance_router
    from penata.planning.api import router as planning_router
    from penata.portal.api import router as portal_router
    from penata.research.api import router as research_router
    from penata.talent.api import router as talent_router
    from penata.workforce.api import router as workforce_router

    api.add_router("", core_router)
    api.add_router("", workforce_router)
    api.add_router("", performance_router)
    api.add_router("", learning_router)  # training and the 20 JP ledger
    api.add_router("", competency_router)  # dictionary, standards, assessments, gaps
    api.add_router("", forum_router)  # forum threads, search, notifications
    api.add_router("", engagement_router)  # change management
    api.add_router("", funding_router)  # training budget, partners, sponsorships
    api.add_router("", planning_router)  # ABK, formation, redistribution
    api.add_router("", talent_router)  # potential, talent map
    from penata.policy.api import router as policy_router

    api.add_router("", policy_router)  # policy workspace and public consultation
    api.add_router("", portal_router)  # public portal: complaints and IKM (officers)
    api.add_router("", research_router)  # research partnerships, effectiveness


_register_routers()
