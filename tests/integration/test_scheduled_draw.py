"""定时抽取 on a real Celery worker (see conftest.py): a plan whose draw time has passed is drawn
exactly once, however many sweeps and on-demand draws reach it, and while the beat sweep also
runs in this process at the same moment (PostgreSQL row locks decide).

transaction=True: the worker is another process and sees only committed rows.
serialized_rollback=True: the organisation data is restored for the tests that run after these.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from applications.models import Application
from supervision import services
from supervision.models import InspectionPlan, InspectionTarget, PoolMember
from supervision.tasks import draw_due_plans, draw_plan
from tests import factories
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


def in_this_process() -> int:
    """The beat's sweep, run here on a connection of its own, at the same time as the worker."""
    try:
        return services.plans_draw_due()
    finally:
        connection.close()


def test_a_due_plan_is_drawn_once_by_the_worker(celery_worker):
    cases = protected_products(["beijing", "hubei", "hubei", "sichuan", "guangdong"])
    for n, code in enumerate(["jiangsu", "henan", "fujian", "tianjin", "shandong", "hebei"]):
        user = factories.inspector(code, username=f"scheduled-{n}")
        PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
    planner = factories.hq(username="scheduled-planner")
    plan = services.plan_create(
        actor=planner,
        name="定时抽取",
        planned_date=timezone.localdate() + timedelta(days=2),
        sample_size=3,
        team_size=2,
        draw_at=timezone.now() - timedelta(minutes=1),
    )
    future = services.plan_create(
        actor=planner,
        name="下周定时抽取",
        planned_date=timezone.localdate() + timedelta(days=9),
        sample_size=2,
        draw_at=timezone.now() + timedelta(days=7),
    )

    sent = [
        draw_due_plans.delay(),
        draw_plan.delay(plan.pk),
        draw_due_plans.delay(),
        draw_plan.delay(plan.pk),
    ]
    with ThreadPoolExecutor(max_workers=2) as threads:
        here = [threads.submit(in_this_process) for _ in range(2)]
        drawn_here = [job.result(timeout=TASK_TIMEOUT) for job in here]
    results = [result.get(timeout=TASK_TIMEOUT) for result in sent]

    assert results[1] == results[3] == plan.pk
    # Each sweep saw at most the one due plan (the later one is not due); whoever locked the
    # plan second found it drawn and left it.
    assert all(count in (0, 1) for count in [results[0], results[2], *drawn_here])
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.DRAWN
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
    assert draw_plan.delay(plan.pk).get(timeout=TASK_TIMEOUT) == plan.pk
    assert draw_due_plans.delay().get(timeout=TASK_TIMEOUT) == 0
    plan.refresh_from_db()
    assert plan.drawn_at == drawn_at
    assert InspectionTarget.objects.filter(plan=plan).count() == 3
    assert InspectionPlan.objects.get(pk=future.pk).status == InspectionPlan.Status.PLANNED
