"""风险监测计划 as a programme of the case engine (casework). The kernel checks the caller, locks
the plan and writes the history (docs/programmes.md); this module says what only seed 004 §二.1
knows: when a plan may be published, and when its results may."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import TransitionNotAllowed
from casework.programmes import Programme, register

from . import workflow as wf
from .models import MonitoringPlan, PlanHistory


class MonitoringPlans(Programme):
    """国家和地方风险监测计划: draft → published → results published → closed."""

    code = "monitoring_plan"
    label = gettext_lazy("风险监测计划")
    case_model = MonitoringPlan
    history_model = PlanHistory
    history_case_field = "plan"
    rules = wf.RULES
    lock_related = ("bureau", "national_plan")

    def condition_refused(self, case, name):
        if name == "publish":
            if not wf.national_plan_running(case):
                return TransitionNotAllowed(_("依据的国家风险监测计划未在实施中，不能发布本计划。"))
            if case.is_national:
                return TransitionNotAllowed(_("请先填写重点监测产品。"))
            return TransitionNotAllowed(_("请先添加监测项目（产品、监测点、抽样数量和时间）。"))
        if name == "publish_results":
            return TransitionNotAllowed(_("尚无抽样检测结果，不能发布监测结果。"))
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        return {"when": timezone.now()}, {}


MONITORING_PLANS = register(MonitoringPlans())
