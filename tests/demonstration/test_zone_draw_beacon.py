"""Zone plans draw by protocol 2 through the kernel (issue 14 point 15, ADR 0009): the lists are
committed before a declared lottery draw, its numbers entered by whoever may draw the plan, and
the published draw re-runs to the stored result."""

import json
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from casework import beacon, draw
from demonstration import services
from demonstration.models import ZoneInspectionPlan
from ecoorigin.exceptions import Conflict, NotPermitted
from tests import factories

pytestmark = pytest.mark.django_db

NUMBERS = "04 11 18 27 33 + 02 09"


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def next_draw_day(after):
    day = after + timedelta(days=1)
    while day.weekday() not in beacon.SOURCES["dlt"].weekdays:
        day += timedelta(days=1)
    return day


@pytest.fixture
def plan_of(make_zone):
    make_zone("designated")
    for code, username in (("shandong", "zb-sd"), ("henan", "zb-hn"), ("jiangsu", "zb-js")):
        factories.bureau_staff(code, username=username)
    beacon_day = next_draw_day(timezone.localdate())

    def make(actor):
        plan = services.zone_plan_create(
            actor=actor, name="示范区公共随机数抽查", subject="zones", sample_size=1,
            planned_date=beacon_day + timedelta(days=3), beacon_source="dlt",
            beacon_date=beacon_day,
        )  # fmt: skip
        services.zone_plan_request_draw(plan=plan, actor=actor)
        return ZoneInspectionPlan.objects.get(pk=plan.pk)

    make.beacon_day = beacon_day
    return make


def test_a_zone_plan_commits_then_draws_from_the_beacon(people, plan_of, api_for):
    hq, bureau = people["hq"], people["bureau"]
    plan = plan_of(hq)
    assert plan.status == "committed" and plan.protocol == 2
    assert plan.snapshot_commitment == draw.snapshot_commitment(plan.snapshot)
    url = f"/api/v1/zone-inspection-plans/{plan.pk}/beacon/"
    body = api_for(hq).get(f"/api/v1/zone-inspection-plans/{plan.pk}/").json()
    assert body["snapshot_commitment"] == plan.snapshot_commitment
    assert body["beacon_source"] == "dlt" and body["beacon_value"] == ""
    assert api_for(hq).post(url, {"value": NUMBERS}, format="json").status_code == 409  # early
    with time_machine.travel(noon(plan_of.beacon_day)):
        for user in (bureau, people["inspector"]):  # not HQ's plan to draw
            with pytest.raises(NotPermitted):
                services.zone_plan_beacon_enter(plan=plan, actor=user, value=NUMBERS)
        assert api_for(bureau).post(url, {"value": NUMBERS}, format="json").status_code in (
            403, 404,
        )  # fmt: skip
        assert api_for(hq).post(url, {"value": "04 11"}, format="json").status_code == 400
        response = api_for(hq).post(url, {"value": NUMBERS}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "drawn" and len(response.json()["targets"]) == 1
        with pytest.raises(Conflict):
            services.zone_plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
    plan = ZoneInspectionPlan.objects.get(pk=plan.pk)
    assert plan.seed == draw.beacon_seed(plan.snapshot_commitment, NUMBERS, plan.plan_key)
    assert plan.plan_key.startswith("demonstration.zoneinspectionplan:")
    with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
        plan = services.zone_plan_reveal(plan=plan, actor=hq)
        plan = services.zone_plan_publish(plan=plan, actor=hq)
        verdict = services.zone_plan_verify(plan=plan)
        assert verdict["seed_matches_commitment"] and verdict["result_matches"]
        response = Client().get(f"/demonstration/supervision/{plan.pk}/draw.json")
        assert response.status_code == 200
        again = draw.verify_published(json.loads(response.content))
        assert again["committed"] and again["targets"] == plan.result["targets"]


def test_a_bureau_enters_the_beacon_of_its_own_zone_plan_and_hq_may_not(people, plan_of):
    bureau, hq = people["bureau"], people["hq"]
    plan = plan_of(bureau)
    with time_machine.travel(noon(plan_of.beacon_day)):
        for user in (hq, people["other_bureau"], people["applicant"]):
            with pytest.raises(NotPermitted):
                services.zone_plan_beacon_enter(plan=plan, actor=user, value=NUMBERS)
        plan = services.zone_plan_beacon_enter(plan=plan, actor=bureau, value=NUMBERS)
    assert plan.status == "drawn" and plan.targets.count() == 1
