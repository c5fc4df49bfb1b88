"""What eco-origin's supervision tells the quality credit rule (casework.credit): complaints about
an enterprise's protected product found true (已责令整改, 转入检查, 建议暂停或撤销保护; 经核查不属实
is no fact), by the enterprise's 统一社会信用代码; and 强制退出 (casework.forced_exit): a listed
enterprise's products go to HQ as proposals to revoke (services.proposal_forced_exit)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.credit import CreditFact, register_credit_source

from .models import Complaint

SUBSTANTIATED = (
    Complaint.Outcome.RESOLVED,
    Complaint.Outcome.INSPECTION,
    Complaint.Outcome.PROPOSAL,
)


def complaint_facts(*, usccs: list[str]) -> list[CreditFact]:
    rows = Complaint.objects.filter(
        status=Complaint.Status.CLOSED,
        outcome__in=SUBSTANTIATED,
        application__enterprise__uscc__in=usccs,
        application__enterprise__confirmed_at__isnull=False,
    ).values_list(
        "pk", "closed_at", "outcome", "application__enterprise__uscc", "application__product_name"
    )
    # The reference is the complaint's id, never its tracking code: that is the complainant's
    # key to the complaint's status, and the enterprise reads its own explanation.
    return [
        CreditFact(
            uscc=uscc,
            kind="complaint_substantiated",
            label=_("投诉举报经核查属实（%(product)s，%(outcome)s）")
            % {"product": product, "outcome": Complaint.Outcome(outcome).label},
            occurred_on=timezone.localdate(closed_at),
            source="ecoorigin",
            reference=_("投诉举报 #%(id)s") % {"id": pk},
        )
        for pk, closed_at, outcome, uscc, product in rows
    ]


register_credit_source(complaint_facts)
