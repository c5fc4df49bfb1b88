"""API of the demonstration-zone programme (seed 001, SPEC §9's answers): zones with their
history, transitions, materials and title certificate; the bureaus' provincial standards; the
public register and verification. Thin: reads through selectors, writes through services."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import filters, generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import Role
from casework.api import (
    CaseDocumentActions,
    CaseTransitionActions,
    document_download_at,
    document_schema,
    transition_schema,
)
from ecoorigin.api import CursorPagination, IdFilter, StrictFilterSet
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import PublicAPIView
from ecoorigin.routers import reads_from_replica

from . import selectors, services
from . import workflow as wf
from .models import ArchiveEvent, DemonstrationZone, ZoneEnterprise
from .programme import DEMONSTRATION, DEMONSTRATION_ARCHIVE, DEMONSTRATION_ENTERPRISE
from .serializers import (
    ArchiveDocumentSerializer,
    ArchiveDocumentUploadSerializer,
    ArchiveEventHistorySerializer,
    ArchiveEventSerializer,
    ArchiveTransitionSerializer,
    DemonstrationZoneSerializer,
    DemonstrationZoneUpdateSerializer,
    EnterpriseHistorySerializer,
    EnterpriseTransitionSerializer,
    PublicZoneSerializer,
    ZoneDocumentSerializer,
    ZoneDocumentUploadSerializer,
    ZoneEnterpriseSerializer,
    ZoneHistorySerializer,
    ZoneStandardSerializer,
    ZoneTransitionSerializer,
)
from .workflow import EnterpriseState, EventKind, EventState, Level, State


class ZoneFilter(StrictFilterSet):
    # distinct=False: a zone has one state (as the case list's filter).
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    bureau = django_filters.CharFilter(field_name="bureau__code")

    class Meta:
        model = DemonstrationZone
        fields = ["state", "level", "bureau"]


@extend_schema_view(
    create=extend_schema(
        responses={201: DemonstrationZoneSerializer},
        description=gettext_lazy("地方人民政府申请示范区（草稿），辖区直属局随申请单位确定。"),
    ),
    partial_update=extend_schema(
        request=DemonstrationZoneUpdateSerializer,
        responses={
            200: DemonstrationZoneSerializer,
            409: OpenApiResponse(description=gettext_lazy("只有草稿或退回修改的申请可以修改。")),
        },
    ),
    **transition_schema(
        body=ZoneTransitionSerializer,
        case=DemonstrationZoneSerializer,
        not_found=gettext_lazy("示范区不存在或不可见，或没有此操作"),
    ),
    **document_schema(
        document=ZoneDocumentSerializer,
        upload=ZoneDocumentUploadSerializer,
        too_late=gettext_lazy("示范区当前状态下不能上传此类材料。"),
    ),
)
# The zone's own descriptions: the kernel's are eco-origin's, whose materials are confidential
# (保密); a zone's are read by all who see the zone.
@extend_schema_view(
    documents=extend_schema(
        description="示范区材料: list (only those who see the zone), or upload one file."
    ),
    document_download=extend_schema(
        description="One material as an attachment; every read is logged."
    ),
)
class DemonstrationZoneViewSet(
    CaseTransitionActions,
    CaseDocumentActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """出口工业产品质量安全示范区: list, apply (local government), read, edit a draft (PATCH),
    history, transitions, materials and the title certificate."""

    serializer_class = DemonstrationZoneSerializer
    programme = DEMONSTRATION
    transition_body = ZoneTransitionSerializer
    case_serializer = DemonstrationZoneSerializer
    document_serializer = ZoneDocumentSerializer
    document_upload_serializer = ZoneDocumentUploadSerializer
    filterset_class = ZoneFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["id", "submitted_at", "updated_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.zones_visible_to(user=self.request.user).select_related(
            "standard", "assessment"
        )

    def get_serializer_class(self):
        if self.action == "partial_update":
            return DemonstrationZoneUpdateSerializer
        return DemonstrationZoneSerializer

    def filter_queryset(self, queryset):
        # Filters and ordering belong to the list; a single zone is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        # Who may apply is answered before the body is read: anyone else gets 403 whatever
        # they send, not a list of field errors.
        if request.user.role != Role.GOVERNMENT:
            raise NotPermitted(_("只有地方人民政府可以申请示范区。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        zone = services.zone_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=zone.pk)

    def perform_update(self, serializer):
        zone = services.zone_update(
            zone=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=zone.pk)

    # filters=False: the list's filters do not apply to one zone's sub-resources.
    @extend_schema(responses=ZoneHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        zone = self.get_object()
        return Response(ZoneHistorySerializer(selectors.zone_history(zone=zone), many=True).data)

    def perform_transition(self, case, name, **data):
        return services.zone_transition(zone=case, name=name, actor=self.request.user, **data)

    def documents_of(self, case):
        return selectors.documents_of(zone=case, user=self.request.user)

    def perform_document_upload(self, case, *, upload, kind):
        return services.zone_document_upload(
            zone=case, actor=self.request.user, upload=upload, kind=kind
        )

    def perform_document_open(self, document, *, ip_address):
        return services.zone_document_open(
            document=document, actor=self.request.user, ip_address=ip_address
        )

    document_download = document_download_at(r"documents/(?P<document_id>[0-9]+)")

    @extend_schema(responses={(200, "application/pdf"): bytes}, filters=False)
    @action(detail=True, methods=["get"], url_path="title/pdf", url_name="title-pdf")
    def title_pdf(self, request, pk=None):
        """称号证书 (PDF), once rendered after the designation; 404 before."""
        zone = self.get_object()
        if not zone.certificate_pdf:
            raise NotFound(_("称号证书尚未生成。"))
        return attachment(zone.certificate_pdf.open("rb"), f"{zone.number}.pdf", "application/pdf")


class NewestFirst(CursorPagination):
    ordering = "-pk"


class ZoneStandardViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """省级示范区评估标准: a bureau publishes a new version of its own (the next number); HQ reads
    every bureau's, a bureau its own."""

    serializer_class = ZoneStandardSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        return selectors.standards_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以发布省级示范区评估标准。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.standard_publish(
            actor=self.request.user, **serializer.validated_data
        )


