"""Competency development demo data for ``penata seed-demo``.

- A competency standard for every position: the 8 manajerial competencies at the level of the
  position kind (JPT 4–5, administrator 3–4, pengawas 3, pelaksana and fungsional 2), perekat
  bangsa, and 2–4 teknis ones by job family (a digital one for most).
- Assessments for about 80% of the active employees, levels around the standard so gaps exist.
- 26 programs (the digital ones: literasi digital, keamanan informasi, analisis data, SPBE,
  layanan publik digital), from BKPP, LAN/BPSDMD, universities and private partners, with costs.
- About 80 sessions over last year and this year (one running across New Year), the ones after
  ``today`` open for registration.
- Enrolments in every state; the completed ones carry a score and a certificate code and write
  the JP ledger, so that roughly 55–65% of active ASN meet the target last year and this year's
  share is in progress. Verified external certificates add JP too; a few wait for
  verification. A few participants evaluated their session.
- The demo ``pegawai`` has a ledger in both years, a shortfall this year, competency gaps and
  open sessions to register for.

Set-based (a few inserts whatever the number of employees), deterministic for a seed and
reference date, and idempotent: nothing is written while any training program exists.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from penata.core.audit import audit_record
from penata.core.bulk import insert_rows
from penata.core.models import User
from penata.core.pdf import PdfDocument
from penata.learning.models import (
    ActivityType,
    Assessment,
    AssessmentSource,
    CertificateStatus,
    Competency,
    CompetencyStandard,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    ExternalCertificate,
    LearningSettings,
    LedgerEntry,
    LedgerSource,
    ProgramCompetency,
    SessionStatus,
    TrainingProgram,
    TrainingSession,
)
from penata.learning.services import CODE_ALPHABET
from penata.workforce.models import Employee, EmployeeStatus, Position

S = EnrolmentStatus

# code, title, activity type, JP, provider kind, provider name, cost (Rp), funding, competencies
PROGRAMS: list[tuple[str, str, str, int, str, str, int, str, dict[str, int]]] = [
    ("literasi-digital-asn", "Literasi Digital bagi ASN", "e_learning", 20, "lan",
     "LAN RI — ASN Unggul", 0, "free", {"literasi_digital": 3}),
    ("keamanan-informasi-pdp", "Keamanan Informasi dan Pelindungan Data Pribadi", "e_learning",
     12, "bkpp", "BKPP Kota Semarang bersama Diskominfo", 0, "free", {"keamanan_informasi": 3}),
    ("integritas-antikorupsi", "Integritas dan Budaya Antikorupsi", "e_learning", 10, "other",
     "KPK — Anti-Corruption Learning Center", 0, "free", {"integritas": 3}),
    ("orientasi-etika-asn", "Orientasi Nilai Dasar dan Etika ASN", "e_learning", 16, "bkpp",
     "BKPP Kota Semarang", 0, "free", {"integritas": 2, "kerjasama": 2}),
    ("pembelajaran-digital-guru", "Pembelajaran Berdiferensiasi dan Digital untuk Guru",
     "pelatihan_jarak_jauh", 24, "other", "Platform Merdeka Mengajar", 0, "free",
     {"pembelajaran": 3, "literasi_digital": 2}),
    ("analisis-data-keputusan", "Analisis Data untuk Pengambilan Keputusan", "pelatihan", 32,
     "university", "Universitas Diponegoro", 2_750_000, "apbd",
     {"analisis_data": 3, "manajemen_data_statistik": 2}),
    ("sains-data-python", "Pengantar Sains Data dengan Python", "pelatihan_jarak_jauh", 30,
     "university", "Universitas Negeri Semarang", 1_500_000, "apbd", {"analisis_data": 4}),
    ("tata-kelola-spbe", "Tata Kelola SPBE dan Arsitektur Layanan", "bimtek", 24, "lan",
     "BPSDMD Provinsi Jawa Tengah", 1_800_000, "apbd", {"pengelolaan_spbe": 3}),
    ("layanan-publik-digital", "Layanan Publik Digital dan Desain Layanan", "pelatihan", 24,
     "private", "Digital Talent Academy (mitra)", 2_400_000, "sponsor",
     {"layanan_publik_digital": 3, "standar_pelayanan": 3}),
    ("keamanan-siber-lanjut", "Keamanan Siber untuk Pengelola Sistem", "pelatihan", 40,
     "private", "PT Siber Nusantara (mitra)", 6_500_000, "apbd", {"keamanan_informasi": 4}),
    ("pelayanan-prima", "Pelayanan Prima", "pelatihan", 24, "bkpp", "BKPP Kota Semarang",
     750_000, "apbd", {"pelayanan_publik": 3, "standar_pelayanan": 3}),
    ("kepemimpinan-pengawas", "Pelatihan Kepemimpinan Pengawas (PKP)", "pelatihan", 120, "lan",
     "BPSDMD Provinsi Jawa Tengah", 17_500_000, "apbd",
     {"pengambilan_keputusan": 3, "mengelola_perubahan": 3}),
    ("kepemimpinan-administrator", "Pelatihan Kepemimpinan Administrator (PKA)", "pelatihan",
     140, "lan", "LAN RI", 32_000_000, "apbd",
     {"pengambilan_keputusan": 4, "orientasi_hasil": 4}),
    ("wawasan-kebangsaan", "Wawasan Kebangsaan dan Perekat Bangsa", "pelatihan", 16, "bkpp",
     "BKPP Kota Semarang", 400_000, "apbd", {"perekat_bangsa": 3}),
    ("naskah-kebijakan", "Penyusunan Naskah Kebijakan Publik", "pelatihan", 32, "lan",
     "LAN RI", 2_200_000, "apbd", {"penyusunan_kebijakan": 3}),
    ("penganggaran-sipd", "Perencanaan dan Penganggaran Berbasis Kinerja (SIPD)", "bimtek", 24,
     "bkpp", "BKPP Kota Semarang bersama BPKAD", 900_000, "apbd",
     {"perencanaan_anggaran": 3, "pengelolaan_keuangan": 2}),
    ("pbj-dasar", "Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", "pelatihan", 24, "other",
     "LKPP", 2_000_000, "apbd", {"pengadaan_barang_jasa": 3}),
    ("manajemen-asn-merit", "Manajemen ASN dan Sistem Merit", "bimtek", 16, "bkpp",
     "BKPP Kota Semarang", 600_000, "apbd", {"manajemen_asn": 3}),
    ("arsip-digital", "Pengelolaan Arsip Dinamis dan Arsip Digital", "bimtek", 16, "bkpp",
     "BKPP Kota Semarang bersama Dinas Arpus", 500_000, "apbd",
     {"kearsipan": 3, "literasi_digital": 2}),
    ("komunikasi-publik-medsos", "Komunikasi Publik dan Media Sosial Instansi", "workshop", 16,
     "private", "Kelas Humas Indonesia (mitra)", 1_200_000, "sponsor",
     {"komunikasi_publik": 3, "komunikasi": 3}),
    ("mutu-keselamatan-pasien", "Mutu dan Keselamatan Pasien", "pelatihan", 30, "university",
     "Fakultas Kedokteran Universitas Diponegoro", 2_500_000, "apbd",
     {"pelayanan_kesehatan": 3}),
    ("penanggulangan-bencana", "Manajemen Penanggulangan Bencana", "pelatihan", 24, "other",
     "BNPB / BPBD", 1_500_000, "apbd", {"penanggulangan_bencana": 3}),
    ("pemberdayaan-masyarakat", "Fasilitasi Pemberdayaan Masyarakat", "bimtek", 16, "bkpp",
     "BKPP Kota Semarang", 700_000, "apbd", {"pemberdayaan_masyarakat": 3}),
    ("audit-berbasis-risiko", "Audit Berbasis Risiko", "pelatihan", 30, "other",
     "BPKP Perwakilan Jawa Tengah", 2_800_000, "apbd", {"pengawasan_internal": 3}),
    ("seminar-smart-city", "Seminar Semarang Smart City", "seminar", 4, "bkpp",
     "BKPP Kota Semarang bersama Diskominfo", 0, "free", {"pengelolaan_spbe": 2}),
    ("coaching-kinerja", "Coaching Kinerja untuk Atasan", "coaching", 8, "bkpp",
     "BKPP Kota Semarang", 0, "free", {"pengembangan_diri": 3}),
]  # fmt: skip

DIGITAL_ELEARNING = ("literasi-digital-asn", "keamanan-informasi-pdp", "integritas-antikorupsi",
                     "orientasi-etika-asn")  # fmt: skip
TWICE_A_YEAR = ("pelayanan-prima", "seminar-smart-city", "wawasan-kebangsaan")
MANAJERIAL = (
    "integritas",
    "kerjasama",
    "komunikasi",
    "orientasi_hasil",
    "pelayanan_publik",
    "pengembangan_diri",
    "mengelola_perubahan",
    "pengambilan_keputusan",
)
# Teknis competencies by job family (keywords of ``Position.family``), first match wins.
FAMILY_TEKNIS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("guru", "pengawas sekolah", "penilik", "pamong belajar", "widyaiswara", "instruktur"),
     ("pembelajaran", "literasi_digital")),
    (("dokter", "perawat", "bidan", "apoteker", "laboratorium", "nutrisionis", "sanitasi",
      "kesehatan", "perekam medis", "radiografer", "fisioterapis", "epidemiolog", "psikolog"),
     ("pelayanan_kesehatan", "standar_pelayanan", "literasi_digital")),
    (("pranata komputer", "manggala informatika", "sandiman", "statistisi"),
     ("pengelolaan_spbe", "keamanan_informasi", "analisis_data", "manajemen_data_statistik")),
    (("sumber daya manusia",), ("manajemen_asn", "analisis_data", "literasi_digital")),
    (("auditor", "pengawas penyelenggaraan"), ("pengawasan_internal", "analisis_data")),
    (("perencana", "kebijakan", "perancang", "hukum", "peneliti"),
     ("penyusunan_kebijakan", "analisis_data", "literasi_digital")),
    (("keuangan", "anggaran"),
     ("perencanaan_anggaran", "pengelolaan_keuangan", "literasi_digital")),
    (("laksana barang",), ("pengelolaan_aset", "literasi_digital")),
    (("pengadaan",), ("pengadaan_barang_jasa", "literasi_digital")),
    (("arsiparis", "pustakawan"), ("kearsipan", "literasi_digital")),
    (("humas",), ("komunikasi_publik", "layanan_publik_digital")),
    (("penata ruang", "teknik"), ("perencanaan_wilayah", "analisis_data")),
    (("pemadam", "kebakaran", "kebencanaan", "polisi pamong"),
     ("penanggulangan_bencana", "standar_pelayanan")),
    (("lingkungan",), ("lingkungan_hidup", "analisis_data")),
    (("penyuluh", "pekerja sosial", "swadaya", "keluarga berencana"),
     ("pemberdayaan_masyarakat", "komunikasi_publik", "literasi_digital")),
    (("kependudukan", "perizinan"),
     ("layanan_publik_digital", "standar_pelayanan", "keamanan_informasi")),
]  # fmt: skip
STRUCTURAL_TEKNIS = ("penyusunan_kebijakan", "perencanaan_anggaran", "pengelolaan_spbe")
PELAKSANA_TEKNIS = ("standar_pelayanan", "literasi_digital", "kearsipan")

EXTERNAL_TITLES = [
    ("Webinar Transformasi Digital Pemerintah Daerah", "Kementerian Kominfo", "seminar", 4),
    ("Kursus Daring Microsoft Excel Tingkat Lanjut", "Coursera", "e_learning", 12),
    ("Bimtek Penyusunan SOP Pelayanan", "Ombudsman RI Perwakilan Jateng", "bimtek", 8),
    ("Komunitas Belajar Analis Kebijakan", "Forum Analis Kebijakan Jateng", "komunitas_belajar", 6),
    ("Mentoring Penulisan Karya Ilmiah", "Universitas Diponegoro", "mentoring", 8),
    ("Seminar Nasional Pelayanan Publik", "Universitas Negeri Semarang", "seminar", 6),
]  # fmt: skip


SAMPLE_CERTIFICATE = "certificates/demo/contoh-sertifikat.pdf"


def _sample_certificate() -> None:
    """One small PDF every demo external certificate points at, so the file opens."""
    if default_storage.exists(SAMPLE_CERTIFICATE):
        return
    doc = PdfDocument(title="Sertifikat (contoh data demo)", subtitle="Penata - Kota Semarang")
    doc.paragraph(
        "Berkas contoh untuk sertifikat eksternal pada data demo. Sertifikat asli diunggah "
        "oleh pegawai dan diverifikasi BKPP."
    )
    default_storage.save(SAMPLE_CERTIFICATE, ContentFile(doc.output()))


@dataclass
class LearningSeedResult:
    skipped: bool = False
    standards: int = 0
    assessments: int = 0
    programs: int = 0
    sessions: int = 0
    enrolments: int = 0
    ledger_entries: int = 0
    external_certificates: int = 0
    evaluations: int = 0
    share_met: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0


def manajerial_level(kind: str, class_grade: int) -> int:
    """The required manajerial level of a position kind (PermenPANRB 38/2017 pattern)."""
    if kind in ("jpt_utama", "jpt_madya"):
        return 5
    if kind == "jpt_pratama":
        return 4
    if kind == "administrator":
        return 4 if class_grade >= 12 else 3
    if kind == "pengawas":
        return 3
    return 2


def teknis_for(kind: str, family: str, rng: random.Random) -> tuple[str, ...]:
    """2–4 teknis competencies for a position, by family (a digital one for most)."""
    low = family.lower()
    if kind in ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"):
        return STRUCTURAL_TEKNIS
    for keys, comps in FAMILY_TEKNIS:
        if any(k in low for k in keys):
            return comps
    extra = rng.choice(("layanan_publik_digital", "kearsipan", "pengelolaan_aset"))
    return (*PELAKSANA_TEKNIS[:2], extra)


def _certificate_code(rng: random.Random, used: set[str]) -> str:
    while True:
        raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
        code = f"PNT-{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if code not in used:
            used.add(code)
            return code


def _days(jp: int, mode: str) -> int:
    if mode == "nonklasikal":
        return 30 if jp <= 24 else 45
    return max(1, -(-jp // 8)) + (jp // 40) * 2  # eight JP a day, with weekends for long ones


@dataclass
class _Session:
    pk: int
    program: str
    jp: int
    type_id: int
    mode: str
    title: str
    starts: dt.date
    ends: dt.date
    capacity: int
    status: str
    seats: int = 0


@transaction.atomic
def seed_learning(*, seed: int, today: dt.date) -> LearningSeedResult:
    """Write the competency development demo data (see the module doc) unless a program
    exists."""
    started = time.perf_counter()
    result = LearningSeedResult()
    if TrainingProgram.objects.exists() or not Employee.objects.exists():
        result.skipped = True
        return result
    rng = random.Random(f"learning-{seed}")  # noqa: S311 (synthetic data, reproducible)
    comps = dict(Competency.objects.values_list("code", "pk"))
    types = {t.code: t for t in ActivityType.objects.all()}
    target = LearningSettings.current().jp_target
    year, last = today.year, today.year - 1

    # --- standards ------------------------------------------------------------------------
    standards: dict[int, dict[int, int]] = {}
    std_rows: list[dict[str, Any]] = []
    for pos_id, kind, family, grade in Position.objects.order_by("pk").values_list(
        "pk", "kind", "family", "class_grade"
    ):
        m = manajerial_level(kind, grade)
        levels = {comps[c]: m for c in MANAJERIAL if c in comps}
        if "perekat_bangsa" in comps:
            levels[comps["perekat_bangsa"]] = min(m, 4) if m >= 3 else 2
        t_level = 3 if m >= 3 or kind == "fungsional" else 2
        for code in teknis_for(kind, family or "", rng):
            if code in comps:
                levels[comps[code]] = min(5, t_level + (1 if m >= 4 else 0))
        standards[pos_id] = levels
        std_rows.extend(
            {"position_id": pos_id, "competency_id": c, "level": lv} for c, lv in levels.items()
        )
    result.standards = insert_rows(CompetencyStandard, std_rows)

    # --- people ---------------------------------------------------------------------------
    people = list(
        Employee.objects.filter(status=EmployeeStatus.AKTIF)
        .order_by("nip")
        .values_list("pk", "position_id", "org_unit__opd_id", "position__family")
    )
    me_id = (
        User.objects.filter(username="pegawai", employee__isnull=False)
        .values_list("employee_id", flat=True)
        .first()
    )
    teknis_ids = {pk for code, pk in comps.items() if code not in MANAJERIAL}

    # --- assessments: ~80%, levels around the standard ------------------------------------
    assess_rows: list[dict[str, Any]] = []
    for emp_id, pos_id, _opd, _fam in people:
        std = standards.get(pos_id) if pos_id else None
        if not std or (emp_id != me_id and rng.random() >= 0.8):
            continue
        on = today - dt.timedelta(days=rng.randint(30, 900))
        for comp_id, req in std.items():
            delta = rng.choices((-2, -1, 0, 1), weights=(8, 37, 42, 13))[0]
            if emp_id == me_id:
                delta = -1 if comp_id in teknis_ids else 0
            source = (
                AssessmentSource.UJI_KOMPETENSI
                if comp_id in teknis_ids
                else AssessmentSource.ASSESSMENT_CENTRE
            )
            assess_rows.append(
                {
                    "employee_id": emp_id,
                    "competency_id": comp_id,
                    "level": max(1, min(5, req + delta)),
                    "source": source,
                    "assessed_on": on,
                    "valid_until": on.replace(year=on.year + 3)
                    if not (on.month == 2 and on.day == 29)
                    else dt.date(on.year + 3, 2, 28),
                    "revoked": False,
                    "note": "Data demo",
                }
            )
    result.assessments = insert_rows(Assessment, assess_rows)

    # --- programs and sessions ------------------------------------------------------------
    program_rows = []
    for code, title, type_code, jp, pkind, pname, cost, funding, _c in PROGRAMS:
        program_rows.append(
            {
                "code": code,
                "title": title,
                "description": f"{title}. Diselenggarakan oleh {pname}.",
                "activity_type_id": types[type_code].pk,
                "jp": jp,
                "provider_kind": pkind,
                "provider_name": pname,
                "cost_per_participant": cost,
                "funding_source": funding,
                "pass_score": 70,
                "is_active": True,
            }
        )
    result.programs = insert_rows(TrainingProgram, program_rows)
    program_ids = dict(TrainingProgram.objects.values_list("code", "pk"))
    insert_rows(
        ProgramCompetency,
        (
            {"program_id": program_ids[code], "competency_id": comps[c], "target_level": lv}
            for code, *_rest, targets in PROGRAMS
            for c, lv in targets.items()
            if c in comps
        ),
    )
    n_people = max(1, len(people))
    big = max(60, n_people // 3)  # e-learning classes are large
    session_rows: list[dict[str, Any]] = []
    meta: dict[str, tuple[str, int, int, str, str]] = {}
    for code, title, type_code, jp, *_rest in PROGRAMS:
        t = types[type_code]
        meta[code] = (code, jp, t.pk, t.mode, title)
        online = t.mode == "nonklasikal"
        per_year = 2 if online or code in TWICE_A_YEAR else 1
        for y in (last, year):
            for k in range(per_year):
                month = rng.randint(2, 6) if k == 0 else rng.randint(7, 11)
                start = dt.date(y, month, rng.randint(1, 26))
                days = _days(jp, t.mode)
                end = min(start + dt.timedelta(days=days - 1), dt.date(y, 12, 20))
                session_rows.append(
                    {
                        "program_id": program_ids[code],
                        "code": f"{code}-{y}-{k + 1}",
                        "starts_on": start,
                        "ends_on": end,
                        "is_online": online,
                        "location": "Kelas daring" if online else "Gedung Pandanaran, Semarang",
                        "capacity": big if online else rng.choice((30, 35, 40)),
                        "status": SessionStatus.OPEN if start > today else SessionStatus.CLOSED,
                    }
                )
    # Across New Year: completed on 2 January, so it counts in the new year.
    session_rows.append(
        {
            "program_id": program_ids["pelayanan-prima"],
            "code": f"pelayanan-prima-{last}-akhir-tahun",
            "starts_on": dt.date(last, 12, 29),
            "ends_on": dt.date(year, 1, 2),
            "is_online": False,
            "location": "Gedung Pandanaran, Semarang",
            "capacity": 30,
            "status": SessionStatus.OPEN if dt.date(last, 12, 29) > today else SessionStatus.CLOSED,
        }
    )
    # One running today, so some participants are attending.
    session_rows.append(
        {
            "program_id": program_ids["wawasan-kebangsaan"],
            "code": f"wawasan-kebangsaan-{year}-berjalan",
            "starts_on": today - dt.timedelta(days=1),
            "ends_on": today + dt.timedelta(days=1),
            "is_online": False,
            "location": "Gedung Pandanaran, Semarang",
            "capacity": 30,
            "status": SessionStatus.CLOSED,
        }
    )
    # Open ones in the coming months, so there is always something to register for.
    for i, code in enumerate(
        ("analisis-data-keputusan", "tata-kelola-spbe", "layanan-publik-digital", "arsip-digital")
    ):
        _code, jp, _type, mode, _title = meta[code]
        start = today + dt.timedelta(days=21 + 14 * i)
        if start.year != year:
            start = today + dt.timedelta(days=1 + i)
        end = min(start + dt.timedelta(days=_days(jp, mode) - 1), dt.date(year, 12, 31))
        end = max(end, start)
        session_rows.append(
            {
                "program_id": program_ids[code],
                "code": f"{code}-{year}-tambahan",
                "starts_on": start,
                "ends_on": end,
                "is_online": mode == "nonklasikal",
                "location": "Gedung Pandanaran, Semarang",
                "capacity": 40,
                "status": SessionStatus.OPEN,
            }
        )
    result.sessions = insert_rows(TrainingSession, session_rows)
    code_of = {pk: code for code, pk in program_ids.items()}
    sessions = [
        _Session(
            pk, code_of[prog], *meta[code_of[prog]][1:4], meta[code_of[prog]][4], s, e, cap, st
        )
        for pk, prog, s, e, cap, st in TrainingSession.objects.order_by(
            "starts_on", "pk"
        ).values_list("pk", "program_id", "starts_on", "ends_on", "capacity", "status")
    ]

    # --- enrolments and the ledger --------------------------------------------------------
    enrol_rows: dict[tuple[int, int], dict[str, Any]] = {}
    ext_rows: list[dict[str, Any]] = []
    used_codes: set[str] = set()
    opd_rate: dict[int | None, float] = {}

    def rate(opd: int | None) -> float:
        if opd not in opd_rate:
            opd_rate[opd] = rng.uniform(0.45, 0.75)
        return opd_rate[opd]

    def enrol(s: _Session, emp_id: int, status: str, **extra: Any) -> bool:
        key = (s.pk, emp_id)
        holds = status in (S.APPROVED, S.ATTENDED, S.COMPLETED)
        if key in enrol_rows or (holds and s.seats >= s.capacity):
            return False
        if holds:
            s.seats += 1
        row = {
            "session_id": s.pk,
            "employee_id": emp_id,
            "status": status,
            "origin": "nominated" if rng.random() < 0.7 else "self",
            "reason": "",
            "jp": 0,
            "version": 3,
            **extra,
        }
        if status == S.COMPLETED:
            pre = rng.randint(40, 75)
            post = min(100, pre + rng.randint(5, 30))
            row.update(
                pre_test=Decimal(pre),
                post_test=Decimal(post),
                score=Decimal(rng.randint(72, 97)),
                completed_on=s.ends,
                jp=s.jp,
                certificate_code=_certificate_code(rng, used_codes),
                version=5,
            )
        enrol_rows[key] = row
        return True

    def external(emp_id: int, when: dt.date, status: str, pick: int | None = None) -> int:
        title, issuer, type_code, jp = EXTERNAL_TITLES[
            pick if pick is not None else rng.randrange(len(EXTERNAL_TITLES))
        ]
        ext_rows.append(
            {
                "employee_id": emp_id,
                "title": title,
                "issuer": issuer,
                "activity_type_id": types[type_code].pk,
                "competency_id": None,
                "jp": jp,
                "completed_on": when,
                "file": SAMPLE_CERTIFICATE,
                "status": status,
                "reason": "",
            }
        )
        return jp

    past = {
        y: [s for s in sessions if s.ends < today and s.ends.year == y and s.status != "open"]
        for y in (last, year)
    }
    big_past = {y: [s for s in past[y] if s.mode == "nonklasikal" and s.jp >= 10] for y in past}
    small_past = {y: [s for s in past[y] if s.jp < target] for y in past}
    elapsed = min(1.0, max(0.0, (today - dt.date(year, 1, 1)).days / 365))
    for emp_id, _pos, opd, family in people:
        if emp_id == me_id:
            continue
        for y in (last, year):
            p = rate(opd) if y == last else rate(opd) * elapsed * 0.95
            meets = rng.random() < p
            if meets:
                pool = [
                    s
                    for s in past[y]
                    if s.jp >= target and (s.mode == "nonklasikal" or rng.random() < 0.5)
                ]
                if "guru" not in (family or "").lower():
                    pool = [s for s in pool if s.program != "pembelajaran-digital-guru"]
                choice = rng.choice(pool) if pool else None
                if choice is None or not enrol(choice, emp_id, S.COMPLETED):
                    # a 10–16 JP e-learning course plus an external certificate
                    short = [s for s in big_past[y] if s.jp < target]
                    got = 0
                    if short:
                        s = rng.choice(short)
                        if enrol(s, emp_id, S.COMPLETED):
                            got = s.jp
                    while got < target:
                        when = dt.date(
                            y,
                            rng.randint(1, max(1, today.month - 1) if y == year else 12),
                            rng.randint(1, 28),
                        )
                        if when >= today:
                            when = today - dt.timedelta(days=1)
                        got += external(
                            emp_id, when, CertificateStatus.VERIFIED, pick=rng.choice((1, 2))
                        )
                elif rng.random() < 0.25 and small_past[y]:
                    enrol(rng.choice(small_past[y]), emp_id, S.COMPLETED)
            else:
                r = rng.random()
                if r < 0.35 and small_past[y]:
                    s = rng.choice(small_past[y])
                    enrol(s, emp_id, S.COMPLETED)
                elif r < 0.45 and past[y]:
                    s = rng.choice(past[y])
                    status = rng.choice((S.NOT_COMPLETED, S.CANCELLED, S.REJECTED))
                    reason = {
                        S.NOT_COMPLETED: "Kehadiran kurang dari 80%.",
                        S.CANCELLED: "Bertugas dinas luar pada jadwal pelatihan.",
                        S.REJECTED: "Kuota OPD untuk angkatan ini sudah terpenuhi.",
                    }[status]
                    enrol(s, emp_id, status, reason=reason)

    # This year's running and coming sessions: approved/attended now, proposals ahead.
    running = [s for s in sessions if s.starts <= today <= s.ends]
    coming = [s for s in sessions if s.starts > today]
    busy: set[int] = set()  # one active enrolment each, so none overlap
    others = [p[0] for p in people if p[0] != me_id]
    for s in running:
        for i, emp_id in enumerate(rng.sample(others, min(len(others), s.capacity // 2))):
            status = S.ATTENDED if i % 4 else S.APPROVED
            if emp_id not in busy and enrol(s, emp_id, status):
                busy.add(emp_id)
    for s in coming:
        want = min(len(others), max(3, s.capacity // (4 if s.mode == "nonklasikal" else 2)))
        for emp_id in rng.sample(others, want):
            if emp_id in busy:
                continue
            status = rng.choices((S.NOMINATED, S.REGISTERED, S.APPROVED), weights=(4, 3, 3))[0]
            if enrol(s, emp_id, status, version=1 if status != S.APPROVED else 2):
                busy.add(emp_id)

    # The demo employee: met last year, short this year, nothing pending.
    if me_id is not None:
        lit = [s for s in past[last] if s.program == "literasi-digital-asn"]
        if lit:
            enrol(lit[0], me_id, S.COMPLETED)
        seminar = [s for s in past[last] if s.program == "seminar-smart-city"]
        if seminar:
            enrol(seminar[0], me_id, S.COMPLETED)
        if not lit:
            external(me_id, dt.date(last, 10, 12), CertificateStatus.VERIFIED, pick=1)
            external(me_id, dt.date(last, 11, 3), CertificateStatus.VERIFIED, pick=4)
        now_done = [s for s in past[year] if s.program == "keamanan-informasi-pdp"]
        if now_done:
            enrol(now_done[0], me_id, S.COMPLETED)
        else:
            external(me_id, today - dt.timedelta(days=20), CertificateStatus.VERIFIED, pick=0)
        if today.month > 2:
            external(me_id, dt.date(year, 2, 14), CertificateStatus.VERIFIED, pick=0)
        external(me_id, today - dt.timedelta(days=5), CertificateStatus.SUBMITTED, pick=5)

    # A few external certificates waiting for BKPP's verification.
    for emp_id in rng.sample(others, min(len(others), 12)):
        external(emp_id, today - dt.timedelta(days=rng.randint(3, 40)), CertificateStatus.SUBMITTED)

    result.enrolments = insert_rows(Enrolment, enrol_rows.values())
    _sample_certificate()
    result.external_certificates = insert_rows(ExternalCertificate, ext_rows)

    by_session = {s.pk: s for s in sessions}
    ledger_rows: list[dict[str, Any]] = []
    completed = list(
        Enrolment.objects.filter(status=S.COMPLETED).values_list(
            "pk", "session_id", "employee_id", "completed_on"
        )
    )
    for pk, sess_id, emp_id, completed_on in completed:
        s = by_session[sess_id]
        done = completed_on or s.ends
        ledger_rows.append(
            {
                "employee_id": emp_id,
                "year": done.year,
                "completed_on": done,
                "jp": s.jp,
                "activity_type_id": s.type_id,
                "source": LedgerSource.ENROLMENT,
                "source_id": pk,
                "title": s.title,
            }
        )
    for pk, emp_id, done, jp, type_id, title in ExternalCertificate.objects.filter(
        status=CertificateStatus.VERIFIED
    ).values_list("pk", "employee_id", "completed_on", "jp", "activity_type_id", "title"):
        ledger_rows.append(
            {
                "employee_id": emp_id,
                "year": done.year,
                "completed_on": done,
                "jp": jp,
                "activity_type_id": type_id,
                "source": LedgerSource.EXTERNAL,
                "source_id": pk,
                "title": title,
            }
        )
    result.ledger_entries = insert_rows(LedgerEntry, ledger_rows)

    # A few reaction surveys (and the demo employee's own).
    picks = [c for c in completed if c[2] == me_id] + rng.sample(
        completed, min(len(completed), 150)
    )
    seen: set[int] = set()
    eval_rows = []
    for pk, *_r in picks:
        if pk in seen:
            continue
        seen.add(pk)
        eval_rows.append(
            {
                "enrolment_id": pk,
                **{item: rng.choice((3, 4, 4, 5)) for item in Evaluation.ITEMS},
                "comment": rng.choice(
                    ("", "Materi relevan dengan pekerjaan.", "Perlu lebih banyak praktik.")
                ),
            }
        )
    result.evaluations = insert_rows(Evaluation, eval_rows)

    # Shares meeting the target (for the summary line and the tests).
    caps = {t.pk: t.max_jp_per_year for t in types.values()}
    raw: dict[tuple[int, int, int], int] = defaultdict(int)
    for row in ledger_rows:
        raw[(row["year"], row["employee_id"], row["activity_type_id"])] += row["jp"]
    counted: dict[tuple[int, int], int] = defaultdict(int)
    for (y, emp_id, type_id), jp in raw.items():
        cap = caps.get(type_id)
        counted[(y, emp_id)] += min(jp, cap) if cap is not None else jp
    for y in (last, year):
        met = sum(1 for emp_id, *_r in people if counted.get((y, emp_id), 0) >= target)
        result.share_met[y] = round(100 * met / n_people, 1)
    result.seconds = time.perf_counter() - started
    audit_record(
        actor=None,
        action="demo.seed_learning",
        object_type="learning.trainingprogram",
        after={
            "seed": seed,
            "today": today.isoformat(),
            "standards": result.standards,
            "assessments": result.assessments,
            "programs": result.programs,
            "sessions": result.sessions,
            "enrolments": result.enrolments,
            "ledger_entries": result.ledger_entries,
            "share_met": {str(k): v for k, v in result.share_met.items()},
        },
    )
    return result
