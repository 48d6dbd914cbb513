"""Admin screen of the talent-box recommendations (data, PermenPANRB 3/2020); every change is
audited. The potential weights and cut-offs are edited on ``/talenta/pengaturan/`` (audited)."""

from __future__ import annotations

from penata.core.admin import admin_site
from penata.learning.admin import _AuditedAdmin
from penata.talent.models import (
    BoxRecommendation,
    DisciplinarySanction,
    KeyPositionRequirement,
    SuccessionSettings,
)


class BoxRecommendationAdmin(_AuditedAdmin):
    audit_action = "box_recommendation.admin_change"
    list_display = ("box", "title", "recommendation")

    def has_add_permission(self, request: object) -> bool:
        return False


admin_site.register(BoxRecommendation, BoxRecommendationAdmin)


class DisciplinarySanctionAdmin(_AuditedAdmin):
    audit_action = "sanction.admin_change"
    list_display = ("employee", "level", "starts_on", "ends_on", "reference")
    raw_id_fields = ("employee",)


admin_site.register(DisciplinarySanction, DisciplinarySanctionAdmin)


class KeyPositionRequirementAdmin(_AuditedAdmin):
    audit_action = "key_position_requirement.admin_change"
    list_display = ("position", "min_rank", "min_education")
    raw_id_fields = ("position",)


class SuccessionSettingsAdmin(_AuditedAdmin):
    audit_action = "succession_settings.admin_change"
    list_display = ("ready_now_match", "soon_match", "per_position", "covered_min_ready")


admin_site.register(KeyPositionRequirement, KeyPositionRequirementAdmin)
admin_site.register(SuccessionSettings, SuccessionSettingsAdmin)
