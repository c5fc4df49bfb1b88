"""Quality status reports in the admin: searchable, read only. Reports are drafted, edited,
submitted and returned only through the services (the case engine: state is FSM-protected); the
history is append-only."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin, ReadOnlyInline

from .models import QualityStatusReport, QualityStatusReportHistory

HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class QualityStatusReportHistoryInline(ReadOnlyInline):
    model = QualityStatusReportHistory
    fields = HISTORY_FIELDS


@admin.register(QualityStatusReport)
class QualityStatusReportAdmin(ReadOnlyAdmin):
    list_display = ["year", "place", "state", "submitted_at", "drafted_by"]
    list_filter = ["state", "place", "year"]
    list_select_related = ["drafted_by"]
    search_fields = ["overview", "problems", "measures"]
    readonly_fields = ["state"]
    inlines = [QualityStatusReportHistoryInline]
