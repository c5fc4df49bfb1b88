"""事先不通知、不透露检查信息 (SPEC §1, §4): before the inspection date nobody but HQ planners and
the drawn inspectors learns what was drawn, through any endpoint; every view is logged."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from applications.services import case_transition
from supervision import services
from supervision.models import DrawView, InspectionTarget, PoolMember
from tests import factories, lottery
from tests.applications.factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/inspection-plans/"
PLAN_NAME = "绝密双随机抽查计划"
# Words that would betray a draw in a case's own endpoints.
TELLTALES = ("inspect", "target", "抽查", "抽取", "检查组", PLAN_NAME)


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def certified(enterprise, tag: str):
    """A case of `enterprise` taken to 保护中 through the case engine (so it has a history)."""
    plan = PlanFactory()
    case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
    attach_required_materials(case)
    owner = factories.enterprise_staff(enterprise, username=f"{tag}-owner")
    clerk = factories.bureau_staff(enterprise.bureau.code, username=f"{tag}-clerk")
    approver = factories.hq(username=f"{tag}-approver")
    evaluator = factories.agency_staff(plan.agency, username=f"{tag}-evaluator")
    for actor, name, body in [
        (owner, "submit", {}),
        (clerk, "accept", {}),
        (clerk, "pre_evaluate", {}),
        (clerk, "recommend", {}),
        (approver, "approve", {}),
        (owner, "choose_agency", {"agency": plan.agency}),
        (evaluator, "evaluate", {"score": 88}),
        (approver, "certify", {}),
    ]:
        case = case_transition(case=case, name=name, actor=actor, **body)
    return case, owner, evaluator


@pytest.fixture
def world(api_for):
    """Two protected products of 湖北局 (the only candidates), a pool of four inspectors from
    elsewhere, and a drawn HQ plan whose inspection is in three days. Everyone's view of the
    two cases is recorded before the draw, to compare with afterwards."""
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )
    first, owner, evaluator = certified(enterprise, "first")
    second, _, _ = certified(enterprise, "second")
    pool = []
    for n, code in enumerate(["jiangsu", "guangdong", "henan", "fujian"]):
        user = factories.inspector(code, username=f"drawn-candidate-{n}")
        PoolMember.objects.create(user=user, bureau=user.bureau, kind="inspector")
        pool.append(user)
    idle = factories.inspector("hubei", username="pool-but-own-bureau")
    PoolMember.objects.create(user=idle, bureau=idle.bureau, kind="inspector")

    people = {
        "owner": owner,
        "evaluator": evaluator,  # an agency that sees the case
        "other_agency": factories.agency_staff(username="other-agency"),
        "own_bureau": factories.bureau_staff("hubei", username="hubei-clerk"),
        "zone_lead": factories.bureau_staff("chongqing", username="chongqing-clerk"),
        "other_bureau": factories.bureau_staff("beijing", username="beijing-clerk"),
        "idle_inspector": idle,
        "outside_inspector": factories.inspector("jiangsu", username="not-in-pool"),
        "expert": factories.UserFactory(
            role="expert", bureau=factories.bureau("jiangsu"), username="an-expert"
        ),
        "anonymous": None,
    }
    cases = (first, second)
    before = {
        name: {case.pk: case_views(api_for, user, case) for case in cases}
        for name, user in people.items()
    }

    planner = factories.hq(username="planner")
    plan = services.plan_create(
        actor=planner,
        name=PLAN_NAME,
        planned_date=lottery.inspection_day(),
        sample_size=2,
        team_size=2,
        **lottery.declared(),
    )
    plan = lottery.drawn(plan)
    targets = list(InspectionTarget.objects.filter(plan=plan).order_by("position"))
    assert {t.application_id for t in targets} == {first.pk, second.pk}
    teams = [set(t.inspectors.all()) for t in targets]
    assert not teams[0] & teams[1] and teams[0] | teams[1] == set(pool)
    return {
        "plan": plan,
        "planner": planner,
        "cases": cases,
        "targets": targets,
        "teams": teams,
        "people": people,
        "before": before,
    }


def case_views(api_for, user, case) -> dict:
    """What `user` gets from the case's own endpoints: status and body."""
    client = api_for(user)
    views = {}
    for suffix in ("", "history/"):
        response = client.get(f"/api/v1/applications/{case.pk}/{suffix}")
        views[suffix] = (response.status_code, response.content.decode())
    return views


