"""The navigation: each entry shows only to users holding its capability."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from penata.core.access import has_perm
from penata.core.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: Perm
    icon: str
    description: str | Promise = ""

    @property
    def group(self) -> str | Promise:
        """The menu the entry sits in: one per domain app; the shell's own entries stand alone."""
        return GROUPS.get(self.url_name.split(":", 1)[0], "")


GROUPS: dict[str, str | Promise] = {
    "workforce": _("Kepegawaian"),
    "performance": _("Kinerja"),
    "learning": _("Kompetensi"),
    "forum": _("Forum"),
    "engagement": _("Perubahan"),
    "funding": _("Pendanaan"),
    "planning": _("Perencanaan"),
    "talent": _("Talenta"),
    "policy": _("Kebijakan"),
    "portal": _("Portal publik"),
    "research": _("Riset"),
}

NAV: list[NavItem] = [
    NavItem(_("Dasbor"), "core:dashboard", Perm.DASHBOARD_VIEW, "speedometer2"),
    NavItem(
        _("Pegawai"),
        "workforce:employee_list",
        Perm.EMPLOYEE_VIEW_SELF,
        "person-vcard",
        _("Daftar ASN: cari, saring, ekspor; riwayat golongan dan jabatan."),
    ),
    NavItem(
        _("Statistik"),
        "workforce:dashboard",
        Perm.WORKFORCE_STATS,
        "bar-chart",
        _("Jumlah pegawai per OPD, golongan, piramida usia, pensiun lima tahun ke depan."),
    ),
    NavItem(
        _("Unit kerja"),
        "workforce:org_unit_list",
        Perm.ORG_VIEW,
        "diagram-3",
        _("Struktur organisasi, jabatan dan formasi."),
    ),
    NavItem(
        _("Impor roster"),
        "workforce:roster_upload",
        Perm.ROSTER_IMPORT,
        "upload",
        _("Unggah CSV/XLSX dari SIASN atau OPD, periksa galatnya, lalu konfirmasi."),
    ),
    NavItem(
        _("SKP saya"),
        "performance:my_skp",
        Perm.APPRAISAL_OWN,
        "clipboard-check",
        _("Rencana hasil kerja, realisasi, pengajuan dan keberatan SKP."),
    ),
    NavItem(
        _("Penilaian tim"),
        "performance:team",
        Perm.APPRAISAL_RATE,
        "people",
        _("Nilai SKP pegawai yang Anda nilai, dengan kurva distribusi unit."),
    ),
    NavItem(
        _("Sebaran predikat"),
        "performance:distribution",
        Perm.PERFORMANCE_STATS,
        "bar-chart-steps",
        _("Predikat pegawai per OPD dibandingkan dengan kurva distribusi."),
    ),
    NavItem(
        _("Periode penilaian"),
        "performance:periods",
        Perm.PERFORMANCE_MANAGE,
        "calendar-range",
        _("Buka dan tutup periode penilaian kinerja."),
    ),
    NavItem(
        _("Impor e-Kinerja"),
        "performance:ekinerja_upload",
        Perm.PERFORMANCE_MANAGE,
        "cloud-upload",
        _("Unggah ekspor penilaian e-Kinerja, periksa galatnya, lalu konfirmasi."),
    ),
    # --- learning: ledger (D) ---
    NavItem(
        _("JP saya"),
        "learning:ledger_own",
        Perm.LEARNING_OWN,
        "hourglass-split",
        _("Capaian 20 JP tahun ini, riwayat, dan pelatihan yang masih bisa diikuti."),
    ),
    NavItem(
        _("Capaian 20 JP per OPD"),
        "learning:ledger_opd",
        Perm.LEARNING_STATS,
        "bar-chart-line",
        _("Persentase ASN mencapai 20 JP, rata-rata JP, klasikal dan nonklasikal per OPD."),
    ),
    NavItem(
        _("Berisiko < 20 JP"),
        "learning:ledger_at_risk",
        Perm.TRAINING_NEEDS,
        "exclamation-triangle",
        _("Pegawai yang JP-nya masih kurang, dengan pelatihan yang masih bisa diikuti."),
    ),
    # --- learning: competency & gaps (B) ---
    NavItem(
        _("Kamus kompetensi"),
        "learning:competency_list",
        Perm.LEARNING_OWN,
        "book",
        _("Kompetensi manajerial, sosial kultural dan teknis dengan uraian level 1–5."),
    ),
    NavItem(
        _("Standar jabatan"),
        "learning:standard_list",
        Perm.COMPETENCY_MANAGE,
        "list-check",
        _("Level kompetensi yang dipersyaratkan tiap jabatan; tetapkan massal per rumpun."),
    ),
    NavItem(
        _("Hasil asesmen"),
        "learning:assessment_list",
        Perm.ASSESSMENT_ENTER,
        "clipboard-data",
        _("Catat, impor dan batalkan hasil asesmen kompetensi."),
    ),
    NavItem(
        _("Peta kesenjangan"),
        "learning:gaps_heatmap",
        Perm.LEARNING_STATS,
        "grid-3x3",
        _("Kesenjangan kompetensi per OPD dan peringkat kompetensi se-kota."),
    ),
    NavItem(
        _("Analisis kebutuhan diklat"),
        "learning:gaps_tna",
        Perm.TRAINING_NEEDS,
        "clipboard2-pulse",
        _("Jumlah pegawai berkesenjangan, program yang sesuai dan perkiraan biaya; XLSX/PDF."),
    ),
    # --- learning: training (C) ---
    NavItem(
        _("Pelatihan"),
        "learning:catalogue",
        Perm.LEARNING_OWN,
        "calendar-event",
        _("Angkatan pelatihan yang membuka pendaftaran: sisa kursi, JP, jalur, tanggal."),
    ),
    NavItem(
        _("Pelatihan saya"),
        "learning:my_enrolments",
        Perm.LEARNING_OWN,
        "mortarboard",
        _("Status pendaftaran, sertifikat dan evaluasi pelatihan Anda."),
    ),
    NavItem(
        _("Sertifikat eksternal"),
        "learning:external_own",
        Perm.LEARNING_OWN,
        "file-earmark-arrow-up",
        _("Unggah sertifikat kegiatan di luar Penata untuk diverifikasi BKPP."),
    ),
    NavItem(
        _("Program pelatihan"),
        "learning:program_list",
        Perm.TRAINING_MANAGE,
        "journal-bookmark",
        _("Program, angkatan, persetujuan peserta, kehadiran dan kelulusan."),
    ),
    NavItem(
        _("Verifikasi sertifikat"),
        "learning:external_queue",
        Perm.TRAINING_MANAGE,
        "patch-check",
        _("Antrean sertifikat eksternal yang menunggu verifikasi BKPP."),
    ),
    # --- learning: seat allocation (A) ---
    NavItem(
        _("Alokasi kursi"),
        "learning:allocation_list",
        Perm.TRAINING_MANAGE,
        "diagram-3",
        _("Pilih peserta angkatan dalam batas anggaran: optimal, dengan alasan tiap pilihan."),
    ),
    # --- engagement (change management) ---
    NavItem(
        _("Kabar perubahan"),
        "engagement:home",
        Perm.ENGAGEMENT_PARTICIPATE,
        "megaphone",
        _("Pengumuman, materi, acara dan survei kesiapan untuk Anda."),
    ),
    NavItem(
        _("Check-in acara"),
        "engagement:checkin",
        Perm.ENGAGEMENT_PARTICIPATE,
        "qr-code-scan",
        _("Catat kehadiran dengan kode atau QR di layar acara."),
    ),
    NavItem(
        _("Kampanye"),
        "engagement:campaign_list",
        Perm.ENGAGEMENT_MANAGE,
        "broadcast",
        _("Topik, pesan, sasaran, materi dan pengumuman sosialisasi."),
    ),
    NavItem(
        _("Acara perubahan"),
        "engagement:event_list",
        Perm.ENGAGEMENT_MANAGE,
        "people-fill",
        _("Sosialisasi, lokakarya dan town hall: jadwal, undangan, layar check-in."),
    ),
    NavItem(
        _("Survei kesiapan"),
        "engagement:survey_list",
        Perm.ENGAGEMENT_MANAGE,
        "ui-radios",
        _("Butir ADKAR, gelombang survei dan sasarannya."),
    ),
    NavItem(
        _("Indeks kesiapan"),
        "engagement:readiness",
        Perm.ENGAGEMENT_STATS,
        "graph-up",
        _("Kesiapan per OPD dan dimensi ADKAR dari gelombang ke gelombang."),
    ),
    NavItem(
        _("Kehadiran acara"),
        "engagement:attendance",
        Perm.ENGAGEMENT_STATS,
        "person-check",
        _("Persentase undangan yang hadir per OPD dan unit."),
    ),
    NavItem(
        _("Titik rawan"),
        "engagement:hotspots",
        Perm.ENGAGEMENT_STATS,
        "fire",
        _("OPD dengan kesiapan dan kehadiran rendah, saran dan tindak lanjut."),
    ),
    NavItem(
        _("Agen perubahan"),
        "engagement:champions",
        Perm.ENGAGEMENT_STATS,
        "star",
        _("Agen perubahan per OPD dan OPD yang belum memilikinya."),
    ),
    # --- funding ---
    NavItem(
        _("Anggaran pelatihan"),
        "funding:budget_list",
        Perm.FUNDING_REPORTS,
        "cash-coin",
        _("Pagu, komitmen dan realisasi per pos anggaran; laporan untuk BPKAD."),
    ),
    NavItem(
        _("Kesenjangan dana"),
        "funding:gap",
        Perm.FUNDING_REPORTS,
        "bar-chart",
        _("Biaya kebutuhan diklat terhadap anggaran dan sponsor per rumpun dan OPD."),
    ),
    NavItem(
        _("Mitra"),
        "funding:partner_list",
        Perm.FUNDING_MANAGE,
        "building",
        _("Mitra swasta, BUMN/BUMD, perguruan tinggi, donor, asosiasi; narahubung."),
    ),
    NavItem(
        _("Sponsor dan perjanjian"),
        "funding:sponsorship_list",
        Perm.FUNDING_PARTNER_VIEW,
        "people",
        _("MoU/PKS dan sponsor pelatihan: dijanjikan dan terealisasi."),
    ),
    # --- planning (ABK, formation, redistribution) ---
    NavItem(
        _("Analisis beban kerja"),
        "planning:dashboard",
        Perm.PLANNING_VIEW,
        "clipboard-data",
        _("Kebutuhan vs bezetting vs formasi per OPD, kategori EJ, proyeksi pensiun."),
    ),
    NavItem(
        _("Redistribusi"),
        "planning:proposal_list",
        Perm.PLANNING_MANAGE,
        "arrow-left-right",
        _("Usulan pemindahan dari jabatan berlebih ke jabatan kurang, dengan alasan."),
    ),
    # --- talent ---
    NavItem(
        _("Peta talenta"),
        "talent:map",
        Perm.TALENT_MAP,
        "grid-3x3",
        _("9 kotak talenta per periode: kinerja × potensial, kelompok rencana suksesi."),
    ),
    NavItem(
        _("Kotak talenta saya"),
        "talent:my_box",
        Perm.TALENT_OWN,
        "person-badge",
        _("Kotak talenta dan nilai potensial Anda per periode."),
    ),
    NavItem(
        _("Peringkat promosi"),
        "talent:vacancy_list",
        Perm.TALENT_VIEW_ALL,
        "sort-numeric-down",
        _("Lowongan jabatan: syarat, nilai merit, keputusan tim penilai, laporan."),
    ),
    NavItem(
        _("Seleksi terbuka JPT"),
        "talent:selection_list",
        Perm.TALENT_VIEW_ALL,
        "megaphone",
        _("Pengumuman, pelamar, seleksi administrasi, nilai panitia, tiga terbaik ke PPK."),
    ),
    NavItem(
        _("Seleksi terbuka"),
        "talent:selection_open",
        Perm.SELECTION_APPLY,
        "send",
        _("Seleksi JPT yang sedang dibuka, lamaran Anda, dan penilaian bila Anda anggota panitia."),
    ),
    NavItem(
        _("Kenaikan pangkat reguler"),
        "talent:regular_promotion",
        Perm.TALENT_VIEW_ALL,
        "arrow-up-circle",
        _("Enam periode setahun: siapa memenuhi syarat, siapa tertahan dan mengapa."),
    ),
    NavItem(
        _("Suksesi"),
        "talent:succession",
        Perm.TALENT_VIEW_ALL,
        "diagram-2",
        _("Jabatan kunci: suksesor siap sekarang, 1–2 tahun, 3+ tahun; cakupan."),
    ),
    NavItem(
        _("Nilai potensial"),
        "talent:potential_list",
        Perm.TALENT_MAP,
        "graph-up-arrow",
        _("Nilai asesmen kompetensi, tes potensi dan rekam jejak; impor dan bobot."),
    ),
    NavItem(
        _("Log audit"),
        "core:audit_list",
        Perm.AUDIT_VIEW,
        "journal-text",
        _("Siapa mengubah apa, kapan, sebelum dan sesudahnya."),
    ),
    NavItem(
        _("Keamanan akun"),
        "security:accounts",
        Perm.USER_MANAGE,
        "shield-lock",
        _("Nama pengguna yang dikunci dan status verifikasi dua langkah; buka kunci, reset."),
    ),
    # --- forum and best-practice library ---
    NavItem(
        _("Forum ASN"),
        "forum:index",
        Perm.FORUM_USE,
        "chat-square-text",
        _("Diskusi per topik dan per OPD: tanya, jawab, bagikan pengalaman."),
    ),
    NavItem(
        _("Cari forum"),
        "forum:search",
        Perm.FORUM_USE,
        "search",
        _("Cari utas dan praktik baik; kata berimbuhan ikut ditemukan."),
    ),
    NavItem(
        _("Praktik baik"),
        "forum:practice_list",
        Perm.FORUM_USE,
        "award",
        _("Pustaka praktik baik per topik dan OPD; ajukan praktik baik Anda."),
    ),
    NavItem(
        _("Kurasi praktik baik"),
        "forum:practice_queue",
        Perm.PRACTICE_CURATE,
        "patch-check",
        _("Tinjau, beri tag, kurasi dan terbitkan praktik baik."),
    ),
    NavItem(
        _("Moderasi forum"),
        "forum:reports",
        Perm.FORUM_MODERATE,
        "shield-check",
        _("Laporan kiriman dan tindakan moderator."),
    ),
    # --- policy workspace (tim khusus) ---
    NavItem(
        _("Ruang kerja kebijakan"),
        "policy:home",
        Perm.POLICY_VIEW,
        "journal-text",
        _("Dokumen kebijakan, versi dan perbedaannya, status, konsultasi publik."),
    ),
    NavItem(
        _("Rencana aksi"),
        "policy:activity_list",
        Perm.POLICY_VIEW,
        "list-check",
        _("Kegiatan, penanggung jawab, tenggat, bukti; yang terlambat ditandai."),
    ),
    NavItem(
        _("Indikator kebijakan"),
        "policy:indicator_list",
        Perm.POLICY_VIEW,
        "graph-up",
        _("Target tahunan dan realisasi, dihitung dari data Penata bila ada."),
    ),
    # --- public portal (officers) ---
    NavItem(
        _("Aduan masyarakat"),
        "portal:manage_complaints",
        Perm.PORTAL_HANDLE,
        "megaphone",
        _("Aduan dari portal publik untuk unit Anda: tanggapi, pantau batas waktu."),
    ),
    NavItem(
        _("Hasil dan saran IKM"),
        "portal:manage_ikm",
        Perm.PORTAL_HANDLE,
        "emoji-smile",
        _("Indeks kepuasan masyarakat per unit layanan dan saran yang masuk."),
    ),
    NavItem(
        _("Portal publik"),
        "portal:home",
        Perm.PORTAL_HANDLE,
        "globe",
        _("Halaman untuk masyarakat: indikator, IKM, praktik baik, aduan."),
    ),
    # --- research partnerships ---
    NavItem(
        _("Permintaan data riset"),
        "research:request_list",
        Perm.RESEARCH_VIEW,
        "database-lock",
        _("Permintaan data peneliti, keputusan BKPP, rilis berpseudonim dan log unduhan."),
    ),
    NavItem(
        _("Efektivitas kebijakan"),
        "research:dashboard",
        Perm.RESEARCH_DASHBOARD,
        "graph-up",
        _("Indikator dari waktu ke waktu: 20 JP, predikat, talenta, merit, kesiapan."),
    ),
    NavItem(
        _("Dampak pelatihan"),
        "research:impact",
        Perm.RESEARCH_DASHBOARD,
        "bullseye",
        _("Perubahan kinerja peserta dibanding pegawai serupa (difference-in-differences)."),
    ),
    NavItem(
        _("Luaran riset"),
        "research:output_list",
        Perm.RESEARCH_DASHBOARD,
        "journal-text",
        _("Laporan, ringkasan dan rekomendasi peneliti, tertaut ke butir kebijakan."),
    ),
    NavItem(
        _("Lembaga mitra riset"),
        "research:institution_list",
        Perm.RESEARCH_REVIEW,
        "bank",
        _("Universitas mitra dan akun penelitinya."),
    ),
]


def nav_groups_for(user: Any) -> list[dict[str, Any]]:
    """The visible entries as menus in order: a group with one entry becomes a plain link."""
    groups: list[dict[str, Any]] = []
    by_label: dict[str, dict[str, Any]] = {}
    for item in nav_for(user):
        key = str(item["group"]) or item["url_name"]
        if key not in by_label:
            by_label[key] = {"label": item["group"] or item["label"], "items": []}
            groups.append(by_label[key])
        by_label[key]["items"].append(item)
    return groups


def nav_for(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "icon": item.icon,
            "description": item.description,
            "url_name": item.url_name,
            "group": item.group,
        }
        for item in NAV
        if has_perm(user, item.perm)
    ]
