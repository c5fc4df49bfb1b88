"""API of 风险预警与快速反应 (seed 004, SPEC §9's answers): risk signals with their evidence, the
experts' opinions and transitions (and a complaint turned into a signal); graded warnings with
their targets, notifications, measures and transitions; the bureaus' notifications to
acknowledge; the rapid-response measures with their progress; HQ's catalogue of measures and
warning standard; and the public warnings and failed product assessments. Thin: reads through
selectors, writes through services; who may act is answered before the body is read where it
can be (403), the state after it (409)."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from casework.api import CaseTransitionActions, transition_schema
from casework.documents import UPLOAD_TYPES
from ecoorigin.api import (
    REFUSED,
    CursorPagination,
    IdFilter,
    RecordActions,
    StrictFilterSet,
    action_schema,
)
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import PublicAPIView, client_address
from ecoorigin.routers import reads_from_replica
from supervision.selectors import complaints_visible_to

from . import selectors, services
from . import workflow as wf
from .models import ResponseMeasure, RiskSignal, RiskWarning, WarningNotification
from .programme import RISK_MEASURES, RISK_SIGNALS, RISK_WARNINGS
from .serializers import (
    PublicRiskAssessmentSerializer,
    PublicRiskWarningSerializer,
    RiskCatalogueEntrySerializer,
    RiskFromComplaintSerializer,
    RiskMeasureAssignSerializer,
    RiskMeasureDetailSerializer,
    RiskMeasureHistorySerializer,
    RiskMeasureSerializer,
    RiskMeasureTransitionSerializer,
    RiskNotificationSerializer,
    RiskOpinionRecordSerializer,
    RiskOpinionSerializer,
    RiskProgressReportSerializer,
    RiskProgressSerializer,
    RiskSignalDetailSerializer,
    RiskSignalDocumentSerializer,
    RiskSignalDocumentUploadSerializer,
    RiskSignalHistorySerializer,
    RiskSignalReportSerializer,
    RiskSignalSerializer,
    RiskSignalTransitionSerializer,
    RiskStandardSerializer,
    RiskWarningDetailSerializer,
    RiskWarningHistorySerializer,
    RiskWarningSerializer,
    RiskWarningTransitionSerializer,
    RiskWarningWriteSerializer,
)
from .workflow import (
    ACTIVE_MEASURE_STATES,
    Channel,
    Grade,
    MeasureKind,
    MeasureState,
    Scope,
    SignalState,
    WarningState,
)

NOT_FOUND = gettext_lazy("不存在或不可见，或没有此操作")


class NewestFirst(CursorPagination):
    ordering = "-pk"


class ByDeadline(CursorPagination):
    ordering = ("due_on", "pk")


# ---------------------------------------------------------------- 风险信息


class SignalFilter(StrictFilterSet):
    # distinct=False: a signal has one state and one channel.
    state = django_filters.MultipleChoiceFilter(choices=SignalState.choices, distinct=False)
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, distinct=False)
    bureau = django_filters.CharFilter(
        field_name="bureau__code", label=gettext_lazy("承办直属局代码（如 qinghai）")
    )

    class Meta:
        model = RiskSignal
        fields = ["state", "channel", "bureau"]


SIGNAL_CLOSED = OpenApiResponse(description=gettext_lazy("风险信息已办结，不能再上传证据材料。"))
NOT_ASSESSING = OpenApiResponse(
    description=gettext_lazy("风险信息不在评估中，或该专家已提出意见。")
)
COMPLAINT_TAKEN = OpenApiResponse(description=gettext_lazy("该投诉举报已转为风险信息。"))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "调用者可见的风险信息，最新的在前：总局全部，直属局本关区承办的，评估专家受邀评估的，"
            "报告人本人（企业：本企业）报告的。"
        )
    ),
    retrieve=extend_schema(
        responses={200: RiskSignalDetailSerializer, 404: OpenApiResponse(description=NOT_FOUND)},
        description=gettext_lazy(
            "一条风险信息；评估意见（finding）和专家意见（opinions）只有评估单位和评估专家看得到。"
        ),
    ),
    create=extend_schema(
        request=RiskSignalReportSerializer,
        responses={201: RiskSignalSerializer, 403: REFUSED},
        description=gettext_lazy(
            "报告风险信息：企业报告本企业发现的风险和缺陷（报本关区直属局），评定机构报告检验检测"
            "发现的风险，总局和直属局录入媒体、舆情、高校、协会等渠道的信息。"
        ),
    ),
    from_complaint=extend_schema(
        request=RiskFromComplaintSerializer,
        responses={
            201: RiskSignalSerializer,
            403: REFUSED,
            404: OpenApiResponse(description=gettext_lazy("投诉举报不存在或不可见。")),
            409: COMPLAINT_TAKEN,
        },
        filters=False,
        description=gettext_lazy("承办直属局或总局将投诉举报一步转为风险信息，保留来源关联。"),
    ),
    opinion=action_schema(
        RiskOpinionRecordSerializer, RiskOpinionSerializer, conflict=NOT_ASSESSING
    ),
    history=extend_schema(responses=RiskSignalHistorySerializer(many=True), filters=False),
    documents=[
        extend_schema(
            methods=["POST"],
            request=RiskSignalDocumentUploadSerializer,
            responses={201: RiskSignalDocumentSerializer, 403: REFUSED, 409: SIGNAL_CLOSED},
            filters=False,
            description=gettext_lazy("报告人或评估单位在办结前上传一份证据材料。"),
        ),
        extend_schema(
            methods=["GET"],
            responses=RiskSignalDocumentSerializer(many=True),
            filters=False,
            description=gettext_lazy("风险信息的证据材料（看得到该信息的用户）。"),
        ),
    ],
    document_download=extend_schema(
        responses={(200, media_type): bytes for media_type in UPLOAD_TYPES},
        filters=False,
        description=gettext_lazy("下载一份证据材料；每次查阅均有记录。"),
    ),
    **transition_schema(
        body=RiskSignalTransitionSerializer,
        case=RiskSignalSerializer,
        not_found=gettext_lazy("风险信息不存在或不可见，或没有此操作"),
    ),
)
class RiskSignalViewSet(
    CaseTransitionActions,
    RecordActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """风险信息: list (?state, ?channel, ?bureau, ?search), read, report, turn a complaint into a
    signal (`from-complaint`), history, transitions (open the assessment, conclude, dismiss,
    merge), the experts' opinions (`opinion`) and the evidence (`documents`)."""

    serializer_class = RiskSignalSerializer
    programme = RISK_SIGNALS
    transition_body = RiskSignalTransitionSerializer
    case_serializer = RiskSignalSerializer
    filterset_class = SignalFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.SearchFilter]
    search_fields = ["number", "product", "enterprise_name", "source", "place"]
    pagination_class = NewestFirst

    def get_queryset(self):
        return selectors.signals_visible_to(user=self.request.user).select_related("reported_by")

    def retrieve(self, request, pk=None):
        signal = self.get_object()
        if not selectors.may_read_assessment(signal=signal, user=request.user):
            return Response(RiskSignalSerializer(signal).data)
        signal.assessment_opinions = list(selectors.signal_opinions(signal=signal))
        return Response(RiskSignalDetailSerializer(signal).data)

    def create(self, request, *args, **kwargs):
        user = request.user
        return self.create_record(
            permitted=bool(services.signal_channels(user=user)),
            refusal=_("您无权报告风险信息。"),
            body=RiskSignalReportSerializer,
            create=lambda **body: services.signal_report(actor=user, **body),
        )

    @action(detail=False, methods=["post"], url_path="from-complaint")
    def from_complaint(self, request):
        if request.user.role not in (Role.HQ, Role.BUREAU):
            raise NotPermitted(_("只有承办该投诉举报的直属局或总局可以将其转为风险信息。"))
        body = self.body(RiskFromComplaintSerializer)
        complaint = get_object_or_404(
            complaints_visible_to(user=request.user), pk=body["complaint"]
        )
        signal = services.signal_from_complaint(complaint=complaint, actor=request.user)
        return self.answer(signal, status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        signal = self.get_object()
        context = {
            "may_read_assessment": selectors.may_read_assessment(signal=signal, user=request.user)
        }
        entries = selectors.signal_history(signal=signal)
        return Response(RiskSignalHistorySerializer(entries, many=True, context=context).data)

    def perform_transition(self, case, name, **data):
        return services.signal_transition(signal=case, name=name, actor=self.request.user, **data)

    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        """评估专家意见: the expert assigned records it once while the assessment is open; the
        assessing unit enters an expert's written opinion naming it (`opinion_id`)."""
        signal = self.get_object()
        row = services.opinion_record(
            signal=signal, actor=request.user, **self.body(RiskOpinionRecordSerializer)
        )
        fresh = selectors.signal_opinions(signal=signal).get(pk=row.pk)
        return Response(RiskOpinionSerializer(fresh).data)

    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        # A file travels only in multipart: JSON or a plain form is 415, not a field error.
        parser_classes=[MultiPartParser],
    )
    def documents(self, request, pk=None):
        signal = self.get_object()
        if request.method == "POST":
            upload = self.body(RiskSignalDocumentUploadSerializer)["file"]
            document = services.signal_document_upload(
                signal=signal, actor=request.user, upload=upload
            )
            return Response(
                RiskSignalDocumentSerializer(document).data, status=status.HTTP_201_CREATED
            )
        documents = selectors.signal_documents(signal=signal)
        return Response(RiskSignalDocumentSerializer(documents, many=True).data)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)",
        url_name="document-download",
    )
    def document_download(self, request, pk=None, document_id=None):
        signal = self.get_object()
        document = get_object_or_404(selectors.signal_documents(signal=signal), pk=document_id)
        handle = services.signal_document_open(
            document=document, actor=request.user, ip_address=client_address(request)
        )
        return attachment(handle, document.original_name, document.content_type)


