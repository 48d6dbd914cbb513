"""Seed the competency dictionary, the activity types and the settings row.

- PermenPANRB 38/2017: 8 manajerial and 1 sosial kultural competencies at levels 1–5 (the level
  descriptions are the dictionary's, shortened); teknis competencies are the city's own, seeded
  with a useful set including the digital ones, and editable.
- PerLAN 10/2018: klasikal and nonklasikal activity types. The yearly JP caps on seminars,
  communities of practice and best-practice contributions are the city's choice (configurable),
  not a national rule.
Idempotent: rows are matched by code and refreshed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "competencies.json"

# code, name, mode, default JP, yearly cap (None: no cap), citation
ACTIVITY_TYPES: list[tuple[str, str, str, int, int | None, str]] = [
    ("pelatihan", "Pelatihan klasikal", "klasikal", 0, None, "PerLAN 10/2018"),
    ("bimtek", "Bimbingan teknis", "klasikal", 0, None, "PerLAN 10/2018"),
    ("kursus", "Kursus / penataran", "klasikal", 0, None, "PerLAN 10/2018"),
    (
        "seminar",
        "Seminar / konferensi / sarasehan",
        "klasikal",
        2,
        10,
        "PerLAN 10/2018; batas tahunan: kebijakan kota",
    ),
    ("workshop", "Lokakarya", "klasikal", 0, None, "PerLAN 10/2018"),
    ("e_learning", "E-learning", "nonklasikal", 0, None, "PerLAN 10/2018"),
    ("pelatihan_jarak_jauh", "Pelatihan jarak jauh", "nonklasikal", 0, None, "PerLAN 10/2018"),
    ("coaching", "Coaching", "nonklasikal", 2, 10, "PerLAN 10/2018; batas tahunan: kebijakan kota"),
    (
        "mentoring",
        "Mentoring",
        "nonklasikal",
        2,
        10,
        "PerLAN 10/2018; batas tahunan: kebijakan kota",
    ),
    ("magang", "Magang / praktik kerja", "nonklasikal", 0, None, "PerLAN 10/2018"),
    ("pertukaran", "Pertukaran PNS dengan swasta", "nonklasikal", 0, None, "PerLAN 10/2018"),
    (
        "komunitas_belajar",
        "Komunitas belajar (community of practice)",
        "nonklasikal",
        2,
        8,
        "PerLAN 10/2018; batas tahunan: kebijakan kota",
    ),
    (
        "praktik_baik",
        "Kontribusi praktik baik (forum ASN)",
        "nonklasikal",
        2,
        6,
        "Kebijakan penataan ASN Kota Semarang",
    ),
]


def competency_dictionary() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def seed_reference_data(get_model: Callable[[str, str], Any]) -> None:
    Competency = get_model("learning", "Competency")
    CompetencyLevel = get_model("learning", "CompetencyLevel")
    ActivityType = get_model("learning", "ActivityType")
    LearningSettings = get_model("learning", "LearningSettings")
    data = competency_dictionary()
    order = 0
    for kind in ("manajerial", "sosial_kultural", "teknis"):
        for item in data[kind]:
            order += 1
            comp, _ = Competency.objects.update_or_create(
                code=item["code"],
                defaults={
                    "name": item["name"],
                    "kind": kind,
                    "area": item.get("area")
                    or ("Manajerial" if kind == "manajerial" else "Sosial kultural"),
                    "description": item["description"],
                    "is_digital": bool(item.get("digital")),
                    "order": order,
                },
            )
            levels = item.get("levels") or data["teknis_levels"]
            for level, text in enumerate(levels, start=1):
                CompetencyLevel.objects.update_or_create(
                    competency=comp, level=level, defaults={"description": text}
                )
    for n, (code, name, mode, jp, cap, citation) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "mode": mode,
                "default_jp": jp,
                "max_jp_per_year": cap,
                "citation": citation,
                "order": n,
            },
        )
    LearningSettings.objects.get_or_create(pk=1)
