"""Protocol 2 of the double-random draw (issue 14 point 15, ADR 0009): the candidate lists are
committed (hash published) before a declared lottery result is known, and the draw follows from
both, so nobody, not even someone with database access, can steer it. Earlier plans (protocol 1,
a secret seed) still verify."""

import json
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import AuditEntry
from applications.models import Application
from casework import beacon, draw, draws
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from supervision import services
from supervision.models import InspectionPlan, InspectionTarget, PoolMember
from tests import factories
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NUMBERS = "31 07 03 25 12 19 + 9"  # typed in any order: stored "03 07 12 19 25 31 + 09"
CANONICAL = "03 07 12 19 25 31 + 09"


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def next_draw_day(after, source="ssq"):
    day = after + timedelta(days=1)
    while day.weekday() not in beacon.SOURCES[source].weekdays:
        day += timedelta(days=1)
    return day


@pytest.fixture
def candidates():
    cases = []
    for code in ("beijing", "beijing", "hubei", "hubei", "hubei", "chongqing"):
        enterprise = factories.EnterpriseFactory(bureau=factories.bureau(code))
        case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
        Application.objects.filter(pk=case.pk).update(state="protected")
        cases.append(case)
    for n, code in enumerate(["beijing", "hubei", "jiangsu", "guangdong", "henan", "fujian"]):
        user = factories.inspector(code, username=f"pool-{n}")
        PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
    return cases


@pytest.fixture
def dates():
    today = timezone.localdate()
    draw_day = next_draw_day(today)
    return {"today": today, "beacon": draw_day, "planned": draw_day + timedelta(days=3)}


def beacon_plan(actor, dates, **fields) -> InspectionPlan:
    return services.plan_create(
        actor=actor,
        name="公共随机数抽查",
        planned_date=dates["planned"],
        sample_size=fields.pop("sample_size", 3),
        beacon_source="ssq",
        beacon_date=dates["beacon"],
        **fields,
    )


def committed(actor, dates, **fields) -> InspectionPlan:
    plan = beacon_plan(actor, dates, **fields)
    return services.plan_draw(plan_id=plan.pk, actor=actor)


# ---------------------------------------------------------------- the beacon's values and dates


def test_a_lottery_result_is_stored_in_one_spelling_and_checked():
    assert beacon.normalise("ssq", NUMBERS) == CANONICAL
    assert beacon.normalise("ssq", "03,07,12,19,25,31|09") == CANONICAL
    assert beacon.normalise("dlt", "33 04 11 18 27 + 9 2") == "04 11 18 27 33 + 02 09"
    for wrong in ("03 07 12 19 25 + 09", "03 07 12 19 25 34 + 09", "03 03 12 19 25 31 + 09",
                  "03 07 12 19 25 31 + 17", "03 07 12 19 25 31 + 09 x", ""):  # fmt: skip
        with pytest.raises(ValueError):
            beacon.normalise("ssq", wrong)


def test_the_declared_draw_must_be_a_future_draw_day_before_the_inspection(candidates, dates):
    hq = factories.hq()
    not_a_draw_day = dates["beacon"] + timedelta(days=1)  # ssq draws every other day at most
    assert not_a_draw_day.weekday() not in beacon.SOURCES["ssq"].weekdays
    for source, on, planned in [
        ("ssq", not_a_draw_day, dates["planned"] + timedelta(days=7)),
        ("ssq", dates["today"], dates["planned"]),  # known today already
        ("ssq", dates["beacon"], dates["beacon"]),  # not before the inspection
        ("xyz", dates["beacon"], dates["planned"]),
        ("ssq", None, dates["planned"]),
    ]:
        with pytest.raises(InvalidInput) as raised:
            services.plan_create(
                actor=hq, name="计划", planned_date=planned, sample_size=2,
                beacon_source=source, beacon_date=on,
            )  # fmt: skip
        assert "beacon_date" in raised.value.field_errors
    draw_at = noon(dates["beacon"])  # the lists must be frozen before the draw day
    with pytest.raises(InvalidInput) as raised:
        beacon_plan(hq, dates, draw_at=draw_at)
    assert "draw_at" in raised.value.field_errors


# ---------------------------------------------------------------- commit, then the beacon


