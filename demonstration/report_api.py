"""API of the zones' 年度建设情况报告 (seed 001 §七.4 总结报告): list and read the reports the
caller reads (HQ every report, a bureau its zones', a local government its zones' submitted
ones), start a report (the zone's bureau), edit its draft (PATCH) and submit it (报送, final).
Thin: reads through selectors, writes through services; 403 and 409 are answered before the
body is read."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from ecoorigin.api import IdFilter, StrictFilterSet
from ecoorigin.exceptions import NotPermitted

from . import selectors, services
from .api import NewestFirst
from .models import FIRST_REPORT_YEAR, ZoneYearReport
from .serializers import ZoneYearReportSerializer, ZoneYearReportUpdateSerializer

LAST_REPORT_YEAR = 9999  # what the API takes; a report is of a year not ahead of this one


@extend_schema_field({"type": "integer", "minimum": FIRST_REPORT_YEAR, "maximum": LAST_REPORT_YEAR})
class ReportYearFilter(IdFilter):
    """A report's year, a whole number in the range the schema states (400 outside it)."""


class ZoneYearReportFilter(StrictFilterSet):
    year = ReportYearFilter(
        field_name="year", min_value=FIRST_REPORT_YEAR, max_value=LAST_REPORT_YEAR
    )
    zone = IdFilter(field_name="zone_id")
    status = django_filters.ChoiceFilter(choices=ZoneYearReport.Status.choices)
    bureau = django_filters.CharFilter(field_name="zone__bureau__code")

    class Meta:
        model = ZoneYearReport
        fields = ["year", "zone", "status", "bureau"]


WRITE_ERRORS = {
    403: OpenApiResponse(
        description=gettext_lazy("只有示范区的辖区直属局可以填报和报送年度建设情况报告。")
    ),
    404: OpenApiResponse(description=gettext_lazy("报告不存在或不可见")),
    409: OpenApiResponse(description=gettext_lazy("该报告已报送，不能再修改或重复报送。")),
}


@extend_schema_view(
    create=extend_schema(
        responses={
            201: ZoneYearReportSerializer,
            400: OpenApiResponse(description=gettext_lazy("输入无效")),
            403: WRITE_ERRORS[403],
        },
        description=gettext_lazy(
            "辖区直属局填报示范区某一年度的建设情况报告（草稿）：该年度示范区持有称号，"
            "不晚于本年度，每个示范区每年度一份。"
        ),
    ),
    partial_update=extend_schema(
        request=ZoneYearReportUpdateSerializer,
        responses={200: ZoneYearReportSerializer, **WRITE_ERRORS},
    ),
    submit=extend_schema(
        request=None,
        responses={200: ZoneYearReportSerializer, **WRITE_ERRORS},
        description=gettext_lazy("报送：报告随即送总局和示范区所在地方人民政府，不能再修改。"),
    ),
)
class ZoneYearReportViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """示范区年度建设情况报告: list (?year, ?zone, ?status, ?bureau), start (the zone's bureau),
    read, edit the draft (PATCH) and submit it."""

    serializer_class = ZoneYearReportSerializer
    filterset_class = ZoneYearReportFilter
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.year_reports_visible_to(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ZoneYearReportUpdateSerializer
        return ZoneYearReportSerializer

    def filter_queryset(self, queryset):
        # Filters belong to the list; one report is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        # Who may write reports is answered before the body is read.
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有示范区的辖区直属局可以填报年度建设情况报告。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        report = services.zone_year_report_create(
            actor=self.request.user, zone_id=data.pop("zone_id"), **data
        )
        serializer.instance = self.get_queryset().get(pk=report.pk)

    def update(self, request, *args, **kwargs):
        # 403 (not the zone's bureau) and 409 (submitted) before the body is read; the service
        # checks again under the row lock.
        services.zone_year_report_check_editable(report=self.get_object(), actor=request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        report = services.zone_year_report_update(
            report=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=report.pk)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """报送: the draft goes to HQ and the zone's local government, and is final."""
        report = services.zone_year_report_submit(report=self.get_object(), actor=request.user)
        return Response(ZoneYearReportSerializer(self.get_queryset().get(pk=report.pk)).data)
