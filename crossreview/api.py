"""API of 京津冀执法案件互查互评: the rounds (HQ opens one a year, sets and agrees its standard,
assigns and closes it through the case engine's transitions), their history, comparison and
assignment data; the case files (a place enters its own; the drawn reviewer submits the scores).
Thin: reads through selectors, writes through services; who may act is answered before the body
is read (403), the state after it (409)."""

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from casework.api import CaseTransitionActions, transition_schema
from ecoorigin.api import REFUSED, CursorPagination, IdFilter, StrictFilterSet
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.cooperation import PLACE_LABELS, PLACES

from . import selectors, services
from . import workflow as wf
from .assignment import ALGORITHM_VERSION, verify
from .models import ReviewedCase
from .programme import CROSSREVIEW
from .serializers import (
    ReviewAssignmentSerializer,
    ReviewComparisonSerializer,
    ReviewCriterionAddSerializer,
    ReviewedCaseEnterSerializer,
    ReviewedCaseSerializer,
    ReviewRoundHistorySerializer,
    ReviewRoundOpenSerializer,
    ReviewRoundSerializer,
    ReviewRoundTransitionSerializer,
    ReviewSubmitSerializer,
)
from .workflow import CaseKind

BAD_INPUT = OpenApiResponse(description=gettext_lazy("输入无效"))
NOT_NOW = OpenApiResponse(description=gettext_lazy("当前状态不允许此操作，或已被他人处理。"))
NOT_PUBLISHED = OpenApiResponse(
    description=gettext_lazy(
        "尚未公开：三地对比和随机分配的数据在本年度互查互评结束后公开（总局自分配后可看）。"
    )
)


