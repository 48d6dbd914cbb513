"""Forms of the training pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from penata.learning.models import (
    ActivityType,
    Competency,
    Evaluation,
    Mode,
    ProviderKind,
    TrainingProgram,
    TrainingSession,
)

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}
_CHECK = {"class": "form-check-input"}
_DATE = {"class": "form-control", "type": "date"}


class ProgramFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**_TEXT, "placeholder": _("Judul atau kode")}),
    )
    mode = forms.ChoiceField(
        label=_("Jalur"),
        required=False,
        choices=[("", _("Semua jalur")), *Mode.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    provider = forms.ChoiceField(
        label=_("Penyelenggara"),
        required=False,
        choices=[("", _("Semua penyelenggara")), *ProviderKind.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"),
        required=False,
        queryset=Competency.objects.filter(is_active=True),
        empty_label=_("Semua kompetensi"),
        widget=forms.Select(attrs=_SELECT),
    )


class ProgramForm(forms.ModelForm):
    """The program's own fields; its competencies come from :class:`CompetencyRowFormSet`."""

    class Meta:
        model = TrainingProgram
        fields = [
            "title",
            "code",
            "description",
            "activity_type",
            "jp",
            "provider_kind",
            "provider_name",
            "cost_per_participant",
            "funding_source",
            "pass_score",
            "is_active",
        ]
        widgets = {
            "title": forms.TextInput(attrs=_TEXT),
            "code": forms.TextInput(attrs=_TEXT),
            "description": forms.Textarea(attrs={**_TEXT, "rows": 3}),
            "activity_type": forms.Select(attrs=_SELECT),
            "jp": forms.NumberInput(attrs={**_TEXT, "min": 1, "max": 1000}),
            "provider_kind": forms.Select(attrs=_SELECT),
            "provider_name": forms.TextInput(attrs=_TEXT),
            "cost_per_participant": forms.NumberInput(attrs={**_TEXT, "min": 0, "step": 1000}),
            "funding_source": forms.Select(attrs=_SELECT),
            "pass_score": forms.NumberInput(attrs={**_TEXT, "min": 0, "max": 100}),
            "is_active": forms.CheckboxInput(attrs=_CHECK),
        }
        help_texts = {
            "cost_per_participant": _("Rupiah bulat, tanpa titik; 0 bila tanpa biaya."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        at = self.fields["activity_type"]
        assert isinstance(at, forms.ModelChoiceField)
        at.queryset = ActivityType.objects.all()
        self.fields["jp"].validators.append(MaxValueValidator(1000))
        self.fields["jp"].validators.append(MinValueValidator(1))
        self.fields["pass_score"].validators.append(MaxValueValidator(100))
        at.label_from_instance = lambda obj: f"{obj.name} ({obj.get_mode_display()})"  # type: ignore[method-assign]


class CompetencyRowForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"),
        required=False,
        queryset=Competency.objects.filter(is_active=True),
        empty_label="—",
        widget=forms.Select(attrs=_SELECT),
    )
    target_level = forms.TypedChoiceField(
        label=_("Level target"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
        widget=forms.Select(attrs=_SELECT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("competency") and not data.get("target_level"):
            self.add_error("target_level", _("Pilih level target 1–5."))
        return data


class _BaseCompetencyRows(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            comp = form.cleaned_data.get("competency")
            if comp is None:
                continue
            if comp.pk in seen:
                raise forms.ValidationError(
                    _("Kompetensi %(name)s dipilih dua kali.") % {"name": comp}
                )
            seen.add(comp.pk)


def row_competencies(formset: Any) -> dict[int, int]:
    """Competency id → target level of a valid :data:`CompetencyRowFormSet`."""
    return {
        f.cleaned_data["competency"].pk: f.cleaned_data["target_level"]
        for f in formset.forms
        if f.cleaned_data.get("competency")
    }


def item_label(name: str) -> str:
    """The question of a reaction-survey item (the field's verbose name)."""
    return str(getattr(Evaluation._meta.get_field(name), "verbose_name", name))


CompetencyRowFormSet = forms.formset_factory(
    CompetencyRowForm, formset=_BaseCompetencyRows, extra=3, max_num=20
)


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["code", "starts_on", "ends_on", "is_online", "location", "capacity"]
        widgets = {
            "code": forms.TextInput(attrs=_TEXT),
            "starts_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
            "is_online": forms.CheckboxInput(attrs=_CHECK),
            "location": forms.TextInput(attrs=_TEXT),
            "capacity": forms.NumberInput(attrs={**_TEXT, "min": 1}),
        }

    def validate_unique(self) -> None:
        """Uniqueness of the code is the service's to say."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", _("Kapasitas paling sedikit 1 orang."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=255, widget=forms.TextInput(attrs=_TEXT))


class CompleteForm(forms.Form):
    pre_test = forms.DecimalField(
        label=_("Pre-test"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
    )
    post_test = forms.DecimalField(
        label=_("Post-test"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
    )
    score = forms.DecimalField(
        label=_("Nilai akhir"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
    )


_RATING = [(n, str(n)) for n in range(1, 6)]


class EvaluationForm(forms.Form):
    """Five items rated 1 (sangat kurang) to 5 (sangat baik), and a comment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Evaluation.ITEMS:
            self.fields[name] = forms.TypedChoiceField(
                label=item_label(name),
                choices=_RATING,
                coerce=int,
                widget=forms.RadioSelect(attrs=_CHECK),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Saran"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
        )


class ExternalCertificateForm(forms.Form):
    title = forms.CharField(
        label=_("Nama kegiatan"), max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    issuer = forms.CharField(
        label=_("Penyelenggara"), max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    activity_type = forms.ModelChoiceField(
        label=_("Jenis kegiatan"),
        queryset=ActivityType.objects.all(),
        widget=forms.Select(attrs=_SELECT),
    )
    competency = forms.ModelChoiceField(
        label=_("Kompetensi (opsional)"),
        required=False,
        queryset=Competency.objects.filter(is_active=True),
        widget=forms.Select(attrs=_SELECT),
    )
    jp = forms.IntegerField(
        label=_("JP"), min_value=1, max_value=200, widget=forms.NumberInput(attrs=_TEXT)
    )
    completed_on = forms.DateField(
        label=_("Tanggal selesai"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    file = forms.FileField(
        label=_("Berkas sertifikat"),
        help_text=_("PDF, JPG atau PNG, paling besar 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={**_TEXT, "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )


class VerifyCodeForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        widget=forms.TextInput(
            attrs={**_TEXT, "placeholder": "PNT-XXXX-XXXX-XXXX", "autocomplete": "off"}
        ),
    )
