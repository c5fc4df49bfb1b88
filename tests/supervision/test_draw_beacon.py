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


def test_every_new_plan_must_declare_a_future_draw_day_before_the_inspection(candidates, dates):
    """Protocol 2 is every new plan's (issue 14 point 15): no lottery, a lottery of no known
    source, a date that is not its draw day, today or before (its numbers may be known), or on
    or after the inspection date: refused, on the field at fault, and nothing is saved."""
    hq = factories.hq()
    not_a_draw_day = dates["beacon"] + timedelta(days=1)  # ssq draws every other day at most
    assert not_a_draw_day.weekday() not in beacon.SOURCES["ssq"].weekdays
    for source, on, planned, fields in [
        ("", None, dates["planned"], {"beacon_source", "beacon_date"}),  # no lottery at all
        ("ssq", None, dates["planned"], {"beacon_date"}),
        ("", dates["beacon"], dates["planned"], {"beacon_source"}),
        ("xyz", dates["beacon"], dates["planned"], {"beacon_source"}),
        ("ssq", not_a_draw_day, dates["planned"] + timedelta(days=7), {"beacon_date"}),
        ("ssq", dates["today"], dates["planned"], {"beacon_date"}),  # known today already
        ("ssq", dates["today"] - timedelta(days=7), dates["planned"], {"beacon_date"}),
        ("ssq", dates["beacon"], dates["beacon"], {"beacon_date"}),  # not before the inspection
    ]:
        with pytest.raises(InvalidInput) as raised:
            services.plan_create(
                actor=hq, name="计划", planned_date=planned, sample_size=2,
                beacon_source=source, beacon_date=on,
            )  # fmt: skip
        assert set(raised.value.field_errors) == fields, (source, on)
    draw_at = noon(dates["beacon"])  # the lists must be frozen before the draw day
    with pytest.raises(InvalidInput) as raised:
        beacon_plan(hq, dates, draw_at=draw_at)
    assert "draw_at" in raised.value.field_errors
    assert not InspectionPlan.objects.exists()
    plan = beacon_plan(hq, dates)  # the next draw day, before the inspection: protocol 2
    assert (plan.protocol, plan.beacon_source, plan.beacon_date) == (2, "ssq", dates["beacon"])


def test_the_plan_form_and_api_require_the_lottery(candidates, dates, api_for):
    owner = factories.bureau_staff("hubei", username="hubei-planner")
    body = {"name": "湖北抽查", "planned_date": dates["planned"].isoformat(), "sample_size": 2,
            "team_size": 2, "exclude_own_bureau": "on"}  # fmt: skip
    page = Client()
    page.force_login(owner)
    response = page.post("/supervision/plans/new/", body)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"beacon_source", "beacon_date"}
    response = page.post(
        "/supervision/plans/new/",
        {**body, "beacon_source": "ssq", "beacon_date": dates["today"].isoformat()},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"beacon_date"}
    assert not InspectionPlan.objects.exists()
    response = page.post(
        "/supervision/plans/new/",
        {**body, "beacon_source": "ssq", "beacon_date": dates["beacon"].isoformat()},
    )
    assert response.status_code == 302
    assert InspectionPlan.objects.get().protocol == 2

    api_body = {"name": "湖北抽查", "planned_date": dates["planned"].isoformat(), "sample_size": 2}
    client = api_for(owner)
    response = client.post("/api/v1/inspection-plans/", api_body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"beacon_source", "beacon_date"}
    response = client.post(
        "/api/v1/inspection-plans/",
        {**api_body, "beacon_source": "ssq", "beacon_date": dates["today"].isoformat()},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()) == {"detail", "beacon_date"}
    assert InspectionPlan.objects.count() == 1


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
        assert draws.published_document(plan)["result"] == expected.as_dict()
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


def legacy_plan(hq, candidates, *, status="revealed") -> InspectionPlan:
    """A plan as protocol 1 made and drew it before every plan had to declare a lottery (ADR
    0009): a secret seed made with the plan and its SHA-256 shown; the draw (algorithm 1, the
    snapshot stored as the lists themselves, format 1) stored when it was drawn; the seed
    revealed after the inspection and the results published. `status` "planned": made, and
    never drawn."""
    seed = "5e" * 32
    fields = {"name": "旧协议抽查", "created_by": hq, "sample_size": 2, "team_size": 2,
              "planned_date": timezone.localdate() - timedelta(days=30), "protocol": 1,
              "seed": seed, "seed_commitment": draw.commitment(seed)}  # fmt: skip
    if status == "planned":
        return InspectionPlan.objects.create(status=status, **fields)
    lists = {
        "targets": [
            {"case": case.pk, "bureau": case.bureau_id, "recused": []} for case in candidates
        ],
        "inspectors": [
            {"user": member.user_id, "bureau": member.bureau_id}
            for member in PoolMember.objects.order_by("pk")
        ],
    }
    result = draw.run(lists, seed, sample_size=2, team_size=2, exclude_own_bureau=True,
                      weighted=False, algorithm=1)  # fmt: skip
    plan = InspectionPlan.objects.create(
        status=status, snapshot=lists, result=result.as_dict(), shortfalls=result.shortfalls,
        drawn_at=timezone.now() - timedelta(days=35), revealed_at=timezone.now(),
        published_at=timezone.now(), **fields,
    )  # fmt: skip
    for position, row in enumerate(result.targets, start=1):
        target = InspectionTarget.objects.create(
            plan=plan, application_id=row["case"], position=position
        )
        target.inspectors.set(row["inspectors"])
    return plan


