"""Hot spots: low readiness AND low attendance (thresholds in settings), suggestions from the
weakest dimension, follow-up tracked to done with its inputs in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from penata.core.models import AuditEvent
from penata.engagement import selectors, services
from penata.engagement.models import EngagementSettings, FollowUpAction
from penata.engagement.tests.factories import close, event, manager, open_wave, respondents
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

LOW_ABILITY = {"awareness": 3, "desire": 3, "knowledge": 2, "ability": 1, "reinforcement": 2}


def test_hot_spot_flagged_and_followed_up(client: Client) -> None:
    cold, warm = OrgUnitFactory(name="Dinas Dingin"), OrgUnitFactory(name="Dinas Hangat")
    wave = open_wave()
    respondents(wave, cold, 5, LOW_ABILITY)  # index (50+50+25+0+25)/5 = 30
    respondents(wave, warm, 5, 5)
    wave = close(wave)
    ev = event([cold, warm])
    services.event_invite(actor=None, event=ev)  # nobody checks in: attendance 0 %
    boss = manager()
    spots = {h.name: h for h in selectors.hot_spots(boss, wave)}
    assert spots["Dinas Dingin"].hot and spots["Dinas Dingin"].readiness == 30.0
    assert spots["Dinas Dingin"].weakest == "ability"
    assert spots["Dinas Dingin"].suggestions == ["coaching", "targeted_session", "champions"]
    assert not spots["Dinas Hangat"].hot  # readiness 100
    # raise the attendance threshold off and nothing is hot
    EngagementSettings.objects.filter(pk=1).update(hot_spot_attendance_below=0)
    assert not any(h.hot for h in selectors.hot_spots(boss, wave))
    EngagementSettings.objects.filter(pk=1).update(hot_spot_attendance_below=50)

    client.force_login(boss)
    resp = client.post(
        "/perubahan/titik-rawan/",
        {
            "opd": cold.pk,
            "kind": "coaching",
            "description": "Pendampingan aplikasi baru",
            "due_on": "2027-01-31",
        },
    )
    assert resp.status_code == 302
    action = FollowUpAction.objects.get(opd=cold)
    audit = AuditEvent.objects.get(action="engagement.followup_create")
    assert audit.after and audit.after["hot_spot"]["readiness"] == 30.0
    resp = client.post(f"/perubahan/tindak-lanjut/{action.pk}/selesai/", {"note": "Selesai"})
    action.refresh_from_db()
    assert action.status == "done" and action.done_note == "Selesai"
    export = client.get(f"/perubahan/titik-rawan/ekspor/?gelombang={wave.pk}&format=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Dinas Dingin,30.0,0.0" in text
    resp = client.post(f"/perubahan/tindak-lanjut/{action.pk}/selesai/", {"note": "lagi"})
    assert AuditEvent.objects.filter(action="engagement.followup_done").count() == 1


def test_hidden_readiness_is_never_a_hot_spot() -> None:
    small = OrgUnitFactory()
    wave = open_wave()
    respondents(wave, small, 3, 1)
    wave = close(wave)
    services.event_invite(actor=None, event=event([small]))
    spot = selectors.hot_spots(manager(), wave)[0]
    assert spot.readiness is None and not spot.hot


def test_champion_appointed_by_nip_once(client: Client) -> None:
    dinas = OrgUnitFactory()
    emp = EmployeeFactory(org_unit=OrgUnitFactory(parent=dinas))
    client.force_login(manager())
    assert client.post("/perubahan/agen-perubahan/", {"nip": emp.nip}).status_code == 302
    again = client.post("/perubahan/agen-perubahan/", {"nip": emp.nip})
    assert "sudah menjadi agen" in again.content.decode()
    unknown = client.post("/perubahan/agen-perubahan/", {"nip": "000"})
    assert "tidak ditemukan" in unknown.content.decode()
    champ = selectors.champions_visible_to(manager()).get()
    assert champ.opd_id == dinas.pk
