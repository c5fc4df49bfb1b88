"""The blacklist's life on the engine (seed 004 §二.12): each allowed and refused edge, the one open
entry per enterprise, and what a listing does once committed: the grade D, no new application
in any programme, 强制退出 proposed once."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application, ProductCategory
from applications.services import case_create
from casework.exceptions import InvalidTransitionInput, TransitionNotAllowed
from credit import services
from credit.models import BlacklistEntry, BlacklistHistory, CreditGrade
from credit.workflow import State
from demonstration.models import EnterpriseHistory
from demonstration.services import enterprise_propose
from ecoorigin.exceptions import Conflict, InvalidInput
from supervision.models import Proposal
from tests.applications.factories import certified_case

pytestmark = pytest.mark.django_db


def fire(entry, name, actor, **body):
    return services.blacklist_transition(entry=entry, name=name, actor=actor, **body)


# --- edges -----------------------------------------------------------------------------------


def test_hq_lists_a_proposal_with_its_decision(actors, propose):
    entry = fire(propose(), "list", actors["hq"], decision_number="总局〔2026〕3号")
    assert entry.state == State.LISTED
    assert (entry.decision_number, entry.listed_on, entry.decided_by) == (
        "总局〔2026〕3号",
        timezone.localdate(),
        actors["hq"],
    )
    row = BlacklistHistory.objects.get(entry=entry)
    assert (row.transition, row.from_state, row.to_state) == ("list", "proposed", "listed")
    assert row.data["decision_number"] == "总局〔2026〕3号"


def test_a_listing_needs_its_decision_number_and_sane_dates(actors, propose):
    entry = propose()
    today = timezone.localdate()
    for body, field in [
        ({}, "decision_number"),
        ({"decision_number": "x", "listed_on": today + datetime.timedelta(days=1)}, "listed_on"),
        ({"decision_number": "x", "ends_on": today}, "ends_on"),
        ({"decision_number": "x", "listed_on": "not a date"}, "listed_on"),
    ]:
        with pytest.raises(InvalidTransitionInput) as error:
            fire(entry, "list", actors["hq"], **body)
        assert field in error.value.field_errors
    entry.refresh_from_db()
    assert entry.state == State.PROPOSED and not entry.history.exists()


def test_hq_refuses_with_a_reason_only(actors, propose):
    entry = propose()
    with pytest.raises(InvalidTransitionInput):
        fire(entry, "refuse", actors["hq"])
    entry = fire(entry, "refuse", actors["hq"], reason="证据不足，退回直属局补充调查。")
    assert entry.state == State.REFUSED


@pytest.mark.parametrize(
    "state, name",
    [
        ("listed", "list"),
        ("listed", "refuse"),
        ("proposed", "remove"),
        ("refused", "list"),
        ("refused", "remove"),
        ("removed", "remove"),
        ("removed", "list"),
    ],
)
def test_a_transition_from_the_wrong_state_is_409(actors, propose, state, name):
    entry = propose()
    if state == "listed":
        entry = fire(entry, "list", actors["hq"], decision_number="总局〔2026〕4号")
    elif state == "refused":
        entry = fire(entry, "refuse", actors["hq"], reason="证据不足。")
    elif state == "removed":
        entry = fire(entry, "list", actors["hq"], decision_number="总局〔2026〕4号")
        entry = fire(entry, "remove", actors["hq"], reason="信用修复。")
    with pytest.raises(TransitionNotAllowed):
        fire(entry, name, actors["hq"], reason="r", decision_number="总局〔2026〕5号")


def test_hq_removes_a_listing_with_a_reason(actors, listed):
    with pytest.raises(InvalidTransitionInput):
        fire(listed, "remove", actors["hq"])
    entry = fire(listed, "remove", actors["hq"], reason="企业完成整改，信用修复。")
    assert (entry.state, entry.removed_on) == (State.REMOVED, timezone.localdate())


def test_a_listing_expires_after_its_end_date_by_the_daily_sweep(actors, propose):
    end = timezone.localdate() + datetime.timedelta(days=30)
    entry = fire(propose(), "list", actors["hq"], decision_number="总局〔2026〕6号", ends_on=end)
    assert services.blacklist_expire_due() == 0
    BlacklistEntry.objects.filter(pk=entry.pk).update(
        listed_on=end - datetime.timedelta(days=400),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert services.blacklist_expire_due() == 1
    entry.refresh_from_db()
    assert entry.state == State.EXPIRED
    row = entry.history.last()
    assert (row.transition, row.actor) == ("expire", None)


def test_one_open_entry_per_enterprise(actors, propose, listed):
    with pytest.raises(Conflict):
        propose()


def test_an_unknown_enterprise_needs_its_name_and_a_bad_code_is_400(actors, propose):
    with pytest.raises(InvalidInput) as error:
        propose(uscc="91110000XXXXXXXX1")
    assert "uscc" in error.value.field_errors
    from tests import factories

    with pytest.raises(InvalidInput) as error:
        propose(uscc=factories.valid_uscc(4242))
    assert "enterprise_name" in error.value.field_errors


# --- what a listing does ----------------------------------------------------------------------


def test_a_listing_makes_the_grade_d_and_removal_restores_most_of_it(
    actors, enterprise, propose, django_capture_on_commit_callbacks
):
    services.credit_recompute(usccs=[enterprise.uscc])
    assert CreditGrade.objects.get(uscc=enterprise.uscc).grade == "A"
    with django_capture_on_commit_callbacks(execute=True):
        entry = fire(propose(), "list", actors["hq"], decision_number="总局〔2026〕7号")
    grade = CreditGrade.objects.get(uscc=enterprise.uscc)
    assert (grade.grade, grade.score) == ("D", 0)
    assert grade.changes.first().to_grade == "D"
    with django_capture_on_commit_callbacks(execute=True):
        fire(entry, "remove", actors["hq"], reason="信用修复。")
    grade.refresh_from_db()
    # the ended listing still weighs half (rule version 1), no longer forces D
    assert (grade.grade, grade.score) == ("D", 50)


def test_a_listed_enterprise_cannot_start_an_eco_origin_application(actors, listed):
    category = ProductCategory.objects.first()
    with pytest.raises(InvalidTransitionInput) as error:
        case_create(
            actor=actors["enterprise"],
            product_name="某产品",
            category=category,
            origin_place="北京",
        )
    assert "enterprise" in error.value.field_errors
    assert not Application.objects.exists()
    # another enterprise still may
    case_create(
        actor=actors["other_enterprise"],
        product_name="某产品",
        category=category,
        origin_place="北京",
    )


def test_a_listed_enterprise_cannot_be_proposed_into_a_demonstration_zone(
    listed, enterprise, make_designated_zone
):
    zone, government = make_designated_zone
    with pytest.raises(InvalidTransitionInput) as error:
        enterprise_propose(
            zone=zone,
            actor=government,
            name=enterprise.name,
            credit_code=enterprise.uscc,
            products="茶叶",
        )
    assert "黑名单" in error.value.field_errors["credit_code"][0]


def test_forced_exit_proposes_each_certificate_and_title_once(
    actors, enterprise, propose, granted_title, django_capture_on_commit_callbacks
):
    case = certified_case(hq=actors["hq"], enterprise=enterprise, product_name="北京生态蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        entry = fire(propose(), "list", actors["hq"], decision_number="总局〔2026〕8号")
    proposal = Proposal.objects.get(application=case)
    assert (proposal.kind, proposal.status, proposal.proposed_by) == (
        "revoke",
        "open",
        actors["hq"],
    )
    assert entry.number in proposal.reason
    row = EnterpriseHistory.objects.get(enterprise=granted_title, transition="propose_withdrawal")
    assert (row.actor, row.data["reference"]) == (None, entry.number)
    entry.refresh_from_db()
    assert entry.exit_proposals == 2
    # again: nothing more, whoever asks
    assert services.blacklist_enforce(entry_id=entry.pk) == 0
    from casework.forced_exit import propose_forced_exit

    assert (
        propose_forced_exit(
            uscc=enterprise.uscc, reason="x", actor=actors["hq"], reference=entry.number
        )
        == 0
    )
    assert Proposal.objects.filter(application=case).count() == 1
    assert EnterpriseHistory.objects.filter(transition="propose_withdrawal").count() == 1


def test_forced_exit_is_proposed_once_whatever_language_the_caller_reads(
    actors, enterprise, propose, django_capture_on_commit_callbacks
):
    """A decided proposal of a listing is not proposed again when the same listing is enforced
    by someone reading the portal in English (the marker is in the portal's language)."""
    from django.utils import translation

    from casework.forced_exit import propose_forced_exit

    case = certified_case(hq=actors["hq"], enterprise=enterprise, product_name="北京生态蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        entry = fire(propose(), "list", actors["hq"], decision_number="总局〔2026〕9号")
    Proposal.objects.filter(application=case).update(status="rejected")
    with translation.override("en"):
        again = propose_forced_exit(
            uscc=enterprise.uscc, reason="again", actor=actors["hq"], reference=entry.number
        )
    assert again == 0 and Proposal.objects.filter(application=case).count() == 1
