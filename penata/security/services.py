"""Writes for account security: lock-outs, two-factor enrolment and verification, recovery
codes and resets. Every change is audited in its transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from penata.core.audit import audit_record
from penata.core.models import ApiToken, User
from penata.core.roles import Role
from penata.security.models import AccountLock, RecoveryCode, TwoFactorDevice

# Administrators and BKPP officers hold the widest powers: they must use a second factor
# when PENATA_REQUIRE_2FA is on (docs/security.md).
TWO_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR.value, Role.BKPP.value})
ISSUER = "Penata Kota Semarang"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def two_factor_required(user: Any) -> bool:
    """Whether this account must pass a second factor (by role, when the setting is on)."""
    return bool(
        settings.PENATA_REQUIRE_2FA
        and getattr(user, "is_authenticated", False)
        and getattr(user, "role", "") in TWO_FACTOR_ROLES
    )


# --- lock-out --------------------------------------------------------------------------------


def active_lock(username: str) -> AccountLock | None:
    return (
        AccountLock.objects.filter(
            username=username.strip().lower()[:150],
            unlocked_at__isnull=True,
            locked_until__gt=timezone.now(),
        )
        .order_by("-locked_until")
        .first()
    )


def lock_minutes_left(lock: AccountLock) -> int:
    return max(1, int((lock.locked_until - timezone.now()).total_seconds() // 60) + 1)


@transaction.atomic
def lock_if_needed(*, username: str) -> AccountLock | None:
    """After a failure: lock the username once its recent failures reach the limit."""
    from penata.core.models import LoginAttempt

    name = username.strip().lower()[:150]
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    failures = LoginAttempt.objects.filter(
        username=name, success=False, created_at__gte=since
    ).count()
    if failures < settings.LOGIN_MAX_FAILURES or active_lock(name) is not None:
        return None
    lock = AccountLock.objects.create(
        username=name,
        locked_until=timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
        failures=failures,
    )
    audit_record(
        actor=None,
        action="auth.lockout",
        obj=lock,
        object_repr=name,
        after={"failures": failures, "locked_until": lock.locked_until},
    )
    return lock


@transaction.atomic
def unlock(*, actor: User, lock_id: int) -> AccountLock:
    """An administrator lifts a lock; the username's failures are forgotten."""
    from penata.core.models import LoginAttempt

    lock = AccountLock.objects.select_for_update().get(pk=lock_id)
    if lock.unlocked_at is None:
        lock.unlocked_at = timezone.now()
        lock.unlocked_by = actor
        lock.save(update_fields=["unlocked_at", "unlocked_by"])
        LoginAttempt.objects.filter(username=lock.username, success=False).delete()
        audit_record(
            actor=actor,
            action="auth.unlock",
            obj=lock,
            object_repr=lock.username,
            before={"locked_until": lock.locked_until},
            after={"unlocked_at": lock.unlocked_at},
        )
    return lock


# --- TOTP ------------------------------------------------------------------------------------


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def _now() -> float:
    return time.time()


def _matching_counter(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step (±1 step of clock drift) whose code equals ``code``, or ``None``."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = _now() if at is None else at
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


@transaction.atomic
def enrolment_start(*, user: User) -> TwoFactorDevice:
    """The user's unconfirmed device (a new secret), or their confirmed one unchanged."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        device = TwoFactorDevice.objects.create(user=user, secret=pyotp.random_base32(32))
    return device


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    rows = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
        salt = secrets.token_hex(16)
        rows.append(RecoveryCode(user=user, salt=salt, code_hash=_hash_code(salt, code)))
        codes.append(code)
    RecoveryCode.objects.bulk_create(rows)
    return codes


def _hash_code(salt: str, code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256((salt + normal).encode()).hexdigest()


@transaction.atomic
def enrolment_confirm(*, user: User, code: str) -> list[str] | None:
    """Confirm the pending device with a valid code: returns the new recovery codes (shown
    once), or ``None`` when the code is wrong."""
    device = TwoFactorDevice.objects.select_for_update().get(user=user)
    counter = _matching_counter(device.secret, code)
    if counter is None:
        return None
    device.confirmed_at = timezone.now()
    device.last_counter = counter
    device.last_used_at = device.confirmed_at
    device.save(update_fields=["confirmed_at", "last_counter", "last_used_at"])
    codes = _new_recovery_codes(user)
    audit_record(
        actor=user, action="auth.2fa_enrol", obj=user, after={"recovery_codes": len(codes)}
    )
    return codes


@transaction.atomic
def verify(*, user: User, code: str) -> str | None:
    """Check a TOTP code (each time step accepted once) or an unused recovery code.

    Returns ``"totp"`` or ``"recovery"`` on success (audited), ``None`` on failure (the caller
    records the failure against the sign-in lock-out).
    """
    device = (
        TwoFactorDevice.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=False)
        .first()
    )
    if device is None:
        return None
    counter = _matching_counter(device.secret, code)
    if counter is not None and counter > device.last_counter:
        device.last_counter = counter
        device.last_used_at = timezone.now()
        device.save(update_fields=["last_counter", "last_used_at"])
        audit_record(actor=user, action="auth.2fa_verify", obj=user, after={"method": "totp"})
        return "totp"
    for row in RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
        if hmac.compare_digest(row.code_hash, _hash_code(row.salt, code)):
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
            audit_record(
                actor=user,
                action="auth.2fa_verify",
                obj=user,
                after={"method": "recovery", "recovery_codes_left": left},
            )
            return "recovery"
    return None


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit_record(
        actor=user, action="auth.2fa_recovery_regenerate", obj=user, after={"count": len(codes)}
    )
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """An administrator removes a user's authenticator and recovery codes (lost phone): the user
    enrols again at the next sign-in. The user's API tokens are revoked too, since a reset
    usually means the account's second factor can no longer be trusted."""
    had_device = TwoFactorDevice.objects.filter(user=user).delete()[0] > 0
    codes = RecoveryCode.objects.filter(user=user).delete()[0]
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="auth.2fa_reset",
        obj=user,
        before={"device": had_device, "recovery_codes": codes},
        after={"device": False, "recovery_codes": 0, "api_tokens_revoked": revoked},
    )


def token_allowed(user: User) -> bool:
    """API tokens of a role that needs two factors work only once the owner has enrolled (a
    token made before enforcement was switched on stops until then)."""
    if not two_factor_required(user):
        return True
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


# --- encryption key rotation -------------------------------------------------------------------


@transaction.atomic
def field_key_rotate(*, actor: User | None = None) -> int:
    """Re-encrypt every stored TOTP secret under the current key (``PENATA_FIELD_KEY``, else
    the ``SECRET_KEY``), reading each with the current or an old key
    (``PENATA_FIELD_KEYS_OLD``). Returns the number of secrets rewritten; afterwards the old
    keys can be removed. A secret no key decrypts stops it with ``FieldDecryptionError`` and
    nothing is changed."""
    devices = list(TwoFactorDevice.objects.select_for_update().order_by("pk"))
    for device in devices:  # loading decrypted each one; a plain str is encrypted afresh
        device.secret = str(device.secret)
        device.save(update_fields=["secret"])
    audit_record(
        actor=actor,
        action="security.field_key_rotate",
        object_type="security.twofactordevice",
        object_repr="TOTP secrets",
        after={"reencrypted": len(devices)},
    )
    return len(devices)
