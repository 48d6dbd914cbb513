"""URLs of workforce planning (``planning:`` namespace), under ``/perencanaan/``."""

from __future__ import annotations

from django.urls import path

from penata.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jabatan/", views.positions, name="positions"),
    path("jabatan/<int:pk>/", views.position_detail, name="position_detail"),
    path("ekspor/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("ekspor/pdf/", views.export_pdf, name="export_pdf"),
    path("hitung/", views.analysis_start, name="analysis_start"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("impor/<int:pk>/galat/", views.import_errors, name="import_errors"),
    path("usulan/", views.proposal_list, name="proposal_list"),
    path("usulan/baru/", views.proposal_create, name="proposal_create"),
    path("usulan/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("usulan/<int:pk>/putuskan/", views.proposal_decide, name="proposal_decide"),
    path("usulan/<int:pk>/xlsx/", views.proposal_xlsx, name="proposal_xlsx"),
    path("mutasi/<int:pk>/", views.move_edit, name="move_edit"),
]
