"""Regulation rules for ASN records, in pure Python (standard library only, no Django).

Everything here is a small, total function over plain values, so the importer, the forms, the API
and the tests share one reading of the regulations (``docs/regulations.md``):

* NIP / NI PPPK (Perka BKN 22/2007): cleaning spreadsheet damage, parsing, cross-field checks;
* NIK (UU 24/2013 Adminduk; personal data under UU 27/2022 PDP): parsing and masking;
* golongan/ruang and pangkat (PP 99/2000 jo PP 12/2002), PPPK grades I–XVII;
* education levels with their entry ranks and caps for regular promotion;
* dates as they arrive from spreadsheets (text, Excel serial numbers, date objects);
* retirement age (BUP, UU 20/2023) and retirement date.

Every rejected value raises :class:`RuleError` with a stable machine ``code`` (listed in
:data:`ERROR_CODES`) and a ``message`` in Bahasa Indonesia that says what is wrong and how to fix
it. Values the regulation marks as configurable (the BUP table) are parameters with a default,
never literals the callers cannot override.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Final

__all__ = [
    "DEFAULT_BUP",
    "EDUCATION_ORDER",
    "EDUCATION_RANKS",
    "ERROR_CODES",
    "GOLONGAN_PANGKAT",
    "KOTA_SEMARANG_REGENCY_CODE",
    "NIK_PROVINCE_CODES",
    "PNS_GOLONGAN",
    "PPPK_ENTRY_GRADE",
    "PPPK_GRADES",
    "Education",
    "EmploymentType",
    "FunctionalLevel",
    "Gender",
    "NikInfo",
    "NipInfo",
    "PositionKind",
    "RuleError",
    "build_nik",
    "build_nip",
    "check_nip_agreement",
    "clean_nik",
    "clean_nip",
    "education_cap_golongan",
    "education_entry_golongan",
    "education_rank",
    "exceeds_education_cap",
    "format_nip",
    "gender_from_label",
    "golongan_pangkat",
    "golongan_rank",
    "mask_email",
    "mask_nik",
    "mask_phone",
    "normalise_education",
    "normalise_golongan",
    "normalise_pppk_grade",
    "parse_date",
    "parse_nik",
    "parse_nip",
    "pppk_entry_grade",
    "pppk_grade_rank",
    "retirement_age",
    "retirement_date",
]


# --- errors ------------------------------------------------------------------------------------


class RuleError(ValueError):
    """A value breaks a regulation rule.

    ``code`` is a stable machine string (see :data:`ERROR_CODES`); ``message`` is for the user, in
    Bahasa Indonesia, and says what is wrong and how to fix it. ``str(error)`` is the message.
    """

    code: str
    message: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)  # keeps the exception picklable (args == (code, message))
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


ERROR_CODES: Final[frozenset[str]] = frozenset(
    {
        # NIP / NI PPPK
        "nip_empty",
        "nip_not_digits",
        "nip_length",
        "nip_scientific",
        "nip_digits_lost",
        "nip_birth_date",
        "nip_tmt",
        "nip_tmt_too_early",
        "nip_tmt_future",
        "nip_gender_digit",
        "nip_sequence",
        "nip_birth_date_mismatch",
        "nip_gender_mismatch",
        "nip_tmt_mismatch",
        # NIK
        "nik_empty",
        "nik_not_digits",
        "nik_length",
        "nik_scientific",
        "nik_digits_lost",
        "nik_province",
        "nik_regency",
        "nik_district",
        "nik_birth_date",
        "nik_serial",
        # reference values
        "employment_type_unknown",
        "gender_unknown",
        "golongan_unknown",
        "education_unknown",
        # dates and retirement
        "date_empty",
        "date_invalid",
        "bup_unknown",
        "bup_invalid",
    }
)


def _shown(raw: object, limit: int = 40) -> str:
    """The user's value, trimmed for an error message."""
    text = str(raw).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(raw: object) -> str:
    """A cell value as text: ``None`` is empty and a whole ``float`` (``3.0``) loses its ``.0``."""
    if raw is None:
        return ""
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        return str(int(raw))
    return str(raw)


# --- enums -------------------------------------------------------------------------------------


class EmploymentType(enum.StrEnum):
    """Kind of ASN (UU 20/2023): PNS, PPPK, and PPPK paruh waktu (part-time, from 2026)."""

    PNS = "pns"
    PPPK = "pppk"
    PPPK_PARUH_WAKTU = "pppk_paruh_waktu"


class Gender(enum.StrEnum):
    """Jenis kelamin: ``L`` laki-laki, ``P`` perempuan (NIP digit 15: 1 = L, 2 = P)."""

    MALE = "L"
    FEMALE = "P"

    @property
    def label(self) -> str:
        return "laki-laki" if self is Gender.MALE else "perempuan"


class PositionKind(enum.StrEnum):
    """Jenis jabatan (UU 20/2023): JPT, administrasi (administrator, pengawas, pelaksana), JF."""

    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"


class FunctionalLevel(enum.StrEnum):
    """Jenjang jabatan fungsional: keahlian (ahli …) and keterampilan (pemula … penyelia)."""

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"
    PEMULA = "pemula"


def _employment_type(value: EmploymentType | str) -> EmploymentType:
    try:
        return EmploymentType(value)
    except ValueError:
        raise RuleError(
            "employment_type_unknown",
            f"Status pegawai '{_shown(value)}' tidak dikenal. Isi PNS, PPPK, atau "
            "PPPK Paruh Waktu.",
        ) from None


_GENDER_LABELS: Final[Mapping[str, Gender]] = MappingProxyType(
    {
        "l": Gender.MALE,
        "lk": Gender.MALE,
        "laki": Gender.MALE,
        "lakilaki": Gender.MALE,
        "pria": Gender.MALE,
        "m": Gender.MALE,
        "male": Gender.MALE,
        "1": Gender.MALE,
        "p": Gender.FEMALE,
        "pr": Gender.FEMALE,
        "perempuan": Gender.FEMALE,
        "wanita": Gender.FEMALE,
        "w": Gender.FEMALE,
        "f": Gender.FEMALE,
        "female": Gender.FEMALE,
        "2": Gender.FEMALE,
    }
)


