"""API of 挂牌督办 and 约谈 (seed 000 §18: "各直属局要对重点工作明确时限,责任到人,实行挂牌督办
制度。对生态原产地工作开展不力,进展缓慢的,直属局领导要约谈责任部门领导,进行针对性工作指导,并将
情况报总局通关司"). A bureau opens, reports progress on, closes and reports its own items and
records and reports its interviews; HQ reads every bureau's, opens items of its own on a bureau
(总局交办) and closes those. For everyone else the lists are empty and a record 404 (ADR 0017).
The services decide; a domain error is mapped to its status by ecoorigin.api."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from ecoorigin.api import StrictFilterSet
from ecoorigin.exceptions import NotPermitted

from . import selectors, services
from .models import Interview, KeyWorkItem
from .serializers import (
    InterviewRecordSerializer,
    InterviewSerializer,
    KeyWorkCloseSerializer,
    KeyWorkItemSerializer,
    KeyWorkOpenSerializer,
    ProgressReportSerializer,
)

REFUSED = OpenApiResponse(description=_("您无权执行此操作。"))
CLOSED = OpenApiResponse(description=_("该事项已销号，或尚未报告进展。"))
REPORTED = OpenApiResponse(description=_("已报送通关司，或总局交办的事项无需报送。"))


class KeyWorkItemFilter(StrictFilterSet):
    bureau = django_filters.CharFilter(field_name="bureau__code", label=_("直属局代码（如 hubei）"))
    status = django_filters.ChoiceFilter(choices=KeyWorkItem.Status.choices, label=_("状态"))
    origin = django_filters.ChoiceFilter(choices=KeyWorkItem.Origin.choices, label=_("来源"))

    class Meta:
        model = KeyWorkItem
        fields = []


@extend_schema_view(
    create=extend_schema(
        request=KeyWorkOpenSerializer, responses={201: KeyWorkItemSerializer, 403: REFUSED}
    ),
    progress=extend_schema(
        request=ProgressReportSerializer,
        responses={201: KeyWorkItemSerializer, 403: REFUSED, 409: CLOSED},
        filters=False,
    ),
    close=extend_schema(
        request=KeyWorkCloseSerializer,
        responses={200: KeyWorkItemSerializer, 403: REFUSED, 409: CLOSED},
        filters=False,
    ),
    report=extend_schema(
        request=None,
        responses={200: KeyWorkItemSerializer, 403: REFUSED, 409: REPORTED},
        filters=False,
    ),
)
class KeyWorkItemViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """挂牌督办事项: a bureau its own, HQ every bureau's; `progress`, `close` (销号) and `report`
    (报送通关司) as the services allow."""

    serializer_class = KeyWorkItemSerializer
    filterset_class = KeyWorkItemFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.key_work_visible_to(user=self.request.user).prefetch_related(
            "progress__reported_by"
        )

    def filter_queryset(self, queryset):
        # Filters belong to the list; one item is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _answer(self, item, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        # Who may open at all is answered before the body is read: 403 whatever was sent.
        if not services.key_work_may_open(user=request.user):
            raise NotPermitted(_("只有直属局和总局可以挂牌督办重点工作。"))
        body = KeyWorkOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.key_work_open(actor=request.user, **body.validated_data)
        return self._answer(item, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """报告进展 of an open item: the bureau whose work it is."""
        item = self.get_object()
        body = ProgressReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.key_work_progress_report(item=item, actor=request.user, **body.validated_data)
        return self._answer(item, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """销号: the bureau its own items, HQ those it put on a bureau."""
        item = self.get_object()
        body = KeyWorkCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.key_work_close(item=item, actor=request.user, **body.validated_data)
        return self._answer(item)

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """报送通关司 of an item the bureau set itself, once."""
        item = services.key_work_report(item=self.get_object(), actor=request.user)
        return self._answer(item)


class InterviewFilter(StrictFilterSet):
    bureau = django_filters.CharFilter(field_name="bureau__code", label=_("直属局代码（如 hubei）"))
    reported = django_filters.BooleanFilter(
        field_name="reported_at", lookup_expr="isnull", exclude=True, label=_("已报送通关司")
    )

    class Meta:
        model = Interview
        fields = []


@extend_schema_view(
    create=extend_schema(
        request=InterviewRecordSerializer, responses={201: InterviewSerializer, 403: REFUSED}
    ),
    report=extend_schema(
        request=None,
        responses={200: InterviewSerializer, 403: REFUSED, 409: REPORTED},
        filters=False,
    ),
)
class InterviewViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """约谈记录: a bureau records its own and reports them (`report`, 报送通关司); HQ reads every
    bureau's."""

    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.interviews_visible_to(user=self.request.user)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("约谈由直属局领导约谈本局责任部门领导，只有直属局可以记录。"))
        body = InterviewRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        interview = services.interview_record(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(interview).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """报送通关司 of the interview's record, once."""
        interview = services.interview_report(interview=self.get_object(), actor=request.user)
        return Response(self.get_serializer(interview).data)