class NewestFirst(CursorPagination):
    ordering = "-pk"


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀执法案件互查互评的年度评查及其评查标准：合作各成员（京津冀三地直属局、检查员和"
            "质监部门，认监委、标准委，总局）可见。"
        )
    ),
    create=extend_schema(
        request=ReviewRoundOpenSerializer,
        responses={201: ReviewRoundSerializer, 400: BAD_INPUT, 403: REFUSED},
        description=gettext_lazy("总局开展一个年度的互查互评，每年一次。"),
    ),
    history=extend_schema(responses=ReviewRoundHistorySerializer(many=True), filters=False),
    criteria=extend_schema(
        request=ReviewCriterionAddSerializer,
        responses={201: ReviewRoundSerializer, 400: BAD_INPUT, 403: REFUSED, 409: NOT_NOW},
        filters=False,
        description=gettext_lazy(
            "总局在拟定阶段添加评查标准条目；各条目分值合计不超过 100 分，商定后不能修改。"
        ),
    ),
    remove_criterion=extend_schema(
        responses={204: None, 403: REFUSED, 404: OpenApiResponse(), 409: NOT_NOW},
        filters=False,
        description=gettext_lazy("总局在拟定阶段删除评查标准条目。"),
    ),
    comparison=extend_schema(
        responses={200: ReviewComparisonSerializer, 409: NOT_PUBLISHED},
        filters=False,
        description=gettext_lazy("三地对比：各地报送和已评查的案卷数、平均总分和各条目平均得分。"),
    ),
    assignment=extend_schema(
        responses={200: ReviewAssignmentSerializer, 409: NOT_PUBLISHED},
        filters=False,
        description=gettext_lazy(
            "随机分配的数据（种子、名单和结果），可用 crossreview/assignment.py 重新运行复核。"
        ),
    ),
    **transition_schema(
        body=ReviewRoundTransitionSerializer,
        case=ReviewRoundSerializer,
        not_found=gettext_lazy("年度评查不存在或不可见，或没有此操作"),
    ),
)
class ReviewRoundViewSet(
    CaseTransitionActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """互查互评年度评查: list, open (HQ), read, standard, transitions, history, comparison."""

    serializer_class = ReviewRoundSerializer
    programme = CROSSREVIEW
    transition_body = ReviewRoundTransitionSerializer
    case_serializer = ReviewRoundSerializer
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.rounds_visible_to(user=self.request.user).prefetch_related("criteria")

    def _answer(self, round_, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=round_.pk)
        return Response(ReviewRoundSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        if not wf.is_lead(request.user):
            raise NotPermitted(services.refusal_to_lead())
        body = ReviewRoundOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        round_ = services.round_open(actor=request.user, **body.validated_data)
        return self._answer(round_, status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        rows = selectors.round_history(round_=self.get_object())
        return Response(ReviewRoundHistorySerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def criteria(self, request, pk=None):
        round_ = self.get_object()
        if not wf.is_lead(request.user):
            raise NotPermitted(services.refusal_to_lead())
        body = ReviewCriterionAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.criterion_add(actor=request.user, round_=round_, **body.validated_data)
        return self._answer(round_, status.HTTP_201_CREATED)

    @action(
        detail=True,
        methods=["delete"],
        url_path=r"criteria/(?P<criterion_id>[0-9]+)",
        url_name="criterion",
    )
    def remove_criterion(self, request, pk=None, criterion_id=None):
        round_ = self.get_object()
        # Digits only (the route's pattern); more than a 64-bit id holds is no criterion.
        number = int(criterion_id) if len(criterion_id) < 19 else 0
        criterion = get_object_or_404(round_.criteria.all(), pk=number)
        services.criterion_remove(actor=request.user, criterion=criterion)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"], pagination_class=None)
    def comparison(self, request, pk=None):
        round_ = self.get_object()
        if not selectors.results_visible(round_=round_, user=request.user):
            raise Conflict(NOT_PUBLISHED.description)
        return Response(ReviewComparisonSerializer(selectors.comparison(round_=round_)).data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def assignment(self, request, pk=None):
        round_ = self.get_object()
        if not round_.seed or not selectors.results_visible(round_=round_, user=request.user):
            raise Conflict(NOT_PUBLISHED.description)
        document = {
            "algorithm": ALGORITHM_VERSION,
            "seed": round_.seed,
            "snapshot": round_.snapshot,
            "assignment": round_.assignment,
        }
        return Response(ReviewAssignmentSerializer({**document, "matches": verify(document)}).data)

    def perform_transition(self, case, name, **data):
        return services.round_transition(round_=case, name=name, actor=self.request.user, **data)


class ReviewCaseFilter(StrictFilterSet):
    round = IdFilter(field_name="round_id", label=gettext_lazy("年度评查 id"))
    place = django_filters.ChoiceFilter(choices=[(code, PLACE_LABELS[code]) for code in PLACES])
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices)
    mine = django_filters.BooleanFilter(
        method="assigned_to_me", label=gettext_lazy("只看分配给我评查的案卷")
    )

    class Meta:
        model = ReviewedCase
        fields = ["round", "place", "kind", "mine"]

    def assigned_to_me(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(reviewer=user) if value else queryset.exclude(reviewer=user)


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "被评查案卷：总局看全部；三地看本地报送的和分配给本人评查的；年度评查结束后合作各成员"
            "看全部。评查结果提交后随案卷返回。"
        )
    ),
    create=extend_schema(
        request=ReviewedCaseEnterSerializer,
        responses={201: ReviewedCaseSerializer, 400: BAD_INPUT, 403: REFUSED, 409: NOT_NOW},
        description=gettext_lazy(
            "三地直属局或质监部门在分配评查人员前报送本地的案卷；被评查地为报送人所在地。"
        ),
    ),
    destroy=extend_schema(
        responses={204: None, 403: REFUSED, 409: NOT_NOW},
        description=gettext_lazy("报送地在分配评查人员前撤回案卷。"),
    ),
    review=extend_schema(
        request=ReviewSubmitSerializer,
        responses={200: ReviewedCaseSerializer, 400: BAD_INPUT, 403: REFUSED, 409: NOT_NOW},
        filters=False,
        description=gettext_lazy(
            "分配的评查人员按评查标准逐条评分，只能提交一次；得分在 0 到该条目分值之间，扣分的"
            "条目须写明发现的问题。"
        ),
    ),
)
class ReviewCaseViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """被评查案卷: list, enter (a place's bureau or quality authority), read, take back, review."""

    serializer_class = ReviewedCaseSerializer
    filterset_class = ReviewCaseFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.cases_visible_to(user=self.request.user)

    def filter_queryset(self, queryset):
        # Filters belong to the list; one case file is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _answer(self, case, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        if not wf.may_enter(request.user):
            raise NotPermitted(services.refusal_to_enter())
        body = ReviewedCaseEnterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        round_ = (
            selectors.rounds_visible_to(user=request.user).filter(pk=values.pop("round")).first()
        )
        if round_ is None:
            raise InvalidInput(field_errors={"round": [gettext_lazy("年度评查不存在。")]})
        case = services.case_enter(actor=request.user, round_=round_, **values)
        return self._answer(case, status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.case_remove(actor=request.user, case=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        case = self.get_object()
        if case.reviewer_id != request.user.pk:
            raise NotPermitted(services.refusal_to_review())
        body = ReviewSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.review_submit(
            actor=request.user,
            case=case,
            scores=[dict(entry) for entry in body.validated_data["scores"]],
            summary=body.validated_data.get("summary", ""),
        )
        return self._answer(case)
