"""API of 京津冀审批结果互认: the recognitions the caller sees (the cooperation's members all, an
enterprise its own), searched and filtered; recording (a place's bureau or quality authority);
the withdrawal (the granting place) and the history. Thin: reads through selectors, writes
through services; who may act is answered before the body is read (403), the state after it
(409)."""

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api import CaseTransitionActions, transition_schema
from casework.exceptions import TransitionForbidden
from ecoorigin.api import REFUSED, CursorPagination, StrictFilterSet
from ecoorigin.exceptions import NotPermitted
from regions.cooperation import PLACE_LABELS, PLACES

from . import selectors, services
from .models import Recognition
from .programme import RECOGNITION
from .serializers import (
    RecognitionHistorySerializer,
    RecognitionRecordSerializer,
    RecognitionSerializer,
    RecognitionTransitionSerializer,
    RecognitionWithdrawSerializer,
)
from .workflow import Kind, Status, may_record


class RecognitionFilter(StrictFilterSet):
    q = django_filters.CharFilter(
        method="searched", label=gettext_lazy("持有人名称（包含）或统一社会信用代码")
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    place = django_filters.ChoiceFilter(
        choices=[(code, PLACE_LABELS[code]) for code in PLACES],
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, method="with_status")

    class Meta:
        model = Recognition
        fields = ["q", "kind", "place", "status"]

    def searched(self, queryset, name, value):
        return selectors.searched(queryset, value)

    def with_status(self, queryset, name, value):
        return selectors.with_status(queryset, value)


class NewestFirst(CursorPagination):
    ordering = "-pk"


NOT_IN_FORCE = OpenApiResponse(description=gettext_lazy("当前状态不允许此操作，或已被他人处理。"))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀审批结果互认：京津冀三地直属局、检查员和质监部门、认监委、标准委和总局看全部，"
            "企业用户看本企业持有的。"
        )
    ),
    create=extend_schema(
        request=RecognitionRecordSerializer,
        responses={201: RecognitionSerializer, 403: REFUSED},
        description=gettext_lazy(
            "京津冀三地直属局或质监部门登记本单位作出的审批结果，审批单位为登记人所在单位。"
        ),
    ),
    history=extend_schema(responses=RecognitionHistorySerializer(many=True), filters=False),
    withdraw=extend_schema(
        request=RecognitionWithdrawSerializer,
        responses={
            200: RecognitionSerializer,
            400: OpenApiResponse(description=gettext_lazy("输入无效")),
            403: REFUSED,
            409: NOT_IN_FORCE,
        },
        filters=False,
        description=gettext_lazy(
            "审批地的直属局或质监部门撤回互认，须写明理由；撤回后三地均不再互认。"
        ),
    ),
    **transition_schema(
        body=RecognitionTransitionSerializer,
        case=RecognitionSerializer,
        not_found=gettext_lazy("互认事项不存在或不可见，或没有此操作"),
    ),
)
class RecognitionViewSet(
    CaseTransitionActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """互认事项: list, record (a place's bureau or quality authority), read, history, withdraw."""

    serializer_class = RecognitionSerializer
    programme = RECOGNITION
    transition_body = RecognitionTransitionSerializer
    case_serializer = RecognitionSerializer
    filterset_class = RecognitionFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.recognitions_visible_to(user=self.request.user)

    def filter_queryset(self, queryset):
        # Filters belong to the list; one recognition is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        # Who may record is answered before the body is read.
        if not may_record(request.user):
            raise NotPermitted(services.refusal_to_record())
        body = RecognitionRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        recognition = services.recognition_record(actor=request.user, **body.validated_data)
        recognition = self.get_queryset().get(pk=recognition.pk)
        return Response(RecognitionSerializer(recognition).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        recognition = self.get_object()
        rows = selectors.recognition_history(recognition=recognition)
        return Response(RecognitionHistorySerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        recognition = self.get_object()
        if not RECOGNITION.permitted(recognition, "withdraw", request.user):
            raise TransitionForbidden()
        body = RecognitionWithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        recognition = services.recognition_withdraw(
            recognition=recognition, actor=request.user, reason=body.validated_data["reason"]
        )
        fresh = self.get_queryset().get(pk=recognition.pk)
        return Response(RecognitionSerializer(fresh).data)

    def perform_transition(self, case, name, **data):
        return services.recognition_transition(
            recognition=case, name=name, actor=self.request.user, **data
        )
