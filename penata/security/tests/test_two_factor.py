"""Two-factor sign-in (TOTP, RFC 6238) with PENATA_REQUIRE_2FA on: enrolment forced before any
other page, verification after the password, recovery codes, reset by an administrator, API
tokens, and the audit trail."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.urls import reverse

from penata.conftest import PASSWORD
from penata.core.models import ApiToken, AuditEvent, User
from penata.core.services import api_token_create
from penata.core.tests.test_access import _page_urls
from penata.security import services
from penata.security.middleware import OPEN_BEFORE_2FA
from penata.security.models import AccountLock, RecoveryCode, TwoFactorDevice

pytestmark = pytest.mark.usefixtures("two_factor_on")


@pytest.fixture
def two_factor_on() -> Any:
    with override_settings(PENATA_REQUIRE_2FA=True):
        yield


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time the TOTP checks see; tests move it a step (30 s) at a time."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(services, "_now", lambda: now[0])
    return now


def _code(user: User, at: float) -> str:
    return pyotp.TOTP(TwoFactorDevice.objects.get(user=user).secret).at(at)


def _login(username: str, password: str = PASSWORD) -> tuple[Client, Any]:
    client = Client()
    resp = client.post(reverse("core:login"), {"username": username, "password": password})
    return client, resp


def _enrol(client: Client, user: User, at: float) -> list[str]:
    client.get(reverse("security:twofa_enrol"))
    resp = client.post(reverse("security:twofa_enrol"), {"code": _code(user, at)})
    assert resp.status_code == 200
    return re.findall(
        r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", resp.content.decode()
    )


def test_admin_without_enrolment_is_sent_to_enrol_from_every_page(users: dict[str, User]) -> None:
    client, resp = _login("u_administrator")
    assert resp.status_code == 302
    enrol = reverse("security:twofa_enrol")
    failures = []
    for name, (url, _cb) in sorted(_page_urls().items()):
        if name in OPEN_BEFORE_2FA:
            continue
        r = client.get(url)
        if not (r.status_code == 302 and r["Location"].startswith(enrol)):
            failures.append(f"{name}: {r.status_code} {r.get('Location', '')}")
    assert not failures, failures
    r = client.get("/admin/")
    assert r.status_code == 302 and r["Location"].startswith(enrol)
    r = client.get("/api/v1/me")
    assert r.status_code == 403 and r.json()["code"] == "two_factor_required"
    assert client.get(enrol).status_code == 200


def test_bkpp_is_forced_too_but_other_roles_are_not(users: dict[str, User]) -> None:
    client, _ = _login("u_bkpp")
    assert client.get(reverse("core:dashboard"))["Location"].startswith(
        reverse("security:twofa_enrol")
    )
    for role in ("employee", "opd_operator", "researcher"):
        client, _ = _login(f"u_{role}")
        assert client.get(reverse("core:dashboard")).status_code == 200, role


@override_settings(PENATA_REQUIRE_2FA=False)
def test_not_forced_when_setting_is_off(users: dict[str, User]) -> None:
    client, _ = _login("u_administrator")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_enrol_verify_recover_and_replay(users: dict[str, User], clock: list[float]) -> None:
    admin = users["administrator"]
    client, _ = _login("u_administrator")
    page = client.get(reverse("security:twofa_enrol")).content.decode()
    assert 'src="data:image/svg+xml' in page and "<script>" not in page
    device = TwoFactorDevice.objects.get(user=admin)
    assert device.confirmed_at is None
    secret_shown = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page)
    assert secret_shown and secret_shown.group(1).replace(" ", "") == device.secret

    wrong = client.post(reverse("security:twofa_enrol"), {"code": "000000"})
    assert "Kode tidak cocok" in wrong.content.decode()
    codes = _enrol(client, admin, clock[0])
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(user=admin).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not any(c.replace("-", "") in h for c in codes for h in stored)
    assert AuditEvent.objects.filter(action="auth.2fa_enrol", actor=admin).exists()
    assert client.get(reverse("core:dashboard")).status_code == 200  # verified in this session

    # A new sign-in: the password, then the code.
    client2, resp = _login("u_administrator")
    assert resp.status_code == 302
    r = client2.get(reverse("core:audit_list"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("security:twofa_verify"))
    # The code already used at enrolment is refused (one use per time step).
    replay = client2.post(reverse("security:twofa_verify"), {"code": _code(admin, clock[0])})
    assert replay.status_code == 200 and "Kode salah" in replay.content.decode()
    clock[0] += 30
    ok = client2.post(
        reverse("security:twofa_verify"),
        {"code": _code(admin, clock[0]), "next": reverse("core:audit_list")},
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("core:audit_list")
    assert client2.get(reverse("core:audit_list")).status_code == 200

    # A recovery code works once.
    client3, _ = _login("u_administrator")
    r = client3.post(reverse("security:twofa_verify"), {"code": codes[0].upper()})
    assert r.status_code == 302
    client4, _ = _login("u_administrator")
    r = client4.post(reverse("security:twofa_verify"), {"code": codes[0]})
    assert r.status_code == 200
    assert RecoveryCode.objects.filter(user=admin, used_at__isnull=False).count() == 1
    methods = list(
        AuditEvent.objects.filter(action="auth.2fa_verify").values_list("after__method", flat=True)
    )
    assert sorted(methods) == ["recovery", "totp"]

    # Regenerating replaces every code.
    new = client3.post(reverse("security:recovery_regenerate"))
    new_codes = re.findall(r"<li>([a-z2-9-]{19})</li>", new.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert RecoveryCode.objects.filter(user=admin).count() == 10


def test_wrong_codes_lead_to_lock_out(users: dict[str, User], clock: list[float]) -> None:
    admin = users["administrator"]
    client, _ = _login("u_administrator")
    _enrol(client, admin, clock[0])
    with override_settings(LOGIN_MAX_FAILURES=3):
        client2, _ = _login("u_administrator")
        for _ in range(2):
            assert (
                client2.post(reverse("security:twofa_verify"), {"code": "111111"}).status_code
                == 200
            )
        r = client2.post(reverse("security:twofa_verify"), {"code": "111111"})
        assert r.status_code == 302 and r["Location"] == reverse("core:login")
        assert "_auth_user_id" not in client2.session
        assert AccountLock.objects.filter(username="u_administrator").exists()
        _c, resp = _login("u_administrator")
        assert "dikunci sementara" in resp.content.decode()


def test_admin_resets_two_factor_and_tokens_are_revoked(
    users: dict[str, User], clock: list[float]
) -> None:
    bkpp = users["bkpp"]
    client, _ = _login("u_bkpp")
    _enrol(client, bkpp, clock[0])
    token, raw = api_token_create(user=bkpp, name="skrip")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    # Only administrators may reset; the page lists the officer as enrolled.
    refused = Client()
    refused.force_login(users["employee"])
    assert refused.post(reverse("security:twofa_reset", args=[bkpp.pk])).status_code == 403
    admin = Client()
    admin.force_login(users["administrator"])
    admin.session  # noqa: B018
    _enrol(admin, users["administrator"], clock[0])
    page = admin.get(reverse("security:accounts")).content.decode()
    assert "u_bkpp" in page
    resp = admin.post(reverse("security:twofa_reset", args=[bkpp.pk]))
    assert resp.status_code == 302
    assert not TwoFactorDevice.objects.filter(user=bkpp).exists()
    assert not RecoveryCode.objects.filter(user=bkpp).exists()
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert event.actor == users["administrator"] and event.object_id == str(bkpp.pk)
    assert event.after["api_tokens_revoked"] == 1
    # At the next sign-in the officer enrols again.
    client2, _ = _login("u_bkpp")
    assert client2.get(reverse("core:dashboard"))["Location"].startswith(
        reverse("security:twofa_enrol")
    )


def test_api_token_of_unenrolled_admin_is_refused(
    users: dict[str, User], clock: list[float]
) -> None:
    admin = users["administrator"]
    _t, raw = api_token_create(user=admin, name="lama")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    _t2, raw_emp = api_token_create(user=users["employee"], name="pegawai")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw_emp}").status_code == 200
    client, _ = _login("u_administrator")
    _enrol(client, admin, clock[0])
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert ApiToken.objects.filter(user=admin, revoked_at__isnull=True).count() == 1


def test_admin_login_page_goes_through_penata_sign_in(users: dict[str, User]) -> None:
    resp = Client().get("/admin/login/?next=/admin/")
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("core:login"))


@override_settings(DEBUG=False, PENATA_REQUIRE_2FA=False)
def test_deploy_check_warns_when_two_factor_is_off() -> None:
    ids = {m.id for m in run_checks(include_deployment_checks=True, tags=["security"])}
    assert "penata.W001" in ids


@override_settings(DEBUG=False)
def test_deploy_check_quiet_when_two_factor_is_on() -> None:
    ids = {m.id for m in run_checks(include_deployment_checks=True, tags=["security"])}
    assert "penata.W001" not in ids and "penata.W002" not in ids
