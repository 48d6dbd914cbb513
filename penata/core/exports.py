"""Writing tables for download (CSV and XLSX), safe against spreadsheet formula injection."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    fmt: str,
    sheet: str = "Data",
    on_row: Any = None,
) -> int:
    """Write ``rows`` under ``headers`` to ``path`` as CSV (UTF-8 with BOM, for Excel) or XLSX.

    Returns the number of data rows. ``on_row(n)`` is called every 1,000 rows for progress.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow([neutralise(h) for h in headers])
            for row in rows:
                writer.writerow([_cell(v) for v in row])
                n += 1
                if on_row and n % 1000 == 0:
                    on_row(n)
        return n
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False}
    )
    try:
        ws = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        for col, header in enumerate(headers):
            ws.write_string(0, col, str(header), bold)
        for row in rows:
            n += 1
            for col, value in enumerate(row):
                cell = _cell(value)
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    ws.write_number(n, col, cell)
                else:
                    ws.write_string(n, col, str(cell))
            if on_row and n % 1000 == 0:
                on_row(n)
        ws.freeze_panes(1, 0)
    finally:
        workbook.close()
    return n
