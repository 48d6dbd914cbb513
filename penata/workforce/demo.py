"""A synthetic, realistic workforce for Kota Semarang: the data behind ``penata seed-demo``.

Everything comes from one ``random.Random(seed)`` and a reference date (``today``), so the same
seed, size and date always give the same people, NIPs and positions. The generator works in
memory and writes with :func:`penata.core.bulk.bulk_insert` (``COPY`` on PostgreSQL,
``bulk_create`` on SQLite): no query per person.

What it builds (see :func:`seed_demo`):

* the Kota Semarang org-unit tree (``data/semarang_units.json``) when no unit exists yet;
* positions across the units: a JPT pratama head per OPD (Sekretaris Daerah, Kepala Dinas/Badan,
  Inspektur …), administrators (Sekretaris, Kepala Bidang/Bagian, Camat), pengawas (Kepala
  Seksi/Subbagian/UPT/Puskesmas, Lurah), Kepala Sekolah, functional positions by family and
  level (Guru in schools, Dokter/Perawat/Bidan in puskesmas and RSUD, Auditor in Inspektorat,
  Analis Kepegawaian in BKPP …) and pelaksana (KepmenPANRB 11/2024 names), each with its kelas
  jabatan and a formasi that is mostly at or above its holders, with shortages;
* employees: about 75% PNS, 10% PPPK and 15% PPPK paruh waktu; ages 20–59 with the bulge at
  45–58; education, rank and functional level consistent with each other (entry rank by
  education, a step about every four years, never above the regular-promotion cap; PPPK at the
  entry grade of their education); NIP/NI PPPK, NIK, e-mail and phone consistent with the birth
  date, gender and TMT; retirement date from the BUP table; rank and position history;
* one demo account per role (``penata.core.demo``) linked to fitting employees and units.

Idempotent: the org units are loaded only when the table is empty, and the workforce is generated
only when there is no employee yet. A second run (any arguments) leaves the registry alone,
says so, and only makes sure the demo accounts exist, are linked and have the given password.
To regenerate, start from an empty database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from django.db import transaction

from penata.core import bulk
from penata.core import demo as core_demo
from penata.core import services as core_services
from penata.core.audit import audit_record
from penata.core.bulk import bulk_insert
from penata.core.models import User
from penata.workforce import rules
from penata.workforce.models import (
    EducationLevel,
    Employee,
    EmployeeStatus,
    EmploymentType,
    FunctionalLevel,
    OrgUnit,
    OrgUnitKind,
    Position,
    PositionHistory,
    PositionKind,
    Rank,
    RankHistory,
    RankKind,
)
from penata.workforce.services import bup_table, org_units_load_tree, retirement_date_for

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_EMPLOYEES = 15_000
DEFAULT_SEED = 2026
SOURCE = "seed-demo"
EMAIL_DOMAIN = "semarangkota.go.id"

Edu = rules.Education
K = PositionKind
L = FunctionalLevel

# Target shares of the workforce (docs/regulations.md, "Scale facts"; BKPP Kota Semarang 2025).
SHARE_PPPK = 0.10
SHARE_PARUH_WAKTU = 0.15
# Share of the non-structural staff that works in schools and in health units.
SHARE_SCHOOLS = 0.45
SHARE_HEALTH = 0.15
# At most this share of the employees hold structural posts (small demo sets).
STRUCTURAL_BUDGET = 0.12

# Age (years) at which each education level is usually completed.
FINISH_AGE: dict[Edu, int] = {
    Edu.SD: 13,
    Edu.SLTP: 16,
    Edu.SLTP_KEJURUAN: 16,
    Edu.SLTA: 18,
    Edu.D1: 19,
    Edu.D2: 20,
    Edu.D3: 21,
    Edu.D4: 22,
    Edu.S1: 22,
    Edu.PROFESI: 24,
    Edu.S2: 25,
    Edu.S3: 30,
}

# Kelas jabatan by functional level and for structural posts (Perpres/PermenPANRB practice).
CLASS_FUNCTIONAL: dict[str, int] = {
    L.PEMULA: 5,
    L.TERAMPIL: 6,
    L.MAHIR: 7,
    L.PENYELIA: 8,
    L.AHLI_PERTAMA: 8,
    L.AHLI_MUDA: 9,
    L.AHLI_MADYA: 11,
    L.AHLI_UTAMA: 13,
}


# --- job families --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """A job family that staffs non-structural positions (a JF such as Guru, or pelaksana).

    ``ladder``: ``ahli`` (levels ahli pertama … utama), ``terampil`` (pemula … penyelia),
    ``campuran`` (terampil up to D-III, ahli from S1/D-IV) or ``pelaksana``.
    ``degrees`` maps an education level to candidate back titles; ``front`` is a front title.
    ``pppk``/``paruh_waktu`` weigh the family when PPPK and PPPK paruh waktu are placed.
    """

    key: str
    name: str
    ladder: str
    education: tuple[tuple[Edu, float], ...]
    female: float
    degrees: Mapping[Edu, tuple[str, ...]] = field(default_factory=dict)
    majors: tuple[str, ...] = ()
    front: str = ""
    pppk: float = 1.0
    paruh_waktu: float = 0.3
    pemula: bool = False
    min_age: int = 21
    name_terampil: str = ""  # the keterampilan levels' own JF name, if it has one

    def position_name(self, level: str) -> str:
        if self.name_terampil and level in KETERAMPILAN:
            return self.name_terampil
        return self.name


def _fam(
    key: str,
    name: str,
    ladder: str,
    education: dict[Edu, float],
    female: float,
    degrees: dict[Edu, tuple[str, ...]] | None = None,
    majors: tuple[str, ...] = (),
    **kw: Any,
) -> Family:
    return Family(key, name, ladder, tuple(education.items()), female, degrees or {}, majors, **kw)


KETERAMPILAN = frozenset({L.PEMULA, L.TERAMPIL, L.MAHIR, L.PENYELIA})
SPECIALIST_TITLES = (
    *("Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An.", "Sp.JP.", "Sp.M.", "Sp.N."),
    *("Sp.Rad.", "Sp.PK.", "Sp.KJ.", "Sp.P.", "Sp.THT-BKL.", "Sp.OT.", "Sp.U."),
)
FAMILIES: dict[str, Family] = {
    f.key: f
    for f in [
        _fam(
            "guru",
            "Guru",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.64,
            {Edu.S2: ("S.Pd., M.Pd.", "S.Pd., M.Pd.", "S.Pd.I., M.Pd.")},
            (
                "Pendidikan Guru Sekolah Dasar",
                "Pendidikan Guru Sekolah Dasar",
                "Pendidikan Guru Sekolah Dasar",
                "Pendidikan Guru Sekolah Dasar",
                "Pendidikan Matematika",
                "Pendidikan Bahasa Indonesia",
                "Pendidikan Bahasa Inggris",
                "Pendidikan IPA",
                "Pendidikan IPS",
                "Pendidikan Agama Islam",
                "Pendidikan Jasmani, Kesehatan dan Rekreasi",
                "Bimbingan dan Konseling",
                "Pendidikan Pancasila dan Kewarganegaraan",
                "Pendidikan Bahasa dan Sastra Jawa",
                "Pendidikan Seni Rupa",
                "Magister Pendidikan",
                "Magister Manajemen Pendidikan",
            ),
            pppk=3.0,
            paruh_waktu=1.5,
            min_age=22,
        ),
        _fam(
            "dokter",
            "Dokter",
            "ahli",
            {Edu.PROFESI: 82, Edu.S2: 18},
            0.6,
            {Edu.PROFESI: ("",), Edu.S2: ("M.Kes.", "M.K.M.", "M.Kes.")},
            ("Kedokteran",),
            front="dr.",
            pppk=1.5,
            paruh_waktu=0.2,
            min_age=25,
        ),
        _fam(
            "dokter_spesialis",
            "Dokter",
            "ahli",
            {Edu.S2: 100},
            0.5,
            {Edu.S2: SPECIALIST_TITLES},
            ("Kedokteran",),
            front="dr.",
            pppk=1.0,
            paruh_waktu=0.0,
            min_age=30,
        ),
        _fam(
            "dokter_gigi",
            "Dokter Gigi",
            "ahli",
            {Edu.PROFESI: 100},
            0.72,
            {Edu.PROFESI: ("",)},
            ("Kedokteran Gigi",),
            front="drg.",
            pppk=1.5,
            paruh_waktu=0.2,
            min_age=25,
        ),
        _fam(
            "perawat",
            "Perawat",
            "campuran",
            {Edu.D3: 55, Edu.S1: 42, Edu.S2: 3},
            0.72,
            {
                Edu.D3: ("A.Md.Kep.",),
                Edu.S1: ("Ns.|S.Kep.", "Ns.|S.Kep.", "S.Kep."),
                Edu.S2: ("Ns.|S.Kep., M.Kep.",),
            },
            ("Keperawatan", "Ilmu Keperawatan"),
            pppk=3.0,
            paruh_waktu=1.2,
        ),
        _fam(
            "bidan",
            "Bidan",
            "campuran",
            {Edu.D3: 60, Edu.D4: 28, Edu.S1: 10, Edu.S2: 2},
            1.0,
            {
                Edu.D3: ("A.Md.Keb.",),
                Edu.D4: ("S.Tr.Keb.",),
                Edu.S1: ("Bd.|S.Keb.",),
                Edu.S2: ("S.Tr.Keb., M.Kes.",),
            },
            ("Kebidanan",),
            pppk=3.0,
            paruh_waktu=1.2,
        ),
        _fam(
            "apoteker",
            "Apoteker",
            "ahli",
            {Edu.PROFESI: 100},
            0.78,
            {Edu.PROFESI: ("S.Farm.",)},
            ("Farmasi",),
            front="apt.",
            pppk=2.0,
            min_age=25,
        ),
        _fam(
            "asisten_apoteker",
            "Asisten Apoteker",
            "terampil",
            {Edu.D3: 100},
            0.8,
            {Edu.D3: ("A.Md.Farm.",)},
            ("Farmasi",),
            pppk=2.0,
        ),
        _fam(
            "pranata_lab",
            "Pranata Laboratorium Kesehatan",
            "campuran",
            {Edu.D3: 65, Edu.D4: 25, Edu.S1: 10},
            0.7,
            {Edu.D3: ("A.Md.AK.",), Edu.D4: ("S.Tr.Kes.",), Edu.S1: ("S.Si.",)},
            ("Analis Kesehatan", "Teknologi Laboratorium Medis"),
            pppk=2.0,
        ),
        _fam(
            "nutrisionis",
            "Nutrisionis",
            "campuran",
            {Edu.D3: 50, Edu.S1: 45, Edu.S2: 5},
            0.85,
            {Edu.D3: ("A.Md.Gz.",), Edu.S1: ("S.Gz.",), Edu.S2: ("S.Gz., M.Gz.",)},
            ("Gizi",),
            pppk=2.0,
        ),
        _fam(
            "sanitarian",
            "Tenaga Sanitasi Lingkungan",
            "campuran",
            {Edu.D3: 50, Edu.S1: 45, Edu.S2: 5},
            0.5,
            {Edu.D3: ("A.Md.KL.",), Edu.S1: ("S.KM.",), Edu.S2: ("S.KM., M.Kes.",)},
            ("Kesehatan Lingkungan",),
            pppk=2.0,
        ),
        _fam(
            "penyuluh_kesmas",
            "Penyuluh Kesehatan Masyarakat",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.7,
            {Edu.S1: ("S.KM.",), Edu.S2: ("S.KM., M.Kes.",)},
            ("Kesehatan Masyarakat",),
            pppk=2.0,
        ),
        _fam(
            "perekam_medis",
            "Perekam Medis",
            "terampil",
            {Edu.D3: 100},
            0.65,
            {Edu.D3: ("A.Md.RMIK.", "A.Md.PerKes.")},
            ("Rekam Medis dan Informasi Kesehatan",),
            pppk=2.0,
        ),
        _fam(
            "radiografer",
            "Radiografer",
            "terampil",
            {Edu.D3: 100},
            0.45,
            {Edu.D3: ("A.Md.Rad.",)},
            ("Radiodiagnostik dan Radioterapi",),
            pppk=2.0,
        ),
        _fam(
            "fisioterapis",
            "Fisioterapis",
            "terampil",
            {Edu.D3: 100},
            0.6,
            {Edu.D3: ("A.Md.Ftr.",)},
            ("Fisioterapi",),
            pppk=2.0,
        ),
        _fam(
            "epidemiolog",
            "Epidemiolog Kesehatan",
            "ahli",
            {Edu.S1: 70, Edu.S2: 30},
            0.6,
            {Edu.S1: ("S.KM.",), Edu.S2: ("S.KM., M.Epid.",)},
            ("Epidemiologi", "Kesehatan Masyarakat"),
        ),
        _fam(
            "adminkes",
            "Administrator Kesehatan",
            "ahli",
            {Edu.S1: 60, Edu.S2: 40},
            0.6,
            {Edu.S1: ("S.KM.",), Edu.S2: ("S.KM., M.Kes.", "S.KM., M.K.M.")},
            ("Kesehatan Masyarakat", "Administrasi Kebijakan Kesehatan"),
        ),
        _fam(
            "auditor",
            "Auditor",
            "ahli",
            {Edu.S1: 75, Edu.S2: 25},
            0.5,
            {
                Edu.S1: ("S.E.", "S.Ak.", "S.H.", "S.E."),
                Edu.S2: ("S.E., M.Ak.", "S.E., M.M.", "S.H., M.H."),
            },
            ("Akuntansi", "Manajemen", "Ilmu Hukum"),
        ),
        _fam(
            "p2upd",
            "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah",
            "ahli",
            {Edu.S1: 70, Edu.S2: 30},
            0.45,
            {Edu.S1: ("S.H.", "S.Sos.", "S.IP.", "S.T."), Edu.S2: ("S.H., M.H.", "S.Sos., M.Si.")},
            ("Ilmu Hukum", "Ilmu Pemerintahan", "Administrasi Publik"),
        ),
        _fam(
            "analis_kepegawaian",
            "Analis Sumber Daya Manusia Aparatur",  # formerly Analis Kepegawaian
            "campuran",
            {Edu.D3: 12, Edu.S1: 68, Edu.S2: 20},
            0.6,
            {Edu.D3: ("A.Md.",)},
            ("Psikologi", "Administrasi Publik", "Manajemen", "Hukum", "Ilmu Pemerintahan"),
            name_terampil="Pranata Sumber Daya Manusia Aparatur",
        ),
        _fam(
            "asesor_sdm",
            "Asesor Sumber Daya Manusia Aparatur",
            "ahli",
            {Edu.S1: 50, Edu.S2: 50},
            0.6,
            {Edu.S1: ("S.Psi.",), Edu.S2: ("S.Psi., M.Psi.",)},
            ("Psikologi",),
        ),
        _fam(
            "widyaiswara",
            "Widyaiswara",
            "ahli",
            {Edu.S2: 85, Edu.S3: 15},
            0.4,
            {
                Edu.S2: ("S.Sos., M.Si.", "S.Pd., M.Pd.", "S.E., M.M."),
                Edu.S3: ("M.Si.", "M.Pd."),
            },
            ("Administrasi Publik", "Manajemen Sumber Daya Manusia", "Pendidikan"),
            min_age=30,
        ),
        _fam(
            "pranata_komputer",
            "Pranata Komputer",
            "campuran",
            {Edu.D3: 30, Edu.S1: 60, Edu.S2: 10},
            0.35,
            {
                Edu.D3: ("A.Md.Kom.", "A.Md.T."),
                Edu.S1: ("S.Kom.", "S.Kom.", "S.T."),
                Edu.S2: ("S.Kom., M.Kom.", "S.T., M.T."),
            },
            ("Teknik Informatika", "Sistem Informasi", "Ilmu Komputer", "Manajemen Informatika"),
        ),
        _fam(
            "pranata_humas",
            "Pranata Hubungan Masyarakat",
            "campuran",
            {Edu.D3: 15, Edu.S1: 75, Edu.S2: 10},
            0.55,
            {
                Edu.D3: ("A.Md.",),
                Edu.S1: ("S.I.Kom.", "S.Sos."),
                Edu.S2: ("S.I.Kom., M.I.Kom.", "S.Sos., M.Si."),
            },
            ("Ilmu Komunikasi", "Hubungan Masyarakat"),
        ),
        _fam(
            "statistisi",
            "Statistisi",
            "campuran",
            {Edu.D3: 10, Edu.D4: 10, Edu.S1: 75, Edu.S2: 5},
            0.5,
            {
                Edu.D3: ("A.Md.",),
                Edu.D4: ("S.Tr.Stat.",),
                Edu.S1: ("S.Si.", "S.Stat."),
                Edu.S2: ("S.Si., M.Si.",),
            },
            ("Statistika",),
        ),
        _fam(
            "sandiman",
            "Sandiman",
            "campuran",
            {Edu.D3: 40, Edu.D4: 30, Edu.S1: 30},
            0.3,
            {Edu.D3: ("A.Md.",), Edu.D4: ("S.Tr.Sandi",), Edu.S1: ("S.Kom.",)},
            ("Rekayasa Kriptografi", "Teknik Informatika"),
        ),
        _fam(
            "arsiparis",
            "Arsiparis",
            "campuran",
            {Edu.D3: 40, Edu.S1: 55, Edu.S2: 5},
            0.6,
            {Edu.D3: ("A.Md.",), Edu.S1: ("S.Hum.", "S.IP.", "S.Sos."), Edu.S2: ("S.Sos., M.Si.",)},
            ("Kearsipan", "Ilmu Perpustakaan", "Administrasi Perkantoran"),
        ),
        _fam(
            "pustakawan",
            "Pustakawan",
            "campuran",
            {Edu.D3: 35, Edu.S1: 60, Edu.S2: 5},
            0.7,
            {Edu.D3: ("A.Md.",), Edu.S1: ("S.IIP.", "S.Hum."), Edu.S2: ("S.Hum., M.Hum.",)},
            ("Ilmu Perpustakaan",),
        ),
        _fam(
            "perencana",
            "Perencana",
            "ahli",
            {Edu.S1: 55, Edu.S2: 45},
            0.5,
            {
                Edu.S1: ("S.T.", "S.E.", "S.P.", "S.Si.", "S.PWK."),
                Edu.S2: ("S.T., M.T.", "S.E., M.Si.", "S.T., M.P.W.K.", "S.E., M.E."),
            },
            ("Perencanaan Wilayah dan Kota", "Ekonomi Pembangunan", "Teknik Sipil", "Statistika"),
        ),
        _fam(
            "analis_kebijakan",
            "Analis Kebijakan",
            "ahli",
            {Edu.S1: 50, Edu.S2: 50},
            0.5,
            {},
            ("Administrasi Publik", "Ilmu Pemerintahan", "Ilmu Politik"),
        ),
        _fam(
            "perancang",
            "Perancang Peraturan Perundang-undangan",
            "ahli",
            {Edu.S1: 60, Edu.S2: 40},
            0.5,
            {Edu.S1: ("S.H.",), Edu.S2: ("S.H., M.H.", "S.H., M.Kn.")},
            ("Ilmu Hukum",),
        ),
        _fam(
            "analis_hukum",
            "Analis Hukum",
            "ahli",
            {Edu.S1: 70, Edu.S2: 30},
            0.5,
            {Edu.S1: ("S.H.",), Edu.S2: ("S.H., M.H.",)},
            ("Ilmu Hukum",),
        ),
        _fam(
            "analis_keuangan",
            "Analis Keuangan Pusat dan Daerah",
            "ahli",
            {Edu.S1: 75, Edu.S2: 25},
            0.6,
            {Edu.S1: ("S.E.", "S.Ak."), Edu.S2: ("S.E., M.Ak.", "S.E., M.M.", "S.E., M.Si.")},
            ("Akuntansi", "Manajemen Keuangan", "Ekonomi"),
        ),
        _fam(
            "pengelola_pbj",
            "Pengelola Pengadaan Barang/Jasa",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.4,
            {Edu.S1: ("S.T.", "S.E.", "S.Kom."), Edu.S2: ("S.T., M.T.", "S.E., M.M.")},
            ("Teknik Sipil", "Manajemen", "Akuntansi"),
        ),
        _fam(
            "polpp",
            "Polisi Pamong Praja",
            "campuran",
            {Edu.SLTA: 55, Edu.D3: 10, Edu.S1: 33, Edu.S2: 2},
            0.15,
            {Edu.D3: ("A.Md.",), Edu.S1: ("S.H.", "S.Sos.", "S.IP."), Edu.S2: ("S.H., M.H.",)},
            ("Ilmu Hukum", "Ilmu Pemerintahan"),
            pemula=True,
            pppk=0.5,
            min_age=20,
        ),
        _fam(
            "pemadam",
            "Pemadam Kebakaran",
            "terampil",
            {Edu.SLTA: 85, Edu.D3: 15},
            0.05,
            {Edu.D3: ("A.Md.",)},
            pemula=True,
            pppk=0.5,
            paruh_waktu=1.0,
            min_age=20,
        ),
        _fam(
            "analis_kebakaran",
            "Analis Kebakaran",
            "ahli",
            {Edu.S1: 90, Edu.S2: 10},
            0.2,
            {Edu.S1: ("S.T.",), Edu.S2: ("S.T., M.T.",)},
            ("Teknik Sipil", "Keselamatan dan Kesehatan Kerja"),
        ),
        _fam(
            "penyuluh_pertanian",
            "Penyuluh Pertanian",
            "campuran",
            {Edu.D3: 20, Edu.D4: 15, Edu.S1: 60, Edu.S2: 5},
            0.4,
            {
                Edu.D3: ("A.Md.",),
                Edu.D4: ("S.ST.",),
                Edu.S1: ("S.P.", "S.Pt."),
                Edu.S2: ("S.P., M.P.",),
            },
            ("Agribisnis", "Agroteknologi", "Peternakan", "Penyuluhan Pertanian"),
        ),
        _fam(
            "medik_veteriner",
            "Medik Veteriner",
            "ahli",
            {Edu.PROFESI: 100},
            0.5,
            {Edu.PROFESI: ("",)},
            ("Kedokteran Hewan",),
            front="drh.",
            min_age=25,
        ),
        _fam(
            "pengawas_sekolah",
            "Pengawas Sekolah",
            "ahli",
            {Edu.S1: 30, Edu.S2: 70},
            0.5,
            {Edu.S1: ("S.Pd.",), Edu.S2: ("S.Pd., M.Pd.",)},
            ("Manajemen Pendidikan", "Pendidikan Guru Sekolah Dasar"),
            pppk=0.0,
            paruh_waktu=0.0,
            min_age=45,
        ),
        _fam(
            "penilik",
            "Penilik",
            "ahli",
            {Edu.S1: 70, Edu.S2: 30},
            0.55,
            {Edu.S1: ("S.Pd.",), Edu.S2: ("S.Pd., M.Pd.",)},
            ("Pendidikan Luar Sekolah",),
        ),
        _fam(
            "pamong_belajar",
            "Pamong Belajar",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.55,
            {Edu.S1: ("S.Pd.",), Edu.S2: ("S.Pd., M.Pd.",)},
            ("Pendidikan Luar Sekolah",),
        ),
        _fam(
            "pekerja_sosial",
            "Pekerja Sosial",
            "campuran",
            {Edu.D3: 15, Edu.D4: 25, Edu.S1: 55, Edu.S2: 5},
            0.6,
            {
                Edu.D3: ("A.Md.",),
                Edu.D4: ("S.Tr.Sos.",),
                Edu.S1: ("S.Sos.",),
                Edu.S2: ("S.Sos., M.Si.",),
            },
            ("Kesejahteraan Sosial",),
        ),
        _fam(
            "penyuluh_sosial",
            "Penyuluh Sosial",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.55,
            {Edu.S1: ("S.Sos.",), Edu.S2: ("S.Sos., M.Si.",)},
            ("Kesejahteraan Sosial", "Sosiologi"),
        ),
        _fam(
            "adminduk",
            "Administrator Database Kependudukan",
            "campuran",
            {Edu.D3: 30, Edu.S1: 65, Edu.S2: 5},
            0.45,
            {Edu.D3: ("A.Md.Kom.",), Edu.S1: ("S.Kom.",), Edu.S2: ("S.Kom., M.Kom.",)},
            ("Teknik Informatika", "Sistem Informasi"),
        ),
        _fam(
            "penyuluh_kb",
            "Penyuluh Keluarga Berencana",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.65,
            {Edu.S1: ("S.Sos.", "S.KM.", "S.Psi."), Edu.S2: ("S.Sos., M.Si.",)},
            ("Kesehatan Masyarakat", "Sosiologi", "Psikologi"),
        ),
        _fam(
            "penguji_kendaraan",
            "Penguji Kendaraan Bermotor",
            "campuran",
            {Edu.SLTA: 30, Edu.D3: 40, Edu.S1: 30},
            0.1,
            {Edu.D3: ("A.Md.T.",), Edu.S1: ("S.T.",)},
            ("Teknik Mesin", "Teknik Otomotif"),
        ),
        _fam(
            "pengendali_dampak",
            "Pengendali Dampak Lingkungan",
            "ahli",
            {Edu.S1: 75, Edu.S2: 25},
            0.45,
            {Edu.S1: ("S.T.", "S.Si."), Edu.S2: ("S.T., M.T.", "S.Si., M.Si.")},
            ("Teknik Lingkungan", "Biologi", "Kimia"),
        ),
        _fam(
            "teknik_jalan",
            "Teknik Jalan dan Jembatan",
            "campuran",
            {Edu.D3: 25, Edu.S1: 65, Edu.S2: 10},
            0.2,
            {Edu.D3: ("A.Md.T.",), Edu.S1: ("S.T.",), Edu.S2: ("S.T., M.T.",)},
            ("Teknik Sipil",),
        ),
        _fam(
            "teknik_pengairan",
            "Teknik Pengairan",
            "campuran",
            {Edu.D3: 25, Edu.S1: 65, Edu.S2: 10},
            0.2,
            {Edu.D3: ("A.Md.T.",), Edu.S1: ("S.T.",), Edu.S2: ("S.T., M.T.",)},
            ("Teknik Sipil", "Teknik Pengairan"),
        ),
        _fam(
            "penata_ruang",
            "Penata Ruang",
            "ahli",
            {Edu.S1: 70, Edu.S2: 30},
            0.4,
            {Edu.S1: ("S.T.", "S.PWK."), Edu.S2: ("S.T., M.T.",)},
            ("Perencanaan Wilayah dan Kota", "Arsitektur"),
        ),
        _fam(
            "teknik_bangunan",
            "Teknik Tata Bangunan dan Perumahan",
            "campuran",
            {Edu.D3: 25, Edu.S1: 65, Edu.S2: 10},
            0.3,
            {Edu.D3: ("A.Md.T.",), Edu.S1: ("S.T.", "S.Ars."), Edu.S2: ("S.T., M.T.",)},
            ("Arsitektur", "Teknik Sipil"),
        ),
        _fam(
            "pengantar_kerja",
            "Pengantar Kerja",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.5,
            {},
            ("Psikologi", "Manajemen", "Sosiologi"),
        ),
        _fam(
            "mediator",
            "Mediator Hubungan Industrial",
            "ahli",
            {Edu.S1: 70, Edu.S2: 30},
            0.4,
            {Edu.S1: ("S.H.",), Edu.S2: ("S.H., M.H.",)},
            ("Ilmu Hukum",),
        ),
        _fam(
            "penera",
            "Penera",
            "campuran",
            {Edu.D3: 40, Edu.S1: 60},
            0.3,
            {Edu.D3: ("A.Md.",), Edu.S1: ("S.T.", "S.Si.")},
            ("Metrologi", "Teknik Mesin", "Fisika"),
        ),
        _fam(
            "pengawas_perdagangan",
            "Analis Perdagangan",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.5,
            {},
            ("Manajemen", "Ekonomi"),
        ),
        _fam(
            "pengawas_koperasi",
            "Pengawas Koperasi",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.5,
            {Edu.S1: ("S.E.",), Edu.S2: ("S.E., M.M.",)},
            ("Manajemen", "Akuntansi"),
        ),
        _fam(
            "pamong_budaya",
            "Pamong Budaya",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.5,
            {Edu.S1: ("S.Hum.", "S.Sn.", "S.S."), Edu.S2: ("S.S., M.Hum.",)},
            ("Sejarah", "Seni Pertunjukan", "Sastra Jawa"),
        ),
        _fam(
            "adyatama",
            "Adyatama Kepariwisataan dan Ekonomi Kreatif",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.55,
            {Edu.S1: ("S.Par.", "S.E."), Edu.S2: ("S.Par., M.Par.",)},
            ("Pariwisata", "Manajemen"),
        ),
        _fam(
            "manggala_informatika",
            "Manggala Informatika",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.35,
            {},
            ("Teknik Informatika", "Sistem Informasi", "Magister Sistem Informasi"),
        ),
        _fam(
            "peneliti",
            "Peneliti",
            "ahli",
            {Edu.S2: 80, Edu.S3: 20},
            0.5,
            {},
            ("Ekonomi Pembangunan", "Sosiologi", "Magister Studi Pembangunan"),
            min_age=27,
        ),
        _fam(
            "analis_anggaran",
            "Analis Anggaran",
            "ahli",
            {Edu.S1: 75, Edu.S2: 25},
            0.55,
            {},
            ("Akuntansi", "Manajemen", "Ekonomi Pembangunan", "Magister Akuntansi"),
        ),
        _fam(
            "penata_laksana_barang",
            "Penata Laksana Barang",
            "terampil",
            {Edu.D3: 100},
            0.45,
            {},
            ("Akuntansi", "Administrasi Bisnis"),
        ),
        _fam(
            "pengawas_lh",
            "Pengawas Lingkungan Hidup",
            "campuran",
            {Edu.D3: 25, Edu.S1: 65, Edu.S2: 10},
            0.4,
            {},
            ("Teknik Lingkungan", "Biologi", "Kimia", "Magister Ilmu Lingkungan"),
        ),
        _fam(
            "penggerak_swadaya",
            "Penggerak Swadaya Masyarakat",
            "campuran",
            {Edu.D3: 20, Edu.S1: 75, Edu.S2: 5},
            0.5,
            {},
            ("Sosiologi", "Ilmu Pemerintahan", "Ilmu Kesejahteraan Sosial"),
        ),
        _fam(
            "paramedik_veteriner",
            "Paramedik Veteriner",
            "terampil",
            {Edu.D3: 100},
            0.4,
            {Edu.D3: ("A.Md.Vet.",)},
            ("Kesehatan Hewan",),
        ),
        _fam(
            "analis_ketahanan_pangan",
            "Analis Ketahanan Pangan",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.55,
            {},
            ("Agribisnis", "Agroteknologi", "Gizi"),
        ),
        _fam(
            "penyuluh_perikanan",
            "Penyuluh Perikanan",
            "campuran",
            {Edu.D3: 20, Edu.S1: 75, Edu.S2: 5},
            0.35,
            {},
            ("Perikanan",),
        ),
        _fam(
            "pembina_industri",
            "Pembina Industri",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.45,
            {},
            ("Teknik Elektro", "Manajemen", "Teknik Sipil"),
        ),
        _fam(
            "instruktur",
            "Instruktur",
            "campuran",
            {Edu.D3: 35, Edu.S1: 60, Edu.S2: 5},
            0.35,
            {},
            ("Teknik Elektro", "Teknik Informatika", "Manajemen"),
        ),
        _fam(
            "analis_penanaman_modal",
            "Analis Penanaman Modal",
            "ahli",
            {Edu.S1: 80, Edu.S2: 20},
            0.5,
            {},
            ("Manajemen", "Ekonomi Pembangunan", "Hukum"),
        ),
        _fam(
            "penata_perizinan",
            "Penata Perizinan",
            "campuran",
            {Edu.D3: 30, Edu.S1: 65, Edu.S2: 5},
            0.55,
            {},
            ("Administrasi Publik", "Hukum", "Teknik Sipil"),
        ),
        _fam(
            "analis_kebencanaan",
            "Analis Kebencanaan",
            "ahli",
            {Edu.S1: 85, Edu.S2: 15},
            0.3,
            {},
            ("Teknik Sipil", "Teknik Lingkungan", "Ilmu Pemerintahan"),
        ),
        _fam(
            "psikolog_klinis",
            "Psikolog Klinis",
            "ahli",
            {Edu.S2: 100},
            0.75,
            {Edu.S2: ("S.Psi., M.Psi.",)},
            ("Magister Psikologi Profesi",),
            min_age=26,
        ),
        _fam(
            "pelaksana",
            "Pelaksana",
            "pelaksana",
            {Edu.S1: 45, Edu.D3: 15, Edu.SLTA: 32, Edu.S2: 4, Edu.D4: 4},
            0.44,
            pppk=0.4,
            paruh_waktu=4.0,
            min_age=20,
        ),
    ]
}

# Pelaksana by education, older staff: more SLTA and some SD/SLTP.
PELAKSANA_OLDER: tuple[tuple[Edu, float], ...] = (
    (Edu.S1, 30),
    (Edu.SLTA, 38),
    (Edu.D3, 10),
    (Edu.SLTP, 8),
    (Edu.SD, 5),
    (Edu.S2, 4),
    (Edu.D1, 2),
    (Edu.D2, 2),
    (Edu.SLTP_KEJURUAN, 1),
)

# Pelaksana position names (KepmenPANRB 11/2024) by education band and the unit's line of work;
# their kelas jabatan come from the catalog.
PELAKSANA_TITLES: dict[str, dict[str, tuple[tuple[str, float], ...]]] = {
    "dasar": {"umum": (("Pengelola Umum Operasional", 1),)},
    "slta": {
        "umum": (("Pengadministrasi Perkantoran", 6), ("Operator Layanan Operasional", 4)),
        "kesehatan": (("Operator Layanan Kesehatan", 6), ("Pengadministrasi Perkantoran", 4)),
        "lapangan": (("Teknisi Sarana dan Prasarana", 5), ("Operator Layanan Operasional", 5)),
    },
    "d3": {
        "umum": (("Pengelola Layanan Operasional", 6), ("Pengolah Data dan Informasi", 4)),
        "kesehatan": (("Pengelola Layanan Kesehatan", 6), ("Pengelola Layanan Operasional", 4)),
        "hukum": (("Dokumentalis Hukum", 6), ("Pengelola Layanan Operasional", 4)),
        "ti": (("Pengolah Data dan Informasi", 7), ("Pengelola Layanan Operasional", 3)),
    },
    "s1": {
        "umum": (("Penata Layanan Operasional", 6), ("Penelaah Teknis Kebijakan", 4)),
        "kesehatan": (
            ("Penata Kelola Layanan Kesehatan", 6),
            ("Penata Layanan Operasional", 4),
        ),
        "ti": (
            ("Penata Kelola Sistem dan Teknologi Informasi", 6),
            ("Penata Layanan Operasional", 4),
        ),
        "wilayah": (("Fasilitator Pemerintahan", 5), ("Penata Layanan Operasional", 5)),
        "hukum": (
            ("Penyusun Materi Hukum dan Perundang-undangan", 6),
            ("Penelaah Teknis Kebijakan", 4),
        ),
    },
}
EDUCATION_BAND: dict[Edu, str] = {
    Edu.SD: "dasar",
    Edu.SLTP: "dasar",
    Edu.SLTP_KEJURUAN: "dasar",
    Edu.SLTA: "slta",
    Edu.D1: "slta",
    Edu.D2: "slta",
    Edu.D3: "d3",
    Edu.D4: "s1",
    Edu.S1: "s1",
    Edu.PROFESI: "s1",
    Edu.S2: "s1",
    Edu.S3: "s1",
}
FIELD_OPDS = ("lingkungan hidup", "perhubungan", "kebakaran", "pekerjaan umum", "perumahan")


def _work_context(unit: OrgUnit, opd: OrgUnit | None, parent: OrgUnit | None) -> str:
    """The line of work that picks pelaksana titles: kesehatan, ti, hukum, wilayah, lapangan."""
    opd_name = opd.name.lower() if opd is not None else ""
    if unit.kind in (OrgUnitKind.PUSKESMAS, OrgUnitKind.RSUD) or (
        opd is not None and _is_health(opd)
    ):
        return "kesehatan"
    if "informatika" in opd_name:
        return "ti"
    if "hukum" in unit.name.lower() or (parent is not None and "hukum" in parent.name.lower()):
        return "hukum"
    if opd is not None and opd.kind == OrgUnitKind.KECAMATAN:
        return "wilayah"
    if any(k in opd_name for k in FIELD_OPDS):
        return "lapangan"
    return "umum"


# Family mixes per kind of unit: (family key, weight).
FamilyMix = tuple[tuple[str, float], ...]
MIX_SCHOOL: FamilyMix = (("guru", 92), ("pelaksana", 8))
MIX_PUSKESMAS: FamilyMix = (
    ("dokter", 7),
    ("dokter_gigi", 3),
    ("perawat", 22),
    ("bidan", 20),
    ("apoteker", 3),
    ("asisten_apoteker", 4),
    ("pranata_lab", 5),
    ("nutrisionis", 4),
    ("sanitarian", 4),
    ("penyuluh_kesmas", 4),
    ("perekam_medis", 4),
    ("epidemiolog", 1),
    ("pelaksana", 19),
)
MIX_RSUD: FamilyMix = (
    ("dokter", 5),
    ("dokter_spesialis", 8),
    ("dokter_gigi", 1),
    ("perawat", 38),
    ("bidan", 7),
    ("apoteker", 3),
    ("asisten_apoteker", 4),
    ("pranata_lab", 4),
    ("radiografer", 2),
    ("fisioterapis", 2),
    ("nutrisionis", 2),
    ("perekam_medis", 4),
    ("sanitarian", 1),
    ("pelaksana", 20),
)
MIX_SECRETARIAT: FamilyMix = (
    ("analis_kepegawaian", 8),
    ("perencana", 7),
    ("analis_keuangan", 8),
    ("arsiparis", 6),
    ("pranata_komputer", 4),
    ("pengelola_pbj", 3),
    ("pelaksana", 64),
)
MIX_KELURAHAN: FamilyMix = (("pelaksana", 95), ("penggerak_swadaya", 5))
MIX_KECAMATAN: FamilyMix = (
    ("pelaksana", 80),
    ("penggerak_swadaya", 6),
    ("analis_kebijakan", 6),
    ("analis_keuangan", 6),
    ("arsiparis", 4),
    ("pranata_komputer", 4),
)
MIX_INSPEKTORAT: FamilyMix = (("auditor", 45), ("p2upd", 30), ("pelaksana", 25))
MIX_SATPOL: FamilyMix = (("polpp", 75), ("pelaksana", 25))
MIX_DEFAULT: FamilyMix = (("analis_kebijakan", 6), ("pelaksana", 60))

# OPD-specific families, matched on the OPD's name (first match wins; order matters: BKPP's name
# also contains "pendidikan"). The default mix (analis kebijakan, pelaksana) is added.
OPD_MIXES: tuple[tuple[tuple[str, ...], FamilyMix], ...] = (
    (
        ("kepegawaian",),
        (
            ("analis_kepegawaian", 45),
            ("asesor_sdm", 8),
            ("widyaiswara", 8),
            ("pranata_komputer", 5),
        ),
    ),
    (
        ("komunikasi", "informatika"),
        (
            ("pranata_komputer", 30),
            ("pranata_humas", 18),
            ("statistisi", 10),
            ("sandiman", 8),
            ("manggala_informatika", 6),
        ),
    ),
    (("riset", "inovasi"), (("peneliti", 25), ("analis_kebijakan", 10), ("perencana", 5))),
    (
        ("perencanaan pembangunan", "bappeda", "bapperida"),
        (("perencana", 50), ("analis_anggaran", 5), ("statistisi", 5), ("analis_kebijakan", 5)),
    ),
    (("pendidikan",), (("pengawas_sekolah", 15), ("penilik", 5), ("pamong_belajar", 5))),
    (
        ("kesehatan",),
        (
            ("adminkes", 15),
            ("epidemiolog", 10),
            ("sanitarian", 8),
            ("penyuluh_kesmas", 8),
            ("apoteker", 4),
        ),
    ),
    (
        ("pengelola keuangan", "aset"),
        (("analis_keuangan", 25), ("analis_anggaran", 10), ("penata_laksana_barang", 10)),
    ),
    (("pendapatan",), (("analis_keuangan", 30),)),
    (("ketahanan pangan",), (("analis_ketahanan_pangan", 15), ("penyuluh_pertanian", 5))),
    (("perikanan",), (("penyuluh_perikanan", 20),)),
    (
        ("pertanian", "peternakan"),
        (("penyuluh_pertanian", 30), ("medik_veteriner", 5), ("paramedik_veteriner", 5)),
    ),
    (("perhubungan",), (("penguji_kendaraan", 15),)),
    (("lingkungan hidup",), (("pengendali_dampak", 10), ("pengawas_lh", 10))),
    (("pekerjaan umum",), (("teknik_jalan", 20), ("teknik_pengairan", 10))),
    (("penataan ruang", "tata ruang"), (("penata_ruang", 20), ("teknik_bangunan", 5))),
    (("perumahan", "permukiman"), (("teknik_bangunan", 20),)),
    (("sosial",), (("pekerja_sosial", 20), ("penyuluh_sosial", 8))),
    (("kependudukan", "pencatatan sipil"), (("adminduk", 20),)),
    (("kebakaran",), (("pemadam", 60), ("analis_kebakaran", 8))),
    (("perpustakaan", "arsip"), (("pustakawan", 25), ("arsiparis", 20))),
    (("keluarga berencana", "pengendalian penduduk"), (("penyuluh_kb", 30),)),
    (("perempuan", "perlindungan anak"), (("pekerja_sosial", 8), ("psikolog_klinis", 3))),
    (("tenaga kerja",), (("pengantar_kerja", 10), ("mediator", 8), ("instruktur", 8))),
    (("perdagangan",), (("penera", 8), ("pengawas_perdagangan", 8))),
    (("perindustrian",), (("pembina_industri", 10),)),
    (("koperasi",), (("pengawas_koperasi", 10),)),
    (("kebudayaan", "pariwisata"), (("pamong_budaya", 10), ("adyatama", 10))),
    (("penanaman modal",), (("analis_penanaman_modal", 10), ("penata_perizinan", 15))),
    (("bencana",), (("analis_kebencanaan", 10),)),
    (("kesatuan bangsa",), (("analis_kebijakan", 10),)),
    (("sekretariat dprd", "dewan perwakilan"), (("perancang", 6), ("pranata_humas", 6))),
)
# Bagian of the Sekretariat Daerah, matched on the unit's own name.
UNIT_MIXES: tuple[tuple[tuple[str, ...], FamilyMix], ...] = (
    (("hukum",), (("perancang", 15), ("analis_hukum", 12), ("pelaksana", 40))),
    (("pengadaan",), (("pengelola_pbj", 25), ("pelaksana", 35))),
    (
        ("protokol", "komunikasi pimpinan", "kehumasan"),
        (("pranata_humas", 20), ("pelaksana", 40)),
    ),
    (("organisasi",), (("analis_kebijakan", 15), ("analis_kepegawaian", 5), ("pelaksana", 40))),
    (("keuangan",), (("analis_keuangan", 20), ("pelaksana", 40))),
    (("tata usaha", "rumah tangga", "umum"), (("arsiparis", 10), ("pelaksana", 50))),
)

# How many non-structural staff a unit of each kind holds, relative to the others.
UNIT_WEIGHT: dict[str, float] = {
    OrgUnitKind.PEMERINTAH_KOTA: 0,
    OrgUnitKind.SEKRETARIAT_DAERAH: 8,
    OrgUnitKind.SEKRETARIAT_DPRD: 30,
    OrgUnitKind.INSPEKTORAT: 45,
    OrgUnitKind.DINAS: 3,
    OrgUnitKind.BADAN: 3,
    OrgUnitKind.SATPOL_PP: 120,
    OrgUnitKind.RSUD: 450,
    OrgUnitKind.KECAMATAN: 8,
    OrgUnitKind.KELURAHAN: 5,
    OrgUnitKind.ASISTEN: 1,
    OrgUnitKind.BAGIAN: 5,
    OrgUnitKind.BIDANG: 6,
    OrgUnitKind.SEKRETARIAT: 6,
    OrgUnitKind.SUBBAGIAN: 3,
    OrgUnitKind.SEKSI: 3,
    OrgUnitKind.UPT: 8,
    OrgUnitKind.PUSKESMAS: 24,
    OrgUnitKind.SEKOLAH: 10,
}
# OPDs with many field staff (fire fighters, cleaning and traffic crews).
OPD_WEIGHT_FACTOR: tuple[tuple[str, float], ...] = (
    ("kebakaran", 3.0),
    ("lingkungan hidup", 2.0),
    ("perhubungan", 2.0),
    ("pekerjaan umum", 1.5),
)


# --- small helpers -------------------------------------------------------------------------------


class Choice:
    """Weighted choice over a fixed table, with the cumulative weights computed once."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Iterable[tuple[Any, float]]) -> None:
        pairs = [(item, w) for item, w in pairs if w > 0]
        if not pairs:
            raise ValueError("a choice needs at least one positive weight")
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _add_years(day: dt.date, years: float) -> dt.date:
    return day + dt.timedelta(days=round(years * 365.2425))


