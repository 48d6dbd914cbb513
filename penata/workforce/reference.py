"""Seeding the regulation tables (golongan/pangkat, PPPK grades, education levels, BUP).

Values come from ``rules.py`` (docs/regulations.md: PP 99/2000 jo PP 12/2002; the education caps
for regular promotion; PPPK entry grades; BUP per UU 20/2023, configurable). Used by the seed
migration (with historical models) and by tests that flush the database.
"""

from collections.abc import Callable
from typing import Any

from penata.workforce import rules

EDUCATION_NAMES = {
    "sd": "SD",
    "sltp": "SLTP/SMP",
    "sltp_kejuruan": "SLTP Kejuruan",
    "slta": "SLTA/SMA/SMK",
    "d1": "D-I",
    "d2": "D-II",
    "d3": "D-III",
    "s1": "S1",
    "d4": "D-IV",
    "s2": "S2",
    "profesi": "Profesi (dokter, apoteker)",
    "s3": "S3",
}


def seed_reference_data(get_model: Callable[[str, str], Any]) -> None:
    """Create or refresh the rows, matched by code (idempotent)."""
    Rank = get_model("workforce", "Rank")
    EducationLevel = get_model("workforce", "EducationLevel")
    RetirementAge = get_model("workforce", "RetirementAge")
    ranks = {}
    for order, code in enumerate(rules.PNS_GOLONGAN, start=1):
        ranks[("pns", code)], _ = Rank.objects.update_or_create(
            kind="pns",
            code=code,
            defaults={"pangkat": rules.GOLONGAN_PANGKAT[code], "order": order},
        )
    for order, code in enumerate(rules.PPPK_GRADES, start=1):
        ranks[("pppk", code)], _ = Rank.objects.update_or_create(
            kind="pppk", code=code, defaults={"pangkat": f"Golongan {code}", "order": order}
        )
    for order, edu in enumerate(rules.EDUCATION_ORDER, start=1):
        entry, cap = rules.EDUCATION_RANKS[edu]
        EducationLevel.objects.update_or_create(
            code=str(edu),
            defaults={
                "name": EDUCATION_NAMES[str(edu)],
                "order": order,
                "pns_entry_rank": ranks[("pns", entry)],
                "pns_cap_rank": ranks[("pns", cap)],
                "pppk_entry_grade": ranks[("pppk", rules.PPPK_ENTRY_GRADE[edu])],
            },
        )
    for (kind, level), age in rules.DEFAULT_BUP.items():
        RetirementAge.objects.update_or_create(
            position_kind=str(kind), functional_level=str(level), defaults={"age": age}
        )
