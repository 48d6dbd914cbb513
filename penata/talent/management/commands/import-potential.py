"""``penata import-potential FILE [--dry-run] [--skip-invalid] [--report PATH]``."""

from __future__ import annotations

from penata.core.importing import ImportCommand
from penata.talent.services import potential_import


class Command(ImportCommand):
    help = (
        "Import potential scores (CSV or XLSX: nip, tanggal, nilai_kompetensi, "
        "nilai_tes_potensi, nilai_rekam_jejak, catatan). All or nothing unless --skip-invalid. "
        "Exit status: 0 nothing rejected, 1 rows rejected, 2 file unreadable."
    )
    noun = "Nilai potensial"
    importer = staticmethod(potential_import)
