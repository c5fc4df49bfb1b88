"""API of 京津冀突发公共卫生事件通报 (seed 003 §三.30): the reports the caller sees (HQ all; a
place's bureau staff its own and those notified to it), recording (a place's bureau clerk), the
notification to the other members and the system's escalation through the case engine, the
history, and the notified bureau's acknowledgement. Thin: reads through selectors, writes through
services; who may act is answered before the body is read (403), the state after it (409)."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api import CaseTransitionActions, transition_schema
from ecoorigin.api import REFUSED, CursorPagination, RecordActions, StrictFilterSet
from ecoorigin.exceptions import NotPermitted
from regions.cooperation import PLACE_LABELS, PLACES

from . import selectors, services
from . import workflow as wf
from .models import EmergencyReport
from .programme import RISK_EMERGENCIES
from .serializers import (
    RiskEmergencyHistorySerializer,
    RiskEmergencyRecordSerializer,
    RiskEmergencySerializer,
    RiskEmergencyTransitionSerializer,
)
from .workflow import EmergencyStatus


class EmergencyFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=EmergencyStatus.choices, method="with_status")
    place = django_filters.ChoiceFilter(
        choices=[(code, PLACE_LABELS[code]) for code in PLACES],
        field_name="bureau__code",
        label=gettext_lazy("通报地（直属局代码）"),
    )

    class Meta:
        model = EmergencyReport
        fields = ["status", "place"]

    def with_status(self, queryset, name, value):
        return selectors.emergencies_with_status(queryset, value)


class LatestLearntFirst(CursorPagination):
    ordering = ("-learnt_at", "-pk")


ACKNOWLEDGED = OpenApiResponse(description=gettext_lazy("该通报已确认收悉。"))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀突发公共卫生事件通报，获知时间最新的在前：总局全部，京津冀三地直属局工作人员"
            "本局登记的和通报本局的。status=overdue 为逾期未通报。"
        )
    ),
    retrieve=extend_schema(
        responses={
            200: RiskEmergencySerializer,
            404: OpenApiResponse(description=gettext_lazy("通报不存在或不可见。")),
        }
    ),
    create=extend_schema(
        request=RiskEmergencyRecordSerializer,
        responses={201: RiskEmergencySerializer, 403: REFUSED},
        description=gettext_lazy(
            "京津冀三地直属局登记突发公共卫生事件；6 小时通报时限自获知时间起算（自然小时）。"
        ),
    ),
    history=extend_schema(responses=RiskEmergencyHistorySerializer(many=True), filters=False),
    acknowledge=extend_schema(
        request=None,
        responses={200: RiskEmergencySerializer, 403: REFUSED, 409: ACKNOWLEDGED},
        filters=False,
        description=gettext_lazy("被通报直属局确认收悉（每局一次）。"),
    ),
    **transition_schema(
        body=RiskEmergencyTransitionSerializer,
        case=RiskEmergencySerializer,
        not_found=gettext_lazy("通报不存在或不可见，或没有此操作"),
    ),
)
class RiskEmergencyViewSet(
    CaseTransitionActions,
    RecordActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """突发公共卫生事件通报: list (?status, ?place), record, read, history, transitions (notify;
    escalate is the system's), acknowledge (收悉)."""

    serializer_class = RiskEmergencySerializer
    programme = RISK_EMERGENCIES
    transition_body = RiskEmergencyTransitionSerializer
    case_serializer = RiskEmergencySerializer
    filterset_class = EmergencyFilter
    pagination_class = LatestLearntFirst
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.emergencies_visible_to(user=self.request.user).prefetch_related(
            "acknowledgements__bureau", "acknowledgements__acknowledged_by"
        )

    def create(self, request, *args, **kwargs):
        if not wf.may_report_emergency(request.user):
            raise NotPermitted(services.refusal_to_report_emergency())
        report = services.emergency_record(
            actor=request.user, **self.body(RiskEmergencyRecordSerializer)
        )
        return self.answer(report, status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        rows = selectors.emergency_history(report=self.get_object())
        return Response(RiskEmergencyHistorySerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        report = self.get_object()
        bureau_id = request.user.bureau_id
        row = report.acknowledgements.filter(bureau_id=bureau_id).first() if bureau_id else None
        if row is None:
            raise NotPermitted(_("只有被通报直属局可以确认收悉。"))
        # The service checks the role (a head-office clerk) and answers 409 if confirmed.
        services.emergency_acknowledge(acknowledgement=row, actor=request.user)
        return self.answer(report)

    def perform_transition(self, case, name, **data):
        return services.emergency_transition(
            report=case, name=name, actor=self.request.user, **data
        )
