"""Workload analysis (ABK, PermenPANRB 1/2020), formation needs and redistribution proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from penata.core.models import ImportUpload
from penata.workforce.models import EducationLevel, Employee, OrgUnit, Position, Rank


class PlanningSettings(models.Model):
    """The institution's planning settings (one row, editable by an administrator).

    Effective working time 1,250 h/year (PermenPANRB 1/2020); personnel spending cap 30% of the
    regional budget (UU 1/2022). Budget figures are DEMO values until BKPP enters the APBD."""

    effective_minutes = models.PositiveIntegerField(_("waktu kerja efektif (menit/tahun)"))
    personnel_cap_percent = models.DecimalField(
        _("batas belanja pegawai (% APBD)"), max_digits=5, decimal_places=2
    )
    regional_budget = models.DecimalField(_("APBD (Rp/tahun)"), max_digits=18, decimal_places=0)
    other_personnel_cost = models.DecimalField(
        _("belanja pegawai lain (Rp/tahun)"), max_digits=18, decimal_places=0, default=0
    )
    budget_is_demo = models.BooleanField(_("angka anggaran contoh (demo)"), default=True)
    min_years_to_retirement = models.DecimalField(
        _("tidak dipindah bila pensiun dalam (tahun)"), max_digits=4, decimal_places=1
    )

    class Meta:
        verbose_name = _("pengaturan perencanaan")
        verbose_name_plural = _("pengaturan perencanaan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_minutes__gt=0), name="planning_effective_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_minutes} menit"


class EfficiencyBand(models.Model):
    """Job-efficiency band (PermenPANRB 1/2020; configurable): EJ ≥ lower (> when strict)."""

    code = models.CharField(_("kode"), max_length=2, unique=True)
    label = models.CharField(_("keterangan"), max_length=60)
    lower = models.DecimalField(_("batas bawah"), max_digits=4, decimal_places=2)
    strict = models.BooleanField(_("lebih dari (bukan ≥)"), default=False)

    class Meta:
        verbose_name = _("kategori efisiensi jabatan")
        verbose_name_plural = _("kategori efisiensi jabatan")
        ordering = ["-lower"]

    def __str__(self) -> str:
        return f"{self.code} ({self.label})"


class SalaryScale(models.Model):
    """Monthly base salary per golongan/grade (PP on gaji PNS/PPPK; DEMO values flagged)."""

    rank = models.OneToOneField(Rank, on_delete=models.CASCADE, related_name="+")
    monthly = models.DecimalField(_("gaji pokok per bulan"), max_digits=12, decimal_places=0)
    is_demo = models.BooleanField(_("angka contoh"), default=True)

    class Meta:
        verbose_name = _("tabel gaji")
        verbose_name_plural = _("tabel gaji")

    def __str__(self) -> str:
        return f"{self.rank_id}: {self.monthly}"


class AllowanceScale(models.Model):
    """Monthly allowance (TPP) per kelas jabatan, decided by the city (DEMO values flagged)."""

    class_grade = models.PositiveSmallIntegerField(_("kelas jabatan"), unique=True)
    monthly = models.DecimalField(_("tunjangan per bulan"), max_digits=12, decimal_places=0)
    is_demo = models.BooleanField(_("angka contoh"), default=True)

    class Meta:
        verbose_name = _("tabel tunjangan")
        verbose_name_plural = _("tabel tunjangan")
        ordering = ["class_grade"]

    def __str__(self) -> str:
        return f"{self.class_grade}: {self.monthly}"


class JobProfile(models.Model):
    """Analisis jabatan: the qualification requirements of a position."""

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="job_profile")
    min_rank = models.ForeignKey(
        Rank,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("golongan terendah"),
    )
    max_rank = models.ForeignKey(
        Rank,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("golongan tertinggi"),
    )
    min_education = models.ForeignKey(
        EducationLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pendidikan minimal"),
    )
    qualification = models.TextField(_("syarat jabatan"), blank=True)

    class Meta:
        verbose_name = _("analisis jabatan")
        verbose_name_plural = _("analisis jabatan")

    def __str__(self) -> str:
        return str(self.position_id)


class JobTask(models.Model):
    """Uraian tugas of a position: output unit, yearly volume, norma waktu (minutes/unit)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="job_tasks")
    name = models.CharField(_("uraian tugas"), max_length=300)
    output_unit = models.CharField(_("satuan hasil"), max_length=60)
    volume = models.DecimalField(_("volume per tahun"), max_digits=12, decimal_places=2)
    minutes = models.DecimalField(_("norma waktu (menit)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("uraian tugas")
        verbose_name_plural = _("uraian tugas")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["position", "name"], name="planning_task_unique"),
            models.CheckConstraint(condition=models.Q(volume__gte=0), name="planning_volume_ge0"),
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="planning_minutes_gt0"),
        ]

    def __str__(self) -> str:
        return self.name


class AnalysisRun(models.Model):
    """One computation of the workload analysis for the whole city (its results below)."""

    created_at = models.DateTimeField(_("dihitung"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    effective_minutes = models.PositiveIntegerField(_("waktu kerja efektif (menit)"))
    positions = models.PositiveIntegerField(default=0)
    needed = models.PositiveIntegerField(_("kebutuhan"), default=0)
    in_post = models.PositiveIntegerField(_("bezetting"), default=0)
    formasi = models.PositiveIntegerField(_("formasi"), default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("perhitungan ABK")
        verbose_name_plural = _("perhitungan ABK")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"ABK {self.created_at:%Y-%m-%d %H:%M}"


class PositionLoad(models.Model):
    """The ABK result of one position in one run."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="loads")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    opd = models.ForeignKey(OrgUnit, null=True, on_delete=models.CASCADE, related_name="+")
    workload_minutes = models.FloatField(_("beban kerja (menit)"))
    needed_exact = models.FloatField(_("kebutuhan (pecahan)"))
    needed = models.PositiveIntegerField(_("kebutuhan"))
    in_post = models.PositiveIntegerField(_("bezetting"))
    formasi = models.PositiveIntegerField(_("formasi"))
    efficiency = models.FloatField(_("EJ"), null=True)
    band = models.CharField(_("kategori"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("hasil ABK jabatan")
        verbose_name_plural = _("hasil ABK jabatan")
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="planning_load_unique"),
        ]
        indexes = [models.Index(fields=["run", "opd"], name="planning_load_run_opd")]

    def __str__(self) -> str:
        return f"{self.position_id}: {self.needed}/{self.in_post}"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    APPLIED = "applied", _("Disetujui dan diterapkan")
    REJECTED = "rejected", _("Ditolak")


class Proposal(models.Model):
    """A redistribution proposal: moves from surplus to shortage positions."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("judul"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stats = models.JSONField(_("hasil solver"), default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("usulan redistribusi")
        verbose_name_plural = _("usulan redistribusi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Move(models.Model):
    """One proposed move of an employee, with the reasons it was proposed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="moves")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    from_position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    to_position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(_("alasan"), default=list)
    preference = models.PositiveSmallIntegerField(default=0)
    excluded = models.BooleanField(_("dikeluarkan dari usulan"), default=False)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("usulan mutasi")
        verbose_name_plural = _("usulan mutasi")
        ordering = ["proposal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "employee"], name="planning_move_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.from_position_id} → {self.to_position_id}"


class AbkUpload(ImportUpload):
    """An uploaded file of job analysis tasks, checked then imported."""

    file = models.FileField(upload_to="imports/abk/%Y/%m/")

    class Meta(ImportUpload.Meta):
        verbose_name = _("unggahan uraian tugas")
        verbose_name_plural = _("unggahan uraian tugas")
