"""API of rectifications (整改) and follow-up inspections (跟进检查), ADR 0021. Lists and records
as the selectors scope them (404 for another's record); the enterprise of the case submits its
整改报告 (`submit`, multipart with `files`), the case's bureau reviews it (`review`), the assigned
bureau records a follow-up inspection (`record`). The services decide; a domain error is
mapped to its status (400, 403, 409) by ecoorigin.api."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from casework.documents import UploadRejected, check_upload
from ecoorigin.api import NOT_OPEN, REFUSED
from ecoorigin.exceptions import InvalidInput, NotPermitted
from ecoorigin.text import CheckedTextSerializerMixin

from . import documents
from . import rectification_selectors as selectors
from . import rectification_services as services
from .forms import MAX_FILES
from .models import FollowUpInspection, Inspection, Rectification, RectificationEvent

TEXTAREA = {"base_template": "textarea.html"}


# 审核整改报告: the bureau accepts (closed) or returns it (open again).
REVIEW_DECISIONS = [("accept", _("审核通过")), ("reject", _("退回"))]


class RectificationEventSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = RectificationEvent
        fields = ["action", "from_status", "to_status", "actor", "reason", "at"]


class RectificationSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """整改: the case, where it came from, requirements, deadline, status (and `overdue`), the
    report and its files, the review, and its history."""

    application = serializers.IntegerField(source="application_id")
    product_name = serializers.CharField(source="application.product_name")
    enterprise = serializers.CharField(source="application.enterprise.name")
    bureau = serializers.CharField(source="application.bureau.code")
    inspection = serializers.IntegerField(source="inspection_id", allow_null=True)
    complaint = serializers.IntegerField(source="complaint_id", allow_null=True)
    follow_up = serializers.IntegerField(source="follow_up_id", allow_null=True)
    overdue = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    events = RectificationEventSerializer(many=True, read_only=True)

    class Meta:
        model = Rectification
        fields = [
            "id", "application", "product_name", "enterprise", "bureau", "inspection",
            "complaint", "follow_up", "requirements", "deadline", "status", "overdue",
            "opened_at", "report", "submitted_at", "files", "review_note", "reviewed_at",
            "closed_at", "events",
        ]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, rectification) -> bool:
        return rectification.is_overdue(timezone.localdate())

    def get_files(self, rectification) -> list[dict]:
        return [
            {"id": document.pk, "name": document.original_name, "size": document.size}
            for document in rectification.documents.all()
        ]


class SubmitSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    report = serializers.CharField(style=TEXTAREA)
    files = serializers.ListField(
        child=serializers.FileField(max_length=255, allow_empty_file=False),
        required=False,
        max_length=MAX_FILES,
    )


class ReviewSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=REVIEW_DECISIONS)
    reason = serializers.CharField(style=TEXTAREA)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class FollowUpSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """跟进检查: the case, the assigned bureau, its due date and, once recorded, the findings and
    the outcome (Inspection.Outcome) and what they opened."""

    application = serializers.IntegerField(source="application_id")
    product_name = serializers.CharField(source="application.product_name")
    bureau = serializers.CharField(source="bureau.code")
    complaint = serializers.SerializerMethodField()
    rectifications = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    # Blank until recorded.
    outcome = serializers.ChoiceField(
        choices=Inspection.Outcome.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = FollowUpInspection
        fields = [
            "id", "application", "product_name", "bureau", "complaint", "scope", "due_date",
            "status", "opened_at", "findings", "outcome", "recorded_at", "rectifications",
        ]  # fmt: skip
        read_only_fields = fields

    def get_complaint(self, follow_up) -> int | None:
        """The complaint's id for staff; an enterprise is not told who complained or why."""
        request = self.context.get("request")
        if request is not None and request.user.role == "enterprise":
            return None
        return follow_up.complaint_id

    def to_representation(self, follow_up):
        data = super().to_representation(follow_up)
        request = self.context.get("request")
        if request is not None and request.user.role == "enterprise":
            data["scope"] = ""
        return data


class FollowUpRecordSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    findings = serializers.CharField(style=TEXTAREA)
    outcome = serializers.ChoiceField(choices=Inspection.Outcome.choices)
    requirements = serializers.CharField(
        style=TEXTAREA, required=False, allow_blank=True, default=""
    )
    rectification_deadline = serializers.DateField(required=False, allow_null=True, default=None)


def _checked(files) -> list:
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except UploadRejected as error:
            errors.append(str(error.named_message))
    if errors:
        raise InvalidInput(field_errors={"files": errors})
    return checked


class _Records(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"

    def _body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    def _answer(self, record) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)


class RectificationViewSet(_Records, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """整改: HQ all, a bureau its jurisdiction's, the enterprise of the case its own."""

    serializer_class = RectificationSerializer

    def get_queryset(self):
        return (
            selectors.rectifications_visible_to(user=self.request.user)
            .prefetch_related("events__actor", "documents")
            .order_by("-opened_at", "-pk")
        )

    @extend_schema(
        request={"multipart/form-data": SubmitSerializer, "application/json": SubmitSerializer},
        responses={200: RectificationSerializer, 403: REFUSED, 409: NOT_OPEN},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def submit(self, request, pk=None):
        """整改报告 of the enterprise of the case, with its files, while open."""
        rectification = self.get_object()
        if not services.may_submit(rectification=rectification, user=request.user):
            raise NotPermitted(_("只有被责令整改的企业可以提交整改报告。"))
        data = self._body(SubmitSerializer)
        files = _checked(data.get("files", []))
        with transaction.atomic():
            services.rectification_submit(
                rectification=rectification, actor=request.user, report=data["report"]
            )
            for checked in files:
                documents.store(checked, uploaded_by=request.user, rectification=rectification)
        return self._answer(rectification)

    @extend_schema(
        request=ReviewSerializer,
        responses={200: RectificationSerializer, 403: REFUSED, 409: NOT_OPEN},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The case's bureau accepts (closed) or rejects (open again, with reasons) a report."""
        rectification = self.get_object()
        if not services.may_review(rectification=rectification, user=request.user):
            raise NotPermitted(_("只有该产品所在地的直属局可以审核整改报告。"))
        data = self._body(ReviewSerializer)
        services.rectification_review(
            rectification=rectification,
            actor=request.user,
            accept=data["decision"] == "accept",
            reason=data["reason"],
            deadline=data["deadline"],
        )
        return self._answer(rectification)


class FollowUpInspectionViewSet(_Records, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """跟进检查: HQ all, a bureau those assigned to it, the enterprise its own once recorded."""

    serializer_class = FollowUpSerializer

    def get_queryset(self):
        return (
            selectors.follow_ups_visible_to(user=self.request.user)
            .prefetch_related("rectifications")
            .order_by("-opened_at", "-pk")
        )

    @extend_schema(
        request=FollowUpRecordSerializer,
        responses={200: FollowUpSerializer, 403: REFUSED, 409: NOT_OPEN},
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """The assigned bureau records the follow-up inspection, once."""
        follow_up = self.get_object()
        if not services.may_record_follow_up(follow_up=follow_up, user=request.user):
            raise NotPermitted(_("只有承办直属局可以录入跟进检查结果。"))
        data = self._body(FollowUpRecordSerializer)
        services.follow_up_record(follow_up=follow_up, actor=request.user, **data)
        return self._answer(follow_up)
