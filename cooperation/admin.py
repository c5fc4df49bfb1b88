"""The cooperation's units, tasks and action plans in the admin: read only. A data migration
ships the seed's units and tasks (nobody edits the policy's text); plans change through their
unit's pages and the case engine."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin

from .models import ActionPlan, Milestone, ProgressReport, Task, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["number", "section", "__str__"]
    list_filter = ["section"]
    search_fields = ["text"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    """Plans change through their unit's pages and the case engine, never here."""

    list_display = ["year", "__str__", "state", "submitted_at", "approved_at"]
    list_filter = ["year", "state"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["plan", "task", "title", "due_date", "percent", "completed_on"]
    list_filter = ["plan__year"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["milestone", "percent", "reported_by", "reported_at"]
