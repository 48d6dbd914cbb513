"""``penata import-assessments FILE [--dry-run] [--skip-invalid] [--report PATH]``."""

from __future__ import annotations

from penata.core.importing import ImportCommand
from penata.learning.assessments import assessment_import


class Command(ImportCommand):
    help = (
        "Import competency assessment results (CSV or XLSX: nip, kode_kompetensi or kompetensi, "
        "level, sumber, tanggal, berlaku_sampai, catatan). All or nothing unless --skip-invalid. "
        "Exit status: 0 nothing rejected, 1 rows rejected, 2 file unreadable."
    )
    noun = "Asesmen"
    importer = staticmethod(assessment_import)
