"""The organisation directory (zones and bureaus are public reference data), the organisations
of SPEC §8 (scoped; HQ and bureaus register them), annual summaries and rankings."""

import django_filters
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import Role
from ecoorigin.api import StrictFilterSet
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import NotPermitted
from ecoorigin.routers import reads_from_replica

from . import services
from .forms import FIRST_YEAR, LAST_YEAR
from .models import Bureau, Organisation, Ranking, RankingEntry, ZoneMembership
from .selectors import (
    bureau_directory,
    may_see_rankings,
    organisations_in_scope,
    ranking_view,
    summaries_visible_to,
    zone_directory,
)
from .serializers import (
    BureauSerializer,
    OrganisationSerializer,
    RankingEntrySerializer,
    RankingPublicationSerializer,
    SummarySerializer,
    YearSerializer,
    ZoneSerializer,
)


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """片区: code, name, kind, lead and member bureaus."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ZoneSerializer
    lookup_field = "code"

    def get_queryset(self):
        return zone_directory()


class BureauFilter(StrictFilterSet):
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


class OrganisationFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label=_("类别"))
    bureau = django_filters.CharFilter(
        field_name="bureau__code", label=_("所在直属局辖区的代码（如 beijing）")
    )

    class Meta:
        model = Organisation
        fields = []


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """组织机构 (SPEC §8): HQ sees all, a bureau its jurisdiction's, an organisation's staff its
    own. HQ registers any kind anywhere, a bureau any kind but an HQ department in its own
    jurisdiction."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "code"

    def get_queryset(self):
        return organisations_in_scope(user=self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may register at all is answered before the body is read: 403 whatever was sent.
        if not services.registrable_kinds(actor=request.user):
            raise NotPermitted(_("只有总局和直属局可以登记组织机构。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.organisation_register(
            actor=self.request.user, **serializer.validated_data
        )


class SummaryViewSet(viewsets.ReadOnlyModelViewSet):
    """年度工作总结 (?year=Y): a bureau its own, a zone lead its zones', HQ all."""

    serializer_class = SummarySerializer

    def get_queryset(self):
        year = self.request.query_params.get("year")
        if year is not None and not (year.isascii() and year.isdigit()):  # not "²", int() fails
            raise ValidationError({"year": [_("年度应为四位数字。")]})
        return summaries_visible_to(
            user=self.request.user, year=int(year) if year else None
        ).order_by("-year", "bureau_id")

    @extend_schema(request=YearSerializer, responses={202: YearSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        """Draft every bureau's summary for the year now (HQ only; Celery)."""
        from .tasks import draft_summaries

        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以生成年度总结。"))
        body = YearSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        year = body.validated_data["year"]
        transaction.on_commit(lambda: draft_summaries.delay(year))
        return Response({"year": year}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): bytes, 202: None})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        from .tasks import render_summary_pdf

        summary = self.get_object()
        if not summary.pdf:
            transaction.on_commit(lambda: render_summary_pdf.delay(summary.pk))
            return Response(
                {"detail": _("总结文件正在生成，请稍后重试。")},
                status=status.HTTP_202_ACCEPTED,
                headers={"Retry-After": "5"},
            )
        name = f"summary-{summary.bureau.code}-{summary.year}.pdf"
        return attachment(summary.pdf.open("rb"), name, "application/pdf")


YEAR_SCHEMA = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}


@reads_from_replica
class RankingView(generics.ListAPIView):
    """绩效排名 (?year=Y&scope=bureau|zone): score, rank, change and the breakdown. HQ sees
    every entry; a bureau, until HQ publishes (通报) the year, its own entry and the zones'
    aggregates (without their per-bureau scores), then the full table (`published`)."""

    serializer_class = RankingEntrySerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("year", YEAR_SCHEMA, required=True),
            OpenApiParameter("scope", str, enum=["bureau", "zone"]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return RankingEntry.objects.none()
        if not may_see_rankings(user=self.request.user):
            raise NotPermitted(_("排名仅供总局和直属局查看。"))
        year = self.request.query_params.get("year", "")
        scope = self.request.query_params.get("scope", "bureau")
        errors = {}
        # "²".isdigit(), yet int("²") fails; the range is the one of every year in the API.
        if not (year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
            errors["year"] = [_("请提供年度，如 ?year=2026。")]
        if scope not in ("bureau", "zone"):
            errors["scope"] = [_("scope 只能是 bureau 或 zone。")]
        if errors:
            raise ValidationError(errors)
        return ranking_view(user=self.request.user, year=int(year), scope=scope).entries


class RankingPublishView(generics.GenericAPIView):
    """通报 a year's ranking (seed 000 §19; HQ only, once): from then on every bureau sees the
    full table, and the year is never recomputed. 403 for anyone else, 404 for a year not
    ranked, 409 when already published."""

    serializer_class = YearSerializer

    @extend_schema(
        request=YearSerializer,
        responses={
            200: RankingPublicationSerializer,
            404: OpenApiResponse(description=_("该年度尚未排名")),
            409: OpenApiResponse(description=_("该年度排名已通报")),
        },
    )
    def post(self, request):
        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以通报绩效排名。"))
        body = YearSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ranking = generics.get_object_or_404(Ranking, year=body.validated_data["year"])
        ranking = services.ranking_publish(ranking=ranking, actor=request.user)
        return Response(RankingPublicationSerializer(ranking).data)
