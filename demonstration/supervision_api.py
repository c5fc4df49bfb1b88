"""API of the zones' 监督检查 (seed 001 §七.3), in the shape of eco-origin's (supervision.api):
double-random plans over zones or their enterprises (list, make, read, draw, reveal, publish,
verify) and the caller's drawn inspections with their record. Thin: reads through the selectors
(404 for what the caller may not see), writes through the services."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from casework.api import BeaconEntrySerializer, VerificationSerializer
from ecoorigin.exceptions import NotPermitted

from . import selectors, services
from .api import NewestFirst
from .serializers import (
    MyZoneInspectionTargetSerializer,
    ZoneInspectionPlanCreateSerializer,
    ZoneInspectionPlanSerializer,
    ZoneInspectionRecordSerializer,
    ZoneInspectionSerializer,
)

NOT_VISIBLE = OpenApiResponse(description=gettext_lazy("抽查计划不存在或不可见"))
NOT_YOURS = OpenApiResponse(description=gettext_lazy("只有计划制定方可以执行此操作。"))


@extend_schema_view(
    create=extend_schema(
        request=ZoneInspectionPlanCreateSerializer,
        responses={201: ZoneInspectionPlanSerializer},
        description=gettext_lazy(
            "总局制定覆盖全国示范区的抽查计划，直属局制定覆盖本辖区示范区的抽查计划；"
            "每个计划须声明一期将来开奖的彩票（公共随机数），抽取结果由封存的候选名单和该期开奖号码决定。"
        ),
    ),
    draw=extend_schema(
        request=None,
        responses={
            202: ZoneInspectionPlanSerializer,
            403: NOT_YOURS,
            404: NOT_VISIBLE,
            409: OpenApiResponse(
                description=gettext_lazy(
                    "该计划已封存或已抽取；开奖日期已到而候选名单尚未封存，或按旧协议制定的计划：已不能抽取。"
                )
            ),
        },
    ),
    reveal=extend_schema(
        request=None,
        responses={
            200: ZoneInspectionPlanSerializer,
            403: NOT_YOURS,
            404: NOT_VISIBLE,
            409: OpenApiResponse(
                description=gettext_lazy("检查实施后（检查日期之后）才能公开种子。")
            ),
        },
    ),
    publish=extend_schema(
        request=None,
        responses={
            200: ZoneInspectionPlanSerializer,
            403: NOT_YOURS,
            404: NOT_VISIBLE,
            409: OpenApiResponse(description=gettext_lazy("检查实施前不得公开抽查信息。")),
        },
    ),
    verify=extend_schema(
        responses={
            200: VerificationSerializer,
            404: NOT_VISIBLE,
            409: OpenApiResponse(description=gettext_lazy("种子公开后才能验证抽取结果。")),
        }
    ),
)
class ZoneInspectionPlanViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """示范区双随机抽查计划. Targets and teams as selectors.zone_plan_targets_for allows: all of
    them for the plan's managers and once published, before that a drawn person's own and,
    after the inspection date, a bureau's zones'."""

    serializer_class = ZoneInspectionPlanSerializer
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        # A new plan must declare its lottery draw (ADR 0009); plans are answered as stored.
        if self.action == "create":
            return ZoneInspectionPlanCreateSerializer
        return ZoneInspectionPlanSerializer

    def get_queryset(self):
        return selectors.zone_plans_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may plan is answered before the body is read: anyone else gets 403 whatever they
        # send, not a list of field errors.
        if request.user.role not in (Role.HQ, Role.BUREAU):
            raise NotPermitted(_("只有总局和直属局可以制定抽查计划。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        plan = services.zone_plan_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def _answer(self, plan, *, code: int = status.HTTP_200_OK) -> Response:
        """The plan as the caller may see it: the targets it sees once drawn (null otherwise),
        the shortfalls if it manages the plan."""
        user = self.request.user
        manages = selectors.zone_plan_may_manage(plan=plan, user=user)
        targets = None
        if plan.drawn_at is not None:
            targets = list(selectors.zone_plan_targets_for(user=user, plan=plan))
            if not (targets or manages):
                targets = None
            else:
                selectors.zone_draw_view_log(user=user, plan=plan, via="api")
        context = {
            **self.get_serializer_context(),
            "visible_targets": targets,
            "may_manage": manages,
        }
        return Response(ZoneInspectionPlanSerializer(plan, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        """抽取's first step for the plan's managers: the candidate lists committed and their
        hash published, before the declared lottery draws; the draw follows its numbers
        (`beacon`). Once: a repeat is 409."""
        plan = services.zone_plan_request_draw(plan=self.get_object(), actor=request.user)
        return self._answer(self.get_queryset().get(pk=plan.pk), code=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=BeaconEntrySerializer,
        responses={
            200: ZoneInspectionPlanSerializer,
            400: OpenApiResponse(description=gettext_lazy("开奖号码格式不对。")),
            403: NOT_YOURS,
            404: NOT_VISIBLE,
            409: OpenApiResponse(
                description=gettext_lazy(
                    "候选名单尚未封存、开奖号码已录入、未到开奖日期，或候选名单与承诺值不一致。"
                )
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def beacon(self, request, pk=None):
        """录入开奖号码 of a protocol-2 plan whose candidate lists are committed: whoever may draw
        the plan, once, from the declared draw date on; the draw follows at once."""
        plan = self.get_object()
        if not selectors.zone_plan_may_manage(plan=plan, user=request.user):
            raise NotPermitted(_("您无权执行此抽取。"))
        body = BeaconEntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.zone_plan_beacon_enter(
            plan=plan, actor=request.user, value=body.validated_data["value"]
        )
        return self._answer(self.get_queryset().get(pk=plan.pk))

    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """公开种子, after the inspection date: anyone who sees the plan can then verify it."""
        plan = services.zone_plan_reveal(plan=self.get_object(), actor=request.user)
        return self._answer(self.get_queryset().get(pk=plan.pk))

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """公开检查结果, after the inspection date: each target's outcome, on the public list."""
        plan = services.zone_plan_publish(plan=self.get_object(), actor=request.user)
        return self._answer(self.get_queryset().get(pk=plan.pk))

    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        """Re-run the draw from the stored snapshot and the revealed seed. Until the results are
        published, `targets` holds only the caller's part of the re-run unless it manages the
        plan; the verdicts judge the whole."""
        plan = self.get_object()
        verification = selectors.zone_plan_verification_for(
            user=request.user, plan=plan, verification=services.zone_plan_verify(plan=plan)
        )
        selectors.zone_draw_view_log(user=request.user, plan=plan, via="api")
        return Response(VerificationSerializer(verification).data)


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "本人被随机选派检查的示范区和区内企业，最新的在前；未被抽中的用户为空列表。"
        )
    ),
    record=extend_schema(
        request=ZoneInspectionRecordSerializer,
        responses={
            201: ZoneInspectionSerializer,
            404: OpenApiResponse(description=gettext_lazy("检查对象不存在，或您不是其检查组成员")),
            409: OpenApiResponse(
                description=gettext_lazy(
                    "检查日期之前不能录入检查结果，或该检查对象的检查结果已录入。"
                )
            ),
        },
    ),
)
class ZoneInspectionTargetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """示范区检查任务: the zones and enterprises the caller was drawn to inspect, and the record
    of one (its findings and outcome, once, on or after the inspection date)."""

    serializer_class = MyZoneInspectionTargetSerializer
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.my_zone_inspection_targets(user=self.request.user).prefetch_related(
            "inspectors"
        )

    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        target = self.get_object()
        body = ZoneInspectionRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        inspection = services.zone_inspection_record(
            target=target, actor=request.user, **body.validated_data
        )
        return Response(ZoneInspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)
