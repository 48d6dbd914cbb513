"""The ASN registry: org units, positions, ranks, education levels, employees and their history.

Regulation values (golongan and pangkat, PPPK grades, education caps, BUP) live in tables seeded
by migrations from ``docs/regulations.md``; administrators may edit the configurable ones.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from penata.core.models import ImportUpload


class OrgUnitKind(models.TextChoices):
    PEMERINTAH_KOTA = "pemerintah_kota", _("Pemerintah kota")
    SEKRETARIAT_DAERAH = "sekretariat_daerah", _("Sekretariat Daerah")
    SEKRETARIAT_DPRD = "sekretariat_dprd", _("Sekretariat DPRD")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    SATPOL_PP = "satpol_pp", _("Satuan Polisi Pamong Praja")
    RSUD = "rsud", _("RSUD")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    ASISTEN = "asisten", _("Asisten")
    BAGIAN = "bagian", _("Bagian")
    BIDANG = "bidang", _("Bidang")
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    SUBBAGIAN = "subbagian", _("Subbagian")
    SEKSI = "seksi", _("Seksi")
    UPT = "upt", _("UPT")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")


# The kinds that are an OPD (perangkat daerah) in their own right.
OPD_KINDS = frozenset(
    {
        OrgUnitKind.SEKRETARIAT_DAERAH,
        OrgUnitKind.SEKRETARIAT_DPRD,
        OrgUnitKind.INSPEKTORAT,
        OrgUnitKind.DINAS,
        OrgUnitKind.BADAN,
        OrgUnitKind.SATPOL_PP,
        OrgUnitKind.RSUD,
        OrgUnitKind.KECAMATAN,
    }
)


class OrgUnit(models.Model):
    """An organisational unit of the city, in a tree (OPD → bidang → seksi, kecamatan → kelurahan).

    ``path`` is the materialised path of ids (``/1/5/12/``), so a unit and everything below it is
    one indexed ``path__startswith`` query; ``opd`` points at the OPD the unit belongs to.
    """

    code = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=32, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    opd = models.ForeignKey(
        "self",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="workforce_orgunit_unique_name_in_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_opd(self) -> bool:
        return self.kind in OPD_KINDS


class RankKind(models.TextChoices):
    PNS = "pns", _("Golongan PNS")
    PPPK = "pppk", _("Golongan PPPK")


class Rank(models.Model):
    """A PNS golongan/ruang with its pangkat (PP 99/2000 jo PP 12/2002), or a PPPK grade I–XVII."""

    kind = models.CharField(_("jenis"), max_length=8, choices=RankKind.choices)
    code = models.CharField(_("golongan"), max_length=8)
    pangkat = models.CharField(_("pangkat"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="workforce_rank_unique_code"),
            models.UniqueConstraint(fields=["kind", "order"], name="workforce_rank_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.pangkat}".strip()


class EducationLevel(models.Model):
    """An education level with the ranks it enters at and the cap for regular promotion.

    Caps from the regulation table (docs/regulations.md, "Education caps for regular promotion").
    """

    code = models.CharField(_("kode"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=80)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    pns_entry_rank = models.ForeignKey(
        Rank,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("golongan awal PNS"),
    )
    pns_cap_rank = models.ForeignKey(
        Rank,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("golongan tertinggi kenaikan reguler"),
    )
    pppk_entry_grade = models.ForeignKey(
        Rank,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("golongan awal PPPK"),
    )

    class Meta:
        verbose_name = _("jenjang pendidikan")
        verbose_name_plural = _("jenjang pendidikan")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class PositionKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT utama")
    JPT_MADYA = "jpt_madya", _("JPT madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


class FunctionalLevel(models.TextChoices):
    NONE = "", _("—")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli muda")
    AHLI_MADYA = "ahli_madya", _("Ahli madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli utama")


class RetirementAge(models.Model):
    """Batas usia pensiun (BUP) by position kind and functional level (UU 20/2023; configurable).

    A row with an empty level applies to every level of its kind that has no row of its own.
    """

    position_kind = models.CharField(
        _("jenis jabatan"), max_length=16, choices=PositionKind.choices
    )
    functional_level = models.CharField(
        _("jenjang"), max_length=16, choices=FunctionalLevel.choices, blank=True, default=""
    )
    age = models.PositiveSmallIntegerField(_("usia pensiun"))

    class Meta:
        verbose_name = _("batas usia pensiun")
        verbose_name_plural = _("batas usia pensiun")
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "functional_level"], name="workforce_bup_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(age__gte=50, age__lte=70), name="workforce_bup_age_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()} {self.functional_level}: {self.age}"


class Position(models.Model):
    """A position (jabatan) in a unit, with its kind, class (kelas jabatan) and formasi."""

    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=16, choices=PositionKind.choices)
    functional_level = models.CharField(
        _("jenjang"), max_length=16, choices=FunctionalLevel.choices, blank=True, default=""
    )
    family = models.CharField(
        _("rumpun jabatan"),
        max_length=120,
        blank=True,
        help_text=_("Misalnya Guru, Perawat, Analis Kepegawaian: untuk standar kompetensi massal."),
    )
    class_grade = models.PositiveSmallIntegerField(_("kelas jabatan"))
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="positions"
    )
    formasi = models.PositiveIntegerField(_("formasi"), default=1)
    is_key = models.BooleanField(_("jabatan kunci"), default=False)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["org_unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "name", "functional_level"],
                name="workforce_position_unique_in_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(class_grade__gte=1, class_grade__lte=17),
                name="workforce_position_class_1_17",
            ),
        ]

    def __str__(self) -> str:
        level = f" {self.get_functional_level_display()}" if self.functional_level else ""
        return f"{self.name}{level}"


class EmploymentType(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    PPPK_PARUH_WAKTU = "pppk_paruh_waktu", _("PPPK paruh waktu")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class EmployeeStatus(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    CUTI = "cuti", _("Cuti")
    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
    PENSIUN = "pensiun", _("Pensiun")
    BERHENTI = "berhenti", _("Berhenti")


class Employee(models.Model):
    """A civil servant (PNS, PPPK or PPPK paruh waktu) of the city.

    NIK, e-mail and phone are personal data (UU 27/2022): pages show them masked and every reveal
    is logged (``employee_personal_data_reveal``). ``retirement_date`` follows from the birth
    date and the BUP of the position kind and is kept by the services.
    """

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150, db_index=True)
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    employment_type = models.CharField(
        _("status kepegawaian"), max_length=20, choices=EmploymentType.choices
    )
    rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank_tmt = models.DateField(_("TMT golongan"), null=True, blank=True)
    education = models.ForeignKey(
        EducationLevel,
        verbose_name=_("pendidikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    major = models.CharField(_("jurusan"), max_length=120, blank=True)
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="employees"
    )
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EmployeeStatus.choices, default=EmployeeStatus.AKTIF
    )
    retirement_date = models.DateField(_("tanggal pensiun (BUP)"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "nip"]
        indexes = [
            models.Index(fields=["org_unit", "status"], name="workforce_emp_unit_status"),
            models.Index(fields=["retirement_date"], name="workforce_emp_retirement"),
            models.Index(fields=["employment_type", "rank"], name="workforce_emp_type_rank"),
            # the roster sorted by rank (filters.order_for): the first page without a sort
            models.Index(fields=["rank", "name", "nip"], name="workforce_emp_rank_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nip__regex=r"^[0-9]{18}$"), name="workforce_employee_nip_18"
            ),
            models.CheckConstraint(
                condition=models.Q(nik="") | models.Q(nik__regex=r"^[0-9]{16}$"),
                name="workforce_employee_nik_16",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    def personal_fields(self) -> dict[str, Any]:
        return {"nik": self.nik, "email": self.email, "phone": self.phone}


class RankHistory(models.Model):
    """Riwayat golongan: each rank an employee held, from its TMT."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="rank_history")
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="+")
    tmt = models.DateField(_("TMT"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=40, default="manual")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat golongan")
        verbose_name_plural = _("riwayat golongan")
        ordering = ["employee", "-tmt", "-id"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.rank_id} {self.tmt}"


class PositionHistory(models.Model):
    """Riwayat jabatan: each position and unit an employee held."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="position_history"
    )
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position_name = models.CharField(_("nama jabatan"), max_length=200, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    tmt = models.DateField(_("TMT"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=40, default="manual")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["employee", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.position_name}"


class RosterUpload(ImportUpload):
    """An uploaded roster file through the web: checked (preview), then confirmed and imported."""

    file = models.FileField(_("berkas"), upload_to="roster/%Y/%m/")

    class Meta(ImportUpload.Meta):
        verbose_name = _("unggahan roster")
        verbose_name_plural = _("unggahan roster")
