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
    return {role: UserFactory(username=f"u_{role}", role=role, password=PASSWORD) for role in ALL_ROLES}


@pytest.fixture
def client_for(users: dict[str, User]) -> Callable[[str | None], Client]:
    """A test client signed in as the standing user of a role (``None``: anonymous)."""

    def make(role: str | None) -> Client:
        c = Client()
        if role is not None:
            c.force_login(users[role])
        return c

    return make
