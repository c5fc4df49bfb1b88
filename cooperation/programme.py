"""年度行动计划 as a programme of the case engine (casework). The kernel's service checks the
caller (the plan's unit, or HQ as the leading group's office), locks the plan, re-checks its
state and writes the history; this module says why a condition refuses, checks the year-end
account and tells the other side of each step (casework.services.case_transition)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from casework.programmes import Programme, register

from . import workflow as wf
from .models import ActionPlan, ActionPlanHistory

IMPLEMENTATION_LIMIT = 8000


class CooperationPlans(Programme):
    code = "cooperation_plan"
    label = gettext_lazy("京津冀合作年度行动计划")
    case_model = ActionPlan
    history_model = ActionPlanHistory
    history_case_field = "plan"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("bureau", "organisation")

    def condition_refused(self, case, name):
        if name == "submit":
            return TransitionNotAllowed(_("计划至少要有一个节点，才能报领导小组审议。"))
        if name == "report":
            return TransitionNotAllowed(
                _("年度实施情况在 %(year)s 年 12 月 1 日起汇报。") % {"year": case.year}
            )
        return TransitionNotAllowed()

    def prepare(self, name, case, actor, *, comment, **data):
        if name != "report":
            return {}, {}
        text = data.get("implementation")
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise InvalidTransitionInput(
                field_errors={"implementation": [_("请填写年度实施情况。")]}
            )
        if len(text) > IMPLEMENTATION_LIMIT:
            raise InvalidTransitionInput(
                field_errors={
                    "implementation": [
                        _("不能超过 %(limit)s 个字。") % {"limit": IMPLEMENTATION_LIMIT}
                    ]
                }
            )
        return {"implementation": text}, {}

    def on_recorded(self, entry) -> list:
        from . import tasks

        return [lambda: tasks.mail_plan_step.delay(entry.pk)]


PLANS = register(CooperationPlans())
