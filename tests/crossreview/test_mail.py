"""The assignment's e-mail (ADR 0033): each reviewer the draw gave case files to is written to
once, with those files' numbers and titles and the links to them; nobody else, and nothing twice
however often the task runs."""

import re

import pytest
from django.core import mail

from crossreview import services, tasks
from crossreview.models import ReviewedCase

from .conftest import PLACES, review_all


def give_addresses(actors) -> None:
    for name, user in actors.items():
        if user is not None:
            user.email = f"{name}@example.cn"
            user.save(update_fields=["email"])


@pytest.fixture
def two_reviewers(actors, entered):
    """Only 北京局's and 天津局's clerks are left to review (the others made inactive after the
    files were entered): one of them is drawn for two of the three files."""
    give_addresses(actors)
    for code in PLACES:
        for kind in ("bureau", "inspector", "authority"):
            if f"{code}_{kind}" not in ("beijing_bureau", "tianjin_bureau"):
                actors[f"{code}_{kind}"].is_active = False
                actors[f"{code}_{kind}"].save(update_fields=["is_active"])
    return actors


def case_numbers(body: str) -> set[str]:
    return set(re.findall(r"(?:beijing|tianjin|hebei)-001", body))


def test_each_reviewer_is_mailed_their_case_files_once(
    actors, agreed_round, two_reviewers, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_assign(round_=agreed_round, actor=actors["hq"])
    cases = list(ReviewedCase.objects.filter(round=agreed_round).select_related("reviewer"))
    expected = {}
    for case in cases:
        expected.setdefault(case.reviewer.email, set()).add(case.number)
    assert set(expected) == {"beijing_bureau@example.cn", "tianjin_bureau@example.cn"}
    # One message per reviewer, to that reviewer alone, naming their files and no other.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert case_numbers(message.body) == expected[message.to[0]]
        assert str(agreed_round.year) in message.subject
        for case in cases:
            link = f"/cooperation/reviews/cases/{case.pk}/"
            assert (link in message.body) == (case.reviewer.email == message.to[0])
        assert f"/cooperation/reviews/{agreed_round.pk}/" in message.body
    assert all(case.assignment_emailed_at is not None for case in cases)
    # A retried task sends nothing again.
    assert tasks.mail_reviewer_assignments(agreed_round.pk) == 0
    assert tasks.mail_reviewer_assignments.delay(agreed_round.pk).get() == 0
    assert len(mail.outbox) == len(expected)


def test_only_the_assigned_reviewers_are_mailed(
    actors, agreed_round, entered, django_capture_on_commit_callbacks
):
    give_addresses(actors)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_assign(round_=agreed_round, actor=actors["hq"])
    reviewers = {
        case.reviewer.email
        for case in ReviewedCase.objects.filter(round=agreed_round).select_related("reviewer")
    }
    assert len(reviewers) == 3  # nine staff to draw from, three files: a reviewer each
    assert {m.to[0] for m in mail.outbox} == reviewers
    assert len(mail.outbox) == 3
    # HQ, the members without a place, outsiders and the staff not drawn hear nothing.
    for name in ("hq", "renjianwei", "biaozhunwei", "jiangsu_bureau", "enterprise", "agency"):
        assert f"{name}@example.cn" not in reviewers


def test_a_reviewer_without_an_address_or_inactive_gets_nothing(actors, assigned_round):
    """The assignment's mail had not gone out yet (its task runs on commit): one reviewer has no
    address, another has left meanwhile; only the third is written to, and only their file is
    marked."""
    cases = list(
        ReviewedCase.objects.filter(round=assigned_round).select_related("reviewer").order_by("pk")
    )
    assert len({case.reviewer_id for case in cases}) == 3
    for i, case in enumerate(cases):
        case.reviewer.email = "" if i == 0 else f"reviewer{i}@example.cn"
        case.reviewer.is_active = i != 1
        case.reviewer.save(update_fields=["email", "is_active"])
    mail.outbox.clear()
    assert tasks.mail_reviewer_assignments(assigned_round.pk) == 1
    assert [m.to for m in mail.outbox] == [["reviewer2@example.cn"]]
    marked = [
        case.pk
        for case in ReviewedCase.objects.filter(
            round=assigned_round, assignment_emailed_at__isnull=False
        )
    ]
    assert marked == [cases[2].pk]


def test_a_closed_round_is_not_mailed(actors, assigned_round):
    review_all(assigned_round)
    services.round_close(round_=assigned_round, actor=actors["hq"])
    give_addresses(actors)
    for case in ReviewedCase.objects.filter(round=assigned_round).select_related("reviewer"):
        case.reviewer.email = f"r{case.pk}@example.cn"
        case.reviewer.save(update_fields=["email"])
    mail.outbox.clear()
    assert tasks.mail_reviewer_assignments(assigned_round.pk) == 0
    assert mail.outbox == []
