"""Demo data of research partnerships for ``make demo``: two partner universities, the demo
researcher account (``peneliti``) at Universitas Diponegoro, an approved request with its
pseudonymised release, a pending and an expired request, and two outputs (one published), each
linked to the demo policy document it informs when the policy demo (seeded first) made it.
Deterministic; skipped when institutions exist already."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile

from penata.core.models import User
from penata.core.roles import Role
from penata.policy.demo import PERWAL_TITLE, TALENT_TITLE
from penata.policy.models import PolicyDocument
from penata.research import services
from penata.research.models import DataRequest, Institution, PolicyTopic, Release


@dataclass
class ResearchSeedResult:
    skipped: bool = False
    institutions: int = 0
    requests: int = 0
    release_rows: int = 0
    release_suppressed: int = 0
    outputs: int = 0
    seconds: float = 0.0


def _pdf(title: str) -> ContentFile[bytes]:
    from penata.core.pdf import PdfDocument

    doc = PdfDocument(title=title, subtitle="Dokumen demo Penata")
    doc.paragraph("Dokumen contoh untuk demonstrasi kemitraan riset BKPP Kota Semarang.")
    return ContentFile(bytes(doc.output()), name=f"{title[:40].replace(' ', '-').lower()}.pdf")


def seed_research(*, seed: int, today: dt.date) -> ResearchSeedResult:
    started = time.perf_counter()
    result = ResearchSeedResult()
    bkpp = User.objects.filter(username="bkpp").first()
    researcher = User.objects.filter(username="peneliti", role=Role.RESEARCHER).first()
    if Institution.objects.exists() or bkpp is None or researcher is None:
        result.skipped = True
        return result
    from penata.performance.models import AppraisalPeriod

    years = sorted(
        AppraisalPeriod.objects.filter(kind="annual").values_list("year", flat=True).distinct()
    )
    year_to = years[-1] if years else today.year - 1
    year_from = years[-2] if len(years) > 1 else year_to
    undip = services.institution_save(
        actor=bkpp,
        fields={
            "name": "Universitas Diponegoro",
            "short_name": "UNDIP",
            "agreement_number": "PKS/BKPP/017/2025",
            "is_active": True,
        },
    )
    services.institution_save(
        actor=bkpp,
        fields={
            "name": "Universitas Negeri Semarang",
            "short_name": "UNNES",
            "agreement_number": "PKS/BKPP/021/2025",
            "is_active": True,
        },
    )
    result.institutions = 2
    services.researcher_link(actor=bkpp, institution=undip, user=researcher)
    did_vars = [
        "kelompok_usia",
        "opd",
        "kelompok_golongan",
        "jp",
        "capai_20jp",
        "predikat",
        "pelatihan",
    ]
    approved = services.request_submit(
        actor=researcher,
        title="Dampak pelatihan terhadap predikat kinerja ASN Kota Semarang",
        purpose="Menilai apakah program pelatihan BKPP meningkatkan kinerja ASN, untuk masukan "
        "kebijakan pengembangan kompetensi.",
        question="Apakah peserta pelatihan mengalami kenaikan predikat SKP yang lebih besar "
        "daripada pegawai serupa yang tidak ikut?",
        variables=did_vars,
        year_from=year_from,
        year_to=year_to,
        document=_pdf("Persetujuan etik penelitian UNDIP"),
        today=today,
    )
    services.request_decide(
        actor=bkpp,
        request=approved,
        approve=True,
        reason="Tujuan jelas, variabel sesuai pertanyaan penelitian, persetujuan etik lengkap.",
        expires_on=today + dt.timedelta(days=180),
        today=today,
    )
    pending = services.request_submit(
        actor=researcher,
        title="Kesiapan ASN menghadapi penataan: analisis per OPD",
        purpose="Memetakan keterkaitan capaian 20 JP dengan kotak talenta.",
        question="Apakah OPD dengan capaian 20 JP lebih tinggi punya kelompok talenta lebih besar?",
        variables=["opd", "jp", "capai_20jp", "kotak_talenta"],
        year_from=year_from,
        year_to=year_to,
        document=_pdf("Perjanjian kerja sama penelitian UNDIP"),
        today=today,
    )
    expired = services.request_submit(
        actor=researcher,
        title="Sebaran predikat kinerja 2 tahun (selesai)",
        purpose="Studi pendahuluan sebaran predikat.",
        question="Bagaimana sebaran predikat menurut kelompok golongan?",
        variables=["kelompok_golongan", "predikat"],
        year_from=year_to,
        year_to=year_to,
        document=_pdf("Persetujuan etik studi pendahuluan"),
        today=today,
    )
    services.request_decide(
        actor=bkpp,
        request=expired,
        approve=True,
        reason="Disetujui untuk studi pendahuluan tiga bulan.",
        expires_on=today + dt.timedelta(days=1),
        today=today,
    )
    DataRequest.objects.filter(pk=expired.pk).update(expires_on=today - dt.timedelta(days=10))
    result.requests = 3
    del pending
    from django.conf import settings

    rel = Release.objects.create(request=approved, k=settings.PENATA_RESEARCH_K, created_by=bkpp)
    rel = services.release_build(rel.pk)
    result.release_rows, result.release_suppressed = rel.rows, rel.suppressed
    topics = {t.code: t for t in PolicyTopic.objects.all()}
    # the policy demo's documents (absent when it was skipped): the Perwal on competency
    # development in consultation, the adopted talent management policy
    docs = {
        d.title: d
        for d in PolicyDocument.objects.filter(title__in=[PERWAL_TITLE, TALENT_TITLE]).exclude(
            status="draft"
        )
    }
    published = services.output_submit(
        actor=researcher,
        title="Pelatihan dan kinerja ASN Kota Semarang: temuan awal",
        summary="Peserta pelatihan klasikal BKPP menunjukkan kenaikan skor predikat sedikit lebih "
        "besar daripada pegawai pembanding di OPD, golongan dan usia yang sama.",
        recommendations="1. Prioritaskan pelatihan bagi OPD dengan capaian 20 JP terendah.\n"
        "2. Ukur dampak setiap program tiap tahun dengan pembanding yang setara.",
        topics=[
            t for c, t in topics.items() if c in {"pengembangan-kompetensi", "manajemen-kinerja"}
        ],
        report=_pdf("Laporan temuan awal pelatihan dan kinerja"),
        request=approved,
        policy_documents=[d for t, d in docs.items() if t == PERWAL_TITLE],
    )
    services.output_publish(actor=bkpp, output=published)
    services.output_submit(
        actor=researcher,
        title="Catatan metodologi rilis data berpseudonim",
        summary="Uraian k-anonimitas dan generalisasi yang dipakai rilis data Penata.",
        recommendations=(
            "Pertahankan k = 5; tambahkan kelompok usia 10 tahun bila penekanan tinggi."
        ),
        topics=[t for c, t in topics.items() if c == "sistem-merit"],
        report=_pdf("Catatan metodologi rilis data"),
        policy_documents=[d for t, d in docs.items() if t == TALENT_TITLE],
    )
    result.outputs = 2
    result.seconds = time.perf_counter() - started
    return result


def describe(result: ResearchSeedResult) -> str:
    return (
        f"Riset: {result.institutions} lembaga mitra, {result.requests} permintaan data, rilis "
        f"{result.release_rows} baris ({result.release_suppressed} ditekan), {result.outputs} "
        f"luaran ({result.seconds:.1f} detik)."
    )
