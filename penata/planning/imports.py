"""Import of job analysis data (uraian tugas, volume, norma waktu) from XLSX or CSV.

Columns: ``kode_unit``, ``jabatan``, ``jenjang`` (optional), ``uraian_tugas``, ``satuan_hasil``,
``volume`` (per year), ``norma_waktu`` (minutes per unit). A task is matched by position and
its description: a new one is created, a changed one updated. The shared report contract of
the roster import (:class:`penata.workforce.roster.ImportReport`): every error names its row,
column and fix; all or nothing unless ``skip_invalid``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction

from penata.core import uploads
from penata.core.audit import audit_record
from penata.planning.models import JobTask
from penata.workforce.models import Position
from penata.workforce.roster import ImportReport, RosterFileError, RowError, read_table_at

COLUMNS = [
    "kode_unit",
    "jabatan",
    "jenjang",
    "uraian_tugas",
    "satuan_hasil",
    "volume",
    "norma_waktu",
]
REQUIRED = ["kode_unit", "jabatan", "uraian_tugas", "satuan_hasil", "volume", "norma_waktu"]
ALIASES = {
    "unit": "kode_unit",
    "nama_jabatan": "jabatan",
    "tugas": "uraian_tugas",
    "uraian": "uraian_tugas",
    "satuan": "satuan_hasil",
    "satuan_output": "satuan_hasil",
    "beban_kerja": "volume",
    "volume_per_tahun": "volume",
    "norma_waktu_menit": "norma_waktu",
    "waktu_penyelesaian": "norma_waktu",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def _number(text: str) -> Decimal | None:
    cleaned = text.replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def abk_import(
    *,
    actor: Any,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Validate, then write (unless ``dry_run``) the tasks of the file."""
    report = ImportReport(dry_run=dry_run)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        report.file_error = RosterFileError(
            "file_too_large",
            f"Berkas terlalu besar; batasnya {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB. "
            "Pecah menjadi beberapa berkas.",
        )
        return report
    try:
        table = read_table_at(data, filename, known_columns=[*COLUMNS, *ALIASES])
    except RosterFileError as exc:
        report.file_error = exc
        return report
    index: dict[str, int] = {}
    for i, raw in enumerate(table.headers):
        h = ALIASES.get(raw, raw)
        if h in COLUMNS and h not in index:
            index[h] = i
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        report.file_error = RosterFileError(
            "header_missing",
            f"Kolom wajib tidak ada: {', '.join(missing)}. Baris judul harus memuat "
            f"{', '.join(REQUIRED)} (jenjang boleh kosong).",
        )
        return report

    positions: dict[tuple[str, str, str], int] = {}
    for pk, code, name, level in Position.objects.values_list(
        "pk", "org_unit__code", "name", "functional_level"
    ):
        positions[(code.casefold(), name.casefold(), level)] = pk
    existing = {
        (p, n.casefold()): (pk, o, v, m)
        for pk, p, n, o, v, m in JobTask.objects.values_list(
            "pk", "position_id", "name", "output_unit", "volume", "minutes"
        )
    }
    rejected: set[int] = set()
    good: dict[tuple[int, str], tuple[int, str, str, Decimal, Decimal]] = {}

    def err(row: int, col: str, value: str, code: str, message: str) -> None:
        report.errors.append(RowError(row, col, value[:200], code, message))
        rejected.add(row)

    for k, cells in enumerate(table.rows):
        row = k + table.first_data_row
        t = {c: _text(cells[j]) if j < len(cells) else "" for c, j in index.items()}
        if not any(t.values()):
            continue
        bad = False
        for col, value in t.items():
            if uploads.looks_like_formula(value):  # the one rule (core.uploads)
                err(
                    row,
                    col,
                    value,
                    "formula",
                    f"Baris {row} kolom {col}: rumus tidak diterima. Tulis nilainya saja.",
                )
                bad = True
        for col in REQUIRED:
            if not t.get(col):
                err(row, col, "", "required", f"Baris {row}: kolom {col} kosong. Isi kolom ini.")
                bad = True
        if bad:
            continue
        pid = positions.get(
            (t["kode_unit"].casefold(), t["jabatan"].casefold(), t.get("jenjang", ""))
        )
        if pid is None:
            err(
                row,
                "jabatan",
                f"{t['kode_unit']} / {t['jabatan']}",
                "position_unknown",
                f"Baris {row}: jabatan '{t['jabatan']}' di unit '{t['kode_unit']}' tidak ada di "
                "data jabatan. Periksa kode unit dan nama jabatan (sama persis dengan daftar "
                "jabatan) atau tambahkan jabatannya dulu.",
            )
            continue
        volume = _number(t["volume"])
        if volume is None or volume < 0:
            err(
                row,
                "volume",
                t["volume"],
                "volume_invalid",
                f"Baris {row}: volume '{t['volume']}' bukan angka ≥ 0. Tulis jumlah hasil per "
                "tahun, misalnya 240.",
            )
            continue
        minutes = _number(t["norma_waktu"])
        if minutes is None or minutes <= 0:
            err(
                row,
                "norma_waktu",
                t["norma_waktu"],
                "minutes_invalid",
                f"Baris {row}: norma waktu '{t['norma_waktu']}' harus angka > 0 (menit per "
                "satuan hasil), misalnya 30.",
            )
            continue
        name = t["uraian_tugas"][:300]
        key = (pid, name.casefold())
        if key in good:
            err(
                row,
                "uraian_tugas",
                name,
                "duplicate",
                f"Baris {row}: uraian tugas yang sama untuk jabatan ini sudah ada di baris "
                f"{good[key][0]}. Gabungkan volumenya dalam satu baris.",
            )
            continue
        good[key] = (row, name, t["satuan_hasil"][:60], volume, minutes)

    report.rejected = len(rejected)
    to_create: list[JobTask] = []
    to_update: list[JobTask] = []
    for task_key, (row, name, unit, volume, minutes) in good.items():
        pid = task_key[0]
        if row in rejected:
            continue
        old = existing.get(task_key)
        if old is None:
            to_create.append(
                JobTask(
                    position_id=pid, name=name, output_unit=unit, volume=volume, minutes=minutes
                )
            )
        elif (old[1], Decimal(old[2]), Decimal(old[3])) == (unit, volume, minutes):
            report.unchanged += 1
        else:
            to_update.append(
                JobTask(
                    pk=old[0],
                    position_id=pid,
                    name=name,
                    output_unit=unit,
                    volume=volume,
                    minutes=minutes,
                )
            )
    report.created = len(to_create)
    report.updated = len(to_update)
    if dry_run or (rejected and not skip_invalid):
        return report
    with transaction.atomic():
        JobTask.objects.bulk_create(to_create, batch_size=2000)
        JobTask.objects.bulk_update(
            to_update, ["output_unit", "volume", "minutes"], batch_size=2000
        )
        audit_record(
            actor=actor,
            action="planning.abk_import",
            object_type="planning.jobtask",
            object_repr=filename[:200],
            after={
                "file": filename,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
            },
        )
    report.written = True
    return report
