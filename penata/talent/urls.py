"""URLs of talent management (``talent:`` namespace), under ``/talenta/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from penata.talent import (
    views,
    views_promotion,
    views_ranking,
    views_selection,
    views_succession,
)

app_name = "talent"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.talent_map, name="map"),
    path("orang/", views.box_people, name="box_people"),
    path("orang/xlsx/", views.box_people_export, name="box_people_export"),
    path("hitung/", views.map_compute, name="map_compute"),
    path("saya/", views.my_box, name="my_box"),
    path("pegawai/<int:pk>/", views.employee_history, name="employee_history"),
    path("lowongan/", views_ranking.vacancy_list, name="vacancy_list"),
    path("lowongan/baru/", views_ranking.vacancy_create, name="vacancy_create"),
    path("lowongan/<int:pk>/", views_ranking.vacancy_detail, name="vacancy_detail"),
    path("lowongan/<int:pk>/hitung/", views_ranking.vacancy_rank, name="vacancy_rank"),
    path("lowongan/<int:pk>/putuskan/", views_ranking.vacancy_decide, name="vacancy_decide"),
    path("lowongan/<int:pk>/xlsx/", views_ranking.vacancy_report_xlsx, name="vacancy_xlsx"),
    path("lowongan/<int:pk>/pdf/", views_ranking.vacancy_report_pdf, name="vacancy_pdf"),
    path(
        "lowongan/<int:pk>/kandidat/<int:employee_id>/",
        views_ranking.candidate_detail,
        name="candidate_detail",
    ),
    path("suksesi/", views_succession.succession_overview, name="succession"),
    path("suksesi/hitung/", views_succession.succession_compute, name="succession_compute"),
    path(
        "suksesi/jabatan/<int:pk>/",
        views_succession.succession_position,
        name="succession_position",
    ),
    path("kp-reguler/", views_promotion.regular_promotion, name="regular_promotion"),
    path("kp-reguler/xlsx/", views_promotion.regular_promotion_xlsx, name="regular_promotion_xlsx"),
    path("potensial/", views.potential_list, name="potential_list"),
    path("pengaturan/", views.settings_edit, name="settings"),
    path("potensial/impor/", views.potential_import_upload, name="potential_import_upload"),
    path(
        "potensial/impor/templat/",
        views.potential_import_template,
        name="potential_import_template",
    ),
    path(
        "potensial/impor/<int:pk>/", views.potential_import_detail, name="potential_import_detail"
    ),
    path(
        "potensial/impor/<int:pk>/konfirmasi/",
        views.potential_import_confirm,
        name="potential_import_confirm",
    ),
    path(
        "potensial/impor/<int:pk>/galat/",
        views.potential_import_errors,
        name="potential_import_errors",
    ),
    # --- open selection (seleksi terbuka JPT pratama) ---
    path("seleksi/", views_selection.selection_list, name="selection_list"),
    path("seleksi/baru/", views_selection.selection_create, name="selection_create"),
    path("seleksi/<int:pk>/", views_selection.selection_detail, name="selection_detail"),
    path(
        "seleksi/<int:pk>/pelamar/", views_selection.selection_external, name="selection_external"
    ),
    path(
        "seleksi/<int:pk>/administrasi/",
        views_selection.selection_admin_check,
        name="selection_admin_check",
    ),
    path(
        "seleksi/<int:pk>/pelamar/<int:applicant_id>/ubah/",
        views_selection.selection_override,
        name="selection_override",
    ),
    path("seleksi/<int:pk>/panitia/", views_selection.selection_panel_add, name="selection_panel"),
    path(
        "seleksi/<int:pk>/tahap/<int:stage_id>/tutup/",
        views_selection.selection_stage_close,
        name="selection_stage_close",
    ),
    path(
        "seleksi/<int:pk>/tahap/<int:stage_id>/nilai/",
        views_selection.selection_score,
        name="selection_score",
    ),
    path("seleksi/<int:pk>/peringkat/", views_selection.selection_rank, name="selection_rank"),
    path("seleksi/<int:pk>/ppk/", views_selection.selection_decide, name="selection_decide"),
    path("seleksi/<int:pk>/umumkan/", views_selection.selection_publish, name="selection_publish"),
    path("seleksi/<int:pk>/xlsx/", views_selection.selection_report_xlsx, name="selection_xlsx"),
    path("seleksi/<int:pk>/pdf/", views_selection.selection_report_pdf, name="selection_pdf"),
    path("seleksi-terbuka/", views_selection.selection_open, name="selection_open"),
    path(
        "seleksi-terbuka/<int:pk>/lamar/",
        views_selection.selection_apply,
        name="selection_apply",
    ),
]
