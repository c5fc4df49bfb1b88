from django.utils.translation import gettext_lazy as _

from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from ecoorigin.exceptions import Conflict

__all__ = [
    "EnterpriseNotConfirmed",
    "InvalidTransitionInput",
    "TransitionForbidden",
    "TransitionNotAllowed",
]


class EnterpriseNotConfirmed(Conflict):
    default_message = _("企业信息尚未经辖区直属局确认，暂不能提交申报。")
