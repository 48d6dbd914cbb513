"""The access walk again, with every path parameter filled by a real seeded object (the demo
data), as every role and anonymous: denied roles are still refused, allowed roles never crash.

The plain walk (test_access.py) fills parameters with ids that do not exist, so an allowed
role only ever sees a 404 there; this walk renders the real pages.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from penata.conftest import ALL_ROLES
from penata.core.tests.access_matrix import PAGES, PUBLIC
from penata.core.tests.access_objects import OBJECTS
from penata.core.tests.test_access import _is_login_redirect, _walk


def _parameterised() -> dict[str, Any]:
    from django.urls import get_resolver

    return {
        name: pattern
        for name, pattern in _walk(get_resolver().url_patterns)
        if getattr(pattern.pattern, "converters", {})
    }


def test_every_parameterised_url_has_a_sample_object() -> None:
    names = set(_parameterised())
    assert names == set(OBJECTS), (
        f"missing in access_objects.OBJECTS: {sorted(names - set(OBJECTS))}; "
        f"gone: {sorted(set(OBJECTS) - names)}"
    )
    for name, spec in OBJECTS.items():
        if spec is None:
            continue
        label, kwargs = spec
        apps.get_model(label)  # raises for a wrong label
        assert set(kwargs) == set(_parameterised()[name].pattern.converters), name


def _attr(obj: Any, dotted: str) -> Any:
    return functools.reduce(getattr, dotted.split("."), obj)


@pytest.mark.django_db(transaction=True)
def test_seeded_access_walk() -> None:
    from penata.core.models import User
    from penata.core.services import api_token_create
    from penata.core.tests.factories import UserFactory

    call_command("seed-demo", employees=40, seed=3, verbosity=0)
    # One standing user per role besides the demo ones (they are linked to seeded employees).
    users = {role: UserFactory(username=f"w_{role}", role=role) for role in ALL_ROLES}
    demo = {u.role: u for u in User.objects.filter(username__in=["pegawai", "atasan"])}
    api_token_create(user=users["administrator"], name="jalan")
    # A few rows the demo does not make: a finished export and a sign-in lock.
    import datetime as dt

    from django.utils import timezone

    from penata.core.models import TaskProgress
    from penata.security.models import AccountLock

    TaskProgress.objects.create(owner=users["administrator"], kind="uji", label="uji")
    AccountLock.objects.create(username="x", locked_until=timezone.now() + dt.timedelta(hours=1))

    urls: dict[str, str] = {}
    missing = []
    for name, spec in sorted(OBJECTS.items()):
        if spec is None:
            continue
        label, kwargs = spec
        obj = apps.get_model(label)._default_manager.order_by("pk").first()
        if obj is None:
            missing.append(name)
            continue
        urls[name] = reverse(name, kwargs={k: _attr(obj, a) for k, a in kwargs.items()})
    # The demo seeding fills nearly every area; uploads are not seeded.
    assert len(urls) >= 0.6 * len(OBJECTS), f"no seeded object for {missing}"

    print(f"seeded walk: {len(urls)} URLs with real objects; none seeded for {missing}")
    statuses: dict[int, int] = {}
    failures = []
    walkers: list[tuple[str | None, Any]] = [(None, None)]
    walkers += [(role, users[role]) for role in ALL_ROLES]
    walkers += [(role, user) for role, user in demo.items()]
    for role, user in walkers:
        client = Client()
        if user is not None:
            client.force_login(user)
        for name, url in urls.items():
            rule = PAGES[name]
            resp = client.get(url)
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
            allowed = rule == PUBLIC or (role is not None and role in rule)
            if resp.status_code >= 500:
                ok = False
            elif allowed:
                ok = not _is_login_redirect(resp)
            elif role is None:
                ok = _is_login_redirect(resp)
            else:
                ok = resp.status_code == 403
            if not ok:
                failures.append(f"{role} {name} {url}: {resp.status_code}")
    print(f"statuses: {sorted(statuses.items())}")
    assert not failures, "; ".join(failures)


def test_every_url_pattern_has_a_name() -> None:
    """An unnamed pattern would slip past the matrix (it is walked by name): refuse it."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def unnamed(patterns: list[Any], prefix: str = "") -> list[str]:
        found = []
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if not prefix and route.startswith(("admin/", "api/")):
                    continue
                found += unnamed(p.url_patterns, route)
            elif isinstance(p, URLPattern) and not p.name:
                found.append(route)
        return found

    assert unnamed(get_resolver().url_patterns) == []
