"""京津冀联动抽查 (seed 003 §三.27 "协调区域内'双随机'工作机制,实施'国家监督抽查+地方监督抽查+
区域联动抽查'工作机制"; ADR 0037): a zone plan of the 京津冀专区 draws targets across the three
places and teams mixed from the three bureaus, by the verifiable draw; once carried out, its
results go to every member of the cooperation and to nobody else."""

from datetime import timedelta

import pytest

from casework import draw, draws
from ecoorigin.exceptions import InvalidInput
from regions.models import Zone
from supervision import selectors, services
from supervision.models import Inspection, InspectionPlan, PoolMember
from tests import factories, lottery
from tests.supervision.test_services import protected

PLACES = ("beijing", "tianjin", "hebei")
LIST = "/api/v1/joint-checks/"
PAGE = "/cooperation/joint-checks/"
PLANS = "/api/v1/inspection-plans/"
MEMBERS = [
    *(f"{code}_{kind}" for code in PLACES for kind in ("bureau", "inspector", "authority")),
    "renjianwei",
    "biaozhunwei",
    "hq",
]
OUTSIDERS = ["jiangsu_bureau", "jiangsu_authority", "tongguan", "shipin", "enterprise", "agency"]


def jingjinji() -> Zone:
    return Zone.objects.get(code="jingjinji")


def fields(**extra) -> dict:
    body = {"name": "京津冀联动抽查", "planned_date": lottery.inspection_day(), "sample_size": 6}
    body.update(lottery.declared())
    body.update(extra)
    return body


@pytest.fixture
def world(actors):
    """Protected products in each place and in 江苏; two pool inspectors in each place's bureau
    and in 江苏's."""
    cases = {code: [protected(code) for _ in range(3)] for code in (*PLACES, "jiangsu")}
    pool = {}
    for code in (*PLACES, "jiangsu"):
        pool[code] = []
        for n in range(2):
            person = factories.inspector(code, username=f"jc-{code}-{n}")
            PoolMember.objects.create(user=person, bureau=person.bureau, kind="inspector")
            pool[code].append(person)
    return {"cases": cases, "pool": pool}


@pytest.fixture
def joint_plan(actors, world):
    """The Beijing bureau's joint plan (it leads the zone), consented by Tianjin and Hebei."""
    plan = services.plan_create(
        actor=actors["beijing_bureau"], zone=jingjinji(), exclude_own_bureau=False,
        **fields(team_size=3),
    )  # fmt: skip
    for code in ("tianjin", "hebei"):
        services.plan_consent_record(plan=plan, actor=actors[f"{code}_bureau"], consent=True)
    return plan


@pytest.fixture
def drawn(joint_plan, actors):
    return lottery.drawn(joint_plan, actor=actors["beijing_bureau"])


@pytest.fixture
def carried_out(drawn, mid_year, world):
    """The day after the inspections, with one inspection recorded per place."""
    mid_year.move_to(lottery.noon(drawn.planned_date + timedelta(days=1)))
    recorded = set()
    for target in drawn.targets.select_related("application__bureau"):
        code = target.application.bureau.code
        if code not in recorded:
            Inspection.objects.create(
                target=target,
                findings=f"{code}：标签不规范",
                outcome=Inspection.Outcome.RECTIFY,
                recorded_by=target.inspectors.first(),
            )
            recorded.add(code)
    return drawn


