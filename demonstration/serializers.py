"""What the demonstration-zone API reads and answers. Serializers shape input; the services
decide (who may, from which state, with what)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.api import DRAW_FIELDS, DRAW_PLAN_FIELDS, BeaconDeclaration, DrawPlanSerializer
from ecoorigin.text import CheckedTextSerializerMixin

from . import workflow as wf
from .models import (
    FIRST_REPORT_YEAR,
    ArchiveEvent,
    ArchiveEventDocument,
    ArchiveEventHistory,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneAssessment,
    ZoneDocument,
    ZoneEnterprise,
    ZoneHistory,
    ZoneInspection,
    ZoneInspectionPlan,
    ZoneInspectionTarget,
    ZoneNotice,
    ZoneYearReport,
)
from .public_views import (
    ENTERPRISE_TITLE_STATUS,
    TITLE_STATUS,
    enterprise_title_status,
    title_status,
)
from .workflow import Cause

TEXTAREA = {"base_template": "textarea.html"}  # multi-line text (ecoorigin.text)


class ZoneStandardSummarySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """The version of its bureau's standard a provincial zone is assessed against."""

    class Meta:
        model = AssessmentStandard
        fields = ["version", "title", "pass_mark"]


class ZoneAssessmentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """评估: the team, its score per §四 condition, the total against the pass mark."""

    total = serializers.IntegerField(read_only=True, allow_null=True)
    passed = serializers.BooleanField(read_only=True)

    class Meta:
        model = ZoneAssessment
        fields = [
            "team",
            *(f"score_{code}" for code, _label in wf.CONDITIONS),
            "total",
            "pass_mark",
            "passed",
            "conclusion",
            "organised_at",
            "recorded_at",
        ]


class ZoneTitleSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """称号: its number and term, and whether its certificate has been rendered."""

    pdf_ready = serializers.SerializerMethodField()

    class Meta:
        model = DemonstrationZone
        fields = ["number", "designated_at", "valid_until", "pdf_ready"]

    def get_pdf_ready(self, zone) -> bool:
        return bool(zone.certificate_pdf)


# Figures travel as JSON numbers in hundredths: the string pattern drf-spectacular writes for a
# decimal admits "" and "-", which the field refuses.
@extend_schema_field({"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01})
class PercentField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.update(max_digits=5, decimal_places=2, min_value=0, max_value=100)
        super().__init__(coerce_to_string=False, **kwargs)


@extend_schema_field(
    {"type": "number", "minimum": 0, "maximum": 999999999999.99, "multipleOf": 0.01}
)
class AmountField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.update(max_digits=14, decimal_places=2, min_value=0)
        super().__init__(coerce_to_string=False, **kwargs)


class DemonstrationZoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A zone: the application and its §四 self-assessment as the local government sent them,
    and what the workflow set (state, standard, assessment, title), which is read-only."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    standard = ZoneStandardSummarySerializer(read_only=True, allow_null=True)
    export_value = AmountField(label=_("年度出口额（万美元）"))
    export_share = PercentField(label=_("占全国（或全省）同类行业出口比例（%）"))
    local_share = PercentField(label=_("占当地出口总量比重（%）"))
    assessment = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()

    class Meta:
        model = DemonstrationZone
        fields = [
            "id",
            "level",
            "level_display",
            "name",
            "applicant",
            "bureau",
            "industry",
            "enterprise_count",
            "cluster",
            "export_value",
            "export_share",
            "local_share",
            "quality",
            "organisation",
            "in_quality_appraisal",
            "state",
            "state_display",
            "standard",
            "assessment",
            "title",
            "withdrawal_reason",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "withdrawal_reason",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "cluster": {"max_length": 5000},
            "quality": {"max_length": 5000},
            "organisation": {"max_length": 5000},
        }

    def get_assessment(self, zone) -> ZoneAssessmentSerializer(allow_null=True):
        try:
            assessment = zone.assessment
        except ZoneAssessment.DoesNotExist:
            return None
        return ZoneAssessmentSerializer(assessment).data

    def get_title(self, zone) -> ZoneTitleSerializer(allow_null=True):
        return ZoneTitleSerializer(zone).data if zone.number else None


class DemonstrationZoneUpdateSerializer(DemonstrationZoneSerializer):
    """PATCH: the level is chosen once, when the application is created."""

    class Meta(DemonstrationZoneSerializer.Meta):
        read_only_fields = ["level", *DemonstrationZoneSerializer.Meta.read_only_fields]


class ZoneHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True)  # null: the system

    class Meta:
        model = ZoneHistory
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


class ZoneTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST …/transitions/{name}/; which fields a transition needs, and whether it
    needs a reason, is checked by the case engine and the programme, so the rules live in one
    place (GET …/transitions/ says it for each transition)."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )
    team = serializers.CharField(
        required=False,
        max_length=2000,
        style=TEXTAREA,
        help_text=_("评估组成员（组织评估）。"),
    )
    score_cluster = serializers.IntegerField(
        required=False, min_value=0, max_value=wf.CONDITION_MAX, help_text=wf.CONDITIONS[0][1]
    )
    score_export = serializers.IntegerField(
        required=False, min_value=0, max_value=wf.CONDITION_MAX, help_text=wf.CONDITIONS[1][1]
    )
    score_quality = serializers.IntegerField(
        required=False, min_value=0, max_value=wf.CONDITION_MAX, help_text=wf.CONDITIONS[2][1]
    )
    score_organisation = serializers.IntegerField(
        required=False, min_value=0, max_value=wf.CONDITION_MAX, help_text=wf.CONDITIONS[3][1]
    )
    valid_years = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=10,
        help_text=_("称号有效期（年，认定命名）；不填则按系统默认。"),
    )


class ZoneDocumentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = ZoneDocument
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
        ]


class ZoneDocumentUploadSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)
    kind = serializers.ChoiceField(choices=ZoneDocument.Kind.choices)


class ArchiveDocumentSerializer(ZoneDocumentSerializer):
    """质量档案事件材料."""

    class Meta(ZoneDocumentSerializer.Meta):
        model = ArchiveEventDocument


class ArchiveDocumentUploadSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)
    kind = serializers.ChoiceField(
        choices=ArchiveEventDocument.Kind.choices,
        help_text=_(
            "event：事件原始材料，结案前；investigation：调查材料，录入处理措施前；"
            "actions：处理文书，认定问题原因后、结案前；other：其他，结案前。"
        ),
    )


class ZoneStandardSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """省级示范区评估标准: a bureau publishes title, text and pass mark; its bureau, the version
    (the next of that bureau's) and who published it are the service's."""

    bureau = serializers.CharField(source="bureau.code", read_only=True)
    published_by = serializers.CharField(source="published_by.username", read_only=True)

    class Meta:
        model = AssessmentStandard
        fields = [
            "id",
            "bureau",
            "version",
            "title",
            "text",
            "pass_mark",
            "published_at",
            "published_by",
        ]
        read_only_fields = ["version", "published_at"]
        extra_kwargs = {
            "text": {"max_length": 20000},
            "pass_mark": {"min_value": 0, "max_value": 100},
        }


class PublicEnterpriseSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """示范企业 as announced (those granted the title): never a proposal or an assessment."""

    response_only = True

    status = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()

    class Meta:
        model = ZoneEnterprise
        fields = [
            "number",
            "name",
            "credit_code",
            "granted_at",
            "status",
            "status_display",
            "withdrawal_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=list(ENTERPRISE_TITLE_STATUS.items())))
    def get_status(self, enterprise) -> str:
        return enterprise_title_status(enterprise)

    def get_status_display(self, enterprise) -> str:
        return str(ENTERPRISE_TITLE_STATUS[enterprise_title_status(enterprise)])


class PublicZoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """What anyone may know of a title (示范区名录, 称号查验): never the self-assessment, the
    assessment or the materials."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    bureau = serializers.CharField(source="bureau.name", read_only=True)
    bureau_en = serializers.CharField(source="bureau.name_en", read_only=True)
    status = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()
    enterprises = serializers.SerializerMethodField()

    class Meta:
        model = DemonstrationZone
        fields = [
            "number",
            "name",
            "level",
            "level_display",
            "applicant",
            "bureau",
            "bureau_en",
            "industry",
            "designated_at",
            "valid_until",
            "status",
            "status_display",
            "withdrawal_reason",
            "enterprises",
        ]
        read_only_fields = fields

    @extend_schema_field(PublicEnterpriseSerializer(many=True))
    def get_enterprises(self, zone):
        """示范企业 of the zone, those granted the title (public_zones prefetches them)."""
        return PublicEnterpriseSerializer(zone.titled_enterprises, many=True).data

    @extend_schema_field(serializers.ChoiceField(choices=list(TITLE_STATUS.items())))
    def get_status(self, zone) -> str:
        return title_status(zone, timezone.localdate())

    def get_status_display(self, zone) -> str:
        return str(TITLE_STATUS[title_status(zone, timezone.localdate())])


# ---------------------------------------------------------------- 入区企业 and 示范企业


class EnterpriseTitleSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """示范企业称号: its number and date, and the published reason once withdrawn."""

    response_only = True

    class Meta:
        model = ZoneEnterprise
        fields = ["number", "granted_at", "withdrawal_reason"]


class ZoneEnterpriseSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """入区企业 of a zone: what the local government proposed (name, credit code, products) and
    what the workflow set, which is read-only."""

    state_display = serializers.CharField(source="get_state_display", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    admitted_by = serializers.CharField(
        source="admitted_by.username", read_only=True, allow_null=True
    )
    exited_by = serializers.CharField(source="exited_by.username", read_only=True, allow_null=True)
    title = serializers.SerializerMethodField()

    class Meta:
        model = ZoneEnterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "products",
            "state",
            "state_display",
            "proposed_by",
            "created_at",
            "admitted_at",
            "admitted_by",
            "exited_at",
            "exited_by",
            "exit_reason",
            "assessment_passed",
            "assessment_conclusion",
            "title",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "created_at",
            "admitted_at",
            "exited_at",
            "exit_reason",
            "assessment_passed",
            "assessment_conclusion",
            "updated_at",
        ]
        extra_kwargs = {"credit_code": {"min_length": 18}}
        validators = []  # one enterprise per zone: the service's rule (400 naming credit_code)

    def get_title(self, enterprise) -> EnterpriseTitleSerializer(allow_null=True):
        return EnterpriseTitleSerializer(enterprise).data if enterprise.number else None


class EnterpriseTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST …/enterprises/{enterprise_id}/transitions/{name}/ (GET …/transitions/
    says what each transition needs)."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )
    passed = serializers.BooleanField(
        required=False, help_text=_("评估结论是否合格（录入示范企业评估结论）。")
    )


class EnterpriseHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = EnterpriseHistory
        fields = ZoneHistorySerializer.Meta.fields


# ---------------------------------------------------------------- 质量档案


class ArchiveEventSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """质量档案事件: what the bureau opened it with (writable once), and the investigation,
    cause, actions and closure recorded by its transitions (read-only)."""

    enterprise = serializers.IntegerField(
        source="enterprise_id",
        min_value=1,
        max_value=2147483647,
        help_text=_("本示范区已入区企业的 id。"),
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    # Blank until the event is classified.
    cause = serializers.ChoiceField(choices=Cause.choices, allow_blank=True, read_only=True)
    cause_display = serializers.CharField(source="get_cause_display", read_only=True)
    opened_by = serializers.CharField(source="opened_by.username", read_only=True)

    class Meta:
        model = ArchiveEvent
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "kind",
            "kind_display",
            "occurred_on",
            "product",
            "reference",
            "description",
            "state",
            "state_display",
            "opened_by",
            "opened_at",
            "findings",
            "cause",
            "cause_display",
            "feedback",
            "negotiation",
            "support",
            "penalty",
            "announcement",
            "cancel_zone_title",
            "conclusion",
            "closed_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "opened_at",
            "findings",
            "cause",
            "feedback",
            "negotiation",
            "support",
            "penalty",
            "announcement",
            "cancel_zone_title",
            "conclusion",
            "closed_at",
            "updated_at",
        ]
        extra_kwargs = {"description": {"max_length": 5000}}


class ArchiveTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST …/archive-events/{event_id}/transitions/{name}/: the actions asked for
    depend on the event's cause (GET …/transitions/ lists each step's fields)."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )
    findings = serializers.CharField(
        required=False, max_length=5000, style=TEXTAREA, help_text=_("调查情况（录入调查情况）。")
    )
    cause = serializers.ChoiceField(
        choices=Cause.choices, required=False, help_text=_("问题原因（认定问题原因）。")
    )
    feedback = serializers.CharField(
        required=False,
        max_length=5000,
        style=TEXTAREA,
        help_text=_("反馈情况（国外法规、市场监督、设计方面问题）。"),
    )
    negotiation = serializers.CharField(
        required=False,
        max_length=5000,
        style=TEXTAREA,
        help_text=_("交涉情况（国外法规、市场监督、设计方面问题）。"),
    )
    support = serializers.CharField(
        required=False, max_length=5000, style=TEXTAREA, help_text=_("帮扶措施（企业能力不足）。")
    )
    penalty = serializers.CharField(
        required=False, max_length=5000, style=TEXTAREA, help_text=_("处罚措施（恶意违法）。")
    )
    announcement = serializers.CharField(
        required=False,
        max_length=2000,
        style=TEXTAREA,
        help_text=_("恶意违法：示范企业称号撤销原因，在示范区名录中公告。"),
    )
    cancel_zone_title = serializers.BooleanField(
        required=False, help_text=_("恶意违法：同时撤销示范区称号。")
    )
    conclusion = serializers.CharField(
        required=False, max_length=5000, style=TEXTAREA, help_text=_("结案意见（结案）。")
    )


class ArchiveEventHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = ArchiveEventHistory
        fields = ZoneHistorySerializer.Meta.fields


class ZoneNoticeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """通知书 to the caller's local government: what was decided, on which zone (and enterprise),
    when it was sent and read, and whether its PDF is ready."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    zone = serializers.IntegerField(source="zone_id", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True, allow_null=True)
    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, allow_null=True
    )
    pdf_ready = serializers.SerializerMethodField()

    class Meta:
        model = ZoneNotice
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "body",
            "title_en",
            "body_en",
            "zone",
            "zone_name",
            "enterprise",
            "enterprise_name",
            "created_at",
            "read_at",
            "pdf_ready",
        ]
        read_only_fields = fields

    def get_pdf_ready(self, notice) -> bool:
        return bool(notice.pdf)


