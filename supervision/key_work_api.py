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

from accounts.models import Role
from ecoorigin.api import REFUSED, RecordActions, StrictFilterSet, action_schema

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
    progress=action_schema(
        ProgressReportSerializer, KeyWorkItemSerializer, conflict=CLOSED, code=201
    ),
    close=action_schema(KeyWorkCloseSerializer, KeyWorkItemSerializer, conflict=CLOSED),
    report=action_schema(None, KeyWorkItemSerializer, conflict=REPORTED),
)
class KeyWorkItemViewSet(
    RecordActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """挂牌督办事项: a bureau its own, HQ every bureau's; `progress`, `close` (销号) and `report`
    (报送通关司) as the services allow."""

    serializer_class = KeyWorkItemSerializer
    filterset_class = KeyWorkItemFilter

    def get_queryset(self):
        return selectors.key_work_visible_to(user=self.request.user).prefetch_related(
            "progress__reported_by"
        )

    def create(self, request, *args, **kwargs):
        return self.create_record(
            permitted=services.key_work_may_open(user=request.user),
            refusal=_("只有直属局和总局可以挂牌督办重点工作。"),
            body=KeyWorkOpenSerializer,
            create=lambda **data: services.key_work_open(actor=request.user, **data),
        )

    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """报告进展 of an open item: the bureau whose work it is."""
        item = self.get_object()
        data = self.body(ProgressReportSerializer)
        services.key_work_progress_report(item=item, actor=request.user, **data)
        return self.answer(item, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """销号: the bureau its own items, HQ those it put on a bureau."""
        item = self.get_object()
        data = self.body(KeyWorkCloseSerializer)
        services.key_work_close(item=item, actor=request.user, **data)
        return self.answer(item)

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """报送通关司 of an item the bureau set itself, once."""
        return self.answer(services.key_work_report(item=self.get_object(), actor=request.user))


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
    report=action_schema(None, InterviewSerializer, conflict=REPORTED),
)
class InterviewViewSet(
    RecordActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """约谈记录: a bureau records its own and reports them (`report`, 报送通关司); HQ reads every
    bureau's."""

    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter

    def get_queryset(self):
        return selectors.interviews_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return self.create_record(
            permitted=request.user.role == Role.BUREAU,
            refusal=_("约谈由直属局领导约谈本局责任部门领导，只有直属局可以记录。"),
            body=InterviewRecordSerializer,
            create=lambda **data: services.interview_record(actor=request.user, **data),
        )

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """报送通关司 of the interview's record, once."""
        interview = services.interview_report(interview=self.get_object(), actor=request.user)
        return self.answer(interview)
