"""Admin screens of performance management (administrators only). Writes go through the services,
so they are checked and audited like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from penata.core.admin import admin_site
from penata.performance import services
from penata.performance.models import AppraiserOverride


@admin.register(AppraiserOverride, site=admin_site)
class AppraiserOverrideAdmin(admin.ModelAdmin):
    list_display = ("employee", "appraiser", "period", "reason")
    list_filter = ("period",)
    search_fields = ("employee__nip", "employee__name", "appraiser__nip", "appraiser__name")
    raw_id_fields = ("employee", "appraiser")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            old = AppraiserOverride.objects.get(pk=obj.pk)
            if (old.employee_id, old.period_id) != (obj.employee_id, obj.period_id):
                services.appraiser_override_delete(actor=request.user, override=old)
        saved = services.appraiser_override_set(
            actor=request.user,
            employee=obj.employee,
            appraiser=obj.appraiser,
            reason=obj.reason,
            period=obj.period,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.appraiser_override_delete(actor=request.user, override=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Bulk deletion would skip the audit; delete one at a time.
        return obj is not None and super().has_delete_permission(request, obj)
