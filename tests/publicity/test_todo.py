"""公示异议 in the to-do lists (casework.todo, publicity/todo.py): an open objection waits on
the case's bureau for its view, then on HQ for the decision; nobody else is shown it."""

import pytest

from casework import todo
from publicity import services

from .conftest import object_to, publish

pytestmark = pytest.mark.django_db

VIEW, DECISION = "publicity.objection_view", "publicity.objection_decision"


def counts(user) -> dict:
    return todo.counts_for(user, fresh=True)


def test_an_open_objection_waits_on_the_bureau_then_on_hq(world):
    objection = object_to(publish(world))
    assert counts(world.bureau)[VIEW] == 1
    assert counts(world.hq)[DECISION] == 0
    services.objection_record_bureau_view(actor=world.bureau, objection=objection, view="属实")
    assert counts(world.bureau)[VIEW] == 0
    assert counts(world.hq)[DECISION] == 1
    services.objection_decide(
        actor=world.hq, objection=objection, upheld=False, reason="产地核实无误"
    )
    assert counts(world.hq)[DECISION] == 0


@pytest.mark.parametrize("name", ["other_bureau", "owner", "other_enterprise", "agency"])
def test_nobody_else_has_the_objections_to_do(world, name):
    object_to(publish(world))
    found = counts(getattr(world, name))
    assert found.get(VIEW, 0) == 0 and DECISION not in found


def test_the_landing_page_lists_it_and_links_the_waiting_objections(world, client_for):
    objection = object_to(publish(world))
    page = client_for(world.bureau).get("/").content.decode()
    assert "公示异议待填写意见" in page and f"/publicity/objections/{objection.pk}/" in page
    listed = client_for(world.bureau).get("/publicity/objections/?waiting=1").content.decode()
    assert objection.tracking_code in listed
    services.objection_record_bureau_view(actor=world.bureau, objection=objection, view="属实")
    listed = client_for(world.bureau).get("/publicity/objections/?waiting=1").content.decode()
    assert objection.tracking_code not in listed
    everything = client_for(world.bureau).get("/publicity/objections/").content.decode()
    assert objection.tracking_code in everything
