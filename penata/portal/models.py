"""The public portal: settings, complaints (aduan) with their tracking codes, and the public
satisfaction survey (IKM/SKM, PermenPANRB 14/2017) answers per service unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penata.portal import rules


class PortalSettings(models.Model):
    """The institution's thresholds for the public portal (one row, id 1), editable in admin."""

    min_cell = models.PositiveSmallIntegerField(
        _("jumlah minimum per sel yang ditampilkan"),
        default=rules.DEFAULT_MIN_CELL,
        help_text=_("Sel statistik publik yang menghitung kurang dari angka ini disembunyikan."),
    )
    complaint_sla_days = models.PositiveSmallIntegerField(
        _("batas waktu penyelesaian aduan (hari)"),
        default=14,
        help_text=_("Aduan yang belum selesai setelah sekian hari ditandai terlambat."),
    )
    complaint_per_ip_hour = models.PositiveSmallIntegerField(
        _("aduan maksimum per alamat IP per jam"), default=5
    )
    survey_per_ip_hour = models.PositiveSmallIntegerField(
        _("jawaban survei maksimum per alamat IP per jam"), default=20
    )
    lookup_per_ip_hour = models.PositiveSmallIntegerField(
        _("pencarian kode lacak gagal maksimum per alamat IP per jam"), default=30
    )
    max_text_chars = models.PositiveIntegerField(
        _("panjang maksimum isi aduan (karakter)"), default=4000
    )
    attachment_max_kb = models.PositiveIntegerField(
        _("ukuran maksimum lampiran (KB)"), default=2048
    )
    ikm_min_respondents = models.PositiveSmallIntegerField(
        _("responden minimum IKM per unit dan periode"),
        default=rules.ikm_table().min_respondents,
        help_text=_("Di bawah angka ini hasil IKM diberi catatan belum mewakili."),
    )

    class Meta:
        verbose_name = _("pengaturan portal publik")
        verbose_name_plural = _("pengaturan portal publik")
        constraints = [
            models.CheckConstraint(condition=Q(min_cell__gte=2), name="portal_settings_min_cell"),
            models.CheckConstraint(
                condition=Q(complaint_sla_days__gte=1), name="portal_settings_sla"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Pengaturan portal publik"))

    @classmethod
    def current(cls) -> PortalSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class ComplaintKind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    SARAN = "saran", _("Saran/masukan")
    APRESIASI = "apresiasi", _("Apresiasi")


class ComplaintStatus(models.TextChoices):
    DITERIMA = rules.ComplaintStatus.DITERIMA.value, _("Diterima")
    DIPROSES = rules.ComplaintStatus.DIPROSES.value, _("Diproses")
    SELESAI = rules.ComplaintStatus.SELESAI.value, _("Selesai")
    DITOLAK = rules.ComplaintStatus.DITOLAK.value, _("Ditolak")


def _attachment_path(instance: Complaint, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"portal/aduan/{instance.tracking_code}.{ext}"


class Complaint(models.Model):
    """A citizen's complaint, suggestion or praise about a service unit, routed to the unit's
    OPD operators. Looked up by its tracking code; the reporter's contact is personal data,
    never shown on a public page."""

    tracking_code = models.CharField(_("kode lacak"), max_length=rules.CODE_LENGTH, unique=True)
    kind = models.CharField(
        _("jenis"), max_length=12, choices=ComplaintKind.choices, default=ComplaintKind.PENGADUAN
    )
    org_unit = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("unit layanan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opd = models.ForeignKey(
        "workforce.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("perihal"), max_length=150)
    body = models.TextField(_("isi"))
    reporter_name = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    reporter_contact = models.CharField(_("kontak pelapor"), max_length=120, blank=True)
    attachment = models.FileField(_("lampiran"), upload_to=_attachment_path, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.DITERIMA,
    )
    response = models.TextField(_("tanggapan"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditanggapi oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)
    due_at = models.DateTimeField(_("batas waktu"))
    first_response_at = models.DateTimeField(_("ditanggapi pertama"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, editable=False, db_index=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("aduan")
        verbose_name_plural = _("aduan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values), name="portal_complaint_status"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(status__in=[ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK]),
                name="portal_complaint_closed_only_final",
            ),
        ]
        indexes = [models.Index(fields=["opd", "status"], name="portal_complaint_opd_status")]

    def __str__(self) -> str:
        return rules.format_code(self.tracking_code)

    @property
    def code_display(self) -> str:
        return rules.format_code(self.tracking_code)


class IkmResponse(models.Model):
    """One respondent's answers to the nine elements (unsur) of the public satisfaction survey
    for a service unit (PermenPANRB 14/2017): each 1–4. No name or contact is asked."""

    org_unit = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("unit layanan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opd = models.ForeignKey(
        "workforce.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("periode"), max_length=8, db_index=True)
    u1 = models.PositiveSmallIntegerField(_("persyaratan"))
    u2 = models.PositiveSmallIntegerField(_("sistem, mekanisme dan prosedur"))
    u3 = models.PositiveSmallIntegerField(_("waktu penyelesaian"))
    u4 = models.PositiveSmallIntegerField(_("biaya/tarif"))
    u5 = models.PositiveSmallIntegerField(_("produk spesifikasi jenis pelayanan"))
    u6 = models.PositiveSmallIntegerField(_("kompetensi pelaksana"))
    u7 = models.PositiveSmallIntegerField(_("perilaku pelaksana"))
    u8 = models.PositiveSmallIntegerField(_("penanganan pengaduan, saran dan masukan"))
    u9 = models.PositiveSmallIntegerField(_("sarana dan prasarana"))
    suggestion = models.TextField(_("saran"), blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    ip_hash = models.CharField(max_length=64, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("jawaban survei kepuasan masyarakat")
        verbose_name_plural = _("jawaban survei kepuasan masyarakat")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{c}__gte": 1}) & Q(**{f"{c}__lte": 4}),
                name=f"portal_ikm_{c}_1_4",
            )
            for c in ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
        ]
        indexes = [models.Index(fields=["org_unit", "period"], name="portal_ikm_unit_period")]

    def __str__(self) -> str:
        return f"IKM {self.org_unit_id} {self.period}"


class LookupMiss(models.Model):
    """A tracking-code lookup that found nothing, kept an hour to slow down guessing (only a
    keyed hash of the address is stored)."""

    ip_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pencarian kode lacak gagal")
        verbose_name_plural = _("pencarian kode lacak gagal")

    def __str__(self) -> str:
        return f"{self.ip_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"
