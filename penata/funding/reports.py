"""Reports of funding: the budget position per line and per program, the funding gap, and
their XLSX and PDF downloads for the budget office (BPKAD / TAPD).

All money is whole Rupiah (``int``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from penata.funding import budget, rules
from penata.funding.models import BudgetLine, Sponsorship, SponsorshipKind
from penata.learning import gaps
from penata.learning.models import ProgramCompetency, TrainingProgram

UNATTRIBUTED = "(tidak terikat)"
CENTRAL = "BKPP (seluruh kota)"


@dataclass
class LineRow:
    line: BudgetLine
    position: rules.LinePosition
    committed_seats: int = 0
    realised_seats: int = 0
    programs: list[dict[str, Any]] = field(default_factory=list)


def budget_report(year: int, *, with_programs: bool = True) -> dict[str, Any]:
    """Per line of ``year``: ceiling, committed, realised, available, percent used; per program
    under each line. Seven queries whatever the number of enrolments."""
    lines = list(BudgetLine.objects.filter(fiscal_year=year).select_related("opd"))
    ids = [ln.pk for ln in lines]
    by_prog = budget.usage_by_program(ids) if ids else {}
    by_line: dict[int, budget.Usage] = {}
    for (line_id, _prog), u in by_prog.items():
        t = by_line.setdefault(line_id, budget.Usage())
        t.committed += u.committed
        t.realised += u.realised
        t.committed_seats += u.committed_seats
        t.realised_seats += u.realised_seats
    rows = []
    for ln in lines:
        u = by_line.get(ln.pk, budget.Usage())
        rows.append(
            LineRow(
                ln,
                rules.LinePosition(int(ln.ceiling), u.committed, u.realised),
                u.committed_seats,
                u.realised_seats,
            )
        )
    if with_programs and by_prog:
        titles = dict(
            TrainingProgram.objects.filter(pk__in={p for _l, p in by_prog}).values_list(
                "pk", "title"
            )
        )
        index = {r.line.pk: r for r in rows}
        for (line_id, prog), u in sorted(by_prog.items(), key=lambda kv: titles.get(kv[0][1], "")):
            index[line_id].programs.append(
                {
                    "program_id": prog,
                    "title": titles.get(prog, str(prog)),
                    "committed": u.committed,
                    "realised": u.realised,
                    "committed_seats": u.committed_seats,
                    "realised_seats": u.realised_seats,
                }
            )
    totals = rules.LinePosition(
        sum(r.position.ceiling for r in rows),
        sum(r.position.committed for r in rows),
        sum(r.position.realised for r in rows),
    )
    spons = Sponsorship.objects.filter(fiscal_year=year, is_cancelled=False).aggregate(
        pledged=Sum("pledged_value"), realised=Sum("realised_value")
    )
    return {
        "year": year,
        "rows": rows,
        "totals": totals,
        "sponsor_pledged": int(spons["pledged"] or 0),
        "sponsor_realised": int(spons["realised"] or 0),
    }


def program_areas(program_ids: set[int]) -> dict[int, str]:
    """Each program's competency area: the most frequent area among the competencies it
    develops (ties: alphabetical), ``""`` if none (one query)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for prog, area in ProgramCompetency.objects.filter(program_id__in=program_ids).values_list(
        "program_id", "competency__area"
    ):
        if area:
            counts[prog][area] += 1
    return {
        p: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for p, c in counts.items() if c
    }


