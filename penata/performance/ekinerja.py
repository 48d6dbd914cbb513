"""Import of ratings from e-Kinerja (BKN) exports, with the roster import's error-report contract.

Columns (any order, header in the first rows): ``nip, tahun, periode, hasil_kerja,
perilaku_kerja, predikat``. ``periode`` is ``tahunan`` (default) or ``tengah tahun``; ratings
accept the labels other systems write ("Di Atas Ekspektasi", "diatas", "DI ATAS"); ``predikat``
is optional and, when given, must agree with the matrix. The file is read by the roster's
:func:`penata.workforce.roster.read_table_at`; the report is its :class:`ImportReport`
(``created``, ``updated``, ``unchanged``, ``rejected``, ``errors``, ``warnings``…) with
:class:`RowError` rows. All or nothing unless ``skip_invalid``.

An imported rating becomes an SKP of status ``rated`` (source ``ekinerja``), so the OPD's
finalisation still checks the distribution curve. A rating already final is never overwritten.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from penata.core.audit import audit_record
from penata.core.bulk import bulk_insert
from penata.core.context import client_ip_var, request_id_var
from penata.core.models import AuditEvent
from penata.performance import rules
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.performance.selectors import appraisers_for
from penata.workforce.models import Employee
from penata.workforce.roster import (
    ImportReport,
    RosterFileError,
    RowError,
    formula_errors,
    read_table_at,
)

COLUMNS = ["nip", "tahun", "periode", "hasil_kerja", "perilaku_kerja", "predikat"]
REQUIRED = ["nip", "tahun", "hasil_kerja", "perilaku_kerja"]
KIND_ALIASES = {
    "": AppraisalPeriod.Kind.ANNUAL,
    "tahunan": AppraisalPeriod.Kind.ANNUAL,
    "annual": AppraisalPeriod.Kind.ANNUAL,
    "akhirtahun": AppraisalPeriod.Kind.ANNUAL,
    "tengahtahun": AppraisalPeriod.Kind.MID_YEAR,
    "midyear": AppraisalPeriod.Kind.MID_YEAR,
    "semester1": AppraisalPeriod.Kind.MID_YEAR,
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class _Row:
    row: int
    nip: str
    period: AppraisalPeriod
    hasil: rules.Rating
    perilaku: rules.Rating

    @property
    def predikat(self) -> rules.Predikat:
        return rules.predikat(self.hasil, self.perilaku)


def _headers(headers: list[str], report: ImportReport, header_row: int) -> dict[str, int] | None:
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
        if h not in COLUMNS:
            report.warnings.append(
                RowError(
                    header_row, h, h, "column_ignored", f"Kolom '{h}' tidak dikenal dan diabaikan."
                )
            )
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        report.file_error = RosterFileError(
            "header_missing",
            f"Kolom wajib tidak ada: {', '.join(missing)}. Baris judul harus berisi: "
            f"{', '.join(COLUMNS)} (periode dan predikat boleh tidak ada).",
        )
        return None
    return index


def ekinerja_import(
    *,
    actor: Any,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Validate and write e-Kinerja ratings. See the module docstring for the contract."""
    report = ImportReport(dry_run=dry_run)
    try:
        table = read_table_at(data, filename, known_columns=COLUMNS)
    except RosterFileError as exc:
        report.file_error = exc
        return report
    for w in table.warnings:
        report.warnings.append(RowError(0, "", "", "file_warning", w))
    index = _headers(table.headers, report, table.first_data_row - 1)
    if index is None:
        return report

    periods = {(p.year, p.kind): p for p in AppraisalPeriod.objects.all()}
    raw_rows: list[tuple[int, dict[str, str]]] = []
    for i, raw in enumerate(table.rows):
        cells = {c: _text(raw[j]) if j < len(raw) else "" for c, j in index.items() if c in COLUMNS}
        if not any(cells.values()):
            continue
        raw_rows.append((i + table.first_data_row, cells))
    nips = {re.sub(r"\D", "", c.get("nip", "")) for _r, c in raw_rows}
    employees: dict[str, Employee] = {}
    nip_list = sorted(n for n in nips if n)
    for start in range(0, len(nip_list), 900):
        for e in Employee.objects.select_related("org_unit").filter(
            nip__in=nip_list[start : start + 900]
        ):
            employees[e.nip] = e

    parsed: list[_Row] = []
    rejected: set[int] = set()
    seen: dict[tuple[str, int], list[int]] = defaultdict(list)

    def err(row: int, column: str, value: str, code: str, message: str) -> None:
        report.errors.append(RowError(row, column, value, code, message))
        rejected.add(row)

    for row_no, c in raw_rows:
        before = len(report.errors)
        formulas = formula_errors(row_no, c)
        if formulas:
            report.errors.extend(formulas)
            rejected.add(row_no)
            continue
        nip = re.sub(r"\D", "", c.get("nip", ""))
        if not c.get("nip"):
            err(row_no, "nip", "", "value_required", "NIP wajib diisi.")
        elif len(nip) != 18:
            err(row_no, "nip", c["nip"], "nip_invalid", "NIP harus 18 angka.")
        elif nip not in employees:
            err(
                row_no,
                "nip",
                nip,
                "nip_unknown",
                f"NIP {nip} tidak ada di registri pegawai; impor roster dahulu.",
            )
        year_text = c.get("tahun", "")
        year = int(year_text) if year_text.isdigit() else None
        kind = KIND_ALIASES.get(re.sub(r"[^a-z0-9]", "", c.get("periode", "").casefold()))
        period = None
        if year is None:
            err(
                row_no,
                "tahun",
                year_text,
                "year_invalid",
                "Tahun harus berupa angka, misalnya 2025.",
            )
        elif kind is None:
            err(
                row_no,
                "periode",
                c.get("periode", ""),
                "period_kind_invalid",
                "Periode harus 'tahunan' atau 'tengah tahun'.",
            )
        else:
            period = periods.get((year, kind))
            if period is None:
                err(
                    row_no,
                    "tahun",
                    year_text,
                    "period_missing",
                    f"Periode penilaian {year} ({kind.label}) belum dibuat BKPP.",
                )
            elif not period.is_open:
                err(
                    row_no,
                    "tahun",
                    year_text,
                    "period_closed",
                    f"Periode penilaian {period} sudah ditutup; nilainya tidak dapat diubah.",
                )
        hasil = rules.parse_rating(c.get("hasil_kerja", ""))
        if hasil is None:
            err(
                row_no,
                "hasil_kerja",
                c.get("hasil_kerja", ""),
                "rating_invalid",
                "Hasil kerja harus Di Atas, Sesuai atau Di Bawah Ekspektasi.",
            )
        perilaku = rules.parse_rating(c.get("perilaku_kerja", ""))
        if perilaku is None:
            err(
                row_no,
                "perilaku_kerja",
                c.get("perilaku_kerja", ""),
                "rating_invalid",
                "Perilaku kerja harus Di Atas, Sesuai atau Di Bawah Ekspektasi.",
            )
        given = c.get("predikat", "")
        if given:
            given_p = rules.parse_predikat(given)
            if given_p is None:
                err(
                    row_no,
                    "predikat",
                    given,
                    "predikat_invalid",
                    "Predikat tidak dikenal: gunakan Sangat Baik, Baik, Butuh Perbaikan, "
                    "Kurang/Misconduct atau Sangat Kurang.",
                )
            elif (
                hasil is not None
                and perilaku is not None
                and given_p != rules.predikat(hasil, perilaku)
            ):
                expected = rules.predikat(hasil, perilaku).label
                err(
                    row_no,
                    "predikat",
                    given,
                    "predikat_mismatch",
                    f"Predikat tidak sesuai matriks: hasil kerja {hasil.label} dan perilaku "
                    f"{perilaku.label} memberi {expected}.",
                )
        if len(report.errors) == before and period is not None and hasil and perilaku:
            parsed.append(_Row(row_no, nip, period, hasil, perilaku))
        if nip and period is not None:
            seen[(nip, period.pk)].append(row_no)

    for (nip, _pid), rows_ in seen.items():
        if len(rows_) > 1:
            for r in rows_:
                others = ", ".join(str(o) for o in rows_ if o != r)
                err(
                    r,
                    "nip",
                    nip,
                    "nip_duplicate_in_file",
                    f"NIP {nip} muncul lebih dari sekali untuk periode yang sama "
                    f"(juga di baris {others}).",
                )
    parsed = [p for p in parsed if p.row not in rejected]

    # Plan against what is stored: one query.
    existing: dict[tuple[int, int], Appraisal] = {}
    emp_ids = [employees[p.nip].pk for p in parsed]
    for start in range(0, len(emp_ids), 900):
        for a in Appraisal.objects.filter(
            employee_id__in=emp_ids[start : start + 900], period__in={p.period.pk for p in parsed}
        ):
            existing[(a.employee_id, a.period_id)] = a
    creates: list[_Row] = []
    updates: list[tuple[_Row, Appraisal]] = []
    for p in parsed:
        stored = existing.get((employees[p.nip].pk, p.period.pk))
        if stored is None:
            creates.append(p)
            continue
        if stored.status == Appraisal.Status.FINAL:
            err(
                p.row,
                "nip",
                p.nip,
                "appraisal_final",
                f"SKP {p.nip} periode {p.period} sudah final; tidak ditimpa.",
            )
        elif stored.status == Appraisal.Status.OBJECTED:
            err(
                p.row,
                "nip",
                p.nip,
                "appraisal_objected",
                f"SKP {p.nip} periode {p.period} sedang dalam keberatan; tidak ditimpa.",
            )
        elif (stored.hasil_kerja, stored.perilaku, stored.status) == (
            p.hasil,
            p.perilaku,
            Appraisal.Status.RATED,
        ):
            report.unchanged += 1
        else:
            updates.append((p, stored))
    updates = [(p, a) for p, a in updates if p.row not in rejected]
    creates = [p for p in creates if p.row not in rejected]
    report.errors.sort(
        key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
    )
    report.rejected = len(rejected)
    report.created, report.updated = len(creates), len(updates)
    if dry_run or (report.rejected and not skip_invalid):
        if not dry_run:
            report.created = report.updated = report.unchanged = 0
        return report
    if creates or updates:
        _write(
            actor=actor,
            creates=creates,
            updates=updates,
            employees=employees,
            filename=filename,
            data=data,
            report=report,
        )
    report.written = True
    return report


