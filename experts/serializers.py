from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Role, User
from applications.models import ProductCategory
from ecoorigin.text import CheckedTextSerializerMixin

from . import selectors
from .models import Expert

TEXTAREA = {"base_template": "textarea.html"}  # multi-line text (ecoorigin.text)


class ExpertSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """One expert as the caller may read it: `contact`, `reason`, `account` and
    `decision_reason` only for HQ and the recommending bureau (else null)."""

    response_only = True

    speciality = serializers.CharField(source="speciality.code")
    bureau = serializers.CharField(source="bureau.code")
    status_display = serializers.CharField(source="get_status_display")
    in_pool = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    account = serializers.SerializerMethodField()
    decision_reason = serializers.SerializerMethodField()

    class Meta:
        model = Expert
        fields = [
            "id", "name", "organisation", "speciality", "products", "bureau", "status",
            "status_display", "recommended_at", "decided_at", "in_pool", "contact", "reason",
            "account", "decision_reason",
        ]  # fmt: skip

    def _confidential(self, expert) -> bool:
        request = self.context.get("request")
        return request is not None and selectors.may_read_confidential(
            expert=expert, user=request.user
        )

    def get_in_pool(self, expert) -> bool:
        return expert.pool_member_id is not None

    def get_contact(self, expert) -> str | None:
        return expert.contact if self._confidential(expert) else None

    def get_reason(self, expert) -> str | None:
        return expert.reason if self._confidential(expert) else None

    def get_account(self, expert) -> str | None:
        if not self._confidential(expert) or expert.account_id is None:
            return None
        return expert.account.username

    def get_decision_reason(self, expert) -> str | None:
        return expert.decision_reason if self._confidential(expert) else None


class RecommendSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /experts/: a bureau's recommendation (seed 000 §12)."""

    name = serializers.CharField(max_length=64)
    organisation = serializers.CharField(max_length=128)
    speciality = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.filter(is_active=True)
    )
    products = serializers.CharField(max_length=200)
    contact = serializers.CharField(max_length=128)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default="", style=TEXTAREA
    )
    account = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(role__in=[Role.EXPERT, Role.INSPECTOR]),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("专家本人的门户账户（本局的专家或检查员账户的登录用户名），可不填。"),
    )


class AdmitSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """The body of POST /experts/{id}/admit/: the speciality and products to admit under
    (those recommended, where left out)."""

    speciality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ProductCategory.objects.filter(is_active=True),
        required=False,
        default=None,
    )
    products = serializers.CharField(max_length=200, required=False, default=None)


class DeclineSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=5000, style=TEXTAREA)