def _first_of_next_month(day: dt.date) -> dt.date:
    if day.day == 1:
        return day
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _next_period(day: dt.date) -> dt.date:
    """The next kenaikan pangkat period on or after ``day``: 1 April or 1 October."""
    for candidate in (dt.date(day.year, 4, 1), dt.date(day.year, 10, 1)):
        if candidate >= day:
            return candidate
    return dt.date(day.year + 1, 4, 1)


def _ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", "", text)


def _weighted_sample(
    rng: random.Random, items: Sequence[int], weights: Sequence[float], k: int
) -> list[int]:
    """``k`` items without replacement, each drawn with its weight (Efraimidis–Spirakis)."""
    keyed = [
        (rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True) if w > 0
    ]
    keyed.sort(reverse=True)
    return [item for _, item in keyed[:k]]


# --- reference data ------------------------------------------------------------------------------


class DemoSetupError(RuntimeError):
    """The database lacks what the generator needs (migrations not applied)."""


@dataclass
class References:
    """The regulation tables, read once: ranks by order, education levels, BUP."""

    pns: list[Rank]
    pppk: list[Rank]
    education: dict[Edu, EducationLevel]
    pns_index: dict[int, int]  # rank pk -> index in ``pns``
    pppk_index: dict[int, int]
    bup: dict[tuple[str, str], int]

    @classmethod
    def load(cls) -> References:
        ranks = list(Rank.objects.order_by("kind", "order"))
        pns = [r for r in ranks if r.kind == RankKind.PNS]
        pppk = [r for r in ranks if r.kind == RankKind.PPPK]
        education: dict[Edu, EducationLevel] = {}
        for level in EducationLevel.objects.all():
            try:
                education[rules.normalise_education(level.code)] = level
            except rules.RuleError:
                continue
        bup = bup_table()
        missing = [str(e) for e in (Edu.SLTA, Edu.D3, Edu.S1, Edu.S2) if e not in education]
        if not pns or not pppk or missing or not bup:
            raise DemoSetupError(
                "Tabel golongan, pendidikan atau BUP kosong. Jalankan `penata migrate` dahulu."
            )
        return cls(
            pns=pns,
            pppk=pppk,
            education=education,
            pns_index={r.pk: i for i, r in enumerate(pns)},
            pppk_index={r.pk: i for i, r in enumerate(pppk)},
            bup=bup,
        )

    def min_bup(self, kind: str) -> int:
        ages = [age for (k, _level), age in self.bup.items() if k == kind]
        return min(ages) if ages else 58


