"""Competency development: the dictionary and standards, assessments, training programs and
sessions, enrolments, the JP ledger and seat allocation under budget.

PermenPANRB 38/2017 (competency dictionary and standards), PP 11/2017 art. 203 as amended by
PP 17/2020 (20 JP a year), PerLAN 10/2018 (klasikal and nonklasikal development). The rules are
in :mod:`penata.learning.rules`; every write goes through :mod:`penata.learning.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penata.core.models import ImportUpload
from penata.learning import rules


class CompetencyKind(models.TextChoices):
    MANAJERIAL = rules.CompetencyKind.MANAJERIAL.value, _("Manajerial")
    SOSIAL_KULTURAL = rules.CompetencyKind.SOSIAL_KULTURAL.value, _("Sosial kultural")
    TEKNIS = rules.CompetencyKind.TEKNIS.value, _("Teknis")


class Mode(models.TextChoices):
    KLASIKAL = rules.Mode.KLASIKAL.value, _("Klasikal")
    NONKLASIKAL = rules.Mode.NONKLASIKAL.value, _("Nonklasikal")


class EnrolmentStatus(models.TextChoices):
    NOMINATED = rules.EnrolmentStatus.NOMINATED.value, _("Diusulkan OPD")
    REGISTERED = rules.EnrolmentStatus.REGISTERED.value, _("Mendaftar sendiri")
    APPROVED = rules.EnrolmentStatus.APPROVED.value, _("Disetujui")
    REJECTED = rules.EnrolmentStatus.REJECTED.value, _("Ditolak")
    CANCELLED = rules.EnrolmentStatus.CANCELLED.value, _("Dibatalkan")
    ATTENDED = rules.EnrolmentStatus.ATTENDED.value, _("Hadir")
    COMPLETED = rules.EnrolmentStatus.COMPLETED.value, _("Lulus")
    NOT_COMPLETED = rules.EnrolmentStatus.NOT_COMPLETED.value, _("Tidak selesai")


LEVEL_RANGE = Q(level__gte=1, level__lte=5)


class LearningSettings(models.Model):
    """The institution's settings for competency development (one row, id 1)."""

    jp_target = models.PositiveSmallIntegerField(
        _("target JP per tahun"),
        default=rules.DEFAULT_JP_TARGET,
        help_text=_("PP 11/2017 pasal 203 ayat (4) jo. PP 17/2020: paling sedikit 20 JP."),
    )
    default_pass_score = models.PositiveSmallIntegerField(
        _("nilai lulus post-test bawaan"), default=70
    )
    raise_level_on_pass = models.BooleanField(
        _("lulus post-test menaikkan level kompetensi"),
        default=True,
        help_text=_(
            "Bila aktif, lulus pelatihan dengan post-test di atas nilai lulus mencatat asesmen "
            "baru pada level target program (sumber: pelatihan)."
        ),
    )
    assessment_valid_years = models.PositiveSmallIntegerField(
        _("masa berlaku asesmen (tahun)"), default=3
    )

    class Meta:
        verbose_name = _("pengaturan pengembangan kompetensi")
        verbose_name_plural = _("pengaturan pengembangan kompetensi")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> LearningSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Competency(models.Model):
    """A competency of the dictionary (PermenPANRB 38/2017): manajerial, sosial kultural or
    teknis. Teknis competencies are the institution's own and are data."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=16, choices=CompetencyKind.choices)
    area = models.CharField(
        _("rumpun"),
        max_length=60,
        blank=True,
        help_text=_("Kelompok untuk laporan dan pendanaan, misalnya Digital, Manajerial."),
    )
    description = models.TextField(_("uraian"), blank=True)
    is_digital = models.BooleanField(_("kompetensi digital"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(models.Model):
    """The description of one level (1–5) of a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("uraian"))

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="learning_level_unique"),
            models.CheckConstraint(condition=LEVEL_RANGE, name="learning_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.level}"


class CompetencyStandard(models.Model):
    """The level a position requires of a competency (standar kompetensi jabatan)."""

    position = models.ForeignKey(
        "workforce.Position", on_delete=models.CASCADE, related_name="competency_standards"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level dipersyaratkan"))

    class Meta:
        verbose_name = _("standar kompetensi")
        verbose_name_plural = _("standar kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="learning_standard_unique"
            ),
            models.CheckConstraint(condition=LEVEL_RANGE, name="learning_standard_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.position_id} {self.competency_id} {self.level}"


class AssessmentSource(models.TextChoices):
    ASSESSMENT_CENTRE = "assessment_centre", _("Assessment center")
    UJI_KOMPETENSI = "uji_kompetensi", _("Uji kompetensi")
    SUPERVISOR = "supervisor", _("Penilaian atasan")
    TRAINING = "training", _("Lulus pelatihan")


class Assessment(models.Model):
    """An assessed level of one competency of one employee. The latest valid one counts
    (:func:`penata.learning.rules.latest_valid`); older ones stay as history."""

    employee = models.ForeignKey(
        "workforce.Employee", on_delete=models.CASCADE, related_name="assessments"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    source = models.CharField(_("sumber"), max_length=20, choices=AssessmentSource.choices)
    assessed_on = models.DateField(_("tanggal asesmen"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    revoked = models.BooleanField(_("dibatalkan"), default=False)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("hasil asesmen")
        verbose_name_plural = _("hasil asesmen")
        ordering = ["employee", "competency", "-assessed_on", "-id"]
        indexes = [
            models.Index(
                fields=["employee", "competency", "assessed_on"], name="learning_assess_latest"
            )
        ]
        constraints = [
            models.CheckConstraint(condition=LEVEL_RANGE, name="learning_assessment_level_1_5"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("assessed_on")),
                name="learning_assessment_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.competency_id} {self.level} ({self.assessed_on})"


class AssessmentUpload(ImportUpload):
    """An uploaded file of assessment results, checked then imported."""

    file = models.FileField(upload_to="imports/assessments/%Y/%m/")

    class Meta(ImportUpload.Meta):
        verbose_name = _("unggahan hasil asesmen")
        verbose_name_plural = _("unggahan hasil asesmen")


class ActivityType(models.Model):
    """A kind of development activity (PerLAN 10/2018): klasikal or nonklasikal, with an optional
    cap on the JP it may add to a person's year. Data, editable by an administrator."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    mode = models.CharField(_("jalur"), max_length=12, choices=Mode.choices)
    default_jp = models.PositiveSmallIntegerField(_("JP bawaan"), default=0)
    max_jp_per_year = models.PositiveSmallIntegerField(
        _("JP maksimal per tahun"), null=True, blank=True
    )
    citation = models.CharField(_("dasar"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jenis kegiatan pengembangan")
        verbose_name_plural = _("jenis kegiatan pengembangan")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.TextChoices):
    BKPP = "bkpp", _("BKPP Kota Semarang")
    LAN = "lan", _("LAN / BPSDM")
    UNIVERSITY = "university", _("Perguruan tinggi")
    PRIVATE = "private", _("Mitra swasta")
    OTHER = "other", _("Lainnya")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD")
    SPONSOR = "sponsor", _("Sponsor / mitra")
    FREE = "free", _("Tanpa biaya")
    SELF = "self", _("Mandiri")


class TrainingProgram(models.Model):
    """A training program (pelatihan): what it teaches, its JP, mode, provider and cost."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="programs", verbose_name=_("jenis")
    )
    jp = models.PositiveSmallIntegerField(_("JP"))
    provider_kind = models.CharField(
        _("penyelenggara"), max_length=12, choices=ProviderKind.choices
    )
    provider_name = models.CharField(_("nama penyelenggara"), max_length=200, blank=True)
    cost_per_participant = models.PositiveBigIntegerField(_("biaya per peserta (Rp)"), default=0)
    funding_source = models.CharField(
        _("sumber dana"), max_length=10, choices=FundingSource.choices, default=FundingSource.APBD
    )
    pass_score = models.PositiveSmallIntegerField(_("nilai lulus post-test"), default=70)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gte=1, jp__lte=1000), name="learning_jp_range"),
            models.CheckConstraint(
                condition=Q(pass_score__lte=100), name="learning_pass_score_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def mode(self) -> str:
        return self.activity_type.mode


class ProgramCompetency(models.Model):
    """A competency a program develops, and the level it brings a participant to."""

    program = models.ForeignKey(
        TrainingProgram, on_delete=models.CASCADE, related_name="competencies"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    target_level = models.PositiveSmallIntegerField(_("level target"))

    class Meta:
        verbose_name = _("kompetensi program")
        verbose_name_plural = _("kompetensi program")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "competency"], name="learning_program_comp_unique"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=5),
                name="learning_program_target_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.competency_id} → {self.target_level}"


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Pendaftaran dibuka")
    CLOSED = "closed", _("Pendaftaran ditutup")
    CANCELLED = "cancelled", _("Dibatalkan")


class TrainingSession(models.Model):
    """One run (angkatan) of a program: dates, place or online, capacity."""

    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="sessions")
    code = models.SlugField(_("kode angkatan"), max_length=60, unique=True)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    is_online = models.BooleanField(_("daring"), default=False)
    location = models.CharField(_("tempat / tautan"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("angkatan pelatihan")
        verbose_name_plural = _("angkatan pelatihan")
        ordering = ["starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="learning_session_dates"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="learning_session_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.program} ({self.code})"


class Enrolment(models.Model):
    """An employee's place in a session, through nomination or self-registration, approval,
    attendance and completion (:data:`penata.learning.rules.TRANSITIONS`).

    ``version`` is the optimistic lock; ``certificate_code`` is set on completion and can be
    verified on the public page. ``jp`` is copied on completion so the ledger does not change if
    the program is edited later.
    """

    class Origin(models.TextChoices):
        NOMINATED = "nominated", _("Diusulkan")
        SELF = "self", _("Mendaftar sendiri")
        ALLOCATION = "allocation", _("Alokasi kursi")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="enrolments"
    )
    employee = models.ForeignKey(
        "workforce.Employee", on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=16, choices=EnrolmentStatus.choices)
    origin = models.CharField(_("asal"), max_length=12, choices=Origin.choices)
    requested_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    pre_test = models.DecimalField(
        _("pre-test"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    post_test = models.DecimalField(
        _("post-test"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(
        _("nilai akhir"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    jp = models.PositiveSmallIntegerField(_("JP diakui"), default=0)
    certificate_code = models.CharField(
        _("kode verifikasi sertifikat"), max_length=20, null=True, blank=True, unique=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"], name="learning_enrolment_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in rules.EnrolmentStatus]),
                name="learning_enrolment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "status"], name="learning_enrol_emp_status"),
            models.Index(fields=["session", "status"], name="learning_enrol_sess_status"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.session_id} ({self.status})"


class Attendance(models.Model):
    """Attendance of an enrolled participant on one day of the session."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"), default=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="learning_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day} {self.present}"


class Evaluation(models.Model):
    """A participant's reaction survey of a session (Kirkpatrick level 1), 1–5 per item."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="evaluation")
    relevance = models.PositiveSmallIntegerField(_("relevansi materi dengan pekerjaan"))
    material = models.PositiveSmallIntegerField(_("kualitas materi"))
    trainer = models.PositiveSmallIntegerField(_("pengajar"))
    organisation = models.PositiveSmallIntegerField(_("penyelenggaraan dan sarana"))
    overall = models.PositiveSmallIntegerField(_("kepuasan keseluruhan"))
    comment = models.TextField(_("saran"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    ITEMS = ("relevance", "material", "trainer", "organisation", "overall")

    class Meta:
        verbose_name = _("evaluasi peserta")
        verbose_name_plural = _("evaluasi peserta")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    relevance__gte=1,
                    relevance__lte=5,
                    material__gte=1,
                    material__lte=5,
                    trainer__gte=1,
                    trainer__lte=5,
                    organisation__gte=1,
                    organisation__lte=5,
                    overall__gte=1,
                    overall__lte=5,
                ),
                name="learning_evaluation_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}"


class CertificateStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


class ExternalCertificate(models.Model):
    """A certificate from outside Penata (a course, a seminar, e-learning) uploaded by the ASN and
    verified by BKPP; once verified its JP enter the ledger."""

    employee = models.ForeignKey(
        "workforce.Employee", on_delete=models.CASCADE, related_name="external_certificates"
    )
    title = models.CharField(_("nama kegiatan"), max_length=200)
    issuer = models.CharField(_("penyelenggara"), max_length=200)
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="+")
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jp = models.PositiveSmallIntegerField(_("JP"))
    completed_on = models.DateField(_("tanggal selesai"))
    file = models.FileField(_("berkas sertifikat"), upload_to="certificates/%Y/%m/")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat eksternal")
        verbose_name_plural = _("sertifikat eksternal")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jp__gte=1, jp__lte=200), name="learning_external_jp_range"
            )
        ]

    def __str__(self) -> str:
        return self.title


class LedgerSource(models.TextChoices):
    ENROLMENT = "enrolment", _("Pelatihan Penata")
    EXTERNAL = "external", _("Sertifikat eksternal")
    PRACTICE = "practice", _("Praktik baik")


class LedgerEntry(models.Model):
    """One line of the JP ledger: a completed activity adds its JP to the person's year (the
    calendar year of ``completed_on``). Written by the services only, once per source."""

    employee = models.ForeignKey(
        "workforce.Employee", on_delete=models.CASCADE, related_name="jp_ledger"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    completed_on = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("sumber"), max_length=12, choices=LedgerSource.choices)
    source_id = models.PositiveBigIntegerField()
    title = models.CharField(_("kegiatan"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan JP")
        verbose_name_plural = _("catatan JP")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="learning_ledger_once"),
            models.CheckConstraint(condition=Q(jp__gte=1), name="learning_ledger_jp_positive"),
        ]
        indexes = [models.Index(fields=["year", "employee"], name="learning_ledger_year_emp")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year} {self.jp} JP"


class AllocationRun(models.Model):
    """A seat-allocation proposal: who to enrol in which sessions under a budget, solved as an
    integer program (or by the heuristic when the exact solve would be too slow). Stores the
    inputs, weights, objective and bound so the decision can be explained and re-checked."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Sedang dihitung")
        PROPOSED = "proposed", _("Usulan")
        APPLIED = "applied", _("Sudah dijadikan peserta")
        DISCARDED = "discarded", _("Dibuang")
        FAILED = "failed", _("Gagal")

    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    budget = models.PositiveBigIntegerField(_("anggaran (Rp)"))
    sessions = models.ManyToManyField(TrainingSession, related_name="+")
    weights = models.JSONField(_("bobot"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    method = models.CharField(_("metode"), max_length=20, blank=True)
    objective = models.FloatField(_("nilai tujuan"), null=True, blank=True)
    bound = models.FloatField(_("batas atas terbukti"), null=True, blank=True)
    gap = models.FloatField(_("celah optimalitas"), null=True, blank=True)
    cost = models.PositiveBigIntegerField(_("biaya (Rp)"), default=0)
    seconds = models.FloatField(_("waktu hitung (detik)"), null=True, blank=True)
    candidates = models.PositiveIntegerField(_("calon"), default=0)
    stats = models.JSONField(default=dict, blank=True)
    progress = models.ForeignKey(
        "core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alokasi kursi")
        verbose_name_plural = _("alokasi kursi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Alokasi {self.pk} ({self.year})"


class AllocationChoice(models.Model):
    """One chosen (employee, session) pair of a run, with why: the gap it closes and the JP
    shortfall it covers, weighted."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="choices")
    employee = models.ForeignKey("workforce.Employee", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(_("nilai"))
    gap_closed = models.PositiveSmallIntegerField(_("kesenjangan tertutup"), default=0)
    jp_covered = models.PositiveSmallIntegerField(_("kekurangan JP tertutup"), default=0)
    reason = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("pilihan alokasi")
        verbose_name_plural = _("pilihan alokasi")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "employee", "session"], name="learning_choice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.employee_id} → {self.session_id}"
