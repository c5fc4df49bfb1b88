from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from .models import AuditEntry, Job, User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "role",
        "bureau",
        "enterprise",
        "agency",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "is_active", "bureau"]
    list_select_related = ["bureau", "enterprise", "agency", "organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("角色与所属单位"),
            {
                "fields": [
                    "role",
                    "bureau",
                    "enterprise",
                    "agency",
                    "organisation",
                    "local_office",
                    "review_body",
                ]
            },
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("角色与所属单位"),
            {
                "fields": [
                    "role",
                    "bureau",
                    "enterprise",
                    "agency",
                    "organisation",
                    "local_office",
                    "review_body",
                ]
            },
        ),
    )
    autocomplete_fields = ["enterprise", "organisation"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: audit rows can be searched, never added, edited or deleted."""

    list_display = ["created_at", "actor", "action", "object_type", "object_repr", "source"]
    list_filter = ["action", "object_type", "source"]
    search_fields = ["object_repr", "object_id", "actor__username"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "owner", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
