"""API shapes of quality credit and the blacklist."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.credit import KINDS
from ecoorigin.text import CheckedTextSerializerMixin

from .models import BlacklistEntry, BlacklistHistory, CreditGrade, CreditGradeChange, CreditRule
from .workflow import Violation

TEXTAREA = {"base_template": "textarea.html"}


class ExplanationLineSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    label = serializers.CharField()
    points = serializers.IntegerField(help_text=_("加减分；各行之和等于信用分。"))
    kind = serializers.CharField(required=False)
    reference = serializers.CharField(required=False)
    date = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.CharField(required=False)
    note = serializers.CharField(required=False)


class CreditGradeChangeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    class Meta:
        model = CreditGradeChange
        fields = [
            "from_grade",
            "to_grade",
            "from_score",
            "to_score",
            "rule_version",
            "reason",
            "created_at",
        ]


class CreditGradeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    bureau = serializers.CharField(source="bureau.code", allow_null=True)
    rule_version = serializers.IntegerField(source="rule.version")

    class Meta:
        model = CreditGrade
        fields = ["id", "uscc", "name", "bureau", "grade", "score", "rule_version", "computed_at"]


class CreditGradeDetailSerializer(CreditGradeSerializer):
    explanation = ExplanationLineSerializer(many=True)
    changes = serializers.SerializerMethodField()

    class Meta(CreditGradeSerializer.Meta):
        fields = [*CreditGradeSerializer.Meta.fields, "explanation", "changes"]

    @extend_schema_field(CreditGradeChangeSerializer(many=True))
    def get_changes(self, grade) -> list:
        return CreditGradeChangeSerializer(grade.changes.order_by("-pk"), many=True).data


class CreditRuleSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    published_by = serializers.CharField(
        source="published_by.username", allow_null=True, read_only=True
    )
    weights = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=100),
        help_text=_("每类信用事项的扣分（0–100），键为：%(kinds)s。") % {"kinds": "、".join(KINDS)},
    )

    class Meta:
        model = CreditRule
        fields = [
            "version",
            "weights",
            "ended_percent",
            "half_after_years",
            "ignore_after_years",
            "grade_a_min",
            "grade_b_min",
            "grade_c_min",
            "note",
            "published_by",
            "published_at",
        ]
        read_only_fields = ["version", "published_by", "published_at"]
        extra_kwargs = {"note": {"style": TEXTAREA}}


class BlacklistEntrySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    bureau = serializers.CharField(source="bureau.code")
    proposed_by = serializers.CharField(source="proposed_by.username")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)

    class Meta:
        model = BlacklistEntry
        fields = [
            "id",
            "number",
            "uscc",
            "enterprise_name",
            "bureau",
            "violation",
            "reason",
            "state",
            "proposed_by",
            "proposed_at",
            "decision_number",
            "listed_on",
            "ends_on",
            "decided_by",
            "decided_at",
            "removed_on",
            "exit_proposals",
        ]


class BlacklistProposeSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    uscc = serializers.CharField(max_length=18, help_text=_("统一社会信用代码"))
    enterprise_name = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        help_text=_("企业名称；平台已有该企业记录的，以平台记录为准。"),
    )
    violation = serializers.ChoiceField(choices=Violation.choices)
    reason = serializers.CharField(max_length=4000, style=TEXTAREA)


class BlacklistTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /blacklist/{id}/transitions/{name}/."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )
    decision_number = serializers.CharField(
        required=False, max_length=64, help_text=_("决定文号（决定列入）。")
    )
    listed_on = serializers.DateField(
        required=False, help_text=_("列入日期，默认今天，不晚于今天（决定列入）。")
    )
    ends_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("公示截止日期，晚于列入日期和今天；不填则公示至移出（决定列入）。"),
    )


class BlacklistHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = BlacklistHistory
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


class PublicBlacklistEntrySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """公示: what 信用中国 shows of a listing, the deciding unit being HQ (海关总署)."""

    response_only = True

    deciding_unit = serializers.SerializerMethodField()

    class Meta:
        model = BlacklistEntry
        fields = [
            "number",
            "uscc",
            "enterprise_name",
            "violation",
            "reason",
            "decision_number",
            "listed_on",
            "ends_on",
            "deciding_unit",
        ]

    def get_deciding_unit(self, entry) -> str:
        return str(DECIDING_UNIT)


DECIDING_UNIT = _("海关总署")
