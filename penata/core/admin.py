"""The Django admin, for administrators only; audit rows are read-only there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from penata.core.access import has_perm
from penata.core.models import ApiToken, AuditEvent, TaskProgress, User
from penata.core.roles import Perm


class PenataAdminSite(admin.AdminSite):
    site_header = _("Administrasi Penata")
    site_title = _("Penata")
    index_title = _("Administrasi")

    def has_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, Perm.ADMIN_SITE)

    def login(self, request: HttpRequest, extra_context: Any = None) -> Any:
        """One sign-in page for the whole site: Penata's own, with throttling, lock-out and
        the second factor (the admin's password-only form would bypass them)."""
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied
        from django.urls import reverse

        if request.user.is_authenticated:
            raise PermissionDenied("admin site: administrators only")
        target = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(target, login_url=reverse("core:login"))


admin_site = PenataAdminSite(name="admin")


@admin.register(User, site=admin_site)
class PenataUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, (_("Peran"), {"fields": ("role",)}))  # type: ignore[misc]


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "request_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(TaskProgress, site=admin_site)
class TaskProgressAdmin(admin.ModelAdmin):
    list_display = ("label", "owner", "status", "done", "total", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
