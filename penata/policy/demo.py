"""Policy-workspace demo data for ``penata seed-demo``.

- The policy team: the ``kebijakan`` account as ketua, the administrator as sekretaris, the OPD
  operator as OPD representative, the researcher as university representative.
- Two fictional civil-society organisations in the registry (one verified by e-mail domain).
- A draft Perwal on competency development in three versions, open for public consultation
  with comments from ASN, a CSO and citizens in every moderation state, some answered; an
  adopted talent-management policy whose closed consultation has a full response matrix.
- An action plan of ten activities (two overdue, evidence as links), and yearly targets for
  every indicator (the IKM by hand for the years before the portal's survey).

Written through the services (so every row is audited) and idempotent: nothing is written
while a policy document exists or before the demo accounts exist.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from penata.core.models import User
from penata.policy import indicators, services
from penata.policy.models import ActivityStatus, Indicator, PolicyDocument

PERWAL_V1 = """# Ketentuan umum

Peraturan Wali Kota ini mengatur pengembangan kompetensi Aparatur Sipil Negara di lingkungan
Pemerintah Kota Semarang.

# Hak dan kewajiban

Setiap ASN berhak dan wajib mengikuti pengembangan kompetensi paling sedikit 20 JP setahun.

# Pelaksanaan

BKPP menyusun rencana pengembangan kompetensi tahunan berdasarkan analisis kesenjangan.

# Pendanaan

Pengembangan kompetensi dibiayai APBD.
"""

PERWAL_V2 = PERWAL_V1.replace(
    "Pengembangan kompetensi dibiayai APBD.",
    "Pengembangan kompetensi dibiayai APBD dan dapat didukung mitra melalui perjanjian kerja sama.",
)

PERWAL_V3 = (
    PERWAL_V2.replace(
        "BKPP menyusun rencana pengembangan kompetensi tahunan berdasarkan analisis kesenjangan.",
        "BKPP menyusun rencana pengembangan kompetensi tahunan berdasarkan analisis kesenjangan\n"
        "kompetensi dan kebutuhan OPD.\n\nOPD melaporkan capaian JP pegawainya setiap triwulan.",
    )
    + "\n# Evaluasi\n\nTim kebijakan mengevaluasi pelaksanaan Peraturan ini setiap tahun.\n"
)

TALENT_V1 = """# Tujuan

Manajemen talenta memastikan jabatan diisi oleh ASN terbaik secara terbuka dan adil.

# Talent pool

ASN pada kotak 7 sampai 9 peta talenta masuk talent pool dan diprioritaskan untuk suksesi.

# Pengembangan

