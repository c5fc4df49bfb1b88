"""API shapes of mutual recognition."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin

from .models import Recognition, RecognitionHistory
from .workflow import Kind, Status

TEXTAREA = {"base_template": "textarea.html"}


class RecognitionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    granting_unit = serializers.CharField(source="granting_unit_name")
    granting_bureau = serializers.CharField(source="granting_bureau.code", allow_null=True)
    granting_authority = serializers.CharField(source="granting_authority.code", allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.username")
    status = serializers.ChoiceField(
        choices=Status.choices, help_text=_("互认有效、已过期（有效期已满）或已撤回。")
    )

    class Meta:
        model = Recognition
        fields = [
            "id",
            "number",
            "holder_name",
            "holder_uscc",
            "kind",
            "title",
            "scope",
            "document_number",
            "valid_from",
            "valid_until",
            "granting_unit",
            "granting_bureau",
            "granting_authority",
            "place",
            "recorded_by",
            "recorded_at",
            "state",
            "status",
            "withdrawn_on",
            "withdrawal_reason",
        ]


class RecognitionRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """登记互认事项; the granting unit and place are the caller's own."""

    holder_name = serializers.CharField(max_length=128, help_text=_("持有人名称"))
    holder_uscc = serializers.CharField(
        max_length=18, help_text=_("持有人统一社会信用代码（18 位，校验位正确）")
    )
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=200, help_text=_("事项名称"))
    scope = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, style=TEXTAREA, help_text=_("许可范围")
    )
    document_number = serializers.CharField(max_length=64, help_text=_("证书或批准文号"))
    valid_from = serializers.DateField(help_text=_("有效期起"))
    valid_until = serializers.DateField(
        required=False, allow_null=True, help_text=_("有效期至，晚于有效期起；长期有效的不填。")
    )


class RecognitionWithdrawSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000, style=TEXTAREA, help_text=_("撤回理由"))


class RecognitionTransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /recognitions/{id}/transitions/{name}/."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )


class RecognitionHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    actor = serializers.CharField(source="actor.username", allow_null=True)

    class Meta:
        model = RecognitionHistory
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