def test_the_draw_commits_the_lists_and_nothing_is_drawn_before_the_beacon(candidates, dates):
    hq = factories.hq()
    plan = beacon_plan(hq, dates)
    assert plan.protocol == 2 and plan.seed == "" and plan.seed_commitment == ""
    plan = services.plan_draw(plan_id=plan.pk, actor=hq)
    assert plan.status == "committed" and plan.drawn_at is None and plan.result is None
    assert plan.snapshot_commitment == draw.snapshot_commitment(plan.snapshot)
    assert len(plan.snapshot["targets"]["case"]) == 6
    assert not InspectionTarget.objects.filter(plan=plan).exists()
    assert AuditEntry.objects.filter(
        object_id=str(plan.pk), changes__snapshot_commitment=plan.snapshot_commitment
    ).exists()
    # A second draw changes nothing.
    again = services.plan_draw(plan_id=plan.pk, actor=hq)
    assert again.snapshot_commitment == plan.snapshot_commitment and again.status == "committed"


def test_committing_on_or_after_the_declared_draw_day_is_refused(candidates, dates):
    hq = factories.hq()
    plan = beacon_plan(hq, dates)
    with time_machine.travel(noon(dates["beacon"])), pytest.raises(Conflict):
        services.plan_draw(plan_id=plan.pk, actor=hq)
    assert InspectionPlan.objects.get(pk=plan.pk).status == "planned"


def test_entering_the_beacon_draws_once_from_the_committed_lists(candidates, dates):
    hq = factories.hq()
    plan = committed(hq, dates)
    with pytest.raises(Conflict):  # before the declared date
        services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
    with time_machine.travel(noon(dates["beacon"])):
        with pytest.raises(InvalidInput):
            services.plan_beacon_enter(plan=plan, actor=hq, value="03 07 12")
        # A candidate that stops being protected after the commitment is still in the draw:
        # the lists are the committed ones.
        Application.objects.filter(pk=candidates[0].pk).update(state="suspended")
        plan = services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
        assert plan.status == "drawn" and plan.beacon_value == CANONICAL
        assert plan.seed == draw.beacon_seed(plan.snapshot_commitment, CANONICAL, plan.plan_key)
        assert plan.plan_key == f"supervision.inspectionplan:{plan.pk}"
        assert InspectionTarget.objects.filter(plan=plan).count() == 3
        expected = draw.run(
            draw.unpack_snapshot(plan.snapshot), plan.seed, sample_size=3, team_size=2,
            exclude_own_bureau=True, weighted=False,
        )  # fmt: skip
        assert plan.result == expected.as_dict()
        with pytest.raises(Conflict):  # twice
            services.plan_beacon_enter(plan=plan, actor=hq, value="01 02 03 04 05 06 + 01")
    assert InspectionPlan.objects.get(pk=plan.pk).beacon_value == CANONICAL
    assert AuditEntry.objects.filter(object_id=str(plan.pk), changes__beacon_value=CANONICAL)


def test_entering_a_beacon_before_the_lists_are_committed_is_refused(candidates, dates):
    hq = factories.hq()
    plan = beacon_plan(hq, dates)
    with time_machine.travel(noon(dates["beacon"])), pytest.raises(Conflict):
        services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)


def test_who_may_enter_the_beacon_is_who_may_draw(candidates, dates):
    """A bureau's own plan: that bureau's staff only; HQ plans: HQ only."""
    owner = factories.bureau_staff("hubei", username="hubei-planner")
    bureau_plan = committed(owner, dates)
    hq = factories.hq()
    hq_plan = committed(hq, dates)
    refused = {
        bureau_plan.pk: [hq, factories.bureau_staff("beijing"), factories.inspector("hubei")],
        hq_plan.pk: [owner, factories.inspector("hubei"), factories.enterprise_staff(
            candidates[0].enterprise)],
    }  # fmt: skip
    with time_machine.travel(noon(dates["beacon"])):
        for plan in (bureau_plan, hq_plan):
            for user in refused[plan.pk]:
                with pytest.raises(NotPermitted):
                    services.plan_beacon_enter(plan=plan, actor=user, value=NUMBERS)
                assert InspectionPlan.objects.get(pk=plan.pk).status == "committed"
        assert services.plan_beacon_enter(plan=bureau_plan, actor=owner, value=NUMBERS).drawn_at
        assert services.plan_beacon_enter(plan=hq_plan, actor=hq, value=NUMBERS).drawn_at


