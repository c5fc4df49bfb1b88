"""API of the bureaus' 分支机构 (seed 000 §6) and 初审机构 (§20), ADR 0022: a bureau lists,
registers and changes its own and opens their staff accounts; HQ does so for any bureau; an
office's or a body's staff read their own; everyone else gets an empty list. No deletion: an
office or body no longer in use is set inactive (`is_active`)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role, User
from ecoorigin.api import StrictFilterSet
from ecoorigin.exceptions import NotPermitted
from ecoorigin.text import CheckedTextSerializerMixin

from . import offices
from .models import Bureau, LocalOffice, ReviewBody


class _BureauCode(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Bureau.objects.all(), **kwargs)


class LocalOfficeSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """分支机构. `bureau` (code): HQ names it; a bureau's own is taken when left out."""

    bureau = _BureauCode(required=False)
    code = serializers.SlugField(max_length=32)
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    area = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)

    class Meta:
        model = LocalOffice
        fields = ["id", "bureau", "code", "name", "name_en", "area", "is_active"]


class ReviewBodySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """初审机构. `bureau` (code): HQ names it; a bureau's own is taken when left out."""

    bureau = _BureauCode(required=False)
    code = serializers.SlugField(max_length=32)
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_active = serializers.BooleanField(required=False, default=True)

    class Meta:
        model = ReviewBody
        fields = ["id", "bureau", "code", "name", "name_en", "kind", "kind_display", "is_active"]


class StaffSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """An account for a member of the staff: the password is given once, never shown again."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, write_only=True, style={"input_type": "password"}
    )
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.CharField(read_only=True)


class _Filter(StrictFilterSet):
    bureau = django_filters.CharFilter(
        field_name="bureau__code", label=_("直属局代码（如 beijing）")
    )
    is_active = django_filters.BooleanFilter(label=_("有效"))


class LocalOfficeFilter(_Filter):
    class Meta:
        model = LocalOffice
        fields = []


class ReviewBodyFilter(_Filter):
    class Meta:
        model = ReviewBody
        fields = []


class _OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[0-9]+"
    fields: tuple[str, ...] = ()

    def create(self, request, *args, **kwargs):
        # Who may register at all is answered before the body is read: 403 whatever was sent.
        if request.user.role not in (Role.HQ, Role.BUREAU):
            raise NotPermitted(_("只有总局和直属局可以登记分支机构和初审机构。"))
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        if not offices.may_manage(actor=request.user, bureau_id=self.get_object().bureau_id):
            raise NotPermitted(_("只能登记和管理本局的分支机构和初审机构。"))
        return super().update(request, *args, **kwargs)

    def _changed(self, serializer) -> dict:
        current = {field: getattr(serializer.instance, field) for field in self.fields}
        # A PATCH leaves out what it does not change.
        given = {
            k: v
            for k, v in serializer.validated_data.items()
            if k in serializer.initial_data and k in self.fields
        }
        return {**current, **given}

    @extend_schema(
        methods=["GET"],
        responses=StaffSerializer(many=True),
        filters=False,
        description=_("本机构用户的账户。"),
    )
    @extend_schema(
        methods=["POST"],
        request=StaffSerializer,
        responses={201: StaffSerializer},
        filters=False,
        description=_("为本机构开通账户（其直属局或总局）；初始密码由开通人告知本人。"),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def staff(self, request, pk=None):
        """GET: the accounts of its staff. POST: open one (its bureau or HQ)."""
        organisation = self.get_object()
        if request.method == "GET":
            return Response(StaffSerializer(offices.staff_of(organisation), many=True).data)
        if not offices.may_manage(actor=request.user, bureau_id=organisation.bureau_id):
            raise NotPermitted(_("只能登记和管理本局的分支机构和初审机构。"))
        body = StaffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user: User = offices.staff_add(
            actor=request.user, organisation=organisation, **body.validated_data
        )
        return Response(StaffSerializer(user).data, status=status.HTTP_201_CREATED)


class LocalOfficeViewSet(_OrganisationViewSet):
    """分支机构 (seed 000 §6): a bureau its own (registers, changes, opens staff accounts), HQ
    every bureau's, an office's staff their own office."""

    serializer_class = LocalOfficeSerializer
    filterset_class = LocalOfficeFilter
    fields = ("name", "name_en", "area", "is_active")

    def get_queryset(self):
        return offices.local_offices_in_scope(user=self.request.user).order_by("bureau_id", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = offices.local_office_register(
            actor=self.request.user,
            bureau=data.get("bureau"),
            code=data["code"],
            name=data["name"],
            name_en=data.get("name_en", ""),
            area=data.get("area", ""),
        )

    def perform_update(self, serializer):
        serializer.instance = offices.local_office_update(
            actor=self.request.user, office=serializer.instance, **self._changed(serializer)
        )


class ReviewBodyViewSet(_OrganisationViewSet):
    """初审机构 (seed 000 §20): a bureau its own (registers, changes, opens staff accounts), HQ
    every bureau's, a body's staff their own body."""

    serializer_class = ReviewBodySerializer
    filterset_class = ReviewBodyFilter
    fields = ("name", "name_en", "kind", "is_active")

    def get_queryset(self):
        return offices.review_bodies_in_scope(user=self.request.user).order_by("bureau_id", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = offices.review_body_register(
            actor=self.request.user,
            bureau=data.get("bureau"),
            code=data["code"],
            name=data["name"],
            name_en=data.get("name_en", ""),
            kind=data["kind"],
        )

    def perform_update(self, serializer):
        serializer.instance = offices.review_body_update(
            actor=self.request.user, body=serializer.instance, **self._changed(serializer)
        )
