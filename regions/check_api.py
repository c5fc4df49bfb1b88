"""API of HQ's supervision checks of bureaus (seed 000 §19: "总局将各直属局生态原产地保护工作完成
情况纳入绩效考核,……并对各局工作落实情况进行监督检查"). HQ records a check (a draft it may still
correct), issues it (`issue`), and closes (`close`, 销号) or returns (`return`) the bureau's
rectification; the checked bureau reads its own issued checks and reports its rectification
(`report`). For everyone else the list is empty and a check 404. The services decide; a domain
error is mapped to its status by ecoorigin.api."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ecoorigin.api import StrictFilterSet
from ecoorigin.exceptions import NotPermitted

from . import services
from .models import BureauCheck
from .selectors import bureau_checks_visible_to
from .serializers import (
    BureauCheckNoteSerializer,
    BureauCheckReportSerializer,
    BureauCheckSerializer,
    BureauCheckWriteSerializer,
)

REFUSED = OpenApiResponse(description=_("您无权执行此操作。"))
ISSUED = OpenApiResponse(description=_("检查已下发，不能再修改或再次下发。"))
NOT_NOW = OpenApiResponse(
    description=_("该检查当前不在此环节（尚未报告整改情况、已报告或已销号）。")
)


class BureauCheckFilter(StrictFilterSet):
    bureau = django_filters.CharFilter(field_name="bureau__code", label=_("直属局代码（如 hubei）"))
    status = django_filters.ChoiceFilter(choices=BureauCheck.Status.choices, label=_("状态"))

    class Meta:
        model = BureauCheck
        fields = []


@extend_schema_view(
    create=extend_schema(
        request=BureauCheckWriteSerializer,
        responses={201: BureauCheckSerializer, 403: REFUSED},
    ),
    update=extend_schema(
        request=BureauCheckWriteSerializer,
        responses={200: BureauCheckSerializer, 403: REFUSED, 409: ISSUED},
    ),
    partial_update=extend_schema(
        request=BureauCheckWriteSerializer,
        responses={200: BureauCheckSerializer, 403: REFUSED, 409: ISSUED},
    ),
    issue=extend_schema(
        request=None,
        responses={200: BureauCheckSerializer, 403: REFUSED, 409: ISSUED},
        filters=False,
    ),
    report=extend_schema(
        request=BureauCheckReportSerializer,
        responses={200: BureauCheckSerializer, 403: REFUSED, 409: NOT_NOW},
        filters=False,
    ),
    close=extend_schema(
        request=BureauCheckNoteSerializer,
        responses={200: BureauCheckSerializer, 403: REFUSED, 409: NOT_NOW},
        filters=False,
    ),
    return_=extend_schema(
        request=BureauCheckNoteSerializer,
        responses={200: BureauCheckSerializer, 403: REFUSED, 409: NOT_NOW},
        filters=False,
    ),
)
class BureauCheckViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """总局监督检查: HQ every check, drafts included; a bureau its own once issued; nobody else."""

    serializer_class = BureauCheckSerializer
    filterset_class = BureauCheckFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return bureau_checks_visible_to(user=self.request.user)

    def filter_queryset(self, queryset):
        # Filters belong to the list; one check is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _answer(self, check, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=check.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        # Who may record at all is answered before the body is read: 403 whatever was sent.
        if not services.bureau_check_may_manage(user=request.user):
            raise NotPermitted(_("只有总局可以登记对直属局的监督检查。"))
        body = BureauCheckWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = services.bureau_check_create(actor=request.user, **body.validated_data)
        return self._answer(check, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        """Correct a draft (PUT: every field; PATCH: those given)."""
        check = self.get_object()
        if not services.bureau_check_may_manage(user=request.user):
            raise NotPermitted(_("只有总局可以修改监督检查记录。"))
        body = BureauCheckWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        current = {
            name: getattr(check, name)
            for name in ("bureau", "checked_on", "team", "scope", "findings", "requirements")
        }
        current["deadline"] = check.deadline
        check = services.bureau_check_update(
            check=check, actor=request.user, **{**current, **body.validated_data}
        )
        return self._answer(check)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """下发 a draft to the checked bureau (HQ)."""
        check = services.bureau_check_issue(check=self.get_object(), actor=request.user)
        return self._answer(check)

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """整改情况 of the checked bureau, on an open or returned check."""
        check = self.get_object()
        body = BureauCheckReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = services.bureau_check_report(check=check, actor=request.user, **body.validated_data)
        return self._answer(check)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """销号 of a reported rectification (HQ), with its opinion."""
        check = self.get_object()
        body = BureauCheckNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = services.bureau_check_close(check=check, actor=request.user, **body.validated_data)
        return self._answer(check)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """退回 a reported rectification for more (HQ), saying why."""
        check = self.get_object()
        body = BureauCheckNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = services.bureau_check_return(check=check, actor=request.user, **body.validated_data)
        return self._answer(check)
