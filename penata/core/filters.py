"""List filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from penata.core.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search")
    action = django_filters.CharFilter(label=_("Tindakan"), lookup_expr="istartswith")
    actor = django_filters.CharFilter(
        label=_("Pelaku"), field_name="actor_label", lookup_expr="iexact"
    )
    object_type = django_filters.CharFilter(label=_("Jenis objek"), lookup_expr="iexact")
    object_id = django_filters.CharFilter(label=_("ID objek"), lookup_expr="exact")
    since = django_filters.DateFilter(
        label=_("Dari tanggal"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def search(self, queryset: QuerySet[AuditEvent], name: str, value: str) -> QuerySet[AuditEvent]:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(object_repr__icontains=value) | Q(action__icontains=value) | Q(request_id=value)
        )