def gender_from_label(raw: str | int | float | None) -> Gender:
    """Read jenis kelamin from the spellings seen in files.

    Accepts ``L``/``P``, ``Laki-laki``/``Perempuan``, ``pria``/``wanita``, ``M``/``F``, and the
    NIP digit convention ``1``/``2`` (Perka BKN 22/2007), in any letter case.
    """
    key = "" if isinstance(raw, bool) else re.sub(r"[^0-9a-z]", "", _text(raw).lower())
    gender = _GENDER_LABELS.get(key)
    if gender is None:
        raise RuleError(
            "gender_unknown",
            f"Jenis kelamin '{_shown(_text(raw))}' tidak dikenal. "
            "Isi L (laki-laki) atau P (perempuan).",
        )
    return gender


# --- identity numbers: cleaning ----------------------------------------------------------------

_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_APOSTROPHES: Final = frozenset("'\u2018\u2019`")
_ASCII_DIGITS: Final = re.compile(r"[0-9]+")
_SCIENTIFIC: Final = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
_DECIMAL_ZERO: Final = re.compile(r"([0-9]+)[.,]0{1,2}")
_INNER_SEPARATORS: Final = re.compile(r"(?<=[0-9])[.\-]+(?=[0-9])")

# A spreadsheet keeps at most 15 significant digits of a number: from 16 digits on, a numeric
# cell has already lost digits.
_LOSSLESS_FLOAT_LIMIT: Final = 1e15


