"""``penata import-ekinerja FILE [--dry-run] [--skip-invalid] [--report PATH]``."""

from __future__ import annotations

from penata.core.importing import ImportCommand
from penata.performance.ekinerja import ekinerja_import


class Command(ImportCommand):
    help = (
        "Import SKP ratings from an e-Kinerja export (CSV or XLSX: nip, tahun, periode, "
        "hasil_kerja, perilaku_kerja, predikat). All or nothing unless --skip-invalid. "
        "Exit status: 0 nothing rejected, 1 rows rejected, 2 file unreadable."
    )
    noun = "SKP"
    importer = staticmethod(ekinerja_import)