@dataclass
class DemoData:
    """The data files: names, places of birth, majors and titles (``indonesian_names.json``)."""

    given: dict[str, list[str]]  # by gender value "L"/"P"
    second: dict[str, list[str]]
    places: list[tuple[str, float]]
    titles: dict[Edu, list[str]]  # back titles by education
    majors: dict[Edu, list[str]]
    title_by_major: dict[Edu, dict[str, str]]
    catalog: dict[str, Any]

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> DemoData:
        names = json.loads((data_dir / "indonesian_names.json").read_text(encoding="utf-8"))
        catalog_path = data_dir / "positions_catalog.json"
        catalog = (
            json.loads(catalog_path.read_text(encoding="utf-8")) if catalog_path.exists() else {}
        )
        hints = names.get("second_gender_hint", {})
        male_only, female_only = set(hints.get("male", [])), set(hints.get("female", []))
        second = list(names["family_or_second"])
        return cls(
            given={"L": list(names["male_given"]), "P": list(names["female_given"])},
            second={
                "L": [n for n in second if n not in female_only],
                "P": [n for n in second if n not in male_only],
            },
            places=[(p["name"], float(p.get("weight", 1))) for p in names["places_of_birth"]],
            titles=_by_education(names.get("back_titles_by_education", {})),
            majors=_by_education(names.get("majors_by_education", {})),
            title_by_major={
                rules.normalise_education(k): dict(v)
                for k, v in names.get("back_title_by_major", {}).items()
            },
            catalog=catalog,
        )