ASN dalam talent pool mendapat pengembangan kompetensi yang terencana.
"""

COMMENTS = [
    # (who, section, body, show_name, moderation, response)
    (
        "asn",
        "hak-dan-kewajiban",
        "Target 20 JP sulit dipenuhi pegawai lapangan; mohon e-learning dihitung penuh.",
        True,
        "approve",
        ("partly", "E-learning dihitung sesuai batas jenis kegiatan pada PerLAN 10/2018."),
    ),
    (
        "cso",
        "pendanaan",
        "Perjanjian dengan mitra perlu dipublikasikan agar tidak ada konflik kepentingan.",
        True,
        "approve",
        ("accepted", "Daftar mitra yang setuju ditampilkan di halaman apresiasi mitra."),
    ),
    (
        "citizen",
        "pelaksanaan",
        "Mohon hasil analisis kesenjangan dibuka ke publik dalam bentuk ringkasan.",
        True,
        "approve",
        ("rejected", "Data per pegawai adalah data pribadi; ringkasan per OPD tersedia di portal."),
    ),
    ("citizen", "", "Bagus, lanjutkan. Pelayanan harus makin cepat.", False, "approve", None),
    ("citizen", "", "Promosi produk: kunjungi situs kami!", False, "reject", None),
    ("asn", "evaluasi", "Evaluasi sebaiknya melibatkan perwakilan OPD teknis.", False, None, None),
    (
        "citizen",
        "ketentuan-umum",
        "Apakah berlaku juga untuk PPPK paruh waktu?",
        True,
        "unconfirmed",
        None,
    ),
]

ACTIVITIES = [
    ("Menyusun naskah akademik Perwal pengembangan kompetensi", -60, ActivityStatus.DONE),
    ("Rapat koordinasi dengan OPD teknis", -35, ActivityStatus.DONE),
    ("Uji publik rancangan Perwal di Balai Kota", -10, ActivityStatus.IN_PROGRESS),
    ("Sosialisasi lewat forum ASN", -4, ActivityStatus.PLANNED),
    ("Menyusun matriks tanggapan konsultasi publik", 20, ActivityStatus.PLANNED),
    ("Harmonisasi dengan Bagian Hukum Setda", 35, ActivityStatus.PLANNED),
    ("Penetapan Perwal", 60, ActivityStatus.PLANNED),
    ("Evaluasi indikator triwulan", 90, ActivityStatus.PLANNED),
    ("Publikasi praktik baik di portal", 120, ActivityStatus.PLANNED),
    ("Survei IKM layanan kepegawaian", 150, ActivityStatus.CANCELLED),
]

TARGETS = {
    "asn-20jp": (60, 70, 80, 90),
    "talent-pool": (150, 180, 220, 260),
    "praktik-baik": (10, 15, 20, 25),
    "indeks-kesiapan": (55, 60, 70, 75),
    "dana-mitra": (5, 8, 10, 15),
    "ikm": (78, 80, 82, 85),
}
IKM_ACTUAL = (76.4, 81.2)


@dataclass
class PolicySeedResult:
    skipped: bool = False
    documents: int = 0
    versions: int = 0
    comments: int = 0
    activities: int = 0
    targets: int = 0
    seconds: float = 0.0


# the documents' titles, also how the research demo finds the documents its outputs inform
PERWAL_TITLE = "Rancangan Peraturan Wali Kota tentang Pengembangan Kompetensi ASN"
TALENT_TITLE = "Kebijakan Manajemen Talenta Kota Semarang"


def seed_policy(*, seed: int, today: dt.date) -> PolicySeedResult:
    started = time.perf_counter()
    result = PolicySeedResult()
    team_user = User.objects.filter(username="kebijakan").first()
    if PolicyDocument.objects.exists() or team_user is None:
        result.skipped = True
        return result
    rng = random.Random(f"policy-{seed}")  # noqa: S311 (synthetic data, reproducible)
    others = {
        u.username: u
        for u in User.objects.filter(
            username__in=["admin", "operator", "peneliti", "pegawai", "atasan"]
        )
    }
    members = {
        "kebijakan": services.team_member_set(
            actor=team_user, user=team_user, team_role="ketua", affiliation="BKPP Kota Semarang"
        )
    }
    for username, role, aff in (
        ("admin", "sekretaris", "Bagian Organisasi Setda"),
        ("operator", "wakil_opd", "Dinas Kependudukan dan Pencatatan Sipil"),
        ("peneliti", "wakil_kampus", "Pusat Studi Kebijakan Publik (fiktif)"),
    ):
        if username in others:
            members[username] = services.team_member_set(
                actor=team_user, user=others[username], team_role=role, affiliation=aff
            )
    cso = services.organisation_save(
        actor=team_user,
        fields={
            "name": "Forum Warga Peduli Pelayanan Semarang (fiktif)",
            "kind": "cso",
            "email_domain": "fwpps.example.org",
            "is_verified": True,
        },
    )
    services.organisation_save(
        actor=team_user,
        fields={
            "name": "Asosiasi Pemerhati Aparatur (fiktif)",
            "kind": "association",
            "email_domain": "",
            "is_verified": False,
        },
    )

    # --- the draft Perwal in consultation ------------------------------------------------------
    perwal = services.document_create(
        actor=team_user,
        title=PERWAL_TITLE,
        summary="Rancangan yang mengatur hak 20 JP, perencanaan dan pendanaan pengembangan "
        "kompetensi ASN Kota Semarang.",
        body=PERWAL_V1,
    )
    services.version_create(
        actor=team_user, document=perwal, body=PERWAL_V2, note="Pendanaan mitra"
    )
    v3 = services.version_create(
        actor=team_user, document=perwal, body=PERWAL_V3, note="Pelaporan triwulan dan evaluasi"
    )
    consult = services.consultation_open(
        actor=team_user,
        version=v3,
        title="Konsultasi publik rancangan Perwal pengembangan kompetensi",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=20),
    )
    # comments are dated on the reference day, so `--today` in the past or future works too
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    asn_users = [u for k, u in others.items() if k in ("pegawai", "atasan")] or [team_user]
    for i, (who, section, body, show, moderation, response) in enumerate(COMMENTS):
        ip = f"192.0.2.{10 + i}"
        if who == "asn":
            comment = services.comment_submit(
                consultation=consult,
                user=rng.choice(asn_users),
                body=body,
                section=section,
                show_name=show,
                ip=ip,
                now=now,
            )
        else:
            domain = "fwpps.example.org" if who == "cso" else "example.com"
            comment = services.comment_submit(
                consultation=consult,
                user=None,
                body=body,
                section=section,
                show_name=show,
                name=f"Warga {i + 1}" if who == "citizen" else "Sekretariat FWPPS",
                email=f"warga{i + 1}@{domain}",
                ip=ip,
                now=now,
            )
            if moderation != "unconfirmed":
                services.comment_confirm(token=comment.confirm_token)
        result.comments += 1
        if moderation in ("approve", "reject"):
            services.comment_moderate(
                actor=team_user,
                comment=comment,
                approve=moderation == "approve",
                reason="" if moderation == "approve" else "Promosi komersial, di luar topik.",
            )
        if response:
            services.comment_respond(
                actor=team_user, comment=comment, response=response[0], reason=response[1]
            )
    _ = cso

    # --- the adopted talent policy with a closed consultation ----------------------------------
    talent = services.document_create(
        actor=team_user,
        title=TALENT_TITLE,
        body=TALENT_V1,
        summary="Talent pool, suksesi dan pengembangan ASN berpotensi tinggi.",
    )
    closed = services.consultation_open(
        actor=team_user,
        version=talent.versions.get(),
        title="Konsultasi kebijakan manajemen talenta",
        opens_on=today - dt.timedelta(days=90),
        closes_on=today - dt.timedelta(days=60),
    )
    during = now - dt.timedelta(days=75)
    for i, (section, body, response) in enumerate(
        (
            (
                "talent-pool",
                "Kriteria kotak 7-9 perlu dijelaskan kepada seluruh ASN.",
                ("accepted", "Ditambahkan pada sosialisasi dan laman talenta."),
            ),
            (
                "pengembangan",
                "Pengembangan sebaiknya juga untuk ASN di kotak 5 dan 6.",
                ("partly", "Kotak 5-6 mendapat prioritas kedua sesuai anggaran."),
            ),
        )
    ):
        comment = services.comment_submit(
            consultation=closed,
            user=rng.choice(asn_users),
            body=body,
            section=section,
            show_name=True,
            ip=f"198.51.100.{i + 1}",
            now=during,
        )
        services.comment_moderate(actor=team_user, comment=comment, approve=True)
        services.comment_respond(
            actor=team_user, comment=comment, response=response[0], reason=response[1]
        )
        result.comments += 1
    services.document_set_status(actor=team_user, document=talent, status="adopted")

    # --- action plan ----------------------------------------------------------------------------
    owners = list(members.values())
    for n, (title, days, status) in enumerate(ACTIVITIES):
        services.activity_save(
            actor=team_user,
            fields={
                "title": title,
                "document": perwal,
                "owner": owners[n % len(owners)],
                "deadline": today + dt.timedelta(days=days),
                "status": status,
                "evidence_url": "https://semarangkota.go.id/"
                if status == ActivityStatus.DONE
                else "",
            },
        )
        result.activities += 1

    # --- indicator targets ------------------------------------------------------------------------
    years = range(today.year - 2, today.year + 2)
    for ind in Indicator.objects.filter(code__in=TARGETS):
        for k, year in enumerate(years):
            actual = None
            # the paper survey of the years before the portal (the portal's own years are
            # computed from its survey and refuse a hand value)
            if (
                ind.code == "ikm"
                and k < len(IKM_ACTUAL)
                and indicators.accepts_manual(ind.source, year)
            ):
                actual = Decimal(str(IKM_ACTUAL[k]))
            services.indicator_year_set(
                actor=team_user,
                indicator=ind,
                year=year,
                target=Decimal(TARGETS[ind.code][k]),
                actual=actual,
            )
            result.targets += 1
    result.documents = PolicyDocument.objects.count()
    result.versions = sum(d.versions.count() for d in PolicyDocument.objects.all())
    result.seconds = time.perf_counter() - started
    return result


def describe(result: PolicySeedResult) -> str:
    return (
        f"Kebijakan: {result.documents} dokumen ({result.versions} versi), {result.comments} "
        f"komentar konsultasi, {result.activities} kegiatan rencana aksi, {result.targets} target "
        f"indikator ({result.seconds:.1f} detik)."
    )
