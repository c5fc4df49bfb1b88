"""风险监测计划的状态与流转规则 (seed 004 §二.1, 3): HQ publishes the national plan
(国家进出口商品质量安全风险监测计划) of a year; a bureau derives its local plan (地方风险监测计划)
from a published national plan, with its monitoring points (监测点), the products sampled there, the
sampling quotas and the schedule; its staff and inspectors record the samples' results while the
plan runs, and the bureau publishes the monitoring results to society (依法向社会发布质量安全监测
结果) before it closes the plan. HQ owns the national plans, the plan's bureau its local plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from casework.workflow import Rule


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", pgettext_lazy("监测计划状态", "已发布实施")
    RESULTS_PUBLISHED = "results_published", _("监测结果已发布")
    CLOSED = "closed", pgettext_lazy("监测计划状态", "已结束")


class Level(models.TextChoices):
    NATIONAL = "national", _("国家风险监测计划")
    LOCAL = "local", _("地方风险监测计划")


class PointKind(models.TextChoices):
    PORT = "port", _("口岸")
    PRODUCER = "producer", _("生产企业")
    MARKET = "market", _("市场")
    OTHER = "other", _("其他")


class Verdict(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# Plans others than their owner read: published (the plan's text, points and quotas).
RUNNING_STATES = (State.PUBLISHED, State.RESULTS_PUBLISHED, State.CLOSED)


# Who may act: permission callables (plan, user) -> bool.
def is_owner(plan, user) -> bool:
    """HQ for a national plan; the plan's bureau (its staff, not its inspectors) for a local one."""
    if plan.level == Level.NATIONAL:
        return user.role == Role.HQ
    return user.role == Role.BUREAU and user.bureau_id == plan.bureau_id


def is_plan_bureau_member(plan, user) -> bool:
    """The plan's bureau's staff and its inspectors: who samples under a local plan."""
    return (
        plan.level == Level.LOCAL
        and user.role in (Role.BUREAU, Role.INSPECTOR)
        and user.bureau_id == plan.bureau_id
    )


# Conditions (facts about the plan beyond its state).
def has_items(plan) -> bool:
    """A local plan is published with what it samples; a national plan with its focus products."""
    if plan.level == Level.NATIONAL:
        return bool(plan.focus_products.strip())
    return plan.items.exists()


def national_plan_running(plan) -> bool:
    """A local plan is derived from, and published under, a national plan in force."""
    return plan.level == Level.NATIONAL or plan.national_plan.state == State.PUBLISHED


def has_results(plan) -> bool:
    """Only a local plan samples; its results are published once there are some."""
    return plan.level == Level.LOCAL and plan.results.exists()


RULES: dict[str, Rule] = {
    "publish": Rule(_("发布实施")),
    "publish_results": Rule(_("向社会发布监测结果")),
    "close": Rule(_("结束监测计划")),
}
