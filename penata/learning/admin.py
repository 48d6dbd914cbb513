"""Admin screens of competency development (administrators only): the regulation values that
are data — the institution's settings (the yearly JP target, the pass score, whether a passed
post-test raises the level, how long an assessment stays valid) and the activity types with
their mode and yearly JP cap. Every change is audited with before and after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from penata.core.admin import admin_site
from penata.core.audit import audit_record, snapshot
from penata.learning.models import ActivityType, LearningSettings


class _AuditedAdmin(admin.ModelAdmin):
    """Saves in one transaction with an audit event (``<model>.admin_change``); no deletion
    (rows are referenced by the ledger and by programs)."""

    audit_action = ""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=self.audit_action,
                obj=obj,
                before=before,
                after=snapshot(obj),
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- D: ledger settings ---


@admin.register(LearningSettings, site=admin_site)
class LearningSettingsAdmin(_AuditedAdmin):
    list_display = (
        "__str__",
        "jp_target",
        "default_pass_score",
        "raise_level_on_pass",
        "assessment_valid_years",
    )
    audit_action = "learning_settings.change"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not LearningSettings.objects.exists()


@admin.register(ActivityType, site=admin_site)
class ActivityTypeAdmin(_AuditedAdmin):
    list_display = ("code", "name", "mode", "default_jp", "max_jp_per_year", "citation")
    list_editable = ("max_jp_per_year",)
    list_filter = ("mode",)
    search_fields = ("code", "name")
    audit_action = "activity_type.change"
