"""API shapes of the 京津冀 cooperation's tasks and 年度行动计划."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin
from supervision.serializers import TargetSerializer

from .models import ActionPlan, ActionPlanHistory, Milestone, ProgressReport, Task, Unit


class CooperationUnitSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    name = serializers.CharField(source="display_name")

    class Meta:
        model = Unit
        fields = ["code", "name", "kind"]


class CooperationTaskSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    section_label = serializers.CharField(source="get_section_display")
    leads = CooperationUnitSerializer(many=True)
    participants = CooperationUnitSerializer(many=True)

    class Meta:
        model = Task
        fields = ["number", "section", "section_label", "text", "leads", "participants"]


# --- 年度行动计划 ----------------------------------------------------------------------------------

TEXTAREA = {"base_template": "textarea.html"}


class ProgressReportSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    reported_by = serializers.CharField(source="reported_by.username")

    class Meta:
        model = ProgressReport
        fields = ["id", "percent", "text", "completed_on", "reported_by", "reported_at"]


class MilestoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    task = serializers.IntegerField(source="task.number", help_text=_("重点任务序号"))
    overdue = serializers.BooleanField(help_text=_("审议通过的计划中到期未完成"))
    completed_late = serializers.BooleanField(help_text=_("晚于计划完成日期完成"))
    reports = ProgressReportSerializer(many=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "plan",
            "task",
            "title",
            "due_date",
            "percent",
            "completed_on",
            "overdue",
            "completed_late",
            "reports",
        ]


class ActionPlanSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    unit = serializers.CharField(source="unit_name", help_text=_("计划单位"))
    bureau = serializers.CharField(source="bureau.code", allow_null=True)
    organisation = serializers.CharField(source="organisation.code", allow_null=True)
    milestone_count = serializers.IntegerField()
    completed_count = serializers.IntegerField()
    overdue_count = serializers.IntegerField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "year",
            "unit",
            "bureau",
            "organisation",
            "state",
            "summary",
            "created_at",
            "submitted_at",
            "approved_at",
            "implementation",
            "reported_at",
            "milestone_count",
            "completed_count",
            "overdue_count",
        ]


class ActionPlanCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """起草年度行动计划; the unit is the caller's own."""

    year = serializers.IntegerField(help_text=_("年度：今年或明年"))
    summary = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, style=TEXTAREA, help_text=_("计划概述")
    )


class ActionPlanTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /cooperation-plans/{id}/transitions/{name}/: `reason` for a return,
    `implementation` for the year-end account."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )
    implementation = serializers.CharField(
        required=False, allow_blank=True, max_length=8000, style=TEXTAREA
    )


class ActionPlanHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = ActionPlanHistory
        fields = [
            "transition",
            "from_state",
            "to_state",
            "actor",
            "reason",
            "comment",
            "created_at",
        ]


class MilestoneCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """增加计划节点 to a plan the caller's unit is drafting."""

    plan = serializers.IntegerField(help_text=_("行动计划 id"))
    task = serializers.IntegerField(help_text=_("本单位牵头或参加的重点任务序号"))
    title = serializers.CharField(max_length=200, help_text=_("节点目标"))
    due_date = serializers.DateField(help_text=_("计划完成日期，在计划年度内"))


class ProgressReportCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text=_("完成进度(%)"))
    text = serializers.CharField(max_length=4000, style=TEXTAREA, help_text=_("进展情况"))
    completed_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("完成日期：进度为 100 时填写，不填为今天")
    )


# --- 联动抽查 ------------------------------------------------------------------------------------


class JointCheckMemberSerializer(serializers.Serializer):
    """A member of a joint check's team: who, and of which bureau."""

    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    bureau = serializers.CharField(source="bureau.code", allow_null=True)


class JointCheckTargetSerializer(TargetSerializer):
    """One target of a joint check (a drawn target's fields), with the mixed team (each member
    with their bureau) and the inspection's findings and time (null until recorded)."""

    response_only = True

    team = JointCheckMemberSerializer(source="inspectors", many=True)
    findings = serializers.CharField(source="inspection.findings", allow_null=True, default=None)
    recorded_at = serializers.DateTimeField(
        source="inspection.recorded_at", allow_null=True, default=None
    )

    class Meta(TargetSerializer.Meta):
        fields = [*TargetSerializer.Meta.fields, "team", "findings", "recorded_at"]


class JointCheckPlaceSerializer(serializers.Serializer):
    """One place's share of a joint check: targets, inspections recorded, by outcome."""

    code = serializers.CharField()
    label = serializers.CharField()
    targets = serializers.IntegerField()
    inspected = serializers.IntegerField()
    outcomes = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("按检查结论（代码）的检查记录数。")
    )


class JointCheckSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A joint check carried out (京津冀联动抽查): the plan, counts, and in one check's answer
    each place's share and every target."""

    response_only = True

    id = serializers.IntegerField()
    name = serializers.CharField()
    organised_by = serializers.CharField(source="owner_bureau.code")
    planned_date = serializers.DateField()
    mixed_teams = serializers.BooleanField()
    target_count = serializers.IntegerField()
    inspected_count = serializers.IntegerField()


class JointCheckDetailSerializer(JointCheckSerializer):
    places = JointCheckPlaceSerializer(many=True, source="joint_places")
    targets = JointCheckTargetSerializer(many=True, source="joint_targets")
