"""Public forms of the portal: the complaint form (with its honeypot and size limits) and the
satisfaction questionnaire. Messages in Indonesian say what to fix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penata.portal import rules, selectors
from penata.portal.models import ComplaintKind, ComplaintStatus, PortalSettings

HONEYPOT = "situs_web"
SUBJECT_MAX = 150
NAME_MAX = 100
CONTACT_MAX = 120


class _UnitChoiceMixin:
    def _set_units(self) -> None:
        field = self.fields["unit"]  # type: ignore[attr-defined]
        field.choices = [
            ("", _("— pilih OPD atau unit layanan —")),
            *selectors.service_unit_choices(),
        ]


class ComplaintForm(_UnitChoiceMixin, forms.Form):
    unit = forms.TypedChoiceField(
        label=_("OPD / unit layanan yang diadukan"),
        coerce=int,
        error_messages={
            "required": _("Pilih OPD atau unit layanan yang Anda adukan."),
            "invalid_choice": _("Unit layanan tidak dikenal: pilih dari daftar."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=ComplaintKind.choices, initial=ComplaintKind.PENGADUAN
    )
    subject = forms.CharField(
        label=_("Perihal"),
        max_length=SUBJECT_MAX,
        error_messages={
            "required": _("Tulis perihal aduan secara singkat."),
            "max_length": _(
                "Perihal paling panjang %(limit_value)d karakter "
                "(Anda menulis %(show_value)d): persingkat."
            ),
        },
    )
    body = forms.CharField(
        label=_("Isi aduan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        error_messages={
            "required": _("Ceritakan apa yang terjadi: kapan, di mana, layanan apa."),
            "min_length": _(
                "Isi aduan terlalu pendek (paling sedikit %(limit_value)d karakter): "
                "ceritakan kapan, di mana dan layanan apa."
            ),
        },
    )
    reporter_name = forms.CharField(
        label=_("Nama (boleh dikosongkan)"),
        required=False,
        max_length=NAME_MAX,
        error_messages={"max_length": _("Nama paling panjang %(limit_value)d karakter.")},
    )
    reporter_contact = forms.CharField(
        label=_("E-mail atau telepon (boleh dikosongkan)"),
        required=False,
        max_length=CONTACT_MAX,
        help_text=_(
            "Hanya dilihat petugas yang menangani aduan; tidak pernah ditampilkan di portal."
        ),
        error_messages={"max_length": _("Kontak paling panjang %(limit_value)d karakter.")},
    )
    attachment = forms.FileField(
        label=_("Lampiran (PDF, JPG atau PNG; boleh dikosongkan)"),
        required=False,
    )
    # The honeypot: hidden from people by CSS; a bot that fills every field gives itself away.
    situs_web = forms.CharField(label=_("Jangan diisi"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_units()
        self.max_chars = PortalSettings.current().max_text_chars
        self.fields["body"].widget.attrs["maxlength"] = str(self.max_chars)
        self.fields["attachment"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if len(body) > self.max_chars:
            raise forms.ValidationError(
                _(
                    "Isi aduan terlalu panjang (%(n)d karakter): paling banyak %(max)d. "
                    "Ringkas isinya atau lampirkan dokumen."
                ),
                params={"n": len(body), "max": self.max_chars},
            )
        return body

    def clean_attachment(self) -> Any:
        from penata.portal.services import PortalError, check_attachment

        upload = self.cleaned_data.get("attachment")
        try:
            check_attachment(upload or None, PortalSettings.current())
        except PortalError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload

    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class TrackForm(forms.Form):
    kode = forms.CharField(label=_("Kode lacak"), max_length=20, required=False)


class IkmForm(_UnitChoiceMixin, forms.Form):
    unit = forms.TypedChoiceField(
        label=_("Unit layanan yang Anda nilai"),
        coerce=int,
        error_messages={
            "required": _("Pilih unit layanan yang Anda nilai."),
            "invalid_choice": _("Unit layanan tidak dikenal: pilih dari daftar."),
        },
    )
    suggestion = forms.CharField(
        label=_("Saran (boleh dikosongkan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    situs_web = forms.CharField(label=_("Jangan diisi"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_units()
        table = rules.ikm_table()
        choices = [(str(s), f"{s} — {label}") for s, label in table.answers]
        for e in table.elements:
            self.fields[e.code] = forms.TypedChoiceField(
                label=f"{e.name}: {e.question}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Pilih nilai 1 sampai 4 untuk unsur %(name)s.") % {"name": e.name}
                },
            )
        self.max_chars = PortalSettings.current().max_text_chars
        self.fields["suggestion"].widget.attrs["maxlength"] = str(self.max_chars)

    def clean_suggestion(self) -> str:
        text: str = self.cleaned_data.get("suggestion") or ""
        if len(text) > self.max_chars:
            raise forms.ValidationError(
                _("Saran terlalu panjang (%(n)d karakter): paling banyak %(max)d."),
                params={"n": len(text), "max": self.max_chars},
            )
        return text

    def element_fields(self) -> list[Any]:
        return [self[c] for c in rules.element_codes()]

    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class RespondForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ComplaintStatus.choices)
    response = forms.CharField(
        label=_("Tanggapan untuk pelapor"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
