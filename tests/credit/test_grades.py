"""The credit grade (seed 004 §二.11): the explanation adds up to the score, the rule's decay,
a history row on each change and none when nothing changes, a bounded number of queries for a
thousand enterprises, and a new rule version recomputing everyone."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import credit as kernel
from casework.credit import CreditFact
from credit import scoring, selectors, services
from credit.models import CreditGrade, CreditGradeChange
from tests import factories
from tests.credit.test_permissions import RULE_BODY

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def fact(kind, days_ago=10, ended=False, uscc="X"):
    day = TODAY - datetime.timedelta(days=days_ago)
    return CreditFact(
        uscc=uscc,
        kind=kind,
        label=kind,
        occurred_on=day,
        source="test",
        reference=f"R-{kind}-{days_ago}",
        ended_on=TODAY if ended else None,
    )


def test_the_explanation_adds_up_to_the_score_with_the_decay():
    rule = selectors.rule_in_force()
    facts = [
        fact("certificate_revoked"),  # 40
        fact("certificate_suspended", ended=True),  # 15 × 50 % = 7
        fact("complaint_substantiated", days_ago=4 * 365),  # 5, older than 3 years: 2
        fact("recall", days_ago=6 * 365),  # older than 5 years: 0
    ]
    result = scoring.score(rule, facts, TODAY)
    points = {line.get("kind"): line["points"] for line in result.lines}
    assert points == {
        None: 100,
        "certificate_revoked": -40,
        "certificate_suspended": -7,
        "complaint_substantiated": -2,
        "recall": 0,
    }
    assert sum(line["points"] for line in result.lines) == result.score == 100 - 40 - 7 - 2
    assert result.grade == "D"  # 51 < 60


def test_deductions_past_100_floor_at_zero_and_still_add_up():
    rule = selectors.rule_in_force()
    facts = [fact("certificate_revoked", days_ago=d) for d in (1, 2, 3)]
    result = scoring.score(rule, facts, TODAY)
    assert result.score == 0
    assert sum(line["points"] for line in result.lines) == 0


@pytest.mark.parametrize(
    "score, grade", [(100, "A"), (90, "A"), (89, "B"), (75, "B"), (74, "C"), (60, "C"), (59, "D")]
)
def test_grade_thresholds_of_version_1(score, grade):
    assert selectors.rule_in_force().grade_of(score) == grade


@pytest.fixture
def fake_source():
    """A programme's source of facts the test controls."""
    facts: list[CreditFact] = []

    def source(*, usccs):
        return [f for f in facts if f.uscc in usccs]

    kernel.register_credit_source(source)
    yield facts
    kernel._SOURCES.remove(source)


def test_a_change_of_grade_or_score_is_recorded_and_nothing_else(enterprise, fake_source):
    services.credit_recompute(usccs=[enterprise.uscc])
    grade = CreditGrade.objects.get(uscc=enterprise.uscc)
    assert (grade.grade, grade.score, grade.name, grade.bureau.code) == (
        "A",
        100,
        enterprise.name,
        "beijing",
    )
    assert list(grade.changes.values_list("from_grade", "to_grade")) == [("", "A")]
    # the same facts again: nothing written
    assert services.credit_recompute(usccs=[enterprise.uscc]) == 0
    assert grade.changes.count() == 1
    fake_source.append(
        CreditFact(
            uscc=enterprise.uscc,
            kind="warning_ii",
            label="二级风险预警",
            occurred_on=timezone.localdate(),
            source="risk_warning",
            reference="YJ-2026-001",
        )
    )
    services.credit_recompute(usccs=[enterprise.uscc])
    grade.refresh_from_db()
    assert (grade.grade, grade.score) == ("B", 80)
    change = grade.changes.order_by("-pk").first()
    assert (change.from_grade, change.to_grade, change.from_score, change.to_score) == (
        "A",
        "B",
        100,
        80,
    )
    assert change.explanation[-1]["reference"] == "YJ-2026-001"


def test_the_facts_changed_signal_recomputes_once_committed(
    enterprise, fake_source, django_capture_on_commit_callbacks
):
    services.credit_recompute(usccs=[enterprise.uscc])
    fake_source.append(
        CreditFact(
            uscc=enterprise.uscc,
            kind="recall",
            label="召回",
            occurred_on=timezone.localdate(),
            source="risk_recall",
            reference="ZH-1",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        kernel.notify_credit_facts_changed(usccs=[enterprise.uscc])
    assert CreditGrade.objects.get(uscc=enterprise.uscc).score == 80


def _reads(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("SELECT"))


def test_recomputing_a_thousand_enterprises_takes_a_bounded_number_of_queries(db):
    """One read per fact source and directory whatever the number of codes; the writes are
    bulk (SQLite splits a bulk insert by its limit on parameters)."""
    from applications.models import Enterprise

    enterprises = Enterprise.objects.bulk_create(
        factories.EnterpriseFactory.build(
            uscc=factories.valid_uscc(50_000 + n),
            bureau=factories.bureau("beijing"),
            confirmed_at=timezone.now(),
        )
        for n in range(1010)
    )
    codes = [e.uscc for e in enterprises]
    with CaptureQueriesContext(connection) as few:
        assert services.credit_recompute(usccs=codes[:10]) == 10
    with CaptureQueriesContext(connection) as many:
        assert services.credit_recompute(usccs=codes[10:]) == 1000
    assert _reads(many) == _reads(few) <= 15
    assert len(many) <= 40
    with CaptureQueriesContext(connection) as again:
        assert services.credit_recompute(usccs=codes[10:]) == 0
    # Nothing written (PostgreSQL adds its savepoints; SQLite two statements of its own).
    written = [
        q["sql"]
        for q in again.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert written == []
    assert CreditGradeChange.objects.count() == 1010


def test_a_new_rule_version_recomputes_every_grade_with_the_reason(
    actors, enterprise, django_capture_on_commit_callbacks
):
    certificate_facts = [
        CreditFact(
            uscc=enterprise.uscc,
            kind="certificate_revoked",
            label="撤销",
            occurred_on=timezone.localdate(),
            source="ecoorigin",
            reference="C-1",
        )
    ]

    def source(*, usccs):
        return [f for f in certificate_facts if f.uscc in usccs]

    kernel.register_credit_source(source)
    try:
        services.credit_recompute(usccs=[enterprise.uscc])
        assert CreditGrade.objects.get(uscc=enterprise.uscc).score == 60
        with django_capture_on_commit_callbacks(execute=True):
            rule = services.credit_rule_publish(
                actor=actors["hq"], note="撤销证书加重扣分", **RULE_BODY
            )
    finally:
        kernel._SOURCES.remove(source)
    grade = CreditGrade.objects.get(uscc=enterprise.uscc)
    assert (grade.rule, grade.score, grade.grade) == (rule, 50, "D")
    assert "第 2 版" in grade.changes.order_by("-pk").first().reason


def test_a_bad_rule_is_400_naming_the_field(actors):
    from ecoorigin.exceptions import InvalidInput

    for change, field in [
        ({"weights": {"recall": 5}}, "weights"),
        ({"grade_b_min": 95}, "grade_b_min"),
        ({"ignore_after_years": 2}, "ignore_after_years"),
        ({"ended_percent": 101}, "ended_percent"),
    ]:
        with pytest.raises(InvalidInput) as error:
            services.credit_rule_publish(actor=actors["hq"], **{**RULE_BODY, **change})
        assert field in error.value.field_errors
