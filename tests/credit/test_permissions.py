"""Who may create, read and change what (written first): one test per allowed and per refused
actor, for each read and write of the credit grades, the rule and the blacklist."""

import pytest
from django.contrib.auth.models import AnonymousUser

from casework.exceptions import TransitionForbidden
from credit import selectors, services
from credit.models import CreditGrade
from credit.workflow import State
from ecoorigin.exceptions import NotPermitted
from tests import factories

ACTORS = [
    "hq",
    "bureau",
    "other_bureau",
    "inspector",
    "enterprise",
    "other_enterprise",
    "agency",
    "organisation",
    "anonymous",
]


# Anonymous never reaches a write: pages and API ask for a login first (test_api.py).
SIGNED_IN = ACTORS[:-1]


def _user(actors, name):
    return actors[name] or AnonymousUser()


@pytest.fixture
def graded(enterprise):
    services.credit_recompute(usccs=[enterprise.uscc])
    return CreditGrade.objects.get(uscc=enterprise.uscc)


# --- reading a credit grade ------------------------------------------------------------------

GRADE_READERS = {"hq", "bureau", "enterprise"}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_an_enterprises_grade(actors, graded, actor):
    visible = selectors.grades_visible_to(user=_user(actors, actor)).filter(pk=graded.pk).exists()
    assert visible is (actor in GRADE_READERS)


def test_a_bureau_reads_the_grade_of_an_enterprise_it_proposed_for_the_blacklist(
    actors, propose, other_enterprise
):
    """Not of its jurisdiction (here an unknown enterprise) but named in its own record."""
    entry = propose(uscc=factories.valid_uscc(777), enterprise_name="外地某公司")
    services.credit_recompute(usccs=[entry.uscc])
    assert selectors.grades_visible_to(user=actors["bureau"]).filter(uscc=entry.uscc).exists()
    assert (
        not selectors.grades_visible_to(user=actors["other_bureau"])
        .filter(uscc=entry.uscc)
        .exists()
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_own_grade_is_the_enterprises_own_only(actors, graded, actor):
    own = selectors.own_grade(user=_user(actors, actor))
    if actor == "enterprise":
        assert own == graded
    elif actor == "other_enterprise":
        assert own is None or own.uscc != graded.uscc
    else:
        assert own is None


# --- publishing a rule -----------------------------------------------------------------------

RULE_BODY = {
    "weights": {
        "warning_i": 30, "warning_ii": 20, "warning_iii": 10, "warning_iv": 5, "measure": 15,
        "recall": 20, "complaint_substantiated": 5, "certificate_revoked": 50,
        "certificate_suspended": 15, "title_withdrawn": 30, "sample_failed": 10,
        "blacklisted": 100,
    },
    "ended_percent": 50, "half_after_years": 3, "ignore_after_years": 5,
    "grade_a_min": 90, "grade_b_min": 75, "grade_c_min": 60,
}  # fmt: skip


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_only_hq_publishes_a_rule(actors, actor):
    user = actors[actor]
    if actor == "hq":
        assert services.credit_rule_publish(actor=user, **RULE_BODY).version == 2
    else:
        with pytest.raises(NotPermitted):
            services.credit_rule_publish(actor=user, **RULE_BODY)


# --- proposing a listing ---------------------------------------------------------------------


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_proposes_a_listing(actors, enterprise, actor):
    user = actors[actor]
    body = {"uscc": enterprise.uscc, "violation": "fraud", "reason": "伪造检验报告。"}
    if actor == "bureau":
        assert services.blacklist_propose(actor=user, **body).state == State.PROPOSED
    else:
        # another bureau: not its jurisdiction; everyone else: not a bureau.
        with pytest.raises(NotPermitted):
            services.blacklist_propose(actor=user, **body)


# --- reading an entry ------------------------------------------------------------------------

PROPOSAL_READERS = {"hq", "bureau"}
LISTED_READERS = {"hq", "bureau", "other_bureau", "enterprise"}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_proposal(actors, propose, actor):
    entry = propose()
    visible = selectors.entries_visible_to(user=_user(actors, actor)).filter(pk=entry.pk).exists()
    assert visible is (actor in PROPOSAL_READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_refused_proposal(actors, propose, actor):
    entry = services.blacklist_transition(
        entry=propose(), name="refuse", actor=actors["hq"], reason="证据不足。"
    )
    visible = selectors.entries_visible_to(user=_user(actors, actor)).filter(pk=entry.pk).exists()
    assert visible is (actor in PROPOSAL_READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_listed_entry(actors, listed, actor):
    visible = selectors.entries_visible_to(user=_user(actors, actor)).filter(pk=listed.pk).exists()
    assert visible is (actor in LISTED_READERS)
    # and the public list shows it to anyone
    assert selectors.public_entries().filter(pk=listed.pk).exists()


# --- HQ's decisions --------------------------------------------------------------------------


@pytest.mark.parametrize("actor", SIGNED_IN)
@pytest.mark.parametrize("name", ["list", "refuse"])
def test_only_hq_decides_a_proposal(actors, propose, actor, name):
    entry = propose()
    body = {"decision_number": "总局〔2026〕2号"} if name == "list" else {"reason": "证据不足。"}
    user = actors[actor]
    if actor == "hq":
        entry = services.blacklist_transition(entry=entry, name=name, actor=user, **body)
        assert entry.state == (State.LISTED if name == "list" else State.REFUSED)
    else:
        with pytest.raises(TransitionForbidden):
            services.blacklist_transition(entry=entry, name=name, actor=user, **body)


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_only_hq_removes_a_listing(actors, listed, actor):
    user = actors[actor]
    if actor == "hq":
        entry = services.blacklist_transition(
            entry=listed, name="remove", actor=user, reason="已完成整改，信用修复。"
        )
        assert entry.state == State.REMOVED
    else:
        with pytest.raises(TransitionForbidden):
            services.blacklist_transition(entry=listed, name="remove", actor=user, reason="x")


def test_nobody_but_the_system_expires_a_listing(actors, listed):
    with pytest.raises(TransitionForbidden):
        services.blacklist_transition(entry=listed, name="expire", actor=actors["hq"])
