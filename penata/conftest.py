"""Shared test fixtures: standing users for each role (in the spirit of healthchecks' hc/test.py).

Every access test asks both who must see a page and who must *not*.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from penata.core.models import User
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory

ALL_ROLES: list[str] = [r.value for r in Role]
PASSWORD = "uji-kata-sandi-2026"


@pytest.fixture
def users(db: None) -> dict[str, User]:
    """One active user per role, keyed by role value."""
    return {
        role: UserFactory(username=f"u_{role}", role=role, password=PASSWORD) for role in ALL_ROLES
    }


@pytest.fixture
def client_for(users: dict[str, User]) -> Callable[[str | None], Client]:
    """A test client signed in as the standing user of a role (``None``: anonymous)."""

    def make(role: str | None) -> Client:
        c = Client()
        if role is not None:
            c.force_login(users[role])
        return c

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright (no browser download).

    Without /usr/bin/chromium the browser tests are skipped locally; CI sets
    PENATA_REQUIRE_BROWSER=1 so a missing browser fails the run instead.
    """
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("PENATA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser page; CSP violations and page errors fail the test."""
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    problems: list[str] = []
    pg.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not problems, f"browser reported: {problems}"


def browser_login(pg, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    pg.goto(pg.base_url + "/masuk/")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", password)
    pg.click("main button[type=submit]")


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush the tables after each test, seeded reference rows included:
    put the regulation tables back before each test that uses the database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from penata.forum.reference import seed_reference_data as seed_forum
    from penata.learning.reference import seed_reference_data as seed_learning
    from penata.workforce.reference import seed_reference_data

    seed_reference_data(apps.get_model)
    seed_learning(apps.get_model)
    seed_forum(apps.get_model)
    from penata.planning.reference import seed_reference_data as seed_planning

    seed_planning(apps.get_model)
    from penata.talent.reference import seed_reference_data as seed_talent

    seed_talent(apps.get_model)
    from penata.policy.reference import seed_reference_data as seed_policy

    seed_policy(apps.get_model)
