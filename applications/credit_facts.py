"""What eco-origin tells the quality credit rule (casework.credit): the certificates of an
enterprise suspended (暂停保护, ended when reinstated or revoked) and revoked (撤销保护), read
from the cases' history by the enterprise's 统一社会信用代码; and its confirmed enterprises, with
the bureau of their jurisdiction."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.credit import (
    CreditFact,
    KnownEnterprise,
    register_credit_source,
    register_enterprise_directory,
)

from .models import CaseHistory, Enterprise

# The transitions that make or end a fact (applications.programme notifies after each).
MOVES = ("suspend", "reinstate", "revoke")


def certificate_facts(*, usccs: list[str]) -> list[CreditFact]:
    """One query: the suspend / reinstate / revoke rows of the enterprises' cases, in order."""
    rows = (
        CaseHistory.objects.filter(
            application__enterprise__uscc__in=usccs,
            application__enterprise__confirmed_at__isnull=False,
            transition__in=MOVES,
        )
        .order_by("application_id", "pk")
        .values_list(
            "application_id",
            "transition",
            "created_at",
            "application__enterprise__uscc",
            "application__certificate__number",
            "application__product_name",
        )
    )
    facts, suspended = [], {}
    for case_id, move, at, uscc, number, product in rows:
        day = timezone.localdate(at)
        reference = number or f"#{case_id}"
        if move in ("reinstate", "revoke") and case_id in suspended:
            facts.append(_suspension(*suspended.pop(case_id), ended_on=day))
        if move == "suspend":
            suspended[case_id] = (uscc, day, reference, product)
        elif move == "revoke":
            facts.append(
                CreditFact(
                    uscc=uscc,
                    kind="certificate_revoked",
                    label=_("生态原产地保护证书被撤销（%(product)s）") % {"product": product},
                    occurred_on=day,
                    source="ecoorigin",
                    reference=reference,
                )
            )
    facts.extend(_suspension(*still, ended_on=None) for still in suspended.values())
    return facts


def _suspension(uscc, day, reference, product, *, ended_on) -> CreditFact:
    return CreditFact(
        uscc=uscc,
        kind="certificate_suspended",
        label=_("生态原产地保护证书暂停保护（%(product)s）") % {"product": product},
        occurred_on=day,
        source="ecoorigin",
        reference=reference,
        ended_on=ended_on,
    )


def enterprise_directory(*, usccs: list[str] | None) -> list[KnownEnterprise]:
    enterprises = Enterprise.objects.filter(confirmed_at__isnull=False)
    if usccs is not None:
        enterprises = enterprises.filter(uscc__in=usccs)
    return [
        KnownEnterprise(uscc=uscc, name=name, bureau_id=bureau_id)
        for uscc, name, bureau_id in enterprises.values_list("uscc", "name", "bureau_id").iterator()
    ]


register_credit_source(certificate_facts)
register_enterprise_directory(enterprise_directory)
