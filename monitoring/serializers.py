"""What the monitoring API reads and answers (seed 004 §二.1, 3). Serializers shape input; the
services decide (who may, from which state, with what)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.api import ID_MAX
from ecoorigin.text import CheckedTextSerializerMixin

from . import selectors
from .models import MonitoringPlan, MonitoringPoint, PlanHistory, PlanItem, SampleResult

TEXTAREA = {"base_template": "textarea.html"}


def id_field(**kwargs) -> serializers.IntegerField:
    """An id in a body: a whole number a 64-bit column can hold."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


class MonitoringPlanSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A monitoring plan. HQ creates a national plan with its `year`; a bureau creates its local
    plan with the published `national_plan` it follows (its year is that plan's)."""

    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=_("国家计划的年度。")
    )
    national_plan = id_field(
        source="national_plan_id",
        required=False,
        allow_null=True,
        help_text=_("地方计划所依据的已发布实施的国家监测计划的 id。"),
    )
    bureau = serializers.CharField(source="bureau.code", read_only=True, allow_null=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = MonitoringPlan
        fields = [
            "id", "level", "level_display", "year", "national_plan", "bureau", "title",
            "focus_products", "notes", "state", "state_display", "published_at",
            "results_published_at", "closed_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "level", "state", "published_at", "results_published_at", "closed_at", "created_at",
            "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            "focus_products": {"style": TEXTAREA},
            "notes": {"style": TEXTAREA, "required": False},
        }


class MonitoringPlanUpdateSerializer(MonitoringPlanSerializer):
    """PATCH of a draft plan: its text only."""

    year = serializers.IntegerField(read_only=True)
    national_plan = serializers.IntegerField(source="national_plan_id", read_only=True)


class PlanTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /monitoring-plans/{id}/transitions/{name}/."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )


class PlanHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = PlanHistory
        fields = [
            "transition", "from_state", "to_state", "actor", "reason", "comment", "data",
            "created_at",
        ]  # fmt: skip


class ProductSummarySerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    product = serializers.CharField()
    samples = serializers.IntegerField()
    failed = serializers.IntegerField()
    pass_rate = serializers.FloatField(help_text=_("合格率（%），保留一位小数。"))


class MonitoringPointSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A bureau's monitoring point (监测点)."""

    bureau = serializers.CharField(source="bureau.code", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MonitoringPoint
        fields = [
            "id", "bureau", "name", "kind", "kind_display", "place", "products", "active",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"active": {"required": False}, "products": {"required": False}}


class PlanItemSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A line of a local plan: product, monitoring point, sampling quota and schedule."""

    plan = id_field(source="plan_id", help_text=_("草稿状态的地方监测计划的 id。"))
    point = id_field(source="point_id", help_text=_("计划所属直属局在用的监测点的 id。"))
    point_name = serializers.CharField(source="point.name", read_only=True)

    class Meta:
        model = PlanItem
        fields = [
            "id", "plan", "product", "point", "point_name", "hazards", "quota", "starts_on",
            "ends_on",
        ]  # fmt: skip
        extra_kwargs = {
            "quota": {"min_value": 1, "max_value": 100_000},
            "hazards": {"required": False},
        }


class PlanItemUpdateSerializer(PlanItemSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)


class SampleResultSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """抽样检测结果, final once recorded; `supersedes` names the record a correction replaced and
    `superseded` says whether this one was corrected."""

    item = id_field(source="item_id", help_text=_("发布实施中的地方计划的监测项目的 id。"))
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    product = serializers.CharField(source="item.product", read_only=True)
    verdict_display = serializers.CharField(source="get_verdict_display", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    supersedes = serializers.IntegerField(source="supersedes_id", read_only=True, allow_null=True)
    superseded = serializers.BooleanField(source="corrected", read_only=True)

    class Meta:
        model = SampleResult
        fields = [
            "id", "plan", "item", "product", "sample_code", "sampled_on", "place",
            "enterprise_name", "credit_code", "laboratory", "verdict", "verdict_display",
            "failed_items", "notes", "supersedes", "superseded", "correction_reason",
            "recorded_by", "recorded_at",
        ]  # fmt: skip
        read_only_fields = ["correction_reason", "recorded_at"]
        extra_kwargs = {
            "enterprise_name": {"required": False},
            "credit_code": {"required": False, "validators": []},
            "failed_items": {"required": False, "style": TEXTAREA},
            "notes": {"required": False, "style": TEXTAREA},
        }


class ResultCorrectionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """The body of POST /monitoring-results/{id}/correct/: the sample's corrected facts and why."""

    reason = serializers.CharField(max_length=2000, style=TEXTAREA, help_text=_("更正理由。"))

    class Meta:
        model = SampleResult
        fields = [
            "sampled_on", "place", "enterprise_name", "credit_code", "laboratory", "verdict",
            "failed_items", "notes", "reason",
        ]  # fmt: skip
        extra_kwargs = {
            "enterprise_name": {"required": False},
            "credit_code": {"required": False, "validators": []},
            "failed_items": {"required": False, "style": TEXTAREA},
            "notes": {"required": False, "style": TEXTAREA},
        }


class PublicFailedSampleSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    product = serializers.CharField(source="item.product")

    class Meta:
        model = SampleResult
        fields = ["product", "enterprise_name", "sampled_on", "failed_items"]


class PublicPlanSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A plan whose bureau published its monitoring results."""

    response_only = True

    bureau = serializers.CharField(source="bureau.display_name")

    class Meta:
        model = MonitoringPlan
        fields = ["id", "year", "title", "bureau", "results_published_at"]


class PublicPlanResultsSerializer(PublicPlanSerializer):
    """A plan's published monitoring results, as society is told them: per product, and the
    failed samples' product, enterprise and failed items."""

    products = serializers.SerializerMethodField()
    failed_samples = serializers.SerializerMethodField()

    class Meta(PublicPlanSerializer.Meta):
        fields = [*PublicPlanSerializer.Meta.fields, "products", "failed_samples"]

    @extend_schema_field(ProductSummarySerializer(many=True))
    def get_products(self, plan):
        return ProductSummarySerializer(selectors.product_summary(plan=plan), many=True).data

    @extend_schema_field(PublicFailedSampleSerializer(many=True))
    def get_failed_samples(self, plan):
        return PublicFailedSampleSerializer(selectors.failed_samples(plan=plan), many=True).data
