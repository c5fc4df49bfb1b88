"""The cooperation's units and tasks in the admin: read only, as the seed ships them (a data
migration writes them; nobody edits the policy's text)."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin

from .models import Task, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["number", "section", "__str__"]
    list_filter = ["section"]
    search_fields = ["text"]