def _clean_number(raw: str | int | float | None, *, label: str, length: int, example: str) -> str:
    """Repair lossless spreadsheet damage of an identity number, or raise ``RuleError``.

    Codes are ``<label>_empty``, ``_not_digits``, ``_length``, ``_scientific`` and
    ``_digits_lost`` with ``label`` in lower case (``nip``, ``nik``).
    """
    prefix = label.lower()
    if raw is None:
        raise RuleError(
            f"{prefix}_empty", f"{label} kosong. Isi {label} {length} angka, mis. {example}."
        )
    if isinstance(raw, int):  # bool included: str(True) is rejected below as not digits
        text = str(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer() or raw < 0:
            text = repr(raw)
        elif raw >= _LOSSLESS_FLOAT_LIMIT:
            raise RuleError(
                f"{prefix}_digits_lost",
                f"{label} tersimpan sebagai angka di spreadsheet sehingga digit terakhirnya hilang "
                "(spreadsheet hanya menyimpan 15 angka). Format kolom "
                f"{label} sebagai Teks, lalu ketik ulang {label} lengkap {length} angka.",
            )
        else:
            text = str(int(raw))
    elif isinstance(raw, str):
        text = raw.translate(_INVISIBLE).strip()
        if text[:1] in _APOSTROPHES:
            text = text[1:].strip()
        text = re.sub(r"\s+", "", text)
        if not text:
            raise RuleError(
                f"{prefix}_empty", f"{label} kosong. Isi {label} {length} angka, mis. {example}."
            )
        if _SCIENTIFIC.fullmatch(text):
            raise RuleError(
                f"{prefix}_scientific",
                f"{label} '{_shown(raw)}' tertulis dalam notasi ilmiah sehingga digit terakhirnya "
                f"sudah hilang. Format kolom {label} sebagai Teks di spreadsheet, lalu ketik ulang "
                f"{label} lengkap {length} angka.",
            )
        decimal = _DECIMAL_ZERO.fullmatch(text)
        text = decimal.group(1) if decimal else _INNER_SEPARATORS.sub("", text)
    else:
        text = str(raw)
    if not _ASCII_DIGITS.fullmatch(text):
        bad = sorted({ch for ch in text if not ("0" <= ch <= "9")})
        shown = ", ".join(f"'{ch}'" for ch in bad[:5])
        raise RuleError(
            f"{prefix}_not_digits",
            f"{label} hanya boleh berisi angka, tetapi '{_shown(raw)}' memuat {shown}. "
            f"Tulis {length} angka saja, mis. {example}.",
        )
    if len(text) != length:
        raise RuleError(
            f"{prefix}_length",
            f"{label} harus {length} angka, tetapi yang terisi {len(text)} angka. Periksa apakah "
            "ada angka yang hilang atau berlebih.",
        )
    return text


def clean_nip(raw: str | int | float | None) -> str:
    """Return the 18 digits of a NIP / NI PPPK, repairing only lossless spreadsheet damage.

    Repaired (docs/regulations.md, "Spreadsheets mangle NIPs"): surrounding whitespace, a leading
    apostrophe (Excel's text marker), spaces, dots or hyphens between digit groups
    (``19860926 201505 1 001``), a trailing ``.0``/``.00`` (``198609262015051001.0``), an
    ``int`` (exact at any size) and a whole ``float`` below 10^15.

    Rejected, because digits were lost: scientific notation (``1.98609E+17``, code
    ``nip_scientific``) and ``float`` values of 16 digits or more (``nip_digits_lost``): a
    spreadsheet keeps 15 significant digits. Other codes: ``nip_empty``, ``nip_not_digits``,
    ``nip_length`` (with the number of digits found). Only the length and the characters are
    checked here; :func:`parse_nip` checks the content. The result is a fixed point:
    ``clean_nip(clean_nip(x)) == clean_nip(x)``.
    """
    return _clean_number(raw, label="NIP", length=18, example="198609262015051001")


def clean_nik(raw: str | int | float | None) -> str:
    """Return the 16 digits of a NIK, repairing only lossless spreadsheet damage.

    Same repairs and rejections as :func:`clean_nip`, with codes ``nik_empty``,
    ``nik_not_digits``, ``nik_length``, ``nik_scientific`` and ``nik_digits_lost``.
    """
    return _clean_number(raw, label="NIK", length=16, example="3374012609860001")


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- NIP ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NipInfo:
    """The parts of a NIP (PNS) or NI PPPK (Perka BKN 22/2007).

    For PNS, ``tmt_year``/``tmt_month`` are the TMT CPNS (digits 9–14) and ``contract_code`` is
    ``None``; for PPPK, ``tmt_year`` is digits 9–12, ``tmt_month`` is ``None`` and
    ``contract_code`` holds digits 13–14 (e.g. ``21``, ``22``, ``24`` for paruh waktu).
    """

    nip: str
    employment_type: EmploymentType
    birth_date: date
    tmt_year: int
    tmt_month: int | None
    contract_code: str | None
    gender: Gender
    sequence: int

    @property
    def tmt_cpns(self) -> date | None:
        """The first day of the TMT CPNS month (PNS only)."""
        if self.tmt_month is None:
            return None
        return date(self.tmt_year, self.tmt_month, 1)


def parse_nip(
    nip: str,
    employment_type: EmploymentType | str,
    *,
    today: date | None = None,
    min_age: int = 18,
) -> NipInfo:
    """Parse and validate a NIP (PNS) or NI PPPK, 18 digits ``YYYYMMDD YYYYMM G NNN``.

    Perka BKN 22/2007, as summarised in docs/regulations.md:

    * digits 1–8: date of birth, a real calendar date from 1900 on and not after ``today``
      (``nip_birth_date``);
    * PNS, digits 9–14: TMT CPNS as year and month, month ``01``–``12`` (``nip_tmt``); the
      person is at least ``min_age`` (default 18) at appointment, compared at month precision
      because the NIP holds no day (``nip_tmt_too_early``); not after ``today``'s month
      (``nip_tmt_future``);
    * PPPK and PPPK paruh waktu, digits 9–12: year of appointment, at least ``min_age`` years
      after the birth year and not after ``today``'s year; digits 13–14 are a contract code
      (``21``, ``22``, ``24`` …), *not* a month, and are not validated as one;
    * digit 15: gender, ``1`` male or ``2`` female (``nip_gender_digit``);
    * digits 16–18: sequence ``001``–``999`` (``nip_sequence``).

    ``nip`` goes through :func:`clean_nip` first, so its codes can be raised too. ``today``
    defaults to the current date; pass it for reproducible results. The first problem found is
    raised, in digit order.
    """
    digits = clean_nip(nip)
    etype = _employment_type(employment_type)
    today = today if today is not None else date.today()

    birth = _real_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    if birth is None or birth.year < 1900:
        raise RuleError(
            "nip_birth_date",
            f"Digit 1–8 NIP ({digits[0:8]}) harus tanggal lahir yang nyata dengan susunan "
            "TahunBulanTanggal, mis. 19860926 untuk 26-09-1986. Periksa NIP.",
        )
    if birth > today:
        raise RuleError(
            "nip_birth_date",
            f"Tanggal lahir dalam NIP ({birth:%d-%m-%Y}) ada di masa depan. Periksa digit 1–8 NIP.",
        )

    tmt_year = int(digits[8:12])
    tmt_month: int | None = None
    contract_code: str | None = None
    if etype is EmploymentType.PNS:
        tmt_month = int(digits[12:14])
        if not 1 <= tmt_month <= 12:
            raise RuleError(
                "nip_tmt",
                f"Digit 13–14 NIP PNS adalah bulan TMT CPNS dan harus 01–12, tertulis "
                f"{digits[12:14]}. Periksa NIP; jika pegawai ini PPPK, ubah status pegawainya.",
            )
        if (tmt_year, tmt_month) < (birth.year + min_age, birth.month):
            raise RuleError(
                "nip_tmt_too_early",
                f"TMT CPNS dalam NIP ({tmt_month:02d}-{tmt_year:04d}) terlalu dekat dengan "
                f"tanggal lahir {birth:%d-%m-%Y}: pegawai belum berumur {min_age} tahun saat "
                "diangkat. Periksa digit 9–14 NIP (tahun dan bulan TMT CPNS).",
            )
        if (tmt_year, tmt_month) > (today.year, today.month):
            raise RuleError(
                "nip_tmt_future",
                f"TMT CPNS dalam NIP ({tmt_month:02d}-{tmt_year:04d}) ada di masa depan. "
                "Periksa digit 9–14 NIP.",
            )
    else:
        contract_code = digits[12:14]
        if tmt_year < birth.year + min_age:
            raise RuleError(
                "nip_tmt_too_early",
                f"Tahun pengangkatan dalam NI PPPK ({tmt_year:04d}) terlalu dekat dengan tahun "
                f"lahir {birth.year}: pegawai belum berumur {min_age} tahun saat diangkat. "
                "Periksa digit 9–12 NI PPPK.",
            )
        if tmt_year > today.year:
            raise RuleError(
                "nip_tmt_future",
                f"Tahun pengangkatan dalam NI PPPK ({tmt_year:04d}) ada di masa depan. "
                "Periksa digit 9–12 NI PPPK.",
            )

    gender_digit = digits[14]
    if gender_digit not in "12":
        raise RuleError(
            "nip_gender_digit",
            f"Digit ke-15 NIP adalah jenis kelamin dan harus 1 (laki-laki) atau 2 (perempuan), "
            f"tertulis {gender_digit}. Periksa NIP.",
        )
    sequence = int(digits[15:18])
    if sequence == 0:
        raise RuleError(
            "nip_sequence",
            "Tiga digit terakhir NIP adalah nomor urut 001–999, tertulis 000. Periksa NIP; angka "
            "nol di akhir sering tanda NIP pernah tersimpan sebagai angka di spreadsheet.",
        )
    return NipInfo(
        nip=digits,
        employment_type=etype,
        birth_date=birth,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        contract_code=contract_code,
        gender=Gender.MALE if gender_digit == "1" else Gender.FEMALE,
        sequence=sequence,
    )


def check_nip_agreement(
    info: NipInfo,
    *,
    birth_date: date,
    gender: Gender | str,
    tmt_cpns: date | None = None,
) -> list[RuleError]:
    """Cross-check a parsed NIP against the other fields of the record (Perka BKN 22/2007).

    Returns every disagreement (empty list when all agree), without raising:

    * ``nip_birth_date_mismatch``: digits 1–8 differ from the recorded tanggal lahir;
    * ``nip_gender_mismatch``: digit 15 differs from the recorded jenis kelamin;
    * ``nip_tmt_mismatch``: for a PNS, digits 9–14 differ from the year and month of the
      recorded TMT CPNS. Skipped when ``tmt_cpns`` is ``None`` or the NIP is a NI PPPK
      (PPPK have no CPNS period and digits 13–14 are a contract code).
    """
    problems: list[RuleError] = []
    if info.birth_date != birth_date:
        problems.append(
            RuleError(
                "nip_birth_date_mismatch",
                f"Tanggal lahir dalam NIP ({info.birth_date:%d-%m-%Y}) tidak sama dengan tanggal "
                f"lahir yang diisi ({birth_date:%d-%m-%Y}). Perbaiki NIP atau tanggal lahir.",
            )
        )
    recorded = gender if isinstance(gender, Gender) else gender_from_label(gender)
    if info.gender is not recorded:
        problems.append(
            RuleError(
                "nip_gender_mismatch",
                f"Digit ke-15 NIP menunjukkan {info.gender.label}, tetapi jenis kelamin yang diisi "
                f"{recorded.label}. Perbaiki NIP atau jenis kelamin.",
            )
        )
    if (
        tmt_cpns is not None
        and info.tmt_month is not None
        and (info.tmt_year, info.tmt_month) != (tmt_cpns.year, tmt_cpns.month)
    ):
        problems.append(
            RuleError(
                "nip_tmt_mismatch",
                f"TMT CPNS dalam NIP ({info.tmt_month:02d}-{info.tmt_year:04d}) tidak sama dengan "
                f"bulan dan tahun TMT CPNS yang diisi ({tmt_cpns:%m-%Y}). Perbaiki NIP atau "
                "TMT CPNS.",
            )
        )
    return problems


def build_nip(
    *,
    birth_date: date,
    tmt_year: int,
    gender: Gender,
    sequence: int,
    tmt_month: int | None = None,
    contract_code: str | None = None,
) -> str:
    """Compose a NIP from its parts: the inverse of :func:`parse_nip` (for fixtures and tests).

    Give ``tmt_month`` for a PNS or ``contract_code`` (two digits) for a NI PPPK. Programming
    errors (parts out of range) raise ``ValueError``, not ``RuleError``.
    """
    if (tmt_month is None) == (contract_code is None):
        raise ValueError("give exactly one of tmt_month (PNS) and contract_code (PPPK)")
    middle = f"{tmt_month:02d}" if tmt_month is not None else str(contract_code)
    if not (len(middle) == 2 and middle.isdigit() and 0 <= tmt_year <= 9999):
        raise ValueError("tmt_year must have 4 digits and the month or code 2 digits")
    if not 1 <= sequence <= 999:
        raise ValueError("sequence must be 1..999")
    digit = "1" if gender is Gender.MALE else "2"
    return f"{birth_date:%Y%m%d}{tmt_year:04d}{middle}{digit}{sequence:03d}"


def format_nip(nip: str) -> str:
    """Group a clean NIP for display: ``19860926 201505 1 001``."""
    digits = clean_nip(nip)
    return f"{digits[0:8]} {digits[8:14]} {digits[14]} {digits[15:18]}"


# --- NIK ---------------------------------------------------------------------------------------

KOTA_SEMARANG_REGENCY_CODE: Final = "3374"

# Province codes (kode wilayah Kemendagri) that a NIK can start with: a NIK keeps the code of the
# province that issued it, so codes of provinces that were later split or renumbered stay valid
# (Papua was 94 before Permendagri 72/2019; the 2022 Papua provinces are 93–96).
NIK_PROVINCE_CODES: Final[frozenset[str]] = frozenset(
    [str(c) for c in range(11, 20)]
    + ["21"]
    + [str(c) for c in range(31, 37)]
    + ["51", "52", "53"]
    + [str(c) for c in range(61, 66)]
    + [str(c) for c in range(71, 77)]
    + ["81", "82"]
    + [str(c) for c in range(91, 97)]
)


@dataclass(frozen=True, slots=True)
class NikInfo:
    """The parts of a NIK ``PP KK CC DDMMYY SSSS`` (UU 24/2013 Adminduk)."""

    nik: str
    province_code: str  # 2 digits, e.g. "33" (Jawa Tengah)
    regency_code: str  # 4 digits, e.g. "3374" (Kota Semarang)
    district_code: str  # 6 digits, e.g. "337401" (a kecamatan)
    birth_date: date
    gender: Gender
    serial: int

    @property
    def is_kota_semarang(self) -> bool:
        return self.regency_code == KOTA_SEMARANG_REGENCY_CODE


def parse_nik(raw: str | int | float | None, *, today: date | None = None) -> NikInfo:
    """Parse and validate a NIK, 16 digits ``PP KK CC DDMMYY SSSS`` (UU 24/2013 Adminduk).

    * ``PP`` a province code in :data:`NIK_PROVINCE_CODES` (``nik_province``);
    * ``KK`` regency/city and ``CC`` district, not ``00`` (``nik_regency``, ``nik_district``);
    * ``DDMMYY`` date of birth, with 40 added to the day for women (``nik_birth_date``). The
      two-digit year takes the century that makes the person 0 to 100 years old on ``today``
      (the latest such birth date not after ``today``);
    * ``SSSS`` serial ``0001``–``9999`` (``nik_serial``).

    ``raw`` goes through :func:`clean_nik` first. A NIK is personal data (UU 27/2022 PDP): show it
    with :func:`mask_nik`.
    """
    digits = clean_nik(raw)
    today = today if today is not None else date.today()
    province = digits[0:2]
    if province not in NIK_PROVINCE_CODES:
        raise RuleError(
            "nik_province",
            f"Dua digit pertama NIK ({province}) bukan kode provinsi. Untuk Jawa Tengah kodenya "
            "33. Periksa NIK pada KTP.",
        )
    if digits[2:4] == "00":
        raise RuleError(
            "nik_regency",
            "Digit 3–4 NIK (kode kabupaten/kota) tidak boleh 00; untuk Kota Semarang NIK diawali "
            "3374. Periksa NIK pada KTP.",
        )
    if digits[4:6] == "00":
        raise RuleError(
            "nik_district",
            "Digit 5–6 NIK (kode kecamatan) tidak boleh 00. Periksa NIK pada KTP.",
        )
    day_field = int(digits[6:8])
    month = int(digits[8:10])
    yy = int(digits[10:12])
    if 1 <= day_field <= 31:
        gender = Gender.MALE
        day = day_field
    elif 41 <= day_field <= 71:
        gender = Gender.FEMALE
        day = day_field - 40
    else:
        raise RuleError(
            "nik_birth_date",
            f"Digit 7–8 NIK adalah tanggal lahir: 01–31 untuk laki-laki, 41–71 untuk perempuan "
            f"(tanggal ditambah 40), tertulis {digits[6:8]}. Periksa NIK pada KTP.",
        )
    century = today.year // 100 * 100
    birth: date | None = None
    for year in (century + yy, century - 100 + yy):
        candidate = _real_date(year, month, day) if 1 <= year <= 9999 else None
        if candidate is not None and candidate <= today:
            birth = candidate
            break
    if birth is None:
        raise RuleError(
            "nik_birth_date",
            f"Digit 7–12 NIK ({digits[6:12]}) bukan tanggal lahir yang nyata (susunan DDMMYY, "
            "tanggal ditambah 40 untuk perempuan). Periksa NIK pada KTP.",
        )
    serial = int(digits[12:16])
    if serial == 0:
        raise RuleError(
            "nik_serial",
            "Empat digit terakhir NIK (nomor urut) tidak boleh 0000. Periksa NIK pada KTP.",
        )
    return NikInfo(
        nik=digits,
        province_code=province,
        regency_code=digits[0:4],
        district_code=digits[0:6],
        birth_date=birth,
        gender=gender,
        serial=serial,
    )


def build_nik(*, district_code: str, birth_date: date, gender: Gender, serial: int) -> str:
    """Compose a NIK from its parts: the inverse of :func:`parse_nik` (for fixtures and tests)."""
    if not (len(district_code) == 6 and district_code.isdigit()):
        raise ValueError("district_code must have 6 digits")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    day = birth_date.day + (40 if gender is Gender.FEMALE else 0)
    return f"{district_code}{day:02d}{birth_date:%m%y}{serial:04d}"


# --- masking (UU 27/2022 PDP) ------------------------------------------------------------------


def mask_nik(nik: str) -> str:
    """Show a NIK masked, keeping the first 4 (regency) and last 4 digits: ``3374********0001``.

    Values shorter than 16 characters are masked entirely, so at least half is always hidden.
    """
    text = nik.strip()
    if len(text) < 16:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_phone(phone: str) -> str:
    """Show a phone number masked: the first 4 and last 3 characters stay (``0812*****890``).

    Numbers shorter than 10 characters keep only their last 2 characters.
    """
    text = phone.strip()
    if len(text) >= 10:
        return text[:4] + "*" * (len(text) - 7) + text[-3:]
    if len(text) > 4:
        return "*" * (len(text) - 2) + text[-2:]
    return "*" * len(text)


def mask_email(email: str) -> str:
    """Show an e-mail address masked: ``b***@semarangkota.go.id``.

    The first character of the local part stays (when it has at least 3 characters) followed by
    a fixed ``***``, so the length is not revealed; the domain stays.
    """
    text = email.strip()
    local, at, domain = text.rpartition("@")
    if not at:
        local, domain = text, ""
    masked = (local[0] + "***") if len(local) >= 3 else "***"
    return f"{masked}@{domain}" if at else masked


# --- golongan/ruang and pangkat ----------------------------------------------------------------

GOLONGAN_PANGKAT: Final[dict[str, str]] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
"""PNS golongan/ruang → pangkat, lowest first (PP 99/2000 jo PP 12/2002)."""

PNS_GOLONGAN: Final[tuple[str, ...]] = tuple(GOLONGAN_PANGKAT)
"""The 17 PNS golongan in rank order, ``I/a`` … ``IV/e``."""

_GOLONGAN_RANK: Final[Mapping[str, int]] = MappingProxyType(
    {code: i for i, code in enumerate(PNS_GOLONGAN, start=1)}
)
_ROMAN_GOLONGAN: Final[Mapping[str, str]] = MappingProxyType(
    {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "1": "I", "2": "II", "3": "III", "4": "IV"}
)
_GOLONGAN_RE: Final = re.compile(
    r"(?:gol(?:ongan)?\.?\s*)?(?:ruang\s*)?(iv|iii|ii|i|[1-4])\s*[/\-.]?\s*([a-e])"
)


def _pangkat_key(text: str) -> str:
    text = re.sub(r"\b(?:tingkat|tk)\b\.?\s*(?:i|1)\b", " tingkat i ", text.lower())
    return " ".join(re.sub(r"[^a-z]+", " ", text).split())


_PANGKAT_GOLONGAN: Final[Mapping[str, str]] = MappingProxyType(
    {_pangkat_key(p): g for g, p in GOLONGAN_PANGKAT.items()}
)


def normalise_golongan(raw: str | None) -> str:
    """Return the canonical PNS golongan/ruang (``III/a``) from the spellings seen in files.

    Accepted (docs/regulations.md): ``III/a``, ``III-a``, ``IIIa``, ``iii/a``, ``3a``, ``3/a``,
    ``III/A``, ``III / a``, ``3-a``, ``III.a``, optionally after ``Golongan``/``Gol.``, and the
    pangkat alone (``Penata Muda``, ``Penata Muda Tk. I``). Anything else, including ruang that
    do not exist such as ``I/e``, raises ``RuleError("golongan_unknown")``.
    """
    text = _text(raw).strip()
    match = _GOLONGAN_RE.fullmatch(text.lower())
    code = f"{_ROMAN_GOLONGAN[match.group(1)]}/{match.group(2)}" if match else None
    if code is None:
        code = _PANGKAT_GOLONGAN.get(_pangkat_key(text))
    if code is None or code not in _GOLONGAN_RANK:
        raise RuleError(
            "golongan_unknown",
            f"Golongan '{_shown(text)}' tidak dikenal. Golongan PNS ditulis seperti III/a, dari "
            "I/a sampai IV/e (golongan I–III ruang a–d, golongan IV ruang a–e).",
        )
    return code


def golongan_rank(golongan: str) -> int:
    """Ordinal of a PNS golongan, 1 (``I/a``) to 17 (``IV/e``); any accepted spelling."""
    return _GOLONGAN_RANK[normalise_golongan(golongan)]


def golongan_pangkat(golongan: str) -> str:
    """The pangkat of a PNS golongan (PP 99/2000 jo PP 12/2002): ``III/a`` → ``Penata Muda``."""
    return GOLONGAN_PANGKAT[normalise_golongan(golongan)]


# --- PPPK grades -------------------------------------------------------------------------------

PPPK_GRADES: Final[tuple[str, ...]] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)
"""PPPK golongan I–XVII in order (Perpres 98/2020)."""

