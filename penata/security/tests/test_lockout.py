"""Lock-out after repeated sign-in failures: same Indonesian message whether or not the
username exists, unlock by an administrator (audited) or after the lock time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from penata.conftest import PASSWORD
from penata.core.models import AuditEvent, LoginAttempt, User
from penata.security.models import AccountLock


def _login(username: str, password: str) -> Any:
    return Client().post(reverse("core:login"), {"username": username, "password": password})


def _error_text(resp: Any) -> str:
    html = resp.content.decode()
    block = re.search(
        r'<div class="alert alert-danger" role="alert">(.*?)</div>\s*</div>', html, re.S
    )
    assert block, html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block.group(1))).strip()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=30)
def test_lock_out_message_does_not_reveal_whether_username_exists(
    users: dict[str, User],
) -> None:
    for name in ("u_employee", "tidak_ada"):
        for _ in range(3):
            _login(name, "salah-salah-salah")
    real = _login("u_employee", PASSWORD)  # the right password, still refused
    ghost = _login("tidak_ada", PASSWORD)
    assert real.status_code == ghost.status_code == 200
    assert "_auth_user_id" not in real.wsgi_request.session
    assert _error_text(real) == _error_text(ghost)
    assert "dikunci sementara" in _error_text(real) and "30 menit" in _error_text(real)
    assert AccountLock.objects.filter(username="u_employee").count() == 1
    assert AccountLock.objects.filter(username="tidak_ada").count() == 1
    event = AuditEvent.objects.get(action="auth.lockout", object_repr="u_employee")
    assert event.after["failures"] == 3
    # Another account is not affected.
    assert _login("u_bkpp", PASSWORD).status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3)
def test_administrator_unlocks(users: dict[str, User], client_for: Any) -> None:
    for _ in range(3):
        _login("U_Employee", "salah-salah-salah")  # usernames are matched in lower case
    lock = AccountLock.objects.get()
    admin = client_for("administrator")
    page = admin.get(reverse("security:accounts")).content.decode()
    assert "u_employee" in page and reverse("security:unlock", args=[lock.pk]) in page
    assert client_for("bkpp").post(reverse("security:unlock", args=[lock.pk])).status_code == 403
    resp = admin.post(reverse("security:unlock", args=[lock.pk]))
    assert resp.status_code == 302
    lock.refresh_from_db()
    assert lock.unlocked_by == users["administrator"] and lock.unlocked_at is not None
    assert not LoginAttempt.objects.filter(username="u_employee", success=False).exists()
    assert AuditEvent.objects.filter(action="auth.unlock", actor=users["administrator"]).exists()
    assert _login("u_employee", PASSWORD).status_code == 302
    assert admin.post(reverse("security:unlock", args=[999999])).status_code == 404


@override_settings(LOGIN_MAX_FAILURES=3)
def test_lock_expires_after_its_time(users: dict[str, User]) -> None:
    for _ in range(3):
        _login("u_employee", "salah-salah-salah")
    assert _login("u_employee", PASSWORD).status_code == 200
    AccountLock.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert _login("u_employee", PASSWORD).status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3)
def test_no_lock_below_the_limit_and_success_resets(users: dict[str, User]) -> None:
    for _ in range(2):
        _login("u_employee", "salah-salah-salah")
    assert _login("u_employee", PASSWORD).status_code == 302
    for _ in range(2):
        _login("u_employee", "salah-salah-salah")
    assert not AccountLock.objects.exists()
    assert _login("u_employee", PASSWORD).status_code == 302
