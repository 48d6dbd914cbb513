"""The API: check-in refusals are 409 with the Indonesian message; a survey answered by API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from penata.core.services import api_token_create
from penata.engagement import services
from penata.engagement.models import SurveyResponse
from penata.engagement.tests.factories import asn_user, event, open_wave
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict[str, str]]:  # type: ignore[no-untyped-def]
    _t, raw = api_token_create(user=user, name="uji")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_check_in_and_reuse_by_another_is_409() -> None:
    ev = event()
    code = services.checkin_code_issue(actor=None, event=ev)
    c, h = _client(asn_user(EmployeeFactory()))
    resp = c.post(
        "/api/v1/engagement/check-in", json.dumps({"code": code.code}), "application/json", **h
    )
    assert resp.status_code == 200 and resp.json()["event_id"] == ev.pk
    c2, h2 = _client(asn_user(EmployeeFactory()))
    resp = c2.post(
        "/api/v1/engagement/check-in", json.dumps({"code": code.code}), "application/json", **h2
    )
    assert resp.status_code == 409
    assert resp.json()["code"] == "code_used"
    assert "orang lain" in resp.json()["message"]


def test_answer_survey_by_api() -> None:
    wave = open_wave()
    user = asn_user(EmployeeFactory())
    c, h = _client(user)
    listed = c.get("/api/v1/engagement/surveys/open", **h).json()
    assert [w["id"] for w in listed] == [wave.pk]
    answers = {str(pk): 4 for pk in wave.survey.items.values_list("pk", flat=True)}
    url = f"/api/v1/engagement/waves/{wave.pk}/responses"
    resp = c.post(url, json.dumps({"answers": answers}), "application/json", **h)
    assert resp.status_code == 204
    assert SurveyResponse.objects.count() == 1
    resp = c.post(url, json.dumps({"answers": answers}), "application/json", **h)
    assert resp.status_code == 404  # no longer open for them
