"""What 风险监测 tells the quality credit rule (casework.credit, seed 004 §二.11): each failed
sample of an enterprise named by its 统一社会信用代码, by the newest record of the sample (a
corrected result counts as corrected)."""

from django.utils.translation import gettext_lazy

from casework.credit import CreditFact, notify_credit_facts_changed, register_credit_source

from .models import SampleResult
from .workflow import Verdict


def sample_facts(*, usccs: list[str]) -> list[CreditFact]:
    rows = (
        SampleResult.objects.filter(
            credit_code__in=usccs, verdict=Verdict.FAIL, superseded_by__isnull=True
        )
        .values_list("credit_code", "sampled_on", "sample_code", "item__product", "plan__title")
        .order_by("pk")
    )
    return [
        CreditFact(
            uscc=uscc,
            kind="sample_failed",
            label=gettext_lazy("风险监测抽样不合格：%(product)s（%(plan)s）")
            % {"product": product, "plan": plan},
            occurred_on=sampled_on,
            source="monitoring_plan",
            reference=sample_code,
        )
        for uscc, sampled_on, sample_code, product, plan in rows
    ]


def result_changed(result: SampleResult) -> None:
    """A result recorded or corrected: the enterprises it names, and the one it replaced."""
    codes = [result.credit_code]
    if result.supersedes_id:
        codes.append(SampleResult.objects.get(pk=result.supersedes_id).credit_code)
    notify_credit_facts_changed(usccs=codes)


register_credit_source(sample_facts)
