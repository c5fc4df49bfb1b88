"""互查互评 in the admin: searchable, read only. Rounds, standards, case files and reviews are
written only through the services (the case engine for the round's state, which is
FSM-protected); the history is append-only and a review is never changed."""

from django.contrib import admin

from accounts.admin_audit import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Review,
    ReviewCriterion,
    ReviewedCase,
    ReviewRound,
    ReviewRoundHistory,
    ReviewScore,
)

HISTORY_FIELDS = ["created_at", "transition", "from_state", "to_state", "actor", "reason"]


class ReviewRoundHistoryInline(ReadOnlyInline):
    model = ReviewRoundHistory
    fields = HISTORY_FIELDS


class ReviewCriterionInline(ReadOnlyInline):
    model = ReviewCriterion
    fields = ["position", "text", "weight"]


class ReviewScoreInline(ReadOnlyInline):
    model = ReviewScore
    fields = ["criterion", "score", "finding"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "state", "assigned_at", "closed_at"]
    list_filter = ["state"]
    search_fields = ["title"]
    exclude = ["snapshot", "assignment"]
    inlines = [ReviewCriterionInline, ReviewRoundHistoryInline]


@admin.register(ReviewedCase)
class ReviewedCaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "kind", "place", "round", "reviewer", "reviewer_place"]
    list_filter = ["place", "kind", "round__year"]
    list_select_related = ["round", "reviewer"]
    search_fields = ["number", "title"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["case", "reviewer", "total", "submitted_at"]
    list_select_related = ["case", "reviewer"]
    search_fields = ["case__number", "case__title"]
    inlines = [ReviewScoreInline]
