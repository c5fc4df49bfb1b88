"""API of HQ's supervision checks of bureaus (seed 000 §19: "总局将各直属局生态原产地保护工作完成
情况纳入绩效考核,……并对各局工作落实情况进行监督检查"). HQ records a check (a draft it may still
correct), issues it (`issue`), and closes (`close`, 销号) or returns (`return`) the bureau's
rectification; the checked bureau reads its own issued checks and reports its rectification
(`report`). For everyone else the list is empty and a check 404. The services decide; a domain
error is mapped to its status by ecoorigin.api."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from ecoorigin.api import REFUSED, RecordActions, StrictFilterSet, action_schema
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
    issue=action_schema(None, BureauCheckSerializer, conflict=ISSUED),
    report=action_schema(BureauCheckReportSerializer, BureauCheckSerializer, conflict=NOT_NOW),
    close=action_schema(BureauCheckNoteSerializer, BureauCheckSerializer, conflict=NOT_NOW),
    return_=action_schema(BureauCheckNoteSerializer, BureauCheckSerializer, conflict=NOT_NOW),
)
class BureauCheckViewSet(
    RecordActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """总局监督检查: HQ every check, drafts included; a bureau its own once issued; nobody else."""

    serializer_class = BureauCheckSerializer
    filterset_class = BureauCheckFilter

    def get_queryset(self):
        return bureau_checks_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return self.create_record(
            permitted=services.bureau_check_may_manage(user=request.user),
            refusal=_("只有总局可以登记对直属局的监督检查。"),
            body=BureauCheckWriteSerializer,
            create=lambda **data: services.bureau_check_create(actor=request.user, **data),
        )

    def update(self, request, *args, **kwargs):
        """Correct a draft (PUT: every field; PATCH: those given)."""
        check = self.get_object()
        if not services.bureau_check_may_manage(user=request.user):
            raise NotPermitted(_("只有总局可以修改监督检查记录。"))
        given = self.body(BureauCheckWriteSerializer, partial=kwargs.get("partial", False))
        current = {
            name: getattr(check, name)
            for name in ("bureau", "checked_on", "team", "scope", "findings", "requirements")
        }
        current["deadline"] = check.deadline
        check = services.bureau_check_update(
            check=check, actor=request.user, **{**current, **given}
        )
        return self.answer(check)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """下发 a draft to the checked bureau (HQ)."""
        return self.answer(services.bureau_check_issue(check=self.get_object(), actor=request.user))

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """整改情况 of the checked bureau, on an open or returned check."""
        check = self.get_object()
        data = self.body(BureauCheckReportSerializer)
        return self.answer(services.bureau_check_report(check=check, actor=request.user, **data))

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """销号 of a reported rectification (HQ), with its opinion."""
        check = self.get_object()
        data = self.body(BureauCheckNoteSerializer)
        return self.answer(services.bureau_check_close(check=check, actor=request.user, **data))

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """退回 a reported rectification for more (HQ), saying why."""
        check = self.get_object()
        data = self.body(BureauCheckNoteSerializer)
        return self.answer(services.bureau_check_return(check=check, actor=request.user, **data))
