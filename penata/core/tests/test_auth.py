"""Sign-in, throttling, sign-out, password change and reset, and personal API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from penata.conftest import PASSWORD
from penata.core.models import ApiToken, AuditEvent, LoginAttempt, User


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_login_and_logout(users: dict[str, User]) -> None:
    client = Client()
    resp = _login(client, "u_employee", PASSWORD)
    assert resp.status_code == 302 and resp["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=users["employee"]).exists()
    assert client.get(reverse("core:logout")).status_code == 405  # logout is POST only
    resp = client.post(reverse("core:logout"))
    assert resp.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout").exists()


def test_wrong_password_message_in_indonesian(users: dict[str, User]) -> None:
    resp = _login(Client(), "u_employee", "salah")
    assert resp.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in resp.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="u_employee").exists()


@override_settings(LOGIN_MAX_FAILURES=3)
def test_login_throttled_after_repeated_failures(users: dict[str, User]) -> None:
    client = Client()
    for _ in range(3):
        _login(client, "u_employee", "salah")
    resp = _login(client, "u_employee", PASSWORD)  # even the right password is refused now
    assert resp.status_code == 200
    # The username is locked out (penata/security): see security/tests/test_lockout.py.
    assert "dikunci sementara" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected by this username's failures.
    assert _login(Client(), "u_bkpp", PASSWORD).status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3)
def test_throttle_window_passes(users: dict[str, User]) -> None:
    import datetime as dt

    from django.utils import timezone

    for _ in range(3):
        _login(Client(), "u_employee", "salah")
    LoginAttempt.objects.update(
        created_at=timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES + 1)
    )
    # The lock-out outlasts the throttle window; once it has passed too, sign-in works.
    from penata.security.models import AccountLock

    assert _login(Client(), "u_employee", PASSWORD).status_code == 200
    AccountLock.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _login(Client(), "u_employee", PASSWORD).status_code == 302


def test_inactive_user_cannot_login(users: dict[str, User]) -> None:
    u = users["employee"]
    u.is_active = False
    u.save()
    assert _login(Client(), "u_employee", PASSWORD).status_code == 200


def test_password_change(client_for: Any, users: dict[str, User]) -> None:
    client = client_for("employee")
    resp = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Lumpia-Semarang-77",
            "new_password2": "Lumpia-Semarang-77",
        },
    )
    assert resp.status_code == 302
    users["employee"].refresh_from_db()
    assert users["employee"].check_password("Lumpia-Semarang-77")
    assert AuditEvent.objects.filter(action="auth.password_change").exists()


def test_password_change_rejects_common_password(client_for: Any, users: dict[str, User]) -> None:
    resp = client_for("employee").post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert resp.status_code == 200
    users["employee"].refresh_from_db()
    assert users["employee"].check_password(PASSWORD)


def test_password_reset_by_email(users: dict[str, User], mailoutbox: list[Any]) -> None:
    client = Client()
    resp = client.post(reverse("core:password_reset"), {"email": "u_employee@example.test"})
    assert resp.status_code == 302
    [message] = mailoutbox
    assert message.to == ["u_employee@example.test"]
    body = message.body
    link = next(line for line in body.splitlines() if "/akun/lupa-sandi/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    resp = client.get("/" + path, follow=True)
    assert resp.status_code == 200
    form_url = resp.redirect_chain[-1][0]
    resp = client.post(
        form_url, {"new_password1": "Wingko-Babat-2026", "new_password2": "Wingko-Babat-2026"}
    )
    assert resp.status_code == 302
    users["employee"].refresh_from_db()
    assert users["employee"].check_password("Wingko-Babat-2026")
    assert AuditEvent.objects.filter(action="auth.password_reset").exists()


def test_api_token_lifecycle(client_for: Any, users: dict[str, User]) -> None:
    client = client_for("bkpp")
    resp = client.post(reverse("core:profile"), {"name": "laporan"})
    raw = resp.context["new_token"]
    assert raw.startswith("pnt_")
    token = ApiToken.objects.get(user=users["bkpp"])
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in token.key_hash and token.prefix == raw[:12]
    # Shown once: the next page view no longer contains it.
    assert raw not in client.get(reverse("core:profile")).content.decode()
    api = Client()
    me = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200 and me.json()["username"] == "u_bkpp"
    client.post(reverse("core:token_revoke", args=[token.pk]))
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_cannot_revoke_someone_elses_token(client_for: Any, users: dict[str, User]) -> None:
    from penata.core.services import api_token_create

    token, _raw = api_token_create(user=users["bkpp"], name="milik bkpp")
    resp = client_for("employee").post(reverse("core:token_revoke", args=[token.pk]))
    assert resp.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_empty_token_name_is_refused(client_for: Any) -> None:
    resp = client_for("employee").post(reverse("core:profile"), {"name": ""})
    assert resp.status_code == 200 and not ApiToken.objects.exists()
