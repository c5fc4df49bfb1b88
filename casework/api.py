"""The actions every programme's case API has (SPEC §9), written once.

Transitions: `GET …/{id}/transitions/` (what the caller may fire now, with what each needs) and
`POST …/{id}/transitions/{name}/` (fire one through the kernel's service). Answers: 200 with
the case; 400 bad body; 403 not the caller's to fire (answered before the body is read: a
stranger learns nothing from it); 404 not visible or no such transition; 409 not allowed now or
lost a race. Nothing changes on a non-200 answer.

Materials: `GET …/{id}/documents/` (those the caller may read), `POST` one file, and its
download, every read logged; who may add which kind when is the programme's upload service's
(400, 403, 409)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ecoorigin.downloads import attachment
from ecoorigin.ratelimit import client_address
from ecoorigin.text import CheckedTextSerializerMixin

from . import beacon
from .documents import UPLOAD_TYPES
from .exceptions import TransitionForbidden
from .programmes import Programme
from .services import case_transition


class TransitionOptionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    name = serializers.CharField()
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.CharField())


# A double-random draw re-run from its revealed seed (casework.draws.plan_verify), as the caller
# may see it. (No docstring: it would become the schema's description of eco-origin's answer.)
class VerificationSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    protocol = serializers.IntegerField(
        help_text=_(
            "1：保密种子，事后公开；2：封存候选名单并公布承诺值，再以公共随机数（彩票开奖号码）决定。"
        )
    )
    seed = serializers.CharField()
    seed_commitment = serializers.CharField()
    snapshot_commitment = serializers.CharField()
    beacon_source = serializers.CharField()
    beacon_date = serializers.DateField(allow_null=True)
    beacon_value = serializers.CharField()
    seed_matches_commitment = serializers.BooleanField(
        help_text=_(
            "协议 1：SHA-256(种子) 等于承诺值；协议 2：候选名单的 SHA-256 等于承诺值，种子由承诺值和开奖号码算出。"
        )
    )
    result_matches = serializers.BooleanField()
    algorithm = serializers.IntegerField()
    complete = serializers.BooleanField(
        help_text=_(
            "targets 是否为完整的重新抽取结果：结果公开前，计划制定方以外的用户只得到本人可见的部分。"
        )
    )
    targets = serializers.ListField(child=serializers.DictField())


# The fields of a double-random plan (casework.models.DrawPlan) in its API: what was planned, and
# the draw. A programme's plan serializer lists them among its own (`Meta.fields`).
DRAW_PLAN_FIELDS = [
    "sample_size", "sample_ratio", "team_size", "weighted", "exclude_own_bureau", "planned_date",
    "beacon_source", "beacon_date",
]  # fmt: skip
DRAW_FIELDS = [
    "protocol", "seed_commitment", "snapshot_commitment", "committed_at", "beacon_value",
    "beacon_entered_at", "drawn_at", "revealed_at", "published_at", "shortfalls", "targets",
]  # fmt: skip


class BeaconDeclaration(serializers.Serializer):
    """The lottery draw a new plan declares, required: every plan draws by protocol 2 (ADR
    0009). A programme's serializer of a new plan adds it to the plan's own fields; the plan in
    answers keeps the stored fields (DrawPlanSerializer), empty for plans made before."""

    beacon_source = serializers.ChoiceField(
        choices=beacon.choices(), help_text=_("公共随机数来源：ssq 双色球、dlt 大乐透。")
    )
    beacon_date = serializers.DateField(
        help_text=_("声明的开奖日期：晚于今天、早于检查日期，且为所选彩票的开奖日。")
    )


class BeaconEntrySerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """录入开奖号码: the declared lottery draw's official numbers, e.g. "03 07 12 19 25 31 + 09"."""

    value = serializers.CharField(max_length=64)


class DrawPlanSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """Base of a programme's plan serializer: the draw's `shortfalls` only for the plan's managers
    (context `may_manage`, else null), `targets` (its `get_targets`: the targets the caller may
    see, context `visible_targets`) and the fields nobody writes."""

    targets = serializers.SerializerMethodField()
    shortfalls = serializers.SerializerMethodField()

    class Meta:
        read_only_fields = [
            "status", "protocol", "seed_commitment", "snapshot_commitment", "committed_at",
            "beacon_value", "beacon_entered_at", "drawn_at", "revealed_at", "published_at",
        ]  # fmt: skip
        extra_kwargs = {
            "beacon_source": {
                "help_text": _(
                    "公共随机数来源：ssq 双色球、dlt 大乐透；按旧协议（保密种子）制定的计划为空。"
                )
            },
            "beacon_date": {
                "help_text": _("声明的开奖日期；按旧协议（保密种子）制定的计划为 null。")
            },
        }

    def get_shortfalls(self, plan) -> list[dict] | None:
        return plan.shortfalls if self.context.get("may_manage") else None


