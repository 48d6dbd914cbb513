"""Forms of the performance pages. They only parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from penata.performance import rules
from penata.performance.models import RATING_CHOICES, UNIT_PREDIKAT_CHOICES, AppraisalPeriod

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}


class PlannedResultForm(forms.Form):
    description = forms.CharField(
        label=_("Rencana hasil kerja"),
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    indicator = forms.CharField(
        label=_("Indikator"), max_length=255, widget=forms.TextInput(attrs=_TEXT)
    )
    target = forms.CharField(label=_("Target"), max_length=120, widget=forms.TextInput(attrs=_TEXT))


class RealisationForm(forms.Form):
    result = forms.IntegerField(widget=forms.HiddenInput)
    realisation = forms.CharField(
        label=_("Realisasi"), max_length=255, widget=forms.TextInput(attrs=_TEXT)
    )
    evidence = forms.URLField(
        label=_("Tautan bukti dukung"), required=False, widget=forms.URLInput(attrs=_TEXT)
    )


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan keberatan"),
        max_length=4000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
    )


class RatingForm(forms.Form):
    """Hasil kerja and the seven BerAKHLAK values; the perilaku rating is derived from them."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    hasil_kerja = forms.ChoiceField(
        label=_("Hasil kerja"),
        choices=[("", "—"), *RATING_CHOICES],
        widget=forms.Select(attrs={**_SELECT, "data-rating": "hasil"}),
    )
    note = forms.CharField(
        label=_("Catatan penilai"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for value in rules.BehaviourValue:
            self.fields[f"b_{value.value}"] = forms.ChoiceField(
                label=value.label,
                choices=[("", "—"), *RATING_CHOICES],
                widget=forms.Select(attrs={**_SELECT, "data-rating": "perilaku"}),
            )

    def behaviours(self) -> dict[str, str]:
        return {v.value: self.cleaned_data[f"b_{v.value}"] for v in rules.BehaviourValue}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            ("upheld", _("Dikabulkan (nilai diubah)")),
            ("rejected", _("Ditolak (nilai tetap)")),
        ],
        widget=forms.Select(attrs=_SELECT),
    )
    new_hasil_kerja = forms.ChoiceField(
        label=_("Hasil kerja baru"),
        required=False,
        choices=[("", "—"), *RATING_CHOICES],
        widget=forms.Select(attrs=_SELECT),
    )
    new_perilaku = forms.ChoiceField(
        label=_("Perilaku kerja baru"),
        required=False,
        choices=[("", "—"), *RATING_CHOICES],
        widget=forms.Select(attrs=_SELECT),
    )
    note = forms.CharField(
        label=_("Pertimbangan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )


class PeriodForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun"),
        min_value=2000,
        max_value=2200,
        initial=lambda: dt.date.today().year,
        widget=forms.NumberInput(attrs=_TEXT),
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=AppraisalPeriod.Kind.choices, widget=forms.Select(attrs=_SELECT)
    )
    objection_days = forms.IntegerField(
        label=_("Batas hari keberatan"),
        min_value=1,
        max_value=90,
        initial=14,
        widget=forms.NumberInput(attrs=_TEXT),
    )


class UnitPredikatForm(forms.Form):
    opd = forms.IntegerField(widget=forms.HiddenInput)
    predikat = forms.ChoiceField(
        label=_("Predikat unit"),
        choices=UNIT_PREDIKAT_CHOICES,
        widget=forms.Select(attrs={**_SELECT, "class": "form-select form-select-sm"}),
    )
