"""Read-only organisation directory: zones and bureaus are public reference data."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, viewsets

from .models import Bureau, ZoneMembership
from .selectors import bureau_directory, zone_directory
from .serializers import BureauSerializer, ZoneSerializer


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """片区: code, name, kind, lead and member bureaus."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ZoneSerializer
    lookup_field = "code"

    def get_queryset(self):
        return zone_directory()


class BureauFilter(django_filters.FilterSet):
    zone = django_filters.CharFilter(method="filter_zone", label=_("片区代码（如 southwest）"))
    zone_role = django_filters.ChoiceFilter(
        choices=ZoneMembership.Role.choices,
        method="filter_zone",
        label=_("牵头单位 lead 或成员单位 member（与 zone 同用）"),
    )

    class Meta:
        model = Bureau
        fields = []

    def filter_zone(self, queryset, name, value):
        # One filter for both parameters, so "zone=east&zone_role=lead" is one condition.
        seats = ZoneMembership.objects.all()
        zone, role = self.form.cleaned_data.get("zone"), self.form.cleaned_data.get("zone_role")
        if zone:
            seats = seats.filter(zone__code=zone)
        if role:
            seats = seats.filter(role=role)
        return queryset.filter(pk__in=seats.values("bureau_id"))


class BureauViewSet(viewsets.ReadOnlyModelViewSet):
    """直属局: code, names and zone seats; filter with `zone` (and `zone_role`)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = BureauSerializer
    filterset_class = BureauFilter
    lookup_field = "code"

    def get_queryset(self):
        return bureau_directory()
