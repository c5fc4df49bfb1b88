from django.contrib import admin

from accounts.admin_audit import AuditedModelAdmin

from .models import Bureau, Zone, ZoneMembership


class ZoneMembershipInline(admin.TabularInline):
    model = ZoneMembership
    extra = 1
    autocomplete_fields = ["bureau"]


@admin.register(Zone)
class ZoneAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [ZoneMembershipInline]


@admin.register(Bureau)
class BureauAdmin(AuditedModelAdmin):
    list_display = ["name", "full_name", "code"]
    search_fields = ["name", "full_name", "code"]
