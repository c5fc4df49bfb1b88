"""API of the bureaus' 日常监督管理 of operating pilot zones (seed 002 §五.3): list the visits of
the zones the caller sees (?zone), and record one (the zone's bureau, an operating zone). Thin:
reads through selectors, writes through services."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from accounts.models import Role
from ecoorigin.api import REFUSED, CursorPagination, IdFilter, StrictFilterSet
from ecoorigin.exceptions import NotPermitted
from ecoorigin.text import CheckedTextSerializerMixin

from . import selectors, services
from .models import SupervisionVisit


class SupervisionVisitSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    zone = serializers.IntegerField(source="zone_id", min_value=1, max_value=2**31 - 1)
    visited_on = serializers.DateField(required=False)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = SupervisionVisit
        fields = [
            "id",
            "zone",
            "visited_on",
            "findings",
            "problems",
            "requirements",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["id", "recorded_by", "created_at"]


class SupervisionVisitFilter(StrictFilterSet):
    zone = IdFilter(field_name="zone_id")

    class Meta:
        model = SupervisionVisit
        fields = ["zone"]


class NewestFirst(CursorPagination):
    ordering = "-pk"


@extend_schema_view(
    create=extend_schema(
        responses={
            201: SupervisionVisitSerializer,
            400: OpenApiResponse(description=gettext_lazy("输入无效")),
            403: REFUSED,
            409: OpenApiResponse(
                description=gettext_lazy("试验区开始运行后才有日常监督管理记录。")
            ),
        },
        description=gettext_lazy(
            "辖区直属局记录对运行中试验区的一次日常监督检查，录入后不能修改。"
        ),
    ),
)
class SupervisionVisitViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """试验区日常监管记录: the visits of the zones the caller sees (HQ, the zone's bureau, local
    government and operator), newest first; the zone's bureau records one."""

    serializer_class = SupervisionVisitSerializer
    filterset_class = SupervisionVisitFilter
    pagination_class = NewestFirst

    def get_queryset(self):
        zones = selectors.zones_visible_to(user=self.request.user).values("pk")
        return SupervisionVisit.objects.filter(zone__in=zones).select_related("recorded_by")

    def create(self, request, *args, **kwargs):
        # Who may record is answered before the body is read.
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有试验区的辖区直属局可以记录日常监督管理情况。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        zone = (
            selectors.zones_visible_to(user=self.request.user)
            .filter(pk=data.pop("zone_id"))
            .first()
        )
        if zone is None:
            raise serializers.ValidationError({"zone": [_("请选择本局辖区内运行中的试验区。")]})
        visit = services.supervision_visit_record(zone=zone, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=visit.pk)
