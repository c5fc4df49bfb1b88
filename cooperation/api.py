"""API of the 京津冀 cooperation's tasks, for its members (read only: the tasks are the seed's)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from ecoorigin.api import StrictFilterSet

from . import selectors
from .models import Task
from .seed_tasks import UNITS
from .serializers import CooperationTaskSerializer


class TaskFilter(StrictFilterSet):
    section = django_filters.TypedChoiceFilter(choices=Task.Section.choices, coerce=int)
    unit = django_filters.ChoiceFilter(
        choices=[(code, name) for code, name, _en, _kind in UNITS],
        method="by_unit",
        label=gettext_lazy("牵头或参加的单位（代码）"),
    )
    mine = django_filters.BooleanFilter(
        method="own", label=gettext_lazy("仅本单位牵头或参加的任务")
    )

    class Meta:
        model = Task
        fields = ["section", "unit", "mine"]

    def by_unit(self, queryset, name, value):
        return queryset.filter(Q(leads__code=value) | Q(participants__code=value)).distinct()

    def own(self, queryset, name, value):
        if not value:
            return queryset
        codes = selectors.unit_codes_of(self.request.user)
        return queryset.filter(
            Q(leads__code__in=codes) | Q(participants__code__in=codes)
        ).distinct()


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy(
            "京津冀质量发展合作的 42 项重点任务及其牵头单位、参加单位（合作成员单位可见）。"
        )
    ),
    retrieve=extend_schema(description=gettext_lazy("一项重点任务，按任务序号。")),
)
class CooperationTaskViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CooperationTaskSerializer
    filterset_class = TaskFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    pagination_class = None
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,4}"

    def get_queryset(self):
        return selectors.tasks_visible_to(self.request.user).order_by("number")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset
