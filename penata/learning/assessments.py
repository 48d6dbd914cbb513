"""Assessments of competency levels: manual entry, revocation, and import from CSV/XLSX.

Who may enter what (PermenPANRB 38/2017 leaves the assessor to the institution):

- BKPP and administrators: any employee, any source (assessment centre, uji kompetensi,
  supervisor);
- an OPD operator: employees of their unit and below, any source;
- a supervisor: only source ``supervisor``, only for their team (never themself).

The source ``training`` is written by :func:`penata.learning.services.enrolment_complete` only.
The latest valid assessment counts (:func:`penata.learning.selectors.current_levels`): older
ones stay as history, and a mistaken one is revoked (audited), never deleted.

Import (``assessment_import``) has the roster import's error-report contract: the file is read
by :func:`penata.workforce.roster.read_table_at`, the report is its :class:`ImportReport` with
:class:`RowError` rows naming row, column and fix in Indonesian, and nothing is written when a
row is rejected unless ``skip_invalid``. Columns (any order, case-insensitive)::

    nip, kode_kompetensi (or kompetensi: the name), level, sumber, tanggal,
    berlaku_sampai (optional), catatan (optional)

An empty ``berlaku_sampai`` takes ``tanggal`` + ``LearningSettings.assessment_valid_years``.
A row identical to a stored assessment (same person, competency, date, level and source) is
counted as unchanged, so importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.bulk import bulk_insert
from penata.core.context import client_ip_var, request_id_var
from penata.core.models import AuditEvent
from penata.core.roles import Perm
from penata.learning.models import (
    Assessment,
    AssessmentSource,
    Competency,
    LearningSettings,
)
from penata.learning.services import LearningError
from penata.workforce import rules as wf_rules
from penata.workforce.models import Employee
from penata.workforce.roster import (
    ImportReport,
    RosterFileError,
    RowError,
    read_table_at,
)
from penata.workforce.selectors import employees_visible_to

COLUMNS = [
    "nip",
    "kode_kompetensi",
    "kompetensi",
    "level",
    "sumber",
    "tanggal",
    "berlaku_sampai",
    "catatan",
]
REQUIRED = ["nip", "level", "sumber", "tanggal"]
HEADER_ALIASES = {
    "kode": "kode_kompetensi",
    "kode_kompetensi": "kode_kompetensi",
    "nama_kompetensi": "kompetensi",
    "tanggal_asesmen": "tanggal",
    "tgl": "tanggal",
    "berlaku_hingga": "berlaku_sampai",
    "masa_berlaku": "berlaku_sampai",
    "keterangan": "catatan",
    "nip_baru": "nip",
}
# Sources a person may write by hand or by import; "training" comes from completed programs.
MANUAL_SOURCES = (
    AssessmentSource.ASSESSMENT_CENTRE,
    AssessmentSource.UJI_KOMPETENSI,
    AssessmentSource.SUPERVISOR,
)
SOURCE_ALIASES = {
    "assessmentcentre": AssessmentSource.ASSESSMENT_CENTRE,
    "assessmentcenter": AssessmentSource.ASSESSMENT_CENTRE,
    "ac": AssessmentSource.ASSESSMENT_CENTRE,
    "pusatpenilaian": AssessmentSource.ASSESSMENT_CENTRE,
    "ujikompetensi": AssessmentSource.UJI_KOMPETENSI,
    "ukom": AssessmentSource.UJI_KOMPETENSI,
    "supervisor": AssessmentSource.SUPERVISOR,
    "atasan": AssessmentSource.SUPERVISOR,
    "penilaianatasan": AssessmentSource.SUPERVISOR,
}
SOURCE_HINT = "assessment_centre, uji_kompetensi atau supervisor (juga 'AC', 'UKOM', 'atasan')"


# --- shared checks -------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_valid_until(assessed_on: dt.date) -> dt.date | None:
    years = LearningSettings.current().assessment_valid_years
    return add_years(assessed_on, years) if years else None


def parse_source(raw: str) -> str | None:
    key = re.sub(r"[^a-z]", "", (raw or "").casefold())
    source = SOURCE_ALIASES.get(key)
    return source.value if source is not None else None


def allowed_sources(actor: Any) -> tuple[str, ...]:
    """The sources ``actor`` may enter: all manual ones for HR and OPD operators, only
    ``supervisor`` for a supervisor, none without :attr:`Perm.ASSESSMENT_ENTER`."""
    if not has_perm(actor, Perm.ASSESSMENT_ENTER):
        return ()
    if has_perm(actor, Perm.EMPLOYEE_VIEW_ALL) or has_perm(actor, Perm.EMPLOYEE_VIEW_UNIT):
        return tuple(s.value for s in MANUAL_SOURCES)
    return (AssessmentSource.SUPERVISOR.value,)


def assessable_employees(actor: Any) -> Any:
    """Employees ``actor`` may assess: their scope, never themself."""
    qs = employees_visible_to(actor)
    if getattr(actor, "employee_id", None):
        qs = qs.exclude(pk=actor.employee_id)
    return qs


def assessments_visible_to(actor: Any) -> Any:
    """Assessments of the employees ``actor`` may see (history pages, revocation)."""
    return Assessment.objects.filter(employee__in=employees_visible_to(actor).values("pk"))


def _check_values(
    *, level: int, source: str, assessed_on: dt.date, valid_until: dt.date | None, today: dt.date
) -> None:
    if not 1 <= int(level) <= 5:
        raise LearningError("level_invalid", "Level kompetensi harus 1 sampai 5.")
    if source not in {s.value for s in MANUAL_SOURCES}:
        raise LearningError("source_invalid", f"Sumber asesmen harus {SOURCE_HINT}.")
    if assessed_on > today:
        raise LearningError(
            "date_in_future",
            f"Tanggal asesmen {assessed_on:%d-%m-%Y} ada di masa depan; isi tanggal pelaksanaan.",
        )
    if valid_until is not None and valid_until < assessed_on:
        raise LearningError(
            "validity_before_date", "Tanggal berlaku sampai tidak boleh sebelum tanggal asesmen."
        )


@transaction.atomic
def assessment_enter(
    *,
    actor: Any,
    employee: Employee,
    competency: Competency,
    level: int,
    source: str,
    assessed_on: dt.date,
    valid_until: dt.date | None = None,
    note: str = "",
) -> Assessment:
    """Record one assessed level (see the module docstring for who may enter what)."""
    sources = allowed_sources(actor)
    if not sources:
        raise LearningError("forbidden", "Anda tidak berwenang mencatat hasil asesmen.")
    if not assessable_employees(actor).filter(pk=employee.pk).exists():
        raise LearningError(
            "out_of_scope",
            f"{employee.full_name} di luar cakupan Anda; hanya pegawai dalam unit atau tim Anda "
            "(bukan diri sendiri) yang dapat dinilai.",
        )
    if source not in sources:
        raise LearningError(
            "source_forbidden",
            "Atasan hanya dapat mencatat asesmen bersumber penilaian atasan untuk timnya.",
        )
    if not competency.is_active:
        raise LearningError("competency_inactive", f"Kompetensi {competency.name} tidak aktif.")
    _check_values(
        level=level,
        source=source,
        assessed_on=assessed_on,
        valid_until=valid_until,
        today=timezone.localdate(),
    )
    obj = Assessment.objects.create(
        employee=employee,
        competency=competency,
        level=int(level),
        source=source,
        assessed_on=assessed_on,
        valid_until=valid_until or default_valid_until(assessed_on),
        note=(note or "").strip()[:255],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="assessment.enter", obj=obj, after=snapshot(obj))
    return obj


@transaction.atomic
def assessment_revoke(*, actor: Any, assessment: Assessment, reason: str) -> Assessment:
    """Mark a mistaken assessment revoked (it stops counting; the row stays as history)."""
    sources = allowed_sources(actor)
    if not sources:
        raise LearningError("forbidden", "Anda tidak berwenang membatalkan hasil asesmen.")
    reason = (reason or "").strip()
    if not reason:
        raise LearningError("reason_required", "Tuliskan alasan pembatalan asesmen.")
    obj = Assessment.objects.select_for_update().select_related("employee").get(pk=assessment.pk)
    if not assessable_employees(actor).filter(pk=obj.employee_id).exists():
        raise LearningError(
            "out_of_scope",
            "Asesmen ini milik pegawai di luar cakupan Anda; tidak dapat dibatalkan.",
        )
    if obj.source not in sources and not has_perm(actor, Perm.COMPETENCY_MANAGE):
        raise LearningError(
            "source_forbidden", "Anda hanya dapat membatalkan asesmen bersumber penilaian atasan."
        )
    if obj.revoked:
        raise LearningError("already_revoked", "Asesmen ini sudah dibatalkan.")
    before = snapshot(obj)
    obj.revoked = True
    obj.save(update_fields=["revoked"])
    audit_record(
        actor=actor,
        action="assessment.revoke",
        obj=obj,
        before=before,
        after=snapshot(obj),
        note=reason[:500],
    )
    return obj


# --- import --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def _is_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula (``=cmd|' /C calc'!A0``, ``@SUM(…)``, ``+1+1``,
    ``-A1``); the one rule is :func:`penata.core.uploads.looks_like_formula`."""
    from penata.core import uploads

    return uploads.looks_like_formula(text)


def _norm_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass
class _Row:
    row: int
    employee_id: int
    nip: str
    competency_id: int
    level: int
    source: str
    assessed_on: dt.date
    valid_until: dt.date | None
    note: str


def _headers(headers: list[str], report: ImportReport, header_row: int) -> dict[str, int] | None:
    index: dict[str, int] = {}
    for i, raw in enumerate(headers):
        h = HEADER_ALIASES.get(raw, raw)
        if not h:
            continue
        if h in index:
            report.file_error = RosterFileError(
                "header_duplicate",
                f"Kolom '{raw}' muncul dua kali di baris judul (baris {header_row}). Hapus salah "
                "satu.",
            )
            return None
        index[h] = i
        if h not in COLUMNS:
            report.warnings.append(
                RowError(
                    header_row,
                    raw,
                    raw,
                    "column_ignored",
                    f"Kolom '{raw}' tidak dikenal dan diabaikan.",
                )
            )
    missing = [c for c in REQUIRED if c not in index]
    if "kode_kompetensi" not in index and "kompetensi" not in index:
        missing.insert(1, "kode_kompetensi (atau kompetensi)")
    if missing:
        report.file_error = RosterFileError(
            "header_missing",
            f"Kolom wajib tidak ada: {', '.join(missing)}. Baris judul harus berisi: nip, "
            "kode_kompetensi (atau kompetensi), level, sumber, tanggal; boleh ditambah "
            "berlaku_sampai dan catatan. Unduh templatnya bila ragu.",
        )
        return None
    return index