def test_the_beacon_step_by_page_and_api(candidates, dates, api_for):
    owner = factories.bureau_staff("hubei", username="hubei-planner")
    response = api_for(owner).post(
        "/api/v1/inspection-plans/",
        {
            "name": "湖北公共随机数抽查",
            "planned_date": dates["planned"].isoformat(),
            "sample_size": 2,
            "beacon_source": "ssq",
            "beacon_date": dates["beacon"].isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["protocol"] == 2 and body["beacon_source"] == "ssq"
    assert body["beacon_date"] == dates["beacon"].isoformat() and body["snapshot_commitment"] == ""
    plan_id = body["id"]
    response = api_for(owner).post(f"/api/v1/inspection-plans/{plan_id}/draw/")
    assert response.status_code == 202
    commitment = response.json()["snapshot_commitment"]
    assert len(commitment) == 64 and response.json()["status"] == "committed"
    url = f"/api/v1/inspection-plans/{plan_id}/beacon/"
    assert api_for(owner).post(url, {"value": NUMBERS}, format="json").status_code == 409
    hq = factories.hq()
    with time_machine.travel(noon(dates["beacon"])):
        assert api_for(hq).post(url, {"value": NUMBERS}, format="json").status_code == 403
        other = factories.bureau_staff("beijing")
        assert api_for(other).post(url, {"value": NUMBERS}, format="json").status_code == 404
        assert api_for(owner).post(url, {"value": "1 2 3"}, format="json").status_code == 400
        assert api_for(owner).post(url, {}, format="json").status_code == 400
        response = api_for(owner).post(url, {"value": NUMBERS}, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "drawn" and body["beacon_value"] == CANONICAL
        assert body["snapshot_commitment"] == commitment and len(body["targets"]) == 2
        assert api_for(owner).post(url, {"value": NUMBERS}, format="json").status_code == 409

    # The page: the same step by the form, refused for HQ (403), shown to its owner.
    plan2 = committed(owner, dates)
    page = Client()
    page.force_login(owner)
    body = page.get(f"/supervision/plans/{plan2.pk}/").content.decode()
    assert plan2.snapshot_commitment in body and "录入开奖号码并抽取" not in body
    with time_machine.travel(noon(dates["beacon"])):
        page = Client()
        page.force_login(owner)
        assert "录入开奖号码并抽取" in page.get(f"/supervision/plans/{plan2.pk}/").content.decode()
        hq_page = Client()
        hq_page.force_login(hq)
        beacon_url = f"/supervision/plans/{plan2.pk}/beacon/"
        assert hq_page.post(beacon_url, {"value": NUMBERS}).status_code == 403
        assert page.post(beacon_url, {"value": "oops"}).status_code == 400
        assert page.post(beacon_url, {"value": NUMBERS}).status_code == 302
        assert page.post(beacon_url, {"value": NUMBERS}).status_code == 409
    assert InspectionPlan.objects.get(pk=plan2.pk).status == "drawn"


# ---------------------------------------------------------------- tampering


def test_lists_changed_after_the_commitment_refuse_the_draw(candidates, dates):
    hq = factories.hq()
    plan = committed(hq, dates)
    stored = plan.snapshot
    steered = {**stored, "targets": {**stored["targets"]}}
    steered["targets"]["case"] = stored["targets"]["case"][:3]  # keep only the wanted ones
    steered["targets"]["bureau"] = stored["targets"]["bureau"][:3]
    InspectionPlan.objects.filter(pk=plan.pk).update(snapshot=steered)
    with time_machine.travel(noon(dates["beacon"])), pytest.raises(Conflict):
        services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
    assert InspectionPlan.objects.get(pk=plan.pk).status == "committed"
    assert not InspectionTarget.objects.filter(plan=plan).exists()


def test_lists_changed_after_the_draw_fail_verification(candidates, dates):
    hq = factories.hq()
    plan = committed(hq, dates)
    with time_machine.travel(noon(dates["beacon"])):
        plan = services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
    with time_machine.travel(noon(dates["planned"] + timedelta(days=1))):
        plan = services.plan_reveal(plan=plan, actor=hq)
        verdict = services.plan_verify(plan=plan)
        assert verdict["seed_matches_commitment"] and verdict["result_matches"]
        stored = plan.snapshot
        changed = {**stored, "inspectors": {**stored["inspectors"]}}
        changed["inspectors"]["user"] = list(reversed(stored["inspectors"]["user"]))
        InspectionPlan.objects.filter(pk=plan.pk).update(snapshot=changed)
        verdict = services.plan_verify(plan=InspectionPlan.objects.get(pk=plan.pk))
        assert not verdict["seed_matches_commitment"]
        # A different beacon value entered behind the portal's back does not verify either.
        InspectionPlan.objects.filter(pk=plan.pk).update(
            snapshot=stored, beacon_value="01 02 03 04 05 06 + 01"
        )
        assert not services.plan_verify(plan=InspectionPlan.objects.get(pk=plan.pk))[
            "seed_matches_commitment"
        ]


# ---------------------------------------------------------------- earlier plans, public re-run


def test_a_protocol_1_plan_still_draws_and_verifies(candidates, dates):
    hq = factories.hq()
    plan = services.plan_create(
        actor=hq, name="旧协议", planned_date=dates["planned"], sample_size=3
    )
    assert plan.protocol == 1 and draw.commitment(plan.seed) == plan.seed_commitment
    plan = services.plan_draw(plan_id=plan.pk, actor=hq)
    assert plan.status == "drawn" and plan.snapshot_commitment == ""
    with time_machine.travel(noon(dates["planned"] + timedelta(days=1))):
        plan = services.plan_reveal(plan=plan, actor=hq)
        verdict = services.plan_verify(plan=plan)
    assert verdict["protocol"] == 1
    assert verdict["seed_matches_commitment"] and verdict["result_matches"]
    assert verdict["targets"] == plan.result["targets"]


def test_anyone_reruns_a_published_draw_from_the_published_data(candidates, dates, tmp_path):
    hq = factories.hq()
    plan = committed(hq, dates)
    with time_machine.travel(noon(dates["beacon"])):
        plan = services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
    with time_machine.travel(noon(dates["planned"] + timedelta(days=1))):
        data_url = f"/supervision/plans/{plan.pk}/draw.json"
        assert Client().get(data_url).status_code == 302  # not public yet: log in
        plan = services.plan_reveal(plan=plan, actor=hq)
        plan = services.plan_publish(plan=plan, actor=hq)
        page = Client().get(f"/supervision/plans/{plan.pk}/verify/")
        assert page.status_code == 200
        text = page.content.decode()
        assert plan.snapshot_commitment in text and CANONICAL in text
        assert "候选名单与抽取前公布的承诺值一致" in text and "重新抽取结果一致" in text
        response = Client().get(data_url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["protocol"] == 2 and document["beacon"]["value"] == CANONICAL
    assert document["snapshot_commitment"] == plan.snapshot_commitment
    verdict = draw.verify_published(document)
    assert verdict["committed"] and verdict["result_matches"]
    assert verdict["targets"] == plan.result["targets"]
    stored = InspectionTarget.objects.filter(plan=plan).prefetch_related("inspectors")
    assert [row["case"] for row in verdict["targets"]] == [t.application_id for t in stored]
    # Offline, with nothing but the published file and casework/draw.py.
    path = tmp_path / "draw.json"
    path.write_text(response.content.decode(), encoding="utf-8")
    script = Path(draw.__file__)
    ran = subprocess.run(
        [sys.executable, str(script), str(path)], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["result_matches"] is True
    # The same file with one candidate removed fails offline too.
    document["snapshot"]["targets"]["case"].pop()
    document["snapshot"]["targets"]["bureau"].pop()
    path.write_text(json.dumps(document), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, str(script), str(path)], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 1


def test_the_published_data_is_the_managers_before_publication(candidates, dates):
    hq = factories.hq()
    plan = committed(hq, dates)
    with time_machine.travel(noon(dates["beacon"])):
        plan = services.plan_beacon_enter(plan=plan, actor=hq, value=NUMBERS)
    with time_machine.travel(noon(dates["planned"] + timedelta(days=1))):
        plan = services.plan_reveal(plan=plan, actor=hq)
        url = f"/supervision/plans/{plan.pk}/draw.json"
        manager, stranger = Client(), Client()
        manager.force_login(hq)
        stranger.force_login(factories.bureau_staff("beijing"))
        assert manager.get(url).status_code == 200
        assert stranger.get(url).status_code == 404
        assert json.loads(manager.get(url).content) == json.loads(
            json.dumps(draws.published_document(plan), ensure_ascii=False)
        )
