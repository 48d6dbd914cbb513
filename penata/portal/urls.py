from django.urls import path

from penata.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("bagian/<slug:key>/", views.section, name="section"),
    path("indikator/", views.indicators, name="indicators"),
    path("indikator/unduh/", views.indicators_export, name="indicators_export"),
    path("aduan/", views.complaint_create, name="complaint_create"),
    path("aduan/terkirim/", views.complaint_sent, name="complaint_sent"),
    path("aduan/lacak/", views.complaint_track, name="complaint_track"),
    path("ikm/", views.ikm_list, name="ikm_list"),
    path("ikm/survei/", views.ikm_survey, name="ikm_survey"),
    path("ikm/unit/<int:unit_id>/", views.ikm_unit, name="ikm_unit"),
    path("ikm/unit/<int:unit_id>/unduh/", views.ikm_export, name="ikm_export"),
    path("ikm/unit/<int:unit_id>/terima-kasih/", views.ikm_thanks, name="ikm_thanks"),
    path("kelola/aduan/", views.manage_complaints, name="manage_complaints"),
    path("kelola/aduan/<int:pk>/", views.manage_complaint, name="manage_complaint"),
    path(
        "kelola/aduan/<int:pk>/lampiran/",
        views.manage_complaint_attachment,
        name="manage_complaint_attachment",
    ),
    path("kelola/ikm/", views.manage_ikm, name="manage_ikm"),
]
