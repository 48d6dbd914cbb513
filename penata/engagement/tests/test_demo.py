"""The change-management demo data of ``penata seed-demo`` (penata.engagement.demo)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from penata.engagement import demo, selectors
from penata.engagement.models import (
    AnsweredMarker,
    Attendance,
    Campaign,
    Invitation,
    SurveyResponse,
    SurveyWave,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_engagement_and_is_idempotent() -> None:
    out = io.StringIO()
    call_command("seed-demo", employees=400, seed=7, today=dt.date(2026, 6, 15), stdout=out)
    assert "Perubahan:" in out.getvalue()
    assert Campaign.objects.count() == 1
    assert Invitation.objects.count() > 0 and Attendance.objects.count() > 0
    # responses and markers match in number per wave, with nothing linking them
    for wave in SurveyWave.objects.filter(status="closed"):
        assert (
            SurveyResponse.objects.filter(wave=wave).count()
            == AnsweredMarker.objects.filter(wave=wave).count()
        )
    assert SurveyWave.objects.filter(status="open").count() == 1
    assert len(list(selectors.closed_waves())) == 2
    again = demo.seed_engagement(seed=7, today=dt.date(2026, 6, 15))
    assert again.skipped
