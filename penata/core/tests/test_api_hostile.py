"""Regression tests for what the API fuzzer (``make fuzz``) found; one test per bug."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from penata.core import services

HUGE = "99999999999999999999"  # beyond a 64-bit integer


@pytest.fixture
def bkpp_client(users: dict[str, Any]) -> Client:
    _token, raw = services.api_token_create(user=users["bkpp"], name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/learning/enrolments?employee={HUGE}",
        f"/api/v1/learning/enrolments?session={HUGE}",
        f"/api/v1/employees/{HUGE}",
        f"/api/v1/learning/programs/{HUGE}",
    ],
)
def test_number_too_large_for_the_database_is_a_422_not_a_500(
    bkpp_client: Client, url: str
) -> None:
    response = bkpp_client.get(url)
    body = response.json()
    if response.status_code == 200:
        # PostgreSQL: Django answers an out-of-range integer lookup with an empty result
        # instead of asking the database — also correct, and no 500
        assert body == {"items": [], "count": 0}, response.content[:300]
        return
    assert response.status_code in (404, 422), response.content[:300]
    assert body["code"] in ("validation_error", "not_found")
    assert body["message"]


def test_openapi_positions_schema_is_the_registrys(bkpp_client: Client) -> None:
    """Planning's ``PositionOut`` used to overwrite the registry's in the OpenAPI components,
    so every ``GET /positions`` answer violated its documented schema."""
    schema = json.loads(bkpp_client.get("/api/v1/openapi.json").content)
    components = schema["components"]["schemas"]
    assert "position_id" not in components["PositionOut"]["properties"]
    assert "position_id" in components["PlanningPositionOut"]["properties"]
    assert "FundingGapOut" in components
    assert "GapOut" in components  # the competency gap keeps its name
