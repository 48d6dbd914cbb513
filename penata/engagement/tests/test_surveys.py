"""Readiness surveys: anonymity of storage, the ≥5 rule on real data (incl. subtraction), the
index arithmetic through the database, waves over time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.engagement import selectors, services
from penata.engagement.models import AnsweredMarker, SurveyResponse
from penata.engagement.services import EngagementError
from penata.engagement.tests.factories import answer_all, asn_user, close, open_wave, respondents
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

PERSON_FIELDS = {"employee", "user", "employee_id", "user_id", "created_at", "submitted_at"}


def test_response_holds_no_link_to_the_person() -> None:
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not fields & PERSON_FIELDS
    assert SurveyResponse._meta.pk.get_internal_type() == "UUIDField"  # type: ignore[union-attr]
    marker_fields = {f.name for f in AnsweredMarker._meta.get_fields()}
    assert marker_fields == {"id", "wave", "employee"}


def test_answering_stores_marker_and_anonymous_response_once() -> None:
    dinas = OrgUnitFactory()
    wave = open_wave()
    emp = EmployeeFactory(org_unit=OrgUnitFactory(parent=dinas))
    user = asn_user(emp)
    answer_all(wave, user, 4)
    resp = SurveyResponse.objects.get()
    assert resp.opd_id == dinas.pk
    assert resp.awareness == 4.0
    assert AnsweredMarker.objects.filter(wave=wave, employee=emp).exists()
    with pytest.raises(EngagementError, match="sudah mengisi"):
        answer_all(wave, user, 2)
    assert SurveyResponse.objects.count() == 1
    # the audit log says who answered, never what
    ev = AuditEvent.objects.get(action="engagement.survey_answered")
    assert ev.after == {"wave": wave.pk}
    # and the wave is no longer offered to them
    assert selectors.open_waves_for(user) == []


def test_incomplete_or_out_of_scale_answers_change_nothing() -> None:
    wave = open_wave()
    user = asn_user(EmployeeFactory())
    items = list(wave.survey.items.values_list("pk", flat=True))
    with pytest.raises(EngagementError, match="nomor 15"):
        services.response_submit(user=user, wave=wave, answers={pk: 3 for pk in items[:-1]})
    with pytest.raises(EngagementError, match="1 dan 5"):
        services.response_submit(user=user, wave=wave, answers={pk: 7 for pk in items})
    assert not SurveyResponse.objects.exists() and not AnsweredMarker.objects.exists()


def test_only_targeted_units_may_answer() -> None:
    a, b = OrgUnitFactory(), OrgUnitFactory()
    wave = open_wave([a])
    outsider = asn_user(EmployeeFactory(org_unit=b))
    assert selectors.open_waves_for(outsider) == []
    with pytest.raises(EngagementError, match="tidak ditujukan"):
        answer_all(wave, outsider, 3)
    insider = asn_user(EmployeeFactory(org_unit=OrgUnitFactory(parent=a)))
    assert [w.pk for w in selectors.open_waves_for(insider)] == [wave.pk]


def test_results_only_after_close_and_small_groups_hidden_incl_subtraction() -> None:
    big, small = OrgUnitFactory(name="Dinas Besar"), OrgUnitFactory(name="Dinas Kecil")
    wave = open_wave()
    respondents(wave, big, 12, 4)
    respondents(wave, small, 3, 1)
    rows, city = selectors.readiness_for_wave(wave)
    assert rows == {} and city.hidden  # open wave: nothing yet
    wave = close(wave)
    rows, city = selectors.readiness_for_wave(wave)
    # the small OPD is below 5; showing the big one would reveal it as city − big
    assert rows[small.pk].hidden and rows[big.pk].hidden
    assert rows[small.pk].dims == {} and rows[big.pk].index is None
    assert not city.hidden and city.n == 15
    # city index: (12×4 + 3×1)/15 = 3.4 → 60.0 on every dimension
    assert city.index == pytest.approx(60.0)


def test_index_arithmetic_through_the_database() -> None:
    a, b, c = OrgUnitFactory(), OrgUnitFactory(), OrgUnitFactory()
    wave = open_wave()
    profile = {"awareness": 5, "desire": 4, "knowledge": 3, "ability": 2, "reinforcement": 1}
    respondents(wave, a, 5, profile)
    respondents(wave, b, 4, 5)
    respondents(wave, b, 2, 1)
    respondents(wave, c, 5, 3)
    wave = close(wave)
    rows, city = selectors.readiness_for_wave(wave)
    ra = rows[a.pk]
    assert ra.dims == {
        "awareness": 100.0,
        "desire": 75.0,
        "knowledge": 50.0,
        "ability": 25.0,
        "reinforcement": 0.0,
    }
    assert ra.index == pytest.approx(50.0)
    # b: (4×5 + 2×1)/6 = 3.667 → 66.7
    assert rows[b.pk].dims["desire"] == pytest.approx(66.7)
    assert rows[c.pk].index == pytest.approx(50.0)
    assert not any(r.hidden for r in rows.values())
    assert city.n == 16


def test_waves_over_time_form_the_series() -> None:
    a = OrgUnitFactory()
    w1 = open_wave()
    respondents(w1, a, 5, 2)
    close(w1)
    survey = w1.survey
    today = timezone.localdate()
    w2 = services.wave_create(
        actor=None, survey=survey, opens_on=today, closes_on=today + dt.timedelta(days=3)
    )
    assert w2.number == 2
    services.wave_advance(actor=None, wave=w2)
    w2.refresh_from_db()
    respondents(w2, a, 5, 4)
    close(w2)
    boss = asn_user(EmployeeFactory(), role="bkpp")
    series = selectors.readiness_series(boss, a.pk)
    assert series["series"]["index"] == [25.0, 75.0]
    assert len(series["labels"]) == 2


def test_items_frozen_once_a_wave_opened() -> None:
    wave = open_wave()
    with pytest.raises(EngagementError, match="sudah pernah dibuka"):
        services.survey_item_add(actor=None, survey=wave.survey, dimension="desire", text="x")


def test_wave_needs_every_dimension() -> None:
    survey = services.survey_create(actor=None, title="Kosong", standard_items=False)
    services.survey_item_add(actor=None, survey=survey, dimension="desire", text="Saya mau")
    today = timezone.localdate()
    with pytest.raises(EngagementError, match="awareness"):
        services.wave_create(actor=None, survey=survey, opens_on=today, closes_on=today)
