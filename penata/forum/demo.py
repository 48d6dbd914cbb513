"""Forum demo data: a room per OPD, threads and replies in the topic rooms written by the demo
accounts (with mentions, reactions and accepted answers), and a best-practice library (curated,
some published to the portal, some waiting in BKPP's queue). Set-based and idempotent: skipped
when a thread exists or there are no demo accounts."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from penata.core.models import User
from penata.forum import rules
from penata.forum.models import (
    Category,
    CategoryKind,
    Post,
    Practice,
    PracticeStatus,
    Reaction,
    Tag,
    Thread,
)
from penata.workforce.models import OPD_KINDS, OrgUnit

THREADS: list[tuple[str, str, str, list[str]]] = [
    (
        "pelayanan-publik",
        "Antrean perekaman KTP-el menumpuk setiap Senin",
        "Di kecamatan kami antrean **perekaman KTP-el** selalu menumpuk hari Senin. "
        "Ada yang sudah mencoba pembagian kuota per jam?",
        [
            "Kami membagi kuota per jam dan membuka pendaftaran lewat WhatsApp; antrean "
            "pagi turun separuh.",
            "Coba juga layanan jemput bola untuk lansia, @pegawai pernah mengurusnya.",
            "Terima kasih, kami uji coba bulan depan.",
        ],
    ),
    (
        "digitalisasi",
        "Cara membagikan rekap presensi ke atasan tanpa kirim berkas",
        "Setiap bulan saya mengirim rekap presensi berupa XLSX lewat pesan. Adakah cara "
        "yang lebih rapi?",
        [
            "Pakai folder bersama dinas dan beri tautan; berkas tidak tercecer.",
            "Jangan lupa hapus kolom NIK sebelum dibagikan (UU 27/2022).",
        ],
    ),
    (
        "kepegawaian",
        "Apakah webinar gratis bisa diakui sebagai JP nonklasikal?",
        "Saya ikut webinar 3 jam dengan sertifikat. Bagaimana agar diakui dalam 20 JP?",
        [
            "Unggah sertifikatnya di menu *Sertifikat eksternal*; BKPP memverifikasi.",
            "Batas seminar/webinar 10 JP setahun, sisanya tercatat tapi tidak diakui.",
        ],
    ),
    (
        "keuangan-aset",
        "Penomoran ulang aset setelah mutasi ruangan",
        "Setelah pindah gedung, label aset kami tidak sesuai ruangan. Bagaimana penataannya?",
        ["Kami memakai stiker QR per ruangan; pemindaian memperbarui lokasi."],
    ),
    (
        "inovasi",
        "Ide: pengaduan warga lewat kode QR di tiap kelurahan",
        "Bagaimana kalau setiap kantor kelurahan memasang kode QR menuju formulir "
        "pengaduan? Mohon masukan.",
        [
            "Pastikan ada petugas yang menindaklanjuti dalam 3 hari kerja.",
            "Kelurahan kami sudah mencoba; aduan naik tapi tertangani lebih cepat.",
        ],
    ),
    (
        "umum",
        "Rekomendasi pelatihan menulis surat dinas yang efektif",
        "Adakah pelatihan menulis naskah dinas yang Anda rekomendasikan?",
        ["Pelatihan tata naskah dinas BKPP tahun lalu bagus, 16 JP."],
    ),
]

PRACTICES: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        "pelayanan-publik",
        "Antrean daring perekaman KTP-el",
        "Warga antre sejak subuh untuk perekaman KTP-el; banyak yang pulang tanpa dilayani.",
        "Pendaftaran antrean lewat WhatsApp dengan kuota per jam dan pengingat H-1.",
        "Waktu tunggu rata-rata turun dari 3 jam menjadi 25 menit.",
        "Rekap antrean Januari–Maret; survei kepuasan 4,5 dari 5 (n=420).",
        ["antrean", "adminduk"],
    ),
    (
        "pelayanan-publik",
        "Layanan jemput bola untuk lansia dan disabilitas",
        "Lansia dan penyandang disabilitas sulit datang ke kantor layanan.",
        "Petugas datang ke rumah dengan perangkat perekaman keliling sesuai jadwal RT.",
        "312 warga terlayani dalam 4 bulan tanpa harus datang ke kantor.",
        "Daftar kunjungan dan berita acara per kelurahan.",
        ["inklusif", "adminduk"],
    ),
    (
        "digitalisasi",
        "Formulir daring pengganti berkas cetak untuk izin keramaian",
        "Permohonan izin keramaian memerlukan lima salinan cetak dan dua kali datang.",
        "Formulir daring dengan unggahan dokumen dan status permohonan yang bisa dipantau.",
        "Waktu proses turun dari 7 hari menjadi 2 hari; kertas berkurang 80%.",
        "Data permohonan sistem perizinan Jan–Jun.",
        ["digital", "perizinan"],
    ),
    (
        "kepegawaian",
        "Mentoring sebaya untuk CPNS baru",
        "CPNS baru lambat memahami tata kerja dan sering salah administrasi.",
        "Setiap CPNS didampingi mentor sebaya selama 3 bulan dengan daftar periksa mingguan.",
        "Kesalahan administrasi turun 60% pada angkatan berikutnya.",
        "Catatan mentoring dan rekap koreksi dokumen.",
        ["mentoring", "cpns"],
    ),
    (
        "inovasi",
        "Kode QR pengaduan di kantor kelurahan",
        "Warga tidak tahu ke mana menyampaikan keluhan layanan kelurahan.",
        "Kode QR di loket menuju formulir pengaduan; ditindaklanjuti paling lama 3 hari kerja.",
        "Aduan tertangani rata-rata 1,8 hari; 92% dinilai puas.",
        "Rekap aduan dan tindak lanjut triwulan II.",
        ["pengaduan"],
    ),
]


@dataclass
class ForumSeedResult:
    skipped: bool = False
    categories: int = 0
    threads: int = 0
    posts: int = 0
    practices: int = 0
    seconds: float = 0.0


def seed_forum(*, seed: int, today: dt.date | None = None) -> ForumSeedResult:
    """Write the forum demo data (see the module doc) unless a thread exists."""
    started = time.perf_counter()
    result = ForumSeedResult()
    people = list(
        User.objects.filter(role__in=["administrator", "bkpp", "opd_operator", "supervisor",
                                      "employee", "talent_committee", "policy_team"])
        .select_related("employee__org_unit")
        .order_by("username")
    )  # fmt: skip
    if Thread.objects.exists() or not people:
        result.skipped = True
        return result
    rng = random.Random(f"forum-{seed}")  # noqa: S311 (synthetic data, reproducible)
    now = timezone.now()
    with transaction.atomic():
        existing = set(
            Category.objects.filter(kind=CategoryKind.OPD).values_list("opd_id", flat=True)
        )
        opds = list(
            OrgUnit.objects.filter(kind__in=OPD_KINDS, is_active=True)
            .exclude(pk__in=existing)
            .values_list("pk", "name")
        )
        Category.objects.bulk_create(
            [
                Category(
                    name=name,
                    slug=f"opd-{pk}-{slugify(name)[:60]}",
                    kind=CategoryKind.OPD,
                    opd_id=pk,
                    order=n,
                )
                for n, (pk, name) in enumerate(sorted(opds, key=lambda r: r[1]), start=1)
            ]
        )
        result.categories = len(opds)
        topics = {c.slug: c for c in Category.objects.filter(kind=CategoryKind.TOPIC)}
        posts: list[Post] = []
        accepted: list[tuple[Thread, int]] = []
        for i, (slug, title, body, replies) in enumerate(THREADS):
            if slug not in topics:
                continue
            asker = people[i % len(people)]
            started_at = now - dt.timedelta(days=len(THREADS) - i, hours=rng.randint(1, 8))
            thread = Thread.objects.create(
                category=topics[slug],
                title=title,
                author=asker,
                last_post_at=started_at + dt.timedelta(hours=len(replies)),
                reply_count=len(replies),
            )
            posts.append(_post(thread, asker, body, started_at, first=True, title=title))
            for k, text in enumerate(replies, start=1):
                author = people[(i + k) % len(people)]
                if author.pk == asker.pk:
                    author = people[(i + k + 1) % len(people)]
                posts.append(_post(thread, author, text, started_at + dt.timedelta(hours=k)))
            if len(replies) > 1:
                accepted.append((thread, len(posts) - len(replies)))
            result.threads += 1
        times = [p.created_at for p in posts]  # bulk_create's auto_now_add overwrites them
        Post.objects.bulk_create(posts)
        saved = list(Post.objects.order_by("pk"))
        for thread, index in accepted:
            Thread.objects.filter(pk=thread.pk).update(accepted_post=saved[index])
        for p, at in zip(saved, times, strict=True):
            Post.objects.filter(pk=p.pk).update(created_at=at)
            p.created_at = at
        Reaction.objects.bulk_create(
            [
                Reaction(post=p, user=u, kind=rng.choice(["suka", "terima_kasih", "membantu"]))
                for p in saved
                for u in rng.sample(people, k=min(3, len(people)))
                if u.pk != p.author_id
            ],
            ignore_conflicts=True,
        )
        result.posts = len(saved)
        curator = next((u for u in people if u.role == "bkpp"), people[0])
        for n, (slug, title, problem, practice, res, evidence, tags) in enumerate(PRACTICES):
            author = people[(n + 2) % len(people)]
            emp = getattr(author, "employee", None)
            opd_id = (emp.org_unit.opd_id if emp else None) or (
                opds[n % len(opds)][0] if opds else None
            )
            if opd_id is None or slug not in topics:
                continue
            status = PracticeStatus.CURATED if n < 4 else PracticeStatus.SUBMITTED
            pr = Practice(
                title=title,
                topic=topics[slug],
                opd_id=opd_id,
                problem=problem,
                practice=practice,
                result=res,
                evidence=evidence,
                contact_name=author.display_name,
                contact_info=author.email or "bkpp@semarangkota.go.id",
                submitted_by=author,
                status=status,
                reviewed_by=curator if status == PracticeStatus.CURATED else None,
                curated_at=now if status == PracticeStatus.CURATED else None,
                is_public=n < 2,
                published_at=now if n < 2 else None,
            )
            pr.search_text = rules.index_text(title, problem, practice, res, evidence)
            pr.save()
            if status == PracticeStatus.CURATED:
                pr.tags.set(
                    [
                        Tag.objects.get_or_create(slug=slugify(t), defaults={"name": t})[0]
                        for t in tags
                    ]
                )
            result.practices += 1
    result.seconds = time.perf_counter() - started
    return result


def _post(
    thread: Thread, author: Any, body: str, at: dt.datetime, *, first: bool = False, title: str = ""
) -> Post:
    return Post(
        thread=thread,
        author=author,
        body=body,
        body_html=rules.render_markdown(body),
        search_text=rules.index_text(title, rules.plain_text(body)),
        is_first=first,
        created_at=at,
    )
