"""Admin screens of planning (administrators only): the values the institution decides — the
effective working time, the cap and budget, the job-efficiency bands, the salary and allowance
tables — and the job analysis rows. Every change is audited with before and after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from penata.core.admin import admin_site
from penata.core.audit import audit_record, snapshot
from penata.planning.models import (
    AllowanceScale,
    EfficiencyBand,
    JobProfile,
    JobTask,
    PlanningSettings,
    SalaryScale,
)


class _AuditedAdmin(admin.ModelAdmin):
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


@admin.register(PlanningSettings, site=admin_site)
class PlanningSettingsAdmin(_AuditedAdmin):
    list_display = (
        "effective_minutes",
        "personnel_cap_percent",
        "regional_budget",
        "other_personnel_cost",
        "budget_is_demo",
        "min_years_to_retirement",
    )
    audit_action = "planning_settings.change"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not PlanningSettings.objects.exists()


@admin.register(EfficiencyBand, site=admin_site)
class EfficiencyBandAdmin(_AuditedAdmin):
    list_display = ("code", "label", "lower", "strict")
    audit_action = "efficiency_band.change"


@admin.register(SalaryScale, site=admin_site)
class SalaryScaleAdmin(_AuditedAdmin):
    list_display = ("rank", "monthly", "is_demo")
    list_editable = ("monthly", "is_demo")
    audit_action = "salary_scale.change"


@admin.register(AllowanceScale, site=admin_site)
class AllowanceScaleAdmin(_AuditedAdmin):
    list_display = ("class_grade", "monthly", "is_demo")
    list_editable = ("monthly", "is_demo")
    audit_action = "allowance_scale.change"


@admin.register(JobProfile, site=admin_site)
class JobProfileAdmin(_AuditedAdmin):
    list_display = ("position", "min_rank", "max_rank", "min_education")
    raw_id_fields = ("position",)
    audit_action = "job_profile.change"


@admin.register(JobTask, site=admin_site)
class JobTaskAdmin(_AuditedAdmin):
    list_display = ("position", "name", "output_unit", "volume", "minutes")
    raw_id_fields = ("position",)
    search_fields = ("name", "position__name")
    audit_action = "job_task.change"
