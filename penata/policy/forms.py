"""Forms of the policy workspace and the public comment form (field checks only; the
services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penata.core.models import User
from penata.policy import indicators, rules
from penata.policy.models import (
    Activity,
    DocumentStatus,
    Indicator,
    Organisation,
    PolicyDocument,
    ResponseKind,
    TeamMember,
    TeamRole,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


class _Styled:
    """Bootstrap classes on every widget (set after the form's own ``__init__``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class TeamMemberForm(_Styled, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Akun"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    team_role = forms.ChoiceField(label=_("Peran dalam tim"), choices=TeamRole.choices)
    affiliation = forms.CharField(label=_("Asal lembaga"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)


class DocumentForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    summary = forms.CharField(
        label=_("Ringkasan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Isi (Markdown)"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Judul bagian ditulis dengan #, ## atau ###; komentar publik dapat menunjuk bagian."
        ),
    )
    note = forms.CharField(label=_("Catatan versi"), max_length=255, required=False)


class VersionForm(_Styled, forms.Form):
    body = forms.CharField(
        label=_("Isi (Markdown)"), max_length=200_000, widget=forms.Textarea(attrs={"rows": 22})
    )
    note = forms.CharField(label=_("Catatan perubahan"), max_length=255, required=False)


class StatusForm(_Styled, forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=DocumentStatus.choices)
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class ConsultationForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Judul konsultasi"), max_length=200)
    opens_on = forms.DateField(label=_("Dibuka"), widget=DateInput)
    closes_on = forms.DateField(label=_("Ditutup"), widget=DateInput)


class ActivityForm(_Styled, forms.ModelForm):
    evidence = forms.FileField(
        label=_("Unggah bukti"),
        required=False,
        help_text=_("PDF, PNG/JPG, DOCX/XLSX/ODT/ODS, paling besar 10 MB."),
    )

    class Meta:
        model = Activity
        fields = ["title", "document", "owner", "deadline", "status", "evidence_url", "note"]
        widgets = {"deadline": DateInput, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        document = self.fields["document"]
        assert isinstance(owner, forms.ModelChoiceField)
        assert isinstance(document, forms.ModelChoiceField)
        owner.queryset = TeamMember.objects.filter(is_active=True).select_related("user")
        document.queryset = PolicyDocument.objects.order_by("title")


class IndicatorForm(_Styled, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "source", "source_note", "higher_is_better", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.ChoiceField(
            label=_("Sumber"),
            choices=indicators.source_choices(),
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class IndicatorYearForm(_Styled, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, required=False)
    actual = forms.DecimalField(
        label=_("Realisasi (hanya indikator isian manual)"),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)


class OrganisationForm(_Styled, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "email_domain", "is_verified", "members"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.filter(is_active=True).order_by("username")  # type: ignore[attr-defined]
        self.fields["members"].required = False


class ModerateForm(_Styled, forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=[("approve", _("Setujui")), ("reject", _("Tolak"))]
    )
    reason = forms.CharField(label=_("Alasan (wajib jika ditolak)"), max_length=500, required=False)


class RespondForm(_Styled, forms.Form):
    response = forms.ChoiceField(label=_("Tanggapan"), choices=ResponseKind.choices)
    reason = forms.CharField(
        label=_("Alasan"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(_Styled, forms.Form):
    """The public comment form. ``website`` is the honeypot: hidden from people, filled by bots."""

    section = forms.ChoiceField(label=_("Bagian yang dikomentari"), required=False)
    body = forms.CharField(
        label=_("Komentar"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": rules.MAX_COMMENT_CHARS}),
        help_text=_("Paling sedikit %(a)s dan paling banyak %(b)s karakter.")
        % {"a": rules.MIN_COMMENT_CHARS, "b": rules.MAX_COMMENT_CHARS},
    )
    name = forms.CharField(label=_("Nama"), max_length=rules.MAX_NAME_CHARS, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Untuk tautan konfirmasi; tidak pernah ditampilkan."),
    )
    show_name = forms.BooleanField(
        label=_("Nama saya boleh ditampilkan di halaman publik"), required=False
    )
    website = forms.CharField(label=_("Jangan diisi"), required=False)

    def __init__(
        self, *args: Any, sections: list[rules.Section], signed_in: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)
        section.choices = [("", _("Dokumen secara umum"))] + [
            (s.anchor, s.title or _("Pembuka")) for s in sections
        ]
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]
