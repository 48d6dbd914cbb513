"""``penata import-abk FILE [--dry-run] [--skip-invalid] [--report PATH]``."""

from __future__ import annotations

from penata.core.importing import ImportCommand
from penata.planning.imports import abk_import


class Command(ImportCommand):
    help = (
        "Import job analysis tasks (CSV or XLSX: kode_unit, jabatan, jenjang, uraian_tugas, "
        "satuan_hasil, volume, norma_waktu). All or nothing unless --skip-invalid. "
        "Exit status: 0 nothing rejected, 1 rows rejected, 2 file unreadable."
    )
    noun = "Uraian tugas"
    importer = staticmethod(abk_import)
