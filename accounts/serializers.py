from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin


class TokenRequestSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(
        label=_("密码"), max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    token = serializers.CharField()
    expires = serializers.DateTimeField(
        help_text=_("令牌的失效时间；此后请用用户名和密码重新获取。")
    )
