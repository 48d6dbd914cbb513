"""The API's error bodies, and their declaration in the OpenAPI schema.

Every error the API answers has one of two JSON bodies, whoever produces it (an exception
handler in :mod:`penata.api`, a middleware, the ``/api/`` 403/404 views):

- ``Error``: ``{"code": "forbidden", "message": "…"}`` for 400, 401, 403, 404, 409 and 429;
- ``ValidationError``: the same with ``"errors": [{"loc": [...], "message": "…"}]`` for 422
  (the list is empty when the refusal names no field).

:func:`declare_error_responses` adds to each operation of the generated schema the error
responses that can occur, so schemathesis (``make fuzz`` and ``core/tests/test_api_fuzz.py``)
checks error bodies against the schema as it checks the 2xx ones:

- 401 and 403 when the operation needs authentication (``security``): no or a bad token; a
  capability it lacks (``api_require``), a failed CSRF check, a missing second factor;
- 404 when the path has parameters (an object that does not exist or is out of scope);
- 422 when it takes parameters or a body, or writes (a service's ``full_clean`` refusal);
- 400 when it takes query parameters or a body (a NUL character, ``RejectNulMiddleware``);
- 409 when it writes (POST, PUT, PATCH, DELETE): a service refusing a conflicting change;
- whatever the operation declares itself, with ``openapi_extra=declare_errors(429)``.
"""

from typing import Any

ERROR_REF = "#/components/schemas/Error"
VALIDATION_ERROR_REF = "#/components/schemas/ValidationError"

ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "title": "Error",
        "description": "Galat: kode untuk mesin dan pesan dalam Bahasa Indonesia.",
        "type": "object",
        "properties": {
            "code": {
                "title": "Code",
                "type": "string",
                "description": "kode galat, mis. unauthenticated, forbidden, not_found, conflict",
            },
            "message": {"title": "Message", "type": "string"},
        },
        "required": ["code", "message"],
        "additionalProperties": False,
    },
    "ValidationErrorItem": {
        "title": "ValidationErrorItem",
        "type": "object",
        "properties": {
            "loc": {
                "title": "Loc",
                "type": "array",
                "items": {"type": "string"},
                "description": "letak kolom yang salah, mis. ['query', 'limit']",
            },
            "message": {"title": "Message", "type": "string"},
        },
        "required": ["loc", "message"],
        "additionalProperties": False,
    },
    "ValidationError": {
        "title": "ValidationError",
        "description": "Masukan tidak valid (422): pesan umum dan daftar kolom yang salah.",
        "type": "object",
        "properties": {
            "code": {"title": "Code", "type": "string"},
            "message": {"title": "Message", "type": "string"},
            "errors": {
                "title": "Errors",
                "type": "array",
                "items": {"$ref": "#/components/schemas/ValidationErrorItem"},
            },
        },
        "required": ["code", "message", "errors"],
        "additionalProperties": False,
    },
}

DESCRIPTIONS = {
    400: "Permintaan tidak sah (mis. karakter NUL)",
    401: "Belum masuk: token tidak ada atau tidak berlaku",
    403: "Ditolak: peran tidak berhak, CSRF gagal, atau verifikasi dua langkah belum selesai",
    404: "Data tidak ditemukan atau di luar cakupan akses",
    409: "Ditolak karena bentrok dengan keadaan data (status, versi, kuota)",
    422: "Masukan tidak valid",
    429: "Terlalu banyak permintaan; coba lagi nanti",
}

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def error_response(status: int) -> dict[str, Any]:
    """The OpenAPI response object of an error status."""
    ref = VALIDATION_ERROR_REF if status == 422 else ERROR_REF
    return {
        "description": DESCRIPTIONS.get(status, "Galat"),
        "content": {"application/json": {"schema": {"$ref": ref}}},
    }


def declare_errors(*statuses: int) -> dict[str, Any]:
    """``openapi_extra`` for an operation that can answer errors beyond the usual ones."""
    return {"responses": {status: error_response(status) for status in statuses}}


def expected_error_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses any operation of this shape can answer (see the module doc)."""
    params = operation.get("parameters") or []
    where = {p.get("in") for p in params}
    has_body = "requestBody" in operation
    writes = method.lower() in WRITE_METHODS
    statuses: set[int] = set()
    if operation.get("security"):
        statuses |= {401, 403}
    if "path" in where:
        statuses.add(404)
    if params or has_body or writes:
        statuses.add(422)
    if has_body or "query" in where:
        statuses.add(400)
    if writes:
        statuses.add(409)
    return statuses


def declare_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error components and each operation's error responses, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in ERROR_SCHEMAS.items():
        if name in components and components[name] != definition:
            raise RuntimeError(f"an API schema is named {name!r}, which the error body uses")
        components[name] = definition
    for path_item in (schema.get("paths") or {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = {str(k): v for k, v in operation["responses"].items()}
            for status in sorted(expected_error_statuses(method, operation)):
                responses.setdefault(str(status), error_response(status))
            operation["responses"] = dict(sorted(responses.items()))
    return schema
