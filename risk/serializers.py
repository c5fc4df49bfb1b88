"""What the API of 风险预警与快速反应 (seed 004) reads and answers. Serializers shape input; the
services decide (who may, from which state, with what). Components are named Risk… so that they
never meet another programme's in the schema."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.api import ID_MAX
from ecoorigin.text import CheckedTextSerializerMixin

from .models import (
    AssessmentOpinion,
    EmergencyAcknowledgement,
    EmergencyHistory,
    EmergencyReport,
    MeasureCatalogueEntry,
    MeasureHistory,
    MeasureProgress,
    ResponseMeasure,
    RiskSignal,
    RiskWarning,
    SignalDocument,
    SignalHistory,
    WarningHistory,
    WarningNotification,
    WarningStandard,
)
from .programme import MAX_EXPERTS
from .services import MAX_TARGETS
from .workflow import (
    Channel,
    Conclusion,
    Effect,
    EmergencyStatus,
    Grade,
    MeasureKind,
    Scope,
)

TEXTAREA = {"base_template": "textarea.html"}  # multi-line text (ecoorigin.text)
HISTORY_FIELDS = [
    "transition", "from_state", "to_state", "actor", "reason", "comment", "data", "created_at",
]  # fmt: skip


def id_field(**kwargs) -> serializers.IntegerField:
    """An id in a body: a whole number a 64-bit column can hold."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def text(limit: int, *, multiline: bool = False, **kwargs) -> serializers.CharField:
    if multiline:
        kwargs["style"] = TEXTAREA
    return serializers.CharField(max_length=limit, **kwargs)


def quantity(**kwargs) -> serializers.DecimalField:
    """A quantity in hundredths, under 1 万亿 (the service's limit)."""
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, coerce_to_string=False, **kwargs
    )


class RiskCaseBody(CheckedTextSerializerMixin, serializers.Serializer):
    """What every transition's body may carry (GET …/transitions/ says which transition needs
    a reason and which fields)."""

    reason = text(2000, multiline=True, required=False, allow_blank=True)
    comment = text(5000, multiline=True, required=False, allow_blank=True)


# ---------------------------------------------------------------- 风险信息


class RiskSignalReportSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """报告风险信息: an enterprise reports to its own bureau and a bureau's staff to theirs; HQ,
    an agency and an association name the bureau (`bureau`, its id)."""

    channel = serializers.ChoiceField(
        choices=Channel.choices,
        help_text=_(
            "企业只能报告 producer，评定机构 laboratory，行业协会 association；总局和直属局可录入各渠道。"
        ),
    )
    source = text(200)
    product = text(128)
    enterprise_name = text(128, required=False, allow_blank=True)
    enterprise_uscc = text(18, required=False, allow_blank=True)
    place = text(200)
    description = text(10_000, multiline=True)
    evidence = text(10_000, multiline=True, required=False, allow_blank=True)
    bureau = id_field(
        required=False, help_text=_("承办直属局的 id（总局、评定机构、行业协会报告时必填）。")
    )


class RiskFromComplaintSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """投诉举报转风险信息: the complaint, one the caller's bureau handles (or any, for HQ)."""

    complaint = id_field(help_text=_("本单位承办的投诉举报的 id。"))


class RiskOpinionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """评估专家意见: blank until the expert (or the assessing unit on the expert's behalf) has
    answered."""

    response_only = True

    expert_name = serializers.CharField(source="expert.name")
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True)

    class Meta:
        model = AssessmentOpinion
        fields = [
            "id", "expert", "expert_name", "drawn", "suggested_grade", "opinion", "recorded_by",
            "recorded_at",
        ]  # fmt: skip


class RiskOpinionRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """评估专家意见, once: the expert's own, or the assessing unit's entry of a written one."""

    suggested_grade = serializers.ChoiceField(choices=Conclusion.choices, label=_("建议结论"))
    opinion = text(10_000, multiline=True, label=_("评估意见"))
    opinion_id = id_field(
        required=False,
        help_text=_("组织评估的单位代专家录入书面意见时，所录入意见的 id；专家本人不填。"),
    )


class RiskSignalSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A signal as its reader may see it: what was reported, the state and, once concluded, the
    conclusion and the advice. In one signal's answer, `finding` and `opinions` are there only
    for the assessing unit and the experts assigned (context `may_read_assessment`)."""

    response_only = True

    channel_display = serializers.CharField(source="get_channel_display")
    state_display = serializers.CharField(source="get_state_display")
    bureau_code = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    reported_by = serializers.CharField(source="reported_by.username")
    merged_into = serializers.CharField(source="merged_into.number", allow_null=True)
    complaint = serializers.IntegerField(source="complaint_id", allow_null=True)

    class Meta:
        model = RiskSignal
        fields = [
            "id", "number", "channel", "channel_display", "source", "product", "enterprise_name",
            "enterprise_uscc", "place", "description", "evidence", "bureau", "bureau_code",
            "bureau_name", "complaint", "reported_by", "reported_at", "state", "state_display",
            "assessment_due_on", "conclusion", "failed_product", "consumer_advice",
            "concluded_at", "merged_into", "updated_at",
        ]  # fmt: skip


class RiskSignalDetailSerializer(RiskSignalSerializer):
    """One signal for the assessing unit and the experts assigned: with the finding and the
    experts' opinions (the view sets `assessment_opinions` from selectors.signal_opinions).
    Others get a RiskSignal, without either."""

    finding = serializers.CharField(
        required=False, help_text=_("评估意见（评估单位和评估专家可见）。")
    )
    opinions = RiskOpinionSerializer(
        source="assessment_opinions",
        many=True,
        required=False,
        help_text=_("评估专家意见（评估单位和评估专家可见）。"),
    )

    class Meta(RiskSignalSerializer.Meta):
        fields = [*RiskSignalSerializer.Meta.fields, "finding", "opinions"]


class RiskSignalTransitionSerializer(RiskCaseBody):
    """The body of POST /risk-signals/{id}/transitions/{name}/."""

    experts = serializers.ListField(
        child=id_field(),
        required=False,
        max_length=MAX_EXPERTS,
        help_text=_("点选的专家委员会委员 id（组织专家评估）。"),
    )
    draw = serializers.IntegerField(
        min_value=0,
        max_value=MAX_EXPERTS,
        required=False,
        help_text=_("从专家委员会随机抽取的人数，擅长该产品的优先（组织专家评估）。"),
    )
    due_on = serializers.DateField(
        required=False, help_text=_("评估期限；不填按总局设置的时限（组织专家评估）。")
    )
    conclusion = serializers.ChoiceField(
        choices=Conclusion.choices, required=False, help_text=_("评估结论（作出评估结论）。")
    )
    finding = text(10_000, multiline=True, required=False, help_text=_("评估意见。"))
    failed_product = serializers.BooleanField(
        required=False, help_text=_("产品风险评估不合格：结论向社会公布，须附消费提示。")
    )
    consumer_advice = text(10_000, multiline=True, required=False, allow_blank=True)
    into = text(24, required=False, help_text=_("所重复的风险信息编号（合并）。"))


class RiskSignalHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A history row; `data` and `comment` are empty for a reader who may not read the
    assessment (context `may_read_assessment`): they carry the experts and the finding."""

    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)  # null: the system

    class Meta:
        model = SignalHistory
        fields = HISTORY_FIELDS

    def to_representation(self, entry):
        answer = super().to_representation(entry)
        if not self.context.get("may_read_assessment"):
            answer.update(data={}, comment="")
        return answer


class RiskSignalDocumentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """风险信息证据材料: the file's name, type and size, who added it and when."""

    response_only = True

    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = SignalDocument
        fields = ["id", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


class RiskSignalDocumentUploadSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """One file of evidence: a PDF, JPEG or PNG (checked by its bytes)."""

    file = serializers.FileField(max_length=255, allow_empty_file=False)


# ---------------------------------------------------------------- 风险预警


class RiskTargetSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """预警目标企业: its name and, where known, its 统一社会信用代码."""

    name = text(128)
    uscc = text(18, required=False, allow_blank=True)


class RiskWarningWriteSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A draft warning. A bureau warns within its own area (`scope` bureau, grades Ⅲ and Ⅳ); HQ
    names the bureau (`scope_bureau`) or the zone (`scope_zone`) of a narrower scope."""

    title = text(200)
    grade = serializers.ChoiceField(choices=Grade.choices)
    scope = serializers.ChoiceField(choices=Scope.choices)
    scope_bureau = id_field(required=False, allow_null=True, help_text=_("关区直属局的 id。"))
    scope_zone = id_field(required=False, allow_null=True, help_text=_("片区的 id。"))
    products = text(300)
    description = text(10_000, multiline=True)
    consumer_advice = text(10_000, multiline=True, required=False, allow_blank=True)
    signal = id_field(
        required=False, allow_null=True, help_text=_("依据的、已作出评估结论的风险信息的 id。")
    )
    targets = RiskTargetSerializer(
        many=True, required=False, max_length=MAX_TARGETS, help_text=_("预警目标企业。")
    )


class RiskWarningSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A warning as its reader sees it; one warning's answer adds the enterprises it names that
    the reader may see (`targets`)."""

    response_only = True

    grade_display = serializers.CharField(source="get_grade_display")
    colour = serializers.CharField()
    scope_display = serializers.CharField(source="get_scope_display")
    scope_label = serializers.CharField()
    issuer = serializers.CharField(source="issuer_label")
    state_display = serializers.CharField(source="get_state_display")
    standard_version = serializers.IntegerField(source="standard.version")
    signal = serializers.IntegerField(source="signal_id", allow_null=True)

    class Meta:
        model = RiskWarning
        fields = [
            "id", "number", "title", "grade", "grade_display", "colour", "standard_version",
            "scope", "scope_display", "scope_bureau", "scope_zone", "scope_label", "products",
            "description", "consumer_advice", "signal", "issuing_bureau", "issuer", "state",
            "state_display", "created_at", "issued_at", "lifted_at", "updated_at",
        ]  # fmt: skip


class RiskWarningDetailSerializer(RiskWarningSerializer):
    """One warning: with the enterprises it names that the reader may see (context `targets`,
    selectors.warning_targets)."""

    targets = serializers.SerializerMethodField()

    class Meta(RiskWarningSerializer.Meta):
        fields = [*RiskWarningSerializer.Meta.fields, "targets"]

    @extend_schema_field(RiskTargetSerializer(many=True))
    def get_targets(self, warning) -> list[dict]:
        return [
            {"name": t.enterprise_name, "uscc": t.enterprise_uscc}
            for t in self.context.get("targets", ())
        ]


class RiskWarningTransitionSerializer(RiskCaseBody):
    """The body of POST /risk-warnings/{id}/transitions/{name}/."""

    grade = serializers.ChoiceField(
        choices=Grade.choices, required=False, help_text=_("新的预警等级（提高、降低预警等级）。")
    )


class RiskWarningHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A history row of a warning: issue, each change of grade (data: from and to) and lifting."""

    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = WarningHistory
        fields = HISTORY_FIELDS


class RiskNotificationSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """预警通报 to a bureau: for which change of the warning, at which grade, by when it is to be
    acknowledged, and whether it was."""

    response_only = True

    warning_number = serializers.CharField(source="warning.number", allow_null=True)
    warning_title = serializers.CharField(source="warning.title")
    transition = serializers.CharField(source="entry.transition")
    bureau_code = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", allow_null=True)
    overdue = serializers.BooleanField()

    class Meta:
        model = WarningNotification
        fields = [
            "id", "warning", "warning_number", "warning_title", "transition", "bureau",
            "bureau_code", "bureau_name", "grade", "created_at", "due_at", "emailed_at",
            "acknowledged_at", "acknowledged_by", "overdue",
        ]  # fmt: skip


class PublicRiskWarningSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A warning as the public reads it: never the enterprises it names nor the signal."""

    response_only = True

    grade_display = serializers.CharField(source="get_grade_display")
    colour = serializers.CharField()
    scope_label = serializers.CharField()
    issuer = serializers.CharField(source="issuer_label")
    state_display = serializers.CharField(source="get_state_display")

    class Meta:
        model = RiskWarning
        fields = [
            "number", "title", "grade", "grade_display", "colour", "scope", "scope_label",
            "products", "description", "consumer_advice", "issuer", "state", "state_display",
            "issued_at", "lifted_at",
        ]  # fmt: skip


class PublicRiskAssessmentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """风险评估不合格的产品: the product, the conclusion and the advice to consumers."""

    response_only = True

    conclusion_display = serializers.CharField(source="get_conclusion_display")
    concluded_on = serializers.SerializerMethodField()

    class Meta:
        model = RiskSignal
        fields = [
            "number", "product", "conclusion", "conclusion_display", "consumer_advice",
            "concluded_on",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.DATE)
    def get_concluded_on(self, signal) -> str | None:
        return timezone.localdate(signal.concluded_at).isoformat() if signal.concluded_at else None


# ---------------------------------------------------------------- 快速反应措施


class RiskMeasureAssignSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """部署快速反应措施: a measure of the catalogue that suits the warning's grade, to a bureau in
    its scope; a recall names the quantity concerned and its unit."""

    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    description = text(10_000, multiline=True)
    enterprise_name = text(128, required=False, allow_blank=True)
    enterprise_uscc = text(18, required=False, allow_blank=True)
    responsible_bureau = id_field(help_text=_("预警范围内责任直属局的 id。"))
    due_on = serializers.DateField(
        required=False, help_text=_("完成期限；不填按措施目录的默认期限。")
    )
    quantity_concerned = quantity(required=False, help_text=_("涉及数量（缺陷召回必填）。"))
    quantity_unit = text(16, required=False, allow_blank=True)


class RiskProgressSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """措施进展报告: what was done; for a recall, the quantity recalled so far."""

    response_only = True

    reported_by = serializers.CharField(source="reported_by.username")
    quantity_recalled = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = MeasureProgress
        fields = ["id", "text", "quantity_recalled", "reported_by", "reported_at"]


class RiskProgressReportSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A progress report of the responsible bureau; a recall's gives the quantity recalled so far."""

    text = text(10_000, multiline=True, label=_("进展情况"))
    quantity_recalled = quantity(
        required=False,
        help_text=_("累计召回数量（缺陷召回必填，不少于已报告的，不超过涉及数量）。"),
    )


class RiskMeasureSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A measure: what was assigned to whom by when, its state and, for a recall, the quantity
    recalled against the quantity concerned."""

    response_only = True

    kind_display = serializers.CharField(source="get_kind_display")
    state_display = serializers.CharField(source="get_state_display")
    warning_number = serializers.CharField(source="warning.number", allow_null=True)
    warning_grade = serializers.CharField(source="warning.grade")
    responsible_bureau_code = serializers.CharField(source="responsible_bureau.code")
    responsible_bureau_name = serializers.CharField(source="responsible_bureau.name")
    quantity_concerned = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    quantity_recalled = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False
    )
    recall_rate = serializers.FloatField(allow_null=True, help_text=_("召回率（%），仅缺陷召回。"))
    overdue = serializers.BooleanField()
    effect_display = serializers.CharField(source="get_effect_display")

    class Meta:
        model = ResponseMeasure
        fields = [
            "id", "warning", "warning_number", "warning_grade", "kind", "kind_display",
            "description", "enterprise_name", "enterprise_uscc", "responsible_bureau",
            "responsible_bureau_code", "responsible_bureau_name", "due_on", "overdue",
            "quantity_concerned", "quantity_recalled", "quantity_unit", "recall_rate", "state",
            "state_display", "assigned_at", "started_at", "result", "completed_at", "effect",
            "effect_display", "evaluation", "evaluated_at", "escalated_at", "lifted_at",
            "updated_at",
        ]  # fmt: skip


class RiskMeasureDetailSerializer(RiskMeasureSerializer):
    """One measure with its progress reports, the first first (context `progress`,
    selectors.measure_progress)."""

    progress = serializers.SerializerMethodField()

    class Meta(RiskMeasureSerializer.Meta):
        fields = [*RiskMeasureSerializer.Meta.fields, "progress"]

    @extend_schema_field(RiskProgressSerializer(many=True))
    def get_progress(self, measure) -> list[dict]:
        return RiskProgressSerializer(self.context.get("progress", ()), many=True).data


class RiskMeasureTransitionSerializer(RiskCaseBody):
    """The body of POST /risk-measures/{id}/transitions/{name}/."""

    result = text(10_000, multiline=True, required=False, help_text=_("完成情况（报告完成）。"))
    effect = serializers.ChoiceField(
        choices=Effect.choices, required=False, help_text=_("效果评价（评价措施效果）。")
    )
    evaluation = text(10_000, multiline=True, required=False, help_text=_("评价意见。"))


class RiskMeasureHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A history row of a measure (the system's rows have no actor)."""

    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = MeasureHistory
        fields = HISTORY_FIELDS


# ---------------------------------------------------------------- 目录与标准


class RiskCatalogueEntrySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """快速反应措施目录: a measure, the warning grades it suits and its default time in days."""

    response_only = True

    kind_display = serializers.CharField(source="get_kind_display")
    grades = serializers.ListField(
        child=serializers.ChoiceField(choices=Grade.choices), help_text=_("适用的预警等级。")
    )
    grade_labels = serializers.CharField()

    class Meta:
        model = MeasureCatalogueEntry
        fields = ["kind", "kind_display", "grades", "grade_labels", "default_days", "guidance"]


class RiskCriterionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The criteria of one grade of the standard."""

    response_only = True

    grade = serializers.ChoiceField(choices=Grade.choices)
    label = serializers.CharField()
    criteria = serializers.CharField()


class RiskStandardSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """风险预警等级划分标准 in force: its version and the criteria of each grade."""

    response_only = True

    criteria = serializers.SerializerMethodField()

    class Meta:
        model = WarningStandard
        fields = ["version", "title", "effective_from", "criteria", "adjustment", "created_at"]

    @extend_schema_field(RiskCriterionSerializer(many=True))
    def get_criteria(self, standard) -> list[dict]:
        return [
            {"grade": grade, "label": str(label), "criteria": criteria}
            for grade, label, criteria in standard.criteria()
        ]


# --- 京津冀突发公共卫生事件通报 (seed 003 §三.30) -----------------------------------------------


class RiskEmergencyAcknowledgementSerializer(
    CheckedTextSerializerMixin, serializers.ModelSerializer
):
    """通报收悉: one other place's bureau, and whether (and when, by whom) it confirmed receipt."""

    response_only = True

    bureau_code = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", allow_null=True)

    class Meta:
        model = EmergencyAcknowledgement
        fields = [
            "id", "bureau_code", "bureau_name", "created_at", "acknowledged_at", "acknowledged_by",
        ]  # fmt: skip


class RiskEmergencySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """突发公共卫生事件通报 as its reader sees it, with the six-hour clock (`deadline`, `status`,
    `minutes_left`: negative once late) and the other places' acknowledgements."""

    response_only = True

    bureau_code = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    recorded_by = serializers.CharField(source="recorded_by.username")
    state_display = serializers.CharField(source="get_state_display")
    deadline = serializers.DateTimeField(help_text=_("通报时限：获知时间后 6 小时（自然小时）。"))
    status = serializers.ChoiceField(
        choices=EmergencyStatus.choices,
        help_text=_("待通报（未逾期）、逾期未通报、按时通报或逾期通报。"),
    )
    minutes_left = serializers.SerializerMethodField(
        help_text=_("距通报时限的分钟数（已通报的按通报时间计）；负数为已逾期。")
    )
    acknowledgements = RiskEmergencyAcknowledgementSerializer(many=True)

    class Meta:
        model = EmergencyReport
        fields = [
            "id", "number", "title", "description", "location", "occurred_at", "learnt_at",
            "deadline", "bureau_code", "bureau_name", "recorded_by", "recorded_at", "state",
            "state_display", "status", "minutes_left", "handling", "notified_at", "escalated_at",
            "acknowledgements",
        ]  # fmt: skip

    def get_minutes_left(self, report) -> int:
        moment = report.notified_at or timezone.now()
        return int((report.deadline - moment).total_seconds() // 60)


class RiskEmergencyRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """登记突发公共卫生事件; the reporting bureau is the caller's own."""

    title = text(200, help_text=_("事件名称"))
    description = text(10_000, multiline=True, help_text=_("事件情况"))
    location = text(200, help_text=_("发生地点"))
    occurred_at = serializers.DateTimeField(help_text=_("发生时间，不晚于获知时间。"))
    learnt_at = serializers.DateTimeField(
        help_text=_("获知时间：6 小时通报时限由此起算；不晚于现在，不早于一年前。")
    )


class RiskEmergencyTransitionSerializer(RiskCaseBody):
    """The body of POST /risk-emergencies/{id}/transitions/{name}/."""

    handling = text(
        10_000, multiline=True, required=False, help_text=_("应急处置情况（通报其他成员）。")
    )


class RiskEmergencyHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A history row of a report: notified (data: late), escalated by the system (actor null)."""

    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = EmergencyHistory
        fields = HISTORY_FIELDS
