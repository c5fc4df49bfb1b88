"""The kernel's registries through which programmes share what they know of an enterprise by its
统一社会信用代码 without importing one another (casework.credit, casework.eligibility,
casework.forced_exit; docs/adr/0030-quality-credit-and-blacklist.md)."""

import datetime

import pytest

from casework import credit, eligibility, forced_exit
from casework.credit import CreditFact

pytestmark = pytest.mark.django_db


def _fact(uscc, day, reference):
    return CreditFact(
        uscc=uscc,
        kind="recall",
        label="召回",
        occurred_on=day,
        source="test",
        reference=reference,
    )


@pytest.fixture
def registered():
    """Registers what a test adds and removes it afterwards."""
    added = []

    def add(registry, item):
        registry.append(item)
        added.append((registry, item))
        return item

    yield add
    for registry, item in added:
        registry.remove(item)


def test_credit_facts_gathers_every_source_for_the_codes_only(registered):
    a = _fact("A", datetime.date(2026, 2, 1), "2")
    b = _fact("A", datetime.date(2026, 1, 1), "1")
    c = _fact("B", datetime.date(2026, 1, 1), "3")
    calls = []

    def first(*, usccs):
        calls.append(usccs)
        return [f for f in (a, c) if f.uscc in usccs]

    def second(*, usccs):
        return [f for f in (b,) if f.uscc in usccs]

    registered(credit._SOURCES, first)
    registered(credit._SOURCES, second)
    credit.register_credit_source(first)  # registering again adds nothing
    assert [f for f in credit.credit_facts(usccs=["A"]) if f.source == "test"] == [b, a]
    assert calls == [["A"]]
    assert credit.credit_facts(usccs=[]) == []


def test_the_first_directory_names_an_enterprise_two_programmes_know(registered):
    registered(
        credit._DIRECTORIES,
        lambda *, usccs: [credit.KnownEnterprise(uscc="Z1", name="甲", bureau_id=None)],
    )
    registered(
        credit._DIRECTORIES,
        lambda *, usccs: [credit.KnownEnterprise(uscc="Z1", name="乙", bureau_id=1)],
    )
    assert credit.known_enterprises(usccs=["Z1"])["Z1"].name == "甲"


def test_the_changed_signal_goes_once_committed(django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, usccs, **kwargs):
        heard.append(usccs)

    credit.credit_facts_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            credit.notify_credit_facts_changed(usccs=["B", "A", "A", ""])
        assert heard == []
        for callback in callbacks:
            callback()
        assert heard == [["A", "B"]]
        with django_capture_on_commit_callbacks() as callbacks:
            credit.notify_credit_facts_changed(usccs=[""])
        assert callbacks == []
    finally:
        credit.credit_facts_changed.disconnect(listener)


def test_the_first_refusal_answers(registered):
    registered(eligibility._CHECKS, lambda uscc: None)
    registered(eligibility._CHECKS, lambda uscc: "已列入" if uscc == "BAD" else None)
    registered(eligibility._CHECKS, lambda uscc: "第三个" if uscc == "BAD" else None)
    assert eligibility.applicant_refusal(uscc=" bad ") == "已列入"
    assert eligibility.applicant_refusal(uscc="GOOD") is None


def test_forced_exit_sums_every_programmes_proposals(registered):
    seen = []

    def one(*, uscc, reason, actor, reference):
        seen.append((uscc, reference))
        return 2

    registered(forced_exit._PROPOSERS, one)
    registered(forced_exit._PROPOSERS, lambda **kwargs: 0)
    before = len(seen)
    made = forced_exit.propose_forced_exit(uscc="X", reason="r", actor=None, reference="HMD-1")
    # the programmes' own proposers find nothing of an unknown enterprise
    assert made == 2 and seen[before:] == [("X", "HMD-1")]
