"""The interface shell: navigation by role, CSP without inline scripts, Indonesian error pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from penata.conftest import ALL_ROLES

SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
INLINE_HANDLER_RE = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pages_have_no_inline_scripts(role: str, client_for: Any) -> None:
    client = client_for(role)
    for url in [
        reverse("core:dashboard"),
        reverse("core:profile"),
        reverse("core:password_change"),
    ]:
        resp = client.get(url)
        html = resp.content.decode()
        assert "Content-Security-Policy" in resp.headers
        assert "script-src 'self'" in resp["Content-Security-Policy"]
        assert "unsafe-inline" not in resp["Content-Security-Policy"]
        for attrs, body in SCRIPT_RE.findall(html):
            assert "src=" in attrs or "application/json" in attrs, f"inline script on {url}"
            assert "src=" not in attrs or not body.strip()
        assert not INLINE_HANDLER_RE.search(html), f"inline handler on {url}"
        assert "//cdn" not in html and "https://" not in html.split("<body", 1)[0]


def test_navigation_shows_only_what_the_role_may_use(client_for: Any) -> None:
    admin_page = client_for("administrator").get(reverse("core:dashboard")).content.decode()
    assert reverse("core:audit_list") in admin_page and "/admin/" in admin_page
    for role in ALL_ROLES:
        if role == "administrator":
            continue
        page = client_for(role).get(reverse("core:dashboard")).content.decode()
        assert reverse("core:audit_list") not in page
        assert 'href="/admin/"' not in page


def test_empty_state_dashboard(client_for: Any, monkeypatch: Any) -> None:
    # A researcher sees the research pages only, nothing of the registry.
    page = client_for("researcher").get(reverse("core:dashboard")).content.decode()
    assert reverse("research:request_list") in page
    assert reverse("workforce:employee_list") not in page
    # With nothing in the menu for the role, the dashboard says so.
    from penata.core import nav

    monkeypatch.setattr(nav, "NAV", [i for i in nav.NAV if i.url_name == "core:dashboard"])
    page = client_for("researcher").get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="empty-state"' in page


def test_indonesian_by_default_english_selectable(client_for: Any) -> None:
    client = client_for("employee")
    assert "Keluar" in client.get(reverse("core:dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="en">' in page and "Sign out" in page


def test_friendly_403_and_404_in_indonesian(client_for: Any) -> None:
    client = client_for("employee")
    denied = client.get(reverse("core:audit_list"))
    assert denied.status_code == 403 and "Akses ditolak" in denied.content.decode()
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.content.decode()


@override_settings(DEBUG=False)
def test_friendly_500(users: Any) -> None:
    from penata.core.views import error_500

    resp = error_500(None)  # type: ignore[arg-type]
    assert resp.status_code == 500 and "terjadi kesalahan" in resp.content.decode()


def test_security_headers(db: None) -> None:
    resp = Client().get(reverse("core:login"))
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in resp["Content-Security-Policy"]


def test_healthz(db: None) -> None:
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_browser_language_does_not_override_indonesian(client_for: Any) -> None:
    page = client_for("employee").get(
        reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert '<html lang="id">' in page.content.decode() and page["Content-Language"] == "id"