OUTSIDERS = [
    "owner",
    "evaluator",
    "other_agency",
    "own_bureau",
    "zone_lead",
    "other_bureau",
    "idle_inspector",
    "outside_inspector",
    "expert",
    "anonymous",
]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_learn_nothing_before_the_inspection(api_for, world, who):
    user, plan = world["people"][who], world["plan"]
    client = api_for(user)
    secrets = [PLAN_NAME, *(u.username for team in world["teams"] for u in team)]

    listed = client.get(PLANS)
    if user is None:
        assert listed.status_code in (401, 403)
    else:
        assert listed.status_code == 200
        assert all(row["targets"] is None for row in listed.json()["results"])
        assert listed.json()["results"] == []
    for secret in secrets:
        assert secret not in listed.content.decode()

    for url in (f"{PLANS}{plan.pk}/", f"{PLANS}{plan.pk}/verify/"):
        response = client.get(url)
        assert response.status_code in (401, 403, 404), (url, response.content)
        for secret in secrets:
            assert secret not in response.content.decode()
    with time_machine.travel(noon(plan.planned_date)):  # the inspection day: still secret
        assert client.get(f"{PLANS}{plan.pk}/").status_code in (401, 403, 404)
    response = client.post(f"{PLANS}{plan.pk}/draw/")
    assert response.status_code in (401, 403, 404)

    # The case's own endpoints are exactly what they were before the draw.
    for case in world["cases"]:
        after = case_views(api_for, user, case)
        assert after == world["before"][who][case.pk]
        for status, body in after.values():
            if status == 200:
                for word in TELLTALES:
                    assert word not in body.lower()

    assert not DrawView.objects.exists()


def test_the_enterprise_and_its_bureau_can_read_their_case_but_not_the_draw(api_for, world):
    """The cases are really visible to them: the comparison above is not 404 against 404."""
    first = world["cases"][0]
    for who in ("owner", "evaluator", "own_bureau", "zone_lead"):  # the evaluator: first only
        cases = world["cases"] if who != "evaluator" else [first]
        for case in cases:
            for status, _body in world["before"][who][case.pk].values():
                assert status == 200, who


def test_a_bureau_plan_is_not_shown_to_other_bureaus(api_for, world):
    hubei_plan = services.plan_create(
        actor=world["people"]["own_bureau"],
        name="湖北局自查计划",
        planned_date=timezone.localdate() + timedelta(days=5),
        sample_size=1,
        **lottery.declared(),
    )
    lottery.drawn(hubei_plan)
    for who in ("other_bureau", "zone_lead", "owner"):
        client = api_for(world["people"][who])
        assert client.get(f"{PLANS}{hubei_plan.pk}/").status_code == 404
        assert client.get(PLANS).json()["results"] == []
    # The planning bureau manages its own plan and sees it.
    own = api_for(world["people"]["own_bureau"]).get(f"{PLANS}{hubei_plan.pk}/").json()
    assert len(own["targets"]) == 1
    assert DrawView.objects.filter(plan=hubei_plan, user=world["people"]["own_bureau"]).count() == 1


