"""示范区的状态与流转规则 (seed 001 §七.2): a local government applies with the §四 conditions;
for a national zone its bureau recommends it and HQ organises the assessment and designates it
(国家级); a provincial zone is assessed and recognised by the bureau alone, against its own
published standard (省级). The title has a number and a term and can be withdrawn (§三.5, §六.6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from casework.workflow import Rule


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已申请")
    RETURNED = "returned", pgettext_lazy("示范区状态", "退回修改")
    RECOMMENDED = "recommended", _("已推荐")
    ASSESSING = "assessing", _("评估中")
    ASSESSED = "assessed", _("评估完成")
    DESIGNATED = "designated", _("已认定")
    REFUSED = "refused", pgettext_lazy("示范区状态", "不予认定")
    WITHDRAWN = "withdrawn", pgettext_lazy("示范区状态", "称号已撤销")


# The four conditions of §四, each scored by the assessment team (0–25 points each).
CONDITIONS = [
    ("cluster", _("形成企业集聚")),
    ("export", _("出口贸易规模较大")),
    ("quality", _("质量安全水平较高")),
    ("organisation", _("组织保障机制健全")),
]
CONDITION_MAX = 25


# Who may fire: permission callables (zone, user) -> bool.
def is_applicant(zone, user) -> bool:
    """Staff of the applying local government."""
    return user.role == Role.GOVERNMENT and user.organisation_id == zone.applicant_id


def is_jurisdiction_bureau(zone, user) -> bool:
    return user.role == Role.BUREAU and user.bureau_id == zone.bureau_id


def is_assessor(zone, user) -> bool:
    """Who organises the assessment and decides: HQ for a national zone, the zone's bureau for
    a provincial one (§七.2)."""
    if zone.level == Level.NATIONAL:
        return user.role == Role.HQ
    return is_jurisdiction_bureau(zone, user)


# Conditions (facts about the zone beyond its state).
def ready_for_assessment(zone) -> bool:
    """A national zone comes to HQ recommended by its bureau; a provincial one straight from the
    applicant to its bureau."""
    if zone.level == Level.NATIONAL:
        return zone.state == State.RECOMMENDED
    return zone.state == State.SUBMITTED


def is_national(zone) -> bool:
    return zone.level == Level.NATIONAL


def assessment_passed(zone) -> bool:
    assessment = getattr(zone, "assessment", None)
    return assessment is not None and assessment.passed


RULES: dict[str, Rule] = {
    "submit": Rule(_("提交申请")),
    "return": Rule(_("退回修改"), needs_reason=True),
    "recommend": Rule(_("推荐上报")),
    "organise_assessment": Rule(_("组织评估"), fields=("team",)),
    "record_assessment": Rule(
        _("录入评估结果"), fields=tuple(f"score_{code}" for code, _label in CONDITIONS)
    ),
    "designate": Rule(_("认定命名"), fields=("valid_years",)),
    "refuse": Rule(_("不予认定"), needs_reason=True),
    "withdraw_title": Rule(_("撤销称号"), needs_reason=True),
}
METHOD_NAMES = {"return": "return_for_revision"}


def may_withdraw_title(zone, user) -> bool:
    """The assessor withdraws the zone's title; so may the zone's bureau once the quality
    archive has found 恶意违法 in the zone and the bureau said the zone's title goes too (§六.6)."""
    if is_assessor(zone, user):
        return True
    return is_jurisdiction_bureau(zone, user) and zone_malice_cancels_title(zone)


def zone_malice_cancels_title(zone) -> bool:
    return zone.enterprises.filter(
        archive_events__cause=Cause.MALICIOUS, archive_events__cancel_zone_title=True
    ).exists()


# --- 入区企业 and 示范企业 (§三.5 动态管理, §六.3) -------------------------------------------------
# A case of its own on the kernel (programme "demonstration_enterprise"): the zone's local
# government proposes an enterprise for admission and the zone's bureau, which supervises the
# zone day to day (§七.3), admits it, declines it or later records its exit. The government
# nominates an enterprise of the zone for the title 示范企业; the zone's assessor (HQ for a
# national zone, the bureau for a provincial one) assesses it, grants the numbered title or
# refuses it, and may withdraw it, the reason published. Withdrawing the zone's title ends its
# enterprises' titles (end_title).


class EnterpriseState(models.TextChoices):
    PROPOSED = "proposed", _("拟入区")
    ADMITTED = "admitted", _("已入区")
    DECLINED = "declined", _("不予入区")
    NOMINATED = "nominated", _("已推荐示范企业")
    ASSESSED = "assessed", pgettext_lazy("示范企业状态", "已评估")
    GRANTED = "granted", _("示范企业")
    TITLE_WITHDRAWN = "title_withdrawn", _("示范企业称号已撤销")
    EXITED = "exited", _("已退出示范区")


# In the zone (and so in its quality archive's reach) from admission until the exit.
IN_ZONE = [
    EnterpriseState.ADMITTED,
    EnterpriseState.NOMINATED,
    EnterpriseState.ASSESSED,
    EnterpriseState.GRANTED,
    EnterpriseState.TITLE_WITHDRAWN,
]


def _zone(enterprise):
    return enterprise.zone