_PPPK_BY_KEY: Final[Mapping[str, str]] = MappingProxyType(
    {
        **{g.lower(): g for g in PPPK_GRADES},
        **{str(i): g for i, g in enumerate(PPPK_GRADES, start=1)},
    }
)


def normalise_pppk_grade(raw: str | int | float | None) -> str:
    """Return the canonical PPPK grade (Roman ``I`` … ``XVII``).

    Accepts ``IX``, ``ix``, ``9``, ``09``, ``9.0``, ``Golongan IX``, ``Gol. 9`` and whole numbers;
    anything else raises ``RuleError("golongan_unknown")``.
    """
    key: str | None
    if isinstance(raw, bool):
        key = None
    elif isinstance(raw, int):
        key = str(raw)
    elif isinstance(raw, float):
        key = str(int(raw)) if math.isfinite(raw) and raw.is_integer() else None
    else:
        text = _text(raw).strip().lower()
        text = re.sub(r"^gol(?:ongan)?\.?\s*", "", text)
        text = re.sub(r"^([0-9]+)[.,]0+$", r"\1", text)
        key = text.lstrip("0") if text.isdigit() else text
    grade = _PPPK_BY_KEY.get(key) if key is not None else None
    if grade is None:
        raise RuleError(
            "golongan_unknown",
            f"Golongan PPPK '{_shown(_text(raw))}' tidak dikenal. Golongan "
            "PPPK ditulis dengan angka Romawi I sampai XVII (atau angka 1 sampai 17).",
        )
    return grade


