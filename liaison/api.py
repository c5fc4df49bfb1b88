"""API of HQ's tasks to zones and bureaus (seed 000 §二.2) and the bureaus' reports to 通关司
(§3, §5, §9, §16). Thin: reads through the selectors (404 for what the caller may not see),
writes through the services; who may write is answered (403) before the body is read."""

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.models import Role
from casework.documents import UPLOAD_TYPES
from ecoorigin.api import CursorPagination, IdFilter, RecordActions, StrictFilterSet
from ecoorigin.downloads import attachment
from ecoorigin.exceptions import NotPermitted
from ecoorigin.ratelimit import client_address

from . import documents, selectors, services
from .models import Assignment, Report, ReportReply, TaskDocument, TaskUpdate
from .serializers import (
    AcceptSerializer,
    AssignmentSerializer,
    ReplyCreateSerializer,
    ReportDocumentSerializer,
    ReportDocumentUploadSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    ReturnSerializer,
    TaskCreateSerializer,
    TaskSerializer,
    UpdateCreateSerializer,
)


class NewestFirst(CursorPagination):
    ordering = "-pk"


DOWNLOAD = extend_schema(
    responses={(200, media_type): bytes for media_type in UPLOAD_TYPES}, filters=False
)


def _download(document, request):
    handle = documents.document_open(
        document=document, actor=request.user, ip_address=client_address(request)
    )
    return attachment(handle, document.original_name, document.content_type)


# ---------------------------------------------------------------- tasks


@extend_schema_view(
    create=extend_schema(
        request=TaskCreateSerializer,
        responses={
            201: TaskSerializer,
            400: OpenApiResponse(description=gettext_lazy("输入无效")),
            403: OpenApiResponse(description=gettext_lazy("只有总局可以交办任务。")),
        },
    ),
)
class TaskViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """总局交办任务: the tasks the caller may see (HQ all; a bureau those addressed to it or to a
    zone it sits in), each with the addressees it may see; HQ assigns one (交办)."""

    serializer_class = TaskSerializer
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        visible = selectors.assignments_visible_to(user=self.request.user)
        return (
            selectors.tasks_visible_to(user=self.request.user)
            .select_related("created_by")
            .prefetch_related(
                Prefetch("assignments", queryset=visible, to_attr="visible_assignments")
            )
        )

    def get_serializer_class(self):
        return TaskCreateSerializer if self.action == "create" else TaskSerializer

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以交办任务。"))
        body = TaskCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.task_assign(actor=request.user, **body.validated_data)
        fresh = self.get_queryset().get(pk=task.pk)
        return Response(TaskSerializer(fresh).data, status=status.HTTP_201_CREATED)


