"""API shapes of 互查互评."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin

from . import selectors
from .models import Review, ReviewCriterion, ReviewedCase, ReviewRound, ReviewRoundHistory
from .workflow import TOTAL_WEIGHT, CaseKind

TEXTAREA = {"base_template": "textarea.html"}


class ReviewCriterionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    class Meta:
        model = ReviewCriterion
        fields = ["id", "position", "text", "weight"]


class ReviewRoundSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    created_by = serializers.CharField(source="created_by.username")
    criteria = ReviewCriterionSerializer(many=True)

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "year",
            "title",
            "state",
            "created_by",
            "created_at",
            "agreed_at",
            "assigned_at",
            "closed_at",
            "criteria",
        ]


class ReviewRoundOpenSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """开展年度互查互评 (HQ)."""

    year = serializers.IntegerField(min_value=2017, max_value=2100, help_text=_("年度"))
    title = serializers.CharField(max_length=200, help_text=_("名称"))


class ReviewCriterionAddSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """评查标准条目: its text and weight; the weights make 100 in all before the standard is
    agreed."""

    text = serializers.CharField(max_length=200, help_text=_("评查内容"))
    weight = serializers.IntegerField(
        min_value=1, max_value=TOTAL_WEIGHT, help_text=_("分值（该条目的满分）")
    )


class ReviewRoundTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /cooperation-reviews/{id}/transitions/{name}/."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )


class ReviewRoundHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = ReviewRoundHistory
        fields = [
            "transition",
            "from_state",
            "to_state",
            "actor",
            "reason",
            "comment",
            "data",
            "created_at",
        ]


class ReviewCriterionAverageSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    weight = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)


class ReviewPlaceComparisonSerializer(serializers.Serializer):
    place = serializers.CharField()
    label = serializers.CharField()
    entered = serializers.IntegerField(help_text=_("报送案卷数"))
    reviewed = serializers.IntegerField(help_text=_("已评查案卷数"))
    average = serializers.FloatField(allow_null=True, help_text=_("平均总分"))
    criteria = ReviewCriterionAverageSerializer(many=True)


class ReviewComparisonSerializer(serializers.Serializer):
    """三地对比: per place, in the order 北京, 天津, 河北."""

    places = ReviewPlaceComparisonSerializer(many=True)


class ReviewAssignmentSerializer(serializers.Serializer):
    """The assignment's data: anyone re-runs it with crossreview/assignment.py."""

    algorithm = serializers.IntegerField()
    seed = serializers.CharField()
    snapshot = serializers.DictField(help_text=_("分配时的案卷和评查人员名单"))
    assignment = serializers.DictField(
        child=serializers.IntegerField(allow_null=True), help_text=_("案卷 id → 评查人员 id")
    )
    matches = serializers.BooleanField(help_text=_("按种子和名单重新分配，结果是否一致"))


class CaseReviewScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    text = serializers.CharField(source="criterion.text")
    weight = serializers.IntegerField(source="criterion.weight")
    score = serializers.IntegerField()
    finding = serializers.CharField()


class CaseReviewSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    reviewer = serializers.CharField(source="reviewer.username")
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["reviewer", "total", "summary", "submitted_at", "scores"]

    @extend_schema_field(CaseReviewScoreSerializer(many=True))
    def get_scores(self, review) -> list[dict]:
        return CaseReviewScoreSerializer(selectors.scores_of(review=review), many=True).data


class ReviewedCaseSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A case file; its reviewer only for whom selectors.reviewer_shown allows (context
    `request`), its review once submitted."""

    response_only = True

    year = serializers.IntegerField(source="round.year")
    entered_by = serializers.CharField(source="entered_by.username")
    reviewer = serializers.SerializerMethodField()
    reviewer_place = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    class Meta:
        model = ReviewedCase
        fields = [
            "id",
            "round",
            "year",
            "place",
            "number",
            "title",
            "kind",
            "decided_on",
            "entered_by",
            "entered_at",
            "reviewer",
            "reviewer_place",
            "review",
        ]

    def _shown(self, case) -> bool:
        request = self.context.get("request")
        return (
            request is not None
            and case.reviewer_id is not None
            and selectors.reviewer_shown(case=case, user=request.user)
        )

    def get_reviewer(self, case) -> str | None:
        return case.reviewer.username if self._shown(case) else None

    def get_reviewer_place(self, case) -> str | None:
        return case.reviewer_place if self._shown(case) else None

    @extend_schema_field(CaseReviewSerializer(allow_null=True))
    def get_review(self, case) -> dict | None:
        review = getattr(case, "review", None)
        return CaseReviewSerializer(review).data if review is not None else None


class ReviewedCaseEnterSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """报送案卷; the place is the caller's own."""

    round = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("年度评查 id"))
    number = serializers.CharField(max_length=64, help_text=_("案卷编号"))
    title = serializers.CharField(max_length=200, help_text=_("案件名称"))
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    decided_on = serializers.DateField(help_text=_("结案日期，不晚于今天"))


class ReviewScoreEntrySerializer(CheckedTextSerializerMixin, serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    score = serializers.IntegerField(
        min_value=0, max_value=TOTAL_WEIGHT, help_text=_("得分：0 到该条目的分值")
    )
    finding = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        style=TEXTAREA,
        help_text=_("发现的问题；扣分的条目必填"),
    )


class ReviewSubmitSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """提交评查结果: every criterion of the standard scored once."""

    scores = ReviewScoreEntrySerializer(many=True)
    summary = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, style=TEXTAREA, help_text=_("总体评价")
    )
