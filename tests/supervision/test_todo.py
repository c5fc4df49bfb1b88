"""Supervision's waiting work on the landing pages (supervision/todo.py): the bureau's complaints
(the handling deadline, overdue first), its 挂牌督办 items and what it has to report to HQ, HQ's
proposals and its own items to close, a drawn inspector's inspections. Each sees its own only;
the navigation counts them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from supervision import services
from supervision.models import Complaint, KeyWorkItem
from supervision.todo import SUPERVISION_TODO
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
    assert found["supervision.key_work"] == (1, ["投诉举报限期办结"])
    # Set by the bureau and not yet reported to HQ (§18 "并将情况报总局通关司").
    assert found["supervision.report_to_hq"] == (1, ["投诉举报限期办结"])
    content = response.content.decode()
    assert "山东的投诉" not in content
    assert re.search(
        r'<li class="overdue">\s*<a href="/supervision/complaints/\d+/">湖北逾期投诉', content
    )
    assert "办理时限：收到后 15 个工作日" in content
    assert navcount(response, "事中事后监管") == 5
    # Another bureau: none of it.
    other = client_for(world.shandong).get("/")
    assert todos(other)["supervision.complaints"] == (1, ["山东的投诉"])
    assert "supervision.key_work" not in todos(other)


def test_hq_decides_proposals_and_closes_its_own_items_once_progress_is_reported(
    client_for, world, hq_user, bureau_user
):
    response = client_for(hq_user).get("/")
    assert todos(response)["supervision.proposals"] == (1, [world.case.product_name])
    assert "supervision.key_work_close" not in todos(response)
    assigned = services.key_work_open(
        actor=hq_user,
        bureau=bureau_user.bureau,
        title="年度总结按时报送",
        department=factories.department("hubei"),
        responsible_person="赵处长",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    # The bureau's own item, whatever its progress, is not HQ's to close.
    services.key_work_progress_report(item=world.item, actor=bureau_user, text="已办结一半")
    assert "supervision.key_work_close" not in todos(client_for(hq_user).get("/"))
    services.key_work_progress_report(item=assigned, actor=bureau_user, text="已起草")
    response = client_for(hq_user).get("/")
    assert todos(response)["supervision.key_work_close"] == (1, ["湖北 · 年度总结按时报送"])
    assert navcount(response, "事中事后监管") == 2
    # The bureau tracks both, earliest time limit first; HQ's needs no report from it.
    found = todos(client_for(bureau_user).get("/"))
    assert found["supervision.key_work"] == (2, ["年度总结按时报送", "投诉举报限期办结"])
    assert found["supervision.report_to_hq"] == (1, ["投诉举报限期办结"])
    services.key_work_close(item=assigned, actor=hq_user, note="已按时报送")
    assert "supervision.key_work_close" not in todos(client_for(hq_user).get("/"))


def test_the_bureau_reports_its_items_and_interviews_to_hq(client_for, world, bureau_user):
    interview = services.interview_record(
        actor=bureau_user,
        department=factories.department("hubei"),
        department_head="王处长",
        interviewer="刘副局长",
        held_on=timezone.localdate(),
        lagging_work="投诉举报办理缓慢",
        guidance="每周报告进度",
        item=world.item,
    )
    found = todos(client_for(bureau_user).get("/"))
    assert found["supervision.report_to_hq"][0] == 2
    services.key_work_report(item=world.item, actor=bureau_user)
    services.interview_report(interview=interview, actor=bureau_user)
    assert "supervision.report_to_hq" not in todos(client_for(bureau_user).get("/"))
    # A zone lead (重庆, 湖北's 西南片区) has nothing of 湖北's to do.
    lead = todos(client_for(world.lead).get("/"))
    assert "supervision.key_work" not in lead and "supervision.key_work_close" not in lead


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


def test_the_planners_are_asked_for_the_lottery_numbers_once_the_lottery_has_drawn(
    client_for, world, hq_user, bureau_user, inspector_user
):
    """Nothing is drawn until a committed plan's numbers are entered (issue 14 point 15): from
    its lottery's day its managers, HQ for HQ's plans and a bureau for its own, find it on their
    to-do list, and nobody else does; entering the numbers takes it off."""
    import time_machine

    from tests import lottery

    def committed(actor, name):
        plan = services.plan_create(
            actor=actor, name=name, planned_date=lottery.inspection_day(), sample_size=1,
            **lottery.declared(),
        )  # fmt: skip
        return lottery.committed(plan)

    hq_plan = committed(hq_user, "总局待录入开奖号码的计划")
    committed(bureau_user, "湖北局待录入开奖号码的计划")
    assert "supervision.lottery_numbers" not in todos(client_for(hq_user).get("/"))
    with time_machine.travel(lottery.noon(hq_plan.beacon_date)):
        found = todos(client_for(hq_user).get("/"))
        assert found["supervision.lottery_numbers"] == (1, ["总局待录入开奖号码的计划"])
        page = client_for(bureau_user).get("/")
        assert todos(page)["supervision.lottery_numbers"] == (1, ["湖北局待录入开奖号码的计划"])
        assert f'href="/supervision/plans/{hq_plan.pk}/"' not in page.content.decode()
        for other in (factories.bureau_staff("shandong", username="todo-sd"), inspector_user):
            assert "supervision.lottery_numbers" not in todos(client_for(other).get("/"))
        lottery.drawn(hq_plan)
        assert "supervision.lottery_numbers" not in todos(client_for(hq_user).get("/"))


def test_the_bureaus_open_and_unreported_items_are_counted_apart_in_few_queries(
    world, bureau_user, hq_user, django_assert_num_queries
):
    """The open items and those to report are counted in one aggregate: each keeps to its own
    condition, and another bureau's items are in neither."""

    def item(actor, title, **fields):
        made = services.key_work_open(
            actor=actor,
            bureau=bureau_user.bureau if actor == hq_user else None,
            title=title,
            department=factories.department("shandong" if actor == world.shandong else "hubei"),
            responsible_person="赵处长",
            deadline=timezone.localdate() + timedelta(days=5),
        )
        KeyWorkItem.objects.filter(pk=made.pk).update(**fields)
        return made

    # world.item: the bureau's, open, not reported: in both.
    item(bureau_user, "已报送的事项", reported_at=timezone.now())  # open only
    item(hq_user, "总局交办的事项")  # open only: HQ's needs no report
    item(bureau_user, "已销号未报送的事项", status=KeyWorkItem.Status.CLOSED)  # to report only
    item(world.shandong, "山东的事项")  # neither
    with django_assert_num_queries(5):  # complaints, items, interviews, the two kinds of plans
        counts = SUPERVISION_TODO.counts(bureau_user)
    assert counts["supervision.key_work"] == 3
    assert counts["supervision.report_to_hq"] == 2
    with django_assert_num_queries(3):  # proposals, items to close, plans
        assert set(SUPERVISION_TODO.counts(hq_user)) == {
            "supervision.proposals",
            "supervision.key_work_close",
            "supervision.lottery_numbers",
        }
