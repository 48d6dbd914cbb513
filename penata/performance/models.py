"""Performance management: appraisal periods, SKP appraisals, their ratings and the unit predikat.

PermenPANRB 6/2022 (the SKP and the predikat matrix) and SE MenPANRB 3/2023 (the distribution
curve); the regulation itself lives in :mod:`penata.performance.rules`. Writes go through
:mod:`penata.performance.services`, which audits every transition.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from penata.core.models import ImportUpload
from penata.performance import rules


def _choices(
    enum: type[rules.Rating | rules.Predikat | rules.UnitPredikat | rules.BehaviourValue],
) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


RATING_CHOICES = _choices(rules.Rating)
PREDIKAT_CHOICES = _choices(rules.Predikat)
UNIT_PREDIKAT_CHOICES = _choices(rules.UnitPredikat)
BEHAVIOUR_CHOICES = _choices(rules.BehaviourValue)


class AppraisalPeriod(models.Model):
    """An appraisal period (annual, or the optional mid-year review), opened and closed by BKPP.

    An objection (keberatan) may be filed within ``objection_days`` days of the rating.
    """

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Tahunan")
        MID_YEAR = "mid_year", _("Tengah tahun")

    class Status(models.TextChoices):
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    objection_days = models.PositiveSmallIntegerField(_("batas hari keberatan"), default=14)

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="performance_period_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="performance_period_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2200),
                name="performance_period_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AppraiserOverride(models.Model):
    """An appraiser set by hand where the org structure gives the wrong one (acting heads, a
    seconded employee). With no period it holds for every period."""

    period = models.ForeignKey(
        AppraisalPeriod,
        verbose_name=_("periode"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="appraiser_overrides",
    )
    appraiser = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pejabat penilai"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("alasan"), max_length=255)

    class Meta:
        verbose_name = _("penetapan pejabat penilai")
        verbose_name_plural = _("penetapan pejabat penilai")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee"], name="performance_override_unique_in_period"
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(period__isnull=True),
                name="performance_override_unique_global",
            ),
            models.CheckConstraint(
                condition=~models.Q(employee=models.F("appraiser")),
                name="performance_override_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.appraiser_id}"


class Appraisal(models.Model):
    """An employee's SKP for a period: the plan, its realisation and the appraiser's rating.

    ``predikat`` is stored, computed from the two ratings by :func:`rules.predikat` in the
    service. ``version`` is the optimistic lock: a rating sent against an older version is refused
    instead of overwriting a colleague's.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RATED = "rated", _("Dinilai")
        OBJECTED = "objected", _("Keberatan")
        FINAL = "final", _("Final")

    period = models.ForeignKey(
        AppraisalPeriod,
        verbose_name=_("periode"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    appraiser = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisees",
    )
    org_unit = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("unit kerja"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Unit pegawai saat SKP dibuat."),
    )
    opd = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    hasil_kerja = models.CharField(
        _("hasil kerja"), max_length=10, choices=RATING_CHOICES, blank=True
    )
    perilaku = models.CharField(
        _("perilaku kerja"), max_length=10, choices=RATING_CHOICES, blank=True
    )
    predikat = models.CharField(
        _("predikat"), max_length=16, choices=PREDIKAT_CHOICES, blank=True, db_index=True
    )
    rating_note = models.TextField(_("catatan penilai"), blank=True)
    source = models.CharField(_("sumber"), max_length=20, default="penata")
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    rated_by = models.ForeignKey(
        "core.User",
        verbose_name=_("dinilai oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("difinalkan"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["period", "employee__name"]
        indexes = [
            models.Index(fields=["period", "appraiser"], name="performance_appr_appraiser"),
            models.Index(fields=["period", "opd", "predikat"], name="performance_appr_opd"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee"], name="performance_appraisal_one_per_period"
            ),
            models.CheckConstraint(
                condition=~models.Q(employee=models.F("appraiser")),
                name="performance_appraisal_not_self",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted"])
                | (~models.Q(hasil_kerja="") & ~models.Q(perilaku="") & ~models.Q(predikat="")),
                name="performance_appraisal_rated_has_ratings",
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.period} — {self.employee_id}"


class PlannedResult(models.Model):
    """A planned result (rencana hasil kerja) of an SKP with its indicator, target and, at the
    end of the period, its realisation and evidence."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="results"
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    description = models.TextField(_("rencana hasil kerja"))
    indicator = models.CharField(_("indikator"), max_length=255)
    target = models.CharField(_("target"), max_length=120)
    realisation = models.CharField(_("realisasi"), max_length=255, blank=True)
    evidence = models.URLField(_("tautan bukti dukung"), blank=True)
    agreed = models.BooleanField(_("disepakati atasan"), default=False)

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["appraisal", "order", "id"]

    def __str__(self) -> str:
        return self.indicator


class BehaviourRating(models.Model):
    """The appraiser's rating of one BerAKHLAK core value: the input of the perilaku rating."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="behaviours"
    )
    value = models.CharField(_("nilai dasar"), max_length=24, choices=BEHAVIOUR_CHOICES)
    rating = models.CharField(_("penilaian"), max_length=10, choices=RATING_CHOICES)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("penilaian perilaku")
        verbose_name_plural = _("penilaian perilaku")
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "value"], name="performance_behaviour_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.rating}"


class Objection(models.Model):
    """A keberatan against a rating, filed by the employee within the period's window and decided
    by the appraiser's own superior (who may set new ratings)."""

    class Decision(models.TextChoices):
        PENDING = "", _("Menunggu")
        UPHELD = "upheld", _("Dikabulkan (nilai diubah)")
        REJECTED = "rejected", _("Ditolak (nilai tetap)")

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="objections"
    )
    filed_by = models.ForeignKey(
        "core.User", verbose_name=_("diajukan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("alasan keberatan"))
    filed_at = models.DateTimeField(_("diajukan"))
    decider = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("atasan pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name=_("diputus oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=Decision.choices, blank=True, default=""
    )
    decision_note = models.TextField(_("pertimbangan"), blank=True)
    decided_at = models.DateTimeField(_("diputus"), null=True, blank=True)
    new_hasil_kerja = models.CharField(
        _("hasil kerja baru"), max_length=10, choices=RATING_CHOICES, blank=True
    )
    new_perilaku = models.CharField(
        _("perilaku kerja baru"), max_length=10, choices=RATING_CHOICES, blank=True
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal"],
                condition=models.Q(decision=""),
                name="performance_objection_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"Keberatan {self.appraisal_id}"


class UnitPredikat(models.Model):
    """The predikat of an OPD for a period, which bounds its staff's predikat by the curve."""

    period = models.ForeignKey(
        AppraisalPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="+"
    )
    org_unit = models.ForeignKey(
        "workforce.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    predikat = models.CharField(_("predikat unit"), max_length=16, choices=UNIT_PREDIKAT_CHOICES)

    class Meta:
        verbose_name = _("predikat unit")
        verbose_name_plural = _("predikat unit")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "org_unit"], name="performance_unit_predikat_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.period_id}: {self.predikat}"


class EkinerjaUpload(ImportUpload):
    """An e-Kinerja ratings file uploaded through the web: checked (preview), then confirmed and
    imported, like a roster upload (same statuses and report)."""

    file = models.FileField(_("berkas"), upload_to="ekinerja/%Y/%m/")

    class Meta(ImportUpload.Meta):
        verbose_name = _("unggahan e-Kinerja")
        verbose_name_plural = _("unggahan e-Kinerja")
