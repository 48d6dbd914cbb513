"""URLs of research partnerships (``research:`` namespace), under ``/riset/``."""

from __future__ import annotations

from django.urls import path

from penata.research import views

app_name = "research"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("permintaan/baru/", views.request_create, name="request_create"),
    path("permintaan/<int:pk>/", views.request_detail, name="request_detail"),
    path("permintaan/<int:pk>/putuskan/", views.request_decide, name="request_decide"),
    path("permintaan/<int:pk>/dokumen/", views.request_document, name="request_document"),
    path("permintaan/<int:pk>/rilis/", views.release_start, name="release_start"),
    path("rilis/<int:pk>/", views.release_detail, name="release_detail"),
    path("rilis/<int:pk>/unduh/<str:kind>/", views.release_download, name="release_download"),
    path("kamus-data/", views.dictionary, name="dictionary"),
    path("lembaga/", views.institution_list, name="institution_list"),
    path("lembaga/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dampak-pelatihan/", views.impact, name="impact"),
    path("luaran/", views.output_list, name="output_list"),
    path("luaran/baru/", views.output_create, name="output_create"),
    path("luaran/<int:pk>/", views.output_detail, name="output_detail"),
    path("luaran/<int:pk>/laporan/", views.output_report, name="output_report"),
    path("luaran/<int:pk>/dokumen/", views.output_documents, name="output_documents"),
    path("luaran/<int:pk>/terbitkan/", views.output_publish, name="output_publish"),
]
