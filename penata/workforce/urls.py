from __future__ import annotations

from django.urls import path

from penata.workforce import views_employees, views_import

app_name = "workforce"

urlpatterns = [
    path("pegawai/", views_employees.employee_list, name="employee_list"),
    path("pegawai/ekspor/", views_employees.employee_export, name="employee_export"),
    path("pegawai/<int:pk>/", views_employees.employee_detail, name="employee_detail"),
    path("pegawai/<int:pk>/ubah/", views_employees.employee_edit, name="employee_edit"),
    path(
        "pegawai/<int:pk>/data-pribadi/",
        views_employees.employee_reveal,
        name="employee_reveal",
    ),
    path("statistik/", views_employees.dashboard, name="dashboard"),
    path("unit-kerja/", views_employees.org_unit_list, name="org_unit_list"),
    path("impor/", views_import.roster_upload, name="roster_upload"),
    path("impor/<int:pk>/", views_import.roster_detail, name="roster_detail"),
    path("impor/<int:pk>/konfirmasi/", views_import.roster_confirm, name="roster_confirm"),
    path("impor/<int:pk>/galat.csv", views_import.roster_errors, name="roster_errors"),
    path("impor/contoh.csv", views_import.roster_template, name="roster_template"),
]
