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
    PlanConsent,
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
    organising_zone = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Zone.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "片区计划：由该片区的牵头单位制定，范围为片区各成员单位的辖区、检查人员来自各成员"
            "单位，各成员单位同意后才能抽取。"
        ),
    )

    class Meta(DrawPlanSerializer.Meta):
        model = InspectionPlan
        fields = [
            "id", "name", "status", "owner_bureau", "organising_zone", "zones", "bureaus",
            "categories", *DRAW_PLAN_FIELDS, "mixed_teams", "draw_at", *DRAW_FIELDS,
            "withdrawn_at", "withdrawal_reason",
        ]  # fmt: skip
        read_only_fields = [
            *DrawPlanSerializer.Meta.read_only_fields, "withdrawn_at", "withdrawal_reason",
        ]  # fmt: skip
        extra_kwargs = {
            **DrawPlanSerializer.Meta.extra_kwargs,
            "exclude_own_bureau": {
                "required": False,
                "default": None,
                "allow_null": True,
                "help_text": _(
                    "回避被检对象所在直属局人员：总局和片区的计划默认回避；直属局的计划从本局"
                    "人员中选派，不适用（填 true 将被拒绝）。"
                ),
            },
            "mixed_teams": {
                "required": False,
                "default": None,
                "allow_null": True,
                "help_text": _(
                    "混合编组：每组成员尽量来自不同直属局。京津冀专区的片区计划（联动抽查）默认且"
                    "必须混合编组（填 false 将被拒绝）；直属局的计划不适用（填 true 将被拒绝）；"
                    "其他计划默认不混合。"
                ),
            },
        }

    def get_targets(self, plan) -> list[dict] | None:
        visible = self.context.get("visible_targets")
        return None if visible is None else TargetSerializer(visible, many=True).data


class InspectionPlanCreateSerializer(BeaconDeclaration, InspectionPlanSerializer):
    """A new plan: its fields and the lottery draw it must declare."""

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        values["zone"] = values.pop("organising_zone", None)
        return values


class PlanConsentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A member bureau's 同意 or 不同意 of a zone plan, as recorded."""

    response_only = True

    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    decision_display = serializers.CharField(source="get_decision_display")
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = PlanConsent
        fields = [
            "id", "bureau", "bureau_name", "decision", "decision_display", "actor",
            "decided_at", "comment",
        ]  # fmt: skip


class PlanConsentStatusSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """One bureau whose consent a zone plan needs, with its answer (null: none yet)."""

    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    record = PlanConsentSerializer(allow_null=True)


class PlanConsentBodySerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """同意 or 不同意 of a zone plan by a member bureau; 不同意 needs its reason (`comment`)."""

    decision = serializers.ChoiceField(choices=PlanConsent.Decision.choices)
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style={"base_template": "textarea.html"}
    )


class PlanWithdrawSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """撤回 a zone plan, with the reason."""

    reason = serializers.CharField(max_length=2000, style={"base_template": "textarea.html"})


class DispatchedStaffSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """派员配合: one of the bureau's staff drawn for a plan it does not manage, and when; no
    target and no other member of the team."""

    plan = serializers.IntegerField(source="inspectiontarget.plan_id")
    plan_name = serializers.CharField(source="inspectiontarget.plan.name")
    planned_date = serializers.DateField(source="inspectiontarget.plan.planned_date")
    drawn_at = serializers.DateTimeField(source="inspectiontarget.plan.drawn_at")
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.get_full_name")
    bureau = serializers.CharField(source="user.bureau.code", default=None, allow_null=True)


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
