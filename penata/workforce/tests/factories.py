"""factory_boy factories for the registry, shared by every app's tests.

Units are created through :func:`penata.workforce.services.org_unit_create` so that ``path``,
``depth`` and ``opd`` are right. Ranks and education levels are seeded by migration 0002; the
helpers fetch them by code (and create them, should a test run without the seed rows).

    dinas = OrgUnitFactory()                                    # an OPD (kind dinas)
    bidang = OrgUnitFactory(parent=dinas)                       # kind bidang, opd=dinas
    emp = EmployeeFactory(org_unit=bidang)                      # PNS III/a with a position there
    pppk = EmployeeFactory(org_unit=bidang, employment_type="pppk")   # grade IX by default
    EmployeeFactory(rank=pns_rank("IV/a"), education=education_level("s2"))
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from penata.workforce import rules, services
from penata.workforce.models import (
    EducationLevel,
    Employee,
    EmployeeStatus,
    EmploymentType,
    Gender,
    OrgUnit,
    OrgUnitKind,
    Position,
    PositionKind,
    Rank,
    RankKind,
)

# The regulation tables (docs/regulations.md), for when a test runs without the seed rows.
PNS_RANKS: list[tuple[str, str]] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GRADES: list[str] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
EDUCATION_LEVELS: list[tuple[str, str]] = [
    ("sd", "SD"),
    ("sltp", "SLTP/SMP"),
    ("sltp_kejuruan", "SLTP Kejuruan"),
    ("slta", "SLTA/SMA/SMK"),
    ("d1", "D-I"),
    ("d2", "D-II"),
    ("d3", "D-III"),
    ("s1", "S1"),
    ("d4", "D-IV"),
    ("s2", "S2"),
    ("profesi", "Profesi (dokter, apoteker)"),
    ("s3", "S3"),
]


def pns_rank(code: str = "III/a") -> Rank:
    """The PNS golongan ``code`` (created with its regulation pangkat and order if missing)."""
    pangkat = dict(PNS_RANKS)[code]
    order = [c for c, _p in PNS_RANKS].index(code) + 1
    rank, _created = Rank.objects.get_or_create(
        kind=RankKind.PNS, code=code, defaults={"pangkat": pangkat, "order": order}
    )
    return rank


def pppk_grade(code: str = "IX") -> Rank:
    """The PPPK grade ``code`` (I–XVII)."""
    order = PPPK_GRADES.index(code) + 1
    rank, _created = Rank.objects.get_or_create(
        kind=RankKind.PPPK, code=code, defaults={"pangkat": f"Golongan {code}", "order": order}
    )
    return rank


def all_ranks() -> list[Rank]:
    return [pns_rank(c) for c, _p in PNS_RANKS] + [pppk_grade(c) for c in PPPK_GRADES]


def education_level(code: str = "s1") -> EducationLevel:
    """The education level ``code`` (``sd`` … ``s3``, any case), created if missing."""
    level = EducationLevel.objects.filter(code__iexact=code).first()
    if level is not None:
        return level
    codes = [c for c, _n in EDUCATION_LEVELS]
    extra: dict[str, Any] = {}
    if code.lower() in codes:
        code = code.lower()
        extra["order"] = codes.index(code) + 1
    return EducationLevelFactory(code=code, name=dict(EDUCATION_LEVELS).get(code, code), **extra)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """A unit placed in the tree by the service. Without a parent: an OPD (dinas); with a
    parent: a bidang of it. Pass ``kind`` for anything else (kecamatan, kelurahan, seksi…)."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Unit Uji {n}")
    parent = None
    kind = factory.LazyAttribute(
        lambda o: OrgUnitKind.BIDANG if o.parent is not None else OrgUnitKind.DINAS
    )

    @classmethod
    def _create(cls, model_class: type[OrgUnit], *args: Any, **kwargs: Any) -> OrgUnit:
        is_active = kwargs.pop("is_active", True)
        unit = services.org_unit_create(
            actor=kwargs.pop("actor", None),
            code=kwargs["code"],
            name=kwargs["name"],
            kind=kwargs["kind"],
            parent=kwargs.get("parent"),
        )
        if not is_active:
            OrgUnit.objects.filter(pk=unit.pk).update(is_active=False)
            unit.is_active = False
        return unit


