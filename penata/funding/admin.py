from django.contrib import admin

from penata.core.admin import admin_site
from penata.funding import models


class ContactInline(admin.TabularInline):
    model = models.PartnerContact
    extra = 0


@admin.register(models.Partner, site=admin_site)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "public_recognition", "is_active")
    list_filter = ("kind", "public_recognition")
    search_fields = ("name",)
    inlines = [ContactInline]


@admin.register(models.BudgetLine, site=admin_site)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ("sub_activity_code", "name", "fiscal_year", "ceiling", "is_active")
    list_filter = ("fiscal_year", "is_active")


admin_site.register(models.FundingSettings)
admin_site.register(models.PartnerMember)
admin_site.register(models.Agreement)
admin_site.register(models.Sponsorship)
