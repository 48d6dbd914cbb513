"""Talent management: potential scores, the talent map (kotak talenta) per appraisal period.

PermenPANRB 3/2020 (amended by 20/2025); the regulation itself lives in
:mod:`penata.talent.rules`. Writes go through :mod:`penata.talent.services` (audited); the map
is computed set-based by :func:`penata.talent.services.talent_map_compute`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from penata.core.models import ImportUpload
from penata.talent import rules


class PotentialLevel(models.TextChoices):
    TINGGI = rules.PotentialLevel.TINGGI.value, _("Tinggi")
    MENENGAH = rules.PotentialLevel.MENENGAH.value, _("Menengah")
    RENDAH = rules.PotentialLevel.RENDAH.value, _("Rendah")


class PerformanceLevel(models.TextChoices):
    DI_ATAS = rules.PerformanceLevel.DI_ATAS.value, _("Di atas ekspektasi")
    SESUAI = rules.PerformanceLevel.SESUAI.value, _("Sesuai ekspektasi")
    DI_BAWAH = rules.PerformanceLevel.DI_BAWAH.value, _("Di bawah ekspektasi")


_SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class TalentSettings(models.Model):
    """The institution's choices for the potential score (one row): the weights of competency
    assessment, potential test and track record (percent, summing to 100) and the cut-offs of
    tinggi and menengah on 0–100. ``docs/regulations.md``: configurable per institution
    (public implementations use 90/78 or 85/70)."""

    weight_competency = models.DecimalField(
        _("bobot asesmen kompetensi (%)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    weight_potential_test = models.DecimalField(
        _("bobot tes potensi (%)"), max_digits=5, decimal_places=2, default=Decimal(30)
    )
    weight_track_record = models.DecimalField(
        _("bobot rekam jejak (%)"), max_digits=5, decimal_places=2, default=Decimal(20)
    )
    cut_high = models.DecimalField(
        _("batas potensial tinggi"), max_digits=5, decimal_places=2, default=Decimal(85)
    )
    cut_mid = models.DecimalField(
        _("batas potensial menengah"), max_digits=5, decimal_places=2, default=Decimal(70)
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan talenta")
        verbose_name_plural = _("pengaturan talenta")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cut_mid__lt=models.F("cut_high")),
                name="talent_settings_cuts_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Pengaturan talenta"))

    @classmethod
    def current(cls) -> TalentSettings:
        obj = cls.objects.order_by("pk").first()
        return obj if obj is not None else cls.objects.create()

    @property
    def weights(self) -> rules.PotentialWeights:
        return rules.PotentialWeights(
            competency=self.weight_competency,
            potential_test=self.weight_potential_test,
            track_record=self.weight_track_record,
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "weight_competency": str(self.weight_competency),
            "weight_potential_test": str(self.weight_potential_test),
            "weight_track_record": str(self.weight_track_record),
            "cut_high": str(self.cut_high),
            "cut_mid": str(self.cut_mid),
        }


class PotentialScore(models.Model):
    """An employee's potential measured on a date: the three part scores, the weighted score and
    level with the weights and cut-offs that produced them. The latest (``is_current``) counts
    in the talent map; older ones stay as history."""

    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="potential_scores",
    )
    assessed_on = models.DateField(_("tanggal penilaian"))
    competency_score = models.DecimalField(
        _("nilai asesmen kompetensi"), max_digits=5, decimal_places=2, validators=_SCORE
    )
    potential_test_score = models.DecimalField(
        _("nilai tes potensi"), max_digits=5, decimal_places=2, validators=_SCORE
    )
    track_record_score = models.DecimalField(
        _("nilai rekam jejak"), max_digits=5, decimal_places=2, validators=_SCORE
    )
    score = models.DecimalField(_("nilai potensial"), max_digits=5, decimal_places=2)
    level = models.CharField(_("potensial"), max_length=10, choices=PotentialLevel.choices)
    weights = models.JSONField(_("bobot dan batas yang dipakai"), default=dict)
    is_current = models.BooleanField(_("berlaku"), default=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("nilai potensial")
        verbose_name_plural = _("nilai potensial")
        ordering = ["employee", "-assessed_on"]
        indexes = [
            models.Index(fields=["employee", "is_current"], name="talent_potential_current"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "assessed_on"], name="talent_potential_one_per_day"
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(is_current=True),
                name="talent_potential_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="talent_potential_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.assessed_on} {self.score}"


class PotentialUpload(ImportUpload):
    """An uploaded file of potential scores, checked then imported."""

    file = models.FileField(upload_to="imports/potential/%Y/%m/")

    class Meta(ImportUpload.Meta):
        verbose_name = _("unggahan nilai potensial")
        verbose_name_plural = _("unggahan nilai potensial")


class BoxRecommendation(models.Model):
    """The development recommendation for a talent box (PermenPANRB 3/2020), as data."""

    box = models.PositiveSmallIntegerField(
        _("kotak"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    title = models.CharField(_("nama kotak"), max_length=80)
    recommendation = models.TextField(_("rekomendasi"))

    class Meta:
        verbose_name = _("rekomendasi kotak talenta")
        verbose_name_plural = _("rekomendasi kotak talenta")
        ordering = ["-box"]

    def __str__(self) -> str:
        return f"{self.box}: {self.title}"


class TalentBox(models.Model):
    """An ASN's place on the talent map of an appraisal period: the final predikat of that
    period, the potential current when computed, and the box. Written set-based by
    :func:`penata.talent.services.talent_map_compute`; a recomputation replaces the period."""

    period = models.ForeignKey(
        "performance.AppraisalPeriod",
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="talent_boxes",
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="talent_boxes",
    )
    opd = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rank = models.ForeignKey(
        "workforce.Rank",
        verbose_name=_("golongan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position_kind = models.CharField(_("jenis jabatan"), max_length=16, blank=True)
    predikat = models.CharField(_("predikat"), max_length=16)
    performance_level = models.CharField(
        _("kinerja"), max_length=10, choices=PerformanceLevel.choices
    )
    potential_level = models.CharField(
        _("potensial"), max_length=10, choices=PotentialLevel.choices
    )
    potential_score = models.DecimalField(_("nilai potensial"), max_digits=5, decimal_places=2)
    box = models.PositiveSmallIntegerField(_("kotak"))
    computed_at = models.DateTimeField(_("dihitung"))

    class Meta:
        verbose_name = _("kotak talenta")
        verbose_name_plural = _("kotak talenta")
        ordering = ["period", "-box", "employee"]
        indexes = [
            models.Index(fields=["period", "box"], name="talent_box_period_box"),
            models.Index(fields=["period", "opd", "box"], name="talent_box_period_opd"),
            models.Index(fields=["employee", "period"], name="talent_box_employee"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee"], name="talent_box_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(box__gte=1, box__lte=9), name="talent_box_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.employee_id}: {self.box}"

    @property
    def in_pool(self) -> bool:
        return rules.in_talent_pool(self.box)


class TalentMapRun(models.Model):
    """One computation of a period's talent map: who started it, with which settings, the
    progress and the counts per box."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    period = models.ForeignKey(
        "performance.AppraisalPeriod",
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="talent_runs",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.ForeignKey(
        "core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settings = models.JSONField(_("pengaturan"), default=dict)
    counts = models.JSONField(_("jumlah per kotak"), default=dict)
    total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    missing_potential = models.PositiveIntegerField(_("tanpa nilai potensial"), default=0)
    started_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("perhitungan peta talenta")
        verbose_name_plural = _("perhitungan peta talenta")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period_id} {self.status}"


