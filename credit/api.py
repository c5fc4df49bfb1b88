"""API of quality credit and the blacklist: the credit grades (staff, scoped; an enterprise its
own) with their explanation and history, the rule's versions (HQ publishes), the blacklist's
entries with proposal, transitions and history, and the public list in force. Thin: reads
through selectors, writes through services; who may act is answered before the body is read
(403), the state after it (409)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from casework.api import CaseTransitionActions, transition_schema
from ecoorigin.api import REFUSED, CursorPagination, StrictFilterSet
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import PublicAPIView
from ecoorigin.routers import reads_from_replica

from . import selectors, services
from .models import BlacklistEntry, CreditGrade, Grade
from .programme import BLACKLIST
from .serializers import (
    BlacklistEntrySerializer,
    BlacklistHistorySerializer,
    BlacklistProposeSerializer,
    BlacklistTransitionSerializer,
    CreditGradeDetailSerializer,
    CreditGradeSerializer,
    CreditRuleSerializer,
    PublicBlacklistEntrySerializer,
)
from .workflow import State, Violation


class Scoped:
    """Filters belong to the list; one record is found by its id alone."""

    lookup_value_regex = "[0-9]+"

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


class GradeFilter(StrictFilterSet):
    grade = django_filters.ChoiceFilter(choices=Grade.choices)
    q = django_filters.CharFilter(
        method="searched", label=gettext_lazy("企业名称（包含）或统一社会信用代码")
    )

    class Meta:
        model = CreditGrade
        fields = ["grade", "q"]

    def searched(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(uscc=value.upper()))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "质量信用等级：总局看全部，直属局看辖区企业及本局提请列入黑名单的企业，企业用户看本企业。"
        )
    ),
    retrieve=extend_schema(
        responses=CreditGradeDetailSerializer,
        description=gettext_lazy("一家企业的信用等级、计分明细（各行之和等于信用分）和变更记录。"),
    ),
)
class CreditGradeViewSet(
    Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CreditGradeSerializer
    filterset_class = GradeFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return selectors.grades_visible_to(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CreditGradeDetailSerializer
        return CreditGradeSerializer


NO_PUBLICATION_RACE = OpenApiResponse(description=gettext_lazy("规则已被他人更新，请刷新后重试。"))


@extend_schema_view(
    list=extend_schema(description=gettext_lazy("信用评价规则的各版本，最新版本现行有效。")),
    create=extend_schema(
        responses={201: CreditRuleSerializer, 403: REFUSED, 409: NO_PUBLICATION_RACE},
        description=gettext_lazy(
            "总局发布新版本信用评价规则，取代现行版本，并据此重新计算全部信用等级。"
        ),
    ),
)
class CreditRuleViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = CreditRuleSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if self.request.user.role not in (Role.HQ, Role.BUREAU):
            return selectors.rules().none()
        return selectors.rules()

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以发布信用评价规则。"))
        body = CreditRuleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rule = services.credit_rule_publish(actor=request.user, **body.validated_data)
        return Response(CreditRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class EntryFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False)
    violation = django_filters.ChoiceFilter(choices=Violation.choices)
    uscc = django_filters.CharFilter(label=gettext_lazy("统一社会信用代码"))

    class Meta:
        model = BlacklistEntry
        fields = ["state", "violation", "uscc"]


class NewestFirst(CursorPagination):
    ordering = "-pk"


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "黑名单：总局看全部，直属局看本局的和在册的，企业用户看本企业被列入的记录。"
        )
    ),
    create=extend_schema(
        request=BlacklistProposeSerializer,
        responses={
            201: BlacklistEntrySerializer,
            403: REFUSED,
            409: OpenApiResponse(description=gettext_lazy("该企业已有待决定或有效的黑名单记录。")),
        },
        description=gettext_lazy(
            "直属局提请列入黑名单（辖区企业；平台未登记的企业由提请的直属局负责）。"
        ),
    ),
    history=extend_schema(responses=BlacklistHistorySerializer(many=True), filters=False),
    **transition_schema(
        body=BlacklistTransitionSerializer,
        case=BlacklistEntrySerializer,
        not_found=gettext_lazy("黑名单记录不存在或不可见，或没有此操作"),
    ),
)
class BlacklistViewSet(
    CaseTransitionActions,
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """黑名单: list, propose (a bureau), read, history, transitions (list, refuse, remove: HQ)."""

    serializer_class = BlacklistEntrySerializer
    programme = BLACKLIST
    transition_body = BlacklistTransitionSerializer
    case_serializer = BlacklistEntrySerializer
    filterset_class = EntryFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = NewestFirst

    def get_queryset(self):
        return selectors.entries_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may propose is answered before the body is read.
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以提出列入黑名单。"))
        body = BlacklistProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.blacklist_propose(actor=request.user, **body.validated_data)
        entry = self.get_queryset().get(pk=entry.pk)
        return Response(BlacklistEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entry = self.get_object()
        rows = selectors.entry_history(entry=entry)
        return Response(BlacklistHistorySerializer(rows, many=True).data)

    def perform_transition(self, case, name, **data):
        return services.blacklist_transition(entry=case, name=name, actor=self.request.user, **data)


class PublicBlacklistPagination(CursorPagination):
    ordering = ("-listed_on", "-pk")


@reads_from_replica
class PublicBlacklistView(PublicAPIView, generics.ListAPIView):
    """质量安全违法黑名单公示: the entries in force (no login)."""

    serializer_class = PublicBlacklistEntrySerializer
    pagination_class = PublicBlacklistPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.public_entries(query=self.request.query_params.get("q", ""))
