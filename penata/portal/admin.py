from django.contrib import admin

from penata.core.admin import admin_site
from penata.portal.models import PortalSettings


@admin.register(PortalSettings, site=admin_site)
class PortalSettingsAdmin(admin.ModelAdmin):
    list_display = ("min_cell", "complaint_sla_days", "ikm_min_respondents")
