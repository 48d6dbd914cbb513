"""Funding demo data for ``penata seed-demo``.

- Budget lines for last year and this year under one illustrative APBD program/kegiatan of BKPP
  (codes in the Permendagri 90/2019 shape; not the city's real nomenclature): a digital line, a
  managerial line, a technical line, and a health line of the Dinas Kesehatan when it exists.
  APBD-funded programs are linked to them by the area of the competencies they develop. The
  ceilings are set from the demo enrolments so last year is almost spent and this year has
  room left (and one line is nearly full, to show the refusal).
- Eight fictional partners (private, BUMN, BUMD, universities, a donor, an association) with
  contacts, MoUs and PKSs (one ending within 30 days, so a reminder shows), a signed PDF each,
  money, seat, trainer and venue sponsorships tied to programs, five consenting to be shown.
- The demo ``mitra`` account is linked to the first partner.

Set-based and idempotent: nothing is written while a budget line exists.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from penata.core.models import User
from penata.core.pdf import PdfDocument
from penata.funding import budget
from penata.funding.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    BudgetLine,
    Partner,
    PartnerContact,
    PartnerKind,
    PartnerMember,
    ProgramBudget,
    Sponsorship,
    SponsorshipKind,
)
from penata.funding.reports import program_areas
from penata.funding.services import reminders_generate
from penata.learning.models import FundingSource, TrainingProgram
from penata.workforce.models import OrgUnit

PROGRAM_CODE = "5.03.02"
ACTIVITY_CODE = "5.03.02.2.02"
LINES = [
    # (suffix, name, area, headroom this year)
    ("0001", "Pengembangan Kompetensi Digital Aparatur", "Digital", 1.35),
    ("0002", "Pengembangan Kompetensi Manajerial dan Kepemimpinan", "Manajerial", 1.02),
    ("0003", "Pengembangan Kompetensi Teknis", "", 1.25),
]
PARTNERS = [
    ("PT Nusantara Data Semesta", PartnerKind.PRIVATE, True),
    ("PT Bank Pembangunan Jateng Demo (BUMD)", PartnerKind.BUMD, True),
    ("PT Listrik Demo Persero (BUMN)", PartnerKind.BUMN, False),
    ("Universitas Kota Lama", PartnerKind.UNIVERSITY, True),
    ("Politeknik Pesisir Semarang", PartnerKind.UNIVERSITY, False),
    ("Yayasan Tata Kelola Baik", PartnerKind.DONOR, True),
    ("Asosiasi Analis Kebijakan Demo", PartnerKind.ASSOCIATION, True),
    ("PT Ruang Rapat Simpang Lima", PartnerKind.PRIVATE, False),
]


@dataclass
class FundingSeedResult:
    skipped: bool = False
    lines: int = 0
    partners: int = 0
    agreements: int = 0
    sponsorships: int = 0
    reminders: int = 0
    seconds: float = 0.0


def _million_up(amount: float) -> int:
    return int(-(-int(amount) // 1_000_000) * 1_000_000)


def _pdf(agreement: Agreement) -> bytes:
    doc = PdfDocument(title=f"{agreement.get_kind_display()} {agreement.number}", subtitle="DEMO")
    doc.paragraph(f"{agreement.title}. Ruang lingkup: {agreement.scope}")
    doc.paragraph("Dokumen contoh untuk demonstrasi Penata; bukan naskah perjanjian yang sah.")
    return doc.output()


@transaction.atomic
def seed_funding(*, seed: int, today: dt.date) -> FundingSeedResult:
    started = time.perf_counter()
    result = FundingSeedResult()
    if BudgetLine.objects.exists() or not TrainingProgram.objects.exists():
        result.skipped = True
        return result
    rng = random.Random(f"funding-{seed}")  # noqa: S311 (synthetic data, reproducible)
    years = (today.year - 1, today.year)
    health = OrgUnit.objects.filter(name__icontains="Dinas Kesehatan").first()

    # --- lines and links ------------------------------------------------------------------
    lines: dict[tuple[int, str], BudgetLine] = {}
    for year in years:
        for suffix, name, area, _h in LINES:
            lines[(year, suffix)] = BudgetLine(
                fiscal_year=year,
                program_code=PROGRAM_CODE,
                activity_code=ACTIVITY_CODE,
                sub_activity_code=f"{ACTIVITY_CODE}.{suffix}",
                name=name,
                ceiling=0,
                competency_area=area,
            )
        if health is not None:
            lines[(year, "0004")] = BudgetLine(
                fiscal_year=year,
                program_code=PROGRAM_CODE,
                activity_code=ACTIVITY_CODE,
                sub_activity_code=f"{ACTIVITY_CODE}.0004",
                name="Peningkatan Kompetensi Tenaga Kesehatan",
                ceiling=0,
                opd=health,
                competency_area="Kesehatan",
            )
    BudgetLine.objects.bulk_create(lines.values())
    lines = {
        (ln.fiscal_year, ln.sub_activity_code.rsplit(".", 1)[1]): ln
        for ln in BudgetLine.objects.all()
    }
    result.lines = len(lines)
    apbd = dict(
        TrainingProgram.objects.filter(funding_source=FundingSource.APBD).values_list("pk", "code")
    )
    areas = program_areas(set(apbd))
    links = []
    for prog, code in apbd.items():
        area = areas.get(prog, "")
        suffix = {"Digital": "0001", "Manajerial": "0002"}.get(area, "0003")
        if health is not None and ("pasien" in code or "kesehatan" in code):
            suffix = "0004"
        for year in years:
            links.append(
                ProgramBudget(program_id=prog, line=lines[(year, suffix)], fiscal_year=year)
            )
    ProgramBudget.objects.bulk_create(links)
    usage = budget.usage_by_line()
    headroom = {s: h for s, _n, _a, h in LINES} | {"0004": 1.3}
    for (year, suffix), ln in lines.items():
        u = usage.get(ln.pk, budget.Usage())
        used = u.committed + u.realised
        factor = 1.03 if year < today.year else headroom[suffix]
        ln.ceiling = max(_million_up(used * factor), 25_000_000)
    BudgetLine.objects.bulk_update(lines.values(), ["ceiling"])

    # --- partners, contacts, agreements, documents ---------------------------------------
    partners = [
        Partner(
            name=name,
            kind=kind,
            address="Kota Semarang",
            website="",
            public_recognition=consent,
            recognition_consent_on=today - dt.timedelta(days=200) if consent else None,
        )
        for name, kind, consent in PARTNERS
    ]
    Partner.objects.bulk_create(partners)
    partners = list(Partner.objects.order_by("pk"))
    result.partners = len(partners)
    first_names = ["Sari", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Lestari", "Yusuf"]
    PartnerContact.objects.bulk_create(
        PartnerContact(
            partner=p,
            name=f"{first_names[i]} {['Pratama', 'Wulandari', 'Santoso', 'Hidayat'][i % 4]}",
            position="Manajer Kemitraan",
            email=f"kemitraan{i}@mitra-demo.test",
            phone=f"0812{rng.randrange(10**7, 10**8)}",
        )
        for i, p in enumerate(partners)
    )
    agreements = []
    for i, p in enumerate(partners):
        start = dt.date(today.year - 1, 1 + i % 6, 10)
        mou_end = dt.date(today.year + 2, 12, 31)
        agreements.append(
            Agreement(
                partner=p,
                kind=AgreementKind.MOU,
                number=f"MOU/{i + 1:03d}/BKPP/{start.year}",
                title=f"Nota Kesepahaman Pengembangan SDM Aparatur dengan {p.name}",
                scope="Pengembangan kompetensi ASN, magang, narasumber dan riset bersama.",
                signed_on=start,
                starts_on=start,
                ends_on=mou_end,
                value=0,
            )
        )
    Agreement.objects.bulk_create(agreements)
    mous = {a.partner_id: a for a in Agreement.objects.filter(kind=AgreementKind.MOU)}
    pks = []
    for i, p in enumerate(partners):
        # one PKS ends in 20 days (a reminder), one ended last month, the rest later
        ends = (
            today + dt.timedelta(days=20)
            if i == 0
            else today - dt.timedelta(days=30)
            if i == 4
            else dt.date(today.year, 12, 31)
        )
        starts = min(ends, today) - dt.timedelta(days=300)
        pks.append(
            Agreement(
                partner=p,
                kind=AgreementKind.PKS,
                number=f"PKS/{i + 1:03d}/BKPP/{starts.year}",
                title=f"Perjanjian Kerja Sama Pelatihan ASN dengan {p.name}",
                scope="Penyelenggaraan pelatihan, penyediaan kursi, pengajar dan tempat.",
                signed_on=starts,
                starts_on=starts,
                ends_on=ends,
                value=rng.choice([50, 75, 100, 150, 250]) * 1_000_000,
                parent=mous[p.pk],
            )
        )
    Agreement.objects.bulk_create(pks)
    all_agreements = list(Agreement.objects.select_related("partner"))
    result.agreements = len(all_agreements)
    for a in all_agreements:
        data = _pdf(a)
        doc = AgreementDocument(
            agreement=a,
            kind=AgreementDocument.Kind.SIGNED,
            original_name=f"{a.number.replace('/', '-')}.pdf",
            size=len(data),
        )
        doc.file.save(doc.original_name, ContentFile(data), save=False)
        doc.save()

    # --- sponsorships -----------------------------------------------------------------------
    pks_by_partner = {a.partner_id: a for a in all_agreements if a.kind == AgreementKind.PKS}
    programs = list(TrainingProgram.objects.order_by("pk").values_list("pk", "funding_source"))
    sponsored = [p for p, f in programs if f == FundingSource.SPONSOR] or [programs[0][0]]
    kinds = [
        SponsorshipKind.MONEY,
        SponsorshipKind.SEATS,
        SponsorshipKind.MONEY,
        SponsorshipKind.TRAINER,
        SponsorshipKind.SEATS,
        SponsorshipKind.MONEY,
        SponsorshipKind.TRAINER,
        SponsorshipKind.VENUE,
    ]
    rows = []
    for year in years:
        for i, p in enumerate(partners):
            kind = kinds[i]
            pledged = rng.choice([15, 25, 40, 60, 90]) * 1_000_000
            past = year < today.year
            seats = rng.choice([10, 20, 30]) if kind == SponsorshipKind.SEATS else 0
            rows.append(
                Sponsorship(
                    partner=p,
                    agreement=pks_by_partner.get(p.pk),
                    program_id=sponsored[(i + year) % len(sponsored)]
                    if kind != SponsorshipKind.VENUE
                    else None,
                    fiscal_year=year,
                    kind=kind,
                    description={
                        SponsorshipKind.MONEY: "Dana CSR untuk pelatihan ASN",
                        SponsorshipKind.SEATS: "Kursi gratis pada kelas mitra",
                        SponsorshipKind.TRAINER: "Narasumber praktisi",
                        SponsorshipKind.VENUE: "Ruang pelatihan berkapasitas 40 orang",
                    }[kind],
                    pledged_value=pledged,
                    realised_value=pledged if past else pledged * rng.choice([0, 1, 2]) // 4,
                    pledged_seats=seats,
                    realised_seats=seats if past else seats // 2,
                )
            )
    Sponsorship.objects.bulk_create(rows)
    result.sponsorships = len(rows)
    user = User.objects.filter(username="mitra").first()
    if user is not None:
        PartnerMember.objects.get_or_create(user=user, defaults={"partner": partners[0]})
    result.reminders = len(reminders_generate(today=today))
    result.seconds = time.perf_counter() - started
    return result


def describe(result: FundingSeedResult) -> str:
    return (
        f"Pendanaan: {result.lines} pos anggaran, {result.partners} mitra, "
        f"{result.agreements} perjanjian, {result.sponsorships} sponsor, "
        f"{result.reminders} pengingat ({result.seconds:.1f} detik)."
    )
