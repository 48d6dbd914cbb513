from __future__ import annotations

from django.urls import path

from penata.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("akun/profil/", views.profile, name="profile"),
    path("akun/token/<int:token_id>/cabut/", views.token_revoke, name="token_revoke"),
    path("akun/kata-sandi/", views.password_change_view, name="password_change"),
    path("akun/kata-sandi/selesai/", views.password_change_done_view, name="password_change_done"),
    path("akun/lupa-sandi/", views.password_reset_view, name="password_reset"),
    path("akun/lupa-sandi/terkirim/", views.password_reset_done_view, name="password_reset_done"),
    path(
        "akun/lupa-sandi/<uidb64>/<token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path(
        "akun/lupa-sandi/selesai/",
        views.password_reset_complete_view,
        name="password_reset_complete",
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/ekspor/", views.audit_export_start, name="audit_export"),
    path("audit/<int:event_id>/", views.audit_detail, name="audit_detail"),
    path("tugas/<uuid:progress_id>/", views.task_detail, name="task_detail"),
    path("tugas/<uuid:progress_id>/unduh/", views.task_download, name="task_download"),
    path("healthz", views.healthz, name="healthz"),
]
