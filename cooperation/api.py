"""API of the 京津冀 cooperation: its tasks, for its members (read only: the tasks are the
seed's), and the members' 年度行动计划 with their milestones and progress reports. Thin: reads
through selectors, writes through services; who may act is answered before the body is read
(403), the state after it (409)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api import CaseTransitionActions, transition_schema
from ecoorigin.api import NOT_OPEN, REFUSED, CursorPagination, StrictFilterSet
from ecoorigin.exceptions import InvalidInput, NotPermitted
from supervision import selectors as supervision_selectors

from . import selectors, services
from . import workflow as wf
from .models import ActionPlan, Milestone, Task
from .programme import PLANS
from .seed_tasks import UNITS
from .serializers import (
    ActionPlanCreateSerializer,
    ActionPlanHistorySerializer,
    ActionPlanSerializer,
    ActionPlanTransitionSerializer,
    CooperationTaskSerializer,
    JointCheckDetailSerializer,
    JointCheckSerializer,
    MilestoneCreateSerializer,
    MilestoneSerializer,
    ProgressReportCreateSerializer,
    ProgressReportSerializer,
)
from .workflow import PlanState, planning_unit

INVALID = OpenApiResponse(description=gettext_lazy("输入无效"))


class NewestFirst(CursorPagination):
    ordering = "-pk"


class LatestInspectionFirst(CursorPagination):
    ordering = ("-planned_date", "-pk")


class TaskFilter(StrictFilterSet):
    section = django_filters.TypedChoiceFilter(choices=Task.Section.choices, coerce=int)
    unit = django_filters.ChoiceFilter(
        choices=[(code, name) for code, name, _en, _kind in UNITS],
        method="by_unit",
        label=gettext_lazy("牵头或参加的单位（代码）"),
    )
    mine = django_filters.BooleanFilter(
        method="own", label=gettext_lazy("仅本单位牵头或参加的任务")
    )

    class Meta:
        model = Task
        fields = ["section", "unit", "mine"]

    def by_unit(self, queryset, name, value):
        return queryset.filter(Q(leads__code=value) | Q(participants__code=value)).distinct()

    def own(self, queryset, name, value):
        if not value:
            return queryset
        codes = selectors.unit_codes_of(self.request.user)
        return queryset.filter(
            Q(leads__code__in=codes) | Q(participants__code__in=codes)
        ).distinct()


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀质量发展合作的 42 项重点任务及其牵头单位、参加单位（合作成员单位可见）。"
        )
    ),
    retrieve=extend_schema(description=gettext_lazy("一项重点任务，按任务序号。")),
)
class CooperationTaskViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CooperationTaskSerializer
    filterset_class = TaskFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = None
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,4}"

    def get_queryset(self):
        return selectors.tasks_visible_to(self.request.user).order_by("number")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


# --- 年度行动计划 ----------------------------------------------------------------------------------


class PlanFilter(StrictFilterSet):
    year = django_filters.NumberFilter()
    state = django_filters.ChoiceFilter(choices=PlanState.choices)
    overdue = django_filters.BooleanFilter(
        method="with_overdue", label=gettext_lazy("仅有逾期未完成节点的计划")
    )

    class Meta:
        model = ActionPlan
        fields = ["year", "state", "overdue"]

    def with_overdue(self, queryset, name, value):
        return queryset.filter(overdue_count__gt=0) if value else queryset


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀合作年度行动计划：审议通过的计划各成员单位可见；计划单位看本单位全部计划；"
            "总局看已报送审议的计划。"
        )
    ),
    create=extend_schema(
        request=ActionPlanCreateSerializer,
        responses={201: ActionPlanSerializer, 400: INVALID, 403: REFUSED, 409: NOT_OPEN},
        description=gettext_lazy(
            "起草本单位今年或明年的年度行动计划（每单位每年一份），计划单位为调用者所在单位。"
        ),
    ),
    history=extend_schema(responses=ActionPlanHistorySerializer(many=True), filters=False),
    **transition_schema(
        body=ActionPlanTransitionSerializer,
        case=ActionPlanSerializer,
        not_found=gettext_lazy("行动计划不存在或不可见，或没有此操作"),
    ),
)
class CooperationPlanViewSet(
    CaseTransitionActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """年度行动计划: list, draft (a planning unit), read, history, and the steps: submit (the
    unit), approve or return (HQ, the leading group's office), report (the unit, from December)."""

    serializer_class = ActionPlanSerializer
    programme = PLANS
    transition_body = ActionPlanTransitionSerializer
    case_serializer = ActionPlanSerializer
    filterset_class = PlanFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.with_progress(selectors.plans_visible_to(self.request.user))

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        # Who may draft is answered before the body is read.
        if planning_unit(request.user) is None:
            raise NotPermitted(services.refusal_to_plan())
        body = ActionPlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.plan_create(actor=request.user, **body.validated_data)
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(ActionPlanSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        plan = self.get_object()
        return Response(
            ActionPlanHistorySerializer(selectors.plan_history(plan=plan), many=True).data
        )

    def perform_transition(self, case, name, **data):
        return services.plan_transition(plan=case, name=name, actor=self.request.user, **data)


class MilestoneFilter(StrictFilterSet):
    plan = django_filters.NumberFilter()

    class Meta:
        model = Milestone
        fields = ["plan"]


@extend_schema_view(
    list=extend_schema(description=gettext_lazy("调用者可见的行动计划的节点及其进展报告。")),
    create=extend_schema(
        request=MilestoneCreateSerializer,
        responses={201: MilestoneSerializer, 400: INVALID, 403: REFUSED, 409: NOT_OPEN},
        description=gettext_lazy(
            "为本单位起草中或退回修改的计划增加节点：本单位牵头或参加的重点任务，计划年度内的完成日期。"
        ),
    ),
    destroy=extend_schema(
        responses={204: None, 403: REFUSED, 409: NOT_OPEN},
        description=gettext_lazy("删除本单位起草中或退回修改的计划的节点。"),
    ),
    reports=extend_schema(
        request=ProgressReportCreateSerializer,
        responses={201: ProgressReportSerializer, 400: INVALID, 403: REFUSED, 409: NOT_OPEN},
        filters=False,
        description=gettext_lazy(
            "计划单位报告审议通过的计划的节点进展：进度不倒退，100% 即完成（完成日期不晚于今天）。"
        ),
    ),
)
class CooperationMilestoneViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """计划节点: list, add and remove (the plan's unit, while it drafts), progress reports."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.milestones_visible_to(self.request.user).prefetch_related(
            "reports__reported_by"
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        if planning_unit(request.user) is None:
            raise NotPermitted(services.refusal_to_plan())
        body = MilestoneCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        plan = selectors.plans_visible_to(request.user).filter(pk=data.pop("plan")).first()
        if plan is None:
            raise InvalidInput(field_errors={"plan": [_("行动计划不存在或不可见。")]})
        milestone = services.milestone_add(plan=plan, actor=request.user, **data)
        fresh = self.get_queryset().get(pk=milestone.pk)
        return Response(MilestoneSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.milestone_remove(milestone=instance, actor=self.request.user)

    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        milestone = self.get_object()
        if not wf.is_plan_unit(milestone.plan, request.user):
            raise NotPermitted(_("只有计划单位可以报告进展。"))
        body = ProgressReportCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.progress_report(
            milestone=milestone, actor=request.user, **body.validated_data
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


# --- 联动抽查 ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀联动抽查（京津冀专区的片区抽查计划）：检查日期之后向合作各成员单位共享，"
            "最近的在前。非成员单位看不到任何计划。"
        )
    ),
    retrieve=extend_schema(
        description=gettext_lazy(
            "一次联动抽查的结果：三地对比，以及每个检查对象的检查组和检查记录。"
        )
    ),
)
class JointCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = JointCheckSerializer
    pagination_class = LatestInspectionFirst

    def get_queryset(self):
        return supervision_selectors.joint_checks_visible_to(user=self.request.user)

    def get_serializer_class(self):
        return JointCheckDetailSerializer if self.action == "retrieve" else JointCheckSerializer

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        plan.joint_targets, plan.joint_places = supervision_selectors.joint_check_results(plan=plan)
        return Response(JointCheckDetailSerializer(plan).data)
