"""Exports of the ABK: XLSX (formula-safe) and PDF."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from penata.core.pdf import PdfDocument
from penata.planning.models import PositionLoad

POSITION_HEADERS = [
    "OPD",
    "Unit kerja",
    "Jabatan",
    "Beban kerja (menit)",
    "Kebutuhan (pecahan)",
    "Kebutuhan",
    "Bezetting",
    "Formasi",
    "Selisih (+ lebih / − kurang)",
    "EJ",
    "Kategori",
]


def position_row(load: PositionLoad) -> list[Any]:
    return [
        load.opd.name if load.opd else "",
        load.org_unit.name,
        str(load.position),
        round(load.workload_minutes, 1),
        round(load.needed_exact, 3),
        load.needed,
        load.in_post,
        load.formasi,
        load.in_post - load.needed,
        round(load.efficiency, 3) if load.efficiency is not None else "",
        load.band,
    ]


def xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    from penata.core.exports import xlsx_bytes

    return xlsx_bytes(sheets)


def pdf(
    *, title: str, subtitle: str, totals: dict[str, Any], opd_rows: list[dict[str, Any]]
) -> bytes:
    doc = PdfDocument(title=title, subtitle=subtitle, landscape=True)
    doc.key_values(
        [
            ("Jabatan", totals["positions"]),
            ("Kebutuhan (ABK)", totals["needed"]),
            ("Bezetting", totals["in_post"]),
            ("Formasi", totals["formasi"]),
            ("Kelebihan", totals["surplus"]),
            ("Kekurangan", totals["shortage"]),
        ]
    )
    doc.heading("Kebutuhan dan bezetting per OPD")
    doc.table(
        ["OPD", "Jabatan", "Kebutuhan", "Bezetting", "Formasi", "Kelebihan", "Kekurangan"],
        [
            [
                r["opd__name"],
                r["positions"],
                r["needed"],
                r["in_post"],
                r["formasi"],
                r["surplus"],
                r["shortage"],
            ]
            for r in opd_rows
        ],
        widths=[80, 20, 25, 25, 25, 25, 25],
    )
    return doc.output()
