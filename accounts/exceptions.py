from django.utils.translation import gettext_lazy as _

from ecoorigin.exceptions import InvalidInput, NotPermitted


class UnknownJobKind(InvalidInput):
    default_message = _("未知的后台任务类型。")


class JobNotYours(NotPermitted):
    default_message = _("这不是您发起的任务。")
