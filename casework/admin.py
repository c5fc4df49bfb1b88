from django.contrib import admin

from accounts.admin_audit import AuditedModelAdmin

from .models import WorkingDayOverride


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(AuditedModelAdmin):
    """调休: HQ records announced working weekends and extra holidays."""

    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
