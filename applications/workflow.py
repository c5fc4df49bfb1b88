"""保护案件的状态与流转规则 (SPEC §3, seed 000 §6–§12): states, who may fire each transition,
and what each transition's body must carry. The model's transition methods use these rules; the
case engine's one service (casework.services.case_transition) enforces them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from casework.workflow import Rule


class State(models.TextChoices):
    # Four states are named like the action that leads to them (退回补正, 不予受理, 不予批准,
    # 暂停保护): a context keeps them apart in English ("Returned for correction" / "Return for
    # correction").
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已申报")
    RETURNED = "returned", pgettext_lazy("案件状态", "退回补正")
    REFUSED = "refused", pgettext_lazy("案件状态", "不予受理")
    ACCEPTED = "accepted", _("已受理")
    PRE_EVALUATED = "pre_evaluated", _("已初评")
    RECOMMENDED = "recommended", _("已推荐上报")
    APPROVED = "approved", _("已批准实施评定")
    NOT_APPROVED = "not_approved", pgettext_lazy("案件状态", "不予批准")
    EVALUATING = "evaluating", _("评定中")
    EVALUATED = "evaluated", _("评定完成")
    FAILED = "failed", _("评定未通过")
    PROTECTED = "protected", _("保护中")
    SUSPENDED = "suspended", pgettext_lazy("案件状态", "暂停保护")
    REVOKED = "revoked", _("已撤销")
    EXPIRED = "expired", _("已过期")
    WITHDRAWN = "withdrawn", _("已撤回")


# The states of a certified case (certify → protected, then suspended, revoked or expired): only
# such a case has a certificate, and rectifications, reviews and a recovery record.
CERTIFIED_STATES = frozenset({State.PROTECTED, State.SUSPENDED, State.REVOKED, State.EXPIRED})


class DueKind(models.TextChoices):
    """Which deadline clock runs on a case (working days, Chinese calendar)."""

    ACCEPTANCE = "acceptance", _("受理时限")
    CORRECTION = "correction", _("补正答复时限")
    RECTIFICATION = "rectification", _("整改期限")


# Before evaluation starts the enterprise may withdraw (SPEC §3).
WITHDRAWABLE = [
    State.DRAFT,
    State.SUBMITTED,
    State.RETURNED,
    State.ACCEPTED,
    State.PRE_EVALUATED,
    State.RECOMMENDED,
    State.APPROVED,
]
# States in which the case waits on the applicant: deadlines pause (seed §6 一对一服务).
WAITING_ON_APPLICANT = {State.DRAFT, State.RETURNED, State.APPROVED}
# A valid protected product (counts towards a bureau's protected products).
PROTECTED_STATES = {State.PROTECTED}


# Who may fire: permission callables (case, user) -> bool, independent of the state.
def is_owner(case, user) -> bool:
    """The applying enterprise's own staff."""
    return user.role == Role.ENTERPRISE and user.enterprise_id == case.enterprise_id


def is_jurisdiction_bureau(case, user) -> bool:
    """Staff of the bureau whose jurisdiction the case is in (not zone leads of other bureaus)."""
    return user.role == Role.BUREAU and user.bureau_id == case.bureau_id


def is_jurisdiction_office(case, user) -> bool:
    """Staff of an active 分支机构 of the case's bureau (seed 000 §6: they guide the enterprise
    and read its case for the bureau; no transition of the case is theirs, ADR 0022)."""
    return (
        user.role == Role.OFFICE
        and user.bureau_id == case.bureau_id
        and user.local_office_id is not None
        and user.local_office.is_active
    )


def is_hq(case, user) -> bool:
    return user.role == Role.HQ


def is_chosen_agency(case, user) -> bool:
    return (
        user.role == Role.AGENCY and case.agency_id is not None and user.agency_id == case.agency_id
    )


# Conditions: facts about the case (beyond its state) that a transition needs.
def enterprise_confirmed(case) -> bool:
    return case.enterprise.confirmed_at is not None


RULES: dict[str, Rule] = {
    "submit": Rule(_("提交申报")),
    "accept": Rule(_("受理"), fields=("officer",)),
    "return": Rule(_("退回补正"), needs_reason=True),
    "refuse": Rule(_("不予受理"), needs_reason=True),
    "pre_evaluate": Rule(_("初评")),
    "recommend": Rule(_("推荐上报")),
    "approve": Rule(_("批准实施评定")),
    "not_approve": Rule(_("不予批准"), needs_reason=True),
    "reevaluate": Rule(_("退回重新评定"), needs_reason=True),
    "choose_agency": Rule(_("选择评定机构"), fields=("agency",)),
    "evaluate": Rule(_("录入评定结果"), fields=("score", "passed", "report")),
    "certify": Rule(_("颁发保护证书"), fields=("marks_issued", "valid_from")),
    "suspend": Rule(_("暂停保护"), needs_reason=True, fields=("deadline",)),
    "submit_rectification": Rule(_("提交整改报告")),
    "reinstate": Rule(_("恢复保护")),
    "revoke": Rule(_("撤销保护"), needs_reason=True),
    "withdraw": Rule(_("撤回申请")),
    "expire": Rule(_("有效期届满")),  # fired only by the daily sweep (permission: nobody)
}

# The transition methods on Application are named like the API, except where the API name is a
# Python keyword.
METHOD_NAMES = {"return": "return_for_correction"}


def method_name(transition: str) -> str:
    return METHOD_NAMES.get(transition, transition)
