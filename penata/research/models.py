"""Research partnerships: partner institutions, researcher accounts, data access requests,
pseudonymised releases with their download log, and research outputs linked to the policy
topics (a classification) and the policy documents they inform.

Personal data (UU 27/2022) never sits in these tables: a release's files hold only the
pseudonymised, generalised extract, and live under the data dir (not the public media root).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _new_key() -> str:
    return secrets.token_hex(32)


class Institution(models.Model):
    """A university or research institute that researches the policy under a cooperation."""

    name = models.CharField(_("nama lembaga"), max_length=200, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    agreement_number = models.CharField(
        _("nomor perjanjian kerja sama"), max_length=120, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lembaga mitra riset")
        verbose_name_plural = _("lembaga mitra riset")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Researcher(models.Model):
    """A researcher account (role *researcher*) and the institution it works for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="researcher"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="researchers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peneliti")
        verbose_name_plural = _("peneliti")

    def __str__(self) -> str:
        return f"{self.user} ({self.institution})"


class PolicyTopic(models.Model):
    """A policy area a research output is classified under (competency development, merit
    system, …). The documents of the policy workspace an output informs are linked directly
    (:attr:`Output.policy_documents`); topics remain the classification."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("topik kebijakan")
        verbose_name_plural = _("topik kebijakan")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class DataRequest(models.Model):
    """A data access request: purpose, research question, requested variables from the data
    dictionary, period, and the ethics/cooperation document; decided by BKPP with reasons.

    ``secret_key`` keys the pseudonyms of this request's releases; it never leaves the server.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="requests", verbose_name=_("lembaga")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul penelitian"), max_length=200)
    purpose = models.TextField(_("tujuan penggunaan data"), max_length=4000)
    question = models.TextField(_("pertanyaan penelitian"), max_length=4000)
    variables = models.JSONField(_("variabel diminta"), default=list)
    year_from = models.PositiveSmallIntegerField(_("tahun awal"))
    year_to = models.PositiveSmallIntegerField(_("tahun akhir"))
    document = models.FileField(_("dokumen etik/kerja sama"), upload_to="research/documents/%Y/")
    document_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("alasan keputusan"), blank=True, max_length=4000)
    expires_on = models.DateField(_("akses berakhir"), null=True, blank=True)
    secret_key = models.CharField(max_length=64, default=_new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan data")
        verbose_name_plural = _("permintaan data")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")),
                name="research_request_years",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(expires_on__isnull=False),
                name="research_request_approved_expires",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    def is_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and today > self.expires_on

    def is_open(self, today: dt.date | None = None) -> bool:
        """Approved and not expired: its releases may be generated and downloaded."""
        return self.status == self.Status.APPROVED and not self.is_expired(today)


class Release(models.Model):
    """One extract of an approved request: CSV, Parquet, data dictionary and README, with the
    report of what was generalised and suppressed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        READY = "ready", _("Siap")
        FAILED = "failed", _("Gagal")

    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, related_name="releases")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    k = models.PositiveSmallIntegerField(_("k"))
    rows = models.PositiveIntegerField(_("baris dirilis"), default=0)
    suppressed = models.PositiveIntegerField(_("baris ditekan"), default=0)
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    progress = models.ForeignKey(
        "core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rilis data")
        verbose_name_plural = _("rilis data")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Rilis {self.pk} — {self.request}"


class Download(models.Model):
    """Every download of a release file: who, when, which file, from where."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12)
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("unduhan rilis")
        verbose_name_plural = _("unduhan rilis")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.release_id} {self.kind} {self.user_id} {self.at:%Y-%m-%d %H:%M}"


class Output(models.Model):
    """A research output (report, summary, recommendations) classified by policy topics and
    linked to the policy documents it informs; BKPP publishes it to the public portal."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        PUBLISHED = "published", _("Diterbitkan")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="outputs")
    request = models.ForeignKey(
        DataRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs"
    )
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), max_length=6000)
    recommendations = models.TextField(_("rekomendasi"), max_length=6000)
    report = models.FileField(_("laporan (PDF)"), upload_to="research/outputs/%Y/")
    report_name = models.CharField(max_length=255, blank=True)
    topics = models.ManyToManyField(PolicyTopic, blank=True, related_name="outputs")
    policy_documents = models.ManyToManyField(
        "policy.PolicyDocument",
        blank=True,
        related_name="research_outputs",
        verbose_name=_("dokumen kebijakan yang diinformasikan"),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("luaran riset")
        verbose_name_plural = _("luaran riset")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="research_output_published_at",
            )
        ]

    def __str__(self) -> str:
        return self.title
