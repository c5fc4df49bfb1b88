"""风险监测计划 in the admin: searchable, read only. Plans change state only through their
transitions (the case engine: the state field is FSM-protected), their text, items and points
only through the services that check who may edit them and when (monitoring.services, audited);
history and the samples' results are append-only records."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin, ReadOnlyInline

from .models import MonitoringPlan, MonitoringPoint, PlanHistory, PlanItem, SampleResult

HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class PlanHistoryInline(ReadOnlyInline):
    model = PlanHistory
    fields = HISTORY_FIELDS


class PlanItemInline(ReadOnlyInline):
    model = PlanItem
    fields = ["product", "point", "hazards", "quota", "starts_on", "ends_on"]


@admin.register(MonitoringPlan)
class MonitoringPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "level", "year", "bureau", "state", "published_at"]
    list_filter = ["level", "state", "year", "bureau"]
    list_select_related = ["bureau"]
    search_fields = ["title"]
    readonly_fields = ["state"]
    inlines = [PlanItemInline, PlanHistoryInline]


@admin.register(PlanHistory)
class PlanHistoryAdmin(ReadOnlyAdmin):
    """监测计划流转记录: append-only."""

    list_display = ["created_at", "plan", "transition", "from_state", "to_state", "actor"]
    list_filter = ["transition"]
    list_select_related = ["plan", "actor"]


@admin.register(MonitoringPoint)
class MonitoringPointAdmin(ReadOnlyAdmin):
    list_display = ["name", "bureau", "kind", "place", "active"]
    list_filter = ["kind", "active", "bureau"]
    list_select_related = ["bureau"]
    search_fields = ["name", "place"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyAdmin):
    list_display = ["product", "plan", "point", "quota", "starts_on", "ends_on"]
    list_select_related = ["plan", "point"]
    search_fields = ["product", "plan__title"]


@admin.register(SampleResult)
class SampleResultAdmin(ReadOnlyAdmin):
    """抽样检测结果: final once recorded; a correction is a new row that supersedes one."""

    list_display = ["sample_code", "plan", "sampled_on", "enterprise_name", "verdict", "supersedes"]
    list_filter = ["verdict"]
    list_select_related = ["plan", "supersedes"]
    search_fields = ["sample_code", "enterprise_name", "credit_code"]
