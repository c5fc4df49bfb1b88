"""Supervision's waiting work on the landing pages (supervision/todo.py): the bureau's complaints
(the handling deadline, overdue first) and 约谈/督办 to answer, HQ's proposals and answered items
to close, a drawn inspector's inspections. Each sees its own only; the navigation counts them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from supervision import services
from supervision.models import Complaint
from tests import factories

from .test_pages import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hq_user, bureau_user, lead_bureau_user, inspector_user):
    return World(hq_user, bureau_user, lead_bureau_user, inspector_user)


def todos(response) -> dict:
    assert response.status_code == 200
    return {
        todo.kind.code: (todo.count, [row.item.title for row in todo.rows])
        for todo in response.context["todos"]
    }


def navcount(response, entry: str) -> int | None:
    match = re.search(
        rf">{re.escape(entry)}\s*<span class=\"navcount\"[^>]*>\s*(\d+)\s*<",
        response.content.decode(),
    )
    return int(match.group(1)) if match else None


def complaint(bureau_code: str, text: str, *, due_in: int | None = None) -> Complaint:
    made = services.complaint_submit(
        content="产品包装上的保护标志与证书不一致，请核查。",
        product_text=text,
        bureau=factories.bureau(bureau_code),
    )
    if due_in is not None:
        Complaint.objects.filter(pk=made.pk).update(
            due_date=timezone.localdate() + timedelta(days=due_in)
        )
    return made


def test_the_bureau_sees_its_complaints_overdue_first_and_its_items_to_answer(
    client_for, world, bureau_user
):
    complaint("hubei", "湖北逾期投诉", due_in=-3)
    complaint("hubei", "湖北新投诉")
    complaint("shandong", "山东的投诉")
    response = client_for(bureau_user).get("/")
    found = todos(response)
    # World's complaint names a 湖北 certificate: it is 湖北's too (and due in 15 working days).
    assert found["supervision.complaints"][0] == 3
    assert found["supervision.complaints"][1][0] == "湖北逾期投诉"
    assert found["supervision.accountability"] == (1, ["约谈 · 湖北"])
    content = response.content.decode()
    assert "山东的投诉" not in content
    assert re.search(
        r'<li class="overdue">\s*<a href="/supervision/complaints/\d+/">湖北逾期投诉', content
    )
    assert "办理时限：收到后 15 个工作日" in content
    assert navcount(response, "事中事后监管") == 4
    # Another bureau: none of it.
    other = client_for(world.shandong).get("/")
    assert todos(other)["supervision.complaints"] == (1, ["山东的投诉"])
    assert "supervision.accountability" not in todos(other)


def test_hq_decides_proposals_and_closes_answered_items(client_for, world, hq_user, bureau_user):
    response = client_for(hq_user).get("/")
    assert todos(response)["supervision.proposals"] == (1, [world.case.product_name])
    assert "supervision.accountability_close" not in todos(response)
    services.accountability_answer(item=world.item, actor=bureau_user, measures="已整改")
    response = client_for(hq_user).get("/")
    assert todos(response)["supervision.accountability_close"] == (1, ["约谈 · 湖北"])
    assert navcount(response, "事中事后监管") == 2
    # The bureau has answered: nothing left for it.
    assert "supervision.accountability" not in todos(client_for(bureau_user).get("/"))


def test_a_zone_lead_closes_the_items_it_opened(client_for, world, lead_bureau_user, bureau_user):
    item = services.accountability_open(
        actor=lead_bureau_user,
        kind="flagged",
        bureau=factories.bureau("hubei"),
        reason="投诉办理逾期",
        responsible_person="李科长",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    services.accountability_answer(item=item, actor=bureau_user, measures="已办结")
    services.accountability_answer(item=world.item, actor=bureau_user, measures="已整改")
    found = todos(client_for(lead_bureau_user).get("/"))
    assert found["supervision.accountability_close"] == (1, ["挂牌督办 · 湖北"])


def test_a_drawn_inspector_sees_its_inspections_and_nothing_of_the_target(
    client_for, world, inspector_user
):
    response = client_for(inspector_user).get("/")
    assert todos(response) == {"supervision.inspections": (1, [world.plan.name])}
    content = response.content.decode()
    # What and whom it inspects is read on the task's page, where the view is logged.
    assert world.case.product_name not in content
    assert f'href="/supervision/tasks/{world.target.pk}/"' in content
    assert navcount(response, "检查任务") == 1
    # Another inspector, not drawn: nothing.
    other = client_for(world.other_inspector).get("/")
    assert todos(other) == {}
    assert "目前没有待办事项。" in other.content.decode()
