from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from applications.models import ProductCategory
from casework.api import DRAW_FIELDS, DRAW_PLAN_FIELDS, DrawPlanSerializer
from ecoorigin.text import CheckedTextSerializerMixin
from regions.models import Bureau, Zone

from .models import Complaint, InspectionPlan, InspectionTarget


class TargetSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    case = serializers.IntegerField(source="application_id")
    product_name = serializers.CharField(source="application.product_name")
    enterprise = serializers.CharField(source="application.enterprise.name")
    bureau = serializers.CharField(source="application.bureau.code")
    inspectors = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = InspectionTarget
        fields = [
            "position",
            "case",
            "product_name",
            "enterprise",
            "bureau",
            "inspectors",
            "outcome",
        ]

    def get_outcome(self, target) -> str | None:
        inspection = getattr(target, "inspection", None)
        return inspection.outcome if inspection else None


class InspectionPlanSerializer(DrawPlanSerializer):
    """A plan; `targets` and `shortfalls` only for those who may see the draw (else null)."""

    zones = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Zone.objects.all(), required=False
    )
    bureaus = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Bureau.objects.all(), required=False
    )
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ProductCategory.objects.all(), required=False
    )
    owner_bureau = serializers.CharField(
        source="owner_bureau.code", read_only=True, allow_null=True
    )

    class Meta(DrawPlanSerializer.Meta):
        model = InspectionPlan
        fields = [
            "id", "name", "status", "owner_bureau", "zones", "bureaus", "categories",
            *DRAW_PLAN_FIELDS, "draw_at", *DRAW_FIELDS,
        ]  # fmt: skip

    def get_targets(self, plan) -> list[dict] | None:
        visible = self.context.get("visible_targets")
        return None if visible is None else TargetSerializer(visible, many=True).data


class ComplaintSubmitSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    product_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    bureau = serializers.SlugRelatedField(
        slug_field="code", queryset=Bureau.objects.all(), required=False, allow_null=True
    )
    content = serializers.CharField(
        max_length=5000, label=_("投诉举报内容"), style={"base_template": "textarea.html"}
    )
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=64)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class ComplaintStatusSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """What the complainant sees with the tracking code: progress, not internal detail."""

    status_display = serializers.CharField(source="get_status_display")
    outcome_display = serializers.CharField(source="get_outcome_display")

    class Meta:
        model = Complaint
        fields = [
            "tracking_code",
            "status",
            "status_display",
            "outcome",
            "outcome_display",
            "received_at",
            "due_date",
            "closed_at",
        ]
