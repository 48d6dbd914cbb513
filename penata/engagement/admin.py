"""Admin of change management (administrators only): the institution's thresholds — the
minimum group size for survey results (never below 5, enforced by a database constraint), the
hot-spot thresholds and how long a check-in code lives. Every change is audited with before and
after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from penata.core.admin import admin_site
from penata.core.audit import audit_record, snapshot
from penata.engagement.models import EngagementSettings


@admin.register(EngagementSettings, site=admin_site)
class EngagementSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "min_group_size",
        "hot_spot_readiness_below",
        "hot_spot_attendance_below",
        "checkin_code_minutes",
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="engagement_settings.change",
                obj=obj,
                before=before,
                after=snapshot(obj),
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not EngagementSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
