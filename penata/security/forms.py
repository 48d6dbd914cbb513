from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _code_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        strip=True,
        error_messages={"required": _("Isi kode terlebih dulu.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control font-monospace",
            }
        ),
    )


class EnrolForm(forms.Form):
    code = _code_field(
        _("Kode 6 angka dari aplikasi autentikator"),
        _("Kode berganti setiap 30 detik. Pastikan jam ponsel tepat."),
    )


class VerifyForm(forms.Form):
    code = _code_field(
        _("Kode 6 angka atau kode pemulihan"),
        _("Buka aplikasi autentikator di ponsel Anda. Tanpa ponsel: pakai satu kode pemulihan."),
    )
