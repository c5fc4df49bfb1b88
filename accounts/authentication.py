"""API tokens that expire API_TOKEN_TTL_HOURS after they were issued, and a token that is sent but
refused answered 401, so a client knows to get a new one (POST /api/v1/auth/token/)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def token_expires(token: Token) -> datetime:
    return token.created + token_lifetime()


class TokenRefused(exceptions.APIException):
    """A token was sent but is unknown, revoked, expired or its user's account is inactive.

    Not DRF's AuthenticationFailed: DRF turns that into 403 when the first authenticator (session
    authentication here) sends no challenge. A request without any credential stays 403."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "authentication_failed"
    auth_header = TokenAuthentication.keyword  # WWW-Authenticate, which a 401 must carry


class TokenExpired(TokenRefused):
    default_detail = _("令牌已过期，请重新获取。")
    default_code = "token_expired"


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with a lifetime counted from when the token was issued."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as refused:
            raise TokenRefused(refused.detail) from refused

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= token_expires(token):
            # By key, not by user: a new token the user has just been issued is not touched.
            token.delete()
            raise TokenExpired()
        return user, token
