"""Certificates: the PDF of a completed enrolment, the public verification of its code, and the
checks on uploaded external certificates (size and type sniffed from the content).

The public page shows only what a certificate itself shows to whoever holds it: valid or not,
the program, dates, JP and the holder's name with the NIP masked. Lookups are rate-limited per
address so codes cannot be enumerated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from fpdf import FPDF
from fpdf.enums import Align

from penata.core.access import has_perm
from penata.core.pdf import latin1
from penata.core.roles import Perm
from penata.learning.models import Enrolment, EnrolmentStatus
from penata.workforce.models import Employee
from penata.workforce.selectors import employees_visible_to

# --- who may download ------------------------------------------------------------------------


def can_download_certificate(user: Any, employee_id: int) -> bool:
    """The owner, HR (BKPP and administrators) and the owner's OPD operator."""
    if getattr(user, "employee_id", None) == employee_id:
        return True
    if has_perm(user, Perm.TRAINING_MANAGE):
        return True
    return (
        has_perm(user, Perm.EMPLOYEE_VIEW_UNIT)
        and has_perm(user, Perm.TRAINING_NOMINATE)
        and employees_visible_to(user).filter(pk=employee_id).exists()
    )


def can_see_external_file(user: Any, employee_id: int) -> bool:
    """An uploaded external certificate: only its owner and HR."""
    return getattr(user, "employee_id", None) == employee_id or has_perm(user, Perm.TRAINING_MANAGE)


# --- public verification ---------------------------------------------------------------------

VERIFY_LIMIT = 20  # lookups per address per window
VERIFY_WINDOW_SECONDS = 10 * 60
RATE_LIMIT_MESSAGE = "Terlalu banyak pemeriksaan dari alamat Anda. Tunggu 10 menit, lalu coba lagi."


def mask_nip(nip: str) -> str:
    """``198601012010011001`` → ``1986******1001``: enough to recognise, not to reuse."""
    nip = (nip or "").strip()
    if len(nip) <= 8:
        return "*" * len(nip)
    return f"{nip[:4]}******{nip[-4:]}"


def verify_throttled(ip: str | None) -> bool:
    """Count one lookup from ``ip``; True when the address has used up its lookups."""
    key = f"learning:certificate-verify:{ip or 'unknown'}"
    if cache.add(key, 1, VERIFY_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, VERIFY_WINDOW_SECONDS)
        return False
    return count > VERIFY_LIMIT


@dataclass(frozen=True)
class VerifiedCertificate:
    code: str
    program: str
    provider: str
    starts_on: dt.date
    ends_on: dt.date
    completed_on: dt.date | None
    jp: int
    holder: str
    nip_masked: str


def lookup_certificate(code: str) -> VerifiedCertificate | None:
    """The certificate with this (already normalised) code, or None when there is none."""
    if not code:
        return None
    enrolment = (
        Enrolment.objects.select_related("session__program", "employee")
        .filter(certificate_code=code, status=EnrolmentStatus.COMPLETED)
        .first()
    )
    if enrolment is None:
        return None
    program = enrolment.session.program
    return VerifiedCertificate(
        code=code,
        program=program.title,
        provider=program.provider_name or program.get_provider_kind_display(),
        starts_on=enrolment.session.starts_on,
        ends_on=enrolment.session.ends_on,
        completed_on=enrolment.completed_on,
        jp=enrolment.jp,
        holder=enrolment.employee.full_name,
        nip_masked=mask_nip(enrolment.employee.nip),
    )


def verification_url(code: str, base: str | None = None) -> str:
    """The public page that checks ``code``; ``base`` is the site's address (SITE_URL)."""
    root = (base or settings.SITE_URL).rstrip("/")
    return f"{root}{reverse('learning:certificate_verify')}?kode={code}"


# --- the certificate PDF ---------------------------------------------------------------------

