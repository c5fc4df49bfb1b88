"""API of protection cases (SPEC §9). Thin: reads through selectors, writes through services."""

import django_filters
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import Role
from casework.api import (
    CaseDocumentActions,
    CaseTransitionActions,
    document_download_at,
    document_schema,
    transition_schema,
)
from ecoorigin.api import IdFilter, StrictFilterSet
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import PublicAPIView

from . import documents, selectors, services, verification
from . import workflow as wf
from .models import Application, ProductCategory
from .programme import ECO_ORIGIN
from .serializers import (
    AgencySerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    CaseHistorySerializer,
    CategorySerializer,
    CertificateSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    EvaluationFeedbackRequestSerializer,
    EvaluationFeedbackSerializer,
    GuidanceRequestSerializer,
    GuidanceShareSerializer,
    PublicCertificateSerializer,
    TransitionSerializer,
)
from .workflow import State

FEEDBACK_READERS = gettext_lazy("评定协助与反馈只有总局、本案辖区直属局和本案评定机构可以查看。")
FEEDBACK_WRITERS = gettext_lazy("评定过程中的协助与反馈由本案辖区直属局记录。")


class ApplicationFilter(StrictFilterSet):
    # distinct=False: a case has one state, and SELECT DISTINCT over the joined row made
    # PostgreSQL read and sort every matching case instead of walking the index (docs/performance.md).
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False)
    bureau = django_filters.CharFilter(field_name="bureau__code")
    category = django_filters.CharFilter(field_name="category__code")
    officer = IdFilter(field_name="officer_id")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("逾期"))

    class Meta:
        model = Application
        fields = ["state", "bureau", "category", "officer", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return (
            queryset.filter(due_date__lt=today) if value else queryset.exclude(due_date__lt=today)
        )


class CaseSearchFilter(filters.SearchFilter):
    """`?search=`: each term (DRF's splitting: words, or a quoted phrase) in the product or the
    enterprise name, the worklist's search (selectors.cases_named, which the trigram indexes
    serve). The place of origin is not searched: an arm of the OR without an index made every
    search read the whole scope (docs/performance.md, "Third pass")."""

    def filter_queryset(self, request, queryset, view):
        for term in self.get_search_terms(request):
            queryset = queryset.filter(selectors.cases_named(term))
        return queryset

    def to_html(self, request, queryset, view):
        # The browsable API's search box (SearchFilter shows it only for a view's search_fields).
        term = request.query_params.get(self.search_param, "")
        return loader.get_template(self.template).render({"param": self.search_param, "term": term})


@extend_schema_view(
    partial_update=extend_schema(
        responses={
            200: ApplicationSerializer,
            409: OpenApiResponse(description=gettext_lazy("只有草稿或退回补正的申请可以修改。")),
        }
    ),
    **transition_schema(
        body=TransitionSerializer,
        case=ApplicationSerializer,
        not_found=gettext_lazy("案件不存在或不可见，或没有此操作"),
    ),
    **document_schema(
        document=DocumentSerializer,
        upload=DocumentUploadSerializer,
        too_late=gettext_lazy("案件当前状态下不能上传此类材料。"),
    ),
)
class ApplicationViewSet(
    CaseTransitionActions,
    CaseDocumentActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """保护案件: list, create (enterprise), read, edit a draft (PATCH), history, transitions."""

    serializer_class = ApplicationSerializer
    programme = ECO_ORIGIN
    transition_body = TransitionSerializer
    case_serializer = ApplicationSerializer
    document_serializer = DocumentSerializer
    document_upload_serializer = DocumentUploadSerializer
    filterset_class = ApplicationFilter
    filter_backends = [
        django_filters.rest_framework.DjangoFilterBackend,
        CaseSearchFilter,
        filters.OrderingFilter,
    ]
    ordering_fields = ["id", "submitted_at", "updated_at"]
    ordering = ["-id"]
    # DELETE: only …/{id}/guidance/ (the viewset has no destroy).
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.cases_visible_to(user=self.request.user)

    def get_serializer_class(self):
        # One case (read, edit) also shows its materials checklist; the list does not.
        if self.action in ("retrieve", "partial_update", "update"):
            return ApplicationDetailSerializer
        return super().get_serializer_class()

    def filter_queryset(self, queryset):
        # Filters, search and ordering belong to the list; a single case is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        # Who may apply is answered before the body is read, as for transitions: anyone else
        # gets 403 whatever they send, not a list of field errors.
        if request.user.role != Role.ENTERPRISE:
            raise NotPermitted(_("只有企业用户可以在线申报。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.case_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.case_update(
            case=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    # filters=False: the list's filters do not apply to one case's sub-resources.
    @extend_schema(responses=CaseHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        case = self.get_object()
        return Response(CaseHistorySerializer(selectors.case_history(case=case), many=True).data)

    @extend_schema(
        methods=["GET"],
        responses=GuidanceShareSerializer(many=True),
        filters=False,
        description=gettext_lazy("该草稿的一对一指导共享记录（每次共享及撤回）。"),
    )
    @extend_schema(
        methods=["POST"],
        request=GuidanceRequestSerializer,
        responses={
            201: GuidanceShareSerializer,
            403: OpenApiResponse(description=gettext_lazy("只有申报企业可以共享自己的申请草稿。")),
            404: OpenApiResponse(description=gettext_lazy("案件不存在或不可见")),
            409: OpenApiResponse(description=gettext_lazy("不是草稿，或已共享给直属局。")),
        },
        filters=False,
        description=gettext_lazy(
            "请直属局一对一指导（质检通函〔2015〕537号第6条）：企业把尚未提交的草稿及其材料共享给辖区直属局。"
        ),
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={
            200: GuidanceShareSerializer,
            403: OpenApiResponse(description=gettext_lazy("只有申报企业可以撤回草稿的共享。")),
            404: OpenApiResponse(description=gettext_lazy("案件不存在或不可见")),
            409: OpenApiResponse(description=gettext_lazy("不是草稿，或没有共享给直属局。")),
        },
        filters=False,
        description=gettext_lazy("撤回共享：直属局不再能看到该草稿及其材料。"),
    )
    @action(detail=True, methods=["get", "post", "delete"], pagination_class=None)
    def guidance(self, request, pk=None):
        """一对一指导: the draft's shares (GET), share it with the bureau (POST), take it back
        (DELETE). Only the enterprise shares and revokes (403); a case the caller cannot see is
        404; not a draft, or already (not) shared, 409."""
        case = self.get_object()
        if request.method == "GET":
            shares = selectors.guidance_shares(case=case, user=request.user)
            return Response(GuidanceShareSerializer(shares, many=True).data)
        if request.method == "DELETE":
            share = services.case_guidance_revoke(case=case, actor=request.user)
            return Response(GuidanceShareSerializer(share).data)
        if not wf.is_owner(case, request.user):  # 403 before the body is read
            raise NotPermitted(_("只有申报企业可以共享自己的申请草稿。"))
        body = GuidanceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        share = services.case_guidance_share(
            case=case, actor=request.user, note=body.validated_data["note"]
        )
        return Response(GuidanceShareSerializer(share).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        responses={
            200: EvaluationFeedbackSerializer(many=True),
            403: OpenApiResponse(description=FEEDBACK_READERS),
            404: OpenApiResponse(description=gettext_lazy("案件不存在或不可见")),
        },
        filters=False,
        description=gettext_lazy(
            "评定过程中直属局的协助与反馈记录（质检通函〔2015〕537号第8条）：总局和本案辖区直属局"
            "读全部，本案评定机构读协助评定机构的记录。"
        ),
    )
    @extend_schema(
        methods=["POST"],
        request=EvaluationFeedbackRequestSerializer,
        responses={
            201: EvaluationFeedbackSerializer,
            403: OpenApiResponse(description=FEEDBACK_WRITERS),
            404: OpenApiResponse(description=gettext_lazy("案件不存在或不可见")),
            409: OpenApiResponse(
                description=gettext_lazy("只有评定中的案件可以记录评定协助与反馈。")
            ),
        },
        filters=False,
        description=gettext_lazy(
            "直属局记录协助评定机构的情况或向通关司的反馈（评定中的案件）；记录提交后不能修改。"
        ),
    )
    @action(
        detail=True, methods=["get", "post"], url_path="evaluation-feedback", pagination_class=None
    )
    def evaluation_feedback(self, request, pk=None):
        """评定协助与反馈 (seed 000 §8): the records the caller may read (GET), or a new one by
        the case's bureau while the case is evaluated (POST). Who may read none, or may not
        record, is 403 (before the body is read); a case the caller cannot see is 404; a case
        not being evaluated, 409."""
        case = self.get_object()
        if request.method == "GET":
            if not selectors.may_read_evaluation_feedback(case=case, user=request.user):
                raise NotPermitted(FEEDBACK_READERS)
            records = selectors.evaluation_feedback_for(case=case, user=request.user)
            return Response(EvaluationFeedbackSerializer(records, many=True).data)
        if not wf.is_jurisdiction_bureau(case, request.user):
            raise NotPermitted(FEEDBACK_WRITERS)
        body = EvaluationFeedbackRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.evaluation_feedback_record(
            case=case,
            actor=request.user,
            kind=body.validated_data["kind"],
            text=body.validated_data["text"],
            experts=body.validated_data.get("experts", []),
        )
        return Response(EvaluationFeedbackSerializer(record).data, status=status.HTTP_201_CREATED)

    def documents_of(self, case):
        return documents.documents_of(case=case, user=self.request.user)

    def perform_document_upload(self, case, *, upload, kind, requirement=""):
        return documents.document_upload(
            case=case, actor=self.request.user, upload=upload, kind=kind, requirement=requirement
        )

    def perform_document_open(self, document, *, ip_address):
        return documents.document_open(
            document=document, actor=self.request.user, ip_address=ip_address
        )

    document_download = document_download_at(r"documents/(?P<document_id>[0-9]+)/download")


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """产品类别."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CategorySerializer
    lookup_field = "code"
    queryset = ProductCategory.objects.filter(is_active=True)


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies with a filed plan valid today (filter by `category` code)."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        code = self.request.query_params.get("category")
        category = ProductCategory.objects.filter(code=code).first() if code else None
        if code and category is None:
            return selectors.agencies_with_valid_plans().none()
        return selectors.agencies_with_valid_plans(category=category)


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """保护证书 of the cases the caller may see; the PDF only for the enterprise, its bureau, HQ."""

    serializer_class = CertificateSerializer
    lookup_field = "number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.certificates_visible_to(user=self.request.user).order_by("-pk")

    @extend_schema(
        responses={
            (200, "application/pdf"): bytes,
            202: OpenApiResponse(description=gettext_lazy("证书文件正在生成，请稍后重试。")),
        }
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, number=None):
        certificate = self.get_object()
        if not selectors.may_download_certificate(certificate=certificate, user=request.user):
            raise NotPermitted(_("只有获证企业、辖区直属局和总局可以下载证书。"))
        if not certificate.pdf:
            from .tasks import render_certificate_pdf

            render_certificate_pdf.delay(certificate.pk)
            return Response(
                {"detail": _("证书文件正在生成，请稍后重试。")},
                status=status.HTTP_202_ACCEPTED,
                headers={"Retry-After": "5"},
            )
        return attachment(
            certificate.pdf.open("rb"), f"{certificate.number}.pdf", "application/pdf"
        )


class PublicCertificateView(PublicAPIView, generics.RetrieveAPIView):
    """Public verification of a certificate by number (no login), rate-limited like the page."""

    serializer_class = PublicCertificateSerializer
    lookup_field = "number"

    def get_object(self):
        answer = verification.answer_for(number=self.kwargs["number"])
        self.verification_answer = answer or verification.UNKNOWN
        if answer is None:
            raise NotFound(_("未找到该编号的证书。"))
        return answer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The answer (or its 404) an anonymous visitor's next scan may get from the cache
        # (applications.middleware); unset when the request was refused before it was read.
        response.verification_answer = getattr(self, "verification_answer", None)
        return response
