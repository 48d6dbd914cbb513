"""In Debian's Chromium: sign in, switch language, sign out (on a phone-sized screen)."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import browser_login
from penata.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_switch_language_logout(page: Any, users: dict[str, User]) -> None:
    browser_login(page, "u_supervisor")
    page.wait_for_selector("text=Selamat datang")
    assert page.locator("html").get_attribute("lang") == "id"
    # On a phone the navigation collapses behind the toggler.
    page.click("button.navbar-toggler")
    page.wait_for_selector("#mainnav.show")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("button.navbar-toggler")
    page.wait_for_selector("#mainnav.show")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_selector("input[name=username]")
    assert "/masuk/" in page.url or "/login" in page.url
    # Signed out: the dashboard sends us back to sign in.
    page.goto(page.base_url + "/")
    assert "/masuk/" in page.url


def test_wrong_password_shows_indonesian_message(page: Any, users: dict[str, User]) -> None:
    browser_login(page, "u_employee", "salah-sekali")
    page.wait_for_selector("text=Nama pengguna atau kata sandi salah")
