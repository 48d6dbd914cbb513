"""Promotion ranking for a vacancy: eligibility by rules in data, the merit score with the
vacancy's weights, the talent committee's decision, and the ranking report (XLSX, PDF).

Eligibility (:func:`penata.talent.rules.eligibility`) and the merit score
(:func:`penata.talent.rules.merit_score`) are pure; this module gathers the facts set-based (a
fixed number of queries for any number of candidates) and stores one
:class:`RankingCandidate` per active PNS, eligible or not, with the facts and the parts, so every
rank and every exclusion can be explained later. Parts of the merit score, each 0–100:

- performance: mean predikat points of the last ``predikat_years`` annual periods
  (:data:`rules.PREDIKAT_POINTS`);
- potential: the current potential score (:mod:`penata.talent.services`);
- competency: the share of the vacancy position's competency standard met by the latest valid
  assessments (:func:`penata.learning.selectors.standards_by_position`,
  :func:`penata.learning.gaps.current_levels`);
- training: JP counted in the last two years (:func:`penata.learning.selectors.jp_counted`, the
  ledger) against twice the yearly target;
- experience: years in positions of the vacancy's kind (position history) against
  ``experience_full_years``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from penata.core.audit import audit_record
from penata.learning import gaps as learning_gaps
from penata.learning import selectors as learning_selectors
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.talent import rules
from penata.talent.models import (
    CommitteeDecision,
    DisciplinarySanction,
    PotentialScore,
    RankingCandidate,
    Vacancy,
)
from penata.talent.services import TalentError
from penata.workforce.models import Employee, EmployeeStatus, PositionHistory

PART_NAMES = ("performance", "potential", "competency", "training", "experience")
PART_LABELS = {
    "performance": "Kinerja",
    "potential": "Potensial",
    "competency": "Kesesuaian kompetensi",
    "training": "JP pelatihan 2 tahun",
    "experience": "Pengalaman relevan",
}


def vacancy_weights(v: Vacancy) -> rules.MeritWeights:
    return rules.MeritWeights(
        v.w_performance, v.w_potential, v.w_competency, v.w_training, v.w_experience
    )


def vacancy_rules(v: Vacancy) -> rules.EligibilityRules:
    return rules.EligibilityRules(
        min_rank_order=v.min_rank.order if v.min_rank else None,
        min_education_order=v.min_education.order if v.min_education else None,
        min_predikat=v.min_predikat,
        predikat_years=tuple(v.as_of.year - i for i in range(1, v.predikat_years + 1)),
        no_active_sanction=v.no_active_sanction,
        min_years_in_rank=v.min_years_in_rank,
        retire_within_months=v.retire_within_months,
    )


def _used(v: Vacancy) -> dict[str, Any]:
    r = vacancy_rules(v)
    return {
        "as_of": v.as_of.isoformat(),
        "weights": {n: str(getattr(v, f"w_{n}")) for n in PART_NAMES},
        "rules": {
            "min_rank": v.min_rank.code if v.min_rank else None,
            "min_education": v.min_education.code if v.min_education else None,
            "min_predikat": r.min_predikat,
            "predikat_years": list(r.predikat_years),
            "no_active_sanction": r.no_active_sanction,
            "min_years_in_rank": str(r.min_years_in_rank),
            "retire_within_months": r.retire_within_months,
            "experience_full_years": v.experience_full_years,
        },
    }


@transaction.atomic
def vacancy_create(*, actor: Any, **fields: Any) -> Vacancy:
    """Create a vacancy; the weights must sum to 100."""
    v = Vacancy(created_by=actor, **fields)
    try:
        vacancy_weights(v).check()
    except rules.RuleError:
        raise TalentError(
            "weights_invalid", "Bobot nilai merit tidak boleh negatif dan jumlahnya harus 100."
        ) from None
    if v.min_predikat not in rules.PREDIKAT_ORDER:
        raise TalentError("predikat_invalid", "Predikat minimal tidak dikenal.")
    v.full_clean()
    v.save()
    audit_record(actor=actor, action="vacancy.create", obj=v, after=_used(v))
    return v


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month) - (1 if b.day < a.day else 0)


def _years(a: dt.date, b: dt.date) -> Decimal:
    return rules.years_between(a, b)


def vacancy_rank(*, actor: Any, vacancy: Vacancy) -> dict[str, int]:
    """(Re)compute the ranking of ``vacancy`` over every active PNS other than its holder; the
    rules and weights used are stored on the vacancy and in the audit event."""
    v = Vacancy.objects.select_related("position", "min_rank", "min_education").get(pk=vacancy.pk)
    if v.status == Vacancy.Status.DECIDED:
        raise TalentError("decided", "Lowongan sudah diputuskan; peringkat tidak dihitung ulang.")
    r = vacancy_rules(v)
    weights = vacancy_weights(v)
    on = v.as_of
    people = list(
        Employee.objects.filter(status=EmployeeStatus.AKTIF, employment_type="pns")
        .exclude(position_id=v.position_id)
        .values_list("pk", "rank__order", "education__order", "rank_tmt", "retirement_date")
    )
    ids = [p[0] for p in people]
    employees = Employee.objects.filter(pk__in=_ids_subquery(v))
    years = set(r.predikat_years)
    predikat: dict[int, dict[int, str]] = defaultdict(dict)
    for e, y, p in Appraisal.objects.filter(
        employee__in=employees,
        status=Appraisal.Status.FINAL,
        period__kind=AppraisalPeriod.Kind.ANNUAL,
        period__year__in=years,
    ).values_list("employee_id", "period__year", "predikat"):
        predikat[e][y] = p
    sanctioned = set(
        DisciplinarySanction.objects.filter(
            employee__in=employees, starts_on__lte=on, ends_on__gte=on
        ).values_list("employee_id", flat=True)
    )
    potential = dict(
        PotentialScore.objects.filter(employee__in=employees, is_current=True).values_list(
            "employee_id", "score"
        )
    )
    required = learning_selectors.standards_by_position([v.position_id]).get(v.position_id, {})
    jp: dict[int, int] = defaultdict(int)
    for y in (on.year - 1, on.year - 2):
        for e, n in learning_selectors.jp_counted(y, employees).items():
            jp[e] += n
    jp_full = 2 * learning_selectors.jp_target()
    experience = _experience(employees, v.position.kind, on)

    facts_by: dict[int, rules.CandidateFacts] = {}
    excluded: dict[int, list[rules.Exclusion]] = {}
    for pk, rank_order, edu_order, rank_tmt, retire in people:
        f = rules.CandidateFacts(
            rank_order=rank_order,
            education_order=edu_order,
            predikat_by_year=predikat.get(pk, {}),
            has_active_sanction=pk in sanctioned,
            years_in_rank=_years(rank_tmt, on) if rank_tmt else None,
            months_to_retirement=_months_between(on, retire) if retire else None,
        )
        facts_by[pk] = f
        excluded[pk] = rules.eligibility(f, r)
    eligible_ids = [pk for pk in ids if not excluded[pk]]
    levels: dict[tuple[int, int], int] = {}
    if required and eligible_ids:
        levels = learning_gaps.current_levels(on, Employee.objects.filter(pk__in=eligible_ids))
    rows: list[RankingCandidate] = []
    for pk in ids:
        f = facts_by[pk]
        ex = excluded[pk]
        parts = {n: Decimal(0) for n in PART_NAMES}
        merit = Decimal(0)
        if not ex:
            parts = {
                "performance": rules.performance_points(
                    [f.predikat_by_year[y] for y in r.predikat_years if y in f.predikat_by_year]
                ),
                "potential": Decimal(potential.get(pk, 0)),
                "competency": rules.competency_match(
                    required, {c: levels.get((pk, c), 0) for c in required}
                ),
                "training": rules.capped_percent(jp.get(pk, 0), jp_full),
                "experience": rules.capped_percent(
                    experience.get(pk, Decimal(0)), v.experience_full_years
                ),
            }
            merit = rules.merit_score(parts, weights)
        rows.append(
            RankingCandidate(
                vacancy=v,
                employee_id=pk,
                eligible=not ex,
                exclusions=[{"rule": e.rule, "message": e.message} for e in ex],
                merit=merit,
                facts={
                    "predikat": {str(y): p for y, p in f.predikat_by_year.items()},
                    "years_in_rank": str(f.years_in_rank) if f.years_in_rank is not None else None,
                    "months_to_retirement": f.months_to_retirement,
                    "sanction": f.has_active_sanction,
                    "jp_2y": jp.get(pk, 0),
                    "experience_years": str(experience.get(pk, Decimal(0))),
                    "potential_score": str(potential[pk]) if pk in potential else None,
                },
                **parts,
            )
        )
    ranked = sorted(
        (c for c in rows if c.eligible),
        key=lambda c: (-c.merit, -c.performance, -c.potential, c.employee_id),
    )
    for i, c in enumerate(ranked, start=1):
        c.rank = i
    with transaction.atomic():
        Vacancy.objects.select_for_update().filter(pk=v.pk).first()
        RankingCandidate.objects.filter(vacancy=v).delete()
        RankingCandidate.objects.bulk_create(rows, batch_size=2000)
        v.used = _used(v)
        v.ranked_at = timezone.now()
        v.status = Vacancy.Status.RANKED
        v.save(update_fields=["used", "ranked_at", "status"])
        summary = {"candidates": len(rows), "eligible": len(ranked)}
        audit_record(
            actor=actor,
            action="vacancy.rank",
            obj=v,
            after={
                **v.used,
                **summary,
                "top": [
                    {"employee": c.employee_id, "merit": str(c.merit), "rank": c.rank}
                    for c in ranked[:10]
                ],
            },
        )
    return summary


def _ids_subquery(v: Vacancy) -> Any:
    return (
        Employee.objects.filter(status=EmployeeStatus.AKTIF, employment_type="pns")
        .exclude(position_id=v.position_id)
        .values("pk")
    )


def _experience(employees: Any, kind: str, on: dt.date) -> dict[int, Decimal]:
    """Years per employee in positions of ``kind``: each history entry lasts until the next
    entry's TMT (or ``on``). One query."""
    rows = (
        PositionHistory.objects.filter(employee__in=employees, tmt__isnull=False, tmt__lte=on)
        .order_by("employee_id", "tmt", "id")
        .values_list("employee_id", "tmt", "position__kind")
    )
    out: dict[int, Decimal] = defaultdict(Decimal)
    prev: tuple[int, dt.date, str | None] | None = None
    for e, tmt_, k in rows.iterator(chunk_size=10_000):
        assert tmt_ is not None  # filtered above
        tmt: dt.date = tmt_
        if prev is not None and prev[0] == e and prev[2] == kind:
            out[e] += _years(prev[1], tmt)
        if prev is not None and prev[0] != e and prev[2] == kind:
            out[prev[0]] += _years(prev[1], on)
        prev = (e, tmt, k)
    if prev is not None and prev[2] == kind:
        out[prev[0]] += _years(prev[1], on)
    return dict(out)


