"""Account security: TOTP devices (RFC 6238), hashed recovery codes and sign-in lock-outs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from penata.security.fields import EncryptedCharField


class TwoFactorDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s).

    Created unconfirmed when the enrolment page is opened; confirmed once the user types a
    valid code. ``last_counter`` is the last accepted time step: a code is accepted once.
    ``secret`` (base32) is encrypted at rest (:mod:`penata.security.crypto`); the column holds
    a Fernet token, the attribute the plain secret.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="two_factor_device",
    )
    secret = EncryptedCharField(max_length=255)
    confirmed_at = models.DateTimeField(_("aktif sejak"), null=True, blank=True)
    last_counter = models.BigIntegerField(default=0)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perangkat autentikasi dua faktor")
        verbose_name_plural = _("perangkat autentikasi dua faktor")

    def __str__(self) -> str:
        return f"TOTP {self.user_id} ({'aktif' if self.confirmed_at else 'belum aktif'})"


class RecoveryCode(models.Model):
    """A one-time recovery code; only a salted SHA-256 hash is kept (the code has 80 bits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")

    def __str__(self) -> str:
        return f"kode pemulihan {self.user_id} ({'terpakai' if self.used_at else 'belum'})"


class AccountLock(models.Model):
    """Sign-in for a username is locked after repeated failures, until ``locked_until`` or an
    administrator unlocks it. Keyed by the typed username (lower case), whether or not such an
    account exists, so a lock never tells a guesser which usernames are real."""

    username = models.CharField(_("nama pengguna"), max_length=150, db_index=True)
    locked_at = models.DateTimeField(_("dikunci"), default=timezone.now)
    locked_until = models.DateTimeField(_("dikunci sampai"), db_index=True)
    failures = models.PositiveIntegerField(_("jumlah gagal"), default=0)
    unlocked_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kunci akun")
        verbose_name_plural = _("kunci akun")
        ordering = ["-locked_at"]

    def __str__(self) -> str:
        return f"{self.username} {self.locked_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.unlocked_at is None and self.locked_until > timezone.now()
