"""What the demonstration zones tell the quality credit rule (casework.credit): 示范企业 titles
withdrawn (撤销称号, or ended with the zone's), by the enterprise's 统一社会信用代码; and 强制退出
(casework.forced_exit): a listed enterprise's titles in force go to their assessor; and the
zones' enterprises, under the bureau of their zone.

This programme has no proposal object of its own, so the proposal is the engine's: a system
transition `propose_withdrawal` (称号 stays granted) writes a history row with the blacklist's
decision and reason, which the assessor reads on the enterprise's page before withdrawing the
title (`withdraw_title`) through the engine. A title proposed under a decision before is not
proposed again."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.credit import (
    CreditFact,
    KnownEnterprise,
    register_credit_source,
    register_enterprise_directory,
)
from casework.forced_exit import register_exit_proposer
from casework.services import case_transition

from .models import EnterpriseHistory, ZoneEnterprise
from .workflow import EnterpriseState

# The transitions that make a fact (programme.DemonstrationEnterprise notifies after each).
MOVES = ("withdraw_title", "end_title")


def title_facts(*, usccs: list[str]) -> list[CreditFact]:
    rows = EnterpriseHistory.objects.filter(
        transition__in=MOVES, enterprise__credit_code__in=usccs
    ).values_list(
        "created_at", "enterprise__credit_code", "enterprise__number", "enterprise__zone__name"
    )
    return [
        CreditFact(
            uscc=uscc,
            kind="title_withdrawn",
            label=gettext_lazy("示范企业称号被撤销（%(zone)s）") % {"zone": zone},
            occurred_on=timezone.localdate(at),
            source="demonstration_enterprise",
            reference=number or "",
        )
        for at, uscc, number, zone in rows
    ]


def enterprise_directory(*, usccs: list[str] | None) -> list[KnownEnterprise]:
    """The zones' enterprises (admitted or proposed), under the bureau of their zone."""
    enterprises = ZoneEnterprise.objects.exclude(state=EnterpriseState.DECLINED)
    if usccs is not None:
        enterprises = enterprises.filter(credit_code__in=usccs)
    rows = enterprises.order_by("pk").values_list("credit_code", "name", "zone__bureau_id")
    return [KnownEnterprise(uscc=u, name=n, bureau_id=b) for u, n, b in rows.iterator()]


def propose_title_withdrawal(*, uscc: str, reason: str, actor, reference: str) -> int:
    from .programme import DEMONSTRATION_ENTERPRISE

    proposed = EnterpriseHistory.objects.filter(
        transition="propose_withdrawal", data__reference=reference
    ).values("enterprise_id")
    titles = (
        ZoneEnterprise.objects.filter(credit_code=uscc, state=EnterpriseState.GRANTED)
        .exclude(pk__in=proposed)
        .order_by("pk")
    )
    made = 0
    for enterprise in titles:
        case_transition(
            programme=DEMONSTRATION_ENTERPRISE,
            case=enterprise,
            name="propose_withdrawal",
            actor=None,
            reason=_("%(reason)s（质量安全违法黑名单 %(reference)s，强制退出）")
            % {"reason": reason.strip(), "reference": reference},
            reference=reference,
            proposed_by=getattr(actor, "pk", None),
        )
        made += 1
    return made


register_credit_source(title_facts)
register_enterprise_directory(enterprise_directory)
register_exit_proposer(propose_title_withdrawal)
