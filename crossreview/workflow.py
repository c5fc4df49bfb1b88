"""京津冀行政执法案件互查互评 (seed 003 §三.14: "建立三地行政执法案件评查标准,开展三地案件互查互评"):
the states of a year's review round and who moves it.

HQ, which leads the cooperation (its 执法司 leads task 14), opens a round for a year and sets its
review standard (评查标准: criteria whose weights make 100). Agreeing the standard freezes it. The
three places enter their enforcement case files while the round accepts them (before the
assignment); the assignment gives each case a reviewer drawn from the other two places' staff;
each reviewer scores the case against the standard once; HQ closes the round when every case is
scored, and the results are then open to all members side by side."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from casework.workflow import Rule
from regions.cooperation import place_of

# Who enters a place's case files: its bureau's clerks and its quality authority's staff.
ENTERING_ROLES = (Role.BUREAU, Role.QUALITY_AUTHORITY)
# The weights of a round's criteria add up to this before the standard can be agreed.
TOTAL_WEIGHT = 100


class State(models.TextChoices):
    DRAFT = "draft", _("拟定评查标准")
    AGREED = "agreed", _("评查标准已商定")
    ASSIGNED = "assigned", _("评查中")
    CLOSED = "closed", _("已结束")


class CaseKind(models.TextChoices):
    """The kinds of administrative enforcement case file the places review."""

    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")
    OTHER = "other", _("其他行政执法")


# The states in which a round takes case files: before the assignment draws reviewers.
ACCEPTS_CASES = (State.DRAFT, State.AGREED)


def is_lead(user) -> bool:
    """HQ, the cooperation's leading group (领导小组办公室), runs the rounds."""
    return getattr(user, "is_authenticated", False) and user.role == Role.HQ


def lead_of_round(round_, user) -> bool:
    return is_lead(user)


def may_enter(user) -> bool:
    """A bureau clerk or quality authority staff member of one of the three places."""
    return getattr(user, "is_authenticated", False) and (
        user.role in ENTERING_ROLES and place_of(user) is not None
    )


RULES: dict[str, Rule] = {
    "agree": Rule(_("商定评查标准")),
    "assign": Rule(_("随机分配评查人员")),
    "close": Rule(_("结束本年度互查互评")),
}
METHOD_NAMES: dict[str, str] = {}
