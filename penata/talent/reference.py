"""Reference data of talent management, loaded by migration (and by the test conftest):
the recommendation per talent box (PermenPANRB 3/2020, docs/regulations.md) and the default
settings row. Both stay editable by an administrator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BOX_RECOMMENDATIONS: list[tuple[int, str, str]] = [
    (
        9,
        "Bintang (di atas × tinggi)",
        "Dipromosikan dan dipertahankan; masuk kelompok rencana "
        "suksesi instansi/nasional; diberikan penghargaan.",
    ),
    (
        8,
        "Potensial tinggi (sesuai × tinggi)",
        "Dipertahankan; masuk kelompok rencana suksesi; "
        "rotasi/perluasan jabatan; bimbingan kinerja.",
    ),
    (
        7,
        "Kinerja tinggi (di atas × menengah)",
        "Dipertahankan; masuk kelompok rencana suksesi; "
        "rotasi/pengayaan jabatan; pengembangan kompetensi; tugas belajar.",
    ),
    (
        6,
        "Potensial belum terwujud (di bawah × tinggi)",
        "Penempatan yang sesuai; bimbingan kinerja; konseling kinerja.",
    ),
    (
        5,
        "Inti (sesuai × menengah)",
        "Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi.",
    ),
    (4, "Profesional (di atas × rendah)", "Rotasi; pengembangan kompetensi."),
    (
        3,
        "Perlu perhatian (di bawah × menengah)",
        "Bimbingan dan konseling kinerja; pengembangan kompetensi; penempatan yang sesuai.",
    ),
    (
        2,
        "Perlu pengembangan (sesuai × rendah)",
        "Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai.",
    ),
    (
        1,
        "Di bawah standar (di bawah × rendah)",
        "Diproses sesuai ketentuan peraturan disiplin dan manajemen kinerja.",
    ),
]


def seed_reference_data(get_model: Callable[[str, str], Any]) -> None:
    """Idempotent: creates what is missing, never overwrites an administrator's edit."""
    rec = get_model("talent", "BoxRecommendation")
    have = set(rec.objects.values_list("box", flat=True))
    rec.objects.bulk_create(
        [rec(box=b, title=t, recommendation=r) for b, t, r in BOX_RECOMMENDATIONS if b not in have]
    )
    settings = get_model("talent", "TalentSettings")
    if not settings.objects.exists():
        settings.objects.create()