def pppk_grade_rank(grade: str | int) -> int:
    """Ordinal of a PPPK grade, 1 (``I``) to 17 (``XVII``); any accepted spelling."""
    return PPPK_GRADES.index(normalise_pppk_grade(grade)) + 1


# --- education ---------------------------------------------------------------------------------


class Education(enum.StrEnum):
    """Jenjang pendidikan, lowest first (the order of :data:`EDUCATION_ORDER`).

    ``PROFESI`` is a professional degree (dokter, dokter gigi, dokter hewan, apoteker): it enters
    and is capped like S2 (docs/regulations.md, "S2/dokter/apoteker III/b→IV/a").
    """

    SD = "sd"
    SLTP = "sltp"
    SLTP_KEJURUAN = "sltp_kejuruan"
    SLTA = "slta"
    D1 = "d1"
    D2 = "d2"
    D3 = "d3"
    S1 = "s1"
    D4 = "d4"
    S2 = "s2"
    PROFESI = "profesi"
    S3 = "s3"


EDUCATION_ORDER: Final[tuple[Education, ...]] = tuple(Education)

_EDUCATION_SPELLINGS: Final[Mapping[Education, tuple[str, ...]]] = MappingProxyType(
    {
        Education.SD: ("sd", "sekolahdasar", "mi", "madrasahibtidaiyah", "paketa"),
        Education.SLTP: (
            "sltp",
            "smp",
            "mts",
            "madrasahtsanawiyah",
            "sekolahmenengahpertama",
            "paketb",
        ),
        Education.SLTP_KEJURUAN: ("sltpkejuruan", "smpkejuruan", "smep", "skkp"),
        Education.SLTA: (
            "slta",
            "sma",
            "smu",
            "smk",
            "stm",
            "smea",
            "mak",
            "madrasahaliyah",
            "sltakejuruan",
            "sekolahmenengahatas",
            "sekolahmenengahkejuruan",
            "paketc",
        ),
        Education.D1: ("d1", "di", "diploma1", "diplomai"),
        Education.D2: ("d2", "dii", "diploma2", "diplomaii"),
        Education.D3: ("d3", "diii", "diploma3", "diplomaiii", "ahlimadya"),
        Education.S1: ("s1", "si", "sarjana", "strata1", "stratai"),
        Education.D4: ("d4", "div", "diploma4", "diplomaiv", "sarjanaterapan"),
        Education.S2: (
            "s2",
            "sii",
            "magister",
            "master",
            "strata2",
            "strataii",
            "pascasarjana",
        ),
        Education.PROFESI: ("profesi", "dokter", "doktergigi", "dokterhewan", "apoteker"),
        Education.S3: ("s3", "siii", "doktor", "doktoral", "strata3", "strataiii", "phd"),
    }
)
_EDUCATION_BY_KEY: Final[Mapping[str, Education]] = MappingProxyType(
    {key: edu for edu, keys in _EDUCATION_SPELLINGS.items() for key in keys}
    | {edu.value.replace("_", ""): edu for edu in Education}
)


