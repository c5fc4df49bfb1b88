"""What the inspection pilot-zone API reads and answers (seed 002). Serializers shape input; the
services decide (who may, from which state, with what)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.api import ID_MAX
from ecoorigin.text import CheckedTextSerializerMixin, ControlCharacterValidator

from .models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    MeasureHistory,
    PilotZone,
    PilotZoneDocument,
    PilotZoneNotice,
    PracticeAdoption,
    PracticeHistory,
    ReplicablePractice,
    ZoneHistory,
)
from .workflow import Effect, Verdict

TEXTAREA = {"base_template": "textarea.html"}  # multi-line text (ecoorigin.text)
# The service's limit of the construction plan's figures (less than 1 亿).
FIGURE_MAX = Decimal("99999999.99")


def id_field(**kwargs) -> serializers.IntegerField:
    """An id in a body: a whole number a 64-bit column can hold."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


@extend_schema_field(
    {"type": "number", "minimum": 0, "maximum": float(FIGURE_MAX), "multipleOf": 0.01}
)
class FigureField(serializers.DecimalField):
    """A figure of the construction plan, a JSON number in hundredths from 0 to under 1 亿 (the
    string pattern drf-spectacular writes for a decimal admits "" and "-", which it refuses)."""

    def __init__(self, **kwargs):
        kwargs.update(max_digits=10, decimal_places=2, min_value=0, max_value=FIGURE_MAX)
        super().__init__(coerce_to_string=False, **kwargs)


class TextItem(serializers.CharField):
    """Text inside a dict or list of a body: text only (a number is no answer), and no control
    characters but line breaks and tabs (CheckedTextSerializerMixin sees top-level fields only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("style", TEXTAREA)
        super().__init__(**kwargs)
        self.validators.append(ControlCharacterValidator(multiline=True))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MeasureIdsField(serializers.ListField):
    """Ids of innovation measures: read from a list, answered from the related manager (the
    viewset prefetches it)."""

    def to_representation(self, data):
        return sorted(measure.pk for measure in data.all())


def history_fields() -> list[str]:
    return [
        "transition",
        "from_state",
        "to_state",
        "actor",
        "reason",
        "comment",
        "data",
        "created_at",
    ]


class CaseBody(CheckedTextSerializerMixin, serializers.Serializer):
    """What every transition's body may carry (GET …/transitions/ says which transition needs
    a reason and which fields)."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )


# ---------------------------------------------------------------- 国检试验区


class PilotZoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A zone: the construction plan's facts as the local government sent them, and what the
    workflow set (state, the bureau's recommendation, the acceptance, the approval, the
    operator), which is read-only."""

    state_display = serializers.CharField(source="get_state_display", read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    area = FigureField(label=_("规划面积（平方公里）"))
    expected_value = FigureField(label=_("预测年进出口货值（万美元）"))
    operator = serializers.IntegerField(source="operator_id", read_only=True, allow_null=True)
    operator_name = serializers.CharField(source="operator.name", read_only=True, allow_null=True)

    class Meta:
        model = PilotZone
        fields = [
            "id",
            "name",
            "applicant",
            "bureau",
            "bureau_name",
            "location",
            "area",
            "industries",
            "functions",
            "expected_batches",
            "expected_value",
            "leading_body",
            "state",
            "state_display",
            "submitted_at",
            "recommendation",
            "guidance",
            "recommended_at",
            "arrangement",
            "number",
            "approved_at",
            "operator",
            "operator_name",
            "operation_started_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "submitted_at",
            "recommendation",
            "guidance",
            "recommended_at",
            "arrangement",
            "number",
            "approved_at",
            "operation_started_on",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "name": {"help_text": _("试验区原则上统一命名为“xx国检试验区”。")},
            "functions": {"max_length": 10000},
            "leading_body": {"max_length": 10000},
            "expected_batches": {"min_value": 0, "max_value": 2**31 - 1},
        }


class PilotZoneTransitionSerializer(CaseBody):
    """The body of POST /pilot-zones/{id}/transitions/{name}/."""

    recommendation = serializers.CharField(
        required=False, max_length=5000, style=TEXTAREA, help_text=_("推荐意见（提出推荐意见）。")
    )
    guidance = serializers.CharField(
        required=False,
        max_length=5000,
        style=TEXTAREA,
        help_text=_("建设指导意见（提出推荐意见）。"),
    )
    arrangement = serializers.CharField(
        required=False,
        max_length=5000,
        style=TEXTAREA,
        help_text=_("验收安排：时间、地点、方式（组成验收工作组）。"),
    )
    responses = serializers.DictField(
        child=TextItem(max_length=5000),
        required=False,
        help_text=_("对成员司局异议的逐条答复，键为司局代码（批准建设、不予批准）。"),
    )
    operator = id_field(
        required=False, help_text=_("本关区已登记的试验区运营企业的 id（开始运行）。")
    )
    started_on = serializers.DateField(
        required=False, help_text=_("开始运行日期，不晚于今天；不填为今天（开始运行）。")
    )


class PilotZoneHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)  # null: the system

    class Meta:
        model = ZoneHistory
        fields = history_fields()


class PilotZoneDocumentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = PilotZoneDocument
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
        ]


class PilotZoneDocumentUploadSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)
    kind = serializers.ChoiceField(
        choices=PilotZoneDocument.Kind.choices,
        help_text=_(
            "construction_plan：建设方案，申请的地方人民政府，提交前或已申请时；recommendation："
            "推荐材料，辖区直属局，已申请时；acceptance：验收材料，通关司，验收中；other：其他，"
            "辖区直属局。"
        ),
    )


class AcceptanceOpinionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """验收意见 of one member department; verdict blank until it has answered, `response` the
    lead's answer to an objection, given with the decision."""

    response_only = True

    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True)
    verdict_display = serializers.CharField(source="get_verdict_display")
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True)

    class Meta:
        model = AcceptanceOpinion
        fields = [
            "id",
            "department",
            "department_name",
            "verdict",
            "verdict_display",
            "opinion",
            "recorded_by",
            "recorded_at",
            "response",
        ]


class OpinionRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A member department's opinion on the zone under acceptance, once."""

    verdict = serializers.ChoiceField(choices=Verdict.choices, label=_("意见"))
    opinion = serializers.CharField(
        max_length=5000,
        style=TEXTAREA,
        label=_("验收意见"),
        help_text=_("有异议的，请写明异议及理由。"),
    )


class PilotZoneNoticeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """试验区通知书 to the caller's local government: what was decided on which zone, when it
    was sent and read, and whether its PDF is ready."""

    response_only = True

    kind_display = serializers.CharField(source="get_kind_display")
    zone = serializers.IntegerField(source="zone_id")
    zone_name = serializers.CharField(source="zone.name")
    pdf_ready = serializers.SerializerMethodField()

    class Meta:
        model = PilotZoneNotice
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
            "created_at",
            "read_at",
            "pdf_ready",
        ]
        read_only_fields = fields

    def get_pdf_ready(self, notice) -> bool:
        return bool(notice.pdf)


# ---------------------------------------------------------------- 创新措施


class InnovationMeasureSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """创新措施 of a zone: what its bureau or government registered, and its state."""

    zone = id_field(source="zone_id", help_text=_("已批准建设的试验区的 id。"))
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    innovation_display = serializers.CharField(source="get_innovation_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    registered_by = serializers.CharField(source="registered_by.username", read_only=True)

    class Meta:
        model = InnovationMeasure
        fields = [
            "id",
            "zone",
            "zone_name",
            "title",
            "innovation",
            "innovation_display",
            "description",
            "beyond_rules",
            "rules_affected",
            "state",
            "state_display",
            "registered_by",
            "registered_at",
            "started_on",
            "ended_at",
            "updated_at",
        ]
        read_only_fields = ["state", "registered_at", "started_on", "ended_at", "updated_at"]
        extra_kwargs = {
            "description": {"max_length": 20000},
            "rules_affected": {"max_length": 20000},
        }


class InnovationMeasureUpdateSerializer(InnovationMeasureSerializer):
    """PATCH of a measure not yet reported or running: its zone is the one it was registered in."""

    zone = serializers.IntegerField(source="zone_id", read_only=True)


class MeasureTransitionSerializer(CaseBody):
    """The body of POST /innovation-measures/{id}/transitions/{name}/."""

    started_on = serializers.DateField(
        required=False, help_text=_("开始实施日期，不晚于今天；不填为今天（开始实施）。")
    )


class MeasureHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = MeasureHistory
        fields = history_fields()


class MeasureAssessmentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """督查评估 of a measure (not public)."""

    response_only = True

    effect_display = serializers.CharField(source="get_effect_display")
    assessed_by = serializers.CharField(source="assessed_by.username")

    class Meta:
        model = MeasureAssessment
        fields = [
            "id",
            "assessed_on",
            "effect",
            "effect_display",
            "findings",
            "assessed_by",
            "created_at",
        ]


class AssessSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    effect = serializers.ChoiceField(choices=Effect.choices, label=_("实施效果"))
    findings = serializers.CharField(max_length=20000, style=TEXTAREA, label=_("评估意见"))
    assessed_on = serializers.DateField(
        required=False,
        label=_("评估日期"),
        help_text=_("不晚于今天、不早于措施开始实施日期；不填为今天。"),
    )


# ---------------------------------------------------------------- 通报表扬


class CommendedMeasureSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    class Meta:
        model = InnovationMeasure
        fields = ["id", "title", "innovation"]


class CommendationSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """通报表扬 of a zone (public once issued): the notice's number, date and citation and the
    measures 督查评估 found 成效显著."""

    response_only = True

    zone = serializers.IntegerField(source="zone_id")
    zone_name = serializers.CharField(source="zone.name")
    zone_number = serializers.CharField(source="zone.number", allow_null=True)
    bureau = serializers.CharField(source="zone.bureau.code")
    bureau_name = serializers.CharField(source="zone.bureau.name")
    measures = CommendedMeasureSerializer(many=True)

    class Meta:
        model = Commendation
        fields = [
            "id",
            "zone",
            "zone_name",
            "zone_number",
            "bureau",
            "bureau_name",
            "document_number",
            "issued_on",
            "citation",
            "measures",
        ]


class CommendationIssueSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    zone = id_field(label=_("试验区"), help_text=_("已批准建设的试验区的 id。"))
    document_number = serializers.CharField(max_length=64, label=_("通报文号"))
    citation = serializers.CharField(max_length=20000, style=TEXTAREA, label=_("表扬事由"))
    measures = serializers.ListField(
        child=id_field(),
        allow_empty=False,
        min_length=1,
        max_length=100,
        label=_("成效显著的创新措施"),
        help_text=_("本试验区经督查评估成效显著的创新措施的 id。"),
    )
    issued_on = serializers.DateField(
        required=False, label=_("通报日期"), help_text=_("不晚于今天；不填为今天。")
    )


# ---------------------------------------------------------------- 可复制推广经验


class ReplicablePracticeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """可复制推广经验: what the zone's bureau wrote, and the library's number once accepted."""

    zone = id_field(source="zone_id", help_text=_("本局辖区内已批准建设的试验区的 id。"))
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    bureau = serializers.CharField(source="zone.bureau.code", read_only=True)
    innovation_display = serializers.CharField(source="get_innovation_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    measures = MeasureIdsField(
        child=id_field(),
        required=False,
        max_length=100,
        help_text=_("本试验区相关创新措施的 id。"),
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = ReplicablePractice
        fields = [
            "id",
            "zone",
            "zone_name",
            "bureau",
            "title",
            "innovation",
            "innovation_display",
            "summary",
            "content",
            "results",
            "measures",
            "state",
            "state_display",
            "number",
            "accepted_at",
            "withdrawal_reason",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "number",
            "accepted_at",
            "withdrawal_reason",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"content": {"max_length": 20000}, "results": {"max_length": 20000}}


class ReplicablePracticeUpdateSerializer(ReplicablePracticeSerializer):
    """PATCH of a draft or a returned practice: its zone is the one it was drawn from."""

    zone = serializers.IntegerField(source="zone_id", read_only=True)


class PracticeTransitionSerializer(CaseBody):
    """The body of POST /replicable-practices/{id}/transitions/{name}/."""


class PracticeHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = PracticeHistory
        fields = history_fields()


class AdoptionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """复制推广: where a bureau adopted a practice of the library."""

    response_only = True

    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")

    class Meta:
        model = PracticeAdoption
        fields = ["id", "bureau", "bureau_name", "place", "adopted_on", "note", "created_at"]


class AdoptSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    place = serializers.CharField(max_length=200, label=_("推广地点"))
    note = serializers.CharField(max_length=20000, style=TEXTAREA, label=_("推广情况"))
    adopted_on = serializers.DateField(
        required=False,
        label=_("推广日期"),
        help_text=_("不晚于今天、不早于经验入库日期；不填为今天。"),
    )


# ---------------------------------------------------------------- public


class PublicMeasureSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A running (or ended) measure of an approved zone, as the public sees it."""

    response_only = True

    innovation_display = serializers.CharField(source="get_innovation_display")
    state_display = serializers.CharField(source="get_state_display")

    class Meta:
        model = InnovationMeasure
        fields = [
            "title",
            "innovation",
            "innovation_display",
            "description",
            "state",
            "state_display",
            "started_on",
        ]


class PublicCommendationSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    class Meta:
        model = Commendation
        fields = ["document_number", "issued_on", "citation"]


class PublicPilotZoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """国检试验区名录 (no login): an approved zone, its operator, running measures and
    commendations; never the application's figures, the recommendation, the working group's
    opinions or the materials."""

    response_only = True

    state_display = serializers.CharField(source="get_state_display")
    applicant = serializers.CharField(source="applicant.name")
    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    bureau_name_en = serializers.CharField(source="bureau.name_en")
    operator = serializers.CharField(source="operator.name", allow_null=True)
    measures = PublicMeasureSerializer(source="public_measures", many=True)
    commendations = PublicCommendationSerializer(many=True)

    class Meta:
        model = PilotZone
        fields = [
            "number",
            "name",
            "applicant",
            "bureau",
            "bureau_name",
            "bureau_name_en",
            "location",
            "industries",
            "functions",
            "state",
            "state_display",
            "approved_at",
            "operator",
            "operation_started_on",
            "measures",
            "commendations",
        ]


class PublicPracticeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """可复制推广经验库 (no login): an accepted practice, its source zone and how often it was
    adopted."""

    response_only = True

    innovation_display = serializers.CharField(source="get_innovation_display")
    zone_name = serializers.CharField(source="zone.name")
    bureau = serializers.CharField(source="zone.bureau.code")
    bureau_name = serializers.CharField(source="zone.bureau.name")
    adoption_count = serializers.IntegerField()

    class Meta:
        model = ReplicablePractice
        fields = [
            "number",
            "title",
            "innovation",
            "innovation_display",
            "summary",
            "content",
            "results",
            "zone_name",
            "bureau",
            "bureau_name",
            "accepted_at",
            "adoption_count",
        ]
