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