class AssignmentFilter(StrictFilterSet):
    task = IdFilter(field_name="task_id")
    status = django_filters.ChoiceFilter(choices=Assignment.Status.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Assignment
        fields = ["task", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = selectors.overdue(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))


NOT_VISIBLE = OpenApiResponse(description=gettext_lazy("不存在或不可见"))


@extend_schema_view(
    updates=extend_schema(
        request={"multipart/form-data": UpdateCreateSerializer},
        responses={
            201: AssignmentSerializer,
            403: OpenApiResponse(
                description=gettext_lazy(
                    "只有承办直属局（片区任务由片区牵头单位）可以报告办理情况。"
                )
            ),
            409: OpenApiResponse(
                description=gettext_lazy("已报告完成，等待总局验收，或已验收完成。")
            ),
        },
        filters=False,
    ),
    accept=extend_schema(
        request=AcceptSerializer,
        responses={
            200: AssignmentSerializer,
            403: OpenApiResponse(description=gettext_lazy("只有总局可以验收或退回交办任务。")),
            409: OpenApiResponse(description=gettext_lazy("承办单位报告完成后才能验收或退回。")),
        },
        filters=False,
    ),
    send_back=extend_schema(
        request=ReturnSerializer,
        responses={
            200: AssignmentSerializer,
            403: OpenApiResponse(description=gettext_lazy("只有总局可以验收或退回交办任务。")),
            409: OpenApiResponse(description=gettext_lazy("承办单位报告完成后才能验收或退回。")),
        },
        filters=False,
    ),
    document=DOWNLOAD,
)
class AssignmentViewSet(
    RecordActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """承办: a task's addressees the caller may see, with their records and files. The addressee
    reports progress or completion (`updates`, multipart with `files`); HQ accepts (`accept`) or
    returns (`return`) a reported completion."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.assignments_visible_to(user=self.request.user).prefetch_related(
            Prefetch(
                "updates",
                queryset=TaskUpdate.objects.select_related("author").prefetch_related(
                    "documents__uploaded_by"
                ),
            )
        )

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def updates(self, request, pk=None):
        """进展报告 / 完成报告 of the addressee, with its files."""
        assignment = self.get_object()
        if not selectors.may_report(assignment=assignment, user=request.user):
            raise NotPermitted(_("只有承办直属局（片区任务由片区牵头单位）可以报告办理情况。"))
        body = UpdateCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.assignment_report(
            assignment=assignment,
            actor=request.user,
            kind=body.validated_data["kind"],
            text=body.validated_data["text"],
            files=body.validated_data.get("files", []),
        )
        return self.answer(assignment, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """总局验收."""
        assignment = self.get_object()
        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以验收或退回交办任务。"))
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.assignment_accept(
            assignment=assignment, actor=request.user, note=body.validated_data["note"]
        )
        return self.answer(assignment)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        """总局退回, with the reason."""
        assignment = self.get_object()
        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以验收或退回交办任务。"))
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.assignment_return(
            assignment=assignment, actor=request.user, reason=body.validated_data["reason"]
        )
        return self.answer(assignment)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)",
        url_name="document",
    )
    def document(self, request, pk=None, document_id=None):
        """One file of the assignment's records; every read is logged."""
        assignment = self.get_object()
        document = get_object_or_404(
            TaskDocument.objects.select_related("update"),
            pk=document_id,
            update__assignment=assignment,
        )
        return _download(document, request)


# ---------------------------------------------------------------- reports


class ReportFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Report.Status.choices)
    bureau = django_filters.CharFilter(field_name="bureau__code")
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Report
        fields = ["kind", "status", "bureau", "unread"]


EDIT_ERRORS = {
    403: OpenApiResponse(description=gettext_lazy("只有报送单位可以修改本单位的报送事项。")),
    409: OpenApiResponse(description=gettext_lazy("已报送的事项不能再修改。")),
}


@extend_schema_view(
    create=extend_schema(
        request=ReportWriteSerializer,
        responses={
            201: ReportSerializer,
            403: OpenApiResponse(description=gettext_lazy("只有直属局可以向总局报送。")),
        },
        description=gettext_lazy("直属局填报报送事项（草稿）：报送前总局看不到。"),
    ),
    partial_update=extend_schema(
        request=ReportWriteSerializer(partial=True),
        responses={200: ReportSerializer, **EDIT_ERRORS},
    ),
    documents=extend_schema(
        request={"multipart/form-data": ReportDocumentUploadSerializer},
        responses={201: ReportDocumentSerializer, **EDIT_ERRORS},
        filters=False,
    ),
    submit=extend_schema(
        request=None, responses={200: ReportSerializer, **EDIT_ERRORS}, filters=False
    ),
    read=extend_schema(
        request=None,
        responses={200: ReportSerializer, 404: NOT_VISIBLE},
        description=gettext_lazy(
            "阅知：总局用户记录阅知（首次阅读的人和时间）；报送单位的用户读过总局的回复。"
        ),
        filters=False,
    ),
    reply=extend_schema(
        request=ReplyCreateSerializer,
        responses={
            201: ReportSerializer,
            403: OpenApiResponse(description=gettext_lazy("只有总局可以回复报送事项。")),
        },
        filters=False,
    ),
    document=DOWNLOAD,
)
class ReportViewSet(
    RecordActions,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """报送事项: a bureau's users see their bureau's (drafts included), HQ the submitted ones of
    every bureau. The bureau drafts (POST), edits the draft (PATCH), adds files (`documents`)
    and submits it (`submit`); HQ records that it has read it (`read`) and replies (`reply`).
    Reading it here records nothing, so a client may show it before the user has read it."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    pagination_class = NewestFirst
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.reports_visible_to(user=self.request.user).prefetch_related(
            "documents__uploaded_by",
            Prefetch("replies", queryset=ReportReply.objects.select_related("author")),
        )

    def create(self, request, *args, **kwargs):
        if request.user.role != Role.BUREAU:
            raise NotPermitted(_("只有直属局可以向总局报送。"))
        body = ReportWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_create(actor=request.user, **body.validated_data)
        return self.answer(report, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Edit the draft: what is sent replaces what it had."""
        report = self.get_object()
        services.report_check_editable(report=report, actor=request.user)
        body = ReportWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        fields = {"kind": report.kind, "title": report.title, "body": report.body}
        services.report_update(
            report=report, actor=request.user, **{**fields, **body.validated_data}
        )
        return self.answer(report)

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request, pk=None):
        """Add one file to the draft."""
        report = self.get_object()
        services.report_check_editable(report=report, actor=request.user)
        body = ReportDocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.report_documents_add(
            report=report, actor=request.user, files=[body.validated_data["file"]], field="file"
        )[0]
        return Response(ReportDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """报送: the draft goes to 通关司 and is final."""
        report = services.report_submit(report=self.get_object(), actor=request.user)
        return self.answer(report)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        report = services.report_mark_read(report=self.get_object(), actor=request.user)
        return self.answer(report)

    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """总局回复."""
        report = self.get_object()
        if request.user.role != Role.HQ:
            raise NotPermitted(_("只有总局可以回复报送事项。"))
        body = ReplyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.report_reply(report=report, actor=request.user, text=body.validated_data["text"])
        return self.answer(report, status.HTTP_201_CREATED)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)",
        url_name="document",
    )
    def document(self, request, pk=None, document_id=None):
        """One file of the report; every read is logged."""
        report = self.get_object()
        return _download(get_object_or_404(report.documents.all(), pk=document_id), request)