class CaseTransitionActions:
    """Mixin for a programme's case viewset. The subclass names its `programme`, the serializer
    of a transition's body (`transition_body`) and of the case it answers with
    (`case_serializer`), and documents the two actions' answers with
    `extend_schema_view(**transition_schema(…))`."""

    programme: Programme
    transition_body: type[serializers.Serializer]
    case_serializer: type[serializers.Serializer]

    def perform_transition(self, case, name: str, **data):
        """Fire through the kernel; a programme whose case must lock another row first (its
        parent) calls its own service here."""
        return case_transition(
            programme=self.programme, case=case, name=name, actor=self.request.user, **data
        )

    @action(detail=True, methods=["get"], pagination_class=None, url_path="transitions")
    def transitions(self, request, **kwargs):
        case = self.get_object()
        rules = self.programme.rules
        options = [
            {
                "name": name,
                "label": str(rules[name].label),
                "needs_reason": rules[name].needs_reason,
                "fields": list(rules[name].fields),
            }
            for name in self.programme.transitions_for(case=case, actor=request.user)
        ]
        return Response(TransitionOptionSerializer(options, many=True).data)

    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<name>[a-z_]+)",
        url_name="fire",
    )
    def fire(self, request, name=None, **kwargs):
        case = self.get_object()
        if name not in self.programme.rules:
            raise NotFound()
        if not self.programme.permitted(case, name, request.user):
            raise TransitionForbidden()
        body = self.transition_body(data=request.data)
        body.is_valid(raise_exception=True)
        case = self.perform_transition(case, name, **body.validated_data)
        fresh = get_object_or_404(self.get_queryset(), pk=case.pk)
        return Response(self.case_serializer(fresh).data, status=status.HTTP_200_OK)


def transition_schema(*, body, case, not_found) -> dict:
    """The documented answers of CaseTransitionActions' two actions, as extend_schema_view's
    arguments: `body` and `case` as the viewset's `transition_body` and `case_serializer`,
    `not_found` what 404 says in the programme's words."""
    return {
        "transitions": extend_schema(
            responses=TransitionOptionSerializer(many=True), filters=False
        ),
        "fire": extend_schema(
            request=body,
            responses={
                200: case,
                400: OpenApiResponse(description=_("输入无效")),
                403: OpenApiResponse(description=_("您无权对该案件执行此操作。")),
                404: OpenApiResponse(description=not_found),
                409: OpenApiResponse(description=_("当前状态不允许此操作，或已被他人处理。")),
            },
        ),
    }


class CaseDocumentActions:
    """Mixin for a programme's case viewset: the case's materials. The subclass names the
    serializers of a document (`document_serializer`) and of an upload
    (`document_upload_serializer`: `file` and `kind`), and its programme's reads and writes:
    `documents_of(case)`, the materials the caller may read; `perform_document_upload(case, *,
    upload, kind)`, the upload service, which says who may add which kind when;
    `perform_document_open(document, *, ip_address)`, the logged read, which says who may read.
    It routes the download with `document_download = document_download_at(path)` and documents
    the answers with `extend_schema_view(**document_schema(…))`."""

    document_serializer: type[serializers.Serializer]
    document_upload_serializer: type[serializers.Serializer]

    # filters=False: the list's filters do not apply to one case's sub-resources.
    @extend_schema(methods=["GET"], filters=False)
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        # A file travels only in multipart: JSON or a plain form is 415, not a field error.
        parser_classes=[MultiPartParser],
    )
    def documents(self, request, **kwargs):
        """案件材料: list (confidential: only those who may read them), or upload one file."""
        case = self.get_object()
        if request.method == "POST":
            form = self.document_upload_serializer(data=request.data)
            form.is_valid(raise_exception=True)
            # Whatever else the programme's upload serializer takes (eco-origin's checklist
            # item) goes to its upload service as keywords.
            extra = {k: v for k, v in form.validated_data.items() if k not in ("file", "kind")}
            document = self.perform_document_upload(
                case, upload=form.validated_data["file"], kind=form.validated_data["kind"], **extra
            )
            return Response(self.document_serializer(document).data, status=status.HTTP_201_CREATED)
        listed = self.documents_of(case)
        return Response(self.document_serializer(listed, many=True).data)


def document_schema(*, document, upload, too_late) -> dict:
    """The documented answers of the materials' list and upload, as extend_schema_view's
    arguments: `document` and `upload` as the viewset's `document_serializer` and
    `document_upload_serializer`, `too_late` what 409 says in the programme's words."""
    return {
        "documents": [
            extend_schema(
                methods=["POST"],
                request=upload,
                responses={201: document, 409: OpenApiResponse(description=too_late)},
            ),
            extend_schema(methods=["GET"], responses=document(many=True)),
        ]
    }


def document_download_at(url_path: str):
    """CaseDocumentActions' download, routed at `url_path` under the case: each API keeps the
    path it published (eco-origin's ends in `/download`). A document of another case is 404;
    whether the caller may read it, the programme's open says (403)."""

    @extend_schema(
        responses={(200, media_type): bytes for media_type in UPLOAD_TYPES}, filters=False
    )
    @action(detail=True, methods=["get"], url_path=url_path, url_name="document-download")
    def document_download(self, request, document_id=None, **kwargs):
        """One material as an attachment; every read is logged (保密)."""
        case = self.get_object()
        document = get_object_or_404(case.documents.all(), pk=document_id)
        handle = self.perform_document_open(document, ip_address=client_address(request))
        return attachment(handle, document.original_name, document.content_type)

    return document_download
