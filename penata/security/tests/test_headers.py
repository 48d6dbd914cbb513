"""Security headers on representative responses (HTML, API JSON, file download, error pages),
and the session/CSRF cookies and HSTS under the production settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from penata.conftest import PASSWORD
from penata.core.models import TaskProgress, User
from penata.core.services import api_token_create
from penata.core.tests.test_settings import PROD_KEY, run_settings

PROD_ENV = {
    "PENATA_DEBUG": "0",
    "PENATA_SECRET_KEY": PROD_KEY,
    "PENATA_ALLOWED_HOSTS": "penata.semarangkota.go.id,testserver",
    "PENATA_CSRF_TRUSTED_ORIGINS": "https://penata.semarangkota.go.id",
    "PENATA_SITE_URL": "https://penata.semarangkota.go.id",
}
PROD_NAMES = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "PENATA_REQUIRE_2FA",
]


@pytest.fixture(scope="module")
def prod_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The security settings exactly as penata/settings.py computes them in production."""
    code = (
        "import json, penata.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {PROD_NAMES!r}}}))"
    )
    result = run_settings(PROD_ENV, tmp_path_factory.mktemp("prod"), code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_settings_are_strict(prod_settings: dict[str, Any]) -> None:
    assert prod_settings["DEBUG"] is False
    assert prod_settings["SESSION_COOKIE_SECURE"] and prod_settings["SESSION_COOKIE_HTTPONLY"]
    assert prod_settings["CSRF_COOKIE_SECURE"] and prod_settings["CSRF_COOKIE_HTTPONLY"]
    assert prod_settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod_settings["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert prod_settings["SECURE_SSL_REDIRECT"] is True
    assert prod_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod_settings["PENATA_REQUIRE_2FA"] is True


def _assert_security_headers(resp: Any, what: str) -> None:
    h = resp.headers
    csp = h.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("default-src") == ["'self'"], (what, csp)
    assert directives.get("script-src") == ["'self'"], (what, csp)  # no inline, no eval, no CDN
    assert directives.get("frame-ancestors") == ["'none'"], (what, csp)
    assert directives.get("object-src") == ["'none'"], (what, csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, (what, csp)
    assert h.get("X-Frame-Options") == "DENY", what
    assert h.get("X-Content-Type-Options") == "nosniff", what
    assert h.get("Referrer-Policy") == "same-origin", what
    assert h.get("Cross-Origin-Opener-Policy") == "same-origin", what
    perms = h.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in perms, (what, perms)


def _representative(users: dict[str, User], client: Client, secure: bool) -> dict[str, Any]:
    """One response of each kind, as the administrator (a signed-in session)."""
    kw = {"secure": secure}
    progress = TaskProgress.objects.create(
        owner=users["administrator"],
        kind="audit_export",
        label="uji",
        status=TaskProgress.Status.SUCCEEDED,
        result={"file": "uji-header.csv", "download_name": "audit.csv"},
    )
    Path(settings.EXPORT_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.EXPORT_ROOT) / "uji-header.csv").write_text("a,b\n1,2\n")
    _t, raw = api_token_create(user=users["bkpp"], name="uji")
    return {
        "html page": client.get(reverse("core:dashboard"), **kw),
        "login page": Client().get(reverse("core:login"), **kw),
        "api json": Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}", **kw),
        "api 401": Client().get("/api/v1/me", **kw),
        "api 404": client.get("/api/v1/tidak-ada", **kw),
        "file download": client.get(reverse("core:task_download", args=[progress.pk]), **kw),
        "404 page": client.get("/tidak-ada/", **kw),
        "403 page": _forbidden(users, kw),
        "admin page": client.get("/admin/", **kw),
        "health": Client().get(reverse("core:healthz"), **kw),
    }


def _forbidden(users: dict[str, User], kw: dict[str, Any]) -> Any:
    c = Client()
    c.force_login(users["employee"])
    return c.get(reverse("core:audit_list"), **kw)


def test_headers_on_representative_responses(users: dict[str, User], client_for: Any) -> None:
    responses = _representative(users, client_for("administrator"), secure=False)
    expected = {
        "html page": 200,
        "login page": 200,
        "api json": 200,
        "api 401": 401,
        "api 404": 404,
        "file download": 200,
        "404 page": 404,
        "403 page": 403,
        "admin page": 200,
        "health": 200,
    }
    assert {k: r.status_code for k, r in responses.items()} == expected
    assert responses["file download"]["Content-Disposition"].startswith("attachment")
    for what, resp in responses.items():
        _assert_security_headers(resp, what)


def test_production_headers_and_cookies(
    prod_settings: dict[str, Any], users: dict[str, User]
) -> None:
    overrides = {k: v for k, v in prod_settings.items() if k not in ("DEBUG", "PENATA_REQUIRE_2FA")}
    with override_settings(**overrides):
        # Plain HTTP is sent to HTTPS.
        resp = Client().get(reverse("core:login"))
        assert resp.status_code == 301 and resp["Location"].startswith("https://")

        client = Client()
        page = client.get(reverse("core:login"), secure=True)
        _assert_security_headers(page, "login over https")
        assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        csrf = page.cookies["csrftoken"]
        assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

        resp = client.post(
            reverse("core:login"),
            {"username": "u_employee", "password": PASSWORD},
            secure=True,
        )
        assert resp.status_code == 302
        session = resp.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE

        api = Client().get("/api/v1/me", secure=True)
        assert api["Strict-Transport-Security"].startswith("max-age=31536000")
        _assert_security_headers(api, "api over https")
        for what, r in _representative(users, _admin(users), secure=True).items():
            _assert_security_headers(r, what + " (production)")
            assert "Strict-Transport-Security" in r, what


def _admin(users: dict[str, User]) -> Client:
    c = Client()
    c.force_login(users["administrator"])
    return c


def test_no_inline_script_on_security_pages(client_for: Any) -> None:
    """The enrolment page draws its QR code on the server (an SVG data: image), no script."""
    html = client_for("administrator").get(reverse("security:twofa_enrol")).content.decode()
    assert 'src="data:image/svg+xml' in html
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
