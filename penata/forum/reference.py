"""Seed the forum's topic categories and the settings row (idempotent: matched by slug).

The topics follow the policy's aim — ASN sharing experience and best practice in serving the
public — and are data: an administrator adds, renames or retires them in the admin. OPD
categories are made per OPD (admin, or the demo).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# slug, name, description
TOPICS: list[tuple[str, str, str]] = [
    ("pelayanan-publik", "Pelayanan publik", "Antrean, perizinan, pengaduan, standar pelayanan."),
    ("digitalisasi", "Digitalisasi dan data", "Aplikasi, SPBE, data dan otomasi pekerjaan."),
    ("kepegawaian", "Kepegawaian", "SKP, kenaikan pangkat, mutasi, pengembangan kompetensi."),
    ("keuangan-aset", "Keuangan dan aset", "Penganggaran, pengadaan, penatausahaan aset."),
    ("inovasi", "Inovasi daerah", "Gagasan dan uji coba inovasi OPD."),
    ("umum", "Umum", "Tanya jawab lain seputar pekerjaan ASN."),
]


def seed_reference_data(get_model: Callable[[str, str], Any]) -> None:
    Category = get_model("forum", "Category")
    ForumSettings = get_model("forum", "ForumSettings")
    for order, (slug, name, description) in enumerate(TOPICS, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": "topic", "description": description, "order": order},
        )
    ForumSettings.objects.get_or_create(pk=1)
