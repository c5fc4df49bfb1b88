"""A plan from commitment to verified draw, through the services and the API."""

from datetime import timedelta

import pytest
import time_machine

from applications.models import Application
from casework import draw
from supervision import services
from supervision.models import DrawView, InspectionPlan, InspectionTarget, PoolMember
from tests import factories, lottery
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected_cases():
    cases = []
    for code in ("beijing", "beijing", "hubei", "hubei", "hubei", "chongqing"):
        enterprise = factories.EnterpriseFactory(bureau=factories.bureau(code))
        case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
        Application.objects.filter(pk=case.pk).update(state="protected")
        cases.append(case)
    return cases


@pytest.fixture
def pool():
    members = []
    for n, code in enumerate(["beijing", "hubei", "jiangsu", "guangdong", "henan", "fujian"]):
        user = factories.inspector(code, username=f"pool-{n}")
        members.append(PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector"))
    return members


def test_commit_draw_reveal_verify(api_for, protected_cases, pool):
    hq = factories.hq(username="planner")
    planned = lottery.inspection_day()
    response = api_for(hq).post(
        "/api/v1/inspection-plans/",
        {
            "name": "2026年第四季度抽查",
            "planned_date": planned.isoformat(),
            "sample_size": 4,
            "team_size": 2,
            **lottery.declared_form(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    assert response.json()["protocol"] == 2 and "seed" not in response.json()

    response = api_for(hq).post(f"/api/v1/inspection-plans/{plan_id}/draw/")
    assert response.status_code == 202
    commitment = response.json()["snapshot_commitment"]
    assert len(commitment) == 64 and response.json()["status"] == "committed"
    again = api_for(hq).post(f"/api/v1/inspection-plans/{plan_id}/draw/")  # a second click
    assert again.json()["snapshot_commitment"] == commitment
    plan = InspectionPlan.objects.get(pk=plan_id)
    with time_machine.travel(lottery.noon(plan.beacon_date)):
        response = api_for(hq).post(
            f"/api/v1/inspection-plans/{plan_id}/beacon/",
            {"value": lottery.NUMBERS[plan.beacon_source]},
            format="json",
        )
        assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.status == "drawn"
    assert InspectionTarget.objects.filter(plan=plan).count() == 4
    for target in InspectionTarget.objects.filter(plan=plan):
        team = list(target.inspectors.all())
        assert len(team) == 2
        assert all(member.bureau_id != target.application.bureau_id for member in team)

    detail = api_for(hq).get(f"/api/v1/inspection-plans/{plan_id}/").json()
    assert len(detail["targets"]) == 4
    # The drawn plan answered to the beacon's entry, and read again: two views, both logged.
    assert DrawView.objects.filter(plan=plan, user=hq).count() == 2

    clerk = factories.bureau_staff("hubei", username="hubei-clerk")
    assert api_for(clerk).get(f"/api/v1/inspection-plans/{plan_id}/").status_code == 404
    owner = factories.enterprise_staff(protected_cases[0].enterprise, username="target-owner")
    assert api_for(owner).get("/api/v1/inspection-plans/").status_code == 200
    assert api_for(owner).get("/api/v1/inspection-plans/").json()["results"] == []

    assert api_for(hq).get(f"/api/v1/inspection-plans/{plan_id}/verify/").status_code == 409
    with time_machine.travel(planned + timedelta(days=1)):
        services.plan_reveal(plan=plan, actor=hq)
        verified = api_for(hq).get(f"/api/v1/inspection-plans/{plan_id}/verify/").json()
    assert verified["seed_matches_commitment"] is True
    assert verified["result_matches"] is True
    assert verified["snapshot_commitment"] == commitment
    assert verified["seed"] == draw.beacon_seed(
        commitment, lottery.NUMBERS[plan.beacon_source], plan.plan_key
    )