def _date(
    raw: Any, column: str, today: dt.date, errors: list[tuple[str, str, str, str]]
) -> dt.date | None:
    try:
        value = wf_rules.parse_date(raw)
    except wf_rules.RuleError as exc:
        errors.append((column, _text(raw), exc.code, exc.message))
        return None
    if value.year < 1990:
        errors.append(
            (
                column,
                _text(raw),
                "date_invalid",
                f"Tahun {value.year} terlalu lama untuk hasil asesmen. Periksa tanggalnya.",
            )
        )
        return None
    return value


def assessment_import(
    *,
    actor: Any,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Validate and write assessment results. See the module docstring for the contract."""
    report = ImportReport(dry_run=dry_run)
    today = today or timezone.localdate()
    if len(data) > settings.UPLOAD_MAX_BYTES:
        report.file_error = RosterFileError(
            "file_too_large",
            f"Berkas terlalu besar ({len(data) / 1024 / 1024:.1f} MB); batasnya "
            f"{settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB. Pecah menjadi beberapa berkas.",
        )
        return report
    known = [*COLUMNS, *HEADER_ALIASES]
    try:
        table = read_table_at(data, filename, known_columns=known)
    except RosterFileError as exc:
        report.file_error = exc
        return report
    for w in table.warnings:
        report.warnings.append(RowError(0, "", "", "file_warning", w))
    index = _headers(table.headers, report, table.first_data_row - 1)
    if index is None:
        return report

    raw_rows: list[tuple[int, dict[str, Any]]] = []
    for i, raw in enumerate(table.rows):
        cells = {c: raw[j] if j < len(raw) else None for c, j in index.items() if c in COLUMNS}
        if not any(_text(v) for v in cells.values()):
            continue
        raw_rows.append((i + table.first_data_row, cells))
    if not raw_rows:
        report.file_error = RosterFileError(
            "file_no_rows",
            "Berkas hanya berisi baris judul; tidak ada hasil asesmen untuk diimpor.",
        )
        return report

    # Reference data: two queries plus one per 900 NIPs.
    competencies = list(Competency.objects.all())
    by_code = {c.code.casefold(): c for c in competencies}
    by_name = {_norm_name(c.name): c for c in competencies}
    nips: set[str] = set()
    for _r, cells in raw_rows:
        with contextlib.suppress(wf_rules.RuleError):
            nips.add(wf_rules.clean_nip(cells.get("nip")))
    employees: dict[str, int] = {}
    nip_list = sorted(nips)
    for start in range(0, len(nip_list), 900):
        employees.update(
            Employee.objects.filter(nip__in=nip_list[start : start + 900]).values_list("nip", "pk")
        )

    parsed: list[_Row] = []
    rejected: set[int] = set()
    seen: dict[tuple[str, int, dt.date], list[int]] = defaultdict(list)

    def err(row: int, column: str, value: str, code: str, message: str) -> None:
        report.errors.append(RowError(row, column, value[:200], code, message))
        rejected.add(row)

    for row_no, cells in raw_rows:
        errors: list[tuple[str, str, str, str]] = []
        text = {c: _text(cells.get(c)) for c in COLUMNS}
        formula = False
        for col in COLUMNS:
            if _is_formula(text[col]):
                formula = True
                errors.append(
                    (
                        col,
                        text[col],
                        "formula_refused",
                        f"Sel kolom '{col}' berisi rumus spreadsheet; Penata tidak menerima "
                        "rumus. Ketik nilainya sebagai teks biasa (tanpa awalan =, +, - atau @).",
                    )
                )
        if formula:
            for col, value, code, message in errors:
                err(row_no, col, value, code, message)
            continue

        employee_id = None
        nip = ""
        if not text["nip"]:
            errors.append(("nip", "", "value_required", "NIP wajib diisi (18 angka)."))
        else:
            try:
                nip = wf_rules.clean_nip(cells.get("nip"))
            except wf_rules.RuleError as exc:
                errors.append(("nip", text["nip"], exc.code, exc.message))
            else:
                employee_id = employees.get(nip)
                if employee_id is None:
                    errors.append(
                        (
                            "nip",
                            nip,
                            "nip_unknown",
                            f"NIP {nip} tidak ada di registri pegawai. Periksa angkanya, atau "
                            "impor roster pegawai itu dahulu.",
                        )
                    )

        competency = None
        code_text, name_text = text.get("kode_kompetensi", ""), text.get("kompetensi", "")
        if not code_text and not name_text:
            errors.append(
                (
                    "kode_kompetensi",
                    "",
                    "value_required",
                    "Isi kode kompetensi (misalnya literasi_digital) atau nama kompetensinya.",
                )
            )
        else:
            if code_text:
                competency = by_code.get(code_text.casefold()) or by_name.get(_norm_name(code_text))
            if competency is None and name_text:
                competency = by_name.get(_norm_name(name_text)) or by_code.get(name_text.casefold())
            column = "kode_kompetensi" if code_text else "kompetensi"
            if competency is None:
                errors.append(
                    (
                        column,
                        code_text or name_text,
                        "competency_unknown",
                        f"Kompetensi '{code_text or name_text}' tidak ada di kamus kompetensi. "
                        "Gunakan kode atau nama persis seperti di halaman Kamus kompetensi.",
                    )
                )
            elif not competency.is_active:
                errors.append(
                    (
                        column,
                        code_text or name_text,
                        "competency_inactive",
                        f"Kompetensi {competency.name} sudah tidak aktif; hasil asesmennya tidak "
                        "dicatat.",
                    )
                )
                competency = None

        level = None
        level_text = text["level"]
        if not level_text:
            errors.append(("level", "", "value_required", "Level wajib diisi: angka 1 sampai 5."))
        else:
            number = re.fullmatch(r"(\d+)(?:[.,]0+)?", level_text)
            if number is None or not 1 <= int(number.group(1)) <= 5:
                errors.append(
                    (
                        "level",
                        level_text,
                        "level_invalid",
                        "Level harus angka bulat 1 sampai 5 (kamus PermenPANRB 38/2017).",
                    )
                )
            else:
                level = int(number.group(1))

        source = None
        if not text["sumber"]:
            errors.append(("sumber", "", "value_required", f"Sumber wajib diisi: {SOURCE_HINT}."))
        else:
            source = parse_source(text["sumber"])
            if source is None:
                errors.append(
                    (
                        "sumber",
                        text["sumber"],
                        "source_invalid",
                        f"Sumber tidak dikenal. Isi {SOURCE_HINT}.",
                    )
                )

        assessed_on = None
        if not text["tanggal"]:
            errors.append(
                ("tanggal", "", "value_required", "Tanggal asesmen wajib diisi (dd-mm-yyyy).")
            )
        else:
            assessed_on = _date(cells.get("tanggal"), "tanggal", today, errors)
            if assessed_on is not None and assessed_on > today:
                errors.append(
                    (
                        "tanggal",
                        text["tanggal"],
                        "date_in_future",
                        f"Tanggal asesmen {assessed_on:%d-%m-%Y} ada di masa depan. Periksa "
                        "tahunnya; hasil asesmen dicatat setelah dilaksanakan.",
                    )
                )
                assessed_on = None
        valid_until = None
        if text["berlaku_sampai"]:
            valid_until = _date(cells.get("berlaku_sampai"), "berlaku_sampai", today, errors)
            if valid_until is not None and assessed_on is not None and valid_until < assessed_on:
                errors.append(
                    (
                        "berlaku_sampai",
                        text["berlaku_sampai"],
                        "validity_before_date",
                        "Tanggal berlaku sampai tidak boleh sebelum tanggal asesmen.",
                    )
                )
                valid_until = None
        if len(text["catatan"]) > 255:
            errors.append(
                (
                    "catatan",
                    text["catatan"][:40] + "…",
                    "too_long",
                    f"Catatan terlalu panjang ({len(text['catatan'])} karakter); paling banyak "
                    "255.",
                )
            )

        for col, value, code, message in errors:
            err(row_no, col, value, code, message)
        if nip and competency is not None and assessed_on is not None:
            seen[(nip, competency.pk, assessed_on)].append(row_no)
        if (
            not errors
            and employee_id is not None
            and competency is not None
            and level is not None
            and source is not None
            and assessed_on is not None
        ):
            parsed.append(
                _Row(
                    row=row_no,
                    employee_id=employee_id,
                    nip=nip,
                    competency_id=competency.pk,
                    level=level,
                    source=source,
                    assessed_on=assessed_on,
                    valid_until=valid_until,
                    note=text["catatan"],
                )
            )

    for (nip, _comp, day), rows_ in seen.items():
        if len(rows_) > 1:
            for r in rows_:
                others = ", ".join(str(o) for o in rows_ if o != r)
                err(
                    r,
                    "nip",
                    nip,
                    "duplicate_in_file",
                    f"NIP {nip} dengan kompetensi dan tanggal {day:%d-%m-%Y} yang sama muncul "
                    f"lebih dari sekali (juga di baris {others}). Sisakan satu baris.",
                )
    parsed = [p for p in parsed if p.row not in rejected]

    # Identical rows already stored are unchanged: one query per 900 employees.
    stored: set[tuple[int, int, dt.date, int, str]] = set()
    emp_ids = sorted({p.employee_id for p in parsed})
    for start in range(0, len(emp_ids), 900):
        stored.update(
            Assessment.objects.filter(
                employee_id__in=emp_ids[start : start + 900], revoked=False
            ).values_list("employee_id", "competency_id", "assessed_on", "level", "source")
        )
    creates: list[_Row] = []
    for p in parsed:
        if (p.employee_id, p.competency_id, p.assessed_on, p.level, p.source) in stored:
            report.unchanged += 1
        else:
            creates.append(p)
    report.errors.sort(
        key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
    )
    report.rejected = len(rejected)
    report.created = len(creates)
    if dry_run or (report.rejected and not skip_invalid):
        if not dry_run:
            report.created = report.unchanged = 0
        return report
    if creates:
        _write(actor=actor, creates=creates, filename=filename, data=data, report=report)
    report.written = True
    return report


@transaction.atomic
def _write(
    *, actor: Any, creates: list[_Row], filename: str, data: bytes, report: ImportReport
) -> None:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    years = LearningSettings.current().assessment_valid_years
    objs = [
        Assessment(
            employee_id=p.employee_id,
            competency_id=p.competency_id,
            level=p.level,
            source=p.source,
            assessed_on=p.assessed_on,
            valid_until=p.valid_until or (add_years(p.assessed_on, years) if years else None),
            note=p.note[:255],
            recorded_by=actor if is_user else None,
        )
        for p in creates
    ]
    Assessment.objects.bulk_create(objs, batch_size=1000)
    base = {
        "actor": actor if is_user else None,
        "actor_label": (actor.get_username() if is_user else "sistem")[:150],
        "object_type": "learning.assessment",
        "request_id": request_id_var.get(),
        "ip_address": client_ip_var.get(),
        "note": f"impor asesmen {filename}"[:500],
    }
    bulk_insert(
        [
            AuditEvent(
                action="assessment.import",
                object_id=str(obj.pk or ""),
                object_repr=f"Asesmen {p.nip} {p.competency_id}"[:255],
                after={
                    "employee": p.employee_id,
                    "competency": p.competency_id,
                    "level": p.level,
                    "source": p.source,
                    "assessed_on": p.assessed_on.isoformat(),
                    "row": p.row,
                },
                **base,
            )
            for p, obj in zip(creates, objs, strict=True)
        ]
    )
    audit_record(
        actor=actor,
        action="assessment_import.import",
        object_type="learning.assessment_import",
        object_repr=filename[:255],
        after={
            "created": report.created,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )


def template_rows() -> tuple[list[str], list[list[str]]]:
    """Headers and one example row of the import template."""
    headers = ["nip", "kode_kompetensi", "level", "sumber", "tanggal", "berlaku_sampai", "catatan"]
    example = [
        "198609262015051001",
        "literasi_digital",
        "3",
        "uji_kompetensi",
        "15-03-2026",
        "",
        "Uji kompetensi literasi digital BKPP",
    ]
    return headers, [example]
