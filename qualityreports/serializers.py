"""API shapes of the quality status reports. Each figure is a JSON number with its range (and its
decimals) in the schema, from figures.FIGURES; the service checks them again."""

from decimal import Decimal
from functools import cache

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin

from .figures import FIGURES, SECTION_LIMIT, SECTIONS
from .models import QualityStatusReport, QualityStatusReportHistory

TEXTAREA = {"base_template": "textarea.html"}


def _help(figure):
    text = (
        _("{label}（{unit}）：{minimum} 至 {maximum}，最多 {places} 位小数。")
        if figure.decimal_places
        else _("{label}（{unit}）：{minimum} 至 {maximum} 的整数。")
    )
    return format_lazy(
        text,
        label=figure.label,
        unit=figure.unit,
        minimum=figure.minimum,
        maximum=figure.maximum,
        places=figure.decimal_places,
    )


@cache
def _decimal_field_class(minimum: int, maximum: int) -> type:
    """A DecimalField documented as a JSON number from `minimum` to `maximum` (not the string
    drf-spectacular documents for a decimal); one class per range. No multipleOf: a validator
    of the schema divides in binary floating point, and 0.47 / 0.01 is not a whole number
    there; the decimals are said in the help text and checked by the field (400)."""
    schema = {"type": "number", "minimum": minimum, "maximum": maximum, "nullable": True}
    return extend_schema_field(schema)(
        type("FigureField", (serializers.DecimalField,), {"__module__": __name__})
    )


def figure_field(figure, **kwargs) -> serializers.Field:
    """A figure in a body or an answer: null while not filled in."""
    kwargs.setdefault("help_text", _help(figure))
    if not figure.decimal_places:
        return serializers.IntegerField(
            min_value=figure.minimum, max_value=figure.maximum, allow_null=True, **kwargs
        )
    field_class = _decimal_field_class(figure.minimum, figure.maximum)
    return field_class(
        max_digits=figure.max_digits,
        decimal_places=figure.decimal_places,
        min_value=Decimal(figure.minimum),
        max_value=Decimal(figure.maximum),
        allow_null=True,
        coerce_to_string=False,
        **kwargs,
    )


def section_field(label, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=SECTION_LIMIT, allow_blank=True, style=TEXTAREA, help_text=label, **kwargs
    )


class QualityReportSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    drafted_by = serializers.CharField(source="drafted_by.username")
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True)

    class Meta:
        model = QualityStatusReport
        fields = [
            "id",
            "place",
            "year",
            "state",
            *(figure.key for figure in FIGURES),
            *SECTIONS,
            "drafted_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "submitted_by",
            "return_reason",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for figure in FIGURES:
            fields[figure.key] = figure_field(figure, read_only=True)
        return fields


# The figures and sections of a body, built from figures.FIGURES and SECTIONS as if declared one
# by one (so that the text mixin guards the sections like any declared field).
_BodyFields = type(
    "_BodyFields",
    (serializers.Serializer,),
    {
        **{figure.key: figure_field(figure, required=False) for figure in FIGURES},
        **{key: section_field(label, required=False) for key, label in SECTIONS.items()},
        "__module__": __name__,
    },
)


class QualityReportUpdateSerializer(CheckedTextSerializerMixin, _BodyFields):
    """修改: the figures and sections sent (any of them); the others are kept."""


class QualityReportCreateSerializer(QualityReportUpdateSerializer):
    """起草: the year and any figures and sections; the place is the caller's own."""

    year = serializers.IntegerField(
        min_value=2017, max_value=9999, help_text=_("年度，不晚于今年；每地每年一份。")
    )


class QualityReportReturnSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000, style=TEXTAREA, help_text=_("退回原因"))


class QualityReportTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /quality-status-reports/{id}/transitions/{name}/."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )


class QualityReportHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = QualityStatusReportHistory
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


class QualityComparisonCellSerializer(serializers.Serializer):
    place = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    mark = serializers.ChoiceField(
        choices=[("highest", _("最高")), ("lowest", _("最低"))],
        allow_null=True,
        help_text=_("三地中最高或最低（至少两地报送且数值不同时）。"),
    )


class QualityComparisonRowSerializer(serializers.Serializer):
    figure = serializers.CharField(source="figure.key")
    label = serializers.CharField(source="figure.label")
    unit = serializers.CharField(source="figure.unit")
    higher_is_better = serializers.BooleanField(source="figure.higher_is_better")
    cells = QualityComparisonCellSerializer(many=True)


class QualityComparisonColumnSerializer(serializers.Serializer):
    place = serializers.CharField()
    label = serializers.CharField()
    report = serializers.IntegerField(
        source="report.pk", allow_null=True, help_text=_("已报送报告的 id；未报送为 null。")
    )


class QualityComparisonSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    columns = QualityComparisonColumnSerializer(many=True)
    rows = QualityComparisonRowSerializer(many=True)