def funding_gap(year: int, *, on: dt.date) -> dict[str, Any]:
    """The cost of the training needs (the learning needs analysis over all serving employees on
    ``on``) against the funds of ``year``: what is still available in the budget lines plus the
    money pledged by sponsors (not cancelled), per competency area and per OPD.

    Attribution: a line counts for its ``competency_area`` and ``opd`` when set; a money
    sponsorship tied to a program counts for that program's area; everything else is shown as
    "(tidak terikat)" — usable for any need — so the totals always match."""
    from penata.workforce.models import Employee

    summary = gaps.gap_summary(Employee.objects.all(), on)
    needs = gaps.training_needs(summary)
    need_area: dict[str, int] = defaultdict(int)
    for r in needs["rows"]:
        need_area[r["competency"].area or UNATTRIBUTED] += r["cost"] or 0
    need_opd: dict[str, int] = defaultdict(int)
    for r in needs["per_opd"]:
        need_opd[r["opd"].name if r["opd"] else UNATTRIBUTED] += r["cost"] or 0

    lines = list(BudgetLine.objects.filter(fiscal_year=year, is_active=True).select_related("opd"))
    pos = budget.positions(lines)
    budget_area: dict[str, int] = defaultdict(int)
    budget_opd: dict[str, int] = defaultdict(int)
    for ln in lines:
        left = max(pos[ln.pk].available, 0)
        budget_area[ln.competency_area or UNATTRIBUTED] += left
        budget_opd[ln.opd.name if ln.opd else CENTRAL] += left
    spons = list(
        Sponsorship.objects.filter(
            fiscal_year=year, is_cancelled=False, kind=SponsorshipKind.MONEY
        ).values_list("program_id", "pledged_value")
    )
    areas = program_areas({p for p, _v in spons if p})
    sponsor_area: dict[str, int] = defaultdict(int)
    for prog, value in spons:
        sponsor_area[(areas.get(prog) if prog else None) or UNATTRIBUTED] += int(value)

    keys = sorted(set(need_area) | set(budget_area) | set(sponsor_area), key=_unattributed_last)
    by_area = []
    for k in keys:
        need, bud, spo = need_area.get(k, 0), budget_area.get(k, 0), sponsor_area.get(k, 0)
        by_area.append(
            {"area": k, "need": need, "budget": bud, "sponsor": spo, "gap": need - bud - spo}
        )
    opd_keys = sorted(set(need_opd) | set(budget_opd), key=_unattributed_last)
    by_opd = [
        {
            "opd": k,
            "need": need_opd.get(k, 0),
            "budget": budget_opd.get(k, 0),
            "gap": need_opd.get(k, 0) - budget_opd.get(k, 0),
        }
        for k in opd_keys
    ]
    total_need = sum(need_area.values())
    total_budget = sum(budget_area.values())
    total_sponsor = sum(sponsor_area.values())
    return {
        "year": year,
        "on": on,
        "by_area": by_area,
        "by_opd": by_opd,
        "need": total_need,
        "budget": total_budget,
        "sponsor": total_sponsor,
        "gap": total_need - total_budget - total_sponsor,
        "uncovered": needs["uncovered"],
        "chart": {
            "kind": "bar",
            "labels": [r["area"] for r in by_area],
            "datasets": [
                {"label": "Kebutuhan biaya (Rp)", "data": [r["need"] for r in by_area]},
                {"label": "Sisa anggaran (Rp)", "data": [r["budget"] for r in by_area]},
                {"label": "Sponsor dana (Rp)", "data": [r["sponsor"] for r in by_area]},
            ],
        },
    }


def _unattributed_last(key: str) -> tuple[int, str]:
    return (1 if key in (UNATTRIBUTED, CENTRAL) else 0, key)


LINE_HEADERS = [
    "Tahun",
    "Kode program",
    "Kode kegiatan",
    "Kode sub-kegiatan",
    "Nama sub-kegiatan",
    "OPD",
    "Pagu (Rp)",
    "Komitmen (Rp)",
    "Realisasi (Rp)",
    "Sisa (Rp)",
    "Terpakai (%)",
    "Peserta komitmen",
    "Peserta realisasi",
]
PROGRAM_HEADERS = [
    "Kode sub-kegiatan",
    "Program pelatihan",
    "Komitmen (Rp)",
    "Realisasi (Rp)",
    "Peserta komitmen",
    "Peserta realisasi",
]


def line_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            r.line.fiscal_year,
            r.line.program_code,
            r.line.activity_code,
            r.line.sub_activity_code,
            r.line.name,
            r.line.opd.name if r.line.opd else CENTRAL,
            r.position.ceiling,
            r.position.committed,
            r.position.realised,
            r.position.available,
            r.position.percent_used,
            r.committed_seats,
            r.realised_seats,
        ]
        for r in report["rows"]
    ]


def program_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            r.line.sub_activity_code,
            p["title"],
            p["committed"],
            p["realised"],
            p["committed_seats"],
            p["realised_seats"],
        ]
        for r in report["rows"]
        for p in r.programs
    ]


