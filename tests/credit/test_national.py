"""generate_national's quality credit and blacklist (bench/credit.py) at a tiny scale: a grade for
every confirmed enterprise whose explanation adds up, about 1 % with facts, blacklist entries in
every state at the floor with the history of their path, listed enterprises graded D, and the
numbering going on after the generated entries."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from applications.models import Enterprise
from bench import credit, generate
from casework.models import NumberSequence
from credit.models import BlacklistEntry, CreditGrade, CreditGradeChange
from credit.programme import BLACKLIST
from credit.workflow import State

AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command(
            "generate_national", scale=0.002, as_of=AS_OF, reset=True, force=True, verbosity=0
        )
        yield generate.existing()
        with transaction.atomic():
            generate._empty("default", generate._wiped_tables())


@pytest.mark.django_db
def test_every_confirmed_enterprise_has_a_grade_that_adds_up(national):
    confirmed = set(
        Enterprise.objects.filter(confirmed_at__isnull=False).values_list("uscc", flat=True)
    )
    grades = list(CreditGrade.objects.all())
    assert {g.uscc for g in grades} == confirmed
    for grade in grades:
        assert sum(line["points"] for line in grade.explanation) == grade.score
    assert CreditGradeChange.objects.count() == len(grades)
    assert sum(len(g.explanation) > 1 for g in grades) < len(grades) * 0.2


@pytest.mark.django_db
def test_blacklist_entries_stand_in_every_state_with_their_path(national):
    entries = list(BlacklistEntry.objects.all())
    assert len(entries) == credit.BASE["entries"][1]
    assert {e.state for e in entries} == set(State.values)
    moves = {}
    for move in BlacklistEntry._meta.get_field("state").get_all_transitions(BlacklistEntry):
        moves.setdefault(move.name, set()).add((move.source, move.target))
    for entry in entries:
        state = State.PROPOSED
        for step in entry.history.order_by("pk"):
            assert (step.from_state, step.to_state) in moves[BLACKLIST.method_name(step.transition)]
            assert step.from_state == state
            state = step.to_state
        assert state == entry.state
        if entry.state == State.LISTED:
            assert CreditGrade.objects.get(uscc=entry.uscc).grade == "D"


@pytest.mark.django_db
def test_numbers_go_on_after_the_generated_entries(national):
    for entry in BlacklistEntry.objects.all():
        year = int(entry.number.split("-")[1])
        last = NumberSequence.objects.get(key=f"credit:blacklist:{year}").last
        assert int(entry.number.split("-")[2]) <= last


def test_the_wipe_list_holds_the_credit_tables_but_keeps_the_rule():
    tables = generate._wiped_tables()
    for model in credit.MODELS:
        assert model._meta.db_table in tables
    assert "credit_creditrule" not in tables
