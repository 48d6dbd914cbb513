"""Writing tables for download (CSV and XLSX), safe against spreadsheet formula injection.

Every CSV or XLSX the application writes goes through this module (a test walks the source
tree for ``csv.writer``/``xlsxwriter.Workbook`` elsewhere): :func:`write_table` (a file, for
background exports), :func:`xlsx_bytes` (a workbook of several sheets) and
:func:`csv_response` (a small CSV download). Text that a spreadsheet would run as a formula
(leading ``=``, ``+``, ``-``, ``@``, tab or CR) is prefixed with an apostrophe; numbers — also
negative ones, and ``Decimal`` amounts — are written as numbers. See docs/security-input.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe (a plain signed
    number written as text, ``"-5"``, is left alone: a spreadsheet reads it as the number)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        if _PLAIN_NUMBER.match(value):
            return value
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
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
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
                if _is_number(cell):
                    ws.write_number(n, col, cell)
                else:
                    ws.write_string(n, col, str(cell))
            if on_row and n % 1000 == 0:
                on_row(n)
        ws.freeze_panes(1, 0)
    finally:
        workbook.close()
    return n


def _is_number(cell: Any) -> bool:
    return isinstance(cell, (int, float)) and not isinstance(cell, bool)


def xlsx_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    *,
    money: Callable[[str], bool] | None = None,
    column_width: int = 18,
) -> bytes:
    """A workbook of ``(sheet name, headers, rows)`` sheets, every cell formula-safe; numbers
    under a header for which ``money(header)`` is true get a thousands format."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True})
    money_format = wb.add_format({"num_format": "#,##0"})
    for name, headers, rows in sheets:
        ws = wb.add_worksheet(name[:31])
        for col, header in enumerate(headers):
            ws.write_string(0, col, str(neutralise(str(header))), bold)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                cell = _cell(value)
                if _is_number(cell):
                    is_money = money is not None and col < len(headers) and money(headers[col])
                    ws.write_number(r, col, cell, money_format if is_money else None)
                else:
                    ws.write_string(r, col, str(cell))
        ws.freeze_panes(1, 0)
        if headers:
            ws.set_column(0, len(headers) - 1, column_width)
    wb.close()
    return buf.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (UTF-8 BOM first, for Excel), every cell formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + buf.getvalue()


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """A CSV download of ``rows`` (see :func:`csv_text`)."""
    from django.http import HttpResponse

    response = HttpResponse(csv_text(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