# --- promotion ranking for a vacancy ---------------------------------------------------------


class DisciplinarySanction(models.Model):
    """A disciplinary sanction (hukuman disiplin, PP 94/2021) in force from ``starts_on`` to
    ``ends_on``; an active one excludes the employee from promotion when the vacancy says so."""

    class Level(models.TextChoices):
        RINGAN = "ringan", _("Ringan")
        SEDANG = "sedang", _("Sedang")
        BERAT = "berat", _("Berat")

    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="sanctions",
    )
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"))
    reference = models.CharField(_("nomor keputusan"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="talent_sanction_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.level} {self.starts_on}–{self.ends_on}"


def _w(default: int, label: Any) -> Any:
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default))


class Vacancy(models.Model):
    """A vacant position to fill by promotion, with its eligibility rules and merit weights
    (data set per vacancy by BKPP) and, once ranked, the rules and weights used."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        RANKED = "ranked", _("Diperingkat")
        DECIDED = "decided", _("Diputuskan")

    position = models.ForeignKey(
        "workforce.Position",
        verbose_name=_("jabatan"),
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    title = models.CharField(_("judul"), max_length=200)
    as_of = models.DateField(_("tanggal acuan"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    min_rank = models.ForeignKey(
        "workforce.Rank",
        verbose_name=_("pangkat minimal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_education = models.ForeignKey(
        "workforce.EducationLevel",
        verbose_name=_("pendidikan minimal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_predikat = models.CharField(_("predikat minimal"), max_length=16, default="baik")
    predikat_years = models.PositiveSmallIntegerField(_("jumlah tahun predikat"), default=2)
    no_active_sanction = models.BooleanField(_("tanpa hukuman disiplin aktif"), default=True)
    min_years_in_rank = models.DecimalField(
        _("masa dalam pangkat minimal (tahun)"), max_digits=4, decimal_places=1, default=2
    )
    retire_within_months = models.PositiveSmallIntegerField(
        _("dikecualikan bila pensiun dalam (bulan)"), default=12
    )
    experience_full_years = models.PositiveSmallIntegerField(
        _("pengalaman penuh (tahun)"), default=10
    )
    w_performance = _w(30, _("bobot kinerja (%)"))
    w_potential = _w(25, _("bobot potensial (%)"))
    w_competency = _w(25, _("bobot kesesuaian kompetensi (%)"))
    w_training = _w(10, _("bobot JP pelatihan (%)"))
    w_experience = _w(10, _("bobot pengalaman (%)"))
    ranked_at = models.DateTimeField(_("diperingkat"), null=True, blank=True)
    used = models.JSONField(_("aturan dan bobot yang dipakai"), default=dict, blank=True)
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("lowongan jabatan")
        verbose_name_plural = _("lowongan jabatan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class RankingCandidate(models.Model):
    """One person's line in a vacancy's ranking: eligible with the parts of the merit score and
    the rank, or excluded with every rule that excluded them."""

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("lowongan"), on_delete=models.CASCADE, related_name="candidates"
    )
    employee = models.ForeignKey(
        "workforce.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    eligible = models.BooleanField(_("memenuhi syarat"))
    exclusions = models.JSONField(_("alasan tidak memenuhi syarat"), default=list)
    performance = models.DecimalField(_("kinerja"), max_digits=5, decimal_places=2, default=0)
    potential = models.DecimalField(_("potensial"), max_digits=5, decimal_places=2, default=0)
    competency = models.DecimalField(_("kompetensi"), max_digits=5, decimal_places=2, default=0)
    training = models.DecimalField(_("JP pelatihan"), max_digits=5, decimal_places=2, default=0)
    experience = models.DecimalField(_("pengalaman"), max_digits=5, decimal_places=2, default=0)
    merit = models.DecimalField(_("nilai merit"), max_digits=5, decimal_places=2, default=0)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    facts = models.JSONField(_("data yang dinilai"), default=dict)

    class Meta:
        verbose_name = _("kandidat")
        verbose_name_plural = _("kandidat")
        ordering = ["vacancy", "rank", "employee"]
        indexes = [models.Index(fields=["vacancy", "eligible", "rank"], name="talent_cand_rank")]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "employee"], name="talent_cand_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} {self.employee_id} {self.rank}"


class CommitteeDecision(models.Model):
    """The talent committee's (Baperjakat) decision on a vacancy: the chosen candidate and the
    reasons, with the ranking it was made on."""

    vacancy = models.OneToOneField(
        Vacancy, verbose_name=_("lowongan"), on_delete=models.CASCADE, related_name="decision"
    )
    employee = models.ForeignKey(
        "workforce.Employee", verbose_name=_("terpilih"), on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("alasan"))
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("diputuskan oleh")
    )
    decided_at = models.DateTimeField(_("diputuskan"), auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan tim penilai")
        verbose_name_plural = _("keputusan tim penilai")

    def __str__(self) -> str:
        return f"{self.vacancy_id} → {self.employee_id}"


# --- succession ------------------------------------------------------------------------------


class Readiness(models.TextChoices):
    READY_NOW = rules.Readiness.READY_NOW.value, _("Siap sekarang")
    ONE_TWO_YEARS = rules.Readiness.ONE_TWO_YEARS.value, _("Siap 1–2 tahun")
    THREE_PLUS = rules.Readiness.THREE_PLUS.value, _("Siap 3+ tahun")


class SuccessionSettings(models.Model):
    """The institution's succession choices (one row): the competency-match thresholds of
    readiness, how many successors are kept per key position, and how many ready-now successors
    make a position covered."""

    ready_now_match = models.DecimalField(
        _("kesesuaian kompetensi siap sekarang (%)"), max_digits=5, decimal_places=2, default=100
    )
    soon_match = models.DecimalField(
        _("kesesuaian kompetensi siap 1–2 tahun (%)"), max_digits=5, decimal_places=2, default=75
    )
    per_position = models.PositiveSmallIntegerField(_("kandidat per jabatan"), default=10)
    covered_min_ready = models.PositiveSmallIntegerField(
        _("minimal suksesor siap sekarang agar tertutup"), default=2
    )

    class Meta:
        verbose_name = _("pengaturan suksesi")
        verbose_name_plural = _("pengaturan suksesi")

    def __str__(self) -> str:
        return str(_("Pengaturan suksesi"))

    @classmethod
    def current(cls) -> SuccessionSettings:
        obj = cls.objects.order_by("pk").first()
        return obj if obj is not None else cls.objects.create()


class KeyPositionRequirement(models.Model):
    """What a successor to a key position must have (set by BKPP): minimum rank and education.
    The competency requirement is the position's competency standard (learning)."""

    position = models.OneToOneField(
        "workforce.Position",
        verbose_name=_("jabatan"),
        on_delete=models.CASCADE,
        related_name="succession_requirement",
    )
    min_rank = models.ForeignKey(
        "workforce.Rank", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_education = models.ForeignKey(
        "workforce.EducationLevel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("syarat suksesor jabatan kunci")
        verbose_name_plural = _("syarat suksesor jabatan kunci")

    def __str__(self) -> str:
        return str(self.position_id)


class SuccessionCandidate(models.Model):
    """A successor of a key position from the talent pool of ``period``, with readiness."""

    period = models.ForeignKey(
        "performance.AppraisalPeriod", on_delete=models.CASCADE, related_name="+"
    )
    position = models.ForeignKey(
        "workforce.Position", on_delete=models.CASCADE, related_name="successors"
    )
    employee = models.ForeignKey("workforce.Employee", on_delete=models.CASCADE, related_name="+")
    box = models.PositiveSmallIntegerField(_("kotak"))
    competency_match = models.DecimalField(
        _("kesesuaian kompetensi (%)"), max_digits=5, decimal_places=2
    )
    readiness = models.CharField(_("kesiapan"), max_length=14, choices=Readiness.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    computed_at = models.DateTimeField(_("dihitung"))

    class Meta:
        verbose_name = _("suksesor")
        verbose_name_plural = _("suksesor")
        ordering = ["position", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "position", "employee"], name="talent_successor_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_id} ← {self.employee_id}"


# --- open selection (seleksi terbuka JPT pratama) ---------------------------------------------


class OpenSelection(models.Model):
    """An open, competitive selection for a senior leadership post: the announcement with its
    requirements (data, with the rule cited in ``basis``), the stages and their weights, and
    once decided the PPK's (mayor's) choice and the publication."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pendaftaran dibuka")
        CLOSED = "closed", _("Pendaftaran ditutup")
        REPORTED = "reported", _("Tiga terbaik dilaporkan ke PPK")
        DECIDED = "decided", _("Diputuskan PPK")
        PUBLISHED = "published", _("Diumumkan")

    title = models.CharField(_("judul pengumuman"), max_length=200)
    position = models.ForeignKey(
        "workforce.Position",
        verbose_name=_("jabatan"),
        on_delete=models.PROTECT,
        related_name="open_selections",
    )
    announcement = models.TextField(_("isi pengumuman"), blank=True)
    opens_on = models.DateField(_("pendaftaran dibuka"))
    closes_on = models.DateField(_("pendaftaran ditutup"))
    age_on = models.DateField(_("tanggal acuan usia"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    min_rank = models.ForeignKey(
        "workforce.Rank",
        verbose_name=_("pangkat minimal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_education = models.ForeignKey(
        "workforce.EducationLevel",
        verbose_name=_("pendidikan minimal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_experience_years = models.DecimalField(
        _("pengalaman jabatan terkait minimal (tahun)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    max_age = models.PositiveSmallIntegerField(_("usia maksimal (tahun)"), null=True, blank=True)
    min_competency = models.DecimalField(
        _("nilai kompetensi minimal (0–100)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_SCORE,
    )
    basis = models.TextField(_("dasar syarat"), blank=True)
    used = models.JSONField(_("syarat dan bobot yang dipakai"), default=dict, blank=True)
    chosen = models.ForeignKey(
        "talent.SelectionApplicant",
        verbose_name=_("pilihan PPK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    choice_reasons = models.TextField(_("alasan pilihan PPK"), blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    reported_at = models.DateTimeField(_("dilaporkan ke PPK"), null=True, blank=True)
    published_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("seleksi terbuka")
        verbose_name_plural = _("seleksi terbuka")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SelectionStage(models.Model):
    """A scored stage of a selection with its weight (percent; the selection's weights sum to
    100). Closed: the members' scores are final and visible to every member and to BKPP."""

    selection = models.ForeignKey(
        OpenSelection, on_delete=models.CASCADE, related_name="stages", verbose_name=_("seleksi")
    )
    kind = models.CharField(
        _("tahap"),
        max_length=12,
        choices=[
            ("assessment", _("Asesmen kompetensi")),
            ("paper", _("Penulisan makalah")),
            ("interview", _("Wawancara")),
        ],
    )
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("tahap seleksi")
        verbose_name_plural = _("tahap seleksi")
        ordering = ["selection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "kind"], name="talent_stage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.selection_id} {self.kind}"


class PanelMember(models.Model):
    """A member of a selection's panel (panitia seleksi): an account that scores applicants."""

    selection = models.ForeignKey(
        OpenSelection, on_delete=models.CASCADE, related_name="panel", verbose_name=_("seleksi")
    )
    user = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="panel_seats", verbose_name=_("akun")
    )
    role_note = models.CharField(_("unsur"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("anggota panitia seleksi")
        verbose_name_plural = _("anggota panitia seleksi")
        constraints = [
            models.UniqueConstraint(fields=["selection", "user"], name="talent_panel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.selection_id} {self.user_id}"


class SelectionApplicant(models.Model):
    """An application: an ASN of the city (``employee``, applying from their own account) or an
    applicant from another agency entered by BKPP. The facts checked are kept as submitted."""

    selection = models.ForeignKey(
        OpenSelection,
        on_delete=models.CASCADE,
        related_name="applicants",
        verbose_name=_("seleksi"),
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external = models.BooleanField(_("dari instansi lain"), default=False)
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200)
    gender = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    agency = models.CharField(_("instansi/OPD"), max_length=200)
    current_position = models.CharField(_("jabatan saat ini"), max_length=200, blank=True)
    rank = models.ForeignKey(
        "workforce.Rank",
        verbose_name=_("pangkat/golongan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    education = models.ForeignKey(
        "workforce.EducationLevel",
        verbose_name=_("pendidikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    experience_years = models.DecimalField(
        _("pengalaman jabatan terkait (tahun)"), max_digits=4, decimal_places=1, null=True
    )
    competency_score = models.DecimalField(
        _("nilai kompetensi"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_SCORE,
    )
    admin_checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    admin_failures = models.JSONField(_("syarat yang tidak dipenuhi"), default=list, blank=True)
    admin_override = models.BooleanField(_("keputusan BKPP mengubah hasil"), default=False)
    admin_override_reason = models.TextField(_("alasan keputusan BKPP"), blank=True)
    admin_passed = models.BooleanField(_("lolos administrasi"), null=True)
    stage_scores = models.JSONField(_("nilai per tahap"), default=dict, blank=True)
    final_score = models.DecimalField(
        _("nilai akhir"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rank_position = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    applied_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(_("melamar"), auto_now_add=True)

    class Meta:
        verbose_name = _("pelamar seleksi terbuka")
        verbose_name_plural = _("pelamar seleksi terbuka")
        ordering = ["selection", "rank_position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "nip"], name="talent_applicant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.selection_id})"


class PanelScore(models.Model):
    """One panel member's score (0–100) of one applicant in one stage."""

    stage = models.ForeignKey(
        SelectionStage, on_delete=models.CASCADE, related_name="scores", verbose_name=_("tahap")
    )
    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="scores", verbose_name=_("anggota")
    )
    applicant = models.ForeignKey(
        SelectionApplicant,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("pelamar"),
    )
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, validators=_SCORE)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("nilai anggota panitia")
        verbose_name_plural = _("nilai anggota panitia")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "member", "applicant"], name="talent_panel_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage_id} {self.member_id} {self.applicant_id} {self.score}"
