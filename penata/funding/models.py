"""The training budget (APBD lines per fiscal year), partners and their agreements, sponsorships.

Money is whole Rupiah in ``PositiveBigIntegerField``s (:mod:`penata.funding.rules`). What a
line has committed and realised is never stored: it is computed from the enrolments
(:mod:`penata.funding.budget`), so it cannot drift from the learning workflow.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penata.funding import rules


class FundingSettings(models.Model):
    """The institution's funding settings (one row, id 1), editable by an administrator."""

    reminder_days = models.JSONField(
        _("pengingat (hari sebelum berakhir)"),
        default=list,
        blank=True,
        help_text=_(
            "Mis. [90, 30, 7]: pengingat dibuat saat sisa masa berlaku mencapai angka ini."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan pendanaan")
        verbose_name_plural = _("pengaturan pendanaan")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> FundingSettings:
        obj, _created = cls.objects.get_or_create(
            pk=1, defaults={"reminder_days": list(rules.DEFAULT_REMINDER_DAYS)}
        )
        return obj

    @property
    def thresholds(self) -> list[int]:
        days = [int(d) for d in (self.reminder_days or []) if str(d).isdigit()]
        return sorted(days or rules.DEFAULT_REMINDER_DAYS, reverse=True)


class BudgetLine(models.Model):
    """A training budget line of one fiscal year: an APBD sub-kegiatan (under its kegiatan and
    program, Permendagri 90/2019) with its ceiling (pagu) in whole Rupiah. Optional OPD (null:
    BKPP's central budget) and competency area (rumpun) let the funding gap attribute it."""

    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    program_code = models.CharField(_("kode program"), max_length=12)
    activity_code = models.CharField(_("kode kegiatan"), max_length=16)
    sub_activity_code = models.CharField(_("kode sub-kegiatan"), max_length=24)
    name = models.CharField(_("nama sub-kegiatan"), max_length=255)
    ceiling = models.PositiveBigIntegerField(_("pagu (Rp)"))
    opd = models.ForeignKey(
        "workforce.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("OPD"),
        help_text=_("Kosongkan untuk anggaran BKPP (seluruh kota)."),
    )
    competency_area = models.CharField(
        _("rumpun kompetensi"),
        max_length=60,
        blank=True,
        help_text=_("Kosongkan bila pos ini tidak terikat satu rumpun."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pos anggaran pelatihan")
        verbose_name_plural = _("pos anggaran pelatihan")
        ordering = ["-fiscal_year", "sub_activity_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "sub_activity_code"], name="funding_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="funding_line_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity_code} {self.name} ({self.fiscal_year})"

    def clean(self) -> None:
        errors = rules.apbd_code_errors(
            self.program_code, self.activity_code, self.sub_activity_code
        )
        if errors:
            raise ValidationError(errors)


class ProgramBudget(models.Model):
    """A training program's sessions of one fiscal year (by start date) are paid from a line."""

    program = models.ForeignKey(
        "learning.TrainingProgram", on_delete=models.CASCADE, related_name="budget_links"
    )
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="program_links")
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))

    class Meta:
        verbose_name = _("pos anggaran program")
        verbose_name_plural = _("pos anggaran program")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year"], name="funding_program_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id} → {self.line_id} ({self.fiscal_year})"


class SessionBudget(models.Model):
    """A session paid from a line other than its program's (overrides :class:`ProgramBudget`)."""

    session = models.OneToOneField(
        "learning.TrainingSession", on_delete=models.CASCADE, related_name="budget_link"
    )
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="session_links")

    class Meta:
        verbose_name = _("pos anggaran angkatan")
        verbose_name_plural = _("pos anggaran angkatan")

    def __str__(self) -> str:
        return f"{self.session_id} → {self.line_id}"


class PartnerKind(models.TextChoices):
    PRIVATE = rules.PartnerKind.PRIVATE.value, _("Perusahaan swasta")
    BUMN = rules.PartnerKind.BUMN.value, _("BUMN")
    BUMD = rules.PartnerKind.BUMD.value, _("BUMD")
    UNIVERSITY = rules.PartnerKind.UNIVERSITY.value, _("Perguruan tinggi")
    DONOR = rules.PartnerKind.DONOR.value, _("Lembaga donor")
    ASSOCIATION = rules.PartnerKind.ASSOCIATION.value, _("Asosiasi profesi")


