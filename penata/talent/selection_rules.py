"""Open selection of senior leadership posts (seleksi terbuka JPT pratama): the pure rules.

The requirements of an announcement are data (fields of :class:`OpenSelection`, defaults below
with the rule they come from); :func:`admin_check` names every requirement an applicant fails;
:func:`stage_score` is the mean of the panel members' scores of a stage and
:func:`final_score` the stages weighted by the selection's own weights.

``docs/regulations.md`` does not cover JPT selection; the defaults cite the government
regulation and ministerial rule directly (see ``docs/talent.md``, *Seleksi terbuka*), and every
announcement may set its own values (they are stored with it and in the audit log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")

# Defaults of a JPT pratama announcement, with the rule each comes from.
JPT_PRATAMA_DEFAULTS: dict[str, tuple[object, str]] = {
    "min_rank_code": ("IV/a", "syarat pangkat pada pengumuman instansi (PermenPANRB 15/2019)"),
    "min_education_code": ("s1", "PP 11/2017 jo. PP 17/2020 Pasal 107 huruf c angka 1: S1/D-IV"),
    "min_experience_years": (
        Decimal(5),
        "PP 11/2017 jo. PP 17/2020 Pasal 107 huruf c angka 3: pengalaman jabatan terkait "
        "kumulatif paling singkat 5 tahun",
    ),
    "max_age": (
        56,
        "PP 11/2017 jo. PP 17/2020 Pasal 107 huruf c angka 8: usia paling tinggi 56 tahun pada "
        "saat pelantikan",
    ),
    "weights": (
        {"assessment": Decimal(40), "paper": Decimal(20), "interview": Decimal(40)},
        "bobot tahap ditetapkan panitia seleksi per seleksi (PermenPANRB 15/2019)",
    ),
}

STAGES = ("assessment", "paper", "interview")
STAGE_LABELS = {
    "assessment": "Asesmen kompetensi",
    "paper": "Penulisan makalah",
    "interview": "Wawancara",
}
TOP_N = 3  # the panel sends the three best per position to the PPK (PermenPANRB 15/2019)


class SelectionRuleError(ValueError):
    """A value outside what the rule accepts."""


@dataclass(frozen=True)
class Requirements:
    min_rank_order: int | None
    min_rank_code: str
    min_education_order: int | None
    min_education_name: str
    min_experience_years: Decimal | None
    max_age: int | None
    age_on: dt.date
    min_competency: Decimal | None


@dataclass(frozen=True)
class ApplicantFacts:
    rank_order: int | None
    education_order: int | None
    experience_years: Decimal | None
    birth_date: dt.date | None
    competency_score: Decimal | None


@dataclass(frozen=True)
class Failure:
    requirement: str
    message: str


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def admin_check(f: ApplicantFacts, r: Requirements) -> list[Failure]:
    """Every requirement the applicant fails (empty: passes the administrative check), each named
    with an Indonesian reason; a missing fact fails its requirement."""
    out: list[Failure] = []
    if r.min_rank_order is not None and (f.rank_order is None or f.rank_order < r.min_rank_order):
        out.append(Failure("pangkat", f"Pangkat/golongan di bawah {r.min_rank_code}."))
    if r.min_education_order is not None and (
        f.education_order is None or f.education_order < r.min_education_order
    ):
        out.append(Failure("pendidikan", f"Pendidikan di bawah {r.min_education_name}."))
    if r.min_experience_years is not None and (
        f.experience_years is None or f.experience_years < r.min_experience_years
    ):
        out.append(
            Failure(
                "pengalaman",
                f"Pengalaman jabatan terkait kurang dari {r.min_experience_years} tahun.",
            )
        )
    if r.max_age is not None:
        if f.birth_date is None:
            out.append(Failure("usia", "Tanggal lahir tidak diketahui."))
        elif age_on(f.birth_date, r.age_on) > r.max_age:
            out.append(
                Failure(
                    "usia",
                    f"Usia {age_on(f.birth_date, r.age_on)} tahun pada {r.age_on:%d-%m-%Y}, "
                    f"melebihi batas {r.max_age} tahun.",
                )
            )
    if r.min_competency is not None and (
        f.competency_score is None or f.competency_score < r.min_competency
    ):
        out.append(Failure("kompetensi", f"Nilai kompetensi di bawah {r.min_competency}."))
    return out


def check_weights(weights: dict[str, Decimal]) -> None:
    if any(w < 0 for w in weights.values()) or sum(weights.values()) != 100:
        raise SelectionRuleError("stage weights must be non-negative and sum to 100")


def stage_score(member_scores: list[Decimal]) -> Decimal | None:
    """The stage score: the mean of the panel members' scores (two decimals, half up)."""
    if not member_scores:
        return None
    return (sum(member_scores, Decimal(0)) / len(member_scores)).quantize(TWO, ROUND_HALF_UP)


def final_score(stage_scores: dict[str, Decimal], weights: dict[str, Decimal]) -> Decimal:
    """Σ weight × stage score / 100 over the stages (two decimals, half up)."""
    total = sum(
        (stage_scores.get(s, Decimal(0)) * w for s, w in weights.items()), Decimal(0)
    ) / Decimal(100)
    return total.quantize(TWO, ROUND_HALF_UP)
