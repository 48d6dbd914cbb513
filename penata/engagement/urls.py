from django.urls import path

from penata.engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.home, name="home"),
    path("materi/<int:pk>/", views.material_download, name="material_download"),
    path("hadir/", views.checkin, name="checkin"),
    path("survei/<int:pk>/isi/", views.wave_answer, name="wave_answer"),
    path("kampanye/", views.campaign_list, name="campaign_list"),
    path("kampanye/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("acara/", views.event_list, name="event_list"),
    path("acara/<int:pk>/", views.event_detail, name="event_detail"),
    path("acara/<int:pk>/layar/", views.event_screen, name="event_screen"),
    path("survei/", views.survey_list, name="survey_list"),
    path("survei/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("kesiapan/", views.readiness, name="readiness"),
    path("kesiapan/ekspor/", views.readiness_export, name="readiness_export"),
    path("kehadiran/", views.attendance, name="attendance"),
    path("kehadiran/ekspor/", views.attendance_export, name="attendance_export"),
    path("titik-rawan/", views.hotspots, name="hotspots"),
    path("titik-rawan/ekspor/", views.hotspots_export, name="hotspots_export"),
    path("tindak-lanjut/<int:pk>/selesai/", views.followup_done, name="followup_done"),
    path("agen-perubahan/", views.champions, name="champions"),
]
