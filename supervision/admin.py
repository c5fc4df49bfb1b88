from django.contrib import admin

from accounts.admin_audit import AuditedModelAdmin, ReadOnlyAdmin

from .models import (
    Complaint,
    DrawView,
    FollowUpInspection,
    InspectionPlan,
    Interview,
    KeyWorkItem,
    PoolMember,
    Proposal,
    Rectification,
    SupervisionDocumentAccess,
)


@admin.register(PoolMember)
class PoolMemberAdmin(AuditedModelAdmin):
    list_display = ["user", "bureau", "kind", "available"]
    list_filter = ["kind", "available", "bureau"]
    list_select_related = ["user", "bureau"]
    search_fields = ["user__username", "user__first_name"]
    autocomplete_fields = ["user"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    """The secret seed, the snapshot and the result never show here (confidential draws)."""

    list_display = ["name", "owner_bureau", "planned_date", "status", "seed_commitment"]
    list_filter = ["status"]
    exclude = ["seed", "snapshot", "result"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "bureau", "status", "due_date", "received_at"]
    list_filter = ["status", "bureau"]
    search_fields = ["tracking_code"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]


@admin.register(KeyWorkItem)
class KeyWorkItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "bureau", "origin", "deadline", "status", "reported_at"]
    list_filter = ["origin", "status", "bureau"]
    list_select_related = ["bureau"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ["bureau", "department", "held_on", "interviewer", "reported_at"]
    list_filter = ["bureau"]
    list_select_related = ["bureau", "department"]


@admin.register(DrawView)
class DrawViewAdmin(ReadOnlyAdmin):
    list_display = ["viewed_at", "user", "plan", "via"]
    list_select_related = ["user", "plan"]


@admin.register(SupervisionDocumentAccess)
class SupervisionDocumentAccessAdmin(ReadOnlyAdmin):
    """监管材料查阅记录 (保密)."""

    list_display = ["accessed_at", "user", "document", "ip_address"]
    list_select_related = ["user", "document"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    """整改 (ADR 0021): read only; every step goes through the services."""

    list_display = ["application", "status", "deadline", "opened_at"]
    list_filter = ["status"]
    list_select_related = ["application"]


@admin.register(FollowUpInspection)
class FollowUpInspectionAdmin(ReadOnlyAdmin):
    """跟进检查 (ADR 0021): read only."""

    list_display = ["application", "bureau", "status", "due_date", "outcome"]
    list_filter = ["status", "bureau"]
    list_select_related = ["application", "bureau"]
