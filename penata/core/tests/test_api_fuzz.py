"""Hostile API input, the quick in-process variant of ``make fuzz`` (schemathesis + WSGI).

A small demo data set, one token per role, and for every operation × role a few generated
cases (valid and invalid): no 5xx, every response fits its own schema — the 4xx ones too, which
the schema declares (:mod:`penata.core.api_errors`) — and no 2xx to a role the access matrix
(:mod:`penata.core.api_matrix`) denies. ``make fuzz`` runs the same checks with
10,000+ cases against gunicorn.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from penata.core import services
from penata.core.api_matrix import expected_denied, operation_perms, undeclared
from penata.core.demo import DEMO_USERS
from penata.core.models import User

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
)

pytestmark = [pytest.mark.fuzz]

EXAMPLES_PER_OPERATION = 2  # × 65 operations × 2 modes × 3 roles ≈ 700 requests
ROLES = ("administrator", "opd_operator", "partner")  # everything, a scope, almost nothing


def test_every_operation_declares_its_capability() -> None:
    """The fuzzer's denial check relies on it; an operation without api_require is open."""
    perms = operation_perms()
    assert len(perms) >= 60
    assert undeclared(perms) == []


def test_schema_component_names_are_unique() -> None:
    """Two response classes with one name (planning's and the registry's ``PositionOut``)
    collapsed into one OpenAPI component, so ``/positions`` broke its own schema."""
    from penata.api import api

    seen: dict[str, Any] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                models = list((getattr(operation, "response_models", None) or {}).values())
                for model in models:
                    for sub in _models_in(model):
                        other = seen.setdefault(sub.__name__, sub)
                        assert other is sub, f"two schemas named {sub.__name__}"


def _models_in(model: Any) -> list[Any]:
    from pydantic import BaseModel

    out: list[Any] = []
    stack = [model]
    while stack:
        m = stack.pop()
        if isinstance(m, type) and issubclass(m, BaseModel):
            if m in out:
                continue
            if m.__name__ != "NinjaResponseSchema":
                out.append(m)
            for field in m.model_fields.values():
                stack.append(field.annotation)
        for arg in getattr(m, "__args__", ()) or ():
            stack.append(arg)
    return out


@pytest.fixture
def seeded(db: None) -> Any:
    """A tiny demo data set and a token per demo account: {role: token}.

    The WSGI app is called in-process: like Django's test client, keep it from closing the
    test's database connection at the end of each request.
    """
    from django.core import signals
    from django.db import close_old_connections

    call_command("seed-demo", employees=40, seed=3, verbosity=0)
    tokens = {}
    for username, role, _first, _last in DEMO_USERS:
        _token, raw = services.api_token_create(
            user=User.objects.get(username=username), name="fuzz"
        )
        tokens[str(role)] = raw
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield tokens
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_api_survives_generated_input(seeded: dict[str, str]) -> None:
    from penata.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    perms = operation_perms()
    failures: list[str] = []
    statuses: dict[int, int] = {}
    cases = 0
    for role in ROLES:
        cases += _fuzz_role(schema, perms, role, seeded[role], failures, statuses)
    assert cases >= 300
    assert not failures, "\n".join(failures[:20])
    # The error bodies were checked against the schema, not skipped as undeclared.
    assert statuses.get(403, 0) > 0 and statuses.get(422, 0) > 0, statuses


def _fuzz_role(
    schema: Any,
    perms: dict[str, str | None],
    role: str,
    token: str,
    failures: list[str],
    statuses: dict[int, int],
) -> int:
    cases = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        denied = expected_denied(role, label, perms)
        for mode in (
            schemathesis.GenerationMode.POSITIVE,
            schemathesis.GenerationMode.NEGATIVE,
        ):
            cases += _fuzz_operation(
                operation, mode, label, denied, role, token, failures, statuses
            )
    return cases


def _fuzz_operation(
    operation: Any,
    mode: Any,
    label: str,
    denied: bool,
    role: str,
    token: str,
    failures: list[str],
    statuses: dict[int, int],
) -> int:
    cases = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        phases=[Phase.generate],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal cases
        cases += 1
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        code = response.status_code
        if 400 <= code < 500 and str(code) not in operation.definition.raw["responses"]:
            failures.append(f"{label} ({mode.value}): {code} is not declared in the schema")
        statuses[code] = statuses.get(code, 0) + 1
        try:
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
            )
        except Exception as exc:  # schemathesis raises a group of failures
            failures.append(f"{label} ({mode.value}): {str(exc)[:300]}")
        if denied and 200 <= response.status_code < 300:
            failures.append(f"{label}: {response.status_code} to {role}, which the matrix denies")

    run()
    return cases


def test_expected_denials_follow_the_role_map() -> None:
    perms = operation_perms()
    assert expected_denied("employee", "GET /api/v1/audit", perms)
    assert not expected_denied("administrator", "GET /api/v1/audit", perms)
    assert expected_denied("researcher", "GET /api/v1/employees", perms)
    assert not expected_denied("partner", "GET /api/v1/funding/agreements", perms)
    assert expected_denied("partner", "POST /api/v1/funding/budget-lines", perms)
    assert not expected_denied("researcher", "GET /api/v1/me", perms)
    assert expected_denied("employee", "GET /api/v1/not-an-operation", perms)


def test_make_fuzz_hook_flags_a_2xx_to_a_denied_role(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The custom check of ``make fuzz`` (scripts/fuzz_hooks.py) fails a 200 to a denied role
    and lets a 403 pass."""
    import importlib.util
    import json
    from pathlib import Path
    from types import SimpleNamespace

    denied = tmp_path / "denied.json"
    denied.write_text(json.dumps({"operations": ["GET /api/v1/audit"]}))
    monkeypatch.setenv("PENATA_FUZZ_DENIED", str(denied))
    monkeypatch.setenv("PENATA_FUZZ_ROLE", "employee")
    path = Path(__file__).resolve().parents[3] / "scripts" / "fuzz_hooks.py"
    spec = importlib.util.spec_from_file_location("penata_fuzz_hooks_under_test", path)
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    case = SimpleNamespace(method="get", operation=SimpleNamespace(path="/api/v1/audit"))
    with pytest.raises(AssertionError, match="access matrix denies"):
        hooks.access_matrix_denial(None, SimpleNamespace(status_code=200), case)
    hooks.access_matrix_denial(None, SimpleNamespace(status_code=403), case)
    other = SimpleNamespace(method="get", operation=SimpleNamespace(path="/api/v1/me"))
    hooks.access_matrix_denial(None, SimpleNamespace(status_code=200), other)
