"""Object scoping: an OPD operator sees their units only; ASN see what targets them;
researchers and partners see nothing; exports and the API follow the same scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from penata.core.roles import Role
from penata.core.services import api_token_create
from penata.core.tests.factories import UserFactory
from penata.engagement import selectors, services
from penata.engagement.models import FollowUpAction, Material
from penata.engagement.tests.factories import (
    asn_user,
    close,
    event,
    manager,
    open_wave,
    respondents,
)
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> dict[str, Any]:
    a = OrgUnitFactory(name="Dinas Alpha")
    b = OrgUnitFactory(name="Dinas Beta")
    a1 = OrgUnitFactory(parent=a, name="Bidang Alpha Satu")
    wave = open_wave()
    respondents(wave, a1, 6, 2)
    respondents(wave, b, 7, 5)
    wave = close(wave)
    ev = event([a, b])
    services.event_invite(actor=None, event=ev)
    services.champion_appoint(actor=None, employee=EmployeeFactory(org_unit=b))
    fa = services.followup_create(
        actor=manager(),
        opd=a,
        kind="coaching",
        description="Coaching Alpha",
        due_on=dt.date(2027, 1, 1),
    )
    fb = services.followup_create(
        actor=manager(),
        opd=b,
        kind="coaching",
        description="Coaching Beta",
        due_on=dt.date(2027, 1, 1),
    )
    operator = UserFactory(role=Role.OPD_OPERATOR, org_unit=a)
    return {"a": a, "b": b, "a1": a1, "wave": wave, "event": ev, "op": operator, "fa": fa, "fb": fb}


def test_operator_sees_own_opd_only_in_every_read(city: dict[str, Any]) -> None:
    op = city["op"]
    assert list(selectors.opds_visible_to(op)) == [city["a"]]
    rows, total = selectors.readiness_visible(op, city["wave"])
    assert [r.opd_id for r in rows] == [city["a"].pk] and total is None
    assert {r.unit_id for r in selectors.attendance_by(op, by="opd")} == {city["a"].pk}
    assert {r.unit_id for r in selectors.attendance_by(op, by="unit")} <= {
        city["a"].pk,
        city["a1"].pk,
    }
    assert [h.opd_id for h in selectors.hot_spots(op, city["wave"])] == [city["a"].pk]
    assert list(selectors.followups_visible_to(op)) == [city["fa"]]
    assert list(selectors.champions_visible_to(op)) == []


def test_operator_pages_show_only_their_opd(city: dict[str, Any], client: Client) -> None:
    client.force_login(city["op"])
    for url in ("/perubahan/kesiapan/", "/perubahan/kehadiran/", "/perubahan/titik-rawan/"):
        body = client.get(url).content.decode()
        assert "Dinas Alpha" in body, url
        assert "Dinas Beta" not in body, url
    export = client.get("/perubahan/kesiapan/ekspor/?format=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Dinas Alpha" in text and "Dinas Beta" not in text and "Kota Semarang" not in text


def test_operator_cannot_touch_another_opds_follow_up(city: dict[str, Any], client: Client) -> None:
    client.force_login(city["op"])
    resp = client.post(f"/perubahan/tindak-lanjut/{city['fb'].pk}/selesai/", {"note": "x"})
    assert resp.status_code == 404
    resp = client.post(
        "/perubahan/titik-rawan/",
        {"opd": city["b"].pk, "kind": "coaching", "description": "x", "due_on": "2027-01-01"},
    )
    assert resp.status_code == 403
    assert FollowUpAction.objects.filter(opd=city["b"]).count() == 1
    # own OPD: tracked to done
    resp = client.post(f"/perubahan/tindak-lanjut/{city['fa'].pk}/selesai/", {"note": "Sudah"})
    assert resp.status_code == 302
    city["fa"].refresh_from_db()
    assert city["fa"].status == "done" and city["fa"].done_at is not None
    # and an operator may not appoint champions
    assert client.post("/perubahan/agen-perubahan/", {"nip": "1"}).status_code == 403


def test_api_readiness_scoped_for_operator(city: dict[str, Any]) -> None:
    _t, raw = api_token_create(user=city["op"], name="uji")
    resp = Client().get("/api/v1/engagement/readiness", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert resp.status_code == 200
    assert [r["name"] for r in resp.json()] == ["Dinas Alpha"]


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.PARTNER])
def test_researchers_and_partners_see_nothing(role: str, city: dict[str, Any]) -> None:
    user = UserFactory(role=role)
    assert not selectors.opds_visible_to(user).exists()
    assert not selectors.announcements_for(user).exists()
    assert selectors.open_waves_for(user) == []
    assert not selectors.events_visible_to(user).exists()


def test_announcements_reach_targeted_units_and_roles_only() -> None:
    a, b = OrgUnitFactory(), OrgUnitFactory()
    today = timezone.localdate()
    c_unit = services.campaign_create(
        actor=manager(),
        topic="Unit A",
        message="m",
        starts_on=today,
        ends_on=today,
        target_unit_ids=[a.pk],
    )
    c_role = services.campaign_create(
        actor=manager(),
        topic="Operator",
        message="m",
        starts_on=today,
        ends_on=today,
        target_roles=[Role.OPD_OPERATOR],
    )
    c_past = services.campaign_create(
        actor=manager(),
        topic="Lalu",
        message="m",
        starts_on=today - dt.timedelta(days=9),
        ends_on=today - dt.timedelta(days=1),
    )
    for c in (c_unit, c_role, c_past):
        services.announcement_publish(actor=None, campaign=c, title=c.topic, body="isi")
    in_a = asn_user(EmployeeFactory(org_unit=OrgUnitFactory(parent=a)))
    in_b = asn_user(EmployeeFactory(org_unit=b))
    op_b = asn_user(EmployeeFactory(org_unit=b), role=Role.OPD_OPERATOR)
    titles = lambda u: {x.title for x in selectors.announcements_for(u)}  # noqa: E731
    assert titles(in_a) == {"Unit A"}
    assert titles(in_b) == set()
    assert titles(op_b) == {"Operator"}


def test_material_limits_and_download_scope(client: Client) -> None:
    a, b = OrgUnitFactory(), OrgUnitFactory()
    today = timezone.localdate()
    boss = manager()
    camp = services.campaign_create(
        actor=boss, topic="T", message="m", starts_on=today, ends_on=today, target_unit_ids=[a.pk]
    )
    client.force_login(boss)
    big = SimpleUploadedFile("video.mp4", b"x" * 10, content_type="video/mp4")
    resp = client.post(
        f"/perubahan/kampanye/{camp.pk}/",
        {"action": "material", "kind": "document", "title": "Salah", "file": big},
    )
    assert "Jenis berkas .mp4 tidak diterima" in resp.content.decode()
    fake = SimpleUploadedFile("paparan.pdf", b"MZ not a pdf", content_type="application/pdf")
    resp = client.post(
        f"/perubahan/kampanye/{camp.pk}/",
        {"action": "material", "kind": "document", "title": "Palsu", "file": fake},
    )
    assert "bukan .pdf" in resp.content.decode()
    assert not Material.objects.exists()
    pdf = SimpleUploadedFile("paparan.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    resp = client.post(
        f"/perubahan/kampanye/{camp.pk}/",
        {"action": "material", "kind": "document", "title": "Paparan", "file": pdf},
    )
    assert resp.status_code == 302
    material = Material.objects.get()
    assert material.size == 10
    client.force_login(asn_user(EmployeeFactory(org_unit=a)))
    assert client.get(f"/perubahan/materi/{material.pk}/").status_code == 200
    client.force_login(asn_user(EmployeeFactory(org_unit=b)))
    assert client.get(f"/perubahan/materi/{material.pk}/").status_code == 404


def test_list_pages_have_bounded_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    opds = [OrgUnitFactory() for _ in range(12)]
    for _wave_no in range(3):  # the chart over time: one grouped query for every wave
        wave = open_wave()
        for o in opds:
            respondents(wave, o, 5, 3)
        close(wave)
    ev = event(opds)
    services.event_invite(actor=None, event=ev)
    client.force_login(manager())
    for url in (
        "/perubahan/kesiapan/",
        "/perubahan/kehadiran/?per=unit",
        "/perubahan/titik-rawan/",
        "/perubahan/agen-perubahan/",
    ):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
