"""API of 京津冀区域质量状况分析报告: the reports the caller sees (submitted ones for every member,
drafts for their place), the three places' comparison of a year, drafting and editing (a place's
bureau or quality authority), 报送 and HQ's 退回修改 with the history. Thin: reads through
selectors, writes through services; who may act is answered before the body is read (403), the
state after it (409)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api import CaseTransitionActions, transition_schema
from casework.exceptions import TransitionForbidden
from ecoorigin.api import REFUSED, CursorPagination, StrictFilterSet
from ecoorigin.exceptions import NotPermitted
from regions.cooperation import PLACE_LABELS, PLACES

from . import selectors, services
from .models import QualityStatusReport
from .programme import QUALITY_REPORTS
from .serializers import (
    QualityComparisonSerializer,
    QualityReportCreateSerializer,
    QualityReportHistorySerializer,
    QualityReportReturnSerializer,
    QualityReportSerializer,
    QualityReportTransitionSerializer,
    QualityReportUpdateSerializer,
)
from .workflow import FIRST_YEAR, State, is_filing_place, may_draft

YEAR_MAX = 9999


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """A year: a whole number (NumberFilter would take 2025.5), 400 outside the range."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class ReportFilter(StrictFilterSet):
    year = YearFilter()
    place = django_filters.ChoiceFilter(choices=[(code, PLACE_LABELS[code]) for code in PLACES])
    state = django_filters.ChoiceFilter(choices=State.choices)

    class Meta:
        model = QualityStatusReport
        fields = ["year", "place", "state"]


class QualityComparisonQuery(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=FIRST_YEAR,
        max_value=YEAR_MAX,
        required=False,
        help_text=gettext_lazy("年度；不填为上一年度。"),
    )


class NewestFirst(CursorPagination):
    ordering = "-pk"


NOT_EDITABLE = OpenApiResponse(description=gettext_lazy("报告已报送，不能再修改。"))
NOT_OPEN = OpenApiResponse(description=gettext_lazy("当前状态不允许此操作，或已被他人处理。"))
INVALID = OpenApiResponse(description=gettext_lazy("输入无效"))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "区域质量状况分析报告：已报送的报告京津冀三地、认监委、标准委和总局均可见；"
            "草稿和退回修改中的报告仅报送地可见。"
        )
    ),
    create=extend_schema(
        request=QualityReportCreateSerializer,
        responses={201: QualityReportSerializer, 400: INVALID, 403: REFUSED},
        description=gettext_lazy(
            "京津冀三地直属局或质监部门起草本地某年度的报告（每地每年一份），报送地为起草人所在地。"
        ),
    ),
    partial_update=extend_schema(
        request=QualityReportUpdateSerializer,
        responses={200: QualityReportSerializer, 400: INVALID, 403: REFUSED, 409: NOT_EDITABLE},
        description=gettext_lazy("报送地的直属局或质监部门修改草稿或退回修改中的报告。"),
    ),
    comparison=extend_schema(
        parameters=[QualityComparisonQuery],
        responses={200: QualityComparisonSerializer, 400: INVALID},
        filters=False,
        description=gettext_lazy(
            "某年度三地已报送报告的主要指标并列比较；未报送的地方 report 为 null，"
            "mark 标出三地中的最高和最低值。"
        ),
    ),
    history=extend_schema(responses=QualityReportHistorySerializer(many=True), filters=False),
    submit=extend_schema(
        request=None,
        responses={200: QualityReportSerializer, 400: INVALID, 403: REFUSED, 409: NOT_OPEN},
        filters=False,
        description=gettext_lazy(
            "报送：须填写全部指标和各部分内容（400 列出缺少的项）；报送后各成员单位可见，不能再修改。"
        ),
    ),
    return_report=extend_schema(
        request=QualityReportReturnSerializer,
        responses={200: QualityReportSerializer, 400: INVALID, 403: REFUSED, 409: NOT_OPEN},
        filters=False,
        description=gettext_lazy("总局退回已报送的报告修改，须写明原因。"),
    ),
    **transition_schema(
        body=QualityReportTransitionSerializer,
        case=QualityReportSerializer,
        not_found=gettext_lazy("报告不存在或不可见，或没有此操作"),
    ),
)
class QualityStatusReportViewSet(
    CaseTransitionActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """区域质量状况分析报告: list, comparison, draft, read, edit, history, submit, return."""

    serializer_class = QualityReportSerializer
    programme = QUALITY_REPORTS
    transition_body = QualityReportTransitionSerializer
    case_serializer = QualityReportSerializer
    filterset_class = ReportFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.reports_visible_to(user=self.request.user)

    def filter_queryset(self, queryset):
        # Filters belong to the list; one report is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _answer(self, report, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(QualityReportSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        # Who may draft is answered before the body is read.
        if not may_draft(request.user):
            raise NotPermitted(services.refusal_to_draft())
        body = QualityReportCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_create(actor=request.user, **body.validated_data)
        return self._answer(report, status.HTTP_201_CREATED)

    # PATCH only (no PUT): a draft may leave figures empty, and an edit sends what it changes.
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        if not is_filing_place(report, request.user):
            raise NotPermitted(gettext_lazy("只有报送地的直属局和质监部门可以修改本报告。"))
        body = QualityReportUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        report = services.report_update(report=report, actor=request.user, **body.validated_data)
        return self._answer(report)

    @action(detail=False, methods=["get"], pagination_class=None)
    def comparison(self, request):
        query = QualityComparisonQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or selectors.default_year()
        data = selectors.comparison(user=request.user, year=year)
        return Response(QualityComparisonSerializer(data).data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        report = self.get_object()
        rows = selectors.report_history(report=report)
        return Response(QualityReportHistorySerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        if not QUALITY_REPORTS.permitted(report, "submit", request.user):
            raise TransitionForbidden()
        report = services.report_submit(report=report, actor=request.user)
        return self._answer(report)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None):
        report = self.get_object()
        if not QUALITY_REPORTS.permitted(report, "return", request.user):
            raise TransitionForbidden()
        body = QualityReportReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_return(
            report=report, actor=request.user, reason=body.validated_data["reason"]
        )
        return self._answer(report)

    def perform_transition(self, case, name, **data):
        return services.report_transition(report=case, name=name, actor=self.request.user, **data)
