"""质量安全违法黑名单 as a programme of the case engine (casework), and what the credit app gives
the kernel's registries: the fact of a listing (casework.credit) and the refusal of a listed
enterprise's applications in every programme (casework.eligibility). The kernel's service checks
the caller, locks the entry and writes the history; this module checks HQ's decision and, once
the listing has committed, has the enterprise's grade recomputed and 强制退出 proposed."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.credit import CreditFact, notify_credit_facts_changed, register_credit_source
from casework.eligibility import register_applicant_check
from casework.exceptions import InvalidTransitionInput
from casework.programmes import Programme, register
from ecoorigin.validators import checked_date

from . import workflow as wf
from .models import BlacklistEntry, BlacklistHistory
from .workflow import DECIDED_LISTINGS, State, Violation

DECISION_NUMBER_LENGTH = 64


class Blacklist(Programme):
    code = "blacklist"
    label = gettext_lazy("质量安全违法黑名单")
    case_model = BlacklistEntry
    history_model = BlacklistHistory
    history_case_field = "entry"
    rules = wf.RULES
    method_names = wf.METHOD_NAMES
    lock_related = ("bureau",)

    def prepare(self, name, case, actor, *, comment, **data):
        now = timezone.now()
        today = timezone.localdate()
        if name == "list":
            errors = {}
            number = data.get("decision_number")
            number = number.strip() if isinstance(number, str) else ""
            if not number:
                errors["decision_number"] = [_("请填写决定文号。")]
            elif len(number) > DECISION_NUMBER_LENGTH:
                errors["decision_number"] = [
                    _("不能超过 %(limit)s 个字。") % {"limit": DECISION_NUMBER_LENGTH}
                ]
            listed_on = checked_date(
                data.get("listed_on") or today, "listed_on", errors, required=True
            )
            ends_on = checked_date(data.get("ends_on"), "ends_on", errors, required=False)
            if listed_on and listed_on > today:
                errors["listed_on"] = [_("列入日期不能晚于今天。")]
            if ends_on and listed_on and ends_on <= max(listed_on, today):
                errors["ends_on"] = [_("公示截止日期应晚于列入日期和今天。")]
            if errors:
                raise InvalidTransitionInput(field_errors=errors)
            arguments = {
                "decision_number": number,
                "listed_on": listed_on,
                "ends_on": ends_on,
                "decided_at": now,
            }
            return arguments, {
                "decision_number": number,
                "listed_on": listed_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            }
        if name == "refuse":
            return {"decided_at": now}, {}
        if name == "remove":
            return {"removed_on": today}, {"removed_on": today.isoformat()}
        if name == "expire":
            return {"removed_on": case.ends_on}, {"removed_on": case.ends_on.isoformat()}
        return {}, {}

    def after_transition(self, case, name, actor, arguments, record) -> list:
        if name == "refuse":
            return []
        # Listed, removed or expired: the enterprise's credit changes.
        notify_credit_facts_changed(usccs=[case.uscc])
        if name != "list":
            return []
        from . import tasks

        return [lambda: tasks.enforce_listing.delay(case.pk)]


BLACKLIST = register(Blacklist())


def blacklist_facts(*, usccs: list[str]) -> list[CreditFact]:
    """A listing is a fact from its start, ended when it was removed or expired."""
    rows = BlacklistEntry.objects.filter(uscc__in=usccs, state__in=DECIDED_LISTINGS).values_list(
        "uscc", "number", "decision_number", "violation", "listed_on", "removed_on"
    )
    return [
        CreditFact(
            uscc=uscc,
            kind="blacklisted",
            label=gettext_lazy("列入质量安全违法黑名单（%(violation)s）")
            % {"violation": Violation(violation).label},
            occurred_on=listed_on,
            source=BLACKLIST.code,
            reference=f"{number} {decision_number}",
            ended_on=removed_on,
        )
        for uscc, number, decision_number, violation, listed_on, removed_on in rows
    ]


def listed_refusal(uscc: str) -> str | None:
    entry = (
        BlacklistEntry.objects.filter(uscc=uscc, state=State.LISTED)
        .values_list("decision_number", flat=True)
        .first()
    )
    if entry is None:
        return None
    return _("该企业已列入质量安全违法黑名单（%(number)s），移出前不能提出申请。") % {
        "number": entry
    }


register_credit_source(blacklist_facts)
register_applicant_check(listed_refusal)