def test_the_planner_sees_everything_and_each_view_is_logged(api_for, world):
    plan, planner = world["plan"], world["planner"]
    client = api_for(planner)
    listed = client.get(PLANS).json()["results"]
    assert [row["id"] for row in listed] == [plan.pk]
    assert listed[0]["targets"] is None  # lists never carry the draw
    assert not DrawView.objects.exists()

    for n in (1, 2):
        detail = client.get(f"{PLANS}{plan.pk}/").json()
        assert {t["case"] for t in detail["targets"]} == {c.pk for c in world["cases"]}
        assert DrawView.objects.filter(plan=plan, user=planner, via="api").count() == n
    teams = {t["case"]: set(t["inspectors"]) for t in detail["targets"]}
    for target, team in zip(world["targets"], world["teams"], strict=True):
        assert teams[target.application_id] == {u.username for u in team}
    assert detail["shortfalls"] == []
    assert "seed" not in detail

    # Another HQ planner may see it too — and is logged as well.
    colleague = factories.hq(username="planner-2")
    assert len(api_for(colleague).get(f"{PLANS}{plan.pk}/").json()["targets"]) == 2
    assert DrawView.objects.filter(plan=plan, user=colleague).count() == 1


def test_a_drawn_inspector_sees_only_its_own_target(api_for, world):
    plan = world["plan"]
    for target, team in zip(world["targets"], world["teams"], strict=True):
        for inspector in team:
            client = api_for(inspector)
            listed = client.get(PLANS).json()["results"]
            assert [row["id"] for row in listed] == [plan.pk]
            assert listed[0]["targets"] is None
            detail = client.get(f"{PLANS}{plan.pk}/")
            assert detail.status_code == 200
            body = detail.json()
            assert [t["case"] for t in body["targets"]] == [target.application_id]
            assert set(body["targets"][0]["inspectors"]) == {u.username for u in team}
            assert body["shortfalls"] is None
            others = {u.username for other in world["teams"] if other != team for u in other}
            assert not any(f'"{name}"' in detail.content.decode() for name in others)
            assert str(plan.seed) not in detail.content.decode()
            assert DrawView.objects.filter(plan=plan, user=inspector, via="api").count() == 1
            # Inspectors cannot re-run, draw or verify early.
            assert client.post(f"{PLANS}{plan.pk}/draw/").status_code == 403
            assert client.get(f"{PLANS}{plan.pk}/verify/").status_code == 409


def test_verification_is_unavailable_until_revealed_and_then_logged(api_for, world):
    plan, planner = world["plan"], world["planner"]
    client = api_for(planner)
    assert client.get(f"{PLANS}{plan.pk}/verify/").status_code == 409
    assert not DrawView.objects.exists()
    with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
        services.plan_reveal(plan=plan, actor=planner)
        response = client.get(f"{PLANS}{plan.pk}/verify/")
    assert response.status_code == 200
    assert response.json()["result_matches"] is True
    assert DrawView.objects.filter(plan=plan, user=planner, via="api").count() == 1
    # Revealed, but still nothing for outsiders.
    for who in ("owner", "other_bureau", "anonymous"):
        assert api_for(world["people"][who]).get(f"{PLANS}{plan.pk}/verify/").status_code in (
            401,
            403,
            404,
        )


def test_the_schema_has_no_inspection_field_on_a_case(api_for, world):
    schema = api_for(world["planner"]).get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]

    def properties(name: str) -> set[str]:
        return set(components[name]["properties"])

    for name in ("Application", "CaseHistory"):
        for prop in properties(name):
            assert not any(word in prop.lower() for word in ("inspect", "draw", "target")), prop
    for path in ("/api/v1/applications/{id}/", "/api/v1/applications/{id}/history/"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert "Application" in str(ok["schema"]) or "CaseHistory" in str(ok["schema"])
    plan = properties("InspectionPlan")
    assert "targets" in plan and "seed" not in plan and "snapshot" not in plan
    assert "result" not in plan
    assert components["InspectionPlan"]["properties"]["targets"].get("nullable") is True
    # An HQ plan has no owner bureau: null, which the schema did not allow.
    assert components["InspectionPlan"]["properties"]["owner_bureau"].get("nullable") is True
    # Verifying before the seed is revealed is a conflict, now documented.
    assert "409" in schema["paths"]["/api/v1/inspection-plans/{id}/verify/"]["get"]["responses"]
