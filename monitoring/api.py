"""API of the risk monitoring plans (seed 004 §二.1, 3; SPEC §9's answers): the plans with their
history, transitions and per-product summary; their items; the bureaus' monitoring points; the
samples' results with their corrections; and the published results for the public. Thin: reads
through selectors, writes through services; who may act is answered before the body is read
(403), the state after it (409), the body last (400)."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from casework.api import CaseTransitionActions, transition_schema
from ecoorigin.api import REFUSED, CursorPagination, IdFilter, StrictFilterSet, action_schema
from ecoorigin.exceptions import InvalidInput, NotPermitted
from ecoorigin.ratelimit import PublicAPIView
from ecoorigin.routers import reads_from_replica

from . import selectors, services
from . import workflow as wf
from .models import MonitoringPlan, PlanItem, SampleResult
from .programme import MONITORING_PLANS
from .serializers import (
    MonitoringPlanSerializer,
    MonitoringPlanUpdateSerializer,
    MonitoringPointSerializer,
    PlanHistorySerializer,
    PlanItemSerializer,
    PlanItemUpdateSerializer,
    PlanTransitionSerializer,
    ProductSummarySerializer,
    PublicPlanResultsSerializer,
    PublicPlanSerializer,
    ResultCorrectionSerializer,
    SampleResultSerializer,
)
from .workflow import Level, State

NOT_FOUND = gettext_lazy("不存在或不可见，或没有此操作")
NOT_DRAFT = OpenApiResponse(description=gettext_lazy("监测计划发布后不能再修改。"))
NOT_RUNNING = OpenApiResponse(
    description=gettext_lazy("只有发布实施中的监测计划可以录入或更正抽样检测结果。")
)


class NewestFirst(CursorPagination):
    ordering = "-pk"


class Scoped:
    """Filters belong to the list; one record is found by its id alone."""

    lookup_value_regex = "[0-9]+"

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


def visible_plan(user, plan_id: int, field: str = "plan") -> MonitoringPlan:
    """The plan a body names, among those `user` sees (400 naming the field otherwise)."""
    plan = selectors.plans_visible_to(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise InvalidInput(field_errors={field: [_("监测计划不存在或您无权查看。")]})
    return plan


# ---------------------------------------------------------------- 监测计划


@extend_schema_field({"type": "integer", "minimum": 2000, "maximum": 2100})
class YearFilter(IdFilter):
    """A plan's year: a whole number from 2000 to 2100 (400 outside), as the schema says."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=2000, max_value=2100, **kwargs)


class PlanFilter(StrictFilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False)
    year = YearFilter(field_name="year")

    class Meta:
        model = MonitoringPlan
        fields = ["level", "state", "year"]


