"""定时抽取 on a real Celery worker (see conftest.py): a plan whose scheduled time has passed has
its candidate lists committed exactly once (protocol 2, ADR 0009), however many sweeps and
on-demand commits reach it, while the beat sweep also runs in this process at the same moment
(PostgreSQL row locks decide); on its lottery's day the numbers are entered and it is drawn once.

transaction=True: the worker is another process and sees only committed rows.
serialized_rollback=True: the organisation data is restored for the tests that run after these.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEntry
from applications.models import Application
from casework import beacon, draw
from supervision import services
from supervision.models import InspectionPlan, InspectionTarget, PoolMember
from supervision.tasks import draw_due_plans
from tests import factories, lottery
from tests.applications.factories import ApplicationFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TASK_TIMEOUT = 60


def protected_products(codes) -> list[Application]:
    cases = []
    for code in codes:
        enterprise = factories.EnterpriseFactory(
            bureau=factories.bureau(code), confirmed_at=timezone.now()
        )
        case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
        Application.objects.filter(pk=case.pk).update(state="protected")
        cases.append(case)
    return cases


def in_this_process(call) -> int:
    """`call` (the beat's sweep, or a manager's commit), run here on a connection of its own,
    at the same time as the worker."""
    try:
        return call()
    finally:
        connection.close()


def test_a_due_plan_is_committed_once_and_drawn_once(celery_worker):
    cases = protected_products(["beijing", "hubei", "hubei", "sichuan", "guangdong"])
    for n, code in enumerate(["jiangsu", "henan", "fujian", "tianjin", "shandong", "hebei"]):
        user = factories.inspector(code, username=f"scheduled-{n}")
        PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
    planner = factories.hq(username="scheduled-planner")
    plan = services.plan_create(
        actor=planner,
        name="定时抽取",
        planned_date=lottery.inspection_day(),
        sample_size=3,
        team_size=2,
        draw_at=timezone.now() - timedelta(minutes=1),
        **lottery.declared(),
    )
    later_lottery = beacon.next_draw_day("ssq", after=timezone.localdate() + timedelta(days=5))
    future = services.plan_create(
        actor=planner,
        name="下周定时抽取",
        planned_date=later_lottery + timedelta(days=2),
        sample_size=2,
        draw_at=timezone.now() + timedelta(days=4),
        beacon_source="ssq",
        beacon_date=later_lottery,
    )

    sent = [draw_due_plans.delay(), draw_due_plans.delay()]
    with ThreadPoolExecutor(max_workers=3) as threads:
        here = [threads.submit(in_this_process, services.plans_draw_due) for _ in range(2)]
        manager = threads.submit(
            in_this_process, lambda: services.plan_draw(plan_id=plan.pk, actor=planner).pk
        )
        swept_here = [job.result(timeout=TASK_TIMEOUT) for job in here]
        assert manager.result(timeout=TASK_TIMEOUT) == plan.pk
    swept = [result.get(timeout=TASK_TIMEOUT) for result in sent]

    # Each sweep saw at most the one due plan (the later one is not due); whoever locked the
    # plan after the first found it committed and left it.
    assert all(count in (0, 1) for count in [*swept, *swept_here])
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.COMMITTED
    assert plan.snapshot_commitment == draw.snapshot_commitment(plan.snapshot)
    commitments = AuditEntry.objects.filter(
        object_id=str(plan.pk), changes__has_key="snapshot_commitment"
    )
    assert commitments.count() == 1
    assert not InspectionTarget.objects.exists()  # nothing is drawn before the numbers

    # On the lottery's day the planner enters the numbers: the draw follows, once.
    plan = lottery.drawn(plan)
    targets = list(InspectionTarget.objects.filter(plan=plan).order_by("position"))
    assert [t.position for t in targets] == [1, 2, 3]
    assert len({t.application_id for t in targets}) == 3
    assert {t.application_id for t in targets} <= {c.pk for c in cases}
    assert [row["case"] for row in plan.result["targets"]] == [t.application_id for t in targets]
    for target, row in zip(targets, plan.result["targets"], strict=True):
        assert sorted(target.inspectors.values_list("pk", flat=True)) == sorted(row["inspectors"])
        assert target.inspectors.count() == 2
    assert InspectionTarget.objects.count() == 3  # nothing for the plan that is not yet due

    # Once more, later: nothing changes.
    drawn_at = plan.drawn_at
    assert draw_due_plans.delay().get(timeout=TASK_TIMEOUT) == 0
    plan.refresh_from_db()
    assert plan.drawn_at == drawn_at and commitments.count() == 1
    assert InspectionTarget.objects.filter(plan=plan).count() == 3
    assert InspectionPlan.objects.get(pk=future.pk).status == InspectionPlan.Status.PLANNED
