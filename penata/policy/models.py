"""Models of the policy workspace: the team, policy documents and their versions, the action
plan, indicators with yearly targets, the registry of civil-society organisations, and the
public consultation with its comments, moderation and the team's responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penata.policy import rules


class TeamRole(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    ANGGOTA = "anggota", _("Anggota")
    WAKIL_OPD = "wakil_opd", _("Perwakilan OPD")
    WAKIL_CSO = "wakil_cso", _("Perwakilan organisasi masyarakat sipil")
    WAKIL_KAMPUS = "wakil_kampus", _("Perwakilan perguruan tinggi")


class TeamMember(models.Model):
    """A member of the policy team (tim khusus) with their role in the team. The account's
    access comes from its Penata role (``policy_team``); this is who does what in the team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="policy_membership",
    )
    team_role = models.CharField(_("peran dalam tim"), max_length=16, choices=TeamRole.choices)
    affiliation = models.CharField(_("asal lembaga"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    joined_on = models.DateField(_("bergabung"), null=True, blank=True)

    class Meta:
        verbose_name = _("anggota tim kebijakan")
        verbose_name_plural = _("anggota tim kebijakan")
        ordering = ["team_role", "user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class DocumentStatus(models.TextChoices):
    DRAFT = rules.DRAFT, _("Rancangan")
    CONSULTATION = rules.CONSULTATION, _("Konsultasi publik")
    ADOPTED = rules.ADOPTED, _("Ditetapkan")
    REVISED = rules.REVISED, _("Direvisi")


class PolicyDocument(models.Model):
    """A policy document (a draft Perwal or a policy paper) written in Markdown, with versions."""

    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("ringkasan"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dokumen kebijakan")
        verbose_name_plural = _("dokumen kebijakan")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="policy_document_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One saved text of a document; numbered 1, 2, … per document; never edited."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    body = models.TextField(_("isi (Markdown)"), max_length=200_000)
    note = models.CharField(_("catatan perubahan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versi dokumen")
        verbose_name_plural = _("versi dokumen")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="policy_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


def _evidence_path(instance: Activity, filename: str) -> str:
    from penata.forum.rules import safe_filename

    return f"policy/evidence/{instance.pk or 'new'}/{safe_filename(filename)}"


class Activity(models.Model):
    """An activity of the action plan (rencana aksi): owner, deadline, status and evidence (an
    uploaded file or a link)."""

    title = models.CharField(_("kegiatan"), max_length=255)
    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("dokumen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    owner = models.ForeignKey(
        TeamMember,
        verbose_name=_("penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    deadline = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    evidence_file = models.FileField(
        _("berkas bukti"), upload_to=_evidence_path, blank=True, max_length=255
    )
    evidence_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    evidence_url = models.URLField(_("tautan bukti"), blank=True, max_length=500)
    note = models.TextField(_("catatan"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kegiatan rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="policy_activity_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: object) -> bool:
        return rules.is_overdue(self.deadline, self.status, today)


class Indicator(models.Model):
    """A policy indicator. ``source`` names a computed source registered in
    :mod:`penata.policy.indicators` (the actual value comes from Penata's own data) or is
    ``manual`` (the team enters the actual value each year)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    unit = models.CharField(_("satuan"), max_length=30, blank=True)
    source = models.CharField(_("sumber"), max_length=40, default="manual")
    source_note = models.CharField(_("keterangan sumber"), max_length=255, blank=True)
    higher_is_better = models.BooleanField(_("makin tinggi makin baik"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorYear(models.Model):
    """The target of an indicator for a year and, for a manual indicator, the actual value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("tahun"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True)
    actual = models.DecimalField(
        _("realisasi (isian manual)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="policy_indicator_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="policy_indicator_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}"


class OrganisationKind(models.TextChoices):
    CSO = "cso", _("Organisasi masyarakat sipil")
    UNIVERSITY = "university", _("Perguruan tinggi")
    ASSOCIATION = "association", _("Asosiasi profesi")


class Organisation(models.Model):
    """A registered civil-society organisation. Its comments count as organisational when sent
    by a linked account or from its verified e-mail domain."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    kind = models.CharField(
        _("jenis"), max_length=12, choices=OrganisationKind.choices, default=OrganisationKind.CSO
    )
    email_domain = models.CharField(
        _("domain e-mail terverifikasi"),
        max_length=100,
        blank=True,
        help_text=_("Contoh: lbh-semarang.or.id — komentar dari alamat ini dihitung organisasi."),
    )
    is_verified = models.BooleanField(_("terverifikasi"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="policy_organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisasi masyarakat sipil")
        verbose_name_plural = _("organisasi masyarakat sipil")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Consultation(models.Model):
    """A public consultation window on one version of a document."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="consultations"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("konsultasi publik")
        verbose_name_plural = _("konsultasi publik")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="policy_consult_window"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: object) -> bool:
        return self.opens_on <= today <= self.closes_on  # type: ignore[operator]


class CommenterKind(models.TextChoices):
    ASN = "asn", _("ASN")
    CSO = "cso", _("Organisasi masyarakat sipil")
    CITIZEN = "citizen", _("Warga")


class CommentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Menunggu konfirmasi e-mail")
    PENDING = "pending", _("Menunggu moderasi")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", _("Diterima")
    PARTLY = "partly", _("Diterima sebagian")
    REJECTED = "rejected", _("Tidak diterima")


class Comment(models.Model):
    """A comment on a consultation, optionally on one section. The e-mail and the hashed IP are
    private: never shown on a public page or in a public export."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(_("bagian"), max_length=80, blank=True)
    section_title = models.CharField(_("judul bagian"), max_length=200, blank=True)
    body = models.TextField(_("komentar"), max_length=rules.MAX_COMMENT_CHARS)
    kind = models.CharField(_("jenis pengirim"), max_length=8, choices=CommenterKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policy_comments",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    name = models.CharField(_("nama"), max_length=rules.MAX_NAME_CHARS)
    email = models.EmailField(_("e-mail"), blank=True)
    show_name = models.BooleanField(_("nama boleh ditampilkan"), default=False)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirm_token = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderation_reason = models.CharField(_("alasan moderasi"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(
        _("tanggapan tim"), max_length=10, choices=ResponseKind.choices, blank=True
    )
    response_reason = models.TextField(_("alasan tanggapan"), blank=True, max_length=3000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("komentar konsultasi")
        verbose_name_plural = _("komentar konsultasi")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="policy_comment_status"),
            models.Index(fields=["ip_hash", "created_at"], name="policy_comment_ip_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values), name="policy_comment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.REJECTED) | ~Q(moderation_reason=""),
                name="policy_comment_reject_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.consultation_id}"

    @property
    def public_name(self) -> str:
        """What a public page shows as the author: the name only with consent."""
        if self.organisation_id:
            org = self.organisation.name  # type: ignore[union-attr]
            return f"{self.name} ({org})" if self.show_name else org
        if self.show_name:
            return self.name
        return str(CommenterKind(self.kind).label)
