"""Races on a pilot zone: two of 通关司's staff approve the same zone at once (one wins, the other
gets a conflict, one approval number is spent and one history row written); two staff of one
member department record its opinion at once (one opinion stands); two HQ officers accept the
same practice into the library at once (one library number). Needs PostgreSQL (row locks);
skipped on SQLite.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoorigin \
     .venv/bin/python -m pytest -p no:cacheprovider tests/pilotzones/test_concurrency.py -n 0"""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone

from casework.models import NumberSequence
from ecoorigin.exceptions import Conflict, DomainError
from pilotzones import services
from pilotzones.models import (
    AcceptanceOpinion,
    PilotZone,
    PracticeHistory,
    ReplicablePractice,
    ZoneHistory,
)
from tests import factories

from .conftest import department_staff
from .test_matrix import answer_all, status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")


def race(actors, act) -> list:
    """Run act(actor) for every actor at once (each in its own thread and connection); each
    answer is "ok" or the HTTP status its refusal would give."""
    start = Barrier(len(actors))

    def one(actor):
        start.wait()
        try:
            act(actor)
            return "ok"
        except DomainError as error:
            return status(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(actors)) as pool:
        return list(pool.map(one, actors))


def test_two_leads_approving_at_once_give_one_approval(make_zone, lead, members):
    zone = make_zone("acceptance")
    answer_all(zone, members)
    officers = [lead, department_staff("tongguan", "dept-tongguan-2")]

    answers = race(
        officers,
        lambda officer: services.zone_transition(
            zone=zone, name="approve", actor=officer, responses={}
        ),
    )

    assert sorted(answers, key=str) == [409, "ok"]
    zone.refresh_from_db()
    year = timezone.localdate().year
    assert (zone.state, zone.number) == ("approved", f"GJSYQ-{year}-001")
    assert NumberSequence.objects.get(key=f"pilotzones:zone:{year}").last == 1
    assert ZoneHistory.objects.filter(zone=zone, transition="approve").count() == 1
    assert PilotZone.objects.exclude(number=None).count() == 1
    assert zone.notices.filter(kind="approval").count() == 1


def test_the_decision_and_a_refusal_at_once_leave_one_decision(make_zone, lead, members):
    zone = make_zone("acceptance")
    answer_all(zone, members)
    officers = [lead, department_staff("tongguan", "dept-tongguan-2")]
    names = {officers[0].pk: "approve", officers[1].pk: "not_approve"}

    answers = race(
        officers,
        lambda officer: services.zone_transition(
            zone=zone, name=names[officer.pk], actor=officer, reason="条件不具备。"
        ),
    )

    assert sorted(answers, key=str) == [409, "ok"]
    zone.refresh_from_db()
    assert zone.state in ("approved", "not_approved")
    assert ZoneHistory.objects.filter(zone=zone, to_state=zone.state).count() == 1
    assert ZoneHistory.objects.filter(zone=zone).count() == 4  # submit … and one decision
    assert (zone.number is None) == (zone.state == "not_approved")


def test_two_staff_of_one_department_record_one_opinion(make_zone, members):
    zone = make_zone("acceptance")
    colleague = factories.organisation_staff(
        members["weisheng"].organisation, username="dept-weisheng-2"
    )
    staff = [members["weisheng"], colleague]
    opinions = {members["weisheng"].pk: "同意。", colleague.pk: "卫生检疫设施不足。"}

    answers = race(
        staff,
        lambda person: services.acceptance_opinion_record(
            zone=zone,
            actor=person,
            verdict="agree" if person == members["weisheng"] else "object",
            opinion=opinions[person.pk],
        ),
    )

    assert sorted(answers, key=str) == [409, "ok"]
    row = AcceptanceOpinion.objects.get(zone=zone, department__code="weisheng")
    winner = staff[answers.index("ok")]
    assert (row.recorded_by_id, row.opinion) == (winner.pk, opinions[winner.pk])
    assert AcceptanceOpinion.objects.filter(zone=zone).exclude(verdict="").count() == 1


def test_two_officers_accepting_a_practice_at_once_give_one_library_number(make_practice, hq, lead):
    practice = make_practice("submitted")

    answers = race(
        [hq, lead],
        lambda officer: services.practice_transition(
            practice=practice, name="accept", actor=officer
        ),
    )

    assert sorted(answers, key=str) == [409, "ok"]
    practice = ReplicablePractice.objects.get(pk=practice.pk)
    year = timezone.localdate().year
    assert (practice.state, practice.number) == ("accepted", f"GJSYQ-JY-{year}-001")
    assert NumberSequence.objects.get(key=f"pilotzones:practice:{year}").last == 1
    assert PracticeHistory.objects.filter(practice=practice, transition="accept").count() == 1


def test_an_opinion_racing_the_last_answer_and_the_decision(make_zone, lead, members):
    """The last member answers while the lead tries to decide: the decision waits for the
    zone's lock and is refused (409, not every member had answered) or comes after the answer;
    it never counts an opinion that is not there."""
    zone = make_zone("acceptance")
    for code, member in members.items():
        if code != "shipin":
            services.acceptance_opinion_record(
                zone=zone, actor=member, verdict="agree", opinion="同意。"
            )
    actors = [members["shipin"], lead]

    def act(actor):
        if actor == lead:
            services.zone_transition(zone=zone, name="approve", actor=lead, responses={})
        else:
            services.acceptance_opinion_record(
                zone=zone, actor=actor, verdict="agree", opinion="同意。"
            )

    opinion, decision = race(actors, act)

    zone.refresh_from_db()
    assert opinion == "ok" and decision in ("ok", 409)
    assert zone.state == ("approved" if decision == "ok" else "acceptance")
    assert ZoneHistory.objects.filter(zone=zone, transition="approve").count() == (decision == "ok")
    assert not AcceptanceOpinion.objects.filter(zone=zone, verdict="").exists()
    with pytest.raises(Conflict):
        services.acceptance_opinion_record(
            zone=zone, actor=members["shipin"], verdict="object", opinion="补充。"
        )
