"""What the demonstration-zone API reads and answers. Serializers shape input; the services
decide (who may, from which state, with what)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin

from . import workflow as wf
from .models import AssessmentStandard, DemonstrationZone, ZoneAssessment, ZoneDocument, ZoneHistory
from .public_views import TITLE_STATUS, title_status

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


class ZoneTransitionOptionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    name = serializers.CharField()
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.CharField())


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


class PublicZoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """What anyone may know of a title (示范区名录, 称号查验): never the self-assessment, the
    assessment or the materials."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    bureau = serializers.CharField(source="bureau.name", read_only=True)
    status = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()

    class Meta:
        model = DemonstrationZone
        fields = [
            "number",
            "name",
            "level",
            "level_display",
            "applicant",
            "bureau",
            "industry",
            "designated_at",
            "valid_until",
            "status",
            "status_display",
            "withdrawal_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=list(TITLE_STATUS.items())))
    def get_status(self, zone) -> str:
        return title_status(zone, timezone.localdate())

    def get_status_display(self, zone) -> str:
        return str(TITLE_STATUS[title_status(zone, timezone.localdate())])
