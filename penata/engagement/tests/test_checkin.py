"""Check-in codes expire and cannot be reused by another person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.engagement import services
from penata.engagement.models import Attendance, CheckInCode, EngagementSettings
from penata.engagement.services import EngagementError
from penata.engagement.tests.factories import asn_user, event, manager
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_code_used_once_per_person_and_never_by_another() -> None:
    ev = event()
    code = services.checkin_code_issue(actor=manager(), event=ev)
    a, b = asn_user(EmployeeFactory()), asn_user(EmployeeFactory())
    first = services.checkin_redeem(user=a, raw_code=code.code.lower())
    assert first.employee_id == a.employee_id
    # the same person again: harmless, same attendance
    assert services.checkin_redeem(user=a, raw_code=code.code).pk == first.pk
    with pytest.raises(EngagementError) as exc:
        services.checkin_redeem(user=b, raw_code=code.code)
    assert exc.value.code == "code_used"
    assert "dipakai orang lain" in exc.value.message
    assert Attendance.objects.filter(event=ev).count() == 1
    assert AuditEvent.objects.filter(action="engagement.checkin").count() == 1


def test_code_expires_after_the_configured_minutes() -> None:
    ev = event()
    cfg = EngagementSettings.current()
    now = timezone.now()
    code = services.checkin_code_issue(actor=None, event=ev, now=now)
    assert code.expires_at == now + dt.timedelta(minutes=cfg.checkin_code_minutes)
    user = asn_user(EmployeeFactory())
    later = code.expires_at + dt.timedelta(seconds=1)
    with pytest.raises(EngagementError) as exc:
        services.checkin_redeem(user=user, raw_code=code.code, now=later)
    assert exc.value.code == "code_expired"
    assert not Attendance.objects.exists()
    # just before expiry it works
    services.checkin_redeem(
        user=user, raw_code=code.code, now=code.expires_at - dt.timedelta(seconds=1)
    )


def test_second_code_does_not_double_count_and_stays_free() -> None:
    ev = event()
    user = asn_user(EmployeeFactory())
    c1 = services.checkin_code_issue(actor=None, event=ev)
    c2 = services.checkin_code_issue(actor=None, event=ev)
    services.checkin_redeem(user=user, raw_code=c1.code)
    services.checkin_redeem(user=user, raw_code=c2.code)
    c2.refresh_from_db()
    assert c2.used_by_id is None  # still usable by someone else
    assert Attendance.objects.filter(event=ev).count() == 1


def test_unknown_malformed_and_no_employee() -> None:
    user = asn_user(EmployeeFactory())
    with pytest.raises(EngagementError, match="6 huruf"):
        services.checkin_redeem(user=user, raw_code="12")
    with pytest.raises(EngagementError, match="tidak dikenal"):
        services.checkin_redeem(user=user, raw_code="ABCDEF")
    with pytest.raises(EngagementError, match="tidak terhubung"):
        services.checkin_redeem(user=manager(), raw_code="ABCDEF")


def test_screen_keeps_a_code_until_it_is_used() -> None:
    ev = event()
    first = services.current_screen_code(actor=None, event=ev)
    assert services.current_screen_code(actor=None, event=ev).pk == first.pk
    services.checkin_redeem(user=asn_user(EmployeeFactory()), raw_code=first.code)
    second = services.current_screen_code(actor=None, event=ev)
    assert second.pk != first.pk
    assert CheckInCode.objects.filter(event=ev).count() == 2


def test_attendance_records_the_unit_and_opd_at_check_in() -> None:
    dinas = OrgUnitFactory()
    bidang = OrgUnitFactory(parent=dinas)
    ev = event([dinas])
    emp = EmployeeFactory(org_unit=bidang)
    assert services.event_invite(actor=None, event=ev) == 1
    assert services.event_invite(actor=None, event=ev) == 0  # idempotent
    code = services.checkin_code_issue(actor=None, event=ev)
    att = services.checkin_redeem(user=asn_user(emp), raw_code=code.code)
    assert (att.org_unit_id, att.opd_id) == (bidang.pk, dinas.pk)


def test_checkin_page_and_screen(client) -> None:  # type: ignore[no-untyped-def]
    ev = event()
    boss = manager()
    client.force_login(boss)
    resp = client.get(f"/perubahan/acara/{ev.pk}/layar/")
    assert resp.status_code == 200
    code = CheckInCode.objects.get(event=ev)
    assert code.code in resp.content.decode()
    assert b"data:image/svg+xml" in resp.content
    user = asn_user(EmployeeFactory())
    client.force_login(user)
    resp = client.get(f"/perubahan/hadir/?kode={code.code}")
    assert code.code in resp.content.decode()
    resp = client.post("/perubahan/hadir/", {"code": code.code})
    assert resp.status_code == 302
    other = asn_user(EmployeeFactory())
    client.force_login(other)
    resp = client.post("/perubahan/hadir/", {"code": code.code})
    assert "dipakai orang lain" in resp.content.decode()
