"""质量安全违法黑名单 (seed 004 §二.12): the states of a blacklist entry and who moves it.

A bureau proposes listing an enterprise for a serious violation (the bureau of the enterprise's
jurisdiction when a programme knows it, else the proposing bureau); HQ decides: listed, with its
decision number, start and optional end date, or refused with its reason. A listed entry is
removed by HQ (with a reason) or expires at its end date (the daily sweep)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from casework.workflow import Rule


class State(models.TextChoices):
    PROPOSED = "proposed", _("待总局决定")
    LISTED = "listed", _("已列入黑名单")
    REFUSED = "refused", pgettext_lazy("黑名单状态", "不予列入")
    REMOVED = "removed", _("已移出黑名单")
    EXPIRED = "expired", _("公示期满移出")


# An enterprise has at most one entry in these states (a new proposal waits for the last one).
OPEN_STATES = (State.PROPOSED, State.LISTED)
# What the enterprise itself is shown of its entries: HQ's listing and what followed.
DECIDED_LISTINGS = (State.LISTED, State.REMOVED, State.EXPIRED)


class Violation(models.TextChoices):
    """严重质量安全违法行为的类别 (seed 004 §二.12: 假冒伪劣, 严重违法企业)."""

    COUNTERFEIT = "counterfeit", _("制售假冒伪劣产品")
    SAFETY = "safety", _("发生重大质量安全事故")
    FRAUD = "fraud", _("伪造、冒用证书或标志")
    EVASION = "evasion", _("逃避、拒绝监管或召回")
    REPEATED = "repeated", _("屡查屡犯、拒不整改")
    OTHER = "other", _("其他严重违法行为")


def is_hq(entry, user) -> bool:
    return user.role == Role.HQ


RULES: dict[str, Rule] = {
    "list": Rule(_("决定列入黑名单"), fields=("decision_number", "listed_on", "ends_on")),
    "refuse": Rule(_("不予列入"), needs_reason=True),
    "remove": Rule(_("移出黑名单"), needs_reason=True),
    "expire": Rule(_("公示期满移出")),
}
METHOD_NAMES = {"list": "list_enterprise"}
