"""Quality credit and the blacklist in the admin: searchable, read only. Grades are written only
by the recompute (credit.services.credit_recompute), rules are published by HQ through the
service, entries change only through their transitions (the case engine: state is
FSM-protected); grade changes and history are append-only."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin, ReadOnlyInline

from .models import BlacklistEntry, BlacklistHistory, CreditGrade, CreditGradeChange, CreditRule

HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class BlacklistHistoryInline(ReadOnlyInline):
    model = BlacklistHistory
    fields = HISTORY_FIELDS


class GradeChangeInline(ReadOnlyInline):
    model = CreditGradeChange
    fields = ["created_at", "from_grade", "to_grade", "from_score", "to_score", "rule_version"]


@admin.register(CreditRule)
class CreditRuleAdmin(ReadOnlyAdmin):
    list_display = ["version", "published_at", "published_by"]
    list_select_related = ["published_by"]


@admin.register(CreditGrade)
class CreditGradeAdmin(ReadOnlyAdmin):
    list_display = ["uscc", "name", "bureau", "grade", "score", "rule", "computed_at"]
    list_filter = ["grade", "bureau"]
    list_select_related = ["bureau", "rule"]
    search_fields = ["uscc", "name"]
    inlines = [GradeChangeInline]


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyAdmin):
    list_display = ["number", "enterprise_name", "uscc", "bureau", "state", "listed_on"]
    list_filter = ["state", "violation", "bureau"]
    list_select_related = ["bureau"]
    search_fields = ["number", "uscc", "enterprise_name", "decision_number"]
    readonly_fields = ["state"]
    inlines = [BlacklistHistoryInline]
