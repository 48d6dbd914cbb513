"""The research API: scoped like the pages, decisions through the service, no person's data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from penata.core.roles import Role
from penata.core.services import api_token_create
from penata.core.tests.factories import UserFactory
from penata.research.tests.test_views import _submit, setup  # noqa: F401 (fixture)


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    _t, raw = api_token_create(user=user, name="uji")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_requests_scoped_and_decided_through_api(setup: dict[str, Any]) -> None:  # noqa: F811
    req = _submit(setup["researcher"])
    c, h = _api(setup["researcher"])
    body = c.get("/api/v1/research/requests", **h).json()
    assert [r["id"] for r in body] == [req.pk] and body[0]["status"] == "submitted"
    c2, h2 = _api(setup["other"])
    assert c2.get("/api/v1/research/requests", **h2).json() == []
    # a researcher cannot decide
    resp = c.post(
        f"/api/v1/research/requests/{req.pk}/decide",
        data=json.dumps({"approve": True, "reason": "Saya setujui sendiri."}),
        content_type="application/json",
        **h,
    )
    assert resp.status_code == 403
    b, hb = _api(setup["bkpp"])
    resp = b.post(
        f"/api/v1/research/requests/{req.pk}/decide",
        data=json.dumps({"approve": True, "reason": "Lengkap dan sesuai."}),
        content_type="application/json",
        **hb,
    )
    assert resp.status_code == 409 and "Akses berakhir" in resp.json()["message"]
    expires = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    resp = b.post(
        f"/api/v1/research/requests/{req.pk}/decide",
        data=json.dumps({"approve": True, "reason": "Lengkap dan sesuai.", "expires_on": expires}),
        content_type="application/json",
        **hb,
    )
    assert resp.status_code == 200 and resp.json()["status"] == "approved"


def test_dictionary_indicators_impact_outputs(setup: dict[str, Any]) -> None:  # noqa: F811
    c, h = _api(setup["researcher"])
    codes = [v["code"] for v in c.get("/api/v1/research/dictionary", **h).json()]
    assert "opd" in codes and "nip" not in codes
    ind = c.get("/api/v1/research/indicators", **h).json()
    assert ind["years"] == [2024, 2025] and ind["headcount"] == 60
    assert c.get("/api/v1/research/impact", **h).status_code == 404  # no program yet
    policy, hp = _api(UserFactory(role=Role.POLICY_TEAM))
    assert policy.get("/api/v1/research/outputs", **hp).json() == []
    assert policy.get("/api/v1/research/requests", **hp).status_code == 403
