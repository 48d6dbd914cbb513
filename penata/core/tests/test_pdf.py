from __future__ import annotations

import re
import zlib

from penata.core.pdf import PdfDocument, latin1


def _text(data: bytes) -> str:
    """The drawn text of an uncompressed-or-deflated fpdf2 document, good enough to search."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "\n".join(out)


def test_latin1_transliterates_instead_of_crashing() -> None:
    assert latin1("Dr. Siti — Ābdullah “SPBE” ≥ 3") == 'Dr. Siti - Abdullah "SPBE" >= 3'
    assert latin1("José") == "José"
    assert latin1(None) == ""
    assert latin1("漢") == "?"


def test_report_with_a_table_over_several_pages() -> None:
    doc = PdfDocument(title="Analisis kebutuhan diklat", subtitle="Kota Semarang 2026")
    doc.heading("Ringkasan")
    doc.paragraph("Kesenjangan = standar − hasil asesmen.")
    doc.key_values([("Tahun", 2026), ("Pegawai", 15000)])
    n = doc.table(["Nama", "JP", "Nilai"], ([f"Pegawai {i}", i, i / 3] for i in range(200)))
    data = doc.output()
    assert n == 200
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert "Pegawai 199" in text and "Analisis kebutuhan diklat" in text
    assert b"/Count " in data and int(re.search(rb"/Count (\d+)", data).group(1)) > 1  # type: ignore[union-attr]
