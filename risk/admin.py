"""风险预警与快速反应 in the admin. HQ keeps its settings here, audited: the time limits (one row),
the catalogue of measures with the grades each suits, and the warning standard, of which a new
version is added and a published one never changed (a warning keeps the version it was graded
by). Signals, warnings and measures change only through their transitions and services (the
case engine; state fields are FSM-protected): they are searchable and read only here."""

from django.contrib import admin

from accounts.admin_audit import AuditedModelAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AssessmentOpinion,
    EmergencyAcknowledgement,
    EmergencyHistory,
    EmergencyReport,
    MeasureCatalogueEntry,
    MeasureHistory,
    MeasureProgress,
    ResponseMeasure,
    RiskSettings,
    RiskSignal,
    RiskWarning,
    SignalHistory,
    WarningHistory,
    WarningNotification,
    WarningStandard,
    WarningTarget,
)


@admin.register(RiskSettings)
class RiskSettingsAdmin(AuditedModelAdmin):
    list_display = ["__str__", "acknowledgement_hours", "assessment_days", "escalation_days"]

    def has_add_permission(self, request):
        return not RiskSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MeasureCatalogueEntry)
class MeasureCatalogueAdmin(AuditedModelAdmin):
    list_display = ["kind", "grade_labels", "default_days"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WarningStandard)
class WarningStandardAdmin(AuditedModelAdmin):
    list_display = ["version", "title", "effective_from", "created_at"]

    def has_change_permission(self, request, obj=None):
        # A published version is final: a new version supersedes it.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class SignalHistoryInline(ReadOnlyInline):
    model = SignalHistory
    fields = HISTORY_FIELDS


class OpinionInline(ReadOnlyInline):
    model = AssessmentOpinion
    fields = ["expert", "drawn", "suggested_grade", "opinion", "recorded_by", "recorded_at"]


@admin.register(RiskSignal)
class RiskSignalAdmin(ReadOnlyAdmin):
    list_display = ["number", "product", "channel", "bureau", "state", "reported_at"]
    list_filter = ["state", "channel", "bureau"]
    search_fields = ["number", "product", "enterprise_name", "enterprise_uscc"]
    inlines = [OpinionInline, SignalHistoryInline]


class WarningHistoryInline(ReadOnlyInline):
    model = WarningHistory
    fields = [*HISTORY_FIELDS, "data"]


class TargetInline(ReadOnlyInline):
    model = WarningTarget
    fields = ["enterprise_name", "enterprise_uscc"]


@admin.register(RiskWarning)
class RiskWarningAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "grade", "scope", "state", "issued_at"]
    list_filter = ["state", "grade", "scope"]
    search_fields = ["number", "title", "products"]
    inlines = [TargetInline, WarningHistoryInline]


@admin.register(WarningNotification)
class WarningNotificationAdmin(ReadOnlyAdmin):
    list_display = ["warning", "bureau", "grade", "created_at", "due_at", "acknowledged_at"]
    list_filter = ["grade", "bureau"]


class MeasureHistoryInline(ReadOnlyInline):
    model = MeasureHistory
    fields = HISTORY_FIELDS


class ProgressInline(ReadOnlyInline):
    model = MeasureProgress
    fields = ["reported_at", "reported_by", "text", "quantity_recalled"]


@admin.register(ResponseMeasure)
class ResponseMeasureAdmin(ReadOnlyAdmin):
    list_display = ["warning", "kind", "responsible_bureau", "due_on", "state"]
    list_filter = ["state", "kind", "responsible_bureau"]
    search_fields = ["warning__number", "enterprise_name", "enterprise_uscc"]
    inlines = [ProgressInline, MeasureHistoryInline]


class EmergencyHistoryInline(ReadOnlyInline):
    model = EmergencyHistory
    fields = [*HISTORY_FIELDS, "data"]


class EmergencyAcknowledgementInline(ReadOnlyInline):
    model = EmergencyAcknowledgement
    fields = ["bureau", "created_at", "acknowledged_at", "acknowledged_by"]


@admin.register(EmergencyReport)
class EmergencyReportAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "title",
        "bureau",
        "learnt_at",
        "state",
        "notified_at",
        "escalated_at",
    ]
    list_filter = ["state", "bureau"]
    search_fields = ["number", "title", "location"]
    inlines = [EmergencyAcknowledgementInline, EmergencyHistoryInline]
