"""Races on a zone plan (seed 001 §七.3): two managers commit its lists at once, and the two
members of a team record the same inspection at once. One wins; the other gets the plan as it
was committed, or 409; nothing is written twice. Needs PostgreSQL (row locks); skipped on SQLite."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from demonstration import services
from demonstration.models import ZoneInspection, ZoneInspectionPlan, ZoneInspectionTarget
from tests import factories, lottery

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


def _plan(hq):
    return services.zone_plan_create(
        actor=hq,
        name="并发抽查计划",
        subject="zones",
        planned_date=lottery.inspection_day(),
        sample_size=1,
        **lottery.declared(),
    )


def test_two_commitments_at_once_commit_once(make_zone, hq):
    make_zone("designated")
    for code in ("shandong", "henan", "hubei"):
        factories.bureau_staff(code, username=f"race-zone-{code}")
    plan = _plan(hq)
    results = _race([hq, hq], lambda actor: services.zone_plan_draw(plan_id=plan.pk, actor=actor))

    assert {result.status for result in results} == {"committed"}
    assert len({result.committed_at for result in results}) == 1
    stored = ZoneInspectionPlan.objects.get(pk=plan.pk)
    assert stored.snapshot_commitment == results[0].snapshot_commitment
    assert not ZoneInspectionTarget.objects.filter(plan=plan).exists()


def test_two_members_recording_at_once_record_once(make_zone, hq):
    make_zone("designated")
    for code in ("shandong", "henan"):
        factories.bureau_staff(code, username=f"race-zone-{code}")
    plan = lottery.drawn(_plan(hq))
    target = plan.targets.get()
    team = list(target.inspectors.all())
    assert len(team) == 2
    url = f"/api/v1/zone-inspection-targets/{target.pk}/record/"

    def record(member):
        client = APIClient()
        client.force_authenticate(member)
        body = {"findings": f"{member.username} 的检查发现", "outcome": "no_issue"}
        return client.post(url, body, format="json").status_code

    with time_machine.travel(lottery.noon(plan.planned_date)):
        codes = _race(team, record)

    assert sorted(codes) == [201, 409]
    assert ZoneInspection.objects.filter(target=target).count() == 1
