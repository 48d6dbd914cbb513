"""Forms of the change-management pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penata.core.roles import Role
from penata.engagement.models import (
    Campaign,
    Dimension,
    EventKind,
    EventMode,
    FollowUpKind,
    MaterialKind,
)
from penata.workforce.models import OrgUnit

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}
_DATE = {"class": "form-control", "type": "date"}
_DATETIME = {"class": "form-control", "type": "datetime-local"}


def _opd_choices() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Unit sasaran"),
        required=False,
        queryset=OrgUnit.objects.filter(is_active=True, depth__lte=2).order_by("path"),
        widget=forms.SelectMultiple(attrs={**_SELECT, "size": 6}),
        help_text=_("Kosongkan untuk semua ASN. Unit terpilih mencakup semua unit di bawahnya."),
    )


class CampaignForm(forms.Form):
    topic = forms.CharField(label=_("Topik"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    message = forms.CharField(
        label=_("Pesan utama"), widget=forms.Textarea(attrs={**_TEXT, "rows": 3})
    )
    starts_on = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs=_DATE))
    ends_on = forms.DateField(label=_("Selesai"), widget=forms.DateInput(attrs=_DATE))
    target_roles = forms.MultipleChoiceField(
        label=_("Peran sasaran"),
        required=False,
        choices=[(r.value, r.label) for r in Role if r not in (Role.RESEARCHER, Role.PARTNER)],
        widget=forms.SelectMultiple(attrs={**_SELECT, "size": 4}),
        help_text=_("Kosongkan untuk semua peran."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_units"] = _opd_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Tanggal selesai harus sama dengan atau setelah mulai."))
        return data


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=MaterialKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    title = forms.CharField(label=_("Judul"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    file = forms.FileField(
        label=_("Berkas"),
        required=False,
        widget=forms.ClearableFileInput(attrs=_TEXT),
        help_text=_("Dokumen: PDF/PPTX/DOCX/XLSX/PNG/JPG ≤ 10 MB. Video: MP4/WEBM ≤ 50 MB."),
    )
    url = forms.URLField(label=_("Tautan"), required=False, widget=forms.URLInput(attrs=_TEXT))


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    body = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))


class EventForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=EventKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    mode = forms.ChoiceField(
        label=_("Moda"), choices=EventMode.choices, widget=forms.Select(attrs=_SELECT)
    )
    location = forms.CharField(
        label=_("Tempat / tautan rapat"), max_length=255, widget=forms.TextInput(attrs=_TEXT)
    )
    starts_at = forms.DateTimeField(
        label=_("Mulai"), widget=forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"), widget=forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M")
    )
    campaign = forms.ModelChoiceField(
        label=_("Kampanye"),
        required=False,
        queryset=Campaign.objects.all(),
        widget=forms.Select(attrs=_SELECT),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_units"] = _opd_choices()


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Kode hadir"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                **_TEXT,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "class": "form-control form-control-lg text-uppercase",
            }
        ),
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    description = forms.CharField(
        label=_("Pengantar"), required=False, widget=forms.Textarea(attrs={**_TEXT, "rows": 2})
    )
    standard_items = forms.BooleanField(
        label=_("Mulai dengan 15 butir baku ADKAR"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ItemForm(forms.Form):
    dimension = forms.ChoiceField(
        label=_("Dimensi"), choices=Dimension.choices, widget=forms.Select(attrs=_SELECT)
    )
    text = forms.CharField(
        label=_("Pernyataan"), max_length=300, widget=forms.TextInput(attrs=_TEXT)
    )


class WaveForm(forms.Form):
    opens_on = forms.DateField(label=_("Dibuka"), widget=forms.DateInput(attrs=_DATE))
    closes_on = forms.DateField(label=_("Ditutup"), widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_units"] = _opd_choices()


class FollowUpForm(forms.Form):
    opd = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Tindak lanjut"), choices=FollowUpKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    description = forms.CharField(
        label=_("Uraian"), max_length=300, widget=forms.TextInput(attrs=_TEXT)
    )
    due_on = forms.DateField(label=_("Tenggat"), widget=forms.DateInput(attrs=_DATE))


class ChampionForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP pegawai"), max_length=18, widget=forms.TextInput(attrs=_TEXT)
    )
