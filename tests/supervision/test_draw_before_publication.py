"""A draw is never shown before it is published (security finding, issue 12 point 1).

Once HQ has revealed a plan's seed, verifying the draw before its results are published shows each
caller what its plan page shows it (its bureau's targets, its own team) plus the checks' verdicts;
the full re-run goes to the planners, and to everyone only once the results are published. Every
role is checked on the plan page, the plan API, the verify page and the verify API, before and
after publication."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application
from supervision import services
from supervision.models import InspectionPlan, InspectionTarget, PoolMember
from tests import factories, lottery
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/inspection-plans/"
PRODUCTS = {"hubei": "恩施玉露秘茶", "beijing": "京西秘境蜂蜜"}
ALL, HUBEI, BEIJING, NOTHING = {"hubei", "beijing"}, {"hubei"}, {"beijing"}, set()
VIEWS = ("plan_page", "plan_api", "verify_page", "verify_api")
# Refusals: a page sends the anonymous to the login page, the API answers 401 or 403.
LOGIN, DENIED, HIDDEN = "login", "denied", 404


def shown(products, teams=None):
    """200, showing the targets of the `products` bureaus and the teams of the `teams` bureaus."""
    return (200, products, products if teams is None else teams)


def everywhere(outcome) -> dict:
    return dict.fromkeys(VIEWS, outcome)


# Revealed, not yet published: nobody sees more on the verify page or API than on the plan
# page or API.
BEFORE = {
    "hq": everywhere(shown(ALL)),
    "own_bureau": everywhere(shown(HUBEI)),
    "other_bureau": everywhere(HIDDEN),
    "drawn_inspector": everywhere(shown(HUBEI)),
    "other_team_inspector": everywhere(shown(BEIJING)),
    "undrawn_inspector": everywhere(HIDDEN),
    "enterprise": everywhere(HIDDEN),
    "anonymous": {
        "plan_page": LOGIN,
        "plan_api": DENIED,
        "verify_page": LOGIN,
        "verify_api": DENIED,
    },
}

# Published: as it always was. The verify page is public and lists every target, with the
# names of the teams the caller may see; the verify API gives the full re-run to whoever sees
# the plan; the plan page and API are unchanged.
PUBLIC_VERIFY = {"verify_page": shown(ALL, NOTHING)}
AFTER = {
    "hq": everywhere(shown(ALL)),
    "own_bureau": {
        "plan_page": shown(HUBEI),
        "plan_api": shown(HUBEI),
        "verify_page": shown(ALL, HUBEI),
        "verify_api": shown(ALL),
    },
    "other_bureau": everywhere(HIDDEN) | PUBLIC_VERIFY,
    "drawn_inspector": {
        "plan_page": shown(HUBEI),
        "plan_api": shown(HUBEI),
        "verify_page": shown(ALL, HUBEI),
        "verify_api": shown(ALL),
    },
    "other_team_inspector": {
        "plan_page": shown(BEIJING),
        "plan_api": shown(BEIJING),
        "verify_page": shown(ALL, BEIJING),
        "verify_api": shown(ALL),
    },
    "undrawn_inspector": everywhere(HIDDEN) | PUBLIC_VERIFY,
    "enterprise": everywhere(HIDDEN) | PUBLIC_VERIFY,
    "anonymous": {
        "plan_page": LOGIN,
        "plan_api": DENIED,
        "verify_page": shown(ALL, NOTHING),
        "verify_api": DENIED,
    },
}


class World:
    """An HQ plan over 湖北 and 北京 with one protected product each (the only candidates), a
    pool of four inspectors from elsewhere drawn into two disjoint teams of two, and a person of
    every kind. The inspection is in three days, after the lottery its draw declared."""

    def __init__(self):
        self.planner = factories.hq(username="planner")
        self.cases = {}
        for code, product in PRODUCTS.items():
            enterprise = factories.EnterpriseFactory(
                bureau=factories.bureau(code), confirmed_at=timezone.now()
            )
            case = ApplicationFactory(enterprise=enterprise, product_name=product)
            Application.objects.filter(pk=case.pk).update(state="protected")
            self.cases[code] = case
        for n, code in enumerate(["jiangsu", "guangdong", "henan", "fujian"]):
            person = factories.inspector(code, username=f"pool-{code}", first_name=f"检查员{n}号")
            PoolMember.objects.create(user=person, bureau=person.bureau, kind="inspector")
        self.date = lottery.inspection_day()
        plan = services.plan_create(
            actor=self.planner,
            name="湖北北京双随机抽查",
            planned_date=self.date,
            sample_size=2,
            team_size=2,
            bureaus=[factories.bureau("hubei"), factories.bureau("beijing")],
            **lottery.declared(),
        )
        self.plan = lottery.drawn(plan)
        self.teams = {
            target.application.bureau.code: list(target.inspectors.all())
            for target in InspectionTarget.objects.filter(plan=self.plan)
        }
        assert set(self.teams) == ALL
        assert not set(self.teams["hubei"]) & set(self.teams["beijing"])
        self.people = {
            "hq": self.planner,
            "own_bureau": factories.bureau_staff("hubei", username="clerk-hubei"),
            "other_bureau": factories.bureau_staff("shandong", username="clerk-shandong"),
            "drawn_inspector": self.teams["hubei"][0],
            "other_team_inspector": self.teams["beijing"][0],
            "undrawn_inspector": factories.inspector("henan", username="not-drawn"),
            "enterprise": factories.enterprise_staff(
                self.cases["hubei"].enterprise, username="owner-hubei"
            ),
            "anonymous": None,
        }

    def reveal(self, *, publish: bool) -> None:
        services.plan_reveal(plan=self.plan, actor=self.planner)
        if publish:
            services.plan_publish(plan=self.plan, actor=self.planner)
        self.plan.refresh_from_db()

    def name(self, person) -> str:
        return person.get_full_name() or person.username

    def views(self, user) -> dict:
        """The four answers, as `user` (None: anonymous)."""
        page = Client(REMOTE_ADDR="10.0.0.1")
        api = APIClient()
        if user is not None:
            page.force_login(user)
            api.force_authenticate(user)
        url = f"/supervision/plans/{self.plan.pk}/"
        return {
            "plan_page": page.get(url),
            "plan_api": api.get(f"{PLANS}{self.plan.pk}/"),
            "verify_page": page.get(url + "verify/"),
            "verify_api": api.get(f"{PLANS}{self.plan.pk}/verify/"),
        }


@pytest.fixture
def world():
    return World()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def check(world, view, response, expected) -> None:
    body = response.content.decode()
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        return
    if expected == DENIED:
        assert response.status_code in (401, 403), body
        return
    if expected == HIDDEN:
        assert response.status_code == 404, body
        products, teams = NOTHING, NOTHING
    else:
        status, products, teams = expected
        assert response.status_code == status, body
    if view.endswith("_page"):
        page = text(response)
        for code in ALL:
            assert (PRODUCTS[code] in page) == (code in products), (view, code)
            for person in world.teams[code]:
                assert (world.name(person) in page) == (code in teams), (view, code, person)
        if view == "verify_page" and response.status_code == 200:
            assert "候选名单与抽取前公布的承诺值一致" in page and "重新抽取结果一致" in page
            assert ("只列出您可查看的检查对象" in page) is (products != ALL)
        return
    if response.status_code != 200:
        return
    data = response.json()
    cases = {world.cases[code].pk: code for code in ALL}
    if view == "plan_api":
        rows = {cases[row["case"]]: set(row["inspectors"]) for row in data["targets"] or []}
        assert rows == {code: {p.username for p in world.teams[code]} for code in products}
    else:
        rows = {cases[row["case"]]: set(row["inspectors"]) for row in data["targets"]}
        assert rows == {code: {p.pk for p in world.teams[code]} for code in products}
        assert data["seed_matches_commitment"] is True and data["result_matches"] is True
        assert data["complete"] is (products == ALL)
        # A partial view keeps each target's place in the draw.
        stored = dict(
            InspectionTarget.objects.filter(plan=world.plan).values_list("application", "position")
        )
        assert all(row["position"] == stored[row["case"]] for row in data["targets"])


@pytest.mark.parametrize("who", list(BEFORE))
def test_before_publication_verifying_shows_no_more_than_the_plan_page(world, who):
    with time_machine.travel(world.date + timedelta(days=1)):
        world.reveal(publish=False)
        answers = world.views(world.people[who])
    for view, response in answers.items():
        check(world, view, response, BEFORE[who][view])


@pytest.mark.parametrize("who", list(AFTER))
def test_after_publication_verification_is_unchanged(world, who):
    with time_machine.travel(world.date + timedelta(days=1)):
        world.reveal(publish=True)
        answers = world.views(world.people[who])
    for view, response in answers.items():
        check(world, view, response, AFTER[who][view])


def test_the_verdicts_cover_the_whole_draw_even_for_a_partial_view(world):
    """A bureau sees only its own target, but a tampered team elsewhere still fails the check."""
    with time_machine.travel(world.date + timedelta(days=1)):
        world.reveal(publish=False)
        beijing = world.cases["beijing"].pk
        result = world.plan.result
        for row in result["targets"]:
            if row["case"] == beijing:
                row["inspectors"] = list(reversed(row["inspectors"]))[:1]
        InspectionPlan.objects.filter(pk=world.plan.pk).update(result=result)
        answers = world.views(world.people["own_bureau"])
    verified = answers["verify_api"].json()
    assert verified["result_matches"] is False and verified["seed_matches_commitment"] is True
    assert [row["case"] for row in verified["targets"]] == [world.cases["hubei"].pk]
    page = text(answers["verify_page"])
    assert "重新抽取结果与保存的结果不一致" in page
    assert PRODUCTS["beijing"] not in page


def test_a_bureau_planner_verifies_its_whole_plan_before_publication(world):
    """Whoever made the plan sees the full re-run; others see what their plan page shows."""
    hubei = world.people["own_bureau"]
    second = ApplicationFactory(
        enterprise=world.cases["hubei"].enterprise, product_name="恩施富硒秘米"
    )
    Application.objects.filter(pk=second.pk).update(state="protected")
    plan = services.plan_create(
        actor=hubei,
        name="湖北局自查计划",
        planned_date=world.date,
        sample_size=2,
        **lottery.declared(),
    )
    plan = lottery.drawn(plan)
    drawn = {t.application_id for t in InspectionTarget.objects.filter(plan=plan)}
    assert drawn == {world.cases["hubei"].pk, second.pk}
    with time_machine.travel(world.date + timedelta(days=1)):
        services.plan_reveal(plan=plan, actor=hubei)
        api = APIClient()
        api.force_authenticate(hubei)
        verified = api.get(f"{PLANS}{plan.pk}/verify/").json()
        assert {row["case"] for row in verified["targets"]} == drawn
        assert verified["complete"] is True
        page = Client(REMOTE_ADDR="10.0.0.1")
        page.force_login(hubei)
        body = text(page.get(f"/supervision/plans/{plan.pk}/verify/"))
        assert PRODUCTS["hubei"] in body and "恩施富硒秘米" in body
        # Anyone else who may open the plan: the same targets as on its plan page.
        team = InspectionTarget.objects.get(plan=plan, application=second).inspectors.all()
        for user in (world.planner, *team):
            api.force_authenticate(user)
            detail = api.get(f"{PLANS}{plan.pk}/").json()
            verified = api.get(f"{PLANS}{plan.pk}/verify/").json()
            cases = {row["case"] for row in verified["targets"]}
            assert cases == {row["case"] for row in detail["targets"] or []}
            assert verified["complete"] is False and verified["result_matches"] is True
