from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from ecoorigin.text import CheckedTextSerializerMixin
from experts.models import Expert

from .models import (
    Agency,
    Application,
    CaseDocument,
    CaseHistory,
    Certificate,
    EvaluationFeedback,
    GuidanceShare,
    ProductCategory,
)


class CategorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = ["code", "name", "name_en"]


class AgencySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name"]


class CertificateSummarySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Certificate
        fields = ["number", "status", "valid_from", "valid_until", "marks_issued"]


class ApplicationSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A protection case. `state` and everything the workflow sets are read-only."""

    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.filter(is_active=True)
    )
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    enterprise = serializers.CharField(source="enterprise.name", read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    # allow_null, not default=None: DRF skips a field with a default in a PATCH response.
    officer = serializers.CharField(source="officer.username", read_only=True, allow_null=True)
    agency = AgencySerializer(read_only=True, allow_null=True)
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
            "shared_for_guidance",
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
            "shared_for_guidance",
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

    def to_representation(self, case):
        """What the fields above give, written out: building and walking ~20 fields per request
        (and per row of a list) was the case detail API's largest cost beside its SQL
        (docs/performance.md). tests/applications/test_api.py keeps the two equal."""
        certificate = self.get_certificate(case)
        officer, agency = case.officer, case.agency
        return {
            "id": case.pk,
            "product_name": case.product_name,
            "category": case.category.code,
            "origin_place": case.origin_place,
            "description": case.description,
            "state": case.state,
            "state_display": case.get_state_display(),
            "shared_for_guidance": case.shared_for_guidance,
            "enterprise": case.enterprise.name,
            "bureau": case.bureau.code,
            "officer": officer.username if officer is not None else None,
            "agency": {"id": agency.pk, "code": agency.code, "name": agency.name}
            if agency is not None
            else None,
            "score": _SCORE.to_representation(case.score) if case.score is not None else None,
            "rectification_deadline": _DATE.to_representation(case.rectification_deadline),
            "certificate": certificate,
            "renewal_of": case.renewal_of_id,
            "submitted_at": _DATETIME.to_representation(case.submitted_at),
            "created_at": _DATETIME.to_representation(case.created_at),
            "updated_at": _DATETIME.to_representation(case.updated_at),
        }


class MaterialsChecklistItemSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """One item of a case's 申报材料清单 and how many files answer it (seed 000 §6)."""

    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    category = serializers.CharField(allow_null=True, help_text=_("空：适用于所有产品类别"))
    required = serializers.BooleanField()
    files = serializers.IntegerField()
    done = serializers.BooleanField()


class ApplicationDetailSerializer(ApplicationSerializer):
    """One case: the list's fields and `materials_checklist`, the items of its materials
    checklist, required or optional, done or not (submission is refused, 409, until every
    required item has a file)."""

    materials_checklist = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "materials_checklist"]

    @extend_schema_field(MaterialsChecklistItemSerializer(many=True))
    def get_materials_checklist(self, case) -> list[dict]:
        from .materials import checklist_data

        return checklist_data(case)

    def to_representation(self, case):
        data = super().to_representation(case)
        data["materials_checklist"] = self.get_materials_checklist(case)
        return data


# Formatters of the fast path above: the same field classes the model fields map to.
_SCORE = serializers.DecimalField(max_digits=5, decimal_places=2)
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


class CaseHistorySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True)  # null: the system

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


TEXTAREA = {"base_template": "textarea.html"}  # multi-line text (ecoorigin.text)


class TransitionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST …/transitions/{name}/; which fields a transition needs is checked by the
    service (reason, deadline, agency, score), so the rules live in one place."""

    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, style=TEXTAREA
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, style=TEXTAREA
    )
    officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False)
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    passed = serializers.BooleanField(required=False, allow_null=True, default=None)
    report = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, style=TEXTAREA
    )
    deadline = serializers.DateField(required=False)
    marks_issued = serializers.IntegerField(min_value=1, max_value=10_000_000, required=False)
    valid_from = serializers.DateField(required=False)

    def validate_deadline(self, value):
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("请填写今天之后的整改期限。"))
        return value


class DocumentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    # The materials checklist item the file answers (its code), if any.
    requirement = serializers.CharField(source="requirement.code", allow_null=True, default=None)

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "kind",
            "requirement",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]


class DocumentUploadSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)
    kind = serializers.ChoiceField(choices=CaseDocument.Kind.choices, default="material")
    requirement = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text=_("该文件对应的申报材料清单项（代码），仅用于申报材料和补正材料"),
    )


class CertificateSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    application = serializers.IntegerField(source="application_id")
    product_name = serializers.CharField(source="application.product_name")
    enterprise = serializers.CharField(source="application.enterprise.name")
    bureau = serializers.CharField(source="application.bureau.code")
    pdf_ready = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "number",
            "status",
            "application",
            "product_name",
            "enterprise",
            "bureau",
            "valid_from",
            "valid_until",
            "marks_issued",
            "issued_at",
            "pdf_ready",
        ]

    def get_pdf_ready(self, certificate) -> bool:
        return bool(certificate.pdf)


class PublicCertificateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """What anyone may know of a certificate: never materials or contact data. Serializes the
    answer public verification keeps (applications.verification.Answer)."""

    number = serializers.CharField(label=_("证书编号"), max_length=64)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="status_label", read_only=True)
    product_name = serializers.CharField()
    category = serializers.CharField(source="category_name")
    category_en = serializers.CharField(source="category_name_en")
    enterprise = serializers.CharField()
    bureau = serializers.CharField(source="bureau_name")
    bureau_en = serializers.CharField(source="bureau_name_en")
    valid_from = serializers.DateField(label=_("有效期起"))
    valid_until = serializers.DateField(label=_("有效期止"))
    status_changed_on = serializers.DateField(
        source="changed_on",
        read_only=True,
        allow_null=True,
        help_text=_("暂停或撤销保护的日期（北京时间）；证书未被暂停或撤销时为 null。"),
    )
    status_reason = serializers.SerializerMethodField(
        help_text=_("公告的暂停或撤销原因；证书未被暂停或撤销或未公告原因时为 null。")
    )

    def get_status_reason(self, answer) -> str | None:
        return answer.change_reason or None


class GuidanceRequestSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST …/{id}/guidance/: what help the enterprise asks for (optional)."""

    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", style=TEXTAREA
    )


class GuidanceShareSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """One share of a draft for 一对一指导; `revoked_at` set once the enterprise took it back."""

    shared_by = serializers.CharField(source="shared_by.username")
    revoked_by = serializers.CharField(source="revoked_by.username", allow_null=True)

    class Meta:
        model = GuidanceShare
        fields = ["id", "application", "shared_by", "shared_at", "note", "revoked_at", "revoked_by"]


class FeedbackExpertSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField()


class EvaluationFeedbackSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """One record of the bureau's assistance to the agency or feedback to HQ (seed 000 §8)."""

    response_only = True

    kind_display = serializers.CharField(source="get_kind_display")
    author = serializers.CharField(source="author.username")
    experts = FeedbackExpertSerializer(many=True)

    class Meta:
        model = EvaluationFeedback
        fields = [
            "id", "application", "kind", "kind_display", "text", "experts", "author", "created_at",
        ]  # fmt: skip


class EvaluationFeedbackRequestSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST …/{id}/evaluation-feedback/."""

    kind = serializers.ChoiceField(choices=EvaluationFeedback.Kind.choices)
    text = serializers.CharField(max_length=5000, style=TEXTAREA)
    experts = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Expert.objects.filter(status=Expert.Status.ADMITTED),
        help_text=_(
            "协助评定的专家委员会委员（本案产品类别的入选专家的 id），只用于协助评定机构的记录。"
        ),
    )
