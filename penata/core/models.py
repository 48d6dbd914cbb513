"""Shared models: accounts, the audit log, API tokens, login attempts and task progress."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from penata.core.roles import Role


class PenataUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person who signs in to Penata. Their role decides what they may see and do.

    A user may be linked to an employee record (``employee``) and an OPD operator to the org
    unit they operate for (``org_unit``).
    """

    role = models.CharField(_("peran"), max_length=32, choices=Role.choices, default=Role.EMPLOYEE)
    employee = models.OneToOneField(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    org_unit = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("unit kerja (operator)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operators",
        help_text=_("Untuk operator OPD: unit yang dikelola, beserta semua unit di bawahnya."),
    )

    objects: ClassVar[PenataUserManager] = PenataUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="core_user_role_valid"
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only administrators reach the Django admin; keep the flag derived from the role.
        self.is_staff = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        # Django's model permissions (used by the admin) follow the role: administrators hold all.
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_module_perms(app_label)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are immutable.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are immutable.")


class AuditEvent(models.Model):
    """One change or decision: who, when, what, the object, and its state before and after.

    Written by :func:`penata.core.audit.audit_record` in the same transaction as the change, so a
    change that fails leaves no audit row and a change that lands always has one. Rows are never
    updated or deleted by the application.
    """

    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=100, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    object_repr = models.CharField(_("objek"), max_length=255, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sesudah"), null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("catatan"), blank=True)
    request_id = models.CharField(_("ID permintaan"), max_length=36, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("log audit")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            models.Index(fields=["actor", "created_at"], name="core_audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are immutable.")


class LoginAttempt(models.Model):
    """A sign-in attempt, kept to throttle guessing (per username and per address)."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    success = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("percobaan masuk")
        verbose_name_plural = _("percobaan masuk")

    def __str__(self) -> str:
        return (
            f"{self.username} {self.created_at:%Y-%m-%d %H:%M} {'ok' if self.success else 'gagal'}"
        )


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the user sees it once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TaskProgress(models.Model):
    """Progress of a background task, polled by its page to draw a progress bar."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        SUCCEEDED = "succeeded", _("Selesai")
        FAILED = "failed", _("Gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=64)
    label = models.CharField(_("judul"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveBigIntegerField(_("jumlah"), default=0)
    done = models.PositiveBigIntegerField(_("selesai"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    result = models.JSONField(_("hasil"), null=True, blank=True, encoder=DjangoJSONEncoder)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kemajuan tugas")
        verbose_name_plural = _("kemajuan tugas")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="core_taskprogress_done_le_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class ImportUpload(models.Model):
    """A data file uploaded through the web: checked first (the preview with every error), then
    confirmed and imported by the task worker. Concrete per import (roster, e-Kinerja …), each
    with its own ``file`` field (upload folder) and ``Meta``."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Sedang diperiksa")
        CHECKED = "checked", _("Siap dikonfirmasi")
        IMPORTING = "importing", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    uploaded_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("pengunggah")
    )
    filename = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("ukuran"))
    skip_invalid = models.BooleanField(_("lewati baris bermasalah"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECKING
    )
    preview = models.JSONField(_("hasil pemeriksaan"), null=True, blank=True)
    result = models.JSONField(_("hasil impor"), null=True, blank=True)
    check_progress = models.ForeignKey(
        "core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_progress = models.ForeignKey(
        "core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
