"""Forms of funding pages; they only read and check input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penata.funding import rules
from penata.funding.models import (
    Agreement,
    AgreementDocument,
    BudgetLine,
    Partner,
    PartnerContact,
    Sponsorship,
)
from penata.learning.models import TrainingProgram, TrainingSession
from penata.workforce.models import OPD_KINDS, OrgUnit


class RupiahField(forms.CharField):
    """Whole Rupiah typed as ``1.250.000`` or ``Rp 1.250.000`` (:func:`rules.parse_rupiah`)."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in ("", None):
            return None
        try:
            return rules.parse_rupiah(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value


class _Styled:
    """Bootstrap classes on every widget."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


def _opds() -> Any:
    return OrgUnit.objects.filter(kind__in=OPD_KINDS).order_by("name")


class BudgetLineForm(_Styled, forms.ModelForm):
    ceiling = RupiahField(label=_("Pagu (Rp)"), help_text=_("Rupiah bulat, mis. 1.250.000.000."))

    class Meta:
        model = BudgetLine
        fields = [
            "fiscal_year",
            "program_code",
            "activity_code",
            "sub_activity_code",
            "name",
            "ceiling",
            "opd",
            "competency_area",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = _opds()  # type: ignore[attr-defined]
        self.fields["program_code"].help_text = _("Format U.BB.PP, mis. 5.03.02.")
        self.fields["activity_code"].help_text = _("Format U.BB.PP.K.KK, mis. 5.03.02.2.01.")
        self.fields["sub_activity_code"].help_text = _(
            "Format U.BB.PP.K.KK.SSSS, mis. 5.03.02.2.01.0001."
        )
        self._style()

    def validate_unique(self) -> None:
        """The service reports uniqueness."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = rules.apbd_code_errors(
            data.get("program_code", ""),
            data.get("activity_code", ""),
            data.get("sub_activity_code", ""),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class ProgramLinkForm(_Styled, forms.Form):
    program = forms.ModelChoiceField(
        queryset=TrainingProgram.objects.filter(is_active=True), label=_("Program pelatihan")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class SessionLinkForm(_Styled, forms.Form):
    session = forms.ModelChoiceField(
        queryset=TrainingSession.objects.select_related("program"), label=_("Angkatan")
    )

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if year is not None:
            self.fields["session"].queryset = TrainingSession.objects.filter(  # type: ignore[attr-defined]
                starts_on__year=year
            ).select_related("program")
        self._style()


class PartnerForm(_Styled, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "address", "website", "public_recognition", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def validate_unique(self) -> None:
        """The service reports uniqueness."""


class ContactForm(_Styled, forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "position", "email", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class AgreementForm(_Styled, forms.ModelForm):
    value = RupiahField(label=_("Nilai (Rp)"), required=False)

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "number",
            "title",
            "scope",
            "signed_on",
            "starts_on",
            "ends_on",
            "value",
            "parent",
        ]
        widgets = {
            "signed_on": forms.DateInput(),
            "starts_on": forms.DateInput(),
            "ends_on": forms.DateInput(),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, partner: Partner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Agreement.objects.filter(  # type: ignore[attr-defined]
            partner=partner, kind="mou"
        )
        self._style()

    def validate_unique(self) -> None:
        """The service reports uniqueness."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") is None:
            data["value"] = 0
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tanggal berlaku sampai tidak boleh sebelum mulai."))
        return data


class DocumentForm(_Styled, forms.Form):
    kind = forms.ChoiceField(choices=AgreementDocument.Kind.choices, label=_("Jenis dokumen"))
    file = forms.FileField(label=_("Berkas"), help_text=_("PDF, PNG atau JPG, paling besar 10 MB."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class SponsorshipForm(_Styled, forms.ModelForm):
    pledged_value = RupiahField(label=_("Nilai dijanjikan (Rp)"), required=False)
    realised_value = RupiahField(label=_("Nilai terealisasi (Rp)"), required=False)

    class Meta:
        model = Sponsorship
        fields = [
            "partner",
            "agreement",
            "program",
            "fiscal_year",
            "kind",
            "description",
            "pledged_value",
            "realised_value",
            "pledged_seats",
            "realised_seats",
            "is_cancelled",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.select_related("partner")  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("pledged_value", "realised_value"):
            if data.get(key) is None:
                data[key] = 0
        return data


class FundsAllocationForm(_Styled, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    lines = forms.ModelMultipleChoiceField(
        queryset=BudgetLine.objects.filter(is_active=True),
        required=False,
        label=_("Pos anggaran"),
    )
    sponsorships = forms.ModelMultipleChoiceField(
        queryset=Sponsorship.objects.filter(kind="money", is_cancelled=False).select_related(
            "partner"
        ),
        required=False,
        label=_("Sponsor dana"),
    )
    sessions = forms.ModelMultipleChoiceField(
        queryset=TrainingSession.objects.filter(status="open").select_related("program"),
        label=_("Angkatan"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