@transaction.atomic
def committee_decide(*, actor: Any, vacancy: Vacancy, employee_id: int, reasons: str) -> Any:
    """Record the talent committee's choice with its reasons (audited with the ranking it was
    made on). The chosen person must be an eligible candidate; choosing someone other than the
    first ranked needs reasons like any other choice — they are shown next to the ranking."""
    v = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if v.status != Vacancy.Status.RANKED:
        raise TalentError(
            "not_ranked", "Keputusan hanya dapat dicatat untuk lowongan yang sudah diperingkat."
        )
    reasons = (reasons or "").strip()
    if len(reasons) < 10:
        raise TalentError("reasons_required", "Tuliskan alasan keputusan (minimal 10 karakter).")
    cand = RankingCandidate.objects.filter(vacancy=v, employee_id=employee_id).first()
    if cand is None or not cand.eligible:
        raise TalentError(
            "not_eligible", "Pegawai yang dipilih bukan kandidat yang memenuhi syarat."
        )
    decision = CommitteeDecision.objects.create(
        vacancy=v, employee_id=employee_id, reasons=reasons, decided_by=actor
    )
    v.status = Vacancy.Status.DECIDED
    v.save(update_fields=["status"])
    top = RankingCandidate.objects.filter(vacancy=v, rank=1).values_list("employee_id", flat=True)
    audit_record(
        actor=actor,
        action="vacancy.decide",
        obj=v,
        before={"status": Vacancy.Status.RANKED},
        after={
            "status": Vacancy.Status.DECIDED,
            "employee": employee_id,
            "rank": cand.rank,
            "merit": str(cand.merit),
            "first_ranked": next(iter(top), None),
            "reasons": reasons,
            "used": v.used,
        },
    )
    return decision


