"""The employee list filter: shared by the list page and its export (same rows, same scope).

The filter narrows rows that the caller has already scoped with
:func:`penata.workforce.selectors.employees_visible_to`; the unit choices are limited to
:func:`penata.workforce.selectors.org_units_in_scope`, so a unit outside the user's scope is an
invalid choice, not a way round the scope.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from penata.workforce.models import (
    EducationLevel,
    Employee,
    EmployeeStatus,
    EmploymentType,
    OrgUnit,
    PositionKind,
    Rank,
    RankKind,
)
from penata.workforce.selectors import (
    name_or_nip_q,
    org_units_in_scope,
    rank_ids_in_rank_order,
)

# Whitelisted sort keys → the order_by fields (ascending); "-key" reverses every field.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nip"),
    "nip": ("nip",),
    "rank": ("rank__kind", "rank__order", "name", "nip"),
    "unit": ("org_unit__path", "name", "nip"),
    "retirement": ("retirement_date", "name", "nip"),
}
SORT_LABELS = {
    "name": _("Nama"),
    "nip": _("NIP"),
    "rank": _("Golongan"),
    "unit": _("Unit kerja"),
    "retirement": _("Tanggal pensiun"),
}
DEFAULT_SORT = "name"
RANK_ID_SORT = ("rank_id", "name", "nip")


def order_for(sort: str | None) -> list[str]:
    """The order_by fields for a whitelisted sort key (``name``, ``-rank``…); unknown → name.

    Sorting by rank orders by the rank's (kind, order) across the join, which PostgreSQL can only
    answer by sorting every visible row (5 s at 6,000,000 ASN, docs/scaling.md). The ranks are
    regulation reference data loaded in that order, so while their ids follow it, ``rank_id``
    gives the same order and the index ``(rank, name, nip)`` serves the page directly."""
    key = (sort or DEFAULT_SORT).lstrip("-")
    fields = SORTS.get(key, SORTS[DEFAULT_SORT])
    if key == "rank" and rank_ids_in_rank_order():
        fields = RANK_ID_SORT
    if sort and sort.startswith("-") and key in SORTS:
        return [f"-{f}" for f in fields]
    return list(fields)


def _sort_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = []
    for key, label in SORT_LABELS.items():
        choices.append((key, label))
        choices.append((f"-{key}", _("%(label)s (menurun)") % {"label": label}))
    return choices


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class RankChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rank) -> str:
        return f"PPPK {obj.code}" if obj.kind == RankKind.PPPK else f"{obj.code} {obj.pangkat}"


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class RankFilter(django_filters.ModelChoiceFilter):
    field_class = RankChoiceField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class EmployeeFilter(django_filters.FilterSet):
    """Search (name or NIP), unit subtree, golongan, employment type, education, position kind,
    status, retirement year and a whitelisted sort."""

    q = django_filters.CharFilter(
        label=_("Cari nama atau NIP"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = UnitFilter(
        label=_("Unit kerja (termasuk di bawahnya)"),
        queryset=OrgUnit.objects.none(),
        method="in_unit",
        empty_label=_("Semua unit"),
    )
    rank = RankFilter(
        label=_("Golongan"),
        queryset=Rank.objects.all(),
        field_name="rank",
        empty_label=_("Semua golongan"),
    )
    employment_type = django_filters.ChoiceFilter(
        label=_("Status kepegawaian"), choices=EmploymentType.choices, empty_label=_("Semua")
    )
    education = django_filters.ModelChoiceFilter(
        label=_("Pendidikan"),
        queryset=EducationLevel.objects.all(),
        field_name="education",
        empty_label=_("Semua"),
    )
    position_kind = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"),
        field_name="position__kind",
        choices=PositionKind.choices,
        empty_label=_("Semua"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EmployeeStatus.choices, empty_label=_("Semua")
    )
    retirement_year = YearFilter(
        label=_("Tahun pensiun"),
        field_name="retirement_date",
        lookup_expr="year",
        min_value=1950,
        max_value=2200,
        widget=forms.NumberInput(attrs={"placeholder": _("mis. 2030"), "inputmode": "numeric"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Urutkan"), choices=_sort_choices, method="sort_by", empty_label=_("Nama")
    )

    class Meta:
        model = Employee
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.user = user
        units = org_units_in_scope(user).only("id", "name", "depth", "path")
        self.filters["unit"].queryset = units
        self.form.fields["unit"].queryset = units
        self.form.fields["unit"].error_messages["invalid_choice"] = _(
            "Unit kerja itu tidak ada dalam cakupan Anda. Pilih unit dari daftar."
        )
        self.form.fields["retirement_year"].error_messages["min_value"] = _(
            "Tahun pensiun paling awal 1950. Tulis tahun empat angka, mis. 2030."
        )
        self.form.fields["retirement_year"].error_messages["max_value"] = _(
            "Tahun pensiun paling lambat 2200. Tulis tahun empat angka, mis. 2030."
        )
        self.form.fields["sort"].error_messages["invalid_choice"] = _(
            "Urutan tidak dikenal. Pilih dari daftar “Urutkan”."
        )
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                field.widget.attrs.setdefault("class", "form-control form-control-sm")

    @property
    def has_unit_choices(self) -> bool:
        return self.form.fields["unit"].queryset.exists()

    def search(self, queryset: QuerySet[Employee], name: str, value: str) -> QuerySet[Employee]:
        cond = name_or_nip_q(value)
        return queryset if cond is None else queryset.filter(cond)

    def in_unit(
        self, queryset: QuerySet[Employee], name: str, value: OrgUnit | None
    ) -> QuerySet[Employee]:
        if value is None:
            return queryset
        return queryset.filter(org_unit__path__startswith=value.path)

    def sort_by(self, queryset: QuerySet[Employee], name: str, value: str) -> QuerySet[Employee]:
        return queryset.order_by(*order_for(value))

    def applied(self) -> dict[str, Any]:
        """The filter as JSON-safe data (for the audit of an export)."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        out: dict[str, Any] = {}
        for key, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            out[key] = value.pk if hasattr(value, "pk") else value
        return out