def _by_education(value: Mapping[str, Any]) -> dict[Edu, list[str]]:
    out: dict[Edu, list[str]] = {}
    for key, items in value.items():
        try:
            out.setdefault(rules.normalise_education(key), []).extend(items)
        except rules.RuleError:
            continue
    return out


# --- units and positions -------------------------------------------------------------------------


@dataclass
class UnitInfo:
    unit: OrgUnit
    opd: OrgUnit | None
    parent: OrgUnit | None
    mix: Choice
    weight: float
    category: str  # "school", "health" or "other"
    context: str  # line of work for pelaksana titles


@dataclass
class Slot:
    """A structural post to fill, or a place for one non-structural employee."""

    unit: UnitInfo
    family: Family
    struct: StructSpec | None = None
    etype: str = EmploymentType.PNS


@dataclass(frozen=True)
class StructSpec:
    name: str
    kind: str
    class_grade: int
    is_key: bool
    min_age: int
    tenure: int  # years of service at least
    education: tuple[tuple[Edu, float], ...]
    female: float
    priority: int  # 0 JPT, 1 administrator, 2 pengawas and Kepala Sekolah
    family: str = ""  # for titles and majors; Kepala Sekolah: "guru" (a functional post)


_JPT_EDU = ((Edu.S2, 80.0), (Edu.S3, 12.0), (Edu.S1, 8.0))
_ADM_EDU = ((Edu.S2, 60.0), (Edu.S1, 38.0), (Edu.S3, 2.0))
_PGW_EDU = ((Edu.S1, 60.0), (Edu.S2, 35.0), (Edu.D3, 5.0))
_DOC_EDU = ((Edu.PROFESI, 40.0), (Edu.S2, 60.0))


def _strip_prefix(name: str, *prefixes: str) -> str:
    for prefix in prefixes:
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :]
    return name


# Fallbacks where the catalog has no template: (position kind, title template).
DEFAULT_HEADS: dict[str, tuple[str, str]] = {
    OrgUnitKind.SEKRETARIAT_DAERAH: (K.JPT_PRATAMA, "Sekretaris Daerah"),
    OrgUnitKind.SEKRETARIAT_DPRD: (K.JPT_PRATAMA, "Sekretaris DPRD"),
    OrgUnitKind.INSPEKTORAT: (K.JPT_PRATAMA, "Inspektur"),
    OrgUnitKind.DINAS: (K.JPT_PRATAMA, "Kepala {name}"),
    OrgUnitKind.BADAN: (K.JPT_PRATAMA, "Kepala {name}"),
    OrgUnitKind.SATPOL_PP: (K.JPT_PRATAMA, "Kepala {name}"),
    OrgUnitKind.RSUD: (K.JPT_PRATAMA, "Direktur {name}"),
    OrgUnitKind.ASISTEN: (K.JPT_PRATAMA, "{name}"),
    OrgUnitKind.KECAMATAN: (K.ADMINISTRATOR, "Camat {name_without_prefix}"),
    OrgUnitKind.SEKRETARIAT: (K.ADMINISTRATOR, "Sekretaris {parent_kind_label}"),
    OrgUnitKind.BAGIAN: (K.ADMINISTRATOR, "Kepala {name}"),
    OrgUnitKind.BIDANG: (K.ADMINISTRATOR, "Kepala {name}"),
    OrgUnitKind.SUBBAGIAN: (K.PENGAWAS, "Kepala {name}"),
    OrgUnitKind.SEKSI: (K.PENGAWAS, "Kepala {name}"),
    OrgUnitKind.UPT: (K.PENGAWAS, "Kepala {name}"),
    OrgUnitKind.KELURAHAN: (K.PENGAWAS, "Lurah {name_without_prefix}"),
    OrgUnitKind.PUSKESMAS: (K.FUNGSIONAL, "Kepala {name}"),
    OrgUnitKind.SEKOLAH: (K.FUNGSIONAL, "Kepala {name}"),
}
PARENT_KIND_LABEL: dict[str, str] = {
    OrgUnitKind.DINAS: "Dinas",
    OrgUnitKind.BADAN: "Badan",
    OrgUnitKind.INSPEKTORAT: "Inspektorat",
    OrgUnitKind.SATPOL_PP: "Satuan Polisi Pamong Praja",
    OrgUnitKind.KECAMATAN: "Camat",
    OrgUnitKind.KELURAHAN: "Kelurahan",
    OrgUnitKind.SEKRETARIAT_DPRD: "DPRD",
    OrgUnitKind.RSUD: "Rumah Sakit",
}
KETERAMPILAN_ORDER = (L.PEMULA, L.TERAMPIL, L.MAHIR, L.PENYELIA)
KEAHLIAN_ORDER = (L.AHLI_PERTAMA, L.AHLI_MUDA, L.AHLI_MADYA, L.AHLI_UTAMA)