# ---------------------------------------------------------------- 风险预警


class WarningFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=WarningState.choices, distinct=False)
    grade = django_filters.MultipleChoiceFilter(choices=Grade.choices, distinct=False)
    scope = django_filters.ChoiceFilter(choices=Scope.choices)

    class Meta:
        model = RiskWarning
        fields = ["state", "grade", "scope"]


NOT_A_DRAFT = OpenApiResponse(description=gettext_lazy("预警已发布，不能修改；请调整等级或解除。"))
NOT_ISSUED = OpenApiResponse(description=gettext_lazy("只有已发布的预警可以部署快速反应措施。"))
NO_STANDARD = OpenApiResponse(
    description=gettext_lazy("总局尚未发布风险预警等级划分标准，暂不能拟定预警。")
)


def draft_body(warning: RiskWarning) -> dict:
    """The draft as a body, which a PATCH overlays: the service takes the whole draft."""
    return {
        "title": warning.title,
        "grade": warning.grade,
        "scope": warning.scope,
        "scope_bureau": warning.scope_bureau_id,
        "scope_zone": warning.scope_zone_id,
        "products": warning.products,
        "description": warning.description,
        "consumer_advice": warning.consumer_advice,
        "signal": warning.signal_id,
        "targets": [
            {"name": t.enterprise_name, "uscc": t.enterprise_uscc}
            for t in warning.targets.order_by("pk")
        ],
    }


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "调用者可见的风险预警，最新的在前：总局全部，直属局本局发布的和通报本局的，企业点名本企业的"
            "已发布预警。公众请用 /api/v1/public/risk-warnings/。"
        )
    ),
    retrieve=extend_schema(
        responses={200: RiskWarningDetailSerializer, 404: OpenApiResponse(description=NOT_FOUND)}
    ),
    create=extend_schema(
        request=RiskWarningWriteSerializer,
        responses={201: RiskWarningDetailSerializer, 403: REFUSED, 409: NO_STANDARD},
        description=gettext_lazy(
            "拟定风险预警（草稿）：总局任一范围和等级，直属局本关区Ⅲ级、Ⅳ级；按现行等级划分标准定级。"
        ),
    ),
    partial_update=extend_schema(
        request=RiskWarningWriteSerializer(partial=True),
        responses={200: RiskWarningDetailSerializer, 403: REFUSED, 409: NOT_A_DRAFT},
        description=gettext_lazy("拟稿单位修改预警草稿；给出 targets 时整体替换目标企业。"),
    ),
    history=extend_schema(responses=RiskWarningHistorySerializer(many=True), filters=False),
    notifications=extend_schema(
        responses={200: RiskNotificationSerializer(many=True), 403: REFUSED},
        filters=False,
        description=gettext_lazy(
            "预警通报范围内各直属局的通报及签收情况（总局和直属局工作人员）。"
        ),
    ),
    measures=action_schema(
        RiskMeasureAssignSerializer, RiskMeasureDetailSerializer, conflict=NOT_ISSUED, code=201
    ),
    **transition_schema(
        body=RiskWarningTransitionSerializer,
        case=RiskWarningSerializer,
        not_found=gettext_lazy("风险预警不存在或不可见，或没有此操作"),
    ),
)
class RiskWarningViewSet(
    CaseTransitionActions,
    RecordActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """风险预警: list (?state, ?grade, ?scope), read (with the targets the caller may see), draft,
    edit a draft (PATCH), history, transitions (issue, raise or lower the grade, lift), the
    notifications of the bureaus in scope and the measures it assigns (`measures`)."""

    serializer_class = RiskWarningSerializer
    programme = RISK_WARNINGS
    transition_body = RiskWarningTransitionSerializer
    case_serializer = RiskWarningSerializer
    filterset_class = WarningFilter
    pagination_class = NewestFirst
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.warnings_visible_to(user=self.request.user)

    def answer_warning(self, warning: RiskWarning, code: int = status.HTTP_200_OK) -> Response:
        warning = self.get_queryset().get(pk=warning.pk)
        targets = selectors.warning_targets(warning=warning, user=self.request.user)
        data = RiskWarningDetailSerializer(warning, context={"targets": targets}).data
        return Response(data, status=code)

    def retrieve(self, request, pk=None):
        return self.answer_warning(self.get_object())

    def create(self, request, *args, **kwargs):
        if request.user.role not in (Role.HQ, Role.BUREAU):
            raise NotPermitted(_("只有总局和直属局可以发布风险预警。"))
        warning = services.warning_create(
            actor=request.user, **self.body(RiskWarningWriteSerializer)
        )
        return self.answer_warning(warning, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        warning = self.get_object()
        body = {**draft_body(warning), **self.body(RiskWarningWriteSerializer, partial=True)}
        return self.answer_warning(
            services.warning_update(warning=warning, actor=request.user, **body)
        )

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entries = selectors.warning_history(warning=self.get_object())
        return Response(RiskWarningHistorySerializer(entries, many=True).data)

    def perform_transition(self, case, name, **data):
        return services.warning_transition(warning=case, name=name, actor=self.request.user, **data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def notifications(self, request, pk=None):
        warning = self.get_object()
        if not selectors.is_staff_reader(request.user):
            raise NotPermitted(_("只有总局和直属局工作人员可以查看预警通报情况。"))
        rows = selectors.warning_notifications(warning=warning).select_related("warning")
        return Response(RiskNotificationSerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        """部署快速反应措施: the warning's issuer assigns a measure of the catalogue that suits
        its grade to a bureau in its scope."""
        warning = self.get_object()
        if not wf.is_issuer(warning, request.user):
            raise NotPermitted(_("只有预警的发布单位可以部署快速反应措施。"))
        measure = services.measure_assign(
            warning=warning, actor=request.user, **self.body(RiskMeasureAssignSerializer)
        )
        fresh = selectors.measures_visible_to(user=request.user).get(pk=measure.pk)
        data = RiskMeasureDetailSerializer(fresh, context={"progress": ()}).data
        return Response(data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- 预警通报


class NotificationFilter(StrictFilterSet):
    pending = django_filters.BooleanFilter(
        field_name="acknowledged_at",
        lookup_expr="isnull",
        label=gettext_lazy("true：尚未签收；false：已签收"),
    )
    warning = IdFilter(field_name="warning_id")

    class Meta:
        model = WarningNotification
        fields = ["pending", "warning"]


class NotificationsNewestFirst(CursorPagination):
    ordering = ("-created_at", "-pk")


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy("本直属局收到的预警通报，最新的在前；总局看到各直属局的。")
    ),
    acknowledge=extend_schema(
        request=None,
        responses={
            200: RiskNotificationSerializer,
            403: REFUSED,
            409: OpenApiResponse(description=gettext_lazy("该预警通报已签收。")),
        },
        filters=False,
    ),
)
class RiskNotificationViewSet(
    RecordActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """预警通报: the caller's bureau's inbox (?pending, ?warning); `acknowledge` (签收) by a
    head-office account of the notified bureau, once."""

    serializer_class = RiskNotificationSerializer
    filterset_class = NotificationFilter
    pagination_class = NotificationsNewestFirst

    def get_queryset(self):
        return selectors.notifications_for(user=self.request.user).select_related("acknowledged_by")

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        notification = self.get_object()
        services.notification_acknowledge(notification=notification, actor=request.user)
        return self.answer(notification)


# ---------------------------------------------------------------- 快速反应措施


class MeasureFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=MeasureState.choices, distinct=False)
    kind = django_filters.MultipleChoiceFilter(choices=MeasureKind.choices, distinct=False)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=gettext_lazy("true：实施中且已过完成期限")
    )
    responsible_bureau = django_filters.CharFilter(
        field_name="responsible_bureau__code", label=gettext_lazy("责任直属局代码（如 qinghai）")
    )
    warning = IdFilter(field_name="warning_id")

    class Meta:
        model = ResponseMeasure
        fields = ["state", "kind", "overdue", "responsible_bureau", "warning"]

    def filter_overdue(self, queryset, name, value):
        late = {"state__in": ACTIVE_MEASURE_STATES, "due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


MEASURE_CLOSED = OpenApiResponse(description=gettext_lazy("措施已完成或已解除，不能再报告进展。"))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "调用者可见的快速反应措施，按完成期限：总局全部，直属局本局承担的和本局所发预警的，"
            "企业针对本企业的。"
        )
    ),
    retrieve=extend_schema(
        responses={200: RiskMeasureDetailSerializer, 404: OpenApiResponse(description=NOT_FOUND)}
    ),
    history=extend_schema(responses=RiskMeasureHistorySerializer(many=True), filters=False),
    progress=action_schema(
        RiskProgressReportSerializer, RiskProgressSerializer, conflict=MEASURE_CLOSED, code=201
    ),
    **transition_schema(
        body=RiskMeasureTransitionSerializer,
        case=RiskMeasureSerializer,
        not_found=gettext_lazy("措施不存在或不可见，或没有此操作"),
    ),
)
class RiskMeasureViewSet(
    CaseTransitionActions,
    RecordActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """快速反应措施: list (?state, ?kind, ?overdue, ?responsible_bureau, ?warning), read (with the
    recall's quantities and rate and the progress reports), history, transitions (start,
    complete, evaluate, lift) and progress reports (`progress`)."""

    serializer_class = RiskMeasureSerializer
    programme = RISK_MEASURES
    transition_body = RiskMeasureTransitionSerializer
    case_serializer = RiskMeasureSerializer
    filterset_class = MeasureFilter
    pagination_class = ByDeadline

    def get_queryset(self):
        return selectors.measures_visible_to(user=self.request.user)

    def retrieve(self, request, pk=None):
        measure = self.get_object()
        progress = selectors.measure_progress(measure=measure)
        return Response(RiskMeasureDetailSerializer(measure, context={"progress": progress}).data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entries = selectors.measure_history(measure=self.get_object())
        return Response(RiskMeasureHistorySerializer(entries, many=True).data)

    def perform_transition(self, case, name, **data):
        return services.measure_transition(measure=case, name=name, actor=self.request.user, **data)

    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """进展报告 of the responsible bureau (its inspectors included) while the measure runs."""
        measure = self.get_object()
        if not wf.may_report_progress(measure, request.user):
            raise NotPermitted(_("只有责任直属局可以报告措施进展。"))
        report = services.measure_progress_report(
            measure=measure, actor=request.user, **self.body(RiskProgressReportSerializer)
        )
        fresh = selectors.measure_progress(measure=measure).get(pk=report.pk)
        return Response(RiskProgressSerializer(fresh).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- 措施目录与等级划分标准


def staff_only(user) -> None:
    if not selectors.is_staff_reader(user):
        raise NotPermitted(_("只有总局和直属局工作人员可以查看。"))


@extend_schema_view(
    list=extend_schema(
        responses={200: RiskCatalogueEntrySerializer(many=True), 403: REFUSED},
        description=gettext_lazy("快速反应措施目录：每项措施适用的预警等级和默认实施期限。"),
    )
)
class RiskCatalogueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """快速反应措施目录 (HQ keeps it in the admin): read only, for staff."""

    serializer_class = RiskCatalogueEntrySerializer
    pagination_class = None
    filter_backends = []

    def list(self, request, *args, **kwargs):
        staff_only(request.user)
        entries = selectors.catalogue()
        return Response(RiskCatalogueEntrySerializer(entries, many=True).data)


class RiskStandardView(APIView):
    """风险预警等级划分标准 in force, with the criteria of each grade, for staff."""

    @extend_schema(
        responses={
            200: RiskStandardSerializer,
            403: REFUSED,
            404: OpenApiResponse(description=gettext_lazy("总局尚未发布风险预警等级划分标准。")),
        }
    )
    def get(self, request):
        staff_only(request.user)
        standard = selectors.standard_in_force()
        if standard is None:
            raise NotFound(_("总局尚未发布风险预警等级划分标准。"))
        return Response(RiskStandardSerializer(standard).data)


# ---------------------------------------------------------------- public (no login)


class PublicWarningsPagination(CursorPagination):
    ordering = ("-issued_at", "-pk")


@reads_from_replica
class PublicRiskWarningListView(PublicAPIView, generics.ListAPIView):
    """风险预警 as published: issued and lifted warnings, newest first, without the enterprises
    they name."""

    serializer_class = PublicRiskWarningSerializer
    pagination_class = PublicWarningsPagination

    def get_queryset(self):
        return selectors.public_warnings()


class PublicAssessmentsPagination(CursorPagination):
    ordering = ("-concluded_at", "-pk")


@reads_from_replica
class PublicRiskAssessmentListView(PublicAPIView, generics.ListAPIView):
    """风险评估不合格的产品 (§二.6): the product, the conclusion and the advice to consumers."""

    serializer_class = PublicRiskAssessmentSerializer
    pagination_class = PublicAssessmentsPagination

    def get_queryset(self):
        return selectors.public_assessments()
