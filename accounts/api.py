from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import TokenRequestSerializer, TokenSerializer


class TokenView(APIView):
    """POST username + password → {"token"}; failures count towards the django-axes lockout."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            429: OpenApiResponse(
                description=gettext_lazy("登录失败次数过多，账户已临时锁定，请稍后再试。")
            ),
        },
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The Django request, so django-axes sees (and counts) this attempt like a login form.
        user = authenticate(request=request._request, **form.validated_data)
        if user is None:
            if getattr(request._request, "axes_locked_out", False):
                return Response(
                    {"detail": _("登录失败次数过多，账户已临时锁定，请稍后再试。")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            return Response(
                {"non_field_errors": [_("用户名或密码错误。")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
