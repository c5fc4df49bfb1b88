"""HQ's decision on the objection's page (issue 20 point 3): upheld, it chooses what happens to
the case, which the engine then does; without that choice the page says so (400) and nothing
changes."""

import pytest

from applications.models import Application
from publicity import services
from publicity.models import Objection

from .conftest import object_to, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def objection(world):
    found = object_to(publish(world))
    services.objection_record_bureau_view(actor=world.bureau, objection=found, view="属实")
    return found


def decide(client, objection, **body):
    return client.post(
        f"/publicity/objections/{objection.pk}/", {"action": "decide", "reason": "理由", **body}
    )


def test_the_page_offers_the_consequences(world, objection, client_for):
    page = client_for(world.hq).get(f"/publicity/objections/{objection.pk}/").content.decode()
    assert "退回重新评定" in page and "不予批准" in page


def test_upheld_without_a_consequence_is_a_readable_400(world, objection, client_for):
    answer = decide(client_for(world.hq), objection, outcome="upheld")
    assert answer.status_code == 400
    assert "异议成立时请选择对案件的处理" in answer.content.decode()
    assert Objection.objects.get().status == "open"
    assert Application.objects.get(pk=world.case.pk).state == "evaluated"


def test_upheld_with_re_evaluation_sends_the_case_back(world, objection, client_for):
    answer = decide(client_for(world.hq), objection, outcome="upheld", consequence="reevaluate")
    assert answer.status_code == 302
    assert Application.objects.get(pk=world.case.pk).state == "evaluating"
    shown = client_for(world.hq).get(answer["Location"]).content.decode()
    assert "异议成立：退回重新评定" in shown


def test_a_dismissal_ignores_a_consequence_left_selected(world, objection, client_for):
    answer = decide(client_for(world.hq), objection, outcome="dismissed", consequence="not_approve")
    assert answer.status_code == 302
    assert Objection.objects.get().consequence == ""
    assert Application.objects.get(pk=world.case.pk).state == "evaluated"