# ---------------------------------------------------------------- 年度建设情况报告


class ZoneYearReportSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """年度建设情况报告 of a zone's year: what its bureau writes (the year's export value and
    enterprises, 经验做法, 存在问题, 下一步工作), the counts from the portal's records and the
    submission, which are read-only."""

    zone = serializers.IntegerField(
        source="zone_id",
        min_value=1,
        max_value=2147483647,
        help_text=_("本局辖区内示范区的 id（该年度持有示范区称号）。"),
    )
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    bureau = serializers.CharField(source="zone.bureau.code", read_only=True)
    year = serializers.IntegerField(
        min_value=FIRST_REPORT_YEAR, max_value=9999, help_text=_("报告年度，不晚于本年度。")
    )
    export_value = AmountField(label=_("年度出口额（万美元）"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = ZoneYearReport
        fields = [
            "id",
            "zone",
            "zone_name",
            "bureau",
            "year",
            "export_value",
            "enterprise_count",
            "titled_enterprises",
            "quality_events",
            "experience",
            "problems",
            "next_steps",
            "status",
            "status_display",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "submitted_by",
        ]
        read_only_fields = [
            "titled_enterprises",
            "quality_events",
            "status",
            "created_at",
            "updated_at",
            "submitted_at",
        ]
        extra_kwargs = {
            "enterprise_count": {"min_value": 0, "max_value": 2147483647},
            "experience": {"max_length": 20000},
            "problems": {"max_length": 20000},
            "next_steps": {"max_length": 20000},
        }
        validators = []  # one report per zone and year: the service's rule (400 naming year)


class ZoneYearReportUpdateSerializer(ZoneYearReportSerializer):
    """PATCH of a draft: the zone and the year are those it was started with."""

    zone = serializers.IntegerField(source="zone_id", read_only=True)
    year = serializers.IntegerField(read_only=True)


# ---------------------------------------------------------------- 监督检查 (§七.3)


class ZoneInspectionTargetSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A drawn zone, or enterprise of a zone, with its team and, once recorded, the outcome."""

    zone = serializers.IntegerField(source="zone_id", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True, allow_null=True)
    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, allow_null=True
    )
    bureau = serializers.CharField(source="zone.bureau.code", read_only=True)
    inspectors = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = ZoneInspectionTarget
        fields = [
            "id",
            "position",
            "zone",
            "zone_name",
            "enterprise",
            "enterprise_name",
            "bureau",
            "inspectors",
            "outcome",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=ZoneInspection.Outcome.choices, allow_null=True)
    )
    def get_outcome(self, target) -> str | None:
        inspection = getattr(target, "inspection", None)
        return inspection.outcome if inspection else None


class MyZoneInspectionTargetSerializer(ZoneInspectionTargetSerializer):
    """One of the caller's inspections: the target, and the plan it was drawn by."""

    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    planned_date = serializers.DateField(source="plan.planned_date", read_only=True)

    class Meta(ZoneInspectionTargetSerializer.Meta):
        fields = [*ZoneInspectionTargetSerializer.Meta.fields, "plan", "plan_name", "planned_date"]
        read_only_fields = fields


class ZoneInspectionPlanSerializer(DrawPlanSerializer):
    """A plan: `owner_bureau` null for HQ's; `targets` only for those who may see the draw and
    `shortfalls` only for its managers (else null)."""

    owner_bureau = serializers.CharField(
        source="owner_bureau.code", read_only=True, allow_null=True
    )

    class Meta(DrawPlanSerializer.Meta):
        model = ZoneInspectionPlan
        fields = [
            "id", "name", "subject", "level", "status", "owner_bureau", *DRAW_PLAN_FIELDS,
            *DRAW_FIELDS,
        ]  # fmt: skip
        extra_kwargs = {
            **DrawPlanSerializer.Meta.extra_kwargs,
            "sample_size": {"min_value": 1},
            "team_size": {"min_value": 2, "max_value": 20},
            "exclude_own_bureau": {
                "help_text": _("仅总局的计划适用；直属局的计划从本局人员中选派，不回避。")
            },
        }

    @extend_schema_field(ZoneInspectionTargetSerializer(many=True, allow_null=True))
    def get_targets(self, plan):
        visible = self.context.get("visible_targets")
        return None if visible is None else ZoneInspectionTargetSerializer(visible, many=True).data


class ZoneInspectionPlanCreateSerializer(BeaconDeclaration, ZoneInspectionPlanSerializer):
    """A new plan: its fields and the lottery draw it must declare."""


class ZoneInspectionRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    findings = serializers.CharField(max_length=20000, label=_("检查发现"), style=TEXTAREA)
    outcome = serializers.ChoiceField(choices=ZoneInspection.Outcome.choices, label=_("检查结论"))


class ZoneInspectionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """检查记录: what the drawn inspector recorded."""

    target = serializers.IntegerField(source="target_id", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = ZoneInspection
        fields = ["id", "target", "findings", "outcome", "recorded_by", "recorded_at"]
        read_only_fields = fields
