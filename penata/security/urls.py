from __future__ import annotations

from django.urls import path

from penata.security import views

app_name = "security"

urlpatterns = [
    path("akun/2fa/", views.twofa_status, name="twofa_status"),
    path("akun/2fa/daftar/", views.twofa_enrol, name="twofa_enrol"),
    path("akun/2fa/verifikasi/", views.twofa_verify, name="twofa_verify"),
    path("akun/2fa/kode-pemulihan/", views.recovery_regenerate, name="recovery_regenerate"),
    path("keamanan/", views.accounts, name="accounts"),
    path("keamanan/kunci/<int:lock_id>/buka/", views.unlock, name="unlock"),
    path("keamanan/pengguna/<int:user_id>/reset-2fa/", views.twofa_reset, name="twofa_reset"),
]
