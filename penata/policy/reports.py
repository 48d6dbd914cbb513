"""Downloads of the policy workspace: the action plan, the indicators and the public response
matrix as XLSX, CSV or PDF (through :mod:`penata.core.exports` and :mod:`penata.core.pdf`)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from penata.core.exports import write_table
from penata.core.pdf import PdfDocument
from penata.policy.models import Activity, ActivityStatus, Comment, Consultation, ResponseKind
from penata.policy.selectors import IndicatorRow

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def table_bytes(headers: Sequence[str], rows: list[list[Any]], *, fmt: str, sheet: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"out.{fmt}"
        write_table(path, headers, rows, fmt=fmt, sheet=sheet)
        return path.read_bytes()


def activity_headers() -> list[str]:
    return [
        _("Kegiatan"),
        _("Dokumen"),
        _("Penanggung jawab"),
        _("Tenggat"),
        _("Status"),
        _("Terlambat"),
        _("Bukti"),
    ]


def activity_rows(activities: list[Activity]) -> list[list[Any]]:
    today = timezone.localdate()
    rows = []
    for a in activities:
        owner = a.owner.user.get_full_name() or a.owner.user.get_username() if a.owner else ""
        evidence = a.evidence_url or a.evidence_name
        rows.append(
            [
                a.title,
                a.document.title if a.document else "",
                owner,
                a.deadline,
                str(ActivityStatus(a.status).label),
                _("ya") if a.is_overdue(today) else _("tidak"),
                evidence,
            ]
        )
    return rows


def action_plan(activities: list[Activity], fmt: str) -> bytes:
    headers, rows = activity_headers(), activity_rows(activities)
    if fmt == "pdf":
        doc = PdfDocument(
            title=_("Rencana aksi kebijakan penataan ASN"),
            subtitle=_("Dicetak %(d)s") % {"d": timezone.localdate().strftime("%d-%m-%Y")},
            landscape=True,
        )
        doc.table(headers, rows, widths=[60, 45, 35, 20, 20, 15, 45])
        return doc.output()
    return table_bytes(headers, rows, fmt=fmt, sheet=_("Rencana aksi"))


def indicator_headers() -> list[str]:
    return [
        _("Kode"),
        _("Indikator"),
        _("Satuan"),
        _("Tahun"),
        _("Target"),
        _("Realisasi"),
        _("Capaian (%)"),
        _("Sumber"),
    ]


def indicator_rows(rows: list[IndicatorRow]) -> list[list[Any]]:
    return [
        [
            r.indicator.code,
            r.indicator.name,
            r.indicator.unit,
            r.year,
            float(r.target) if r.target is not None else "",
            r.actual if r.actual is not None else "",
            r.percent if r.percent is not None else "",
            r.source_label,
        ]
        for r in rows
    ]


def indicator_report(rows: list[IndicatorRow], year: int, fmt: str) -> bytes:
    headers, data = indicator_headers(), indicator_rows(rows)
    if fmt == "pdf":
        doc = PdfDocument(
            title=_("Indikator kebijakan penataan ASN %(y)s") % {"y": year}, landscape=True
        )
        doc.table(headers, data, widths=[25, 70, 15, 12, 18, 18, 18, 70])
        return doc.output()
    return table_bytes(headers, data, fmt=fmt, sheet=_("Indikator"))


def matrix_headers() -> list[str]:
    return [_("No."), _("Bagian"), _("Pengirim"), _("Komentar"), _("Tanggapan"), _("Alasan")]


def matrix_rows(comments: list[Comment]) -> list[list[Any]]:
    return [
        [
            i,
            c.section_title or _("Umum"),
            c.public_name,
            c.body,
            str(ResponseKind(c.response).label) if c.response else _("Belum ditanggapi"),
            c.response_reason,
        ]
        for i, c in enumerate(comments, start=1)
    ]


def response_matrix(consultation: Consultation, comments: list[Comment], fmt: str) -> bytes:
    headers, rows = matrix_headers(), matrix_rows(comments)
    if fmt == "pdf":
        doc = PdfDocument(
            title=_("Matriks tanggapan: %(t)s") % {"t": consultation.title},
            subtitle=_("Konsultasi publik %(a)s s.d. %(b)s")
            % {
                "a": consultation.opens_on.strftime("%d-%m-%Y"),
                "b": consultation.closes_on.strftime("%d-%m-%Y"),
            },
            landscape=True,
        )
        doc.table(headers, rows, widths=[8, 35, 35, 90, 25, 80])
        return doc.output()
    return table_bytes(headers, rows, fmt=fmt, sheet=_("Matriks tanggapan"))