class Partner(models.Model):
    """An organisation that cooperates in competency development (mitra)."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=PartnerKind.choices)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    public_recognition = models.BooleanField(
        _("bersedia ditampilkan di portal publik"),
        default=False,
        help_text=_("Hanya mitra yang menyetujui ditampilkan di halaman apresiasi mitra."),
    )
    recognition_consent_on = models.DateField(
        _("tanggal persetujuan tampil"), null=True, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(public_recognition=False) | Q(recognition_consent_on__isnull=False),
                name="funding_partner_consent_dated",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A contact person of a partner. E-mail and phone are personal data (UU 27/2022): shown
    masked on pages and never exported."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("narahubung mitra")
        verbose_name_plural = _("narahubung mitra")
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return self.name


class PartnerMember(models.Model):
    """A ``mitra`` account linked to the partner organisation it may see the records of."""

    user = models.OneToOneField("core.User", on_delete=models.CASCADE, related_name="partner_link")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("akun mitra")
        verbose_name_plural = _("akun mitra")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.partner_id}"


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Nota Kesepahaman (MoU)")
    PKS = "pks", _("Perjanjian Kerja Sama (PKS)")


class Agreement(models.Model):
    """A cooperation agreement with a partner: MoU or PKS (a PKS usually implements an MoU)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(_("jenis"), max_length=4, choices=AgreementKind.choices)
    number = models.CharField(_("nomor"), max_length=100, unique=True)
    title = models.CharField(_("judul"), max_length=255)
    scope = models.TextField(_("ruang lingkup"))
    signed_on = models.DateField(_("tanggal tanda tangan"))
    starts_on = models.DateField(_("berlaku mulai"))
    ends_on = models.DateField(_("berlaku sampai"))
    value = models.PositiveBigIntegerField(_("nilai (Rp)"), default=0)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("MoU induk"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")
        ordering = ["ends_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="funding_agreement_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class AgreementDocument(models.Model):
    """A scanned document of an agreement (the signed text, an addendum)."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Naskah bertanda tangan")
        ADDENDUM = "addendum", _("Adendum")
        OTHER = "other", _("Lainnya")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="agreements/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen perjanjian")
        verbose_name_plural = _("dokumen perjanjian")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AgreementReminder(models.Model):
    """An in-app reminder that an agreement ends soon, created once per threshold by the
    ``funding-reminders`` command; BKPP marks it handled."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    ends_on = models.DateField(_("berakhir"))
    days_before = models.PositiveSmallIntegerField(_("hari sebelum berakhir"))
    created_on = models.DateField(_("dibuat"))
    done_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("ditangani"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengingat masa berlaku")
        verbose_name_plural = _("pengingat masa berlaku")
        ordering = ["ends_on", "agreement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "ends_on", "days_before"], name="funding_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} H-{self.days_before}"


class SponsorshipKind(models.TextChoices):
    MONEY = rules.SponsorshipKind.MONEY.value, _("Dana")
    SEATS = rules.SponsorshipKind.SEATS.value, _("Kursi pelatihan")
    TRAINER = rules.SponsorshipKind.TRAINER.value, _("Pengajar / narasumber")
    VENUE = rules.SponsorshipKind.VENUE.value, _("Tempat")


class Sponsorship(models.Model):
    """What a partner gives for training in a fiscal year: money, seats in a program, trainers
    or a venue; pledged (dijanjikan) and realised (terealisasi), valued in whole Rupiah."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="sponsorships")
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("dasar perjanjian"),
    )
    program = models.ForeignKey(
        "learning.TrainingProgram",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("program pelatihan"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kind = models.CharField(_("bentuk"), max_length=8, choices=SponsorshipKind.choices)
    description = models.CharField(_("uraian"), max_length=255, blank=True)
    pledged_value = models.PositiveBigIntegerField(_("nilai dijanjikan (Rp)"), default=0)
    realised_value = models.PositiveBigIntegerField(_("nilai terealisasi (Rp)"), default=0)
    pledged_seats = models.PositiveIntegerField(_("kursi dijanjikan"), default=0)
    realised_seats = models.PositiveIntegerField(_("kursi terealisasi"), default=0)
    is_cancelled = models.BooleanField(_("dibatalkan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sponsor pelatihan")
        verbose_name_plural = _("sponsor pelatihan")
        ordering = ["-fiscal_year", "partner"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=rules.SponsorshipKind.MONEY.value)
                | Q(kind=rules.SponsorshipKind.TRAINER.value)
                | Q(kind=rules.SponsorshipKind.VENUE.value)
                | Q(program__isnull=False),
                name="funding_seats_need_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.get_kind_display()} {self.fiscal_year}"


class AllocationFunding(models.Model):
    """Where a seat-allocation run's budget came from: the available funds of the chosen
    budget lines and money sponsorships at the time it was created."""

    run = models.OneToOneField(
        "learning.AllocationRun", on_delete=models.CASCADE, related_name="funding"
    )
    lines = models.ManyToManyField(BudgetLine, related_name="+", blank=True)
    sponsorships = models.ManyToManyField(Sponsorship, related_name="+", blank=True)
    breakdown = models.JSONField(default=dict)
    total = models.PositiveBigIntegerField(_("dana tersedia (Rp)"))

    class Meta:
        verbose_name = _("sumber dana alokasi")
        verbose_name_plural = _("sumber dana alokasi")

    def __str__(self) -> str:
        return f"{self.run_id}: {self.total}"
