"""API of a local government's 通知书 (seed 001): its notices, newest first, one notice, its PDF,
and marking it read. Only the government's own staff see any (demonstration.selectors); for
everyone else the list is empty and a notice 404."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ecoorigin.api import IdFilter, StrictFilterSet
from ecoorigin.downloads import attachment

from . import selectors, services
from .api import NewestFirst
from .models import ZoneNotice
from .serializers import ZoneNoticeSerializer
from .tasks import deliver_zone_notice


class ZoneNoticeFilter(StrictFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=ZoneNotice.Kind.choices, distinct=False)
    zone = IdFilter(field_name="zone_id")
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = ZoneNotice
        fields = ["kind", "zone", "unread"]


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy("本地方人民政府收到的示范区通知书，最新的在前；其他用户为空列表。")
    ),
    read=extend_schema(
        request=None,
        responses={
            200: ZoneNoticeSerializer,
            404: OpenApiResponse(description=gettext_lazy("通知书不存在或不可见")),
        },
        filters=False,
    ),
    pdf=extend_schema(
        responses={
            (200, "application/pdf"): bytes,
            202: OpenApiResponse(description=gettext_lazy("通知书文件正在生成，请稍后再试。")),
            404: OpenApiResponse(description=gettext_lazy("通知书不存在或不可见")),
        },
        filters=False,
    ),
)
class ZoneNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """示范区通知书 to the caller's local government: list, read one, its PDF; `read` marks it
    read (reading it here does not, so a client may show it before the user has)."""

    serializer_class = ZoneNoticeSerializer
    pagination_class = NewestFirst
    filterset_class = ZoneNoticeFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.notices_visible_to(user=self.request.user)

    def filter_queryset(self, queryset):
        # Filters belong to the list; one notice is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = self.get_object()
        services.zone_notice_mark_read(notice=notice, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)

    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        notice = self.get_object()
        if not notice.pdf:
            # Delivery failed or has not run yet: ask for it again (it renders and mails once).
            deliver_zone_notice.delay(notice.pk)
            return Response(
                {"detail": _("通知书文件正在生成，请稍后再试。")},
                status=status.HTTP_202_ACCEPTED,
                headers={"Retry-After": "5"},
            )
        return attachment(notice.pdf.open("rb"), notice.file_name, "application/pdf")
