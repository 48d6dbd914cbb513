"""Admin screens of the forum (administrators only): the settings (edit window, rate limit,
attachment size, JP for curated practices) and the categories by topic and by OPD. Every
change is audited with before and after; nothing is deleted here (threads point at them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from penata.core.admin import admin_site
from penata.core.audit import audit_record, snapshot
from penata.forum.models import Category, ForumSettings, Tag


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


@admin.register(ForumSettings, site=admin_site)
class ForumSettingsAdmin(_AuditedAdmin):
    list_display = (
        "__str__",
        "edit_window_minutes",
        "rate_limit_posts",
        "rate_window_minutes",
        "attachment_max_mb",
        "practice_jp_enabled",
        "practice_jp",
    )
    audit_action = "forum_settings.change"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ForumSettings.objects.exists()


@admin.register(Category, site=admin_site)
class CategoryAdmin(_AuditedAdmin):
    list_display = ("name", "slug", "kind", "opd", "order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ()
    raw_id_fields = ("opd",)
    audit_action = "forum_category.change"


@admin.register(Tag, site=admin_site)
class TagAdmin(_AuditedAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    audit_action = "forum_tag.change"
