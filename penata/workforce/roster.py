"""Roster import and export: the daily work of BKPP.

``roster_import`` reads a CSV (comma, semicolon or tab; UTF-8 with or without BOM, or Windows
"ANSI" as Excel writes it) or XLSX/XLS/ODS file, validates every row against the rules in
``rules.py``, and upserts employees by NIP set-based: all or nothing unless ``skip_invalid``.
The report is ``{"created", "updated", "unchanged", "rejected", "errors": [{"row", "column",
"value", "code", "message"}], "warnings": [...]}``; ``row`` is the row number Excel shows (the
header is row 1). ``roster_export`` writes the registry in the same format, so that exporting and
importing the result changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from penata.core import uploads
from penata.core.audit import audit_record
from penata.core.bulk import insert_rows
from penata.core.context import client_ip_var, request_id_var
from penata.core.exports import write_table
from penata.core.faults import fault_point
from penata.core.models import AuditEvent
from penata.workforce import rules
from penata.workforce.models import (
    EducationLevel,
    Employee,
    EmployeeStatus,
    EmploymentType,
    FunctionalLevel,
    OrgUnit,
    Position,
    PositionHistory,
    PositionKind,
    Rank,
    RankHistory,
    RankKind,
)
from penata.workforce.services import bup_table, retirement_date_for

COLUMNS = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "status_pegawai",
    "golongan",
    "tmt_golongan",
    "jabatan",
    "jenis_jabatan",
    "unit_kerja",
    "pendidikan",
    "jurusan",
    "tmt_cpns",
    "email",
    "telepon",
    "nik",
]
REQUIRED_COLUMNS = ["nip", "nama", "jenis_kelamin", "tanggal_lahir", "status_pegawai", "unit_kerja"]
MAX_ROWS = 1_000_000
ANALYZE_AFTER_ROWS = 5_000
IMPORT_LOCK_KEY = 73_740_001  # pg_advisory_xact_lock key of the roster import
MAX_LENGTHS = {
    "nama": 150,
    "gelar_depan": 40,
    "gelar_belakang": 60,
    "tempat_lahir": 80,
    "jabatan": 200,
    "jurusan": 120,
}
# Typical kelas jabatan for a position created by an import (editable afterwards).
DEFAULT_CLASS: dict[str, int] = {
    PositionKind.JPT_UTAMA: 17,
    PositionKind.JPT_MADYA: 15,
    PositionKind.JPT_PRATAMA: 14,
    PositionKind.ADMINISTRATOR: 12,
    PositionKind.PENGAWAS: 9,
    PositionKind.PELAKSANA: 6,
}
DEFAULT_CLASS_FUNCTIONAL: dict[str, int] = {
    FunctionalLevel.PEMULA: 5,
    FunctionalLevel.TERAMPIL: 6,
    FunctionalLevel.MAHIR: 7,
    FunctionalLevel.PENYELIA: 8,
    FunctionalLevel.AHLI_PERTAMA: 8,
    FunctionalLevel.AHLI_MUDA: 9,
    FunctionalLevel.AHLI_MADYA: 11,
    FunctionalLevel.AHLI_UTAMA: 13,
}


class RosterFileError(Exception):
    """The file cannot be read at all (exit status 2)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class RowError:
    row: int
    column: str
    value: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    positions_created: int = 0
    file_error: RosterFileError | None = None

    @property
    def exit_status(self) -> int:
        if self.file_error is not None:
            return 2
        return 1 if self.rejected else 0

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "dry_run": self.dry_run,
            "written": self.written,
            "positions_created": self.positions_created,
        }
        if self.file_error is not None:
            data["errors"].insert(
                0,
                {
                    "row": 0,
                    "column": "",
                    "value": "",
                    "code": self.file_error.code,
                    "message": self.file_error.message,
                },
            )
        return data


# --- reading the file ----------------------------------------------------------------------


def _norm_header(raw: Any) -> str:
    text = unicodedata.normalize("NFKC", str(raw or "")).strip().lower().lstrip("\ufeff")
    return re.sub(r"[\s\-./]+", "_", text).strip("_")


