from django.contrib import admin

from accounts.admin_audit import AuditedModelAdmin

from .models import Agency, Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedModelAdmin):
    list_display = ["name", "uscc", "bureau", "contact_name", "created_at"]
    list_filter = ["bureau"]
    list_select_related = ["bureau"]
    search_fields = ["name", "uscc"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "contact_name"]
    search_fields = ["name", "code"]
