"""API of 初审 (seed 000 §20, ADR 0022): the bureau's per-category settings, and the rounds of
initial review a body's staff answer with their opinion. Thin: applications.initial_review
decides who and when."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import Role
from casework.documents import UPLOAD_TYPES
from ecoorigin.api import IdFilter, StrictFilterSet
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import client_address
from ecoorigin.text import CheckedTextSerializerMixin
from regions.models import ReviewBody

from . import initial_review
from .models import InitialReview, InitialReviewDocument, InitialReviewSetting, ProductCategory


class InitialReviewSettingSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A category of the bureau's applications that gets 初审, and by which body (its code)."""

    bureau = serializers.CharField(source="bureau.code", read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.filter(is_active=True)
    )
    body = serializers.SlugRelatedField(slug_field="code", queryset=ReviewBody.objects.all())
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = InitialReviewSetting
        fields = ["id", "bureau", "category", "body", "updated_at"]
        validators = []  # one per bureau and category: the service replaces the body


class InitialReviewDocumentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = InitialReviewDocument
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class InitialReviewSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """One round of 初审 of a case: the body, and once recorded the opinion."""

    response_only = True

    application = serializers.IntegerField(source="application_id")
    product_name = serializers.CharField(source="application.product_name")
    enterprise = serializers.CharField(source="application.enterprise.name")
    category = serializers.CharField(source="application.category.code")
    state = serializers.CharField(source="application.state")
    body = serializers.CharField(source="body.code")
    body_name = serializers.CharField(source="body.display_name")
    opinion_display = serializers.CharField(source="get_opinion_display")
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", allow_null=True, default=None
    )
    documents = InitialReviewDocumentSerializer(many=True)

    class Meta:
        model = InitialReview
        fields = [
            "id",
            "application",
            "product_name",
            "enterprise",
            "category",
            "state",
            "body",
            "body_name",
            "routed_at",
            "opinion",
            "opinion_display",
            "reasons",
            "reviewed_by",
            "reviewed_at",
            "documents",
        ]


class OpinionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    opinion = serializers.ChoiceField(choices=InitialReview.Opinion.choices)
    reasons = serializers.CharField(max_length=10000, style={"base_template": "textarea.html"})
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class InitialReviewSettingViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """初审设置: a bureau's categories that get 初审 and by which of its bodies. POST sets (or
    replaces) the body for a category; DELETE ends 初审 for it. HQ reads every bureau's."""

    serializer_class = InitialReviewSettingSerializer
    lookup_value_regex = "[0-9]+"
    pagination_class = None

    def get_queryset(self):
        return initial_review.settings_in_scope(user=self.request.user).order_by(
            "bureau_id", "category_id"
        )

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以设置本局的初审。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = initial_review.initial_review_setting_set(
            actor=self.request.user, category=data["category"], body=data["body"]
        )

    def destroy(self, request, *args, **kwargs):
        setting = self.get_object()
        initial_review.initial_review_setting_clear(actor=request.user, category=setting.category)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InitialReviewFilter(StrictFilterSet):
    application = IdFilter(field_name="application_id", label=_("案件编号"))
    pending = django_filters.BooleanFilter(
        field_name="opinion", lookup_expr="exact", method="filter_pending", label=_("待初审")
    )

    class Meta:
        model = InitialReview
        fields = []

    def filter_pending(self, queryset, name, value):
        return queryset.filter(opinion="") if value else queryset.exclude(opinion="")


class InitialReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """初审: a body's staff the rounds routed to their body (never a draft, never another
    body's); `POST …/{id}/opinion/` records the opinion (同意/不同意, reasons, files) once. HQ,
    the case's bureau and its offices read the rounds of their cases with `?application=`."""

    serializer_class = InitialReviewSerializer
    filterset_class = InitialReviewFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated and user.role == Role.REVIEW_BODY:
            return initial_review.routed_to(user=user).prefetch_related("documents")
        # Staff who read the cases read their rounds; nobody else any.
        from .selectors import cases_visible_to

        if not user.is_authenticated or user.role not in (Role.HQ, Role.BUREAU, Role.OFFICE):
            return InitialReview.objects.none()
        cases = cases_visible_to(user=user, joined=(), fetched=()).values("pk")
        return (
            InitialReview.objects.filter(application__in=cases)
            .select_related(
                "application__enterprise", "application__category", "body", "reviewed_by"
            )
            .prefetch_related("documents")
            .order_by("-routed_at", "-pk")
        )

    @extend_schema(
        request={"multipart/form-data": OpinionSerializer, "application/json": OpinionSerializer},
        responses={
            200: InitialReviewSerializer,
            400: OpenApiResponse(description=_("意见、理由或文件有误")),
            403: OpenApiResponse(description=_("只有该申请分送的初审机构可以录入初审意见。")),
            404: OpenApiResponse(description=_("不存在或不可见")),
            409: OpenApiResponse(description=_("已录入，或申请不在待受理状态")),
        },
        filters=False,
        description=_(
            "录入初审意见（质检通函〔2015〕537号第20条）：同意或不同意，须写明理由，可附文件。"
        ),
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def opinion(self, request, pk=None):
        review = self.get_object()
        if not initial_review.may_review(review=review, user=request.user):
            raise NotPermitted(_("只有该申请分送的初审机构可以录入初审意见。"))
        body = OpinionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = initial_review.initial_review_record(
            actor=request.user, review=review, **body.validated_data
        )
        review = self.get_queryset().get(pk=review.pk)
        return Response(InitialReviewSerializer(review).data)

    @extend_schema(
        responses={(200, media_type): bytes for media_type in UPLOAD_TYPES}, filters=False
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)/download",
        url_name="document-download",
    )
    def document_download(self, request, pk=None, document_id=None):
        """One file of the opinion as an attachment; every read is logged (保守秘密)."""
        review = self.get_object()
        document = get_object_or_404(review.documents.all(), pk=document_id)
        handle = initial_review.document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
        return attachment(handle, document.original_name, document.content_type)