class PublicRegisterPagination(CursorPagination):
    ordering = ("-designated_at", "-pk")


@reads_from_replica
class PublicZoneListView(PublicAPIView, generics.ListAPIView):
    """示范区名录 (no login): designated zones and withdrawn titles with the reason; never the
    self-assessment, the assessment or the materials. Rate-limited like verification."""

    serializer_class = PublicZoneSerializer
    pagination_class = PublicRegisterPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.public_zones()


class PublicZoneView(PublicAPIView, generics.RetrieveAPIView):
    """称号查验 by number (no login), rate-limited like certificate verification."""

    serializer_class = PublicZoneSerializer
    lookup_field = "number"

    def get_object(self):
        zone = selectors.zone_for_verification(number=self.kwargs["number"])
        if zone is None:
            raise NotFound(_("未找到该编号的示范区称号。"))
        return zone


# ---------------------------------------------------------------- a zone's enterprises and archive

ZONE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=gettext_lazy("示范区 id"))
NOT_FOUND = gettext_lazy("不存在或不可见，或没有此操作")


class ZoneScoped:
    """A sub-resource of a zone: the zone is one the caller sees (404 otherwise), looked up
    once per request; its object by id within the zone."""

    lookup_value_regex = "[0-9]+"
    pagination_class = NewestFirst
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def zone(self) -> DemonstrationZone:
        if not hasattr(self, "_zone"):
            self._zone = get_object_or_404(
                selectors.zones_visible_to(user=self.request.user), pk=self.kwargs["id"]
            )
        return self._zone

    def filter_queryset(self, queryset):
        # Filters belong to the list; one object is found by id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


class EnterpriseFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=EnterpriseState.choices, distinct=False)

    class Meta:
        model = ZoneEnterprise
        fields = ["state"]


@extend_schema(parameters=[ZONE_ID])
@extend_schema_view(
    create=extend_schema(
        responses={
            201: ZoneEnterpriseSerializer,
            409: OpenApiResponse(
                description=gettext_lazy("示范区称号有效时才能办理企业入区和示范企业称号。")
            ),
        },
        description=gettext_lazy(
            "示范区的地方人民政府提出企业入区（拟入区），由辖区直属局准予入区或不予入区。"
        ),
    ),
    **transition_schema(
        body=EnterpriseTransitionSerializer, case=ZoneEnterpriseSerializer, not_found=NOT_FOUND
    ),
)
class ZoneEnterpriseViewSet(
    CaseTransitionActions,
    ZoneScoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """入区企业 and 示范企业 of a zone (seed 001 §三.5, §六.3): list, propose (the zone's local
    government), read, history and transitions (admit, decline, exit: the zone's bureau;
    nominate: the government; assess, grant, refuse and withdraw the title: the zone's
    assessor)."""

    serializer_class = ZoneEnterpriseSerializer
    programme = DEMONSTRATION_ENTERPRISE
    transition_body = EnterpriseTransitionSerializer
    case_serializer = ZoneEnterpriseSerializer
    filterset_class = EnterpriseFilter
    lookup_url_kwarg = "enterprise_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema
            return ZoneEnterprise.objects.none()
        return selectors.enterprises_of(zone=self.zone(), user=self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may propose is answered before the body is read.
        if not wf.is_applicant(self.zone(), request.user):
            raise NotPermitted(_("只有示范区的地方人民政府可以提出企业入区。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        enterprise = services.enterprise_propose(
            zone=self.zone(), actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=enterprise.pk)

    @extend_schema(responses=EnterpriseHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, **kwargs):
        enterprise = self.get_object()
        entries = selectors.enterprise_history(enterprise=enterprise)
        return Response(EnterpriseHistorySerializer(entries, many=True).data)

    def perform_transition(self, case, name, **data):
        # The enterprise service locks the zone first (zone, then enterprise: one lock order).
        return services.enterprise_transition(
            enterprise=case, name=name, actor=self.request.user, **data
        )


class ArchiveEventFilter(StrictFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=EventState.choices, distinct=False)
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    enterprise = IdFilter(field_name="enterprise_id")

    class Meta:
        model = ArchiveEvent
        fields = ["state", "kind", "enterprise"]


@extend_schema(parameters=[ZONE_ID])
@extend_schema_view(
    create=extend_schema(
        responses={201: ArchiveEventSerializer},
        description=gettext_lazy("辖区直属局为本示范区已入区企业建立质量档案事件。"),
    ),
    **transition_schema(
        body=ArchiveTransitionSerializer, case=ArchiveEventSerializer, not_found=NOT_FOUND
    ),
    **document_schema(
        document=ArchiveDocumentSerializer,
        upload=ArchiveDocumentUploadSerializer,
        too_late=services.ARCHIVE_UPLOAD_RULES.too_late,
    ),
)
@extend_schema_view(
    documents=extend_schema(
        description=gettext_lazy(
            "质量档案事件材料：列出（仅总局、示范区的辖区直属局和地方人民政府可查阅），"
            "或由辖区直属局上传一个文件。"
        )
    ),
    document_download=extend_schema(
        description=gettext_lazy("下载一份质量档案事件材料；每次查阅均有记录。")
    ),
)
class ArchiveEventViewSet(
    CaseTransitionActions,
    CaseDocumentActions,
    ZoneScoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """质量档案 of a zone's enterprises (seed 001 §六.6): list, open an event (the zone's
    bureau), read, history and its steps (investigate, classify, record the actions its cause
    calls for, close; 恶意违法 cancels the titles), and its materials (added by the zone's
    bureau, every read logged). HQ sees every zone's, the zone's bureau and local government
    theirs."""

    serializer_class = ArchiveEventSerializer
    programme = DEMONSTRATION_ARCHIVE
    transition_body = ArchiveTransitionSerializer
    case_serializer = ArchiveEventSerializer
    document_serializer = ArchiveDocumentSerializer
    document_upload_serializer = ArchiveDocumentUploadSerializer
    filterset_class = ArchiveEventFilter
    lookup_url_kwarg = "event_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema
            return ArchiveEvent.objects.none()
        return selectors.archive_of(zone=self.zone(), user=self.request.user)

    def create(self, request, *args, **kwargs):
        if not wf.is_jurisdiction_bureau(self.zone(), request.user):
            raise NotPermitted(_("只有示范区的辖区直属局可以建立质量档案事件。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        event = services.event_open(
            zone=self.zone(),
            actor=self.request.user,
            enterprise=data.pop("enterprise_id"),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=event.pk)

    @extend_schema(responses=ArchiveEventHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, **kwargs):
        event = self.get_object()
        entries = selectors.event_history(event=event)
        return Response(ArchiveEventHistorySerializer(entries, many=True).data)

    def perform_transition(self, case, name, **data):
        return services.event_transition(event=case, name=name, actor=self.request.user, **data)

    def documents_of(self, case):
        return selectors.event_documents_of(event=case, user=self.request.user)

    def perform_document_upload(self, case, *, upload, kind):
        return services.event_document_upload(
            event=case, actor=self.request.user, upload=upload, kind=kind
        )

    def perform_document_open(self, document, *, ip_address):
        return services.event_document_open(
            document=document, actor=self.request.user, ip_address=ip_address
        )

    document_download = document_download_at(r"documents/(?P<document_id>[0-9]+)")
