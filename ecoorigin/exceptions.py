"""Domain errors shared by every app. Each app's exceptions.py subclasses these; the API maps
the four kinds to HTTP status codes in one place (ecoorigin.api.exception_handler) and the
browser views show their message."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """业务错误: a rule refused the request; nothing was changed."""

    default_message = _("请求未能完成。")

    def __init__(self, message=None, *, field_errors: dict | None = None):
        self.message = message or self.default_message
        self.field_errors = field_errors or {}
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    """输入有误 (HTTP 400)."""

    default_message = _("输入有误，请检查后重试。")


class NotPermitted(DomainError):
    """无权操作 (HTTP 403)."""

    default_message = _("您无权执行此操作。")


class Conflict(DomainError):
    """状态冲突 (HTTP 409): not allowed in the current state, or another user was faster."""

    default_message = _("当前状态不允许此操作，或已被他人处理。")
