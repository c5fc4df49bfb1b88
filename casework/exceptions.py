"""The errors of a transition, whatever the programme: 403, 409 and 400 (ecoorigin.api maps
their kinds to HTTP in one place)."""

from django.utils.translation import gettext_lazy as _

from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted


class TransitionNotAllowed(Conflict):
    default_message = _("案件当前状态不允许此操作（可能已被他人处理），请刷新后重试。")


class TransitionForbidden(NotPermitted):
    default_message = _("您无权对该案件执行此操作。")


class InvalidTransitionInput(InvalidInput):
    default_message = _("提交的内容有误，请检查后重试。")
