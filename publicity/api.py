"""API of the public notice (issue 20). Thin: reads through the selectors, writes through the
services (403 → 409 → 400 mapped in one place, ecoorigin.api)."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from casework.documents import UploadRejected, check_upload
from ecoorigin.api import NOT_OPEN, REFUSED
from ecoorigin.exceptions import InvalidInput, NotPermitted
from ecoorigin.ratelimit import RateLimitedAPIView
from ecoorigin.routers import reads_from_replica

from . import documents, selectors, services
from .serializers import (
    BatchCreateSerializer,
    BatchSerializer,
    BureauViewSerializer,
    DecisionSerializer,
    ObjectionSerializer,
    ObjectionStatusSerializer,
    ObjectionSubmitSerializer,
    WithdrawSerializer,
)


class NoticeBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """公示批次 (拟批准生态原产地保护产品公示): HQ publishes (POST) and withdraws products; anyone
    signed in reads them (the batches are public)."""

    serializer_class = BatchSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.batches_with_entries()

    @extend_schema(
        request=BatchCreateSerializer, responses={201: BatchSerializer, 403: REFUSED, 409: NOT_OPEN}
    )
    def create(self, request):
        """发布公示: HQ gathers evaluated cases into a batch published today."""
        if request.user.role != Role.HQ:
            raise NotPermitted(_("拟批准产品公示由总局发布。"))
        body = BatchCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        batch = services.batch_publish(actor=request.user, **body.validated_data)
        batch = self.get_queryset().get(pk=batch.pk)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WithdrawSerializer, responses={200: BatchSerializer, 403: REFUSED, 409: NOT_OPEN}
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤出公示: HQ takes a product out of the batch with a reason."""
        batch = self.get_object()
        if request.user.role != Role.HQ:
            raise NotPermitted(_("撤出公示由总局决定。"))
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = get_object_or_404(batch.entries, pk=body.validated_data["entry"])
        services.entry_withdraw(
            actor=request.user, entry=entry, reason=body.validated_data["reason"]
        )
        return Response(BatchSerializer(self.get_queryset().get(pk=batch.pk)).data)


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """公示异议: HQ every one, the case's bureau its cases', the enterprise concerned its own
    (without the objector's identity); the bureau records its view, HQ decides."""

    serializer_class = ObjectionSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.objections_visible_to(user=self.request.user)

    @extend_schema(
        request=BureauViewSerializer,
        responses={200: ObjectionSerializer, 403: REFUSED, 409: NOT_OPEN},
    )
    @action(detail=True, methods=["post"], url_path="bureau-view")
    def bureau_view(self, request, pk=None):
        objection = self.get_object()
        body = BureauViewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.objection_record_bureau_view(
            actor=request.user, objection=objection, view=body.validated_data["view"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=objection.pk)).data)

    @extend_schema(
        request=DecisionSerializer,
        responses={200: ObjectionSerializer, 403: REFUSED, 409: NOT_OPEN},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        objection = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.objection_decide(
            actor=request.user,
            objection=objection,
            upheld=body.validated_data["outcome"] == "upheld",
            reason=body.validated_data["reason"],
            consequence=body.validated_data.get("consequence", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=objection.pk)).data)


@reads_from_replica
class PublicNoticeListView(generics.ListAPIView):
    """拟批准产品公示 (public): batches, newest first, with their products and outcomes."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = BatchSerializer

    def get_queryset(self):
        return selectors.batches_with_entries()


class PublicObjectionView(RateLimitedAPIView, generics.CreateAPIView):
    """提出异议 (public, one limit with the form): answers the tracking code."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "objection"
    serializer_class = ObjectionSubmitSerializer

    @extend_schema(responses={201: ObjectionStatusSerializer, 409: NOT_OPEN})
    def post(self, request, *args, **kwargs):
        body = ObjectionSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        upload = data.pop("attachment")
        checked = None
        if upload is not None:
            try:
                checked = check_upload(upload)
            except UploadRejected as error:
                raise InvalidInput(field_errors={"attachment": [error.message]}) from None
        with transaction.atomic():
            objection = services.objection_submit(entry_id=data.pop("entry"), **data)
            if checked is not None:
                documents.store(checked, objection=objection)
        return Response(ObjectionStatusSerializer(objection).data, status=status.HTTP_201_CREATED)


class PublicObjectionStatusView(RateLimitedAPIView, generics.RetrieveAPIView):
    """异议处理结果 by tracking code."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "objection-status"
    serializer_class = ObjectionStatusSerializer

    def get_object(self):
        objection = selectors.objection_by_code(code=self.kwargs["code"])
        if objection is None:
            from django.http import Http404

            raise Http404
        return objection
