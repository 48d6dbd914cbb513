from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from penata.core import services
from penata.core.middleware import client_ip


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that pauses after repeated failures and records every attempt."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa keduanya (huruf besar/kecil "
            "dibedakan) lalu coba lagi."
        ),
        "locked": _(
            "Percobaan masuk untuk nama pengguna ini dikunci sementara karena terlalu banyak "
            "yang gagal. Coba lagi setelah %(minutes)s menit, atau minta administrator "
            "membuka kuncinya."
        ),
        "throttled": _(
            "Terlalu banyak percobaan masuk yang gagal. Tunggu %(minutes)s menit lalu coba "
            "lagi, atau pakai “Lupa kata sandi”."
        ),
    }

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        username = (self.data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else None
        from penata.security.services import active_lock, lock_minutes_left

        lock = active_lock(username) if username else None
        if lock is not None:
            # The same answer whether or not the username exists, and the password is not
            # even checked while locked.
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": lock_minutes_left(lock)},
            )
        if username and services.login_is_throttled(username=username, ip=ip):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_attempt_record(username=username, ip=ip, success=False)
            raise
        services.login_attempt_record(username=username, ip=ip, success=True, user=self.get_user())
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Misalnya: skrip laporan bulanan. Token hanya ditampilkan sekali."),
    )


class AuditExportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
