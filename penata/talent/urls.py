"""URLs of talent management (``talent:`` namespace), under ``/talenta/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from penata.talent import views

app_name = "talent"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.talent_map, name="map"),
    path("orang/", views.box_people, name="box_people"),
    path("orang/xlsx/", views.box_people_export, name="box_people_export"),
    path("hitung/", views.map_compute, name="map_compute"),
    path("saya/", views.my_box, name="my_box"),
    path("pegawai/<int:pk>/", views.employee_history, name="employee_history"),
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
]