@dataclass
class Catalog:
    """``positions_catalog.json``: head titles, kelas jabatan and the levels of each JF."""

    heads_by_code: dict[str, tuple[str, str]]  # unit code -> (title, position kind)
    templates: dict[str, tuple[str, str]]  # unit kind -> (position kind, title template)
    kelas: dict[str, int]
    kelas_functional: dict[str, int]
    kelas_pelaksana: dict[str, int]
    kelas_overrides: dict[str, int]
    levels: dict[str, tuple[str, ...]]  # JF name -> its levels

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Catalog:
        kelas = data.get("kelas_jabatan", {})
        return cls(
            heads_by_code={
                h["unit_code"]: (h["title"], h["kind"]) for h in data.get("opd_heads", [])
            },
            templates={
                kind: (v["kind"], v["title"])
                for kind, v in data.get("head_by_unit_kind", {}).items()
            },
            kelas={k: v for k, v in kelas.items() if isinstance(v, int)},
            kelas_functional=dict(kelas.get("fungsional", CLASS_FUNCTIONAL)),
            kelas_pelaksana={
                d["name"]: d["kelas_jabatan"] for d in data.get("pelaksana_details", [])
            },
            kelas_overrides=dict(data.get("kelas_jabatan_overrides", {})),
            levels={f["name"]: tuple(f.get("levels", ())) for f in data.get("fungsional", [])},
        )

    def structural_class(self, title: str, kind: str) -> int:
        for key, grade in self.kelas_overrides.items():
            if title == key or title.startswith(key + " "):
                return grade
        return self.kelas.get(kind, DEFAULT_STRUCTURAL_CLASS.get(kind, 9))

    def functional_class(self, level: str) -> int:
        return self.kelas_functional.get(level, CLASS_FUNCTIONAL.get(level, 8))

    def clamp_level(self, name: str, level: str) -> str:
        """The nearest level the JF ``name`` has (Pengawas Sekolah starts at ahli muda)."""
        allowed = self.levels.get(name)
        if not allowed or level in allowed:
            return level
        ladder = KETERAMPILAN_ORDER if level in KETERAMPILAN else KEAHLIAN_ORDER
        same = [lv for lv in ladder if lv in allowed]
        if not same:
            return level
        i = ladder.index(level)
        return min(same, key=lambda lv: (abs(ladder.index(lv) - i), -ladder.index(lv)))


DEFAULT_STRUCTURAL_CLASS: dict[str, int] = {K.JPT_PRATAMA: 14, K.ADMINISTRATOR: 12, K.PENGAWAS: 9}


def _is_health(unit: OrgUnit) -> bool:
    return unit.kind == OrgUnitKind.RSUD or "kesehatan" in unit.name.lower()


def _structural(unit: OrgUnit, parent: OrgUnit | None, catalog: Catalog) -> StructSpec | None:
    """The head post of a unit (from the catalog), or ``None`` for units without one."""
    kind = unit.kind
    if unit.code in catalog.heads_by_code:
        title, pkind = catalog.heads_by_code[unit.code]
    else:
        head = catalog.templates.get(kind) or DEFAULT_HEADS.get(kind)
        if head is None:
            return None
        pkind, template = head
        if kind == OrgUnitKind.BIDANG and unit.name.lower().startswith("inspektur"):
            template = "{name}"  # Inspektur Pembantu Wilayah: the unit name is the title
        label = PARENT_KIND_LABEL.get(parent.kind, "") if parent is not None else ""
        title = template.format(
            name=unit.name,
            name_without_prefix=_strip_prefix(unit.name, "Kecamatan", "Kelurahan"),
            parent_kind_label=label,
        ).strip()
    title = title[:200]
    doctor = unit.is_opd and _is_health(unit)
    if pkind == K.JPT_PRATAMA:
        edu = _DOC_EDU if doctor else _JPT_EDU
        return StructSpec(
            title, pkind, catalog.structural_class(title, pkind), True, 45, 20, edu, 0.25, 0,
            "dokter" if doctor else "",
        )  # fmt: skip
    if pkind == K.ADMINISTRATOR:
        edu = _DOC_EDU if doctor else _ADM_EDU
        return StructSpec(
            title, pkind, catalog.structural_class(title, pkind), True, 38, 14, edu, 0.38, 1,
            "dokter" if doctor else "",
        )  # fmt: skip
    if pkind == K.PENGAWAS:
        return StructSpec(
            title, pkind, catalog.structural_class(title, pkind), False, 32, 8, _PGW_EDU, 0.45, 2
        )
    if kind == OrgUnitKind.SEKOLAH:  # tugas tambahan of a Guru
        return StructSpec(
            title, K.FUNGSIONAL, 0, True, 42, 12, ((Edu.S1, 55.0), (Edu.S2, 45.0)), 0.55, 2,
            "guru",
        )  # fmt: skip
    if kind == OrgUnitKind.PUSKESMAS:  # tugas tambahan of a Dokter
        return StructSpec(title, K.FUNGSIONAL, 0, True, 35, 8, _DOC_EDU, 0.55, 2, "dokter")
    return None


def _match(name: str, table: Sequence[tuple[tuple[str, ...], FamilyMix]]) -> FamilyMix | None:
    low = name.lower()
    for keywords, mix in table:
        if any(k in low for k in keywords):
            return mix
    return None


def _unit_mix(unit: OrgUnit, opd: OrgUnit | None, parent: OrgUnit | None) -> FamilyMix:
    kind = unit.kind
    if kind == OrgUnitKind.SEKOLAH:
        return MIX_SCHOOL
    if kind == OrgUnitKind.PUSKESMAS:
        return MIX_PUSKESMAS
    if (
        kind in (OrgUnitKind.BAGIAN, OrgUnitKind.SUBBAGIAN)
        and opd is not None
        and (opd.kind == OrgUnitKind.RSUD)
    ):
        return MIX_SECRETARIAT
    if kind == OrgUnitKind.RSUD or (opd is not None and opd.kind == OrgUnitKind.RSUD):
        return MIX_RSUD
    if kind == OrgUnitKind.KELURAHAN:
        return MIX_KELURAHAN
    if opd is not None and opd.kind == OrgUnitKind.KECAMATAN:
        return MIX_KECAMATAN
    if kind in (OrgUnitKind.SEKRETARIAT, OrgUnitKind.SUBBAGIAN) and (
        opd is None or opd.kind != OrgUnitKind.SEKRETARIAT_DAERAH
    ):
        return MIX_SECRETARIAT
    if opd is not None and opd.kind == OrgUnitKind.INSPEKTORAT:
        return MIX_INSPEKTORAT
    if opd is not None and opd.kind == OrgUnitKind.SATPOL_PP:
        return MIX_SATPOL
    # a subbagian of a Setda bagian takes the bagian's mix
    in_bagian = parent is not None and parent.kind == OrgUnitKind.BAGIAN
    own = _match(f"{unit.name} {parent.name if in_bagian and parent else ''}", UNIT_MIXES)
    if own is not None:
        return own
    specific = _match(opd.name, OPD_MIXES) if opd is not None else None
    return (specific or ()) + MIX_DEFAULT


def _unit_weight(unit: OrgUnit, opd: OrgUnit | None, n_children: int) -> float:
    weight = UNIT_WEIGHT.get(unit.kind, 3.0)
    if unit.kind == OrgUnitKind.RSUD and n_children < 5:
        weight /= 5  # a small (type D) hospital
    if unit.kind == OrgUnitKind.SEKOLAH:
        low = unit.name.lower()
        if "smp" in low:
            weight = 32
        elif low.startswith("tk") or " tk " in low:
            weight = 4
        else:
            weight = 10
    if opd is not None:
        low = opd.name.lower()
        for keyword, factor in OPD_WEIGHT_FACTOR:
            if keyword in low:
                weight *= factor
    return weight


def _category(unit: OrgUnit, opd: OrgUnit | None) -> str:
    if unit.kind == OrgUnitKind.SEKOLAH:
        return "school"
    if unit.kind in (OrgUnitKind.PUSKESMAS, OrgUnitKind.RSUD) or (
        opd is not None and opd.kind == OrgUnitKind.RSUD
    ):
        return "health"
    return "other"


# --- people --------------------------------------------------------------------------------------


# Relative weight of each age (years) among PNS: the bulge at 45–58.
def _pns_age_weight(age: int) -> float:
    if age < 25:
        return 0.6
    if age < 30:
        return 1.4
    if age < 35:
        return 1.8
    if age < 40:
        return 2.0
    if age < 45:
        return 2.2
    if age < 56:
        return 3.4
    return 2.8


def _pppk_age_weight(age: int) -> float:
    if age < 28:
        return 0.8
    if age < 35:
        return 1.6
    if age < 48:
        return 2.2
    return 1.0


def _pw_age_weight(age: int) -> float:
    if age < 25:
        return 1.0
    if age < 45:
        return 2.0
    return 1.0


_AGE_PROFILES: dict[str, Callable[[int], float]] = {
    EmploymentType.PNS: _pns_age_weight,
    EmploymentType.PPPK: _pppk_age_weight,
    EmploymentType.PPPK_PARUH_WAKTU: _pw_age_weight,
}

STATUS_CUTI = 0.015
STATUS_TUGAS_BELAJAR = 0.03  # of PNS aged 26-41 with S1/D-IV/profesi
PHONE_PREFIXES = (
    "811", "812", "813", "821", "822", "823", "852", "853", "851", "814", "815", "816",
    "855", "856", "857", "858", "817", "818", "819", "859", "877", "878", "895", "896",
    "897", "898", "899", "881", "882", "883", "887", "888", "889",
)  # fmt: skip
# Kota Semarang has 16 kecamatan: district codes 337401 … 337416 (Kemendagri).
NIK_DISTRICTS = tuple(f"{rules.KOTA_SEMARANG_REGENCY_CODE}{i:02d}" for i in range(1, 17))
PPPK_CONTRACT_CODES = Choice((("21", 8), ("22", 2)))
PARUH_WAKTU_CONTRACT_CODES = Choice((("24", 8), ("25", 2)))


@dataclass
class Person:
    """One generated employee before it is written: the row and its history."""

    employee: Employee
    position_key: tuple[int, str, str]
    rank_history: list[tuple[int, dt.date]]  # (rank index, TMT), oldest first
    level_history: list[tuple[str, str, dt.date]]  # earlier JF posts: (name, level, from)
    position_tmt: dt.date
    # an earlier post: (position kind held before, until when, title if pelaksana)
    previous_post: tuple[str, dt.date, str] | None = None


