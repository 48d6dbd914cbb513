from __future__ import annotations

from django.urls import path

from penata.performance import views, views_import

app_name = "performance"

urlpatterns = [
    path("kinerja/skp-saya/", views.my_skp, name="my_skp"),
    path("kinerja/tim/", views.team, name="team"),
    path("kinerja/skp/<int:pk>/nilai/", views.rate, name="rate"),
    path("kinerja/keberatan/<int:pk>/", views.objection_decide, name="objection_decide"),
    path("kinerja/kurva/<int:period_id>/<int:opd_id>/", views.curve, name="curve"),
    path("kinerja/sebaran/", views.distribution, name="distribution"),
    path("kinerja/pegawai/<int:pk>/", views.history, name="history"),
    path("kinerja/periode/", views.periods, name="periods"),
    path("kinerja/impor/", views_import.ekinerja_upload, name="ekinerja_upload"),
    path("kinerja/impor/<int:pk>/", views_import.ekinerja_detail, name="ekinerja_detail"),
    path(
        "kinerja/impor/<int:pk>/konfirmasi/",
        views_import.ekinerja_confirm,
        name="ekinerja_confirm",
    ),
    path("kinerja/impor/<int:pk>/galat.csv", views_import.ekinerja_errors, name="ekinerja_errors"),
]
