"""Admin of research partnerships: the policy topics outputs link to, and institutions.
Requests, releases and downloads are read-only here (their secret key is never shown)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from penata.core.admin import admin_site
from penata.research import models


@admin.register(models.PolicyTopic, site=admin_site)
class PolicyTopicAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "order")
    search_fields = ("title", "code")


@admin.register(models.Institution, site=admin_site)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "agreement_number", "is_active")
    search_fields = ("name", "short_name")


@admin.register(models.Download, site=admin_site)
class DownloadAdmin(admin.ModelAdmin):
    list_display = ("at", "release", "user", "kind", "ip_address")
    readonly_fields = ("release", "user", "kind", "at", "ip_address")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