class RankFactory(factory.django.DjangoModelFactory):
    """A rank row; prefer :func:`pns_rank` / :func:`pppk_grade` for the regulation ones."""

    class Meta:
        model = Rank
        django_get_or_create = ("kind", "code")

    kind = RankKind.PNS
    code = factory.Sequence(lambda n: f"X{n}")
    pangkat = factory.Sequence(lambda n: f"Pangkat Uji {n}")
    order = factory.Sequence(lambda n: 100 + n)


class EducationLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationLevel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E{n}")
    name = factory.LazyAttribute(lambda o: o.code)
    order = factory.Sequence(lambda n: 100 + n)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Jabatan Uji {n}")
    kind = PositionKind.PELAKSANA
    functional_level = ""
    class_grade = 6
    org_unit = factory.SubFactory(OrgUnitFactory)
    formasi = 1


def _birth_date(n: int) -> dt.date:
    return dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)


def _nip(o: Any) -> str:
    """A NIP in the regulation shape: birth date, TMT CPNS (YYYYMM), gender digit, serial."""
    tmt = o.tmt_cpns or dt.date(o.birth_date.year + 25, 1, 1)
    gender_digit = "2" if o.gender == Gender.FEMALE else "1"
    # With the default birth dates (a 420-day cycle) NIPs stay unique for 139,860 employees.
    serial = o.seq % 999 + 1
    return f"{o.birth_date:%Y%m%d}{tmt:%Y%m}{gender_digit}{serial:03d}"


def _nik(o: Any) -> str:
    day = o.birth_date.day + (40 if o.gender == Gender.FEMALE else 0)
    return f"337401{day:02d}{o.birth_date:%m%y}{o.seq % 9999 + 1:04d}"


def _rank(o: Any) -> Rank:
    if o.employment_type == EmploymentType.PNS:
        return pns_rank("III/a")
    return pppk_grade("IX")


def _retirement(o: Any) -> dt.date:
    # BUP 58 (pelaksana/administrasi): the first day of the month after the 58th birthday.
    return rules.retirement_date(o.birth_date, 58)


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An active PNS (III/a, S1) with a pelaksana position in their unit and personal data."""

    class Meta:
        model = Employee

    class Params:
        seq = factory.Sequence(lambda n: n)

    name = factory.Sequence(lambda n: f"Pegawai Uji {n:05d}")
    front_title = ""
    back_title = ""
    gender = factory.LazyAttribute(lambda o: Gender.MALE if o.seq % 2 == 0 else Gender.FEMALE)
    birth_place = "Semarang"
    birth_date = factory.LazyAttribute(lambda o: _birth_date(o.seq))
    tmt_cpns = factory.LazyAttribute(lambda o: dt.date(o.birth_date.year + 25, 3, 1))
    nip = factory.LazyAttribute(_nip)
    employment_type = EmploymentType.PNS
    rank = factory.LazyAttribute(_rank)
    rank_tmt = factory.LazyAttribute(lambda o: o.tmt_cpns)
    education = factory.LazyAttribute(lambda o: education_level("s1"))
    major = "Administrasi Publik"
    org_unit = factory.SubFactory(OrgUnitFactory)
    position = factory.SubFactory(PositionFactory, org_unit=factory.SelfAttribute("..org_unit"))
    status = EmployeeStatus.AKTIF
    retirement_date = factory.LazyAttribute(_retirement)
    email = factory.LazyAttribute(lambda o: f"pegawai{o.seq}@semarangkota.go.id")
    phone = factory.LazyAttribute(lambda o: f"0812{o.seq % 100000000:08d}")
    nik = factory.LazyAttribute(_nik)
