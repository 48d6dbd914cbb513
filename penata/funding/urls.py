"""URLs of funding (``funding:`` namespace), under ``/pendanaan/``."""

from __future__ import annotations

from django.urls import path

from penata.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.budget_list, name="budget_list"),
    path("anggaran/baru/", views.budget_create, name="budget_create"),
    path("anggaran/<int:pk>/", views.budget_detail, name="budget_detail"),
    path("anggaran/<int:pk>/ubah/", views.budget_edit, name="budget_edit"),
    path("anggaran/<int:pk>/program/", views.budget_link_program, name="budget_link_program"),
    path("anggaran/<int:pk>/angkatan/", views.budget_link_session, name="budget_link_session"),
    path("tautan/<int:pk>/lepas/", views.budget_unlink, name="budget_unlink"),
    path("laporan.xlsx", views.report_xlsx, name="report_xlsx"),
    path("laporan.pdf", views.report_pdf, name="report_pdf"),
    path("kesenjangan/", views.funding_gap, name="gap"),
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/baru/", views.partner_create, name="partner_create"),
    path("mitra/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("mitra/<int:pk>/ubah/", views.partner_edit, name="partner_edit"),
    path("mitra/<int:pk>/narahubung/", views.contact_add, name="contact_add"),
    path("narahubung/<int:pk>/hapus/", views.contact_remove, name="contact_remove"),
    path("mitra/<int:pk>/perjanjian/baru/", views.agreement_create, name="agreement_create"),
    path("perjanjian/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("perjanjian/<int:pk>/ubah/", views.agreement_edit, name="agreement_edit"),
    path("perjanjian/<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("dokumen/<int:pk>/", views.document_download, name="document_download"),
    path("pengingat/<int:pk>/selesai/", views.reminder_done, name="reminder_done"),
    path("sponsor/", views.sponsorship_list, name="sponsorship_list"),
    path("sponsor/baru/", views.sponsorship_create, name="sponsorship_create"),
    path("sponsor/<int:pk>/ubah/", views.sponsorship_edit, name="sponsorship_edit"),
    path("alokasi/", views.allocation_create, name="allocation_create"),
    path("apresiasi-mitra/", views.recognition, name="recognition"),
]