# --- report ----------------------------------------------------------------------------------

HEADERS = [
    "Peringkat",
    "NIP",
    "Nama",
    "Golongan",
    *[PART_LABELS[n] for n in PART_NAMES],
    "Nilai merit",
    "Memenuhi syarat",
    "Alasan tidak memenuhi syarat",
]


def report_rows(v: Vacancy) -> Any:
    qs = (
        RankingCandidate.objects.filter(vacancy=v)
        .select_related("employee", "employee__rank")
        .order_by("-eligible", "rank", "employee__name")
    )
    for c in qs.iterator(chunk_size=2000):
        yield [
            c.rank or "",
            c.employee.nip,
            c.employee.name,
            c.employee.rank.code if c.employee.rank else "",
            *[getattr(c, n) for n in PART_NAMES],
            c.merit,
            "ya" if c.eligible else "tidak",
            "; ".join(e["message"] for e in c.exclusions),
        ]


def report_xlsx(v: Vacancy) -> bytes:
    from penata.core.exports import write_table

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "peringkat.xlsx"
        write_table(path, HEADERS, report_rows(v), fmt="xlsx", sheet="Peringkat")
        return path.read_bytes()


def report_pdf(v: Vacancy, *, limit: int = 200) -> bytes:
    from penata.core.pdf import PdfDocument

    doc = PdfDocument(
        title=f"Peringkat Merit: {v.title}",
        subtitle=f"Jabatan {v.position.name} - tanggal acuan {v.as_of:%d-%m-%Y}",
        landscape=True,
    )
    used = v.used or _used(v)
    doc.key_values(
        [
            ("Bobot", ", ".join(f"{PART_LABELS[n]} {used['weights'][n]}%" for n in PART_NAMES)),
            ("Syarat", ", ".join(f"{k}: {val}" for k, val in used["rules"].items())),
            ("Diperingkat", f"{v.ranked_at:%d-%m-%Y %H:%M}" if v.ranked_at else "-"),
        ]
    )
    decision = CommitteeDecision.objects.filter(vacancy=v).select_related("employee").first()
    if decision is not None:
        doc.paragraph(
            f"Keputusan tim penilai: {decision.employee.name} ({decision.employee.nip}). "
            f"Alasan: {decision.reasons}"
        )
    doc.heading("Kandidat memenuhi syarat")
    eligible = [r for r in report_rows(v) if r[-2] == "ya"][:limit]
    doc.table(
        HEADERS[:-2], [r[:-2] for r in eligible], widths=[10, 30, 45, 14, 16, 16, 18, 16, 16, 16]
    )
    doc.heading("Tidak memenuhi syarat (dengan aturan yang mengecualikan)")
    excluded = [r for r in report_rows(v) if r[-2] == "tidak"][:limit]
    doc.table(
        ["NIP", "Nama", "Alasan"], [[r[1], r[2], r[-1]] for r in excluded], widths=[30, 50, 120]
    )
    return bytes(doc.output())
