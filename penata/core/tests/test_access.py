"""Every URL × every role (and anonymous): allowed or denied, asserted from the declared matrix."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from penata.api import api
from penata.conftest import ALL_ROLES
from penata.core.access import view_access
from penata.core.services import api_token_create
from penata.core.tests.access_matrix import API, PAGES, PUBLIC, SAMPLE_BODIES

SKIP_PREFIXES = ("admin", "api")
SAMPLE_BY_CONVERTER = {
    "IntConverter": 999999,
    "UUIDConverter": uuid.UUID(int=1),
    "StringConverter": "x",
}


def _walk(patterns: list[Any], ns: str = "", prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            route = str(p.pattern)
            if route.strip("/").split("/")[0] in SKIP_PREFIXES and not ns:
                continue
            new_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p.url_patterns, new_ns, prefix + route)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}{p.name}", p


def _page_urls() -> dict[str, tuple[str, Any]]:
    found = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {k: SAMPLE_BY_CONVERTER.get(type(c).__name__, "x") for k, c in converters.items()}
        found[name] = (reverse(name, kwargs=kwargs), pattern.callback)
    return found


def test_every_url_is_declared() -> None:
    names = set(_page_urls())
    assert names == set(PAGES), (
        f"undeclared: {sorted(names - set(PAGES))}; declared but gone: {sorted(set(PAGES) - names)}"
    )


def test_every_page_view_declares_access() -> None:
    for name, (_url, callback) in _page_urls().items():
        assert view_access(callback) is not None, f"{name} declares no access rule"


def _is_login_redirect(resp: Any) -> bool:
    return resp.status_code == 302 and "/masuk/" in resp["Location"]


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_page_access_matrix(role: str | None, client_for: Callable[[str | None], Client]) -> None:
    client = client_for(role)
    failures = []
    for name, (url, _cb) in sorted(_page_urls().items()):
        rule = PAGES[name]
        resp = client.get(url)
        allowed = rule == PUBLIC or (role is not None and role in rule)
        if allowed:
            ok = resp.status_code != 403 and not _is_login_redirect(resp) and resp.status_code < 500
        elif role is None:
            ok = _is_login_redirect(resp)
        else:
            ok = resp.status_code == 403
        if not ok:
            failures.append(f"{name} {url}: {resp.status_code} (allowed={allowed})")
    assert not failures, f"role {role}: " + "; ".join(failures)


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_admin_only_for_administrators(
    role: str | None, client_for: Callable[[str | None], Client]
) -> None:
    resp = client_for(role).get("/admin/")
    if role == "administrator":
        assert resp.status_code == 200
    else:
        assert resp.status_code == 302 and "/admin/login/" in resp["Location"]


def test_every_api_operation_is_declared() -> None:
    schema = api.get_openapi_schema()
    ops = {(m, path) for path, item in schema["paths"].items() for m in item}
    assert ops == set(API), f"undeclared: {sorted(ops - set(API))}; gone: {sorted(set(API) - ops)}"


def test_every_api_write_has_a_sample_body() -> None:
    writes = {(m, p) for m, p in API if m != "get"}
    assert writes == set(SAMPLE_BODIES), (
        f"no sample body: {sorted(writes - set(SAMPLE_BODIES))}; "
        f"gone: {sorted(set(SAMPLE_BODIES) - writes)}"
    )


def _api_url(path: str) -> str:
    path = path.replace("{progress_id}", str(uuid.UUID(int=1)))
    return re.sub(r"\{[a-z_]+\}", "999999", path)


@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_api_access_matrix(role: str | None, users: dict[str, Any]) -> None:
    client = Client()
    headers = {}
    if role is not None:
        _t, raw = api_token_create(user=users[role], name="uji")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    failures = []
    for (method, path), rule in sorted(API.items()):
        if method == "get":
            resp = client.get(_api_url(path), **headers)
        else:
            resp = getattr(client, method)(
                _api_url(path),
                data=json.dumps(SAMPLE_BODIES[(method, path)]),
                content_type="application/json",
                **headers,
            )
        allowed = rule == PUBLIC or (role is not None and role in rule)
        if allowed:
            ok = resp.status_code not in (401, 403) and resp.status_code < 500
        elif role is None:
            ok = resp.status_code == 401
        else:
            ok = resp.status_code == 403
        if not ok:
            failures.append(f"{method.upper()} {path}: {resp.status_code}")
        if resp.status_code >= 400:
            body = resp.json()
            assert set(body) >= {"code", "message"}, body
    assert not failures, f"role {role}: " + "; ".join(failures)


def test_undeclared_view_is_denied(rf: Any, users: dict[str, Any]) -> None:
    """A view that declares nothing is refused, even to an administrator."""
    from django.core.exceptions import PermissionDenied

    from penata.core.middleware import AccessMiddleware

    def naked(request: Any) -> None:  # pragma: no cover - never reached
        raise AssertionError

    request = rf.get("/x/")
    request.user = users["administrator"]
    mw = AccessMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(PermissionDenied):
        mw.process_view(request, naked, (), {})


def test_inactive_user_is_denied(users: dict[str, Any]) -> None:
    admin = users["administrator"]
    client = Client()
    client.force_login(admin)
    admin.is_active = False
    admin.save()
    resp = client.get(reverse("core:audit_list"))
    assert resp.status_code in (302, 403)