def normalise_education(raw: Education | str | None) -> Education:
    """Read a jenjang pendidikan from the spellings seen in files.

    Letter case, spaces and punctuation are ignored (``D-III`` = ``D III`` = ``DIII`` = ``D3``).
    Accepts e.g. ``SD``, ``SMP``/``SLTP``, ``SLTP Kejuruan``, ``SMA``/``SMK``/``SLTA``, ``D-I`` …
    ``D-IV``, ``S-1``/``Sarjana``, ``Magister``/``S2``, ``Doktor``/``S3``, and ``Dokter``/
    ``Apoteker`` (``PROFESI``; note *dokter* is not *doktor*). Otherwise
    ``RuleError("education_unknown")``.
    """
    if isinstance(raw, Education):
        return raw
    key = re.sub(r"[^0-9a-z]", "", _text(raw).lower())
    edu = _EDUCATION_BY_KEY.get(key)
    if edu is None:
        raise RuleError(
            "education_unknown",
            f"Jenjang pendidikan '{_shown(_text(raw))}' tidak dikenal. Isi salah satu: SD, SMP, "
            "SMP Kejuruan, SMA/SMK, D-I, D-II, D-III, D-IV, S1, S2, Dokter/Apoteker, S3.",
        )
    return edu


def education_rank(edu: Education | str) -> int:
    """Ordinal of an education level, 1 (SD) to 12 (S3), in :data:`EDUCATION_ORDER`."""
    return EDUCATION_ORDER.index(normalise_education(edu)) + 1