class Generator:
    """Builds the synthetic workforce in memory (no database access after construction)."""

    def __init__(
        self,
        *,
        refs: References,
        data: DemoData,
        units: Sequence[OrgUnit],
        seed: int,
        today: dt.date,
    ) -> None:
        self.refs = refs
        self.data = data
        self.seed = seed
        self.today = today
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, must be reproducible)
        by_pk = {u.pk: u for u in units}
        children = Counter(u.parent_id for u in units)
        self.units: list[UnitInfo] = []
        for unit in sorted(units, key=lambda u: u.code):
            if not unit.is_active:
                continue
            opd = by_pk.get(unit.opd_id) if unit.opd_id else None
            parent = by_pk.get(unit.parent_id) if unit.parent_id else None
            self.units.append(
                UnitInfo(
                    unit=unit,
                    opd=opd,
                    parent=parent,
                    mix=Choice((FAMILIES[k], w) for k, w in _unit_mix(unit, opd, parent)),
                    weight=_unit_weight(unit, opd, children[unit.pk]),
                    category=_category(unit, opd),
                    context=_work_context(unit, opd, parent),
                )
            )
        self.positions: dict[tuple[int, str, str], Position] = {}
        self.holders: Counter[tuple[int, str, str]] = Counter()
        self.nip_seq: Counter[str] = Counter()
        self.nik_seq: Counter[str] = Counter()
        self.emails: set[str] = set()
        self._email_next: dict[str, int] = {}
        self.phones: set[str] = set()
        self._age_tables: dict[tuple[str, int, int], Choice] = {}
        self._edu_choice: dict[Any, Choice] = {}
        self.given = {g: Choice((n, 1) for n in names) for g, names in data.given.items()}
        self.second = {g: Choice((n, 1) for n in names) for g, names in data.second.items()}
        self.places = Choice(data.places)
        # majors for people without a profession: no medicine, nursing or pharmacy
        self.generic_majors = {
            edu: [m for m in majors if not PROFESSION_MAJORS.search(m)]
            for edu, majors in data.majors.items()
        }
        self.catalog = Catalog.from_json(data.catalog)
        self._pelaksana: dict[tuple[str, str], Choice] = {}
        # PPPK paruh waktu: NI issued in 2025, in post from October 2025 (earlier dates: a year ago)
        self.pw_year = 2025 if today.year >= 2026 else today.year - 1
        self.pw_start = dt.date(self.pw_year, 10, 1)

    # -- plan ------------------------------------------------------------------------------------

    def plan(self, n: int, showcase_opds: Sequence[int]) -> list[Slot]:
        """Decide who works where: structural posts first, then staff by unit weights."""
        rng = self.rng
        showcase = set(showcase_opds)
        structural: list[tuple[UnitInfo, StructSpec]] = []
        for info in self.units:
            spec = _structural(info.unit, info.parent, self.catalog)
            if spec is not None:
                structural.append((info, spec))
                self._ensure_structural_position(info, spec)
        budget = min(len(structural), max(1, round(n * STRUCTURAL_BUDGET))) if n else 0

        def rank_of(item: tuple[UnitInfo, StructSpec]) -> tuple[int, float]:
            info, spec = item
            in_showcase = info.opd is not None and info.opd.pk in showcase
            first = 0 if in_showcase and spec.priority <= 1 else spec.priority + 1
            return (first, rng.random())

        ordered = sorted(structural, key=rank_of)
        slots: list[Slot] = []
        for info, spec in ordered:
            if len(slots) >= budget:
                break
            showcase_head = info.opd is not None and info.opd.pk in showcase
            if not showcase_head and rng.random() < 0.04:
                continue  # vacant (filled by a Plt. in real life)
            family = FAMILIES.get(spec.family or "", FAMILIES["pelaksana"])
            slots.append(Slot(unit=info, family=family, struct=spec))
        rest = n - len(slots)
        # Two staff in every sub-unit of the showcase OPDs, so the demo supervisors have a team.
        team_units = [
            info
            for info in self.units
            if info.opd is not None and info.opd.pk in showcase and info.unit.pk != info.opd.pk
        ]
        if rest >= 4 * len(team_units):
            for info in team_units:
                slots.extend(Slot(unit=info, family=info.mix(rng)) for _ in range(2))
            rest -= 2 * len(team_units)
        if rest > 0:
            slots.extend(self._staff_slots(rest))
        self._assign_employment_types(slots, n)
        return slots

    def _staff_slots(self, k: int) -> list[Slot]:
        """``k`` staff (fungsional/pelaksana) slots spread over the units by their weights."""
        rng = self.rng
        totals: dict[str, float] = {}
        for info in self.units:
            totals[info.category] = totals.get(info.category, 0.0) + info.weight
        target = {
            "school": SHARE_SCHOOLS,
            "health": SHARE_HEALTH,
            "other": 1 - SHARE_SCHOOLS - SHARE_HEALTH,
        }
        share = sum(target[c] for c in totals if totals[c] > 0)
        weights = [
            info.weight / totals[info.category] * target[info.category] / share
            if totals.get(info.category)
            else 0.0
            for info in self.units
        ]
        return [
            Slot(unit=info, family=info.mix(rng))
            for info in rng.choices(self.units, weights=weights, k=k)
        ]

    def plan_more_staff(self, n: int) -> list[Slot]:
        """A further batch of ``n`` staff for a large (national-size) data set generated in
        batches: no structural posts (the first batch filled them), the same employment-type
        shares."""
        slots = self._staff_slots(n)
        self._assign_employment_types(slots, n)
        return slots

    def _assign_employment_types(self, slots: list[Slot], n: int) -> None:
        rng = self.rng
        staff = [i for i, s in enumerate(slots) if s.struct is None]
        n_pppk = min(len(staff), round(n * SHARE_PPPK))
        chosen = _weighted_sample(rng, staff, [slots[i].family.pppk for i in staff], n_pppk)
        for i in chosen:
            slots[i].etype = EmploymentType.PPPK
        left = [i for i in staff if slots[i].etype == EmploymentType.PNS]
        n_pw = min(len(left), round(n * SHARE_PARUH_WAKTU))
        chosen = _weighted_sample(rng, left, [slots[i].family.paruh_waktu for i in left], n_pw)
        for i in chosen:
            slots[i].etype = EmploymentType.PPPK_PARUH_WAKTU

    # -- positions -------------------------------------------------------------------------------

    def _ensure_structural_position(self, info: UnitInfo, spec: StructSpec) -> None:
        if spec.kind == K.FUNGSIONAL:
            return  # Kepala Sekolah: created with its holder's level
        key = (info.unit.pk, spec.name[:200], "")
        if key not in self.positions:
            self.positions[key] = Position(
                name=spec.name[:200],
                kind=spec.kind,
                functional_level="",
                family="",
                class_grade=spec.class_grade,
                org_unit_id=info.unit.pk,
                formasi=1,
                is_key=spec.is_key,
            )

    def _position(
        self, info: UnitInfo, name: str, kind: str, level: str, family: str, grade: int
    ) -> tuple[int, str, str]:
        key = (info.unit.pk, name, level)
        if key not in self.positions:
            self.positions[key] = Position(
                name=name,
                kind=kind,
                functional_level=level,
                family=family,
                class_grade=grade,
                org_unit_id=info.unit.pk,
                formasi=1,
                is_key=False,
            )
        return key

    def finish_positions(self) -> list[Position]:
        """Set every position's formasi from its holders: mostly enough, often short."""
        rng = self.rng
        for key, pos in self.positions.items():
            h = self.holders[key]
            r = rng.random()
            pelaksana = pos.kind == K.PELAKSANA
            if h == 0:
                pos.formasi = 1
            elif pos.kind not in (K.FUNGSIONAL, K.PELAKSANA):
                pos.formasi = max(1, h)
            elif r < (0.15 if pelaksana else 0.03):
                pos.formasi = max(1, h - max(1, round(h * rng.uniform(0.1, 0.3))))  # surplus
            elif r < (0.60 if pelaksana else 0.45):
                pos.formasi = h
            elif r < (0.70 if pelaksana else 0.55):
                pos.formasi = h + 1
            else:
                pos.formasi = h + max(1, round(h * rng.uniform(0.2, 1.0)))  # shortage
        return list(self.positions.values())

    # -- one person ------------------------------------------------------------------------------

    def _age(self, etype: str, lo: int, hi: int) -> float:
        """An age in years (with fraction) from the profile of the employment type."""
        key = (etype, lo, hi)
        table = self._age_tables.get(key)
        if table is None:
            profile = _AGE_PROFILES[etype]
            table = Choice((a, profile(a)) for a in range(lo, max(lo, hi) + 1))
            self._age_tables[key] = table
        return table(self.rng) + self.rng.random()

    def _education(self, pairs: tuple[tuple[Edu, float], ...], age: float) -> Edu:
        feasible = tuple((e, w) for e, w in pairs if FINISH_AGE[e] + 1 <= age)
        if not feasible:
            return min(pairs, key=lambda p: FINISH_AGE[p[0]])[0]
        choice = self._edu_choice.get(feasible)
        if choice is None:
            choice = self._edu_choice[feasible] = Choice(feasible)
        return choice(self.rng)

    def person(self, slot: Slot) -> Person:
        rng, refs, today = self.rng, self.refs, self.today
        fam, spec, etype, info = slot.family, slot.struct, slot.etype, slot.unit
        # 1. gender and age
        female_share = spec.female if spec else fam.female
        gender = rules.Gender.FEMALE if rng.random() < female_share else rules.Gender.MALE
        if spec is not None:
            kind = spec.kind
            lo = spec.min_age
        else:
            kind = K.PELAKSANA if fam.ladder == "pelaksana" else K.FUNGSIONAL
            lo = fam.min_age if etype == EmploymentType.PNS else max(fam.min_age, 22)
        hi = refs.min_bup(kind) - 1
        age = self._age(str(etype), lo, hi)
        # 2. education
        if spec is not None:
            pairs = spec.education
        elif fam.ladder == "pelaksana" and age >= 45:
            pairs = PELAKSANA_OLDER
        else:
            pairs = fam.education
        edu = self._education(pairs, age)
        if edu not in refs.education:
            edu = Edu.S1
        level_row = refs.education[edu]
        birth = today - dt.timedelta(days=int(age * 365.2425))
        if birth.month == 2 and birth.day == 29:
            birth = birth.replace(day=28)
        # 3. appointment, rank and its history
        rank_history: list[tuple[int, dt.date]] = []
        tmt_cpns: dt.date | None = None
        rank: Rank | None = None
        rank_tmt: dt.date | None = None
        contract_year = 0
        if etype == EmploymentType.PNS:
            tmt_cpns = self._tmt_cpns(birth, age, edu, spec.tenure if spec else 0)
            entry = (
                refs.pns_index[level_row.pns_entry_rank_id] if level_row.pns_entry_rank_id else 0
            )
            cap = refs.pns_index[level_row.pns_cap_rank_id] if level_row.pns_cap_rank_id else entry
            step = rng.choices((4, 5, 6), weights=(65, 25, 10))[0]
            idx, when = entry, tmt_cpns
            rank_history.append((idx, when))
            i = 1
            while idx < cap:
                nxt = _next_period(_add_years(tmt_cpns, i * step))
                if nxt > today:
                    break
                idx, when = idx + 1, nxt
                rank_history.append((idx, when))
                i += 1
            rank, rank_tmt = refs.pns[idx], when
        elif etype == EmploymentType.PPPK:
            # PPPK intakes 2021-2025 (more in 2022-2023), at 19 or older
            weights = {2021: 1.0, 2022: 2.5, 2023: 2.5, 2024: 2.0, 2025: 2.0}
            years = [y for y in weights if birth.year + 19 <= y <= today.year]
            contract_year = (
                rng.choices(years, weights=[weights[y] for y in years])[0] if years else today.year
            )
            month = rng.choice((1, 3, 4, 7, 10))
            rank_tmt = dt.date(contract_year, month, 1)
            if rank_tmt > today:
                rank_tmt = dt.date(contract_year, 1, 1)
            grade = level_row.pppk_entry_grade_id
            idx = refs.pppk_index[grade] if grade else 0
            rank = refs.pppk[idx]
            rank_history.append((idx, rank_tmt))
        else:
            contract_year = self.pw_year
        # 4. position
        level = ""
        appointed = tmt_cpns or rank_tmt or self.pw_start
        jf_since = appointed  # when the current functional level began
        level_history: list[tuple[str, str, dt.date]] = []
        if spec is not None and spec.kind != K.FUNGSIONAL:
            name, pkind, grade, fam_name = spec.name[:200], spec.kind, spec.class_grade, ""
        elif fam.ladder == "pelaksana":
            name = self._pelaksana_title(edu, info.context)
            grade = self.catalog.kelas_pelaksana.get(name, 6)
            pkind, fam_name = K.PELAKSANA, ""
        else:
            jf_level = self._level(fam, edu, etype, rank)
            if etype == EmploymentType.PNS:
                for past_idx, since in rank_history:
                    past = self._level(fam, edu, etype, refs.pns[past_idx])
                    if past == jf_level:
                        jf_since = since
                        break
                    if not level_history or level_history[-1][1] != past:
                        level_history.append((fam.position_name(past), past, since))
            pkind, fam_name = K.FUNGSIONAL, fam.position_name(jf_level)
            grade = self.catalog.functional_class(jf_level)
            if spec is not None:
                # tugas tambahan (Kepala Sekolah/Puskesmas): the post has no level of its own;
                # the holder's JF level goes into the history
                name, grade = spec.name, grade + 1
                level_history.append((fam.position_name(jf_level), jf_level, jf_since))
            else:
                name, level = fam_name, jf_level
        key = self._position(info, name, pkind, level, fam_name, min(grade, 17))
        self.holders[key] += 1
        # 5. identity
        nip = self._nip(birth, gender, etype, tmt_cpns, contract_year)
        given, second = self._name(gender)
        front, back, major = self._degree(fam, spec, edu, gender, birth)
        status = EmployeeStatus.AKTIF
        r = rng.random()
        if r < STATUS_CUTI * (2.5 if gender == rules.Gender.FEMALE and age < 40 else 1):
            status = EmployeeStatus.CUTI
        elif (
            etype == EmploymentType.PNS
            and spec is None
            and 26 <= age < 42
            and edu in (Edu.S1, Edu.D4, Edu.PROFESI)
            and rng.random() < STATUS_TUGAS_BELAJAR
        ):
            status = EmployeeStatus.TUGAS_BELAJAR  # studying for S2 or a specialisation
        full = f"{given} {second}".strip()
        employee = Employee(
            nip=nip,
            name=full,
            front_title=front,
            back_title=back[:60],
            gender=str(gender),
            birth_place=self.places(rng),
            birth_date=birth,
            employment_type=str(etype),
            rank=rank,
            rank_tmt=rank_tmt,
            education=level_row,
            major=major,
            org_unit_id=info.unit.pk,
            tmt_cpns=tmt_cpns,
            status=status,
            retirement_date=retirement_date_for(
                birth_date=birth, position_kind=pkind, functional_level=level, table=refs.bup
            ),
            email=self._email(given, second, birth),
            phone=self._phone(),
            nik=self._nik(birth, gender),
        )
        # When did the person take the current post?
        start = jf_since if level else appointed
        previous = None
        if spec is not None:
            years_in_post = rng.uniform(0.5, 6.0)
            start = max(jf_since, _first_of_next_month(_add_years(today, -years_in_post)))
            if spec.kind != K.FUNGSIONAL:
                previous = (spec.kind, start, self._pelaksana_title(edu, info.context))
        elif spec is None and fam.ladder != "pelaksana" and tmt_cpns and rng.random() < 0.25:
            # some functional staff started as pelaksana
            switch = _next_period(_add_years(tmt_cpns, rng.uniform(2, 8)))
            if switch < start:
                previous = (K.PELAKSANA, switch, self._pelaksana_title(edu, info.context))
        return Person(
            employee=employee,
            position_key=key,
            rank_history=rank_history,
            level_history=level_history,
            position_tmt=start if start <= today else today.replace(day=1),
            previous_post=previous,
        )

    def _tmt_cpns(self, birth: dt.date, age: float, edu: Edu, tenure: int) -> dt.date:
        rng = self.rng
        finish = max(18.0, FINISH_AGE[edu] + rng.uniform(0.0, 1.5))
        r = rng.random()
        if r < 0.55:
            gap = rng.uniform(0, 3)
        elif r < 0.85:
            gap = rng.uniform(3, 10)
        else:
            gap = rng.uniform(10, 20)  # long-serving honorer appointed late
        latest = age - 0.25  # at least a few months ago
        if tenure:
            latest = min(latest, age - tenure)
        start = min(finish + gap, latest)
        start = max(start, 18.1)
        tmt = _first_of_next_month(_add_years(birth, start))
        floor = _first_of_next_month(_add_years(birth, 18.05))
        ceiling = self.today.replace(day=1)
        return min(max(tmt, floor), ceiling)

    def _level(self, fam: Family, edu: Edu, etype: str, rank: Rank | None) -> str:
        """The functional level the rank (PNS) or the entry grade (PPPK) gives, within the
        levels the JF has in the catalog."""
        level = self._raw_level(fam, edu, etype, rank)
        return self.catalog.clamp_level(fam.position_name(level), level)

    def _raw_level(self, fam: Family, edu: Edu, etype: str, rank: Rank | None) -> str:
        ahli = fam.ladder == "ahli" or (
            fam.ladder == "campuran" and rules.education_rank(edu) >= rules.education_rank(Edu.S1)
        )
        if etype != EmploymentType.PNS or rank is None:
            if ahli:
                return L.AHLI_PERTAMA
            low = rules.education_rank(edu) <= rules.education_rank(Edu.SLTA)
            return L.PEMULA if fam.pemula and low else L.TERAMPIL
        code = rank.code
        if ahli:
            if code in ("III/a", "III/b") or code.startswith(("I/", "II/")):
                return L.AHLI_PERTAMA
            if code in ("III/c", "III/d"):
                return L.AHLI_MUDA
            if code in ("IV/d", "IV/e"):
                return L.AHLI_UTAMA
            return L.AHLI_MADYA
        if code.startswith("I/") or code == "II/a":
            return L.PEMULA if fam.pemula else L.TERAMPIL
        if code.startswith("II/"):
            return L.TERAMPIL
        if code in ("III/a", "III/b"):
            return L.MAHIR
        return L.PENYELIA

    def _pelaksana_title(self, edu: Edu, context: str) -> str:
        band = EDUCATION_BAND[edu]
        key = (band, context)
        choice = self._pelaksana.get(key)
        if choice is None:
            titles = PELAKSANA_TITLES[band]
            choice = self._pelaksana[key] = Choice(titles.get(context) or titles["umum"])
        return str(choice(self.rng))

    def _nip(
        self, birth: dt.date, gender: rules.Gender, etype: str, tmt: dt.date | None, year: int
    ) -> str:
        if etype == EmploymentType.PNS:
            assert tmt is not None
            prefix = f"{birth:%Y%m%d}{tmt:%Y%m}{1 if gender == rules.Gender.MALE else 2}"
            month, code = tmt.month, None
            year = tmt.year
        else:
            codes = (
                PPPK_CONTRACT_CODES if etype == EmploymentType.PPPK else PARUH_WAKTU_CONTRACT_CODES
            )
            code = codes(self.rng)
            prefix = f"{birth:%Y%m%d}{year:04d}{code}{1 if gender == rules.Gender.MALE else 2}"
            month = None
        self.nip_seq[prefix] += 1
        return rules.build_nip(
            birth_date=birth,
            tmt_year=year,
            tmt_month=month,
            contract_code=code,
            gender=gender,
            sequence=self.nip_seq[prefix],
        )

    def _nik(self, birth: dt.date, gender: rules.Gender) -> str:
        district = NIK_DISTRICTS[self.rng.randrange(len(NIK_DISTRICTS))]
        day = birth.day + (40 if gender == rules.Gender.FEMALE else 0)
        prefix = f"{district}{day:02d}{birth:%m%y}"
        if prefix not in self.nik_seq:
            self.nik_seq[prefix] = self.rng.randrange(0, 30)
        self.nik_seq[prefix] += 1
        return rules.build_nik(
            district_code=district, birth_date=birth, gender=gender, serial=self.nik_seq[prefix]
        )

    def _name(self, gender: rules.Gender) -> tuple[str, str]:
        rng = self.rng
        given = self.given[str(gender)](rng)
        r = rng.random()
        if r < 0.08:
            return given, ""  # a single name, common among older Javanese
        second = self.second[str(gender)](rng)
        if second == given:
            second = self.second[str(gender)](rng)
        if r > 0.9:
            # three-part names, e.g. Muhammad Rizki Pratama
            third = self.second[str(gender)](rng)
            if third not in (given, second):
                second = f"{second} {third}"
        return given, second

    def _degree(
        self, fam: Family, spec: StructSpec | None, edu: Edu, gender: rules.Gender, birth: dt.date
    ) -> tuple[str, str, str]:
        """Front title, back titles and major, matching the education and the profession."""
        rng = self.rng
        source = _title_family(fam, spec)
        options = source.degrees.get(edu) if source is not None else None
        if source is not None and options:
            front, back = source.front, rng.choice(options)
            if "|" in back:  # "Ns.|S.Kep.": a front and a back title
                front, back = back.split("|", 1)
            major = rng.choice(source.majors) if source.majors else ""
        else:
            majors = source.majors if source is not None else ()
            front, back, major = self._generic_degree(edu, majors)
        old = birth.year <= 1968 and not front and back
        if old and edu in (Edu.S1, Edu.S2) and rng.random() < 0.5:
            # graduates before the S.x degrees of 1993: Drs./Dra., Ir.
            first, _sep, rest = back.partition(", ")
            if first in ("S.T.", "S.P.", "S.Pt."):
                front, back = "Ir.", rest
            elif first in ("S.Sos.", "S.IP.", "S.AP.", "S.E.", "S.Pd.", "S.Hum.", "S.Si."):
                front, back = ("Drs." if gender == rules.Gender.MALE else "Dra."), rest
        if not front and birth.year < 1985 and rng.random() < 0.05:
            front = "H." if gender == rules.Gender.MALE else "Hj."
        return front, back, major

    def _generic_degree(self, edu: Edu, preferred: Sequence[str]) -> tuple[str, str, str]:
        """Major and title from the names file (``back_title_by_major``) for one education."""
        rng = self.rng
        by_major = self.data.title_by_major

        def pick(level: Edu, wanted: Sequence[str] = ()) -> tuple[str, str]:
            table = by_major.get(level, {})
            usable = [m for m in wanted if m in table]
            majors = usable or self.generic_majors.get(level) or []
            if not majors:
                return "", ""
            major = rng.choice(majors)
            title = table.get(major) or (
                rng.choice(self.data.titles[level]) if self.data.titles.get(level) else ""
            )
            return major, title

        if edu in (Edu.S2, Edu.S3):
            _m1, t1 = pick(Edu.S1, preferred)
            m2, t2 = pick(Edu.S2)
            back = ", ".join(t for t in (t1, t2) if t)
            if edu == Edu.S3:
                m3 = rng.choice(self.data.majors.get(Edu.S3) or [m2])
                return "Dr.", back, m3
            return "", back, m2
        if edu in (Edu.S1, Edu.D4, Edu.D3):
            major, title = pick(edu, preferred)
            return "", title, major
        majors = self.data.majors.get(edu) or []
        return "", "", rng.choice(majors) if majors else ""

    def _email(self, given: str, second: str, birth: dt.date) -> str:
        parts = [p for p in (_ascii_slug(given), _ascii_slug(second.split(" ")[0])) if p]
        local = ".".join(parts) or "pegawai"
        candidate = local
        if candidate in self.emails:
            candidate = f"{local}{birth:%y}"
        if candidate in self.emails:
            # the lowest free numbered address; addresses below the remembered start are taken
            # (the set only grows), so this equals counting up from 2, without the quadratic walk
            n = self._email_next.get(local, 2)
            while f"{local}{n}" in self.emails:
                n += 1
            candidate = f"{local}{n}"
            self._email_next[local] = n + 1
        self.emails.add(candidate)
        return f"{candidate}@{EMAIL_DOMAIN}"

    def _phone(self) -> str:
        rng = self.rng
        while True:
            length = rng.choice((8, 8, 8, 9, 7))
            number = (
                "0"
                + rng.choice(PHONE_PREFIXES)
                + "".join(str(rng.randrange(10)) for _ in range(length))
            )
            if number not in self.phones:
                self.phones.add(number)
                return number


