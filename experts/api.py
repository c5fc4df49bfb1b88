"""API of the expert committee (seed 000 §12). Thin: reads through the selectors, writes
through the services; who may act is answered before the body is read (403)."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from ecoorigin.api import StrictFilterSet
from ecoorigin.exceptions import NotPermitted

from . import selectors, services
from .models import Expert
from .serializers import (
    AdmitSerializer,
    DeclineSerializer,
    ExpertSerializer,
    RecommendSerializer,
)


class ExpertFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=Expert.Status.choices)
    speciality = django_filters.CharFilter(field_name="speciality__code")

    class Meta:
        model = Expert
        fields = ["status", "speciality"]


NOT_HQ = gettext_lazy("专家推荐由总局审核。")
DECIDED = gettext_lazy("该推荐已审核。")


def _hq_only(request) -> None:
    if request.user.role != Role.HQ:
        raise NotPermitted(_("专家推荐由总局审核。"))


class ExpertViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """专家委员会 (质检通函〔2015〕537号第12条): bureaus recommend experts (POST), HQ admits or
    declines them and puts admitted ones into the inspector pool. HQ reads every
    recommendation; a bureau the admitted experts and its own recommendations; contact details
    only HQ and the recommending bureau."""

    serializer_class = ExpertSerializer
    filterset_class = ExpertFilter

    def get_queryset(self):
        return selectors.experts_visible_to(user=self.request.user).select_related("account")

    @extend_schema(
        request=RecommendSerializer,
        responses={
            201: ExpertSerializer,
            403: OpenApiResponse(description=gettext_lazy("专家由直属局推荐。")),
            409: OpenApiResponse(
                description=gettext_lazy("该账户的专家已推荐或已入选专家委员会。")
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        """推荐专家: a bureau recommends an expert of the system to HQ."""
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("专家由直属局推荐。"))
        body = RecommendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        expert = services.expert_recommend(actor=request.user, **body.validated_data)
        return Response(
            ExpertSerializer(expert, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def _answer(self, expert):
        return Response(ExpertSerializer(expert, context=self.get_serializer_context()).data)

    @extend_schema(
        request=AdmitSerializer,
        responses={
            200: ExpertSerializer,
            403: OpenApiResponse(description=NOT_HQ),
            409: OpenApiResponse(description=DECIDED),
        },
        filters=False,
    )
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        """入选专家委员会: HQ admits a recommended expert under a speciality and products."""
        expert = self.get_object()
        _hq_only(request)
        body = AdmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.expert_admit(expert=expert, actor=request.user, **body.validated_data)
        )

    @extend_schema(
        request=DeclineSerializer,
        responses={
            200: ExpertSerializer,
            403: OpenApiResponse(description=NOT_HQ),
            409: OpenApiResponse(description=DECIDED),
        },
        filters=False,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """不予入选: HQ declines a recommendation with its reason."""
        expert = self.get_object()
        _hq_only(request)
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.expert_decline(
                expert=expert, actor=request.user, reason=body.validated_data["reason"]
            )
        )

    @extend_schema(
        request=None,
        responses={
            200: ExpertSerializer,
            403: OpenApiResponse(description=NOT_HQ),
            409: OpenApiResponse(
                description=gettext_lazy(
                    "专家未入选专家委员会、没有在用的门户账户，或已列入检查人员库。"
                )
            ),
        },
        filters=False,
    )
    @action(detail=True, methods=["post"])
    def pool(self, request, pk=None):
        """列入检查人员库: HQ puts an admitted expert's account into the inspector pool (kind
        专家委员会委员), where HQ's double-random plans draw from."""
        expert = self.get_object()
        _hq_only(request)
        services.expert_add_to_pool(expert=expert, actor=request.user)
        expert.refresh_from_db()
        return self._answer(expert)
