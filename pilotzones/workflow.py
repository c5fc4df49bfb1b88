"""国检试验区的状态与流转规则 (seed 002 §五.2–3): a local government applies to HQ with a
construction plan (建设方案), named "xx国检试验区"; the bureau of its jurisdiction gives its
recommendation and construction guidance, or returns the application; HQ's acceptance working
group (验收工作组: 通关司 leads, 认监委, 卫生司, 动植司, 检验司 and 食品局 take part) inspects, each
member department records its opinion, and the lead approves the zone's construction (批准建设)
or not once every member has answered, answering any objection in its decision. An approved
zone is built and run by an operating enterprise (企业运营) under the bureau's day-to-day
supervision.

Two smaller cases of the seed run on the engine beside the zone: its innovation measures (创新措施,
§三 安全为本: one that goes beyond laws, regulations or rules is reported for approval, 报批, before
it may run; HQ's 督查评估 records their effect, §五.3) and the replicable practice (可复制推广经验,
§四.4) that bureaus submit and HQ accepts into the public library."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role
from casework.workflow import Rule

# The acceptance working group (§五.3): its lead and the departments taking part, by the codes of
# regions.organisation.HQ_DEPARTMENTS.
LEAD_DEPARTMENT = "tongguan"
MEMBER_DEPARTMENTS = ("renjianwei", "weisheng", "dongzhi", "jianyan", "shipin")
NAME_SUFFIX = "国检试验区"


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已申请")
    RETURNED = "returned", pgettext_lazy("试验区状态", "退回修改")
    RECOMMENDED = "recommended", _("已推荐，待验收")
    ACCEPTANCE = "acceptance", _("验收中")
    APPROVED = "approved", _("已批准建设")
    NOT_APPROVED = "not_approved", _("不予批准")
    OPERATING = "operating", _("运行中")


# Zones shown in the public register, and those whose measures and practice may be recorded.
PUBLIC_STATES = (State.APPROVED, State.OPERATING)


class Verdict(models.TextChoices):
    AGREE = "agree", _("同意")
    OBJECT = "object", _("有异议")


# Who may act: permission callables (case, user) -> bool.
def is_applicant(zone, user) -> bool:
    """Staff of the applying local government."""
    return user.role == Role.GOVERNMENT and user.organisation_id == zone.applicant_id


def is_jurisdiction_bureau(zone, user) -> bool:
    return user.role == Role.BUREAU and user.bureau_id == zone.bureau_id


def department_code(user) -> str | None:
    """The code of the HQ department `user` works for (None for anyone else)."""
    if user.role != Role.HQ_DEPARTMENT or user.organisation_id is None:
        return None
    return user.organisation.code


def is_lead_department(case, user) -> bool:
    """通关司's staff: they lead the working group and decide."""
    return department_code(user) == LEAD_DEPARTMENT


def is_hq_decider(case, user) -> bool:
    """Who decides for HQ on measures reported for approval, 督查评估, commendations and the
    library of practice: HQ and 通关司, which leads the programme (§五.3)."""
    return user.role == Role.HQ or is_lead_department(case, user)


# Conditions (facts about the zone beyond its state).
def has_construction_plan(zone) -> bool:
    """建设方案: the document is part of the application (§五.2)."""
    return zone.documents.filter(kind="construction_plan").exists()


def all_members_answered(zone) -> bool:
    """The lead decides only after every member department has recorded its opinion."""
    return not zone.acceptance_opinions.filter(verdict="").exists()


RULES: dict[str, Rule] = {
    "submit": Rule(_("提交建设申请")),
    "return": Rule(_("退回修改"), needs_reason=True),
    "recommend": Rule(_("提出推荐意见"), fields=("recommendation", "guidance")),
    "open_acceptance": Rule(_("组成验收工作组"), fields=("arrangement",)),
    "approve": Rule(_("验收通过，批准建设"), fields=("responses",)),
    "not_approve": Rule(_("不予批准"), needs_reason=True, fields=("responses",)),
    "start_operation": Rule(_("登记运营企业，开始运行"), fields=("operator", "started_on")),
}
METHOD_NAMES = {"return": "return_for_revision"}


# --- 创新措施 (§三, §四.2, §五.3) --------------------------------------------------------------


class MeasureState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    PENDING_APPROVAL = "pending_approval", _("报批中")
    APPROVED = "approved", pgettext_lazy("创新措施状态", "已批准")
    REFUSED = "refused", pgettext_lazy("创新措施状态", "不予批准")
    RUNNING = "running", _("实施中")
    ENDED = "ended", _("已停止实施")


class Innovation(models.TextChoices):
    """The seed's three kinds of innovation (§二): 制度创新、模式创新、措施创新."""

    SYSTEM = "system", _("制度创新")
    MODEL = "model", _("模式创新")
    MEASURE = "measure", _("措施创新")


class Effect(models.TextChoices):
    """督查评估's finding on a measure's effect; 成效显著 may earn the zone a commendation."""

    MARKED = "marked", _("成效显著")
    GOOD = "good", _("成效较好")
    FAIR = "fair", _("成效一般")
    POOR = "poor", _("成效不明显")


def may_register_measures(zone, user) -> bool:
    """Who registers and edits a zone's measures: its bureau or its local government."""
    return is_jurisdiction_bureau(zone, user) or is_applicant(zone, user)


def _zone(measure):
    return measure.zone


def is_zone_bureau(measure, user) -> bool:
    """The zone's bureau, which supervises it day to day and carries its measures."""
    return is_jurisdiction_bureau(_zone(measure), user)


def beyond_rules(measure) -> bool:
    return measure.beyond_rules


MEASURE_RULES: dict[str, Rule] = {
    "report": Rule(_("报批")),
    "approve": Rule(_("批准实施")),
    "refuse": Rule(_("不予批准实施"), needs_reason=True),
    "start": Rule(_("开始实施"), fields=("started_on",)),
    "end": Rule(_("停止实施"), needs_reason=True),
}


def may_end_measure(measure, user) -> bool:
    return is_zone_bureau(measure, user) or is_hq_decider(measure, user)


# --- 可复制推广经验 (§四.4) -------------------------------------------------------------------


class PracticeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", pgettext_lazy("经验状态", "已报送")
    RETURNED = "returned", pgettext_lazy("经验状态", "退回修改")
    ACCEPTED = "accepted", _("已入库")
    WITHDRAWN = "withdrawn", _("已撤出经验库")


def is_practice_bureau(practice, user) -> bool:
    """The bureau that submits the practice: the one of the zone it came from."""
    return is_jurisdiction_bureau(practice.zone, user)


PRACTICE_RULES: dict[str, Rule] = {
    "submit": Rule(_("报送总局")),
    "return": Rule(_("退回修改"), needs_reason=True),
    "accept": Rule(_("收入经验库")),
    "withdraw": Rule(_("撤出经验库"), needs_reason=True),
}
PRACTICE_METHOD_NAMES = {"return": "return_for_revision"}


def may_start(measure) -> bool:
    """A measure within the rules runs once registered; one beyond them only once approved."""
    return not measure.beyond_rules or measure.state == MeasureState.APPROVED