def report_xlsx(report: dict[str, Any], gap: dict[str, Any] | None = None) -> bytes:
    """The budget office workbook: lines, programs, and the funding gap (formula-safe)."""
    from penata.core.exports import xlsx_bytes

    sheets: list[tuple[str, list[str], list[list[Any]]]] = []

    def sheet(name: str, headers: list[str], rows: list[list[Any]]) -> None:
        sheets.append((name, headers, rows))

    t = report["totals"]
    sheet(
        "Ringkasan",
        ["Butir", "Nilai (Rp)"],
        [
            ["Tahun anggaran", report["year"]],
            ["Pagu", t.ceiling],
            ["Komitmen (peserta disetujui/hadir)", t.committed],
            ["Realisasi (peserta lulus)", t.realised],
            ["Sisa", t.available],
            ["Sponsor dijanjikan", report["sponsor_pledged"]],
            ["Sponsor terealisasi", report["sponsor_realised"]],
        ],
    )
    sheet("Pos anggaran", LINE_HEADERS, line_rows(report))
    sheet("Per program", PROGRAM_HEADERS, program_rows(report))
    if gap is not None:
        sheet(
            "Kesenjangan dana",
            ["Rumpun", "Kebutuhan (Rp)", "Sisa anggaran (Rp)", "Sponsor (Rp)", "Kekurangan (Rp)"],
            [[r["area"], r["need"], r["budget"], r["sponsor"], r["gap"]] for r in gap["by_area"]],
        )
        sheet(
            "Kesenjangan per OPD",
            ["OPD", "Kebutuhan (Rp)", "Sisa anggaran (Rp)", "Kekurangan (Rp)"],
            [[r["opd"], r["need"], r["budget"], r["gap"]] for r in gap["by_opd"]],
        )
    return xlsx_bytes(sheets, money=lambda header: "Rp" in header)


def report_pdf(report: dict[str, Any], gap: dict[str, Any] | None = None) -> bytes:
    from penata.core.pdf import PdfDocument

    t = report["totals"]
    fr = rules.format_rupiah
    doc = PdfDocument(
        title=f"Serapan Anggaran Pengembangan Kompetensi {report['year']}",
        subtitle="Pemerintah Kota Semarang - laporan untuk BPKAD / TAPD",
        landscape=True,
    )
    doc.key_values(
        [
            ("Pagu", fr(t.ceiling)),
            ("Komitmen", fr(t.committed)),
            ("Realisasi", fr(t.realised)),
            ("Sisa", fr(t.available)),
            ("Sponsor dijanjikan", fr(report["sponsor_pledged"])),
            ("Sponsor terealisasi", fr(report["sponsor_realised"])),
        ]
    )
    doc.paragraph(
        "Komitmen = peserta disetujui atau hadir x biaya per peserta program; realisasi = peserta "
        "lulus x biaya per peserta. Sisa = pagu - komitmen - realisasi."
    )
    doc.heading("Per pos anggaran")
    doc.table(
        ["Sub-kegiatan", "Nama", "Pagu", "Komitmen", "Realisasi", "Sisa", "%"],
        [
            [
                r.line.sub_activity_code,
                r.line.name,
                r.position.ceiling,
                r.position.committed,
                r.position.realised,
                r.position.available,
                r.position.percent_used,
            ]
            for r in report["rows"]
        ],
        widths=[36, 80, 30, 30, 30, 30, 10],
    )
    progs = program_rows(report)
    if progs:
        doc.heading("Per program pelatihan")
        doc.table(
            ["Sub-kegiatan", "Program", "Komitmen", "Realisasi", "Peserta kom.", "Peserta real."],
            progs,
            widths=[36, 100, 30, 30, 20, 20],
        )
    if gap is not None:
        doc.heading("Kesenjangan pendanaan per rumpun kompetensi")
        doc.table(
            ["Rumpun", "Kebutuhan", "Sisa anggaran", "Sponsor", "Kekurangan"],
            [[r["area"], r["need"], r["budget"], r["sponsor"], r["gap"]] for r in gap["by_area"]],
            widths=[70, 40, 40, 40, 40],
        )
    return doc.output()