@extend_schema_view(
    create=extend_schema(
        responses={201: MonitoringPlanSerializer, 403: REFUSED, 409: NOT_DRAFT},
        description=gettext_lazy(
            "总局制订国家风险监测计划（填写 year）；直属局依据已发布实施的国家计划制订本关区的"
            "地方风险监测计划（填写 national_plan）。"
        ),
    ),
    partial_update=extend_schema(
        responses={200: MonitoringPlanSerializer, 403: REFUSED, 409: NOT_DRAFT}
    ),
    **transition_schema(
        body=PlanTransitionSerializer, case=MonitoringPlanSerializer, not_found=NOT_FOUND
    ),
)
class MonitoringPlanViewSet(
    CaseTransitionActions,
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """风险监测计划 the caller sees: list (?level, ?state, ?year), create, read, edit (PATCH) a
    draft, history, per-product summary of the results, transitions (publish, publish_results,
    close)."""

    serializer_class = MonitoringPlanSerializer
    programme = MONITORING_PLANS
    transition_body = PlanTransitionSerializer
    case_serializer = MonitoringPlanSerializer
    filterset_class = PlanFilter
    pagination_class = NewestFirst
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.plans_visible_to(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return MonitoringPlanUpdateSerializer
        return MonitoringPlanSerializer

    def create(self, request, *args, **kwargs):
        if request.user.role not in (Role.HQ, Role.BUREAU):
            raise NotPermitted(_("只有总局和直属局可以制订风险监测计划。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parent_id = data.pop("national_plan_id", None)
        if self.request.user.role == Role.BUREAU:
            if parent_id is None:
                raise InvalidInput(
                    field_errors={"national_plan": [_("请选择依据的国家风险监测计划。")]}
                )
            data.pop("year", None)
            data["national_plan"] = visible_plan(self.request.user, parent_id, "national_plan")
        elif parent_id is not None:
            raise InvalidInput(field_errors={"national_plan": [_("国家计划不依据其他计划。")]})
        plan = services.plan_create(actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def update(self, request, *args, **kwargs):
        services.plan_check_editable(plan=self.get_object(), actor=request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        plan = services.plan_update(
            plan=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_transition(self, case, name, **data):
        return services.plan_transition(plan=case, name=name, actor=self.request.user, **data)

    @extend_schema(responses=PlanHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entries = selectors.plan_history(plan=self.get_object())
        return Response(PlanHistorySerializer(entries, many=True).data)

    @extend_schema(
        responses={200: ProductSummarySerializer(many=True), 403: REFUSED},
        filters=False,
        description=gettext_lazy(
            "各产品的抽样批次、不合格批次和合格率：总局和计划所属直属局随时可见，其他单位在结果发布后可见。"
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def summary(self, request, pk=None):
        plan = self.get_object()
        if not selectors.results_open_to(plan, request.user):
            raise NotPermitted(_("监测结果发布前，仅总局和计划所属直属局可以查看。"))
        return Response(
            ProductSummarySerializer(selectors.product_summary(plan=plan), many=True).data
        )


# ---------------------------------------------------------------- 监测项目


class ItemFilter(StrictFilterSet):
    plan = IdFilter(field_name="plan_id")

    class Meta:
        model = PlanItem
        fields = ["plan"]


@extend_schema_view(
    create=extend_schema(responses={201: PlanItemSerializer, 403: REFUSED, 409: NOT_DRAFT}),
    partial_update=extend_schema(responses={200: PlanItemSerializer, 403: REFUSED, 409: NOT_DRAFT}),
    destroy=extend_schema(responses={204: None, 403: REFUSED, 409: NOT_DRAFT}),
)
class PlanItemViewSet(
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Lines of the plans the caller sees (?plan): added, edited and removed by the plan's bureau
    while the plan is a draft."""

    serializer_class = PlanItemSerializer
    filterset_class = ItemFilter
    pagination_class = NewestFirst
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        visible = selectors.plans_visible_to(user=self.request.user).values("pk")
        return PlanItem.objects.filter(plan__in=visible).select_related("point", "plan")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return PlanItemUpdateSerializer
        return PlanItemSerializer

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有计划的制订单位可以修改监测计划。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = visible_plan(self.request.user, data.pop("plan_id"))
        data["point"] = data.pop("point_id")
        item = services.item_create(plan=plan, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=item.pk)

    def update(self, request, *args, **kwargs):
        services.plan_check_editable(plan=self.get_object().plan, actor=request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "point_id" in data:
            data["point"] = data.pop("point_id")
        item = services.item_update(item=serializer.instance, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=item.pk)

    def perform_destroy(self, instance):
        services.item_delete(item=instance, actor=self.request.user)


# ---------------------------------------------------------------- 监测点


@extend_schema_view(
    create=extend_schema(responses={201: MonitoringPointSerializer, 403: REFUSED}),
    partial_update=extend_schema(responses={200: MonitoringPointSerializer, 403: REFUSED}),
)
class MonitoringPointViewSet(
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """风险监测点: a bureau's own (HQ reads every bureau's); set up and edited by the bureau."""

    serializer_class = MonitoringPointSerializer
    pagination_class = NewestFirst
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.points_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以设立风险监测点。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        point = services.point_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=point.pk)

    def update(self, request, *args, **kwargs):
        point = self.get_object()
        if request.user.role != Role.BUREAU or request.user.bureau_id != point.bureau_id:
            raise NotPermitted(_("只有监测点所属直属局可以修改监测点。"))
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        point = services.point_update(
            point=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=point.pk)


# ---------------------------------------------------------------- 抽样检测结果


class ResultFilter(StrictFilterSet):
    plan = IdFilter(field_name="plan_id")
    item = IdFilter(field_name="item_id")

    class Meta:
        model = SampleResult
        fields = ["plan", "item"]


@extend_schema_view(
    create=extend_schema(responses={201: SampleResultSerializer, 403: REFUSED, 409: NOT_RUNNING}),
    correct=action_schema(
        ResultCorrectionSerializer, SampleResultSerializer, conflict=NOT_RUNNING, code=201
    ),
)
class SampleResultViewSet(
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """抽样检测结果 of the plans whose results the caller reads in full (?plan, ?item), every
    record, corrected ones too: recorded by the plan's bureau and its inspectors while the plan is
    published, final once recorded; `correct` records a new row that supersedes one."""

    serializer_class = SampleResultSerializer
    filterset_class = ResultFilter
    pagination_class = NewestFirst

    def get_queryset(self):
        return selectors.with_corrected(
            selectors.results_visible_to(user=self.request.user).select_related("recorded_by")
        )

    def create(self, request, *args, **kwargs):
        if request.user.role not in (Role.BUREAU, Role.INSPECTOR):
            raise NotPermitted(_("只有计划所属直属局及其检查员可以录入抽样检测结果。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        item_id = data.pop("item_id")
        visible = selectors.plans_visible_to(user=self.request.user).values("pk")
        item = PlanItem.objects.filter(pk=item_id, plan__in=visible).select_related("plan").first()
        if item is None:
            raise InvalidInput(field_errors={"item": [_("监测项目不存在或您无权查看。")]})
        result = services.result_record(item=item, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=result.pk)

    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        result = self.get_object()
        if not wf.is_plan_bureau_member(result.plan, request.user):
            raise NotPermitted(_("只有计划所属直属局及其检查员可以录入抽样检测结果。"))
        body = ResultCorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        corrected = services.result_correct(
            result=result, actor=request.user, **body.validated_data
        )
        fresh = self.get_queryset().get(pk=corrected.pk)
        return Response(SampleResultSerializer(fresh).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- 公开


class PublicPlansPagination(CursorPagination):
    ordering = ("-results_published_at", "-pk")


@reads_from_replica
class PublicMonitoringPlanListView(PublicAPIView, generics.ListAPIView):
    """质量安全监测结果: the plans whose bureau published their monitoring results."""

    serializer_class = PublicPlanSerializer
    pagination_class = PublicPlansPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.public_plans()


@reads_from_replica
class PublicMonitoringPlanView(PublicAPIView, generics.RetrieveAPIView):
    """One plan's published results: per product, and the failed samples."""

    serializer_class = PublicPlanResultsSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.public_plans()
