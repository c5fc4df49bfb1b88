from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import ExpiringTokenAuthentication, token_expires
from .serializers import TokenRequestSerializer, TokenSerializer
from .services import token_obtain, token_revoke


class TokenView(APIView):
    """POST username + password → {"token", "expires"}; failures count towards the django-axes
    lockout. DELETE revokes the caller's token (an API client signing out)."""

    def _deleting(self) -> bool:
        # self.request is None only while drf-spectacular builds its mock request for the schema.
        return getattr(self.request, "method", None) == "DELETE"

    def get_authenticators(self):
        # DELETE is authenticated by the token it revokes. POST reads no Authorization header, so
        # a stale token a client still sends along cannot stop it from getting a new one.
        return [ExpiringTokenAuthentication()] if self._deleting() else []

    def get_permissions(self):
        return [permissions.IsAuthenticated() if self._deleting() else permissions.AllowAny()]

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
        token = token_obtain(user=user)
        return Response(TokenSerializer({"token": token.key, "expires": token_expires(token)}).data)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description=gettext_lazy("令牌已撤销"))},
    )
    def delete(self, request):
        token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
