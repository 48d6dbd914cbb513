"""Admin screen of the talent-box recommendations (data, PermenPANRB 3/2020); every change is
audited. The potential weights and cut-offs are edited on ``/talenta/pengaturan/`` (audited)."""

from __future__ import annotations

from penata.core.admin import admin_site
from penata.learning.admin import _AuditedAdmin
from penata.talent.models import BoxRecommendation, DisciplinarySanction


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
