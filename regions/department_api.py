"""API of the bureaus' 内设机构 (seed 000 §18's 责任部门): a bureau lists, registers and changes
its own; HQ reads every bureau's; for everyone else the list is empty. No deletion: records of
挂牌督办 and 约谈 name a department, which is set inactive instead."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, viewsets

from accounts.models import Role
from ecoorigin.api import StrictFilterSet
from ecoorigin.exceptions import NotPermitted

from . import services
from .models import BureauDepartment
from .selectors import departments_in_scope
from .serializers import BureauDepartmentSerializer


class BureauDepartmentFilter(StrictFilterSet):
    bureau = django_filters.CharFilter(field_name="bureau__code", label=_("直属局代码（如 hubei）"))
    is_active = django_filters.BooleanFilter(label=_("有效"))

    class Meta:
        model = BureauDepartment
        fields = []


class BureauDepartmentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """内设机构: a bureau its own (registers and changes them), HQ every bureau's (reads)."""

    serializer_class = BureauDepartmentSerializer
    filterset_class = BureauDepartmentFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return departments_in_scope(user=self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may register is answered before the body is read: 403 whatever was sent.
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以登记本局的内设机构。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.department_create(
            actor=self.request.user,
            name=data["name"],
            name_en=data.get("name_en", ""),
            kind=data["kind"],
        )

    def update(self, request, *args, **kwargs):
        if not services.department_may_manage(
            actor=request.user, bureau_id=self.get_object().bureau_id
        ):
            raise NotPermitted(_("只有该直属局可以修改本局的内设机构。"))
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        department = serializer.instance
        current = {
            "name": department.name,
            "name_en": department.name_en,
            "kind": department.kind,
            "is_active": department.is_active,
        }
        # A PATCH leaves out what it does not change (a PUT's defaults would reset it).
        given = {k: v for k, v in serializer.validated_data.items() if k in serializer.initial_data}
        serializer.instance = services.department_update(
            actor=self.request.user, department=department, **{**current, **given}
        )