@transaction.atomic
def _write(
    *,
    actor: Any,
    creates: list[_Row],
    updates: list[tuple[_Row, Appraisal]],
    employees: dict[str, Employee],
    filename: str,
    data: bytes,
    report: ImportReport,
) -> None:
    now = timezone.now()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    by_period: dict[int, list[_Row]] = defaultdict(list)
    for p in creates:
        by_period[p.period.pk].append(p)
    appraisers: dict[tuple[int, int], int | None] = {}
    for rows in by_period.values():
        found = appraisers_for([employees[p.nip] for p in rows], rows[0].period)
        for p in rows:
            appraisers[(employees[p.nip].pk, p.period.pk)] = found[employees[p.nip].pk]
    new = []
    for p in creates:
        emp = employees[p.nip]
        new.append(
            Appraisal(
                period=p.period,
                employee=emp,
                appraiser_id=appraisers[(emp.pk, p.period.pk)],
                org_unit_id=emp.org_unit_id,
                opd_id=emp.org_unit.opd_id,
                status=Appraisal.Status.RATED,
                hasil_kerja=p.hasil,
                perilaku=p.perilaku,
                predikat=p.predikat,
                source="ekinerja",
                rated_at=now,
                rated_by=actor if is_user else None,
            )
        )
    Appraisal.objects.bulk_create(new, batch_size=1000)
    changed = []
    befores = {}
    for p, a in updates:
        befores[a.pk] = {
            "status": a.status,
            "hasil_kerja": a.hasil_kerja,
            "perilaku": a.perilaku,
            "predikat": a.predikat,
        }
        a.hasil_kerja, a.perilaku, a.predikat = p.hasil, p.perilaku, p.predikat
        a.status, a.source, a.rated_at = Appraisal.Status.RATED, "ekinerja", now
        a.rated_by = actor if is_user else None
        a.version += 1
        changed.append(a)
    Appraisal.objects.bulk_update(
        changed,
        [
            "hasil_kerja",
            "perilaku",
            "predikat",
            "status",
            "source",
            "rated_at",
            "rated_by",
            "version",
        ],
        batch_size=1000,
    )
    base = {
        "actor": actor if is_user else None,
        "actor_label": (actor.get_username() if is_user else "sistem")[:150],
        "object_type": "performance.appraisal",
        "request_id": request_id_var.get(),
        "ip_address": client_ip_var.get(),
        "note": f"impor e-Kinerja {filename}"[:500],
    }
    ids = {
        (e, pid): pk
        for pk, e, pid in Appraisal.objects.filter(
            employee_id__in=[employees[p.nip].pk for p in creates],
            period__in={p.period.pk for p in creates},
        ).values_list("pk", "employee_id", "period_id")
    }
    events = []
    for p in creates:
        emp = employees[p.nip]
        events.append(
            AuditEvent(
                action="appraisal.import",
                object_id=str(ids.get((emp.pk, p.period.pk), "")),
                object_repr=f"SKP {p.period} — {emp.nip}"[:255],
                after={
                    "status": "rated",
                    "hasil_kerja": p.hasil.value,
                    "perilaku": p.perilaku.value,
                    "predikat": p.predikat.value,
                },
                **base,
            )
        )
    for p, a in updates:
        events.append(
            AuditEvent(
                action="appraisal.import",
                object_id=str(a.pk),
                object_repr=f"SKP {p.period} — {p.nip}"[:255],
                before=befores[a.pk],
                after={
                    "status": "rated",
                    "hasil_kerja": p.hasil.value,
                    "perilaku": p.perilaku.value,
                    "predikat": p.predikat.value,
                },
                **base,
            )
        )
    bulk_insert(events)
    audit_record(
        actor=actor,
        action="ekinerja.import",
        object_type="performance.ekinerja",
        object_repr=filename[:255],
        after={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )
