"""API of the inspection pilot zones (seed 002, SPEC §9's answers): zones with their history,
transitions, materials and the acceptance working group's opinions; the local governments'
notices; innovation measures with 督查评估; commendations; replicable practice with its
adoptions; and the public register, library and commendations. Thin: reads through selectors,
writes through services; who may act is answered before the body is read (403), the state
after it (409)."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import Role
from casework import notices as case_notices
from casework.api import (
    CaseDocumentActions,
    CaseTransitionActions,
    document_download_at,
    document_schema,
    transition_schema,
)
from ecoorigin.api import REFUSED, CursorPagination, IdFilter, StrictFilterSet, action_schema
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import InvalidInput, NotPermitted
from ecoorigin.ratelimit import PublicAPIView
from ecoorigin.routers import reads_from_replica

from . import selectors, services
from . import workflow as wf
from .models import (
    Commendation,
    InnovationMeasure,
    PilotZone,
    PilotZoneNotice,
    ReplicablePractice,
)
from .programme import PILOT_MEASURES, PILOT_PRACTICES, PILOT_ZONES
from .serializers import (
    AcceptanceOpinionSerializer,
    AdoptionSerializer,
    AdoptSerializer,
    AssessSerializer,
    CommendationIssueSerializer,
    CommendationSerializer,
    InnovationMeasureSerializer,
    InnovationMeasureUpdateSerializer,
    MeasureAssessmentSerializer,
    MeasureHistorySerializer,
    MeasureTransitionSerializer,
    OpinionRecordSerializer,
    PilotZoneDocumentSerializer,
    PilotZoneDocumentUploadSerializer,
    PilotZoneHistorySerializer,
    PilotZoneNoticeSerializer,
    PilotZoneSerializer,
    PilotZoneTransitionSerializer,
    PracticeHistorySerializer,
    PracticeTransitionSerializer,
    PublicPilotZoneSerializer,
    PublicPracticeSerializer,
    ReplicablePracticeSerializer,
    ReplicablePracticeUpdateSerializer,
)
from .tasks import deliver_pilot_zone_notice
from .workflow import Innovation, MeasureState, PracticeState, State


class NewestFirst(CursorPagination):
    ordering = "-pk"


class Scoped:
    """Filters belong to the list; one record is found by its id alone."""

    lookup_value_regex = "[0-9]+"

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


def visible_zone(user, zone_id: int) -> PilotZone:
    """The zone a body names, among those `user` sees (400 naming `zone` otherwise)."""
    zone = selectors.zones_visible_to(user=user).filter(pk=zone_id).first()
    if zone is None:
        raise InvalidInput(field_errors={"zone": [_("试验区不存在或您无权查看。")]})
    return zone


NOT_FOUND = gettext_lazy("不存在或不可见，或没有此操作")


# ---------------------------------------------------------------- 国检试验区


class ZoneFilter(StrictFilterSet):
    # distinct=False: a zone has one state.
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False)
    bureau = django_filters.CharFilter(
        field_name="bureau__code", label=gettext_lazy("直属局代码（如 jiangxi）")
    )

    class Meta:
        model = PilotZone
        fields = ["state", "bureau"]


NOT_EDITABLE = OpenApiResponse(description=gettext_lazy("只有草稿或退回修改的申请可以修改。"))
NOT_IN_ACCEPTANCE = OpenApiResponse(
    description=gettext_lazy("试验区不在验收中，或贵司局已填写验收意见。")
)


@extend_schema_view(
    create=extend_schema(
        responses={201: PilotZoneSerializer, 403: REFUSED},
        description=gettext_lazy(
            "地方人民政府申请建设国检试验区（草稿），附建设方案的主要内容；辖区直属局随申请单位确定。"
        ),
    ),
    partial_update=extend_schema(
        responses={200: PilotZoneSerializer, 403: REFUSED, 409: NOT_EDITABLE},
        description=gettext_lazy("申请的地方人民政府修改草稿或退回修改的申请。"),
    ),
    **transition_schema(
        body=PilotZoneTransitionSerializer,
        case=PilotZoneSerializer,
        not_found=gettext_lazy("试验区不存在或不可见，或没有此操作"),
    ),
    **document_schema(
        document=PilotZoneDocumentSerializer,
        upload=PilotZoneDocumentUploadSerializer,
        too_late=services.UPLOAD_RULES.too_late,
    ),
)
@extend_schema_view(
    documents=extend_schema(
        description=gettext_lazy("试验区材料：列出（看得到试验区的用户），或上传一个文件。")
    ),
    document_download=extend_schema(
        description=gettext_lazy("下载一份试验区材料；每次查阅均有记录。")
    ),
    opinions=extend_schema(
        responses=AcceptanceOpinionSerializer(many=True),
        filters=False,
        description=gettext_lazy(
            "验收工作组各成员司局的验收意见（尚未填写的意见为空）及牵头司局对异议的答复。"
        ),
    ),
    opinion=action_schema(
        OpinionRecordSerializer, AcceptanceOpinionSerializer, conflict=NOT_IN_ACCEPTANCE
    ),
)
class PilotZoneViewSet(
    CaseTransitionActions,
    CaseDocumentActions,
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """国检试验区: list, apply (local government), read, edit a draft (PATCH), history,
    transitions (submit, return, recommend, open the acceptance, approve or not, start the
    operation), materials, and the working group's opinions (`opinion`: a member department
    records its own)."""

    serializer_class = PilotZoneSerializer
    programme = PILOT_ZONES
    transition_body = PilotZoneTransitionSerializer
    case_serializer = PilotZoneSerializer
    document_serializer = PilotZoneDocumentSerializer
    document_upload_serializer = PilotZoneDocumentUploadSerializer
    filterset_class = ZoneFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["id", "submitted_at", "updated_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.zones_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        # Who may apply is answered before the body is read.
        if request.user.role != Role.GOVERNMENT:
            raise NotPermitted(_("只有地方人民政府可以申请建设国检试验区。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        zone = services.zone_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=zone.pk)

    def update(self, request, *args, **kwargs):
        # 403 and 409 before the body is read; the service checks again under the row lock.
        services.zone_check_editable(zone=self.get_object(), actor=request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        zone = services.zone_update(
            zone=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=zone.pk)

    @extend_schema(responses=PilotZoneHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        zone = self.get_object()
        return Response(
            PilotZoneHistorySerializer(selectors.zone_history(zone=zone), many=True).data
        )

    def perform_transition(self, case, name, **data):
        return services.zone_transition(zone=case, name=name, actor=self.request.user, **data)

    def documents_of(self, case):
        return selectors.zone_documents(zone=case)

    def perform_document_upload(self, case, *, upload, kind):
        return services.zone_document_upload(
            zone=case, actor=self.request.user, upload=upload, kind=kind
        )

    def perform_document_open(self, document, *, ip_address):
        return services.zone_document_open(
            document=document, actor=self.request.user, ip_address=ip_address
        )

    document_download = document_download_at(r"documents/(?P<document_id>[0-9]+)")

    @action(detail=True, methods=["get"], pagination_class=None)
    def opinions(self, request, pk=None):
        zone = self.get_object()
        opinions = selectors.zone_opinions(zone=zone)
        return Response(AcceptanceOpinionSerializer(opinions, many=True).data)

    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        """验收意见 of the caller's department (a member of the working group), once, while the
        acceptance is open; an objection says what is objected to."""
        zone = self.get_object()
        if wf.department_code(request.user) not in wf.MEMBER_DEPARTMENTS:
            raise NotPermitted(_("只有验收工作组成员司局可以填写验收意见。"))
        body = OpinionRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.acceptance_opinion_record(
            zone=zone, actor=request.user, **body.validated_data
        )
        fresh = selectors.zone_opinions(zone=zone).get(pk=row.pk)
        return Response(AcceptanceOpinionSerializer(fresh).data)


# ---------------------------------------------------------------- 试验区通知书


class ZoneNoticeFilter(StrictFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=PilotZoneNotice.Kind.choices, distinct=False)
    zone = IdFilter(field_name="zone_id")
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = PilotZoneNotice
        fields = ["kind", "zone", "unread"]


NOTICE_NOT_FOUND = OpenApiResponse(description=gettext_lazy("通知书不存在或不可见"))


@extend_schema_view(
    list=extend_schema(
        description=gettext_lazy("本地方人民政府收到的试验区通知书，最新的在前；其他用户为空列表。")
    ),
    read=extend_schema(
        request=None,
        responses={200: PilotZoneNoticeSerializer, 404: NOTICE_NOT_FOUND},
        filters=False,
    ),
    pdf=extend_schema(
        responses={
            (200, "application/pdf"): bytes,
            202: OpenApiResponse(description=gettext_lazy("通知书文件正在生成，请稍后再试。")),
            404: NOTICE_NOT_FOUND,
        },
        filters=False,
    ),
)
class PilotZoneNoticeViewSet(
    Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """试验区通知书 to the caller's local government: list, read one, its PDF; `read` marks it
    read (reading it here does not)."""

    serializer_class = PilotZoneNoticeSerializer
    pagination_class = NewestFirst
    filterset_class = ZoneNoticeFilter

    def get_queryset(self):
        return selectors.notices_for(user=self.request.user)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = self.get_object()
        case_notices.notice_mark_read(notice=notice, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)

    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        notice = self.get_object()
        if not notice.pdf:
            # Delivery failed or has not run yet: ask for it again (it renders and mails once).
            deliver_pilot_zone_notice.delay(notice.pk)
            return Response(
                {"detail": _("通知书文件正在生成，请稍后再试。")},
                status=status.HTTP_202_ACCEPTED,
                headers={"Retry-After": "5"},
            )
        return attachment(notice.pdf.open("rb"), notice.file_name, "application/pdf")


# ---------------------------------------------------------------- 创新措施


class MeasureFilter(StrictFilterSet):
    zone = IdFilter(field_name="zone_id")
    state = django_filters.MultipleChoiceFilter(choices=MeasureState.choices, distinct=False)
    innovation = django_filters.ChoiceFilter(choices=Innovation.choices)

    class Meta:
        model = InnovationMeasure
        fields = ["zone", "state", "innovation"]


MEASURE_NOT_EDITABLE = OpenApiResponse(
    description=gettext_lazy("试验区批准建设后才能登记创新措施；只有尚未报批或实施的措施可以修改。")
)
NOT_RUNNING = OpenApiResponse(description=gettext_lazy("措施实施后才能进行督查评估。"))


@extend_schema_view(
    create=extend_schema(
        responses={201: InnovationMeasureSerializer, 403: REFUSED, 409: MEASURE_NOT_EDITABLE},
        description=gettext_lazy(
            "试验区的辖区直属局或地方人民政府登记已批准建设的试验区的创新措施；"
            "突破现行法律、法规、规章的，须说明所突破的规定及风险防控措施，报总局批准后方可实施。"
        ),
    ),
    partial_update=extend_schema(
        responses={200: InnovationMeasureSerializer, 403: REFUSED, 409: MEASURE_NOT_EDITABLE}
    ),
    **transition_schema(
        body=MeasureTransitionSerializer, case=InnovationMeasureSerializer, not_found=NOT_FOUND
    ),
    assessments=extend_schema(
        responses=MeasureAssessmentSerializer(many=True),
        filters=False,
        description=gettext_lazy("措施的督查评估（不公开）。"),
    ),
    assess=action_schema(
        AssessSerializer, MeasureAssessmentSerializer, conflict=NOT_RUNNING, code=201
    ),
)
class InnovationMeasureViewSet(
    CaseTransitionActions,
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """创新措施 of the zones the caller sees: list (?zone, ?state, ?innovation), register (the
    zone's bureau or local government), read, edit (PATCH) until reported or running, history,
    transitions (report for approval, approve or refuse, start, end) and 督查评估 (`assess`:
    HQ and 通关司)."""

    serializer_class = InnovationMeasureSerializer
    programme = PILOT_MEASURES
    transition_body = MeasureTransitionSerializer
    case_serializer = InnovationMeasureSerializer
    filterset_class = MeasureFilter
    pagination_class = NewestFirst
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.measures_visible_to(user=self.request.user).select_related("registered_by")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return InnovationMeasureUpdateSerializer
        return InnovationMeasureSerializer

    def create(self, request, *args, **kwargs):
        if request.user.role not in (Role.BUREAU, Role.GOVERNMENT):
            raise NotPermitted(_("只有试验区的辖区直属局或地方政府可以登记创新措施。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        zone = visible_zone(self.request.user, data.pop("zone_id"))
        measure = services.measure_create(zone=zone, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=measure.pk)

    def update(self, request, *args, **kwargs):
        services.measure_check_editable(measure=self.get_object(), actor=request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        measure = services.measure_update(
            measure=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=measure.pk)

    @extend_schema(responses=MeasureHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entries = selectors.measure_history(measure=self.get_object())
        return Response(MeasureHistorySerializer(entries, many=True).data)

    def perform_transition(self, case, name, **data):
        return services.measure_transition(measure=case, name=name, actor=self.request.user, **data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def assessments(self, request, pk=None):
        entries = selectors.measure_assessments(measure=self.get_object())
        return Response(MeasureAssessmentSerializer(entries, many=True).data)

    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """督查评估 of a running or ended measure (HQ and 通关司), final once recorded."""
        measure = self.get_object()
        if not wf.is_hq_decider(measure, request.user):
            raise NotPermitted(_("只有总局可以对创新措施进行督查评估。"))
        body = AssessSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assessment = services.measure_assess(
            measure=measure, actor=request.user, **body.validated_data
        )
        fresh = selectors.measure_assessments(measure=measure).get(pk=assessment.pk)
        return Response(MeasureAssessmentSerializer(fresh).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- 通报表扬


class CommendationsPagination(CursorPagination):
    ordering = ("-issued_on", "-pk")


class CommendationFilter(StrictFilterSet):
    zone = IdFilter(field_name="zone_id")

    class Meta:
        model = Commendation
        fields = ["zone"]


@extend_schema_view(
    create=extend_schema(
        request=CommendationIssueSerializer,
        responses={
            201: CommendationSerializer,
            403: REFUSED,
            409: OpenApiResponse(description=gettext_lazy("只能表扬已批准建设的试验区。")),
        },
        description=gettext_lazy(
            "总局（通关司）通报表扬试验区，列明经督查评估成效显著的创新措施；通报即公开。"
        ),
    ),
)
class CommendationViewSet(
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """通报表扬 (public once issued: /api/v1/public/pilot-commendations/ without login): list
    (?zone), read, issue (HQ and 通关司)."""

    serializer_class = CommendationSerializer
    filterset_class = CommendationFilter
    pagination_class = CommendationsPagination

    def get_queryset(self):
        return selectors.public_commendations()

    def create(self, request, *args, **kwargs):
        if not wf.is_hq_decider(None, request.user):
            raise NotPermitted(_("只有总局可以通报表扬试验区。"))
        body = CommendationIssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        zone = visible_zone(request.user, data.pop("zone"))
        commendation = services.commendation_issue(zone=zone, actor=request.user, **data)
        fresh = self.get_queryset().get(pk=commendation.pk)
        return Response(CommendationSerializer(fresh).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- 可复制推广经验


class PracticeFilter(StrictFilterSet):
    zone = IdFilter(field_name="zone_id")
    state = django_filters.MultipleChoiceFilter(choices=PracticeState.choices, distinct=False)
    innovation = django_filters.ChoiceFilter(choices=Innovation.choices)

    class Meta:
        model = ReplicablePractice
        fields = ["zone", "state", "innovation"]


PRACTICE_NOT_EDITABLE = OpenApiResponse(
    description=gettext_lazy("试验区批准建设后才能报送其经验；只有草稿或退回修改的经验可以修改。")
)
NOT_IN_LIBRARY = OpenApiResponse(description=gettext_lazy("只能复制推广经验库中的经验。"))


@extend_schema_view(
    create=extend_schema(
        responses={201: ReplicablePracticeSerializer, 403: REFUSED, 409: PRACTICE_NOT_EDITABLE},
        description=gettext_lazy(
            "试验区的辖区直属局提炼可复制推广经验（草稿），再报送总局收入经验库。"
        ),
    ),
    partial_update=extend_schema(
        responses={200: ReplicablePracticeSerializer, 403: REFUSED, 409: PRACTICE_NOT_EDITABLE}
    ),
    **transition_schema(
        body=PracticeTransitionSerializer, case=ReplicablePracticeSerializer, not_found=NOT_FOUND
    ),
    adoptions=extend_schema(
        responses=AdoptionSerializer(many=True),
        filters=False,
        description=gettext_lazy("经验的复制推广情况。"),
    ),
    adopt=action_schema(AdoptSerializer, AdoptionSerializer, conflict=NOT_IN_LIBRARY, code=201),
)
class ReplicablePracticeViewSet(
    CaseTransitionActions,
    Scoped,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """可复制推广经验: list (?zone, ?state, ?innovation), draft (the zone's bureau), read, edit
    (PATCH) a draft or a returned one, history, transitions (submit, return, accept into the
    library, withdraw) and 复制推广 (`adopt`: another bureau records where it adopted it)."""

    serializer_class = ReplicablePracticeSerializer
    programme = PILOT_PRACTICES
    transition_body = PracticeTransitionSerializer
    case_serializer = ReplicablePracticeSerializer
    filterset_class = PracticeFilter
    pagination_class = NewestFirst
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.practices_visible_to(user=self.request.user)
            .select_related("created_by")
            .prefetch_related("measures")
        )

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ReplicablePracticeUpdateSerializer
        return ReplicablePracticeSerializer

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有试验区的辖区直属局可以报送可复制推广经验。"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        zone = visible_zone(self.request.user, data.pop("zone_id"))
        practice = services.practice_create(zone=zone, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=practice.pk)

    def update(self, request, *args, **kwargs):
        services.practice_check_editable(practice=self.get_object(), actor=request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        practice = services.practice_update(
            practice=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=practice.pk)

    @extend_schema(responses=PracticeHistorySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entries = selectors.practice_history(practice=self.get_object())
        return Response(PracticeHistorySerializer(entries, many=True).data)

    def perform_transition(self, case, name, **data):
        return services.practice_transition(
            practice=case, name=name, actor=self.request.user, **data
        )

    @action(detail=True, methods=["get"], pagination_class=None)
    def adoptions(self, request, pk=None):
        entries = selectors.practice_adoptions(practice=self.get_object())
        return Response(AdoptionSerializer(entries, many=True).data)

    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """复制推广: a bureau other than the source zone's records where it adopted a practice of
        the library."""
        practice = self.get_object()
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以登记复制推广情况。"))
        body = AdoptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        adoption = services.practice_adopt(
            practice=practice, actor=request.user, **body.validated_data
        )
        fresh = selectors.practice_adoptions(practice=practice).get(pk=adoption.pk)
        return Response(AdoptionSerializer(fresh).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- public (no login)


class PublicZonesPagination(CursorPagination):
    ordering = ("-approved_at", "-pk")


@reads_from_replica
class PublicPilotZoneListView(PublicAPIView, generics.ListAPIView):
    """国检试验区名录: approved and operating zones, their running measures and commendations."""

    serializer_class = PublicPilotZoneSerializer
    pagination_class = PublicZonesPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.public_register()


class PracticeLibraryFilter(StrictFilterSet):
    """The library's search; the selector applies it (PublicPracticeListView)."""

    q = django_filters.CharFilter(
        method="searched", label=gettext_lazy("关键词（经验名称、摘要、做法或试验区名称）")
    )
    innovation = django_filters.ChoiceFilter(choices=Innovation.choices, method="searched")
    bureau = django_filters.CharFilter(
        method="searched", label=gettext_lazy("来源试验区的直属局代码（如 jiangxi）")
    )

    class Meta:
        model = ReplicablePractice
        fields = ["q", "innovation", "bureau"]

    def searched(self, queryset, name, value):
        return queryset  # read by the view, which asks the selector


class PublicLibraryPagination(CursorPagination):
    ordering = ("-accepted_at", "-pk")


@reads_from_replica
class PublicPracticeListView(PublicAPIView, generics.ListAPIView):
    """可复制推广经验库: accepted practices, searchable (?q, ?innovation, ?bureau)."""

    serializer_class = PublicPracticeSerializer
    pagination_class = PublicLibraryPagination
    filterset_class = PracticeLibraryFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return selectors.practice_library()

    def filter_queryset(self, queryset):
        search = PracticeLibraryFilter(self.request.query_params, queryset=queryset)
        if not search.is_valid():
            raise ValidationError(search.errors)
        data = search.form.cleaned_data
        practices = selectors.practice_library(
            q=data.get("q") or "", innovation=data.get("innovation") or ""
        )
        if data.get("bureau"):
            practices = practices.filter(zone__bureau__code=data["bureau"])
        return practices


@reads_from_replica
class PublicCommendationListView(PublicAPIView, generics.ListAPIView):
    """通报表扬: every commendation HQ issued, newest first."""

    serializer_class = CommendationSerializer
    pagination_class = CommendationsPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.public_commendations()
