"""Races on an assignment of HQ's task: two HQ users answer the same reported completion at once
(one accepts, one returns), and the addressee's completion is sent twice at once. One wins; the
other gets 409; nothing is written twice. Needs PostgreSQL (row locks); skipped on SQLite."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from liaison import services
from liaison.models import Assignment, TaskUpdate
from regions.models import Bureau
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")


def _race(callers, call):
    start = Barrier(len(callers))

    def run(caller):
        start.wait()
        try:
            return call(caller)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(callers)) as pool:
        return list(pool.map(run, callers))


def _post(user, url, body, fmt="json"):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(url, body, format=fmt).status_code


@pytest.fixture
def assignment():
    hq = factories.hq(username="race-hq")
    task = services.task_assign(
        actor=hq,
        title="并发验收",
        requirements="报送材料。",
        due_date=timezone.localdate() + timedelta(days=10),
        bureaus=[Bureau.objects.get(code="jiangsu")],
    )
    return task.assignments.get()


def test_two_hq_answers_at_once_answer_once(assignment):
    clerk = factories.bureau_staff("jiangsu", username="race-jiangsu")
    services.assignment_report(
        assignment=assignment, actor=clerk, kind="completion", text="已完成。"
    )
    deciders = [factories.hq(username="race-hq-a"), factories.hq(username="race-hq-b")]
    base = f"/api/v1/liaison-assignments/{assignment.pk}"
    calls = {
        deciders[0]: (f"{base}/accept/", {"note": "通过"}),
        deciders[1]: (f"{base}/return/", {"reason": "不完整"}),
    }
    codes = _race(deciders, lambda user: _post(user, *calls[user]))

    assert sorted(codes) == [200, 409]
    answers = TaskUpdate.objects.filter(assignment=assignment, kind__in=["accepted", "returned"])
    assert answers.count() == 1
    state = Assignment.objects.get(pk=assignment.pk).status
    assert state == ("completed" if answers.get().kind == "accepted" else "open")


def test_a_completion_sent_twice_at_once_is_recorded_once(assignment):
    clerks = [
        factories.bureau_staff("jiangsu", username="race-jiangsu-a"),
        factories.bureau_staff("jiangsu", username="race-jiangsu-b"),
    ]
    url = f"/api/v1/liaison-assignments/{assignment.pk}/updates/"
    codes = _race(
        clerks,
        lambda user: _post(user, url, {"kind": "completion", "text": "已完成。"}, "multipart"),
    )

    assert sorted(codes) == [201, 409]
    assert TaskUpdate.objects.filter(assignment=assignment, kind="completion").count() == 1
    assert Assignment.objects.get(pk=assignment.pk).status == "reported"
