"""PDF reports and certificates with fpdf2 (pure Python: no system libraries, so ``make demo`` and
CI need nothing beyond PyPI).

Text is set in the PDF core font Helvetica, which covers Latin-1: anything outside it is
transliterated (``é`` stays, ``ā`` → ``a``, ``—`` → ``-``) rather than dropped or crashing. Cells
are never interpreted as markup or formulas.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

_REPLACE = {
    "—": "-",
    "–": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "→": "->",
    "•": "-",
    "\u00a0": " ",
}


def latin1(value: Any) -> str:
    """``value`` as text the core fonts can draw."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.strftime("%d-%m-%Y %H:%M")
    elif isinstance(value, dt.date):
        value = value.strftime("%d-%m-%Y")
    text = str(value)
    for src, dst in _REPLACE.items():
        text = text.replace(src, dst)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(decomposed or "?")
    return "".join(out)


class PdfDocument:
    """A simple A4 report: title, paragraphs, key–value blocks and tables that break over pages.

    >>> doc = PdfDocument(title="Laporan", subtitle="Kota Semarang")
    >>> doc.table(["Nama", "JP"], [["Budi", 12]])
    >>> data = doc.output()
    """

    def __init__(
        self, *, title: str, subtitle: str = "", landscape: bool = False, footer: str = ""
    ) -> None:
        self.pdf = _Pdf(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.pdf.footer_text = latin1(footer or "Penata - Pemerintah Kota Semarang")
        self.pdf.set_title(latin1(title))
        self.pdf.set_author("Penata")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        self.pdf.set_font("Helvetica", "B", 15)
        self.pdf.multi_cell(0, 8, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.pdf.set_font("Helvetica", "", 10)
            self.pdf.multi_cell(0, 5, latin1(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(3)

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("Helvetica", "B", 12)
        self.pdf.multi_cell(0, 7, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, *, size: int = 10) -> None:
        self.pdf.set_font("Helvetica", "", size)
        self.pdf.multi_cell(0, 5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def key_values(self, pairs: Iterable[tuple[str, Any]]) -> None:
        for key, value in pairs:
            self.pdf.set_font("Helvetica", "B", 10)
            self.pdf.cell(50, 6, latin1(key))
            self.pdf.set_font("Helvetica", "", 10)
            self.pdf.multi_cell(0, 6, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        widths: Sequence[float] | None = None,
        size: int = 8,
    ) -> int:
        """Draw a table; returns the number of rows. Numbers are right-aligned."""
        self.pdf.set_font("Helvetica", "", size)
        col_widths = list(widths) if widths else [self.width / len(headers)] * len(headers)
        scale = self.width / sum(col_widths)
        col_widths = [w * scale for w in col_widths]
        n = 0
        with self.pdf.table(
            col_widths=tuple(col_widths),
            text_align="LEFT",
            line_height=4.5,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            head = table.row()
            for h in headers:
                head.cell(latin1(h))
            for values in rows:
                row = table.row()
                for value in values:
                    if isinstance(value, bool):
                        row.cell("ya" if value else "tidak")
                    elif isinstance(value, (int, float)):
                        text = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
                        row.cell(text.replace(",", "."), align="RIGHT")
                    else:
                        row.cell(latin1(value))
                n += 1
        self.pdf.ln(2)
        return n

    def output(self) -> bytes:
        return bytes(self.pdf.output())


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 8, f"{self.footer_text} - {self.page_no()}/{{nb}}", align="C")