EDUCATION_RANKS: Final[Mapping[Education, tuple[str, str]]] = MappingProxyType(
    {
        Education.SD: ("I/a", "II/a"),
        Education.SLTP: ("I/c", "II/c"),
        Education.SLTP_KEJURUAN: ("I/c", "II/d"),
        Education.SLTA: ("II/a", "III/b"),
        Education.D1: ("II/a", "III/b"),
        Education.D2: ("II/b", "III/b"),
        Education.D3: ("II/c", "III/c"),
        Education.S1: ("III/a", "III/d"),
        Education.D4: ("III/a", "III/d"),
        Education.S2: ("III/b", "IV/a"),
        Education.PROFESI: ("III/b", "IV/a"),
        Education.S3: ("III/c", "IV/b"),
    }
)
"""Education → (entry golongan, highest golongan by regular promotion) for PNS.

From docs/regulations.md, "Education caps for regular promotion" (PP 99/2000 jo PP 12/2002):
SD I/a→II/a · SLTP I/c→II/c · SLTP Kejuruan I/c→II/d · SLTA/D-I II/a→III/b · D-II II/b→III/b ·
D-III II/c→III/c · S1/D-IV III/a→III/d · S2/dokter/apoteker III/b→IV/a · S3 III/c→IV/b.
"""


def education_entry_golongan(edu: Education | str) -> str:
    """The golongan a PNS with this education enters at (e.g. S1 → ``III/a``)."""
    return EDUCATION_RANKS[normalise_education(edu)][0]


def education_cap_golongan(edu: Education | str) -> str:
    """The highest golongan reachable by *regular* promotion with this education.

    E.g. S1 → ``III/d``. Functional positions promote by credit points and other routes
    (penyesuaian ijazah, pilihan) can go higher: the cap only concerns kenaikan pangkat reguler.
    """
    return EDUCATION_RANKS[normalise_education(edu)][1]


def exceeds_education_cap(golongan: str, edu: Education | str) -> bool:
    """Whether ``golongan`` is above the regular-promotion cap of ``edu`` (S1 and IV/a: True)."""
    return golongan_rank(golongan) > golongan_rank(education_cap_golongan(edu))


PPPK_ENTRY_GRADE: Final[Mapping[Education, str]] = MappingProxyType(
    {
        Education.SD: "I",
        Education.SLTP: "IV",
        Education.SLTP_KEJURUAN: "IV",
        Education.SLTA: "V",
        Education.D1: "V",
        Education.D2: "VI",
        Education.D3: "VII",
        Education.S1: "IX",
        Education.D4: "IX",
        Education.S2: "X",
        Education.PROFESI: "X",
        Education.S3: "XI",
    }
)
"""Education → PPPK entry grade (docs/regulations.md: SD I, SMP IV, SLTA/D-I V, D-II VI,
D-III VII, S1/D-IV IX, S2 X, S3 XI). SLTP Kejuruan enters like SMP and PROFESI like S2."""


def pppk_entry_grade(edu: Education | str) -> str:
    """The PPPK grade a holder of this education enters at (e.g. S1 → ``IX``)."""
    return PPPK_ENTRY_GRADE[normalise_education(edu)]


# --- dates -------------------------------------------------------------------------------------