def _decode(data: bytes) -> tuple[str, str | None]:
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16"), None
            except UnicodeDecodeError:
                pass
        raise RosterFileError(
            "file_not_text",
            "Berkas bukan CSV atau XLSX yang dapat dibaca. Simpan ulang dari Excel sebagai "
            "'CSV UTF-8 (Comma delimited)' atau 'Excel Workbook (.xlsx)'.",
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        # Excel's plain "CSV (Comma delimited)" on Windows writes cp1252.
        return data.decode("cp1252", errors="replace"), (
            "Berkas tidak berenkode UTF-8; dibaca sebagai Windows-1252. Periksa huruf beraksen; "
            "sebaiknya simpan sebagai 'CSV UTF-8'."
        )


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> tuple[list[list[Any]], list[str]]:
    text, warning = _decode(data)
    first_line, _sep, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's "sep=;" hint line: Excel hides it, so rows are numbered after it.
        delimiter, text = first_line.strip()[4], rest
    else:
        delimiter = _sniff_delimiter(first_line)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterFileError(
            "file_csv_invalid",
            f"CSV rusak ({exc}). Periksa tanda kutip yang tidak ditutup, lalu simpan ulang.",
        ) from None
    if not rows:
        raise RosterFileError("file_empty", "Berkas kosong: tidak ada baris judul kolom.")
    return [list(r) for r in rows], [warning] if warning else []


def _check_zip(data: bytes) -> None:
    """Refuse a workbook that would inflate far beyond its size (a zip bomb) before reading it
    (the check is :func:`penata.core.uploads.check_zip`)."""
    try:
        uploads.check_zip(data)
    except uploads.UploadRejected as exc:
        code = "file_too_large_uncompressed" if exc.code == "zip_bomb" else "file_unreadable"
        raise RosterFileError(code, exc.message) from None


def _read_spreadsheet(data: bytes) -> tuple[list[list[Any]], list[str]]:
    from python_calamine import CalamineWorkbook

    if data.startswith(ZIP_MAGIC):
        _check_zip(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise RosterFileError("file_empty", "Buku kerja tidak berisi lembar kerja.")
        # skip_empty_area=False keeps the sheet anchored at A1, so row i is Excel's row i + 1.
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except RosterFileError:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        raise RosterFileError(
            "file_unreadable",
            f"Buku kerja tidak dapat dibaca ({type(exc).__name__}). Buka di Excel, periksa "
            "isinya, lalu simpan ulang sebagai .xlsx.",
        ) from None
    if not any(any(c not in ("", None) for c in r) for r in rows):
        raise RosterFileError("file_empty", "Lembar kerja pertama kosong.")
    warnings = []
    if len(names) > 1:
        warnings.append(f"Hanya lembar pertama ('{names[0]}') yang dibaca.")
    return [list(r) for r in rows], warnings


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
HEADER_SEARCH_ROWS = 20


@dataclass
class Table:
    """A file read as a table: normalised headers, the data rows, and where they start."""

    headers: list[str]
    rows: list[list[Any]]
    warnings: list[str]
    first_data_row: int  # the row number Excel shows for rows[0]


def read_table_at(data: bytes, filename: str = "", *, known_columns: Sequence[str] = ()) -> Table:
    """Read a CSV or spreadsheet; raises :class:`RosterFileError` when it cannot be read.

    With ``known_columns`` the header is the row (among the first 20) that names the most of
    them, so title lines above the table ("DAFTAR PEGAWAI …", an empty row) are skipped.
    """
    if not data or not data.strip():
        raise RosterFileError("file_empty", "Berkas kosong.")
    if uploads.is_executable(data[:16]):
        raise RosterFileError(
            "file_executable", "Berkas berisi program (executable), bukan CSV/XLSX. Ditolak."
        )
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        rows, warnings = _read_spreadsheet(data)
    elif filename.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        raise RosterFileError(
            "file_unreadable",
            "Berkas berakhiran .xlsx/.xls tetapi isinya bukan buku kerja Excel. Simpan ulang "
            "dari Excel.",
        )
    else:
        rows, warnings = _read_csv(data)
    header_index = 0
    if known_columns:
        known = set(known_columns)
        best = 0
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            hits = len(known & {_norm_header(c) for c in row})
            if hits > best:
                best, header_index = hits, i
        if header_index:
            warnings.append(
                f"Judul kolom ditemukan di baris {header_index + 1}; baris di atasnya dilewati."
            )
    else:
        while header_index < len(rows) - 1 and all(c in ("", None) for c in rows[header_index]):
            header_index += 1
    headers = [_norm_header(h) for h in rows[header_index]]
    while headers and headers[-1] == "":
        headers.pop()
    body = rows[header_index + 1 :]
    if len(body) > MAX_ROWS:
        raise RosterFileError(
            "file_too_many_rows",
            f"Berkas berisi {len(body):,} baris; batasnya {MAX_ROWS:,}. "
            "Pecah menjadi beberapa berkas.",
        )
    return Table(headers, body, warnings, first_data_row=header_index + 2)


def formula_errors(row: int, cells: dict[str, Any]) -> list[RowError]:
    """One error per cell of ``row`` that a spreadsheet would run as a formula (the rule is
    :func:`penata.core.uploads.looks_like_formula`), naming the row and the column."""
    return [
        RowError(
            row,
            column,
            str(value)[:200],
            "formula_refused",
            f"Baris {row} kolom '{column}' berisi rumus spreadsheet ({str(value)[:30]!r}); "
            "Penata tidak menerima rumus. Ketik nilainya sebagai teks biasa (tanpa awalan =, +, "
            "- atau @).",
        )
        for column, value in cells.items()
        if uploads.looks_like_formula(value)
    ]


def read_table(data: bytes, filename: str = "") -> tuple[list[str], list[list[Any]], list[str]]:
    """Headers (normalised), data rows and file-level warnings (header in the first non-empty
    row); raises :class:`RosterFileError`."""
    table = read_table_at(data, filename)
    return table.headers, table.rows, table.warnings


# --- reference data ------------------------------------------------------------------------


def _norm_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class References:
    """Lookup tables loaded once per import (no query per row)."""

    pns_ranks: dict[str, Rank]
    pppk_ranks: dict[str, Rank]
    education: dict[str, EducationLevel]
    units_by_code: dict[str, OrgUnit]
    units_by_name: dict[str, list[OrgUnit]]
    units_by_label: dict[str, OrgUnit]
    positions: dict[tuple[int, str, str], Position]
    bup: dict[tuple[str, str], int]
    cap_order: dict[int, int]  # education id -> highest PNS rank order by regular promotion

    @classmethod
    def load(cls) -> References:
        ranks = list(Rank.objects.all())
        units = list(OrgUnit.objects.select_related("opd", "parent").filter(is_active=True))
        by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        for u in units:
            by_name[_norm_name(u.name)].append(u)
        labels = {}
        for u in units:
            labels[_norm_name(unit_label(u, by_name))] = u
        education = list(EducationLevel.objects.select_related("pns_cap_rank"))
        return cls(
            pns_ranks={r.code: r for r in ranks if r.kind == RankKind.PNS},
            pppk_ranks={r.code: r for r in ranks if r.kind == RankKind.PPPK},
            education={e.code: e for e in education},
            units_by_code={u.code: u for u in units},
            units_by_name=dict(by_name),
            units_by_label=labels,
            positions={
                (p.org_unit_id, _norm_name(p.name), p.functional_level): p
                for p in Position.objects.all()
            },
            bup=bup_table(),
            cap_order={e.pk: e.pns_cap_rank.order for e in education if e.pns_cap_rank},
        )


def unit_label(unit: OrgUnit, by_name: dict[str, list[OrgUnit]]) -> str:
    """The name a roster uses for a unit: its name, or "OPD / name" when the name repeats."""
    if len(by_name.get(_norm_name(unit.name), [])) <= 1:
        return unit.name
    owner = unit.opd if unit.opd_id and unit.opd_id != unit.pk else unit.parent
    return f"{owner.name} / {unit.name}" if owner else unit.name


# --- validating a row ----------------------------------------------------------------------


EMPLOYMENT_TYPES = {
    "pns": EmploymentType.PNS,
    "cpns": EmploymentType.PNS,
    "pegawai negeri sipil": EmploymentType.PNS,
    "pppk": EmploymentType.PPPK,
    "p3k": EmploymentType.PPPK,
    "pppk penuh waktu": EmploymentType.PPPK,
    "pppk paruh waktu": EmploymentType.PPPK_PARUH_WAKTU,
    "pppk_paruh_waktu": EmploymentType.PPPK_PARUH_WAKTU,
    "pppk-paruh waktu": EmploymentType.PPPK_PARUH_WAKTU,
    "p3k paruh waktu": EmploymentType.PPPK_PARUH_WAKTU,
    "paruh waktu": EmploymentType.PPPK_PARUH_WAKTU,
}
POSITION_KINDS = [
    ("jpt utama", PositionKind.JPT_UTAMA),
    ("jpt madya", PositionKind.JPT_MADYA),
    ("jpt pratama", PositionKind.JPT_PRATAMA),
    ("pimpinan tinggi pratama", PositionKind.JPT_PRATAMA),
    ("administrator", PositionKind.ADMINISTRATOR),
    ("pengawas", PositionKind.PENGAWAS),
    ("fungsional", PositionKind.FUNGSIONAL),
    ("jf", PositionKind.FUNGSIONAL),
    ("jft", PositionKind.FUNGSIONAL),
    ("pelaksana", PositionKind.PELAKSANA),
    ("jfu", PositionKind.PELAKSANA),
]
LEVELS = [
    ("ahli utama", FunctionalLevel.AHLI_UTAMA),
    ("ahli madya", FunctionalLevel.AHLI_MADYA),
    ("ahli muda", FunctionalLevel.AHLI_MUDA),
    ("ahli pertama", FunctionalLevel.AHLI_PERTAMA),
    ("penyelia", FunctionalLevel.PENYELIA),
    ("mahir", FunctionalLevel.MAHIR),
    ("terampil", FunctionalLevel.TERAMPIL),
    ("pemula", FunctionalLevel.PEMULA),
]


# The reference values repeat from row to row: parse each distinct spelling once.
_parse_date = functools.lru_cache(maxsize=65536)(rules.parse_date)
_gender = functools.lru_cache(maxsize=256)(rules.gender_from_label)
_golongan = functools.lru_cache(maxsize=1024)(rules.normalise_golongan)
_pppk_grade = functools.lru_cache(maxsize=1024)(rules.normalise_pppk_grade)
_education = functools.lru_cache(maxsize=1024)(rules.normalise_education)


@functools.lru_cache(maxsize=4096)
def parse_position_kind(raw: str) -> tuple[str, str] | None:
    """``jenis_jabatan`` → (kind, functional level); ``None`` when not recognised."""
    text = _norm_name(raw).replace("_", " ").replace("-", " ")
    text = re.sub(r"\s+", " ", text)
    level = next((lv for key, lv in LEVELS if key in text), "")
    for key, kind in POSITION_KINDS:
        if text == key or text.startswith(key + " "):
            if kind != PositionKind.FUNGSIONAL:
                level = ""
            return kind, level
    if level:
        return PositionKind.FUNGSIONAL, level
    return None


def _level_from_name(name: str) -> tuple[str, str]:
    """Split "Guru Ahli Muda" into ("Guru", "ahli_muda")."""
    norm = _norm_name(name)
    for key, level in LEVELS:
        if norm.endswith(" " + key):
            return name[: len(name) - len(key)].strip(), level
    return name, ""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]  # our own exports neutralise formulas this way
    return text


def _dmy(d: dt.date) -> tuple[int, int, int]:
    # A NIK carries a two-digit year: compare day, month and year modulo 100.
    return d.day, d.month, d.year % 100


@dataclass
class ParsedRow:
    row: int
    nip: str
    values: dict[str, Any]  # Employee field name -> value (references resolved to ids)
    position_key: tuple[int, str, str] | None
    position_new: dict[str, Any] | None
    rank_tmt: dt.date | None


class RowValidator:
    def __init__(self, refs: References, today: dt.date) -> None:
        self.refs = refs
        self.today = today
        self._units_seen: dict[str, tuple[OrgUnit | None, tuple[str, str] | None]] = {}

    def _date(self, raw: Any, column: str, errors: list[tuple[str, str, str]]) -> dt.date | None:
        if raw in ("", None):
            return None
        try:
            value = _parse_date(raw)
        except rules.RuleError as exc:
            errors.append((column, exc.code, exc.message))
            return None
        if value > self.today:
            errors.append(
                (
                    column,
                    "date_in_future",
                    f"Tanggal {value:%d-%m-%Y} ada di masa depan. Periksa tahunnya.",
                )
            )
            return None
        if value.year < 1900:
            errors.append(
                (column, "date_invalid", "Tahun sebelum 1900 tidak mungkin. Periksa tanggalnya.")
            )
            return None
        return value

    def validate(
        self, cells: dict[str, Any], row: int
    ) -> tuple[ParsedRow | None, list[RowError], list[RowError]]:
        errs: list[tuple[str, str, str]] = []
        warns: list[tuple[str, str, str]] = []
        text = {c: _cell_text(cells.get(c)) for c in COLUMNS}

        for col in REQUIRED_COLUMNS:
            if not text[col]:
                errs.append((col, "required", f"Kolom '{col}' wajib diisi."))
        for col, limit in MAX_LENGTHS.items():
            if len(text[col]) > limit:
                errs.append(
                    (
                        col,
                        "too_long",
                        f"Terlalu panjang ({len(text[col])} karakter); paling banyak {limit}.",
                    )
                )

        # employment type first: the NIP rules depend on it
        etype = None
        if text["status_pegawai"]:
            etype = EMPLOYMENT_TYPES.get(_norm_name(text["status_pegawai"]).replace("_", " "))
            if etype is None:
                etype = EMPLOYMENT_TYPES.get(_norm_name(text["status_pegawai"]))
            if etype is None:
                errs.append(
                    (
                        "status_pegawai",
                        "employment_type_invalid",
                        "Status pegawai tidak dikenal. Isi PNS, PPPK, atau PPPK Paruh Waktu.",
                    )
                )

        gender = None
        if text["jenis_kelamin"]:
            try:
                gender = str(_gender(text["jenis_kelamin"]))
            except rules.RuleError as exc:
                errs.append(("jenis_kelamin", exc.code, exc.message))

        birth_date = (
            self._date(cells.get("tanggal_lahir"), "tanggal_lahir", errs)
            if text["tanggal_lahir"]
            else None
        )
        tmt_cpns = self._date(cells.get("tmt_cpns"), "tmt_cpns", errs)
        rank_tmt = self._date(cells.get("tmt_golongan"), "tmt_golongan", errs)
        for col, value in (("tmt_cpns", tmt_cpns), ("tmt_golongan", rank_tmt)):
            if value and birth_date and value <= birth_date:
                errs.append((col, "date_before_birth", f"{col} tidak boleh sebelum tanggal lahir."))

        nip = ""
        raw_nip = cells.get("nip")
        if raw_nip not in ("", None):
            try:
                nip = rules.clean_nip(raw_nip)
                if etype is not None:
                    info = rules.parse_nip(nip, rules.EmploymentType(str(etype)), today=self.today)
                    if birth_date and gender:
                        for problem in rules.check_nip_agreement(
                            info,
                            birth_date=birth_date,
                            gender=rules.Gender(gender),
                            tmt_cpns=tmt_cpns if etype == EmploymentType.PNS else None,
                        ):
                            errs.append(("nip", problem.code, problem.message))
            except rules.RuleError as exc:
                errs.append(("nip", exc.code, exc.message))
                nip = ""

        rank = None
        if text["golongan"] and etype is not None:
            try:
                if etype == EmploymentType.PNS:
                    rank = self.refs.pns_ranks.get(_golongan(cells.get("golongan")))
                else:
                    rank = self.refs.pppk_ranks.get(_pppk_grade(cells.get("golongan")))
                if rank is None:
                    raise rules.RuleError(
                        "golongan_unknown", "Golongan tidak ada di tabel golongan."
                    )
            except rules.RuleError as exc:
                hint = (
                    " Untuk PNS tulis seperti III/a; untuk PPPK tulis angka Romawi I–XVII."
                    if exc.code == "golongan_unknown"
                    else ""
                )
                errs.append(("golongan", exc.code, exc.message + hint))
        elif not text["golongan"] and etype in (EmploymentType.PNS, EmploymentType.PPPK):
            errs.append(
                ("golongan", "required", "Kolom 'golongan' wajib diisi untuk PNS dan PPPK.")
            )

        education = None
        if text["pendidikan"]:
            try:
                code = str(_education(text["pendidikan"]))
                education = self.refs.education.get(code)
                if education is None:
                    raise rules.RuleError("education_unknown", "Jenjang pendidikan tidak dikenal.")
            except rules.RuleError as exc:
                errs.append(
                    (
                        "pendidikan",
                        "education_unknown",
                        exc.message
                        + " Isi salah satu: SD, SMP, SMA/SMK, D-I, D-II, D-III, D-IV, S1, S2, S3.",
                    )
                )

        if rank is not None and education is not None and etype == EmploymentType.PNS:
            cap = self.refs.cap_order.get(education.pk)
            if cap is not None and rank.order > cap:
                warns.append(
                    (
                        "golongan",
                        "rank_above_education_cap",
                        f"Golongan {rank.code} di atas batas kenaikan pangkat reguler untuk "
                        f"pendidikan {education.name}. Periksa golongan atau pendidikan "
                        "(penyesuaian ijazah).",
                    )
                )

        unit = None
        if text["unit_kerja"]:
            unit, unit_problem = self._unit_cached(text["unit_kerja"])
            if unit_problem:
                errs.append(("unit_kerja", unit_problem[0], unit_problem[1]))

        position_key = None
        position_new = None
        kind_level = None
        if text["jenis_jabatan"]:
            kind_level = parse_position_kind(text["jenis_jabatan"])
            if kind_level is None:
                errs.append(
                    (
                        "jenis_jabatan",
                        "position_kind_invalid",
                        "Jenis jabatan tidak dikenal. Isi JPT Pratama, Administrator, Pengawas, "
                        "Fungsional (dengan jenjang, mis. Fungsional Ahli Muda) atau Pelaksana.",
                    )
                )
        if text["jabatan"] and unit is not None:
            name, level_from_name = _level_from_name(text["jabatan"])
            kind, level = kind_level if kind_level else (None, "")
            level = level or level_from_name
            key = (unit.pk, _norm_name(name), level)
            position_key = key
            if (
                key not in self.refs.positions
                and (unit.pk, _norm_name(text["jabatan"]), level) in self.refs.positions
            ):
                position_key = (unit.pk, _norm_name(text["jabatan"]), level)
            elif key not in self.refs.positions:
                if kind is None and not text["jenis_jabatan"]:
                    errs.append(
                        (
                            "jenis_jabatan",
                            "position_kind_required",
                            f"Jabatan '{text['jabatan']}' belum ada di {unit.name}; "
                            "isi jenis_jabatan "
                            "agar jabatan itu dapat dibuat.",
                        )
                    )
                elif kind is not None:
                    position_new = {
                        "name": name,
                        "kind": kind,
                        "functional_level": level,
                        "family": name if kind == PositionKind.FUNGSIONAL else "",
                        "class_grade": DEFAULT_CLASS_FUNCTIONAL.get(level, 8)
                        if kind == PositionKind.FUNGSIONAL
                        else DEFAULT_CLASS.get(kind, 6),
                        "org_unit_id": unit.pk,
                    }

        email = text["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errs.append(
                    (
                        "email",
                        "email_invalid",
                        "Alamat e-mail tidak valid. Contoh: nama@semarangkota.go.id.",
                    )
                )
        phone = ""
        if text["telepon"]:
            digits = re.sub(r"[\s\-().]", "", text["telepon"]).lstrip("'")
            if digits.startswith("+62"):
                digits = "0" + digits[3:]
            elif digits.startswith("62") and len(digits) >= 11:
                digits = "0" + digits[2:]
            elif not digits.startswith("0") and digits.isdigit() and len(digits) >= 9:
                digits = "0" + digits  # Excel drops the leading zero of a number cell
            if not digits.isdigit() or not 9 <= len(digits) <= 14:
                errs.append(
                    (
                        "telepon",
                        "phone_invalid",
                        "Nomor telepon harus 9–14 angka, mis. 081234567890 atau +6281234567890.",
                    )
                )
            else:
                phone = digits
        nik = ""
        if text["nik"]:
            try:
                info_nik = rules.parse_nik(cells.get("nik"), today=self.today)
                nik = info_nik.nik
                if birth_date and _dmy(info_nik.birth_date) != _dmy(birth_date):
                    errs.append(
                        (
                            "nik",
                            "nik_birth_date_mismatch",
                            "Tanggal lahir dalam NIK (digit 7–12, DDMMYY) tidak sama dengan "
                            "tanggal_lahir. Periksa NIK atau tanggal lahir.",
                        )
                    )
                if gender and str(info_nik.gender) != gender:
                    errs.append(
                        (
                            "nik",
                            "nik_gender_mismatch",
                            "Jenis kelamin menurut NIK (tanggal +40 untuk perempuan) tidak sama "
                            "dengan jenis_kelamin. Periksa NIK atau jenis kelamin.",
                        )
                    )
            except rules.RuleError as exc:
                errs.append(("nik", exc.code, exc.message))

        def wrap(items: list[tuple[str, str, str]]) -> list[RowError]:
            return [
                RowError(row=row, column=c, value=_cell_text(cells.get(c))[:200], code=k, message=m)
                for c, k, m in items
            ]

        if errs:
            return None, wrap(errs), wrap(warns)
        assert birth_date is not None and unit is not None and etype is not None and gender
        values = {
            "name": re.sub(r"\s+", " ", text["nama"]),
            "front_title": text["gelar_depan"],
            "back_title": text["gelar_belakang"],
            "gender": gender,
            "birth_place": text["tempat_lahir"],
            "birth_date": birth_date,
            "employment_type": str(etype),
            "rank_id": rank.pk if rank else None,
            "rank_tmt": rank_tmt,
            "education_id": education.pk if education else None,
            "major": text["jurusan"],
            "org_unit_id": unit.pk,
            "tmt_cpns": tmt_cpns,
            "email": email,
            "phone": phone,
            "nik": nik,
        }
        return (
            ParsedRow(
                row=row,
                nip=nip,
                values=values,
                position_key=position_key,
                position_new=position_new,
                rank_tmt=rank_tmt,
            ),
            [],
            wrap(warns),
        )

    def _unit_cached(self, raw: str) -> tuple[OrgUnit | None, tuple[str, str] | None]:
        if raw not in self._units_seen:
            self._units_seen[raw] = self._unit(raw)
        return self._units_seen[raw]

    def _unit(self, raw: str) -> tuple[OrgUnit | None, tuple[str, str] | None]:
        refs = self.refs
        if raw in refs.units_by_code:
            return refs.units_by_code[raw], None
        norm = _norm_name(raw)
        if norm in refs.units_by_label:
            return refs.units_by_label[norm], None
        matches = refs.units_by_name.get(norm, [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            options = "; ".join(unit_label(u, refs.units_by_name) for u in matches[:5])
            return None, (
                "unit_ambiguous",
                f"Nama unit '{raw}' dipakai beberapa unit. Tulis bersama OPD-nya, mis.: {options}.",
            )
        close = difflib.get_close_matches(norm, list(refs.units_by_label), n=3, cutoff=0.6)
        names = [unit_label(refs.units_by_label[c], refs.units_by_name) for c in close]
        hint = f" Mungkin maksud Anda: {'; '.join(names)}." if names else ""
        return None, (
            "unit_unknown",
            f"Unit kerja '{raw}' tidak dikenal.{hint} "
            "Tulis nama persis seperti di daftar unit kerja.",
        )


# --- the import ----------------------------------------------------------------------------


COMPARED = [
    "name",
    "front_title",
    "back_title",
    "gender",
    "birth_place",
    "birth_date",
    "employment_type",
    "rank_id",
    "rank_tmt",
    "education_id",
    "major",
    "position_id",
    "org_unit_id",
    "tmt_cpns",
    "email",
    "phone",
    "nik",
    "retirement_date",
]
ProgressCallback = Callable[[int, int, str], None]


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _check_headers(
    headers: Sequence[str], report: ImportReport, header_row: int = 1
) -> dict[str, int] | None:
    index: dict[str, int] = {}
    for i, h in enumerate(headers):
        if not h:
            continue
        if h in index:
            report.file_error = RosterFileError(
                "header_duplicate", f"Kolom '{h}' muncul dua kali di baris judul. Hapus salah satu."
            )
            return None
        index[h] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        unknown = [h for h in headers if h and h not in COLUMNS]
        hint = f" Kolom yang tidak dikenal: {', '.join(unknown[:8])}." if unknown else ""
        report.file_error = RosterFileError(
            "header_missing",
            f"Kolom wajib tidak ada: {', '.join(missing)}. Baris pertama harus berisi judul kolom "
            f"(urutan bebas): {', '.join(COLUMNS)}.{hint}",
        )
        return None
    for h in headers:
        if h and h not in COLUMNS:
            report.warnings.append(
                RowError(
                    header_row, h, h, "column_ignored", f"Kolom '{h}' tidak dikenal dan diabaikan."
                )
            )
    return index


def roster_import(
    *,
    actor: Any,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Validate and upsert a roster. See the module docstring for the contract."""
    report = ImportReport(dry_run=dry_run)
    today = today or dt.date.today()
    try:
        table = read_table_at(data, filename, known_columns=COLUMNS)
    except RosterFileError as exc:
        report.file_error = exc
        return report
    headers, rows, file_warnings = table.headers, table.rows, table.warnings
    for w in file_warnings:
        report.warnings.append(RowError(0, "", "", "file_warning", w))
    # The roster neutralises rather than refuses: a name or place of birth is stored as the text
    # typed, every export prefixes it with an apostrophe, and the warning names row and column.
    for row, column, value in uploads.formula_cells(headers, rows, table.first_data_row, limit=200):
        report.warnings.append(
            RowError(
                row,
                column,
                value[:200],
                "formula_neutralised",
                f"Baris {row} kolom '{column}' diawali tanda rumus ({value[:30]!r}); disimpan "
                "sebagai teks biasa dan dinetralkan (diawali tanda petik ') di setiap ekspor.",
            )
        )
    index = _check_headers(headers, report, table.first_data_row - 1)
    if index is None:
        return report

    total = len(rows)
    refs = References.load()
    validator = RowValidator(refs, today)
    parsed: list[ParsedRow] = []
    nip_rows: dict[str, list[int]] = defaultdict(list)
    rejected_rows: set[int] = set()
    for i, raw in enumerate(rows):
        row_no = i + table.first_data_row
        if all(_cell_text(c) == "" for c in raw):
            continue  # blank line
        cells = {c: (raw[j] if j < len(raw) else None) for c, j in index.items() if c in COLUMNS}
        result, errors, warnings = validator.validate(cells, row_no)
        report.warnings.extend(warnings)
        if errors:
            report.errors.extend(errors)
            rejected_rows.add(row_no)
            nip = _cell_text(cells.get("nip"))
            if nip:
                nip_rows[re.sub(r"\D", "", nip) or nip].append(row_no)
        else:
            assert result is not None
            parsed.append(result)
            nip_rows[result.nip].append(row_no)
        if on_progress and (i + 1) % 2000 == 0:
            on_progress(i + 1, total, "Memeriksa baris…")

    duplicates = {nip: rws for nip, rws in nip_rows.items() if len(rws) > 1}
    if duplicates:
        for p in parsed:
            rws = duplicates.get(p.nip)
            if rws:
                others = ", ".join(str(r) for r in rws if r != p.row)
                report.errors.append(
                    RowError(
                        p.row,
                        "nip",
                        p.nip,
                        "nip_duplicate_in_file",
                        f"NIP {p.nip} muncul lebih dari sekali dalam berkas "
                        f"(juga di baris {others}). "
                        "Satukan menjadi satu baris.",
                    )
                )
                rejected_rows.add(p.row)
        parsed = [p for p in parsed if p.row not in rejected_rows]
    report.errors.sort(
        key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
    )
    report.rejected = len(rejected_rows)

    if report.rejected and not skip_invalid and not dry_run:
        return report  # all or nothing: nothing is written, nothing is counted as done
    digest = hashlib.sha256(data).hexdigest()
    if dry_run:
        _plan(parsed, refs, report)
        return report
    with transaction.atomic():
        # Serialise imports: the plan is made and written under one lock, so two overlapping
        # rosters imported at the same moment cannot both create the same NIP.
        _lock_registry()
        refs = References.load()
        plan = _plan(parsed, refs, report)
        if plan.create or plan.update:
            _write(
                actor=actor,
                refs=refs,
                new_positions=plan.new_positions,
                plan_create=plan.create,
                plan_update=plan.update,
                report=report,
                filename=filename,
                digest=digest,
                on_progress=on_progress,
                total=total,
            )
    report.written = True
    if connection.vendor == "postgresql" and report.created + report.updated >= ANALYZE_AFTER_ROWS:
        # Fresh planner statistics: without them the first list queries after a large load can
        # pick a poor plan until autovacuum gets round to it.
        with connection.cursor() as cursor:
            for model in (Employee, RankHistory, PositionHistory, AuditEvent):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return report


@dataclass
class Plan:
    create: list[ParsedRow]
    update: list[tuple[ParsedRow, dict[str, Any], dict[str, Any]]]
    new_positions: dict[tuple[int, str, str], dict[str, Any]]


def _lock_registry() -> None:
    """Hold the registry's import lock until the transaction ends (SQLite: the IMMEDIATE
    transaction already holds the database's write lock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _plan(parsed: list[ParsedRow], refs: References, report: ImportReport) -> Plan:
    """Compare the valid rows with what is stored (set-based); count created/updated/unchanged."""
    existing = _load_existing([p.nip for p in parsed])
    plan = Plan(create=[], update=[], new_positions={})
    for p in parsed:
        key = p.position_key
        if p.position_new is not None and key is not None and key not in refs.positions:
            plan.new_positions.setdefault(key, p.position_new)
    report.positions_created = len(plan.new_positions)
    kind_by_key = {k: (pos.kind, pos.functional_level) for k, pos in refs.positions.items()}
    kind_by_id = {pos.pk: (pos.kind, pos.functional_level) for pos in refs.positions.values()}
    for k, spec in plan.new_positions.items():
        kind_by_key[k] = (spec["kind"], spec["functional_level"])

    report.unchanged = 0
    for p in parsed:
        old = existing.get(p.nip)
        if p.position_key is not None:
            pos = refs.positions.get(p.position_key)
            p.values["position_id"] = pos.pk if pos else None
            kind, level = kind_by_key.get(p.position_key, (None, ""))
        elif old is not None and old["org_unit_id"] == p.values["org_unit_id"]:
            # No position in the file: keep the stored one while the unit is unchanged.
            p.values["position_id"] = old["position_id"]
            kind, level = kind_by_id.get(old["position_id"], (None, ""))
        else:
            p.values["position_id"] = None
            kind, level = None, ""
        p.values["retirement_date"] = retirement_date_for(
            birth_date=p.values["birth_date"],
            position_kind=kind,
            functional_level=level,
            table=refs.bup,
        )
        if old is None:
            plan.create.append(p)
            continue
        changed = {f: (old[f], p.values.get(f)) for f in COMPARED if old[f] != p.values.get(f)}
        if p.position_key in plan.new_positions:
            # The position is created by this import: the holder moves to it.
            changed["position_id"] = (old["position_id"], None)
        if changed:
            plan.update.append((p, old, changed))
        else:
            report.unchanged += 1
    report.created = len(plan.create)
    report.updated = len(plan.update)
    return plan


def _load_existing(nips: list[str]) -> dict[str, dict[str, Any]]:
    fields = ["pk", "nip", *COMPARED]
    found: dict[str, dict[str, Any]] = {}
    if len(nips) > 20_000:
        wanted = set(nips)
        for values in Employee.objects.values(*fields).iterator(chunk_size=5000):
            if values["nip"] in wanted:
                found[values["nip"]] = values
        return found
    for start in range(0, len(nips), 900):
        for values in Employee.objects.filter(nip__in=nips[start : start + 900]).values(*fields):
            found[values["nip"]] = values
    return found


@transaction.atomic
def _write(
    *,
    actor: Any,
    refs: References,
    new_positions: dict[tuple[int, str, str], dict[str, Any]],
    plan_create: list[ParsedRow],
    plan_update: list[tuple[ParsedRow, dict[str, Any], dict[str, Any]]],
    report: ImportReport,
    filename: str,
    digest: str,
    on_progress: ProgressCallback | None,
    total: int,
) -> None:
    if new_positions:
        created_positions = [Position(**spec) for spec in new_positions.values()]
        for pos in created_positions:
            pos.full_clean(validate_unique=False, validate_constraints=False)
        Position.objects.bulk_create(created_positions, batch_size=500)
        keys = set(new_positions)
        for pos in Position.objects.filter(org_unit_id__in={k[0] for k in keys}):
            key = (pos.org_unit_id, _norm_name(pos.name), pos.functional_level)
            if key in keys:
                refs.positions[key] = pos
    positions = refs.positions

    def position_id(p: ParsedRow) -> int | None:
        if p.position_key is None:
            return p.values.get("position_id")
        pos = positions.get(p.position_key)
        return pos.pk if pos else None

    if on_progress:
        on_progress(0, total, "Menyimpan…")
    insert_rows(
        Employee,
        (
            {
                **p.values,
                "nip": p.nip,
                "position_id": position_id(p),
                "status": EmployeeStatus.AKTIF,
            }
            for p in plan_create
        ),
    )
    ids = _ids_by_nip([p.nip for p in plan_create])

    updated = []
    now = timezone.now()
    for p, old, _changed in plan_update:
        values = {**p.values, "position_id": position_id(p)}
        updated.append(Employee(pk=old["pk"], nip=p.nip, updated_at=now, **values))
    if updated:
        Employee.objects.bulk_update(
            updated, [f for f in COMPARED if f != "pk"] + ["updated_at"], batch_size=1000
        )
    fault_point("roster.write")  # crash tests stop here: employees written, history not yet
    if on_progress:
        on_progress(total // 2, total, "Menulis riwayat dan audit…")

    rank_history: list[dict[str, Any]] = []
    position_history: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    base = {
        "actor_id": actor.pk if is_user else None,
        "actor_label": (actor.get_username() if is_user else "sistem")[:150],
        "object_type": "workforce.employee",
        "request_id": request_id_var.get(),
        "ip_address": client_ip_var.get(),
        "note": f"impor roster {filename}"[:500],
    }
    position_names = {pos.pk: str(pos) for pos in positions.values()}
    for p in plan_create:
        emp_id = ids[p.nip]
        pid = position_id(p)
        if p.values["rank_id"]:
            rank_history.append(
                {
                    "employee_id": emp_id,
                    "rank_id": p.values["rank_id"],
                    "tmt": p.rank_tmt,
                    "source": "import",
                }
            )
        position_history.append(
            {
                "employee_id": emp_id,
                "position_id": pid,
                "position_name": position_names.get(pid, "") if pid else "",
                "org_unit_id": p.values["org_unit_id"],
                "source": "import",
            }
        )
        events.append(
            {
                "action": "employee.create",
                "object_id": str(emp_id),
                "object_repr": f"{p.values['name']} ({p.nip})"[:255],
                "after": _jsonable({**p.values, "position_id": pid}),
                **base,
            }
        )
    for p, old, changed in plan_update:
        pid = position_id(p)
        if "rank_id" in changed and p.values["rank_id"]:
            rank_history.append(
                {
                    "employee_id": old["pk"],
                    "rank_id": p.values["rank_id"],
                    "tmt": p.rank_tmt,
                    "source": "import",
                }
            )
        if "position_id" in changed or "org_unit_id" in changed:
            position_history.append(
                {
                    "employee_id": old["pk"],
                    "position_id": pid,
                    "position_name": position_names.get(pid, "") if pid else "",
                    "org_unit_id": p.values["org_unit_id"],
                    "source": "import",
                }
            )
        after_values = {**p.values, "position_id": pid}
        events.append(
            {
                "action": "employee.update",
                "object_id": str(old["pk"]),
                "object_repr": f"{p.values['name']} ({p.nip})"[:255],
                "before": _jsonable({f: old[f] for f in changed}),
                "after": _jsonable({f: after_values.get(f) for f in changed}),
                **base,
            }
        )
    insert_rows(RankHistory, rank_history)
    insert_rows(PositionHistory, position_history)
    insert_rows(AuditEvent, events)
    audit_record(
        actor=actor,
        action="roster.import",
        object_type="workforce.roster",
        object_repr=filename[:255],
        after={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "positions_created": report.positions_created,
            "sha256": digest,
        },
    )
    if on_progress:
        on_progress(total, total, "Selesai.")


def _ids_by_nip(nips: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(nips), 900):
        ids.update(
            Employee.objects.filter(nip__in=nips[start : start + 900]).values_list("nip", "pk")
        )
    return ids


# --- export --------------------------------------------------------------------------------


def roster_rows(queryset: QuerySet[Employee]) -> Iterator[list[Any]]:
    """The registry as roster rows, in the import's column order."""
    units = list(OrgUnit.objects.select_related("opd", "parent"))
    by_name: dict[str, list[OrgUnit]] = defaultdict(list)
    for u in units:
        by_name[_norm_name(u.name)].append(u)
    labels = {u.pk: unit_label(u, by_name) for u in units}
    position_kind_labels: dict[str, str] = {
        PositionKind.JPT_UTAMA: "JPT Utama",
        PositionKind.JPT_MADYA: "JPT Madya",
        PositionKind.JPT_PRATAMA: "JPT Pratama",
        PositionKind.ADMINISTRATOR: "Administrator",
        PositionKind.PENGAWAS: "Pengawas",
        PositionKind.FUNGSIONAL: "Fungsional",
        PositionKind.PELAKSANA: "Pelaksana",
    }
    type_labels: dict[str, str] = {
        EmploymentType.PNS: "PNS",
        EmploymentType.PPPK: "PPPK",
        EmploymentType.PPPK_PARUH_WAKTU: "PPPK Paruh Waktu",
    }
    qs = queryset.select_related("rank", "education", "position").order_by("nip")
    for e in qs.iterator(chunk_size=2000):
        pos = e.position
        kind = ""
        if pos is not None:
            kind = position_kind_labels.get(pos.kind, pos.kind)
            if pos.functional_level:
                kind += " " + pos.get_functional_level_display()
        yield [
            e.nip,
            e.name,
            e.front_title,
            e.back_title,
            e.gender,
            e.birth_place,
            e.birth_date.strftime("%d-%m-%Y"),
            type_labels.get(e.employment_type, e.employment_type),
            e.rank.code if e.rank else "",
            e.rank_tmt.strftime("%d-%m-%Y") if e.rank_tmt else "",
            pos.name if pos else "",
            kind,
            labels.get(e.org_unit_id, ""),
            e.education.code if e.education else "",
            e.major,
            e.tmt_cpns.strftime("%d-%m-%Y") if e.tmt_cpns else "",
            e.email,
            e.phone,
            e.nik,
        ]


def roster_export(
    path: Path,
    *,
    queryset: QuerySet[Employee] | None = None,
    fmt: str | None = None,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write the registry (or ``queryset``) as a roster file; format from the suffix."""
    fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    qs = queryset if queryset is not None else Employee.objects.all()
    return write_table(path, COLUMNS, roster_rows(qs), fmt=fmt, sheet="Roster", on_row=on_row)


def iter_chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
