"""The API base: OpenAPI, docs, JSON errors with a code and an Indonesian message."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.test import Client

from penata.core.audit import audit_record
from penata.core.models import User
from penata.core.services import api_token_create


def _auth(user: User) -> dict[str, str]:
    _t, raw = api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_openapi_and_docs_are_served(db: None) -> None:
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Penata API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_unauthenticated_error_shape(db: None) -> None:
    resp = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer pnt_salah")
    assert resp.status_code == 401
    body = resp.json()
    assert body["code"] == "unauthenticated" and "Belum masuk" in body["message"]


def test_validation_error_shape(users: dict[str, User]) -> None:
    resp = Client().get("/api/v1/audit", {"since": "kemarin"}, **_auth(users["administrator"]))
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "validation_error" and "tidak valid" in body["message"]
    assert any("since" in e["loc"] for e in body["errors"])


def test_not_found_shape(users: dict[str, User]) -> None:
    resp = Client().get(
        "/api/v1/tasks/00000000-0000-0000-0000-000000000009", **_auth(users["employee"])
    )
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"


def test_forbidden_shape(users: dict[str, User]) -> None:
    resp = Client().get("/api/v1/audit", **_auth(users["employee"]))
    assert resp.status_code == 403
    assert resp.json() == {
        "code": "forbidden",
        "message": "Peran Anda tidak berhak mengakses data ini.",
    }


def test_audit_api_filters_and_pages(users: dict[str, User]) -> None:
    with transaction.atomic():
        for i in range(7):
            audit_record(actor=users["bkpp"], action="demo.api", object_repr=str(i))
    resp = Client().get(
        "/api/v1/audit", {"action": "demo", "limit": 5}, **_auth(users["administrator"])
    )
    body = resp.json()
    assert body["count"] == 7 and len(body["items"]) == 5
    assert body["items"][0]["actor"] == "u_bkpp"


def test_session_auth_works_for_pages(client_for: Any) -> None:
    resp = client_for("researcher").get("/api/v1/me")
    assert resp.status_code == 200 and resp.json()["role"] == "researcher"


def test_unknown_api_path_is_json(db: None) -> None:
    resp = Client().get("/api/v1/tidak-ada")
    assert resp.status_code == 404
    assert resp.json()["code"] == "not_found"


def test_nul_characters_are_refused(client_for: Any) -> None:
    client = client_for("bkpp")
    resp = client.get("/api/v1/employees", {"q": "a\x00b"})
    assert resp.status_code == 400 and resp.json()["code"] == "bad_request"
    resp = client.post("/api/v1/me", data='{"x": "a\\u0000"}', content_type="application/json")
    assert resp.status_code == 400
    assert client.get("/pegawai/", {"q": "\x00"}).status_code == 400