_EXCEL_EPOCH: Final = date(1899, 12, 30)
_EXCEL_MAX_SERIAL: Final = 2_958_465  # 9999-12-31
_DATE_FORMATS_HINT: Final = (
    "Gunakan salah satu format: dd-mm-yyyy (mis. 26-09-1986), dd/mm/yyyy (26/09/1986), "
    "yyyy-mm-dd (1986-09-26), tanggal dengan nama bulan (26 September 1986), atau sel "
    "bertipe Tanggal di Excel."
)
_DMY: Final = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")
_YMD: Final = re.compile(
    r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"
    r"(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_D_MONTH_Y: Final = re.compile(r"([0-9]{1,2})[\s\-]*([a-z]+)\.?[\s\-]*([0-9]{4})")
_SERIAL: Final = re.compile(r"([0-9]{1,7})(?:[.,][0-9]+)?")
_MONTH_NAMES: Final[tuple[tuple[str, ...], ...]] = (
    ("januari", "jan", "january"),
    ("februari", "feb", "pebruari", "peb", "february"),
    ("maret", "mar", "march"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "jun", "june"),
    ("juli", "jul", "july"),
    ("agustus", "agu", "agt", "ags", "agus", "aug", "august"),
    ("september", "sep", "sept"),
    ("oktober", "okt", "oct", "october"),
    ("november", "nov", "nop", "nopember"),
    ("desember", "des", "dec", "december"),
)
_MONTHS: Final[Mapping[str, int]] = MappingProxyType(
    {name: month for month, names in enumerate(_MONTH_NAMES, start=1) for name in names}
)


def _date_invalid(raw: object) -> RuleError:
    return RuleError(
        "date_invalid", f"Tanggal '{_shown(raw)}' tidak dikenali. {_DATE_FORMATS_HINT}"
    )


def _checked_date(year: int, month: int, day: int, raw: object) -> date:
    value = _real_date(year, month, day)
    if value is None:
        raise RuleError(
            "date_invalid",
            f"Tanggal '{_shown(raw)}' tidak ada di kalender (hari {day}, bulan {month}, tahun "
            f"{year}). Periksa tanggal dan bulannya; format yang dipakai dd-mm-yyyy.",
        )
    return value


def _from_excel_serial(serial: int, raw: object) -> date:
    """Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the 29 February 1900
    that Lotus 1-2-3 invented and Excel kept, so from serial 61 (1900-03-01) the day count runs
    from 1899-12-30."""
    if 1900 <= serial <= 2100:
        raise RuleError(
            "date_invalid",
            f"'{_shown(raw)}' tampak seperti tahun saja, bukan tanggal lengkap. Isi tanggal "
            f"lengkap. {_DATE_FORMATS_HINT}",
        )
    if serial == 60:
        raise RuleError(
            "date_invalid",
            "Nomor tanggal Excel 60 berarti 29-02-1900, tanggal yang tidak pernah ada. Periksa "
            f"tanggalnya. {_DATE_FORMATS_HINT}",
        )
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise _date_invalid(raw)
    if serial < 60:
        return _EXCEL_EPOCH + timedelta(days=serial + 1)
    return _EXCEL_EPOCH + timedelta(days=serial)


def parse_date(raw: date | datetime | str | int | float | None) -> date:
    """Read a date as it arrives from a form or spreadsheet.

    Accepted: ``date``/``datetime`` objects (the time is dropped); text ``dd-mm-yyyy``,
    ``dd/mm/yyyy``, ``dd.mm.yyyy``, ``yyyy-mm-dd`` (optionally with a time, as in
    ``1986-09-26 00:00:00``), ``26 September 1986``/``26-Sep-1986`` (Indonesian or English month
    names); and Excel serial numbers (``int``, ``float`` or digit text) in the 1900 date system,
    with its leap-year bug: serial 60 (29-02-1900) is rejected and 61 is 1900-03-01; a fractional
    part (time of day) is dropped.

    A whole number from 1900 to 2100 is rejected rather than read as a serial (it would be a day
    in 1905): in a date column it is a year typed alone. Two-digit years are rejected as
    ambiguous. Empty input raises ``date_empty``; anything else ``date_invalid``, with a message
    listing the accepted formats.
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise RuleError("date_empty", f"Tanggal kosong. {_DATE_FORMATS_HINT}")
    if isinstance(raw, bool):
        raise _date_invalid(raw)
    if isinstance(raw, int):
        return _from_excel_serial(raw, raw)
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw < 1:
            raise _date_invalid(raw)
        return _from_excel_serial(math.floor(raw), raw)
    if not isinstance(raw, str):
        raise _date_invalid(raw)
    text = raw.translate(_INVISIBLE).strip()
    if text[:1] in _APOSTROPHES:
        text = text[1:].strip()
    text = text.lower()
    if match := _DMY.fullmatch(text):
        return _checked_date(int(match[4]), int(match[3]), int(match[1]), raw)
    if match := _YMD.fullmatch(text):
        return _checked_date(int(match[1]), int(match[3]), int(match[4]), raw)
    if (match := _D_MONTH_Y.fullmatch(text)) and match[2] in _MONTHS:
        return _checked_date(int(match[3]), _MONTHS[match[2]], int(match[1]), raw)
    if match := _SERIAL.fullmatch(text):
        return _from_excel_serial(int(match[1]), raw)
    raise _date_invalid(raw)


# --- retirement (BUP) --------------------------------------------------------------------------

DEFAULT_BUP: Final[Mapping[tuple[str, str], int]] = MappingProxyType(
    {
        (PositionKind.JPT_UTAMA, ""): 60,
        (PositionKind.JPT_MADYA, ""): 60,
        (PositionKind.JPT_PRATAMA, ""): 60,
        (PositionKind.ADMINISTRATOR, ""): 58,
        (PositionKind.PENGAWAS, ""): 58,
        (PositionKind.PELAKSANA, ""): 58,
        (PositionKind.FUNGSIONAL, ""): 60,
        (PositionKind.FUNGSIONAL, FunctionalLevel.AHLI_UTAMA): 65,
    }
)
"""Default batas usia pensiun, ``{(position_kind, functional_level or ""): age}``.

Configurable (docs/regulations.md, UU 20/2023 and its implementing rules): 58 for administrative
positions (administrator, pengawas) and executors (pelaksana), 60 for JPT and functional
positions, 65 for JF Ahli Utama. A row with an empty level applies to every level of its kind
without a row of its own (the shape of the ``RetirementAge`` table). Note that PP 11/2017 art.
239 sets 58 for JF Ahli Pertama, Ahli Muda and the keterampilan levels and 60 for Ahli Madya;
an institution following it adds those rows to its table.
"""


def retirement_age(
    kind: PositionKind | str,
    level: FunctionalLevel | str | None = None,
    table: Mapping[tuple[str, str], int] = DEFAULT_BUP,
) -> int:
    """Batas usia pensiun (BUP) for a position kind and functional level, from ``table``.

    ``table`` maps ``(kind, level)`` to an age, with ``""`` as the level of the row that applies
    to the whole kind; pass the table loaded from the database (configurable per UU 20/2023).
    The exact ``(kind, level)`` row wins, then ``(kind, "")``; no row raises
    ``RuleError("bup_unknown")``.
    """
    kind_key = str(kind)
    level_key = str(level) if level else ""
    age = table.get((kind_key, level_key))
    if age is None:
        age = table.get((kind_key, ""))
    if age is None:
        shown = kind_key + (f" {level_key}" if level_key else "")
        raise RuleError(
            "bup_unknown",
            f"Batas usia pensiun untuk jabatan '{_shown(shown)}' belum diatur. Tambahkan barisnya "
            "di tabel batas usia pensiun (BUP).",
        )
    return age


def retirement_date(birth_date: date, age: int) -> date:
    """TMT pensiun: the first day of the month after the month the person reaches ``age``.

    Common practice for PNS pensions (UU 11/1969 art. 9 and BKN practice: the pension starts on
    the first of the month after the BUP is reached), so the person serves to the end of the
    birthday month: born 26-09-1966 with BUP 58 → 01-10-2024; born 01-12-1970 with BUP 60 →
    01-01-2031. Ages outside 1–100 raise ``RuleError("bup_invalid")``.
    """
    if not 1 <= age <= 100:
        raise RuleError(
            "bup_invalid",
            f"Batas usia pensiun {age} tahun tidak masuk akal; isi usia antara 1 dan 100 tahun.",
        )
    year = birth_date.year + age
    month = birth_date.month + 1
    if month == 13:
        year, month = year + 1, 1
    if year > 9999:
        raise RuleError(
            "bup_invalid", "Tanggal pensiun melewati tahun 9999. Periksa tanggal lahir."
        )
    return date(year, month, 1)
