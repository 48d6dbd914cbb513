"""Two-factor enforcement and the security headers Django does not set itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

SESSION_KEY = "penata_2fa"
# Pages an account may open before its second factor is settled.
OPEN_BEFORE_2FA = frozenset(
    {
        "security:twofa_enrol",
        "security:twofa_verify",
        "core:logout",
        "core:healthz",
        "set_language",
    }
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def device_state(user: Any) -> str:
    """``device:<pk>`` when the user has a confirmed authenticator, else ``none``."""
    from penata.security.models import TwoFactorDevice

    pk = (
        TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    return f"device:{pk}" if pk else "none"


def mark_verified(request: HttpRequest, device_pk: int) -> None:
    request.session[SESSION_KEY] = f"ok:{device_pk}"


class TwoFactorMiddleware:
    """An account with an authenticator verifies a code after its password; an account whose
    role needs two factors (``PENATA_REQUIRE_2FA``) and has none is sent to enrol first.
    Nothing else opens until then: pages redirect, the API (session) answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        from penata.security.services import two_factor_required

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_2FA:
            return None
        state = request.session.get(SESSION_KEY)
        if state is None:
            state = device_state(user)
            request.session[SESSION_KEY] = state
        if state.startswith("ok:"):
            return None
        if state.startswith("device:"):
            target = "security:twofa_verify"
        elif two_factor_required(user):
            target = "security:twofa_enrol"
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "two_factor_required",
                    "message": "Selesaikan verifikasi dua langkah di halaman web terlebih dulu.",
                },
                status=403,
            )
        from django.urls import reverse
        from django.utils.http import urlencode

        url = reverse(target)
        if request.method == "GET" and request.path != "/":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (CSP, HSTS, X-Frame-Options, nosniff, Referrer-
    and Cross-Origin-Opener-Policy come from Django's own middleware and settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
