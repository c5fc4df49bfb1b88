"""OpenAPI schema (drf-spectacular): every operation also documents the errors DRF itself answers.

drf-spectacular documents only the success response. Clients (and the schemathesis fuzz tests in
tests/api/) need the rest: a rejected credential, a case that is not visible, a bad filter value.
Domain errors of one view (409 冲突 …) are declared on that view with `extend_schema`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import TokenAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny, IsAuthenticated

# DRF's error bodies: {"detail": "…"} or field → messages (a nested serializer nests them).
ERROR_SCHEMA = {
    "type": "object",
    "description": gettext_lazy("错误：detail 为说明，其余键为字段及其错误信息。"),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {}}, {"type": "object"}, {"type": "string"}]
    },
}

BODY_METHODS = {"POST", "PUT", "PATCH"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema plus the error answers of the framework (see the module)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        component = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        self.registry.register_on_missing(component)
        for code, description in self._framework_errors():
            if code not in responses:
                response = self._get_response_for_code(component.ref, code, direction=direction)
                responses[code] = {**response, "description": description}
        return responses

    def _framework_errors(self):
        view = self.view
        takes_body = self.method in BODY_METHODS and self.get_request_serializer() is not None
        # Filters, the page size and the views' own query parameters are validated.
        queried = any(parameter["in"] == "query" for parameter in self._get_parameters())
        if takes_body or queried:
            yield "400", _("输入无效")
        authenticators = view.get_authenticators()
        permissions = view.get_permissions()
        open_to_all = all(isinstance(p, AllowAny) for p in permissions)
        # DRF answers a missing credential with the first authenticator's challenge (401), or with
        # 403 if it sends none: session authentication comes first everywhere but on the
        # token-only DELETE of auth/token/. A token that is sent but refused is always 401
        # (accounts.authentication).
        challenge = bool(authenticators) and bool(
            authenticators[0].authenticate_header(view.request)
        )
        if any(isinstance(a, TokenAuthentication) for a in authenticators):
            if challenge and not open_to_all:
                yield "401", _("未提供令牌，或令牌无效、已撤销或已过期")
            else:
                yield "401", _("令牌无效、已撤销或已过期")
        refused_operation = any(not isinstance(p, (AllowAny, IsAuthenticated)) for p in permissions)
        if (not challenge and (authenticators or not open_to_all)) or refused_operation:
            yield "403", _("未登录、凭据无效或无权操作")
        cursor_list = self._is_list_view() and isinstance(self._get_paginator(), CursorPagination)
        if "{" in self.path or cursor_list:  # an object not visible to the caller; a stale cursor
            yield "404", _("不存在或不可见")
        if takes_body:
            yield "415", _("不支持的请求格式")
        if view.throttle_classes:
            yield "429", _("请求过于频繁")
