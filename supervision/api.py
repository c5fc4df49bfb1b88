"""Supervision API (SPEC §9): inspection plans and draws, and public complaints."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from casework.api import BeaconEntrySerializer, VerificationSerializer
from ecoorigin.api import CursorPagination
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import RateLimitedAPIView

from . import selectors, services
from .models import Complaint
from .serializers import (
    ComplaintStatusSerializer,
    ComplaintSubmitSerializer,
    DispatchedStaffSerializer,
    InspectionPlanCreateSerializer,
    InspectionPlanSerializer,
    PlanConsentBodySerializer,
    PlanConsentSerializer,
    PlanConsentStatusSerializer,
    PlanWithdrawSerializer,
)

# 片区计划 (ADR 0020): drawing before every member bureau has consented.
CONSENTS_MISSING = OpenApiResponse(
    description=gettext_lazy(
        "片区计划尚有成员单位未同意（`missing_bureaus` 列出其代码）、有成员单位不同意，或计划已"
        "撤回；开奖日期已到而候选名单尚未封存，或按旧协议制定的计划：已不能抽取。"
    )
)


class DispatchedPagination(CursorPagination):
    """派员配合's rows, the last drawn first."""

    ordering = "-pk"


@extend_schema_view(
    create=extend_schema(
        request=InspectionPlanCreateSerializer,
        responses={
            201: InspectionPlanSerializer,
            400: OpenApiResponse(description=gettext_lazy("输入有误（按字段说明）。")),
            403: OpenApiResponse(
                description=gettext_lazy("只有总局和直属局可以制定抽查计划；片区计划只有牵头单位。")
            ),
        },
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

    @extend_schema(request=None, responses={202: InspectionPlanSerializer, 409: CONSENTS_MISSING})
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

    @extend_schema(responses={200: PlanConsentStatusSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def consents(self, request, pk=None):
        """片区计划's consents: each bureau whose consent it needs and its answer (null: none
        yet), for the plan's lead, the zone's bureaus and HQ; empty for other plans."""
        plan = self.get_object()
        rows = selectors.plan_consents(user=request.user, plan=plan)
        return Response(PlanConsentStatusSerializer(rows, many=True).data)

    @extend_schema(
        request=PlanConsentBodySerializer,
        responses={
            201: PlanConsentSerializer,
            400: OpenApiResponse(description=gettext_lazy("不同意时请说明理由。")),
            403: OpenApiResponse(
                description=gettext_lazy("只有片区成员单位可以对片区计划表示意见。")
            ),
            409: OpenApiResponse(
                description=gettext_lazy("本单位已表示意见，或计划已撤回、已封存候选名单。")
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """同意 or 不同意 of a zone plan by a member bureau (not its lead), once; 不同意 with its
        reason blocks the plan until the lead withdraws it."""
        plan = self.get_object()
        body = PlanConsentBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.plan_consent_record(
            plan=plan,
            actor=request.user,
            consent=body.validated_data["decision"] == "consent",
            comment=body.validated_data.get("comment", ""),
        )
        return Response(PlanConsentSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanWithdrawSerializer,
        responses={
            200: InspectionPlanSerializer,
            400: OpenApiResponse(description=gettext_lazy("请填写撤回理由。")),
            403: OpenApiResponse(
                description=gettext_lazy("只有制定片区计划的牵头单位可以撤回该计划。")
            ),
            409: OpenApiResponse(description=gettext_lazy("计划已撤回，或已封存候选名单。")),
        },
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回 a zone plan not yet committed, by its lead, with the reason."""
        plan = self.get_object()
        body = PlanWithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.plan_withdraw(plan=plan, actor=request.user, **body.validated_data)
        return self.retrieve(request, pk=pk)

    @extend_schema(
        responses={
            200: DispatchedStaffSerializer(many=True),
            403: OpenApiResponse(description=gettext_lazy("只有总局和直属局可以查看。")),
        }
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="dispatched-staff",
        pagination_class=DispatchedPagination,
    )
    def dispatched_staff(self, request):
        """派员配合 (§10): which of the caller's bureau's staff were drawn for plans it does not
        manage (HQ's, a zone's), and the inspection date; not the targets nor the rest of the
        teams. HQ: every bureau's; anyone else: 403."""
        if request.user.role not in (Role.HQ, Role.BUREAU):
            raise NotPermitted()
        rows = selectors.staff_dispatched_for(user=request.user)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DispatchedStaffSerializer(page, many=True).data)


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
