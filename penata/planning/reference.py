"""Seed data of planning: the settings row, the job-efficiency bands (PermenPANRB 1/2020) and
the DEMO salary/allowance tables (flagged ``is_demo``; BKPP replaces them with the values of
the salary regulation in force and the city's TPP decision)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BANDS = [
    ("A", "Sangat baik (EJ > 1,00)", "1.00", True),
    ("B", "Baik (0,90–1,00)", "0.90", False),
    ("C", "Cukup (0,70–0,89)", "0.70", False),
    ("D", "Sedang (0,50–0,69)", "0.50", False),
    ("E", "Kurang (< 0,50)", "0.00", False),
]

# DEMO: monthly base salary rising with the rank order (PNS 1..17, PPPK 1..17), in the range of
# the 2024 table but not the regulation's table by years of service. Salary and allowance
# levels are chosen so 15,000 demo ASN land near the 29.58% share of 2025.
DEMO_SALARY_FIRST = 1_700_000
DEMO_SALARY_STEP = 150_000
# DEMO: monthly TPP per kelas jabatan 1..17.
DEMO_ALLOWANCE_FIRST = 800_000
DEMO_ALLOWANCE_STEP = 300_000


def seed_reference_data(get_model: Callable[[str, str], Any]) -> None:
    """Create the rows that are missing (idempotent; never overwrites an edited value)."""
    settings_model = get_model("planning", "PlanningSettings")
    if not settings_model.objects.exists():
        settings_model.objects.create(
            effective_minutes=75_000,
            personnel_cap_percent="30.00",
            # DEMO: Semarang's APBD is around Rp 5.4 trillion; spending outside the ASN
            # salary and TPP computed here is set so the demo starts near the 29.58% of 2025.
            regional_budget=5_400_000_000_000,
            other_personnel_cost=600_000_000_000,
            budget_is_demo=True,
            min_years_to_retirement="2.0",
        )
    band_model = get_model("planning", "EfficiencyBand")
    for code, label, lower, strict in BANDS:
        band_model.objects.get_or_create(
            code=code, defaults={"label": label, "lower": lower, "strict": strict}
        )
    rank_model = get_model("workforce", "Rank")
    salary_model = get_model("planning", "SalaryScale")
    have = set(salary_model.objects.values_list("rank_id", flat=True))
    salary_model.objects.bulk_create(
        salary_model(
            rank_id=r.pk, monthly=DEMO_SALARY_FIRST + DEMO_SALARY_STEP * (r.order - 1), is_demo=True
        )
        for r in rank_model.objects.all()
        if r.pk not in have
    )
    allowance_model = get_model("planning", "AllowanceScale")
    have = set(allowance_model.objects.values_list("class_grade", flat=True))
    allowance_model.objects.bulk_create(
        allowance_model(
            class_grade=g,
            monthly=DEMO_ALLOWANCE_FIRST + DEMO_ALLOWANCE_STEP * (g - 1),
            is_demo=True,
        )
        for g in range(1, 18)
        if g not in have
    )
