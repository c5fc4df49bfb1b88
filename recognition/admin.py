"""Mutual recognition in the admin: searchable, read only. Recognitions are recorded and
withdrawn only through the services (the case engine: state is FSM-protected); the history is
append-only."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin, ReadOnlyInline

from .models import Recognition, RecognitionHistory

HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class RecognitionHistoryInline(ReadOnlyInline):
    model = RecognitionHistory
    fields = HISTORY_FIELDS


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "holder_uscc", "kind", "title", "place", "state"]
    list_filter = ["state", "kind", "place"]
    list_select_related = ["granting_bureau", "granting_authority"]
    search_fields = ["number", "holder_uscc", "holder_name", "title", "document_number"]
    readonly_fields = ["state"]
    inlines = [RecognitionHistoryInline]