_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: dt.date | None) -> str:
    """A date written out in Indonesian: ``2 Januari 2026``."""
    if day is None:
        return "-"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _period(start: dt.date, end: dt.date) -> str:
    if start == end:
        return tanggal(start)
    return f"{tanggal(start)} s.d. {tanggal(end)}"


def certificate_pdf(enrolment: Enrolment, *, base_url: str | None = None) -> bytes:
    """A landscape A4 certificate of a completed enrolment."""
    session = enrolment.session
    program = session.program
    employee: Employee = enrolment.employee
    code = enrolment.certificate_code or ""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(latin1(f"Sertifikat {program.title}"))
    pdf.set_author("Penata - Pemerintah Kota Semarang")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    # frame
    pdf.set_draw_color(21, 76, 121)
    pdf.set_line_width(1.6)
    pdf.rect(8, 8, 281, 194)
    pdf.set_line_width(0.4)
    pdf.rect(12, 12, 273, 186)
    pdf.set_text_color(21, 76, 121)
    pdf.set_y(28)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, "PEMERINTAH KOTA SEMARANG", align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        5,
        latin1(program.provider_name or program.get_provider_kind_display()),
        align=Align.C,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)
    pdf.set_font("Helvetica", "B", 32)
    pdf.cell(0, 16, "SERTIFIKAT", align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(40, 40, 40)
    pdf.set_font("Helvetica", "", 12)
    pdf.ln(2)
    pdf.cell(0, 8, "diberikan kepada", align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 13, latin1(employee.full_name), align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, latin1(f"NIP {employee.nip}"), align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(
        0, 7, "yang telah menyelesaikan dengan baik", align=Align.C, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_x(30)
    pdf.multi_cell(237, 9, latin1(program.title), align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 11)
    lines = [
        f"{program.activity_type.name}, jalur {program.activity_type.get_mode_display().lower()}"
        f", angkatan {session.code}",
        f"{_period(session.starts_on, session.ends_on)} - {enrolment.jp} jam pelajaran (JP)",
    ]
    if enrolment.score is not None:
        lines.append(f"Nilai akhir: {enrolment.score}".replace(".", ","))
    for line in lines:
        pdf.cell(0, 7, latin1(line), align=Align.C, new_x="LMARGIN", new_y="NEXT")
    # footer: issue date on the right, verification on the left
    pdf.set_y(165)
    pdf.set_x(190)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(
        80,
        6,
        latin1(f"Semarang, {tanggal(enrolment.completed_on)}"),
        align=Align.C,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(190)
    pdf.cell(80, 6, "Kepala BKPP Kota Semarang", align=Align.C)
    pdf.set_xy(22, 173)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(150, 5, latin1(f"Kode verifikasi: {code}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(22)
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(150, 4, "Periksa keaslian sertifikat ini di:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(22)
    pdf.multi_cell(160, 4, latin1(verification_url(code, base_url)), align=Align.L, new_x="LMARGIN")
    return bytes(pdf.output())


# --- uploaded files --------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# extension → the content type it must sniff as
ALLOWED_EXTENSIONS = {"pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "png": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes (magic numbers): pdf, png, jpeg, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def check_upload(name: str, size: int, head: bytes) -> str:
    """The sniffed type of an upload, or a ``ValueError`` with the Indonesian reason."""
    if size <= 0:
        raise ValueError("Berkas kosong; unggah sertifikat dalam PDF, JPG atau PNG.")
    if size > MAX_UPLOAD_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        raise ValueError(f"Berkas {megabytes} MB terlalu besar; batasnya 5 MB.")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = ALLOWED_EXTENSIONS.get(ext)
    if expected is None:
        raise ValueError("Jenis berkas tidak diterima; unggah PDF, JPG atau PNG.")
    actual = sniff(head)
    if actual is None or actual != expected:
        raise ValueError(
            f"Isi berkas tidak sesuai dengan ekstensi .{ext}; unggah PDF, JPG atau PNG yang asli."
        )
    return actual
