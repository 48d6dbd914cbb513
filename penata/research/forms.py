"""Forms of the research pages; they only read and check input, the services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from penata.core.models import User
from penata.core.roles import Role
from penata.policy.models import PolicyDocument
from penata.policy.selectors import documents_linkable_by
from penata.research import rules
from penata.research.models import DataRequest, Institution, PolicyTopic


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            continue
        if isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class InstitutionForm(StyledForm):
    name = forms.CharField(label=_("Nama lembaga"), max_length=200)
    short_name = forms.CharField(label=_("Singkatan"), max_length=40, required=False)
    agreement_number = forms.CharField(
        label=_("Nomor perjanjian kerja sama"), max_length=120, required=False
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)


class ResearcherLinkForm(StyledForm):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Akun peneliti"),
        help_text=_("Hanya akun berperan Peneliti. Buat akunnya dulu lewat pengelolaan akun."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.RESEARCHER, is_active=True
        ).order_by("username")


def _year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, 2014, -1)]


def _variable_choices() -> list[tuple[str, str]]:
    """The data dictionary in the reader's language (evaluated per form, not at import)."""
    return [(v.code, f"{gettext(v.label)} — {gettext(v.description)}") for v in rules.VARIABLES]


class RequestForm(StyledForm):
    title = forms.CharField(label=_("Judul penelitian"), max_length=200)
    purpose = forms.CharField(
        label=_("Tujuan penggunaan data"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    question = forms.CharField(
        label=_("Pertanyaan penelitian"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    variables = forms.MultipleChoiceField(
        label=_("Variabel dari kamus data"),
        choices=_variable_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pseudonim selalu disertakan. Nama, NIP, NIK, kontak dan alamat tidak pernah."),
    )
    year_from = forms.TypedChoiceField(label=_("Tahun awal"), coerce=int, choices=_year_choices)
    year_to = forms.TypedChoiceField(label=_("Tahun akhir"), coerce=int, choices=_year_choices)
    document = forms.FileField(
        label=_("Dokumen etik / perjanjian kerja sama"),
        help_text=_("PDF, PNG atau JPG, paling besar 10 MB."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("year_from"), data.get("year_to")
        if a and b and a > b:
            self.add_error("year_to", _("Tahun akhir tidak boleh sebelum tahun awal."))
        return data


class DecideForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("approve", _("Setujui")), ("reject", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    expires_on = forms.DateField(
        label=_("Akses berakhir"),
        required=False,
        widget=forms.DateInput(),
        help_text=_("Wajib bila disetujui; setelah tanggal ini unduhan berhenti."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=180)


class PolicyDocumentChoice(forms.ModelMultipleChoiceField):
    """A policy document shown with its status (Konsultasi publik, Ditetapkan, …)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_status_display()})"


class OutputForm(StyledForm):
    title = forms.CharField(label=_("Judul"), max_length=200)
    summary = forms.CharField(
        label=_("Ringkasan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000
    )
    recommendations = forms.CharField(
        label=_("Rekomendasi kebijakan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=6000,
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=PolicyTopic.objects.all(),
        label=_("Butir kebijakan yang diinformasikan"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    policy_documents = PolicyDocumentChoice(
        queryset=PolicyDocument.objects.none(),
        label=_("Dokumen kebijakan yang diinformasikan"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Hanya dokumen yang sudah dibuka untuk konsultasi publik atau ditetapkan; "
            "rancangan tim kebijakan belum dapat ditautkan."
        ),
    )
    request = forms.ModelChoiceField(
        queryset=DataRequest.objects.none(),
        label=_("Permintaan data terkait"),
        required=False,
    )
    report = forms.FileField(label=_("Laporan"), help_text=_("PDF, paling besar 20 MB."))

    def __init__(
        self,
        *args: Any,
        institution: Institution | None = None,
        user: Any = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["policy_documents"].queryset = documents_linkable_by(user).order_by(  # type: ignore[attr-defined]
            "title", "pk"
        )
        if institution is not None:
            self.fields["request"].queryset = DataRequest.objects.filter(  # type: ignore[attr-defined]
                institution=institution
            )


class OutputDocumentsForm(StyledForm):
    """The policy documents an output informs, chosen among those the user may see."""

    policy_documents = PolicyDocumentChoice(
        queryset=PolicyDocument.objects.none(),
        label=_("Dokumen kebijakan yang diinformasikan"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["policy_documents"].queryset = documents_linkable_by(user).order_by(  # type: ignore[attr-defined]
            "title", "pk"
        )


class ImpactForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Program pelatihan"), coerce=int, choices=[])
    year = forms.TypedChoiceField(label=_("Tahun pelatihan"), coerce=int, choices=[])

    def __init__(
        self, *args: Any, programs: list[tuple[int, str, str]], years: list[int], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["program"].choices = [(p, f"{t} ({c})") for p, c, t in programs]  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, y) for y in reversed(years)]  # type: ignore[attr-defined]
        _style(self)
