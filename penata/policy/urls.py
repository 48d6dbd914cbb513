"""URLs of the policy workspace (``policy:`` namespace), under ``/kebijakan/``; the public
consultation under ``/kebijakan/konsultasi/``."""

from __future__ import annotations

from django.urls import path

from penata.policy import views

app_name = "policy"

urlpatterns = [
    path("", views.home, name="home"),
    path("tim/", views.team, name="team"),
    path("tim/simpan/", views.team_set, name="team_set"),
    path("dokumen/baru/", views.document_create, name="document_create"),
    path("dokumen/<int:pk>/", views.document_detail, name="document_detail"),
    path("dokumen/<int:pk>/versi-baru/", views.version_create, name="version_create"),
    path("dokumen/<int:pk>/status/", views.document_status, name="document_status"),
    path("dokumen/<int:pk>/perbedaan/", views.document_diff, name="document_diff"),
    path("dokumen/<int:pk>/konsultasi/", views.consultation_create, name="consultation_create"),
    path("moderasi/<int:pk>/", views.consultation_manage, name="consultation_manage"),
    path("komentar/<int:pk>/moderasi/", views.comment_moderate, name="comment_moderate"),
    path("komentar/<int:pk>/tanggapan/", views.comment_respond, name="comment_respond"),
    path("rencana-aksi/", views.activity_list, name="activity_list"),
    path("rencana-aksi/baru/", views.activity_create, name="activity_create"),
    path("rencana-aksi/<int:pk>/ubah/", views.activity_edit, name="activity_edit"),
    path("rencana-aksi/<int:pk>/bukti/", views.activity_evidence, name="activity_evidence"),
    path("rencana-aksi/unduh.<str:fmt>", views.activity_export, name="activity_export"),
    path("indikator/", views.indicator_list, name="indicator_list"),
    path("indikator/baru/", views.indicator_create, name="indicator_create"),
    path("indikator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikator/<int:pk>/ubah/", views.indicator_edit, name="indicator_edit"),
    path("indikator/<int:pk>/target/", views.indicator_year_set, name="indicator_year_set"),
    path("indikator/unduh.<str:fmt>", views.indicator_export, name="indicator_export"),
    path("organisasi/", views.organisation_list, name="organisation_list"),
    path("organisasi/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    # public (no login)
    path("konsultasi/", views.public_list, name="public_list"),
    path("konsultasi/konfirmasi/<str:token>/", views.comment_confirm, name="comment_confirm"),
    path("konsultasi/<slug:slug>/", views.public_detail, name="public_detail"),
    path("konsultasi/<slug:slug>/tanggapan/", views.public_matrix, name="public_matrix"),
    path(
        "konsultasi/<slug:slug>/tanggapan.<str:fmt>",
        views.public_matrix_export,
        name="public_matrix_export",
    ),
]
