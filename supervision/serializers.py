from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from applications.models import ProductCategory
from casework.api import DRAW_FIELDS, DRAW_PLAN_FIELDS, BeaconDeclaration, DrawPlanSerializer
from ecoorigin.text import CheckedTextSerializerMixin
from regions.models import Bureau, BureauDepartment, Zone

from .models import (
    Complaint,
    InspectionPlan,
    InspectionTarget,
    Interview,
    KeyWorkItem,
    KeyWorkProgress,
)


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


class InspectionPlanCreateSerializer(BeaconDeclaration, InspectionPlanSerializer):
    """A new plan: its fields and the lottery draw it must declare."""


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


# ---------------------------------------------------------------- 挂牌督办 and 约谈 (§18)


class KeyWorkProgressSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    reported_by = serializers.CharField(
        source="reported_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = KeyWorkProgress
        fields = ["id", "text", "reported_by", "created_at"]


class KeyWorkItemSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A 挂牌督办 item as its bureau and HQ see it, with its progress reports."""

    response_only = True

    bureau = serializers.CharField(source="bureau.code")
    origin_display = serializers.CharField(source="get_origin_display")
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.CharField(source="department.name", allow_null=True, default=None)
    status_display = serializers.CharField(source="get_status_display")
    opened_by = serializers.CharField(source="opened_by.username")
    closed_by = serializers.CharField(source="closed_by.username", allow_null=True, default=None)
    reported_by = serializers.CharField(
        source="reported_by.username", allow_null=True, default=None
    )
    progress = KeyWorkProgressSerializer(many=True)

    class Meta:
        model = KeyWorkItem
        fields = [
            "id", "bureau", "origin", "origin_display", "title", "description", "department",
            "department_name", "responsible_person", "deadline", "status", "status_display",
            "opened_by", "created_at", "progress", "closed_at", "closed_by", "closing_note",
            "reported_at", "reported_by", "escalated_at",
        ]  # fmt: skip


class KeyWorkOpenSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """挂牌督办: a bureau its own work (`bureau` left out), HQ an item on `bureau` (总局交办)."""

    bureau = serializers.SlugRelatedField(
        slug_field="code", queryset=Bureau.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, style={"base_template": "textarea.html"}
    )
    department = serializers.PrimaryKeyRelatedField(queryset=BureauDepartment.objects.all())
    responsible_person = serializers.CharField(max_length=64)
    deadline = serializers.DateField()


class ProgressReportSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    text = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})


class KeyWorkCloseSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    note = serializers.CharField(max_length=5000, style={"base_template": "textarea.html"})


class InterviewSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A 约谈 record as its bureau and HQ see it."""

    response_only = True

    bureau = serializers.CharField(source="bureau.code")
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    item = serializers.IntegerField(source="item_id", allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.username")
    reported_by = serializers.CharField(
        source="reported_by.username", allow_null=True, default=None
    )

    class Meta:
        model = Interview
        fields = [
            "id", "bureau", "department", "department_name", "department_head", "interviewer",
            "held_on", "item", "lagging_work", "guidance", "recorded_by", "recorded_at",
            "reported_at", "reported_by",
        ]  # fmt: skip


class InterviewRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """约谈 of one of the caller's bureau's departments (only a bureau records one)."""

    department = serializers.PrimaryKeyRelatedField(queryset=BureauDepartment.objects.all())
    department_head = serializers.CharField(max_length=64)
    interviewer = serializers.CharField(max_length=64)
    held_on = serializers.DateField()
    item = serializers.PrimaryKeyRelatedField(
        queryset=KeyWorkItem.objects.all(), required=False, allow_null=True
    )
    lagging_work = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})
    guidance = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})