class TestTheJointPlan:
    def test_its_teams_are_mixed_by_default(self, joint_plan):
        assert joint_plan.mixed_teams

    def test_unmixing_it_is_a_field_error(self, actors, world):
        with pytest.raises(InvalidInput) as error:
            services.plan_create(
                actor=actors["beijing_bureau"], zone=jingjinji(), mixed_teams=False, **fields()
            )
        assert "mixed_teams" in error.value.field_errors
        assert not InspectionPlan.objects.exists()

    def test_a_bureaus_own_plan_cannot_mix(self, actors):
        with pytest.raises(InvalidInput) as error:
            services.plan_create(actor=actors["tianjin_bureau"], mixed_teams=True, **fields())
        assert "mixed_teams" in error.value.field_errors

    def test_hq_chooses(self, actors):
        plan = services.plan_create(actor=actors["hq"], mixed_teams=True, **fields())
        assert plan.mixed_teams
        assert not services.plan_create(actor=actors["hq"], **fields(name="x")).mixed_teams

    def test_the_api_answers_400_with_the_field(self, api_for, actors, world):
        body = {
            **fields(organising_zone="jingjinji", mixed_teams=False),
            "planned_date": lottery.inspection_day().isoformat(),
            **lottery.declared_form(),
        }
        response = api_for(actors["beijing_bureau"]).post(PLANS, body, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["mixed_teams"]
        body["mixed_teams"] = None
        response = api_for(actors["beijing_bureau"]).post(PLANS, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["mixed_teams"] is True

    def test_the_form_offers_it_checked_on_zone_plans(self, client_for, actors):
        page = client_for(actors["beijing_bureau"]).get("/supervision/plans/zone/new/")
        assert page.status_code == 200
        assert 'name="mixed_teams"' in page.content.decode()
        own = client_for(actors["beijing_bureau"]).get("/supervision/plans/new/")
        assert 'name="mixed_teams"' not in own.content.decode()


class TestTheDraw:
    def test_targets_from_the_three_places_and_one_inspector_of_each_bureau_per_team(
        self, drawn, world
    ):
        bureau_of = {p.user_id: p.bureau.code for p in PoolMember.objects.select_related("bureau")}
        targets = list(drawn.targets.select_related("application__bureau"))
        assert len(targets) == 6
        assert {t.application.bureau.code for t in targets} == set(PLACES)
        for target in targets:
            team = [bureau_of[user.pk] for user in target.inspectors.all()]
            assert sorted(team) == sorted(PLACES)
        assert drawn.shortfalls == []

    def test_it_stays_verifiable(self, carried_out, actors):
        plan = services.plan_reveal(plan=carried_out, actor=actors["beijing_bureau"])
        document = draws.published_document(plan)
        assert document["parameters"]["mixed_teams"] is True
        verdict = draw.verify_published(document)
        assert verdict["committed"] and verdict["result_matches"]
        # Without the switch the same seed would have drawn other teams: it is part of the draw.
        unmixed = {**document, "parameters": {**document["parameters"], "mixed_teams": False}}
        assert draw.verify_published(unmixed)["targets"] != verdict["targets"]

    def test_too_few_bureaus_is_said_in_plain_words(self, actors, world):
        plan = services.plan_create(
            actor=actors["beijing_bureau"], zone=jingjinji(), exclude_own_bureau=True,
            **fields(team_size=3, sample_size=1),
        )  # fmt: skip
        for code in ("tianjin", "hebei"):
            services.plan_consent_record(plan=plan, actor=actors[f"{code}_bureau"], consent=True)
        plan = lottery.drawn(plan, actor=actors["beijing_bureau"])
        # Excluding the target's own bureau leaves two bureaus for a team of three.
        assert [s["kind"] for s in plan.shortfalls] == ["mixed"]
        lines = draws.shortfall_lines(
            plan, names={}, few_candidates="", own_bureau="", no_candidates=""
        )
        assert "混合编组不足" in lines[0]


class TestSharedResults:
    def test_nothing_before_the_inspection_date(self, drawn, api_for, actors):
        for name in MEMBERS:
            assert not selectors.joint_checks_visible_to(user=actors[name]).exists(), name
            assert api_for(actors[name]).get(LIST).json()["results"] == [], name
            assert api_for(actors[name]).get(f"{LIST}{drawn.pk}/").status_code == 404, name

    @pytest.mark.parametrize("name", MEMBERS)
    def test_every_member_sees_every_target_after_it(
        self, carried_out, api_for, client_for, actors, name
    ):
        rows = api_for(actors[name]).get(LIST).json()["results"]
        assert [row["id"] for row in rows] == [carried_out.pk]
        assert rows[0]["target_count"] == 6 and rows[0]["inspected_count"] == 3
        body = api_for(actors[name]).get(f"{LIST}{carried_out.pk}/").json()
        assert len(body["targets"]) == 6
        assert [place["code"] for place in body["places"]] == list(PLACES)
        assert all(place["outcomes"] == {"rectify": 1} for place in body["places"])
        assert all(len(target["team"]) == 3 for target in body["targets"])
        page = client_for(actors[name]).get(f"{PAGE}{carried_out.pk}/")
        assert page.status_code == 200
        assert "标签不规范" in page.content.decode()
        assert client_for(actors[name]).get(PAGE).status_code == 200

    @pytest.mark.parametrize("name", OUTSIDERS)
    def test_nobody_else(self, carried_out, api_for, client_for, actors, name):
        assert api_for(actors[name]).get(LIST).json()["results"] == []
        assert api_for(actors[name]).get(f"{LIST}{carried_out.pk}/").status_code == 404
        assert client_for(actors[name]).get(PAGE).status_code == 404
        assert client_for(actors[name]).get(f"{PAGE}{carried_out.pk}/").status_code == 404

    def test_anonymous(self, carried_out, api_for, client):
        assert api_for(None).get(LIST).status_code in (401, 403)
        page = client.get(f"{PAGE}{carried_out.pk}/")
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]

    def test_a_member_bureau_sees_every_target_on_the_plan_too(
        self, carried_out, api_for, client_for, actors
    ):
        body = api_for(actors["hebei_bureau"]).get(f"{PLANS}{carried_out.pk}/").json()
        assert len(body["targets"]) == 6
        page = client_for(actors["hebei_bureau"]).get(f"/supervision/plans/{carried_out.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        for target in carried_out.targets.select_related("application"):
            assert target.application.product_name in text

    def test_before_the_date_a_member_bureau_sees_none_of_its_targets(self, drawn, api_for, actors):
        body = api_for(actors["hebei_bureau"]).get(f"{PLANS}{drawn.pk}/").json()
        assert not body["targets"]

    def test_other_zone_plans_are_not_joint_checks(self, carried_out, actors, world):
        lead = factories.bureau_staff("chongqing", username="jc-cq")
        services.plan_create(actor=lead, zone=Zone.objects.get(code="southwest"), **fields())
        assert list(selectors.joint_checks_visible_to(user=actors["hq"])) == [carried_out]

    def test_the_detail_reads_in_few_queries(
        self, carried_out, client_for, actors, django_assert_max_num_queries
    ):
        browser = client_for(actors["tianjin_authority"])
        browser.get(f"{PAGE}{carried_out.pk}/")
        with django_assert_max_num_queries(16):
            browser.get(f"{PAGE}{carried_out.pk}/")
