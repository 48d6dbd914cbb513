"""The OpenAPI schema declares the error responses (penata.core.api_errors), and the bodies the
API really answers fit what it declares."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from penata.core.api_errors import ERROR_SCHEMAS
from penata.core.models import User
from penata.core.services import api_token_create

jsonschema_rs = pytest.importorskip("jsonschema_rs")

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def openapi(db: None) -> dict[str, Any]:
    resp = Client().get("/api/v1/openapi.json")
    assert resp.status_code == 200
    return dict(resp.json())


def _operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in openapi["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def _ref(response: dict[str, Any]) -> str:
    return str(response["content"]["application/json"]["schema"]["$ref"])


def test_every_operation_declares_its_error_responses(openapi: dict[str, Any]) -> None:
    operations = _operations(openapi)
    assert len(operations) >= 80
    for method, path, op in operations:
        label = f"{method.upper()} {path}"
        declared = op["responses"]
        params = op.get("parameters") or []
        assert op.get("security"), f"{label} is open: every operation needs authentication"
        assert {"401", "403"} <= set(declared), label
        if params or "requestBody" in op:
            assert "422" in declared, label
            assert _ref(declared["422"]) == "#/components/schemas/ValidationError", label
        if any(p["in"] == "path" for p in params):
            assert "404" in declared, label
        if method != "get":
            assert {"409", "422"} <= set(declared), label
        for status, response in declared.items():
            if status.startswith("4") and status != "422":
                assert _ref(response) == "#/components/schemas/Error", (label, status)
    schemas = openapi["components"]["schemas"]
    for name, definition in ERROR_SCHEMAS.items():
        assert schemas[name] == definition
        assert definition["additionalProperties"] is False  # exact: no stray or missing key


def test_operations_declare_their_own_extra_errors(openapi: dict[str, Any]) -> None:
    """``openapi_extra=declare_errors(…)``: the forum's posting rate limit, a 404 without a
    path parameter."""
    assert "429" in openapi["paths"]["/api/v1/forum/threads/{thread_id}/posts"]["post"]["responses"]
    assert "404" in openapi["paths"]["/api/v1/learning/ledger/me"]["get"]["responses"]
    assert "429" not in openapi["paths"]["/api/v1/me"]["get"]["responses"]


def _validator(openapi: dict[str, Any], path: str, method: str, status: int) -> Any:
    response = openapi["paths"][path][method]["responses"][str(status)]
    schema = {**response["content"]["application/json"]["schema"]}
    schema["components"] = openapi["components"]
    return jsonschema_rs.validator_for(schema)


def _auth(user: User) -> dict[str, str]:
    _t, raw = api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


CASES = [
    # role, URL requested, template in the schema, status, code
    (None, "/api/v1/me", "/api/v1/me", 401, "unauthenticated"),
    ("employee", "/api/v1/audit", "/api/v1/audit", 403, "forbidden"),
    (
        "employee",
        "/api/v1/tasks/00000000-0000-0000-0000-000000000009",
        "/api/v1/tasks/{progress_id}",
        404,
        "not_found",
    ),
    ("administrator", "/api/v1/employees/999999", "/api/v1/employees/{employee_id}", 404, None),
    # a path parameter of the wrong type
    (
        "administrator",
        "/api/v1/employees/abc",
        "/api/v1/employees/{employee_id}",
        422,
        "validation_error",
    ),
    ("administrator", "/api/v1/audit?since=kemarin", "/api/v1/audit", 422, "validation_error"),
    # an HttpError(422) of a handler, not pydantic's
    ("administrator", "/api/v1/learning/standards", "/api/v1/learning/standards", 422, None),
    # RejectNulMiddleware
    ("administrator", "/api/v1/audit?action=%00", "/api/v1/audit", 400, "bad_request"),
]


@pytest.mark.parametrize(("role", "url", "template", "status", "code"), CASES)
def test_real_error_bodies_fit_the_declared_schema(
    openapi: dict[str, Any],
    users: dict[str, User],
    role: str | None,
    url: str,
    template: str,
    status: int,
    code: str | None,
) -> None:
    headers = _auth(users[role]) if role else {"HTTP_AUTHORIZATION": "Bearer pnt_salah"}
    resp = Client().get(url, **headers)
    assert resp.status_code == status, resp.content
    assert resp["Content-Type"].startswith("application/json")
    body = resp.json()
    validator = _validator(openapi, template, "get", status)
    errors = [e.message for e in validator.iter_errors(body)]
    assert errors == [], (body, errors)
    if code:
        assert body["code"] == code
    if status == 422:
        assert isinstance(body["errors"], list)


def test_the_declared_schemas_refuse_other_shapes(openapi: dict[str, Any]) -> None:
    """The check is not vacuous: ninja's default ``{"detail": …}``, a missing ``errors`` or a
    stray key do not fit."""
    error = _validator(openapi, "/api/v1/audit", "get", 403)
    assert error.is_valid({"code": "forbidden", "message": "Ditolak."})
    assert not error.is_valid({"detail": "Forbidden"})
    assert not error.is_valid({"code": "forbidden", "message": "x", "extra": 1})
    invalid = _validator(openapi, "/api/v1/audit", "get", 422)
    assert invalid.is_valid({"code": "validation_error", "message": "x", "errors": []})
    assert not invalid.is_valid({"code": "validation_error", "message": "x"})
    assert not invalid.is_valid(
        {"code": "validation_error", "message": "x", "errors": [{"loc": "limit"}]}
    )