def test_an_old_protocol_1_plan_still_verifies_and_shows(candidates):
    """Protocol 1 is legacy: no new plan uses it, but the plans drawn by it verify as before,
    on the public page, by the published data (offline too) and by the API."""
    hq = factories.hq()
    plan = legacy_plan(hq, candidates)
    verdict = services.plan_verify(plan=plan)
    assert verdict["protocol"] == 1 and verdict["algorithm"] == 1
    assert verdict["seed_matches_commitment"] and verdict["result_matches"]
    assert verdict["targets"] == plan.result["targets"]
    text = Client().get(f"/supervision/plans/{plan.pk}/verify/").content.decode()
    assert "种子与承诺一致" in text and "重新抽取结果一致" in text and plan.seed in text
    document = json.loads(Client().get(f"/supervision/plans/{plan.pk}/draw.json").content)
    assert document["protocol"] == 1 and draw.verify_published(document)["result_matches"]
    page = Client()
    page.force_login(hq)
    text = page.get(f"/supervision/plans/{plan.pk}/").content.decode()
    assert plan.seed_commitment in text and plan.seed in text
    assert page.get("/supervision/plans/").status_code == 200
    # A seed that does not match the shown commitment fails, as it always did.
    InspectionPlan.objects.filter(pk=plan.pk).update(seed="6f" * 32)
    assert not services.plan_verify(plan=InspectionPlan.objects.get(pk=plan.pk))[
        "seed_matches_commitment"
    ]


def test_an_old_protocol_1_plan_never_drawn_is_not_drawn_now(candidates, api_for):
    """Its secret seed has been in the database since it was made: whoever could read it could
    choose the lists for it. It is refused (409) and its page says to make a new plan."""
    hq = factories.hq()
    plan = legacy_plan(hq, candidates, status="planned")
    InspectionPlan.objects.filter(pk=plan.pk).update(
        planned_date=timezone.localdate() + timedelta(days=5)
    )
    assert plan.stranded
    with pytest.raises(Conflict):
        services.plan_draw(plan_id=plan.pk, actor=hq)
    response = api_for(hq).post(f"/api/v1/inspection-plans/{plan.pk}/draw/")
    assert response.status_code == 409
    page = Client()
    page.force_login(hq)
    text = page.get(f"/supervision/plans/{plan.pk}/").content.decode()
    assert "已不能抽取" in text and "请重新制定计划" in text
    assert "封存候选名单</button>" not in text
    assert page.post(f"/supervision/plans/{plan.pk}/draw/").status_code == 409
    assert InspectionPlan.objects.get(pk=plan.pk).status == "planned"
    assert not InspectionTarget.objects.filter(plan=plan).exists()


def test_the_pages_say_the_numbers_must_be_entered_before_anything_is_drawn(candidates, dates):
    hq = factories.hq()
    page = Client()
    page.force_login(hq)
    plan = beacon_plan(hq, dates)
    text = page.get(f"/supervision/plans/{plan.pk}/").content.decode()
    assert "抽取分两步" in text and "封存候选名单</button>" in text
    plan = services.plan_draw(plan_id=plan.pk, actor=hq)
    text = page.get(f"/supervision/plans/{plan.pk}/").content.decode()
    assert "开奖后须录入开奖号码，录入后才会抽取" in text
    assert "待录入开奖号码" not in text
    with time_machine.travel(noon(dates["beacon"])):
        page = Client()
        page.force_login(hq)
        text = page.get(f"/supervision/plans/{plan.pk}/").content.decode()
        assert "已开奖，开奖号码尚未录入：录入开奖号码后才会抽取" in text
        assert "待录入开奖号码" in text and "录入开奖号码并抽取" in text
        assert "待录入开奖号码" in page.get("/supervision/plans/").content.decode()
        # A plan whose lists were not committed before its lottery drew: never drawn.
        late = InspectionPlan.objects.create(
            name="未及时封存", created_by=hq, sample_size=1, planned_date=dates["planned"],
            protocol=2, beacon_source="ssq", beacon_date=dates["beacon"],
        )  # fmt: skip
        text = page.get(f"/supervision/plans/{late.pk}/").content.decode()
        assert "候选名单未在此之前封存：本计划已不能抽取" in text
        assert "已不能抽取" in page.get("/supervision/plans/").content.decode()
        assert page.post(f"/supervision/plans/{late.pk}/draw/").status_code == 409


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