def is_zone_government(enterprise, user) -> bool:
    return is_applicant(_zone(enterprise), user)


def is_zone_bureau(enterprise, user) -> bool:
    return is_jurisdiction_bureau(_zone(enterprise), user)


def is_title_assessor(enterprise, user) -> bool:
    """Who assesses an enterprise of the zone and grants its title: the zone's assessor."""
    return is_assessor(_zone(enterprise), user)


def has_malice(enterprise) -> bool:
    """The enterprise's quality archive has an event classified 恶意违法."""
    return enterprise.archive_events.filter(cause=Cause.MALICIOUS).exists()


def may_withdraw_enterprise_title(enterprise, user) -> bool:
    """The assessor; or the zone's bureau once the archive has found 恶意违法 (§六.6)."""
    if is_title_assessor(enterprise, user):
        return True
    return is_zone_bureau(enterprise, user) and has_malice(enterprise)


def may_end_title(enterprise, user) -> bool:
    """Who withdraws the zone's title (its assessor, or its bureau on a finding of malice)."""
    return is_title_assessor(enterprise, user) or is_zone_bureau(enterprise, user)


def zone_designated(enterprise) -> bool:
    return _zone(enterprise).state == State.DESIGNATED


def title_grantable(enterprise) -> bool:
    return (
        zone_designated(enterprise)
        and enterprise.assessment_passed is True
        and not has_malice(enterprise)
    )


def zone_title_withdrawn(enterprise) -> bool:
    return _zone(enterprise).state == State.WITHDRAWN


ENTERPRISE_RULES: dict[str, Rule] = {
    "admit": Rule(_("准予入区")),
    "decline": Rule(_("不予入区"), needs_reason=True),
    "nominate": Rule(_("推荐示范企业")),
    "assess": Rule(_("录入示范企业评估结论"), fields=("passed",)),
    "grant": Rule(_("授予示范企业称号")),
    "refuse_title": Rule(_("不授予示范企业称号"), needs_reason=True),
    "withdraw_title": Rule(_("撤销示范企业称号"), needs_reason=True),
    "end_title": Rule(_("称号随示范区称号撤销而终止"), needs_reason=True),
    "exit": Rule(_("退出示范区"), needs_reason=True),
    # 强制退出 (seed 004 §二.12): the enterprise was blacklisted; its title goes to the assessor,
    # who withdraws it (withdraw_title) or not. Fired by the system (credit_facts.py).
    "propose_withdrawal": Rule(_("黑名单强制退出：提请撤销示范企业称号"), needs_reason=True),
}
ENTERPRISE_METHOD_NAMES = {"exit": "exit_zone"}


# --- 质量档案与责任追溯 (§六.6) ---------------------------------------------------------------
# A quality file per enterprise of the zone, kept by the zone's bureau: each event is opened,
# investigated, its cause classified, the actions that cause calls for recorded, and closed
# (programme "demonstration_archive").


class EventKind(models.TextChoices):
    FOREIGN_NOTIFICATION = "foreign_notification", _("国外通报")
    RECALL = "recall", _("召回")
    EXPORT_RETURN = "export_return", _("出口退运")
    DOMESTIC_SAMPLING = "domestic_sampling", _("国内监督抽查不合格")


class Cause(models.TextChoices):
    FOREIGN_REGULATION = "foreign_regulation", _("国外法规方面问题")
    MARKET_SURVEILLANCE = "market_surveillance", _("市场监督方面问题")
    DESIGN = "design", _("设计方面问题")
    CAPABILITY = "capability", _("企业能力不足")
    MALICIOUS = "malicious", _("恶意违法")


# What each cause calls for (§六.6): 反馈 and 交涉; 帮扶; 处罚 and the titles cancelled, the
# reason announced. `cancel_zone_title` (malice only) is the bureau's word on the zone's title.
ACTION_FIELDS = {
    Cause.FOREIGN_REGULATION: ("feedback", "negotiation"),
    Cause.MARKET_SURVEILLANCE: ("feedback", "negotiation"),
    Cause.DESIGN: ("feedback", "negotiation"),
    Cause.CAPABILITY: ("support",),
    Cause.MALICIOUS: ("penalty", "announcement"),
}


class EventState(models.TextChoices):
    OPENED = "opened", _("已立档")
    INVESTIGATED = "investigated", _("已调查")
    CLASSIFIED = "classified", _("已定性")
    ACTIONS_RECORDED = "actions_recorded", _("已处理")
    CLOSED = "closed", _("已结案")


def is_archive_bureau(event, user) -> bool:
    """The zone's bureau keeps its archive (§七.3)."""
    return is_jurisdiction_bureau(event.enterprise.zone, user)


ARCHIVE_RULES: dict[str, Rule] = {
    "investigate": Rule(_("录入调查情况"), fields=("findings",)),
    "classify": Rule(_("认定问题原因"), fields=("cause",)),
    "record_actions": Rule(
        _("录入处理措施"),
        fields=(
            "feedback",
            "negotiation",
            "support",
            "penalty",
            "announcement",
            "cancel_zone_title",
        ),
    ),
    "close": Rule(_("结案"), fields=("conclusion",)),
}
