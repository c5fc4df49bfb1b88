"""国检试验区 in the admin: searchable, read only. Zones, measures and practices change only through
their transitions (the case engine: state fields are FSM-protected), their facts only through the
services that check who may edit them and when (pilotzones.services, audited); history, the
working group's opinions, 督查评估, commendations, adoptions and the bureau's supervision visits
are append-only records, and materials and notices are read on the zone's pages, where every
read of a material is logged."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    MeasureHistory,
    PilotZone,
    PilotZoneDocument,
    PilotZoneDocumentAccess,
    PilotZoneNotice,
    PracticeAdoption,
    PracticeHistory,
    ReplicablePractice,
    SupervisionVisit,
    ZoneHistory,
)

HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class ZoneHistoryInline(ReadOnlyInline):
    model = ZoneHistory
    fields = HISTORY_FIELDS


class OpinionInline(ReadOnlyInline):
    model = AcceptanceOpinion
    fields = ["department", "verdict", "opinion", "recorded_by", "recorded_at", "response"]


@admin.register(PilotZone)
class PilotZoneAdmin(ReadOnlyAdmin):
    list_display = ["name", "applicant", "bureau", "state", "number", "approved_at", "operator"]
    list_filter = ["state", "bureau"]
    list_select_related = ["applicant", "bureau", "operator"]
    search_fields = ["name", "number", "applicant__name"]
    readonly_fields = ["state"]
    inlines = [OpinionInline, ZoneHistoryInline]


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(ReadOnlyAdmin):
    """日常监督管理: final once recorded."""

    list_display = ["zone", "visited_on", "recorded_by", "created_at"]
    list_select_related = ["zone", "recorded_by"]
    search_fields = ["zone__name"]


@admin.register(ZoneHistory)
class ZoneHistoryAdmin(ReadOnlyAdmin):
    """试验区流转记录: append-only."""

    list_display = ["created_at", "zone", "transition", "from_state", "to_state", "actor"]
    list_filter = ["transition"]
    list_select_related = ["zone", "actor"]


@admin.register(AcceptanceOpinion)
class AcceptanceOpinionAdmin(ReadOnlyAdmin):
    """验收工作组意见: recorded once by the member department, answered by the lead's decision."""

    list_display = ["zone", "department", "verdict", "recorded_at", "recorded_by"]
    list_filter = ["verdict", "department"]
    list_select_related = ["zone", "department", "recorded_by"]
    search_fields = ["zone__name"]


@admin.register(PilotZoneDocument)
class PilotZoneDocumentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "zone", "kind", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["zone", "uploaded_by"]
    exclude = ["file"]  # read through the zone's page, where every read is logged


@admin.register(PilotZoneDocumentAccess)
class PilotZoneDocumentAccessAdmin(ReadOnlyAdmin):
    """查阅记录."""

    list_display = ["accessed_at", "user", "document", "ip_address"]
    list_select_related = ["user", "document"]


class MeasureHistoryInline(ReadOnlyInline):
    model = MeasureHistory
    fields = HISTORY_FIELDS


class AssessmentInline(ReadOnlyInline):
    model = MeasureAssessment
    fields = ["assessed_on", "effect", "findings", "assessed_by"]


@admin.register(InnovationMeasure)
class InnovationMeasureAdmin(ReadOnlyAdmin):
    list_display = ["title", "zone", "innovation", "beyond_rules", "state", "started_on"]
    list_filter = ["state", "innovation", "beyond_rules"]
    list_select_related = ["zone"]
    search_fields = ["title", "zone__name"]
    readonly_fields = ["state"]
    inlines = [AssessmentInline, MeasureHistoryInline]


@admin.register(MeasureHistory)
class MeasureHistoryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "measure", "transition", "from_state", "to_state", "actor"]
    list_filter = ["transition"]
    list_select_related = ["measure", "actor"]


@admin.register(MeasureAssessment)
class MeasureAssessmentAdmin(ReadOnlyAdmin):
    """督查评估: final once recorded."""

    list_display = ["measure", "assessed_on", "effect", "assessed_by"]
    list_filter = ["effect"]
    list_select_related = ["measure", "assessed_by"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    """通报表扬: public once issued."""

    list_display = ["document_number", "zone", "issued_on", "issued_by"]
    list_select_related = ["zone", "issued_by"]
    search_fields = ["document_number", "zone__name"]


class PracticeHistoryInline(ReadOnlyInline):
    model = PracticeHistory
    fields = HISTORY_FIELDS


class AdoptionInline(ReadOnlyInline):
    model = PracticeAdoption
    fields = ["bureau", "place", "adopted_on", "note", "recorded_by"]


@admin.register(ReplicablePractice)
class ReplicablePracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "zone", "innovation", "state", "number", "accepted_at"]
    list_filter = ["state", "innovation"]
    list_select_related = ["zone"]
    search_fields = ["title", "number", "zone__name"]
    readonly_fields = ["state"]
    inlines = [AdoptionInline, PracticeHistoryInline]


@admin.register(PracticeHistory)
class PracticeHistoryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "practice", "transition", "from_state", "to_state", "actor"]
    list_filter = ["transition"]
    list_select_related = ["practice", "actor"]


@admin.register(PracticeAdoption)
class PracticeAdoptionAdmin(ReadOnlyAdmin):
    """复制推广: append-only."""

    list_display = ["practice", "bureau", "place", "adopted_on", "recorded_by"]
    list_filter = ["bureau"]
    list_select_related = ["practice", "bureau", "recorded_by"]


@admin.register(PilotZoneNotice)
class PilotZoneNoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "title", "organisation", "kind", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    exclude = ["pdf"]
