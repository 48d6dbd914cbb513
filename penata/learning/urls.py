"""URLs of competency development (``learning:`` namespace), under ``/kompetensi/``.

Each part keeps its own block; add new routes to your block only.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

app_name = "learning"

urlpatterns: list[URLPattern | URLResolver] = []

# --- D: ledger ---
from penata.learning import views_ledger  # noqa: E402

urlpatterns += [
    path("jp/", views_ledger.ledger_own, name="ledger_own"),
    path("jp/pegawai/<int:pk>/", views_ledger.ledger_employee, name="ledger_employee"),
    path("jp/daftar/<int:session_id>/", views_ledger.ledger_register, name="ledger_register"),
    path("jp/opd/", views_ledger.ledger_opd, name="ledger_opd"),
    path("jp/berisiko/", views_ledger.ledger_at_risk, name="ledger_at_risk"),
    path("jp/berisiko/ekspor/", views_ledger.ledger_at_risk_export, name="ledger_at_risk_export"),
]

# --- B: competency & gaps ---
from penata.learning import views_competency, views_gaps  # noqa: E402

urlpatterns += [
    path("kamus/", views_competency.competency_list, name="competency_list"),
    path("kamus/baru/", views_competency.competency_create, name="competency_create"),
    path("kamus/<int:pk>/", views_competency.competency_detail, name="competency_detail"),
    path("kamus/<int:pk>/ubah/", views_competency.competency_edit, name="competency_edit"),
    path("standar/", views_competency.standard_list, name="standard_list"),
    path("standar/jabatan/<int:pk>/", views_competency.standard_edit, name="standard_edit"),
    path("standar/rumpun/", views_competency.standard_family, name="standard_family"),
    path("asesmen/", views_competency.assessment_list, name="assessment_list"),
    path("asesmen/baru/", views_competency.assessment_create, name="assessment_create"),
    path("asesmen/<int:pk>/batal/", views_competency.assessment_revoke, name="assessment_revoke"),
    path(
        "asesmen/impor/",
        views_competency.assessment_import_upload,
        name="assessment_import_upload",
    ),
    path(
        "asesmen/impor/templat.csv",
        views_competency.assessment_import_template,
        name="assessment_import_template",
    ),
    path(
        "asesmen/impor/<int:pk>/",
        views_competency.assessment_import_detail,
        name="assessment_import_detail",
    ),
    path(
        "asesmen/impor/<int:pk>/konfirmasi/",
        views_competency.assessment_import_confirm,
        name="assessment_import_confirm",
    ),
    path(
        "asesmen/impor/<int:pk>/galat.csv",
        views_competency.assessment_import_errors,
        name="assessment_import_errors",
    ),
    path("kesenjangan/", views_gaps.gaps_heatmap, name="gaps_heatmap"),
    path("kesenjangan/pegawai/", views_gaps.gaps_people, name="gaps_people"),
    path("kebutuhan-diklat/", views_gaps.gaps_tna, name="gaps_tna"),
    path("kebutuhan-diklat/unduh.xlsx", views_gaps.gaps_tna_xlsx, name="gaps_tna_xlsx"),
    path("kebutuhan-diklat/unduh.pdf", views_gaps.gaps_tna_pdf, name="gaps_tna_pdf"),
]

# --- C: training ---
from penata.learning import views_training as vt  # noqa: E402

urlpatterns += [
    path("pelatihan/", vt.catalogue, name="catalogue"),
    path("pelatihan/saya/", vt.my_enrolments, name="my_enrolments"),
    path("pelatihan/program/", vt.program_list, name="program_list"),
    path("pelatihan/program/baru/", vt.program_create, name="program_create"),
    path("pelatihan/program/<int:pk>/", vt.program_detail, name="program_detail"),
    path("pelatihan/program/<int:pk>/ubah/", vt.program_edit, name="program_edit"),
    path("pelatihan/program/<int:pk>/angkatan/baru/", vt.session_create, name="session_create"),
    path("pelatihan/angkatan/<int:pk>/", vt.session_detail, name="session_detail"),
    path("pelatihan/angkatan/<int:pk>/ubah/", vt.session_edit, name="session_edit"),
    path("pelatihan/angkatan/<int:pk>/status/", vt.session_status, name="session_status"),
    path("pelatihan/angkatan/<int:pk>/daftar/", vt.session_register, name="session_register"),
    path("pelatihan/angkatan/<int:pk>/usulkan/", vt.session_nominate, name="session_nominate"),
    path(
        "pelatihan/angkatan/<int:pk>/setujui/",
        vt.session_bulk_approve,
        name="session_bulk_approve",
    ),
    path("pelatihan/peserta/<int:pk>/", vt.enrolment_action, name="enrolment_action"),
    path("pelatihan/peserta/<int:pk>/hadir/", vt.attendance_mark, name="attendance_mark"),
    path(
        "pelatihan/peserta/<int:pk>/batal/",
        vt.enrolment_cancel_own,
        name="enrolment_cancel_own",
    ),
    path(
        "pelatihan/peserta/<int:pk>/sertifikat.pdf",
        vt.certificate_download,
        name="certificate_download",
    ),
    path("pelatihan/peserta/<int:pk>/evaluasi/", vt.evaluation, name="evaluation"),
    path("sertifikat/eksternal/", vt.external_own, name="external_own"),
    path("sertifikat/eksternal/verifikasi/", vt.external_queue, name="external_queue"),
    path("sertifikat/eksternal/<int:pk>/putuskan/", vt.external_decide, name="external_decide"),
    path("sertifikat/eksternal/<int:pk>/berkas/", vt.external_file, name="external_file"),
    path("sertifikat/cek/", vt.certificate_verify, name="certificate_verify"),
]

# --- A: seat allocation ---
from penata.learning import views_allocation as va  # noqa: E402

urlpatterns += [
    path("alokasi/", va.allocation_list, name="allocation_list"),
    path("alokasi/baru/", va.allocation_create, name="allocation_create"),
    path("alokasi/<int:pk>/", va.allocation_detail, name="allocation_detail"),
    path("alokasi/<int:pk>/terapkan/", va.allocation_apply, name="allocation_apply"),
    path("alokasi/<int:pk>/buang/", va.allocation_discard, name="allocation_discard"),
    path(
        "alokasi/<int:pk>/keluarkan/",
        va.allocation_choice_remove,
        name="allocation_choice_remove",
    ),
    path("alokasi/<int:pk>/unduh/", va.allocation_export, name="allocation_export"),
]
