"""京津冀行政审批结果互认 (seed 003 tasks 5–7, 25: 一地获批，三地通用): the states of a recognised
approval and who moves it.

A place's bureau or quality authority records an approval it granted (a licence, an approval, a
registration, a filing, a certification); from then on it holds in all three places. Only the
granting place's bureau or quality authority withdraws it, with a reason; a withdrawal is final
and ends the recognition everywhere. Expiry is not a state: it follows from `valid_until`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from casework.workflow import Rule
from regions.cooperation import place_of

# Who records and withdraws for a place: its bureau's clerks and its quality authority's staff.
GRANTING_ROLES = (Role.BUREAU, Role.QUALITY_AUTHORITY)


class State(models.TextChoices):
    IN_FORCE = "in_force", _("互认有效")
    WITHDRAWN = "withdrawn", _("已撤回")


class Kind(models.TextChoices):
    """The kinds of approval the seed names (tasks 5, 6, 7, 25)."""

    LICENCE = "licence", _("行政许可")
    APPROVAL = "approval", _("审批")
    REGISTRATION = "registration", _("注册")
    FILING = "filing", _("备案")
    CERTIFICATION = "certification", _("资质认定/认证")


class Status(models.TextChoices):
    """What a reader is shown: the state, and for one in force whether its term is over."""

    IN_FORCE = "in_force", _("互认有效")
    EXPIRED = "expired", _("已过期")
    WITHDRAWN = "withdrawn", _("已撤回")


def may_record(user) -> bool:
    """A bureau clerk or quality authority staff member of one of the three places."""
    return getattr(user, "is_authenticated", False) and (
        user.role in GRANTING_ROLES and place_of(user) is not None
    )


def is_granting_place(recognition, user) -> bool:
    return may_record(user) and place_of(user) == recognition.place


RULES: dict[str, Rule] = {
    "withdraw": Rule(_("撤回互认"), needs_reason=True),
}
METHOD_NAMES: dict[str, str] = {}
