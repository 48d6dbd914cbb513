"""Roles and what each may do: the one place that decides access (deny by default).

A role grants a set of :class:`Perm` capabilities. Views declare the capability they need with
:func:`penata.core.access.require`; querysets narrow rows with the ``*_visible_to(user)``
selectors. A capability that no role lists is granted to nobody.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    BKPP = "bkpp", _("Petugas BKPP")
    OPD_OPERATOR = "opd_operator", _("Operator OPD")
    SUPERVISOR = "supervisor", _("Atasan langsung")
    EMPLOYEE = "employee", _("Pegawai (ASN)")
    TALENT_COMMITTEE = "talent_committee", _("Tim penilai kinerja (Baperjakat)")
    POLICY_TEAM = "policy_team", _("Tim kebijakan")
    RESEARCHER = "researcher", _("Peneliti")
    PARTNER = "partner", _("Mitra")


class Perm(models.TextChoices):
    """Capabilities. Named ``<area>.<verb>``; the interface label is for the role page."""

    DASHBOARD_VIEW = "dashboard.view", _("Melihat dasbor")
    PROFILE_MANAGE = "profile.manage", _("Mengelola profil dan token API sendiri")
    TASK_VIEW_OWN = "task.view_own", _("Melihat kemajuan tugas latar sendiri")
    AUDIT_VIEW = "audit.view", _("Melihat log audit")
    AUDIT_EXPORT = "audit.export", _("Mengekspor log audit")
    ADMIN_SITE = "admin.site", _("Membuka admin Django")
    USER_MANAGE = "user.manage", _("Mengelola akun pengguna")
    # registry (workforce)
    EMPLOYEE_VIEW_ALL = "employee.view_all", _("Melihat semua pegawai")
    EMPLOYEE_VIEW_UNIT = "employee.view_unit", _("Melihat pegawai unit sendiri dan di bawahnya")
    EMPLOYEE_VIEW_TEAM = "employee.view_team", _("Melihat bawahan")
    EMPLOYEE_VIEW_SELF = "employee.view_self", _("Melihat data diri sendiri")
    EMPLOYEE_EDIT = "employee.edit", _("Mengubah data pegawai (dalam cakupan)")
    EMPLOYEE_EXPORT = "employee.export", _("Mengekspor daftar pegawai (dalam cakupan)")
    PERSONAL_DATA_REVEAL = "personal_data.reveal", _("Membuka NIK, e-mail, telepon (tercatat)")
    ROSTER_IMPORT = "roster.import", _("Mengimpor roster pegawai")
    WORKFORCE_STATS = "workforce.stats", _("Melihat statistik kepegawaian")
    ORG_VIEW = "org.view", _("Melihat unit kerja, jabatan dan golongan")
    # performance (SKP)
    APPRAISAL_OWN = "appraisal.own", _("Menyusun SKP sendiri dan melihat riwayat predikat")
    APPRAISAL_RATE = "appraisal.rate", _("Menilai SKP pegawai yang dinilainya")
    APPRAISAL_VIEW_ALL = "appraisal.view_all", _("Melihat semua SKP")
    PERFORMANCE_MANAGE = (
        "performance.manage",
        _("Membuka/menutup periode penilaian, menetapkan predikat unit, memfinalkan dan mengimpor"),
    )
    PERFORMANCE_STATS = "performance.stats", _("Melihat sebaran predikat per OPD terhadap kurva")
    # competency development (learning)
    LEARNING_OWN = (
        "learning.own",
        _("Melihat kompetensi, kesenjangan dan JP sendiri; mendaftar pelatihan; unggah sertifikat"),
    )
    COMPETENCY_MANAGE = "competency.manage", _("Mengelola kamus dan standar kompetensi")
    ASSESSMENT_ENTER = (
        "assessment.enter",
        _("Mencatat hasil asesmen kompetensi (dalam cakupan; atasan: penilaian atasan bawahannya)"),
    )
    ASSESSMENT_IMPORT = "assessment.import", _("Mengimpor hasil asesmen kompetensi")
    LEARNING_STATS = (
        "learning.stats",
        _("Melihat peta kesenjangan per OPD dan capaian 20 JP per OPD"),
    )
    TRAINING_NEEDS = (
        "learning.needs",
        _("Melihat kesenjangan per pegawai, analisis kebutuhan diklat, pegawai berisiko < 20 JP"),
    )
    TRAINING_NOMINATE = "training.nominate", _("Mengusulkan pegawai (dalam cakupan) ke pelatihan")
    TRAINING_MANAGE = (
        "training.manage",
        _("Mengelola program, angkatan, persetujuan, kehadiran, kelulusan, alokasi kursi"),
    )
    # forum and best-practice library
    FORUM_USE = (
        "forum.use",
        _("Membaca dan menulis di forum ASN; mengajukan praktik baik; melaporkan kiriman"),
    )
    FORUM_MODERATE = (
        "forum.moderate",
        _("Memoderasi forum: menyembunyikan, mengunci, memindahkan, menindaklanjuti laporan"),
    )
    PRACTICE_CURATE = (
        "practice.curate",
        _("Mengkurasi praktik baik, memberi tag, dan menerbitkannya ke portal publik"),
    )
    # change management (engagement)
    ENGAGEMENT_PARTICIPATE = (
        "engagement.participate",
        _("Membaca pengumuman perubahan, check-in acara, mengisi survei kesiapan"),
    )
    ENGAGEMENT_MANAGE = (
        "engagement.manage",
        _("Mengelola kampanye, materi, acara, undangan, survei kesiapan dan agen perubahan"),
    )
    ENGAGEMENT_STATS = (
        "engagement.stats",
        _("Melihat indeks kesiapan, kehadiran, titik rawan dan tindak lanjut (dalam cakupan)"),
    )
    # funding (training budget, partners, sponsorships)
    FUNDING_MANAGE = (
        "funding.manage",
        _("Mengelola pos anggaran pelatihan, mitra, perjanjian kerja sama dan sponsor"),
    )
    FUNDING_REPORTS = (
        "funding.reports",
        _("Melihat serapan anggaran pelatihan, kesenjangan pendanaan, laporan untuk BPKAD"),
    )
    FUNDING_PARTNER_VIEW = (
        "funding.partner_view",
        _("Melihat perjanjian dan sponsor (mitra: hanya organisasinya sendiri)"),
    )
    # workforce planning (ABK, formation, redistribution)
    PLANNING_VIEW = (
        "planning.view",
        _("Melihat analisis beban kerja dan kebutuhan pegawai (operator: OPD sendiri)"),
    )
    PLANNING_MANAGE = (
        "planning.manage",
        _("Mengelola analisis jabatan, menghitung ABK, menyusun dan menyetujui redistribusi"),
    )
    # talent management (merit system)
    TALENT_OWN = "talent.own", _("Melihat kotak talenta dan riwayatnya sendiri")
    TALENT_MAP = "talent.map", _("Melihat peta talenta 9 kotak (dalam cakupan)")
    TALENT_VIEW_UNIT = "talent.view_unit", _("Melihat kotak talenta pegawai unitnya")
    TALENT_VIEW_ALL = "talent.view_all", _("Melihat kotak talenta semua pegawai")
    TALENT_MANAGE = (
        "talent.manage",
        _("Mengimpor nilai potensial, mengatur bobot dan menghitung peta talenta"),
    )
    TALENT_DECIDE = (
        "talent.decide",
        _("Memutuskan pengisian lowongan jabatan (tim penilai kinerja/Baperjakat)"),
    )
    # policy workspace (tim khusus) and public consultation
    POLICY_VIEW = (
        "policy.view",
        _("Membuka ruang kerja kebijakan: dokumen, rencana aksi, indikator, konsultasi"),
    )
    POLICY_MANAGE = (
        "policy.manage",
        _("Menyusun dokumen, rencana aksi, indikator; memoderasi dan menanggapi komentar"),
    )
    # public portal: complaints (aduan) and the satisfaction survey (IKM) behind the portal
    PORTAL_HANDLE = (
        "portal.handle",
        _("Menanggapi aduan masyarakat dan membaca saran IKM unit sendiri dan di bawahnya"),
    )
    PORTAL_ALL = "portal.all", _("Melihat dan menanggapi aduan serta saran IKM semua unit")
    # research partnerships
    RESEARCH_VIEW = (
        "research.view",
        _("Melihat permintaan data, rilis dan kamus data (peneliti: lembaganya sendiri)"),
    )
    RESEARCH_REQUEST = (
        "research.request",
        _("Mengajukan permintaan data, mengunduh rilis yang disetujui, mengunggah luaran riset"),
    )
    RESEARCH_REVIEW = (
        "research.review",
        _("Mengelola lembaga mitra riset, memutus permintaan data, membuat rilis, menerbitkan"),
    )
    RESEARCH_DASHBOARD = (
        "research.dashboard",
        _("Melihat dasbor efektivitas kebijakan, analisis dampak pelatihan dan luaran riset"),
    )
    # open selection (seleksi terbuka JPT pratama)
    SELECTION_APPLY = (
        "selection.apply",
        _("Melamar seleksi terbuka dari akun sendiri dan melihat lamaran sendiri"),
    )
    SELECTION_PANEL = (
        "selection.panel",
        _("Menilai pelamar seleksi terbuka sebagai anggota panitia (hanya seleksi yang ditunjuk)"),
    )


_EVERY_ACCOUNT = {Perm.DASHBOARD_VIEW, Perm.PROFILE_MANAGE, Perm.TASK_VIEW_OWN}
# Every civil servant with an account sees their own record and the organisation's structure.
_ASN = _EVERY_ACCOUNT | {
    Perm.EMPLOYEE_VIEW_SELF,
    Perm.ORG_VIEW,
    Perm.APPRAISAL_OWN,
    Perm.LEARNING_OWN,
    Perm.FORUM_USE,
    Perm.TALENT_OWN,
}
# change management: every ASN reads announcements, checks in and answers surveys.
_ASN = _ASN | {Perm.ENGAGEMENT_PARTICIPATE}
_HR_OFFICE = {
    Perm.EMPLOYEE_VIEW_ALL,
    Perm.EMPLOYEE_EDIT,
    Perm.EMPLOYEE_EXPORT,
    Perm.PERSONAL_DATA_REVEAL,
    Perm.ROSTER_IMPORT,
    Perm.WORKFORCE_STATS,
    Perm.APPRAISAL_RATE,
    Perm.APPRAISAL_VIEW_ALL,
    Perm.PERFORMANCE_MANAGE,
    Perm.PERFORMANCE_STATS,
    Perm.COMPETENCY_MANAGE,
    Perm.ASSESSMENT_ENTER,
    Perm.ASSESSMENT_IMPORT,
    Perm.LEARNING_STATS,
    Perm.TRAINING_NEEDS,
    Perm.TRAINING_NOMINATE,
    Perm.TRAINING_MANAGE,
    Perm.FORUM_MODERATE,
    Perm.PRACTICE_CURATE,
    Perm.PLANNING_VIEW,
    Perm.PLANNING_MANAGE,
    Perm.TALENT_MAP,
    Perm.TALENT_VIEW_ALL,
    Perm.TALENT_MANAGE,
}
# change management: BKPP and administrators run it; the policy team too (see ROLE_PERMS).
_HR_OFFICE = _HR_OFFICE | {Perm.ENGAGEMENT_MANAGE, Perm.ENGAGEMENT_STATS}
# Funding: BKPP manages; the policy team reads the reports; a partner sees its own records.
_FUNDING_OFFICE = {Perm.FUNDING_MANAGE, Perm.FUNDING_REPORTS, Perm.FUNDING_PARTNER_VIEW}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        _ASN
        | _HR_OFFICE
        | {Perm.AUDIT_VIEW, Perm.AUDIT_EXPORT, Perm.ADMIN_SITE, Perm.USER_MANAGE}
        | _FUNDING_OFFICE
    ),
    Role.BKPP: frozenset(_ASN | _HR_OFFICE | _FUNDING_OFFICE),
    Role.OPD_OPERATOR: frozenset(
        _ASN
        | {
            Perm.EMPLOYEE_VIEW_UNIT,
            Perm.EMPLOYEE_EDIT,
            Perm.EMPLOYEE_EXPORT,
            Perm.PERSONAL_DATA_REVEAL,
            Perm.WORKFORCE_STATS,
            Perm.PERFORMANCE_STATS,
            Perm.ASSESSMENT_ENTER,
            Perm.LEARNING_STATS,
            Perm.TRAINING_NEEDS,
            Perm.TRAINING_NOMINATE,
            Perm.PLANNING_VIEW,
            Perm.TALENT_MAP,
            Perm.TALENT_VIEW_UNIT,
        }
    ),
    Role.SUPERVISOR: frozenset(
        _ASN | {Perm.EMPLOYEE_VIEW_TEAM, Perm.APPRAISAL_RATE, Perm.ASSESSMENT_ENTER}
    ),
    Role.EMPLOYEE: frozenset(_ASN),
    Role.TALENT_COMMITTEE: frozenset(
        _ASN
        | {
            Perm.EMPLOYEE_VIEW_ALL,
            Perm.WORKFORCE_STATS,
            Perm.PERFORMANCE_STATS,
            Perm.LEARNING_STATS,
            Perm.TRAINING_NEEDS,
            Perm.PLANNING_VIEW,
            Perm.TALENT_MAP,
            Perm.TALENT_VIEW_ALL,
            Perm.TALENT_DECIDE,
        }
    ),
    Role.POLICY_TEAM: frozenset(
        _ASN
        | {Perm.WORKFORCE_STATS, Perm.PERFORMANCE_STATS, Perm.LEARNING_STATS, Perm.PLANNING_VIEW}
        | {Perm.FUNDING_REPORTS}
    ),
    # Researchers see only released, pseudonymised data; partners only their own organisation's.
    Role.RESEARCHER: frozenset(_EVERY_ACCOUNT),
    Role.PARTNER: frozenset(_EVERY_ACCOUNT | {Perm.FUNDING_PARTNER_VIEW}),
}
# change management: the policy team manages campaigns, events and surveys; OPD operators see
# their units' readiness, attendance and follow-ups.
ROLE_PERMS[Role.POLICY_TEAM] |= {Perm.ENGAGEMENT_MANAGE, Perm.ENGAGEMENT_STATS}
ROLE_PERMS[Role.OPD_OPERATOR] |= {Perm.ENGAGEMENT_STATS}
# policy workspace: the policy team and administrators manage; BKPP reads.
ROLE_PERMS[Role.POLICY_TEAM] |= {Perm.POLICY_VIEW, Perm.POLICY_MANAGE}
ROLE_PERMS[Role.ADMINISTRATOR] |= {Perm.POLICY_VIEW, Perm.POLICY_MANAGE}
ROLE_PERMS[Role.BKPP] |= {Perm.POLICY_VIEW}
# public portal: OPD operators answer their own units' complaints; BKPP and administrators all.
ROLE_PERMS[Role.OPD_OPERATOR] |= {Perm.PORTAL_HANDLE}
ROLE_PERMS[Role.BKPP] |= {Perm.PORTAL_HANDLE, Perm.PORTAL_ALL}
ROLE_PERMS[Role.ADMINISTRATOR] |= {Perm.PORTAL_HANDLE, Perm.PORTAL_ALL}
# research partnerships: researchers request and download released data; BKPP reviews and
# releases; the policy team reads the effectiveness dashboard and the outputs.
_RESEARCH_OFFICE = {
    Perm.RESEARCH_VIEW,
    Perm.RESEARCH_REVIEW,
    Perm.RESEARCH_DASHBOARD,
}
ROLE_PERMS[Role.ADMINISTRATOR] |= _RESEARCH_OFFICE
ROLE_PERMS[Role.BKPP] |= _RESEARCH_OFFICE
ROLE_PERMS[Role.POLICY_TEAM] |= {Perm.RESEARCH_DASHBOARD}
ROLE_PERMS[Role.RESEARCHER] |= {Perm.RESEARCH_VIEW, Perm.RESEARCH_REQUEST, Perm.RESEARCH_DASHBOARD}
# open selection: every ASN may apply; any account may sit on a selection panel (membership is
# per selection, checked on every page); BKPP manages with TALENT_MANAGE, Baperjakat views.
for _role in ROLE_PERMS:
    ROLE_PERMS[_role] |= {Perm.SELECTION_PANEL}
    if Perm.TALENT_OWN in ROLE_PERMS[_role]:
        ROLE_PERMS[_role] |= {Perm.SELECTION_APPLY}
