from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin

from .forms import FIRST_YEAR, LAST_YEAR
from .models import Bureau, BureauCheck, BureauDepartment, Organisation, Zone


class BureauRefSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    code = serializers.CharField()
    name = serializers.CharField()


class ZoneSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    leads = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = ["code", "name", "name_en", "kind", "kind_display", "leads", "members"]

    def _seats(self, zone, role) -> list[dict]:
        return [
            {"code": m.bureau.code, "name": m.bureau.name, "name_en": m.bureau.name_en}
            for m in zone.memberships.all()
            if m.role == role
        ]

    def get_leads(self, zone) -> list[dict]:
        return self._seats(zone, "lead")

    def get_members(self, zone) -> list[dict]:
        return self._seats(zone, "member")


class ZoneSeatSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    code = serializers.CharField(source="zone.code")
    name = serializers.CharField(source="zone.name")
    name_en = serializers.CharField(source="zone.name_en")
    role = serializers.CharField()


class BureauSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    zones = ZoneSeatSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Bureau
        fields = ["code", "name", "full_name", "name_en", "full_name_en", "zones"]


class OrganisationSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """组织机构. Written once (POST); what fits which kind is the service's to judge, so the
    fields here only shape the body. `parent` takes an organisation the caller may see."""

    code = serializers.SlugField(max_length=32)
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level = serializers.ChoiceField(
        choices=Organisation.Level.choices, required=False, allow_blank=True, default=""
    )
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    bureau = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Bureau.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    bureau_name = serializers.CharField(
        source="bureau.full_name", read_only=True, allow_null=True, default=None
    )
    parent = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        default=None,
    )
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")

    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "name_en",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "bureau",
            "bureau_name",
            "parent",
            "credit_code",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["is_active", "created_at"]
        validators = []  # uniqueness is the service's to say, by field

    def get_fields(self):
        from .selectors import organisations_in_scope

        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["parent"].queryset = organisations_in_scope(user=request.user)
        return fields


class SummarySerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    id = serializers.IntegerField()
    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.full_name")
    year = serializers.IntegerField()
    status = serializers.CharField()
    late = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    figures_at = serializers.DateTimeField(allow_null=True)
    sections = serializers.SerializerMethodField()
    programmes = serializers.SerializerMethodField()
    next_year_plan = serializers.CharField()

    def get_programmes(self, summary) -> list[dict]:
        """The other programmes of the bureau's jurisdiction (示范区): figures only, beside the
        seven sections."""
        from . import figures

        return [
            {
                "key": section["key"],
                "label": str(section["label"]),
                "figures": {str(label): value for label, value in section["figures"]},
                "data": summary.programme_figures.get(section["key"], {}),
            }
            for section in figures.programme_sections(summary.programme_figures, summary.year)
        ]

    def get_sections(self, summary) -> list[dict]:
        from .services import summary_context

        return [
            {
                "key": section["key"],
                "label": str(section["label"]),
                "figures": {str(label): value for label, value in section["figures"]},
                "data": summary.figures.get(section["key"], {}),
                "narrative": section["narrative"],
            }
            for section in summary_context(summary)["sections"]
        ]


class YearSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)


@extend_schema_field({"type": "array", "items": {"type": "object", "additionalProperties": {}}})
class BreakdownField(serializers.JSONField):
    """得分构成 as ranking_compute stored it: passed through, not copied value by value (a
    ListField of DictFields did, ~450 values per ranking response)."""


class RankingEntrySerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    code = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2)
    rank = serializers.IntegerField()
    previous_rank = serializers.IntegerField(allow_null=True)
    change = serializers.SerializerMethodField()
    zone_ranks = serializers.DictField(child=serializers.IntegerField())
    zero_products = serializers.BooleanField()
    weighting_version = serializers.IntegerField(source="ranking.weighting.version")
    published = serializers.SerializerMethodField()
    breakdown = BreakdownField()

    def get_published(self, entry) -> bool:
        """Whether HQ has published (通报) the year's ranking."""
        return entry.ranking.published_at is not None

    def get_code(self, entry) -> str:
        return (entry.bureau or entry.zone).code

    def get_name(self, entry) -> str:
        return (entry.bureau or entry.zone).name

    def get_change(self, entry) -> int | None:
        """Places gained since last year (positive: moved up)."""
        return None if entry.previous_rank is None else entry.previous_rank - entry.rank


class RankingPublicationSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A year's ranking as published (通报) by HQ."""

    response_only = True

    year = serializers.IntegerField()
    weighting_version = serializers.IntegerField(source="weighting.version")
    computed_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(source="published_by.username")


class BureauDepartmentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """内设机构 of a bureau (seed 000 §18's 责任部门). A bureau registers its own (`is_active`
    applies to a change only: a new one is in use)."""

    bureau = serializers.CharField(source="bureau.code", read_only=True)
    name = serializers.CharField(max_length=64)
    name_en = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_active = serializers.BooleanField(required=False, default=True)

    class Meta:
        model = BureauDepartment
        fields = ["id", "bureau", "name", "name_en", "kind", "kind_display", "is_active"]


class BureauCheckSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """总局监督检查 of a bureau (seed 000 §19) as HQ and the checked bureau read it."""

    response_only = True

    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.display_full_name")
    status_display = serializers.CharField(source="get_status_display")
    overdue = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username")
    issued_by = serializers.CharField(source="issued_by.username", allow_null=True, default=None)
    reported_by = serializers.CharField(
        source="reported_by.username", allow_null=True, default=None
    )
    closed_by = serializers.CharField(source="closed_by.username", allow_null=True, default=None)

    class Meta:
        model = BureauCheck
        fields = [
            "id", "bureau", "bureau_name", "checked_on", "team", "scope", "findings",
            "requirements", "deadline", "status", "status_display", "overdue", "created_by",
            "created_at", "issued_at", "issued_by", "rectification", "reported_at", "reported_by",
            "return_note", "returned_at", "closing_note", "closed_at", "closed_by",
        ]  # fmt: skip

    def get_overdue(self, check) -> bool:
        """Waiting for the bureau's rectification past the deadline."""
        return check.status in BureauCheck.AWAITING_BUREAU and check.deadline < timezone.localdate()


class BureauCheckWriteSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A check HQ records or corrects while it is a draft (PATCH: the fields to change)."""

    bureau = serializers.SlugRelatedField(slug_field="code", queryset=Bureau.objects.all())
    checked_on = serializers.DateField()
    team = serializers.CharField(max_length=255)
    scope = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})
    findings = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})
    requirements = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})
    deadline = serializers.DateField()


class BureauCheckReportSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    rectification = serializers.CharField(
        max_length=10000, style={"base_template": "textarea.html"}
    )


class BureauCheckNoteSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """销号意见 or 退回意见."""

    note = serializers.CharField(max_length=5000, style={"base_template": "textarea.html"})