PROFESSION_MAJORS = re.compile(
    r"kedokteran|keperawatan|kebidanan|farmasi|gizi|laboratorium|rekam medis|fisioterapi|"
    r"radiologi|kesehatan lingkungan|asisten keperawatan|promosi kesehatan",
    re.IGNORECASE,
)


def _title_family(fam: Family, spec: StructSpec | None) -> Family | None:
    """The family whose titles and majors a person carries (``None``: general ones)."""
    if spec is not None:
        return FAMILIES.get(spec.family) if spec.family else None
    return None if fam.ladder == "pelaksana" else fam


# --- writing -------------------------------------------------------------------------------------


@dataclass
class SeedResult:
    units_created: int = 0
    positions: int = 0
    employees: int = 0
    rank_history: int = 0
    position_history: int = 0
    skipped: bool = False
    existing_employees: int = 0
    users: list[User] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, Any] = field(default_factory=dict)


def load_org_units(data_dir: Path = DATA_DIR) -> int:
    """Load the Kota Semarang tree when there is no unit yet; returns the units created."""
    if OrgUnit.objects.exists():
        return 0
    tree = json.loads((data_dir / "semarang_units.json").read_text(encoding="utf-8"))
    return org_units_load_tree(actor=None, units=tree["units"])["created"]


def _find_opd(
    units: Iterable[OrgUnit], *keywords: str, kinds: Iterable[str] = ()
) -> OrgUnit | None:
    kinds = set(kinds)
    for keyword in keywords:
        for unit in units:
            if unit.is_opd and keyword in unit.name.lower() and (not kinds or unit.kind in kinds):
                return unit
    return None


def showcase_units(units: Sequence[OrgUnit]) -> dict[str, OrgUnit | None]:
    """The OPDs the demo accounts work in: the operator's dinas, BKPP and Bapperida/Bappeda."""
    ordered = sorted(units, key=lambda u: u.code)
    return {
        "operator": _find_opd(ordered, "komunikasi", "informatika", kinds=[OrgUnitKind.DINAS])
        or _find_opd(ordered, "pendidikan", kinds=[OrgUnitKind.DINAS])
        or _find_opd(ordered, "", kinds=[OrgUnitKind.DINAS]),
        "bkpp": _find_opd(ordered, "kepegawaian"),
        "kebijakan": _find_opd(ordered, "bapperida", "bappeda", "perencanaan pembangunan", "riset"),
    }


def generate(
    *,
    employees: int,
    seed: int,
    today: dt.date,
    data_dir: Path = DATA_DIR,
) -> tuple[Generator, list[Person]]:
    """Build the workforce in memory for the units in the database (reads, no writes)."""
    refs = References.load()
    data = DemoData.load(data_dir)
    units = list(OrgUnit.objects.all())
    gen = Generator(refs=refs, data=data, units=units, seed=seed, today=today)
    showcase = [u.pk for u in showcase_units(units).values() if u is not None]
    slots = gen.plan(employees, showcase)
    people = [gen.person(slot) for slot in slots]
    return gen, people


def _write(
    gen: Generator, people: list[Person], *, new_after_pk: int = 0
) -> tuple[int, int, int, int]:
    """Write positions (those not in the database yet), the people and their history.
    ``new_after_pk``: the people written get primary keys above it (a later batch)."""
    gen.finish_positions()

    def position_ids() -> dict[tuple[int, str, str], int]:
        rows = Position.objects.values_list("pk", "org_unit_id", "name", "functional_level")
        return {(unit_id, name, level): pk for pk, unit_id, name, level in rows}

    # Positions an administrator already made are kept as they are.
    existing = position_ids()
    positions = [pos for key, pos in gen.positions.items() if key not in existing]
    bulk_insert(positions)
    ids = position_ids()
    for p in people:
        p.employee.position_id = ids[p.position_key]
    bulk_insert([p.employee for p in people])
    emp_ids = dict(Employee.objects.filter(pk__gt=new_after_pk).values_list("nip", "pk"))
    # earlier structural posts: a post one step down, somewhere else in the city
    by_kind: dict[str, list[tuple[int, str, int]]] = {}
    for (unit_id, name, level), pk in sorted(ids.items(), key=lambda kv: kv[1]):
        pos_kind = gen.positions.get((unit_id, name, level))
        if pos_kind is not None and not level:
            by_kind.setdefault(pos_kind.kind, []).append((pk, name, unit_id))
    step_down: dict[str, str] = {
        K.JPT_PRATAMA: K.ADMINISTRATOR,
        K.ADMINISTRATOR: K.PENGAWAS,
        K.PENGAWAS: K.PELAKSANA,
    }
    rank_rows: list[RankHistory] = []
    pos_rows: list[PositionHistory] = []
    rng = gen.rng
    for p in people:
        e = p.employee
        emp_id = emp_ids[e.nip]
        ranks = gen.refs.pns if e.employment_type == EmploymentType.PNS else gen.refs.pppk
        for idx, tmt in p.rank_history[-3:]:
            rank_rows.append(
                RankHistory(employee_id=emp_id, rank_id=ranks[idx].pk, tmt=tmt, source=SOURCE)
            )
        pos = gen.positions[p.position_key]
        if p.previous_post is not None:
            kind, until, pelaksana_title = p.previous_post
            wanted = step_down.get(kind, kind)
            pool = by_kind.get(wanted, [])
            if pool and wanted != K.PELAKSANA:
                pk, name, unit_id = pool[rng.randrange(len(pool))]
                since = _first_of_next_month(_add_years(until, -rng.uniform(2, 6)))
                pos_rows.append(
                    PositionHistory(
                        employee_id=emp_id,
                        position_id=pk,
                        position_name=name,
                        org_unit_id=unit_id,
                        tmt=max(since, e.tmt_cpns or since),
                        source=SOURCE,
                    )
                )
            else:
                pos_rows.append(
                    PositionHistory(
                        employee_id=emp_id,
                        position_id=None,
                        position_name=pelaksana_title,
                        org_unit_id=e.org_unit_id,
                        tmt=e.tmt_cpns or until,
                        source=SOURCE,
                    )
                )
        for jf_name, level, since in p.level_history:
            label = FunctionalLevel(level).label
            pos_rows.append(
                PositionHistory(
                    employee_id=emp_id,
                    position_id=ids.get((p.position_key[0], jf_name, level)),
                    position_name=f"{jf_name} {label}",
                    org_unit_id=e.org_unit_id,
                    tmt=since,
                    source=SOURCE,
                )
            )
        pos_rows.append(
            PositionHistory(
                employee_id=emp_id,
                position_id=ids[p.position_key],
                position_name=str(pos),
                org_unit_id=e.org_unit_id,
                tmt=p.position_tmt,
                source=SOURCE,
            )
        )
    bulk_insert(rank_rows)
    bulk_insert(pos_rows)
    return len(positions), len(people), len(rank_rows), len(pos_rows)


# --- demo accounts -------------------------------------------------------------------------------

STAFF_KINDS = (K.FUNGSIONAL, K.PELAKSANA)
ANALIS_SDM = FAMILIES["analis_kepegawaian"].name
LEAD_KINDS = (K.ADMINISTRATOR, K.PENGAWAS)


