"""Supervision API (SPEC §9): inspection plans and draws, and public complaints."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api import BeaconEntrySerializer, VerificationSerializer
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import RateLimitedAPIView

from . import selectors, services
from .models import Complaint
from .serializers import (
    ComplaintStatusSerializer,
    ComplaintSubmitSerializer,
    InspectionPlanCreateSerializer,
    InspectionPlanSerializer,
)

# 抽取's first step refused (casework.draws.plan_draw).
NOT_DRAWABLE = OpenApiResponse(
    description=gettext_lazy("开奖日期已到而候选名单尚未封存，或按旧协议制定的计划：已不能抽取。")
)


@extend_schema_view(
    create=extend_schema(
        request=InspectionPlanCreateSerializer, responses={201: InspectionPlanSerializer}
    )
)
class InspectionPlanViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """双随机抽查计划. Targets and teams only for HQ planners and the drawn inspectors."""

    serializer_class = InspectionPlanSerializer

    def get_serializer_class(self):
        # A new plan must declare its lottery draw (ADR 0009); plans are answered as stored.
        if self.action == "create":
            return InspectionPlanCreateSerializer
        return InspectionPlanSerializer

    def get_queryset(self):
        return selectors.plans_visible_to(user=self.request.user).prefetch_related(
            "zones", "bureaus", "categories"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.plan_create(actor=self.request.user, **data)

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        targets = selectors.draw_targets_for(user=request.user, plan=plan)
        visible = plan.drawn_at is not None and (
            services.may_manage(plan=plan, user=request.user) or targets.exists()
        )
        if visible:
            selectors.draw_view_log(user=request.user, plan=plan, via="api")
        context = {
            **self.get_serializer_context(),
            "visible_targets": targets if visible else None,
            "may_manage": services.may_manage(plan=plan, user=request.user),
        }
        return Response(InspectionPlanSerializer(plan, context=context).data)

    @extend_schema(request=None, responses={202: InspectionPlanSerializer, 409: NOT_DRAWABLE})
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        """抽取's first step: the candidate lists committed and their hash published, before the
        declared lottery draws; the draw follows its numbers (`beacon`). A repeat changes
        nothing."""
        plan = self.get_object()
        if not services.may_manage(plan=plan, user=request.user):
            raise NotPermitted()
        plan = services.plan_draw(plan_id=plan.pk, actor=request.user)
        return Response(
            InspectionPlanSerializer(plan, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(
        request=BeaconEntrySerializer,
        responses={
            200: InspectionPlanSerializer,
            400: OpenApiResponse(description=gettext_lazy("开奖号码格式不对。")),
            403: OpenApiResponse(description=gettext_lazy("您无权执行此抽取。")),
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
        if not services.may_manage(plan=plan, user=request.user):
            raise NotPermitted()
        body = BeaconEntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.plan_beacon_enter(
            plan=plan, actor=request.user, value=body.validated_data["value"]
        )
        return self.retrieve(request, pk=pk)  # the drawn plan as its manager sees it (logged)

    @extend_schema(
        responses={
            200: VerificationSerializer,
            409: OpenApiResponse(description=gettext_lazy("种子公开后才能验证抽取结果。")),
        }
    )
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        """Re-run the draw from the stored snapshot and the revealed seed. Until the results are
        published, `targets` holds only the caller's part of the re-run (its plan's targets as
        the plan shows them to it) unless it manages the plan; the verdicts judge the whole."""
        plan = self.get_object()
        verification = selectors.draw_verification_for(user=request.user, plan=plan)
        # The re-run shows targets and teams: a view of the draw like any other.
        selectors.draw_view_log(user=request.user, plan=plan, via="api")
        return Response(VerificationSerializer(verification).data)


class PublicComplaintView(RateLimitedAPIView, generics.CreateAPIView):
    """投诉举报 from anyone; answers the tracking code. One limit with the form."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "complaint"
    serializer_class = ComplaintSubmitSerializer

    @extend_schema(responses={201: ComplaintStatusSerializer})
    def post(self, request, *args, **kwargs):
        body = ComplaintSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = services.complaint_submit(**body.validated_data)
        return Response(ComplaintStatusSerializer(complaint).data, status=status.HTTP_201_CREATED)


class PublicComplaintStatusView(RateLimitedAPIView, generics.RetrieveAPIView):
    """办理进度 by tracking code, rate-limited like the page."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "complaint-status"
    serializer_class = ComplaintStatusSerializer

    def get_object(self):
        return get_object_or_404(Complaint, tracking_code=self.kwargs["code"].strip().upper())
