"""Forms of the forum pages (validation of shape only; the rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penata.forum import rules
from penata.forum.models import Category, CategoryKind, Practice
from penata.workforce.models import OPD_KINDS, OrgUnit


class Bootstrap:
    """Gives every widget Bootstrap's class (form-control, form-select)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            w = field.widget
            css = "form-select" if isinstance(w, forms.Select) else "form-control"
            w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


BODY_HELP = _(
    "Markdown: **tebal**, *miring*, `kode`, daftar dengan -, tautan [teks](https://…). "
    "Sebut rekan dengan @namapengguna atau @Nama_Lengkap."
)
FILES_HELP = _("Paling banyak 3 berkas: PDF, PNG, JPG, DOCX, XLSX atau PPTX.")


class ReplyForm(Bootstrap, forms.Form):
    body = forms.CharField(
        label=_("Balasan"),
        max_length=rules.MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
    )
    lampiran = MultipleFileField(label=_("Lampiran"), help_text=FILES_HELP)


class ThreadForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=rules.MAX_TITLE_CHARS, min_length=5)
    body = forms.CharField(
        label=_("Pertanyaan atau cerita"),
        max_length=rules.MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    lampiran = MultipleFileField(label=_("Lampiran"), help_text=FILES_HELP)


class EditForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=rules.MAX_TITLE_CHARS, required=False)
    body = forms.CharField(
        label=_("Isi"),
        max_length=rules.MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )


class PracticeForm(Bootstrap, forms.ModelForm):
    lampiran = MultipleFileField(label=_("Lampiran bukti"), help_text=FILES_HELP)

    class Meta:
        model = Practice
        fields = [
            "title",
            "topic",
            "opd",
            "problem",
            "practice",
            "result",
            "evidence",
            "contact_name",
            "contact_info",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "practice": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            kind=CategoryKind.TOPIC, is_active=True
        )
        self.fields["opd"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            kind__in=OPD_KINDS, is_active=True
        ).order_by("name")


class ReviewForm(Bootstrap, forms.Form):
    action = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            ("curate", _("Kurasi ke pustaka")),
            ("return", _("Kembalikan untuk diperbaiki")),
            ("reject", _("Tolak")),
        ],
    )
    note = forms.CharField(
        label=_("Catatan untuk pengusul"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tags = forms.CharField(
        label=_("Tag"), required=False, help_text=_("Pisahkan dengan koma, mis. digital, antrean.")
    )


class ReportForm(Bootstrap, forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=500, min_length=5)


class MoveForm(Bootstrap, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Pindah ke"), queryset=Category.objects.filter(is_active=True)
    )