def _candidates(**filters: Any) -> Any:
    return (
        Employee.objects.filter(user__isnull=True, status=EmployeeStatus.AKTIF, **filters)
        .select_related("org_unit", "position")
        .order_by("nip")
    )


def _first(querysets: Iterable[Any], exclude: set[int]) -> Employee | None:
    for qs in querysets:
        found = qs.exclude(pk__in=exclude).first()
        if found is not None:
            return found
    return None


def _preferring(base: dict[str, Any], *variants: dict[str, Any]) -> list[Any]:
    """Querysets from the most to the least specific: each variant added to ``base``, then base."""
    return [_candidates(**base, **v) for v in variants] + [_candidates(**base)]


def _supervisor(opd: OrgUnit | None, exclude: set[int]) -> Employee | None:
    """An administrator or pengawas (PNS) whose unit has at least two other employees."""
    scopes = [opd.path] if opd is not None else []
    scopes.append("/")
    for scope in scopes:
        for gender in (rules.Gender.MALE, None):
            qs = _candidates(
                position__kind__in=LEAD_KINDS,
                employment_type=EmploymentType.PNS,
                org_unit__path__startswith=scope,
            ).exclude(pk__in=exclude)
            if gender is not None:
                qs = qs.filter(gender=str(gender))
            for boss in qs.order_by("position__kind", "nip")[:60]:
                team = (
                    Employee.objects.filter(org_unit__path__startswith=boss.org_unit.path)
                    .exclude(pk=boss.pk)
                    .filter(position__kind__in=STAFF_KINDS)
                    .count()
                )
                if team >= 2:
                    return boss
    return None


def link_demo_users(*, password: str, rename: bool) -> list[User]:
    """Create the demo accounts and link those without an employee/unit to fitting records.

    Links already set (by an earlier run or an administrator) are kept. With ``rename`` (a fresh
    generation) the chosen employees take the demo persona's name when the gender fits, so the
    account and the record read the same.
    """
    users = {u.username: u for u in core_demo.ensure_demo_users(password=password)}
    personas = {username: (first, last) for username, _r, first, last in core_demo.DEMO_USERS}
    if not Employee.objects.exists():
        return list(users.values())
    units = list(OrgUnit.objects.all())
    showcase = showcase_units(units)
    taken = set(User.objects.filter(employee__isnull=False).values_list("employee_id", flat=True))
    picks: dict[str, Employee | None] = {}
    pns = {"employment_type": EmploymentType.PNS}
    female, male = {"gender": rules.Gender.FEMALE.value}, {"gender": rules.Gender.MALE.value}

    def pick(username: str, querysets: list[Any]) -> None:
        user = users.get(username)
        if user is None or user.employee_id:
            if user is not None and user.employee_id:
                taken.add(user.employee_id)
            return
        found = _first(querysets, taken)
        if found is not None:
            picks[username] = found
            taken.add(found.pk)

    op_unit = showcase["operator"]
    if op_unit is not None:
        scope = {"org_unit__path__startswith": op_unit.path, "position__kind__in": STAFF_KINDS}
        pick(
            "operator",
            _preferring(
                {**scope, **pns},
                {**male, "position__family": "Pranata Komputer"},
                male,
                {},
            ),
        )
    if users.get("atasan") is not None and not users["atasan"].employee_id:
        boss = _supervisor(op_unit, taken)
        if boss is not None:
            picks["atasan"] = boss
            taken.add(boss.pk)
    boss = picks.get("atasan") or (users["atasan"].employee if "atasan" in users else None)
    if boss is not None:
        team = {
            "org_unit__path__startswith": boss.org_unit.path,
            "position__kind__in": STAFF_KINDS,
        }
        pick("pegawai", _preferring(team, {**female, **pns}, pns, {}))
    bkpp = showcase["bkpp"]
    if bkpp is not None:
        scope = {"org_unit__path__startswith": bkpp.path}
        pick(
            "bkpp",
            _preferring(
                {**scope, **pns},
                {**female, "position__family": ANALIS_SDM},
                {"position__family": ANALIS_SDM},
                {**female, "position__kind__in": STAFF_KINDS},
            ),
        )
    senior: dict[str, Any] = {"position__kind__in": (K.JPT_PRATAMA, K.ADMINISTRATOR), **pns}
    pick(
        "baperjakat",
        [
            *(
                [_candidates(**senior, **male, org_unit__path__startswith=bkpp.path,
                             position__kind=K.JPT_PRATAMA)]
                if bkpp is not None
                else []
            ),
            _candidates(**senior, **male, position__kind=K.JPT_PRATAMA),
            _candidates(**senior, position__kind=K.JPT_PRATAMA),
            _candidates(**senior),
        ],
    )  # fmt: skip
    plan = showcase["kebijakan"]
    if plan is not None:
        scope = {"org_unit__path__startswith": plan.path, **pns}
        pick(
            "kebijakan",
            _preferring(
                scope,
                {**female, "position__family__in": ("Perencana", "Analis Kebijakan")},
                {"position__family__in": ("Perencana", "Analis Kebijakan")},
                female,
            ),
        )
    result = []
    for username, user in users.items():
        employee = picks.get(username)
        changes: dict[str, Any] = {}
        if employee is not None:
            changes["employee"] = employee
            first, last = personas[username]
            persona_gender = _persona_gender(username)
            if rename and persona_gender == employee.gender:
                Employee.objects.filter(pk=employee.pk).update(
                    name=f"{first} {last}",
                    email=f"{_ascii_slug(first)}.{_ascii_slug(last)}@{EMAIL_DOMAIN}",
                )
            elif rename:
                given, _sep, rest = employee.name.partition(" ")
                changes["first_name"], changes["last_name"] = given, rest
        if username == "operator" and op_unit is not None and not user.org_unit_id:
            changes["org_unit"] = op_unit
        if changes:
            # the system acts (actor None), as in ensure_demo_users' user_create
            user = core_services.user_update(actor=None, user=user, **changes)  # type: ignore[arg-type]
        result.append(user)
    return result


_PERSONA_GENDER = {
    "bkpp": "P",
    "operator": "L",
    "atasan": "L",
    "pegawai": "P",
    "baperjakat": "L",
    "kebijakan": "P",
}


def _persona_gender(username: str) -> str | None:
    return _PERSONA_GENDER.get(username)


# --- entry point ---------------------------------------------------------------------------------

# Above this many employees (a province, the nation) the first BATCH people are generated in
# full and the rest are resampled from them in chunks of RESAMPLE_CHUNK (see _write_in_batches).
BATCH = 20_000
RESAMPLE_CHUNK = 100_000


def _write_in_batches(
    result: SeedResult,
    employees: int,
    seed: int,
    today: dt.date,
    data_dir: Path,
    progress: Callable[[int, int], None] | None,
) -> None:
    """A national-size workforce with bounded memory and time.

    The first :data:`BATCH` people are generated in full, like the city (structural posts,
    the demo teams, history) and written with ``COPY``. Every further person is a resample of
    one of them: the same unit, position, rank, education, ages, TMTs and history (so the
    shape of the workforce is the city's), with a fresh identity: name, NIP (the same birth
    date, TMT and gender, the next sequence number), NIK, e-mail and phone, all unique. Rows
    are streamed to ``COPY`` in chunks of :data:`RESAMPLE_CHUNK` (no model instances); the
    generator in full runs at about a thousand people per second, the resampling at tens of
    thousands."""
    refs = References.load()
    data = DemoData.load(data_dir)
    units = list(OrgUnit.objects.all())
    gen = Generator(refs=refs, data=data, units=units, seed=seed, today=today)
    showcase = [u.pk for u in showcase_units(units).values() if u is not None]
    people = [gen.person(slot) for slot in gen.plan(BATCH, showcase)]
    first_pk = Employee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    (
        result.positions,
        result.employees,
        result.rank_history,
        result.position_history,
    ) = _write(gen, people, new_after_pk=first_pk)
    del people
    if progress is not None:
        progress(result.employees, employees)
    fields = [
        f.attname
        for f in Employee._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    # staff only: a structural post (Kepala Dinas, Camat …) has one holder
    templates = list(
        Employee.objects.filter(pk__gt=first_pk, position__kind__in=STAFF_KINDS)
        .order_by("pk")
        .values_list("pk", *fields)
    )
    index = {name: i + 1 for i, name in enumerate(fields)}
    ranks: dict[int, list[tuple[Any, ...]]] = {}
    for row in RankHistory.objects.filter(employee_id__gt=first_pk).values_list(
        "employee_id", "rank_id", "tmt", "source"
    ):
        ranks.setdefault(row[0], []).append(row[1:])
    posts: dict[int, list[tuple[Any, ...]]] = {}
    for post in PositionHistory.objects.filter(employee_id__gt=first_pk).values_list(
        "employee_id", "position_id", "position_name", "org_unit_id", "tmt", "source"
    ):
        posts.setdefault(post[0], []).append(post[1:])
    rng = gen.rng
    i_nip, i_gender, i_birth = index["nip"], index["gender"], index["birth_date"]
    i_email, i_phone, i_nik = index["email"], index["phone"], index["nik"]
    types: Counter[str] = Counter(
        Employee.objects.filter(pk__gt=first_pk).values_list("employment_type", flat=True)
    )
    genders: Counter[str] = Counter(
        Employee.objects.filter(pk__gt=first_pk).values_list("gender", flat=True)
    )

    def phone() -> str:
        """A unique mobile number (the generator's rule, with one draw for the digits)."""
        while True:
            length = rng.choice((8, 8, 8, 9, 7))
            number = f"0{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**length):0{length}d}"
            if number not in gen.phones:
                gen.phones.add(number)
                return number

    def fresh(chunk: int, picked: list[int]) -> Iterable[dict[str, Any]]:
        for _ in range(chunk):
            while True:
                t = templates[rng.randrange(len(templates))]
                prefix = t[i_nip][:15]
                if gen.nip_seq[prefix] < 999:
                    break
            gen.nip_seq[prefix] += 1
            gender = rules.Gender(t[i_gender])
            given, second = gen._name(gender)
            row = dict(zip(fields, t[1:], strict=True))
            row["nip"] = f"{prefix}{gen.nip_seq[prefix]:03d}"
            row["name"] = f"{given} {second}".strip()
            if t[i_email]:
                row["email"] = gen._email(given, second, t[i_birth])
            if t[i_phone]:
                row["phone"] = phone()
            if t[i_nik]:
                row["nik"] = gen._nik(t[i_birth], gender)
            picked.append(t[0])
            types[t[index["employment_type"]]] += 1
            genders[t[i_gender]] += 1
            yield row

    while result.employees < employees:
        chunk = min(RESAMPLE_CHUNK, employees - result.employees)
        last_pk = Employee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        picked: list[int] = []
        bulk.insert_rows(Employee, fresh(chunk, picked))
        # COPY keeps the order of the rows: the i-th new primary key is the i-th row
        new_ids = list(
            Employee.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)
        )
        if len(new_ids) != chunk:
            raise DemoSetupError("resampled employees were not written in order")
        result.rank_history += bulk.insert_rows(
            RankHistory,
            (
                {"employee_id": new, "rank_id": r, "tmt": tmt, "source": src}
                for new, old in zip(new_ids, picked, strict=True)
                for r, tmt, src in ranks.get(old, ())
            ),
        )
        result.position_history += bulk.insert_rows(
            PositionHistory,
            (
                {
                    "employee_id": new,
                    "position_id": pos,
                    "position_name": name,
                    "org_unit_id": unit,
                    "tmt": tmt,
                    "source": src,
                }
                for new, old in zip(new_ids, picked, strict=True)
                for pos, name, unit, tmt, src in posts.get(old, ())
            ),
        )
        result.employees += chunk
        if progress is not None:
            progress(result.employees, employees)
    result.counts = {"employment_type": dict(types), "gender": dict(genders)}


def seed_demo(
    *,
    employees: int = DEFAULT_EMPLOYEES,
    seed: int = DEFAULT_SEED,
    password: str = core_demo.DEMO_PASSWORD,
    today: dt.date | None = None,
    data_dir: Path = DATA_DIR,
    progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Load units, generate ``employees`` people (unless some exist) and the demo accounts.

    Above :data:`BATCH` people (a province or the nation) the workforce is generated and
    written in batches of that size, so memory stays bounded: the first batch is planned like
    the city (structural posts, the demo teams), later batches add staff only; ``progress``
    is called with (written, total) after each batch."""
    started = time.perf_counter()
    today = today or dt.date.today()
    result = SeedResult()
    with transaction.atomic():
        result.units_created = load_org_units(data_dir)
        existing = Employee.objects.count()
        if existing:
            result.skipped = True
            result.existing_employees = existing
        elif employees > BATCH:
            _write_in_batches(result, employees, seed, today, data_dir, progress)
            audit_record(
                actor=None,
                action="demo.seed",
                object_type="workforce.employee",
                after={
                    "seed": seed,
                    "today": today.isoformat(),
                    "employees": result.employees,
                    "positions": result.positions,
                    "resampled_after": BATCH,
                },
            )
        elif employees > 0:
            gen, people = generate(employees=employees, seed=seed, today=today, data_dir=data_dir)
            (
                result.positions,
                result.employees,
                result.rank_history,
                result.position_history,
            ) = _write(gen, people)
            result.counts = {
                "employment_type": dict(Counter(p.employee.employment_type for p in people)),
                "gender": dict(Counter(p.employee.gender for p in people)),
            }
            audit_record(
                actor=None,
                action="demo.seed",
                object_type="workforce.employee",
                after={
                    "seed": seed,
                    "today": today.isoformat(),
                    "employees": result.employees,
                    "positions": result.positions,
                },
            )
        result.users = link_demo_users(password=password, rename=not result.skipped)
    result.seconds = time.perf_counter() - started
    return result
