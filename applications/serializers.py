from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User

from .models import Agency, Application, CaseHistory, Certificate, ProductCategory


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = ["code", "name"]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name"]


class CertificateSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Certificate
        fields = ["number", "status", "valid_from", "valid_until", "marks_issued"]


class ApplicationSerializer(serializers.ModelSerializer):
    """A protection case. `state` and everything the workflow sets are read-only."""

    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.filter(is_active=True)
    )
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    enterprise = serializers.CharField(source="enterprise.name", read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    officer = serializers.CharField(source="officer.username", read_only=True, default=None)
    agency = AgencySerializer(read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "product_name",
            "category",
            "origin_place",
            "description",
            "state",
            "state_display",
            "enterprise",
            "bureau",
            "officer",
            "agency",
            "score",
            "rectification_deadline",
            "certificate",
            "renewal_of",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "score",
            "rectification_deadline",
            "renewal_of",
            "submitted_at",
            "created_at",
            "updated_at",
        ]

    def get_certificate(self, case) -> dict | None:
        try:
            certificate = case.certificate
        except Certificate.DoesNotExist:
            return None
        return CertificateSummarySerializer(certificate).data


class CaseHistorySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = CaseHistory
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


class TransitionSerializer(serializers.Serializer):
    """The body of POST …/transitions/{name}/; which fields a transition needs is checked by the
    service (reason, deadline, agency, score), so the rules live in one place."""

    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False)
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    passed = serializers.BooleanField(required=False, allow_null=True, default=None)
    report = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    deadline = serializers.DateField(required=False)
    marks_issued = serializers.IntegerField(min_value=1, max_value=10_000_000, required=False)
    valid_from = serializers.DateField(required=False)

    def validate_deadline(self, value):
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("请填写今天之后的整改期限。"))
        return value


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.CharField())
