"""监督检查 of demonstration zones (seed 001 §七.3, issue #13 point 8): HQ and the bureaus draw
zones, or the enterprises of zones, and teams of their staff with the verifiable double-random
draw (casework.draws); the drawn staff record findings and an outcome; the results are published.

First the services (what a plan covers, who is drawn and who never is, once-only draws, the
dates, the record), then every actor × every page and API operation, before and after the
inspection date and the publication, and the pages' query counts."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from casework import draw
from demonstration import selectors, services
from demonstration.models import (
    DemonstrationZone,
    ZoneHistory,
    ZoneInspection,
    ZoneInspectionPlan,
    ZoneInspectionTarget,
)
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from tests import factories, lottery
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import ZONE_BODY
from .test_pages import ENGLISH, _switch, _untranslated

pytestmark = pytest.mark.django_db

HQ_PLAN = "总局示范区机密抽查计划"
BUREAU_PLAN = "北京局示范区自查计划"
CLERKS = ("甲检查员", "乙检查员", "丙检查员")
FINDINGS = "区内企业质量档案记录不全，仅供检查组知悉的发现"
ZONE_NAME = ZONE_BODY["name"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def noon(day):
    """Midday of `day` in the portal's time zone (safe for timezone.localdate())."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def plan_for(actor, **fields) -> ZoneInspectionPlan:
    body = {
        "name": "示范区抽查计划",
        "subject": "zones",
        "planned_date": lottery.inspection_day(),
        "sample_size": 1,
        **lottery.declared(),
    }
    return services.zone_plan_create(actor=actor, **{**body, **fields})


def drawn(plan) -> ZoneInspectionPlan:
    """Committed now and drawn on its lottery's day by its maker (tests.lottery)."""
    return lottery.drawn(plan)


def team_of(target) -> set:
    return set(target.inspectors.all())


def zone_of(make_zone, government, state="designated", level="national", **fields):
    """make_zone's zone, moved to `government` (and its bureau) if given."""
    zone = make_zone(state, level=level)
    if government is not None:
        fields.update(
            applicant=government.organisation, bureau_id=government.organisation.bureau_id
        )
    if fields:
        DemonstrationZone.objects.filter(pk=zone.pk).update(**fields)
    return DemonstrationZone.objects.get(pk=zone.pk)


# ---------------------------------------------------------------- services: the plan


def test_only_hq_and_bureaus_make_plans(people):
    for name in ("applicant", "enterprise", "inspector", "agency", "hq_department"):
        with pytest.raises(NotPermitted):
            plan_for(people[name])
    assert plan_for(people["hq"]).owner_bureau is None
    assert plan_for(people["bureau"]).owner_bureau == people["bureau"].bureau


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"subject": "products"}, "subject"),
        ({"level": "county"}, "level"),
        ({"sample_size": None}, "sample_size"),  # neither size nor ratio
        ({"sample_ratio": 10}, "sample_size"),  # both
        ({"sample_size": 0}, "sample_size"),
        ({"sample_size": None, "sample_ratio": 150}, "sample_ratio"),
        ({"team_size": 1}, "team_size"),
        ({"planned_date": timezone.localdate() - timedelta(days=1)}, "planned_date"),
    ],
)
def test_a_plan_with_a_wrong_field_is_refused_naming_the_field(hq, fields, field):
    with pytest.raises(InvalidInput) as refused:
        plan_for(hq, **fields)
    assert field in refused.value.field_errors
    assert not ZoneInspectionPlan.objects.exists()


def test_a_plan_declares_its_lottery_and_keeps_no_secret(hq):
    plan = plan_for(hq)
    assert plan.status == "planned"
    assert (plan.protocol, plan.seed, plan.seed_commitment) == (2, "", "")
    assert (plan.beacon_source, plan.beacon_date) == tuple(lottery.declared().values())


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"beacon_source": "", "beacon_date": None}, {"beacon_source", "beacon_date"}),
        ({"beacon_date": None}, {"beacon_date"}),
        ({"beacon_source": "xyz"}, {"beacon_source"}),
        ({"beacon_date": timezone.localdate()}, {"beacon_date"}),  # known today already
        ({"beacon_date": timezone.localdate() - timedelta(days=7)}, {"beacon_date"}),
        ({"planned_date": timezone.localdate() + timedelta(days=1)}, {"beacon_date"}),
    ],
)
def test_a_plan_without_a_future_lottery_before_its_inspection_is_refused(hq, fields, errors):
    """Every new plan draws by protocol 2 (issue 14 point 15): its lottery, on a draw day after
    today and before the inspection date, is required."""
    if "planned_date" in fields:  # the lottery must come before the inspection
        fields = {**fields, "beacon_date": fields["planned_date"] + timedelta(days=1)}
    with pytest.raises(InvalidInput) as refused:
        plan_for(hq, **fields)
    assert errors <= set(refused.value.field_errors)
    assert not ZoneInspectionPlan.objects.exists()


def test_a_bureau_plan_covers_its_own_zones_and_draws_its_own_staff(make_zone, people, gov_jiangsu):
    bureau = people["bureau"]
    own = [zone_of(make_zone, None) for _ in range(2)]
    provincial = zone_of(make_zone, None, level="provincial")
    zone_of(make_zone, gov_jiangsu)  # 江苏局's
    zone_of(make_zone, None, state="assessed")  # no title yet
    second = factories.inspector("beijing", username="zone-inspector-2")
    plan = drawn(plan_for(bureau, sample_size=None, sample_ratio=100, team_size=2))
    assert plan.exclude_own_bureau is False  # its own staff inspect its own zones
    targets = list(plan.targets.all())
    assert {t.zone_id for t in targets} == {*(z.pk for z in own), provincial.pk}
    staff = {bureau, people["inspector"], second}
    for target in targets:
        assert len(team_of(target)) == 2 and team_of(target) <= staff
    # A bureau's plan by level: the provincial zones only.
    only = drawn(plan_for(bureau, sample_size=None, sample_ratio=100, level="provincial"))
    assert [t.zone_id for t in only.targets.all()] == [provincial.pk]


def test_an_hq_plan_covers_every_bureau_and_by_default_not_the_zones_own_staff(
    make_zone, people, gov_jiangsu
):
    beijing, jiangsu = zone_of(make_zone, None), zone_of(make_zone, gov_jiangsu)
    shandong = factories.bureau_staff("shandong", username="zone-sd-clerk")
    plan = drawn(plan_for(people["hq"], sample_size=2, team_size=2))
    teams = {t.zone_id: team_of(t) for t in plan.targets.all()}
    assert set(teams) == {beijing.pk, jiangsu.pk}
    # 北京's zone: 江苏 and 山东 staff; 江苏's: 北京 and 山东 staff.
    assert teams[beijing.pk] == {people["other_bureau"], shandong}
    assert len(teams[jiangsu.pk]) == 2
    assert teams[jiangsu.pk] <= {people["bureau"], people["inspector"], shandong}


def test_an_hq_plan_may_draw_the_zones_own_staff_if_told(make_zone, bureau_beijing, inspector, hq):
    zone = zone_of(make_zone, None)
    plan = drawn(plan_for(hq, team_size=2, exclude_own_bureau=False))
    target = plan.targets.get()
    assert target.zone_id == zone.pk
    assert team_of(target) == {bureau_beijing, inspector}


def test_a_plan_is_drawn_once(make_zone, hq, people):
    zone_of(make_zone, None)
    zone_of(make_zone, None)
    plan = plan_for(hq)
    committed = services.zone_plan_draw(plan_id=plan.pk, actor=hq)
    assert committed.status == "committed" and not committed.targets.exists()
    assert services.zone_plan_draw(plan_id=plan.pk, actor=hq).committed_at == (
        committed.committed_at
    )
    first = drawn(plan)
    with time_machine.travel(noon(first.beacon_date)), pytest.raises(Conflict):
        services.zone_plan_beacon_enter(plan=first, actor=hq, value=lottery.NUMBERS["dlt"])
    again = services.zone_plan_draw(plan_id=plan.pk, actor=hq)
    assert again.drawn_at == first.drawn_at and again.result == first.result
    assert ZoneInspectionTarget.objects.filter(plan=plan).count() == 1
    with pytest.raises(Conflict):
        services.zone_plan_request_draw(plan=again, actor=hq)
    with pytest.raises(NotPermitted):
        services.zone_plan_request_draw(plan=plan_for(hq), actor=people["bureau"])


def test_an_enterprise_plan_draws_enterprises_in_designated_zones(make_zone, make_enterprise, hq):
    zone = zone_of(make_zone, None)
    withdrawn = zone_of(make_zone, None, state="withdrawn")
    inside = [
        make_enterprise(zone, "admitted"),
        make_enterprise(zone, "granted"),
        make_enterprise(zone, "title_withdrawn"),
    ]
    make_enterprise(zone, "proposed")
    make_enterprise(zone, "exited")
    make_enterprise(withdrawn, "granted")
    plan = drawn(plan_for(hq, subject="enterprises", sample_size=None, sample_ratio=100))
    targets = list(plan.targets.all())
    assert {t.enterprise_id for t in targets} == {e.pk for e in inside}
    assert {t.zone_id for t in targets} == {zone.pk}


def test_a_weighted_plan_weighs_archive_events_and_problems_found(
    make_zone, make_enterprise, make_event, hq, bureau_beijing
):
    zone = zone_of(make_zone, None)
    troubled, clean = make_enterprise(zone, "granted"), make_enterprise(zone, "admitted")
    make_event(troubled)
    make_event(troubled, state="closed")
    earlier = drawn(plan_for(hq, subject="enterprises", sample_size=None, sample_ratio=100))
    for target in earlier.targets.all():
        outcome = "rectify" if target.enterprise_id == troubled.pk else "no_issue"
        ZoneInspection.objects.create(
            target=target, findings="发现", outcome=outcome, recorded_by=bureau_beijing
        )
    plan = drawn(
        plan_for(hq, subject="enterprises", sample_size=None, sample_ratio=100, weighted=True)
    )
    weights = {t["case"]: t["weight"] for t in draw.unpack_snapshot(plan.snapshot)["targets"]}
    assert weights == {troubled.pk: 1 + 2 + 2, clean.pk: 1}
    plain = drawn(plan_for(hq, subject="enterprises", sample_size=None, sample_ratio=100))
    assert all("weight" not in t for t in draw.unpack_snapshot(plain.snapshot)["targets"])


def test_nobody_in_the_zones_history_or_an_earlier_team_is_drawn(make_zone, people):
    bureau, inspector = people["bureau"], people["inspector"]
    second = factories.inspector("beijing", username="zone-inspector-2")
    zone = zone_of(make_zone, None)
    ZoneHistory.objects.create(
        zone=zone, transition="recommend", from_state="submitted", to_state="recommended",
        actor=inspector,
    )  # fmt: skip
    first = drawn(plan_for(bureau, team_size=3))
    target = first.targets.get()
    assert team_of(target) == {bureau, second}
    assert first.shortfalls == [{"kind": "team", "case": zone.pk, "wanted": 3, "available": 2}]
    # Both inspected it in the first plan: the next plan has nobody left.
    later = drawn(plan_for(bureau, team_size=2))
    assert team_of(later.targets.get()) == set()


def test_the_seed_is_revealed_after_the_inspection_date_and_the_draw_verifies(make_zone, hq):
    zone_of(make_zone, None)
    plan = drawn(plan_for(hq))
    with pytest.raises(Conflict):
        services.zone_plan_verify(plan=plan)
    with pytest.raises(Conflict):
        services.zone_plan_reveal(plan=plan, actor=hq)
    with time_machine.travel(noon(plan.planned_date)), pytest.raises(Conflict):
        services.zone_plan_reveal(plan=plan, actor=hq)
    with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
        with pytest.raises(NotPermitted):
            services.zone_plan_reveal(plan=plan, actor=factories.bureau_staff("hubei"))
        plan = services.zone_plan_reveal(plan=plan, actor=hq)
        with pytest.raises(Conflict):
            services.zone_plan_reveal(plan=plan, actor=hq)
    assert plan.status == "revealed"
    verification = services.zone_plan_verify(plan=plan)
    assert verification["seed_matches_commitment"] and verification["result_matches"]
    assert [row["case"] for row in verification["targets"]] == [
        t.zone_id for t in plan.targets.all()
    ]


def test_results_are_published_after_the_inspection_date_only(make_zone, hq):
    zone_of(make_zone, None)
    with pytest.raises(Conflict):
        services.zone_plan_publish(plan=plan_for(hq), actor=hq)  # not drawn
    plan = drawn(plan_for(hq))
    with pytest.raises(Conflict):
        services.zone_plan_publish(plan=plan, actor=hq)
    with time_machine.travel(noon(plan.planned_date + timedelta(days=1))):
        plan = services.zone_plan_publish(plan=plan, actor=hq)
        published = plan.published_at
        assert services.zone_plan_publish(plan=plan, actor=hq).published_at == published


def test_only_a_drawn_person_records_once_on_or_after_the_date(make_zone, people):
    zone_of(make_zone, None)
    plan = drawn(plan_for(people["bureau"]))
    target = plan.targets.get()
    body = {"findings": FINDINGS, "outcome": "rectify"}
    for name in ("hq", "other_bureau", "applicant"):
        with pytest.raises(NotPermitted):
            services.zone_inspection_record(target=target, actor=people[name], **body)
    inspector = people["inspector"]
    with pytest.raises(Conflict):
        services.zone_inspection_record(target=target, actor=inspector, **body)
    with time_machine.travel(noon(plan.planned_date)):
        with pytest.raises(InvalidInput) as refused:
            services.zone_inspection_record(
                target=target, actor=inspector, findings=" \n ", outcome="close_it"
            )
        assert set(refused.value.field_errors) == {"findings", "outcome"}
        inspection = services.zone_inspection_record(target=target, actor=inspector, **body)
        assert inspection.recorded_by == inspector and inspection.findings == FINDINGS
        with pytest.raises(Conflict):
            services.zone_inspection_record(target=target, actor=people["bureau"], **body)
    assert ZoneInspection.objects.count() == 1


def test_withdrawal_proposals_go_to_whoever_may_withdraw_the_title(
    make_zone, make_enterprise, people, gov_jiangsu, bureau_jiangsu
):
    hq, bureau = people["hq"], people["bureau"]
    national = zone_of(make_zone, None)
    provincial = zone_of(make_zone, None, level="provincial")
    jiangsu = zone_of(make_zone, gov_jiangsu, level="provincial")
    withdrawn = zone_of(make_zone, None, state="withdrawn")
    granted = make_enterprise(national, "granted")
    exited = make_enterprise(national, "exited", titled=True)
    plan = plan_for(hq)
    inspections = {}
    for position, (zone, enterprise, outcome) in enumerate(
        [
            (national, None, "propose_withdrawal"),
            (provincial, None, "propose_withdrawal"),
            (jiangsu, None, "propose_withdrawal"),
            (withdrawn, None, "propose_withdrawal"),
            (national, granted, "propose_withdrawal"),
            (national, exited, "propose_withdrawal"),
            (zone_of(make_zone, None, level="provincial"), None, "rectify"),
        ],
        start=1,
    ):
        target = ZoneInspectionTarget.objects.create(
            plan=plan, zone=zone, enterprise=enterprise, position=position
        )
        inspections[position] = ZoneInspection.objects.create(
            target=target, findings="发现", outcome=outcome, recorded_by=bureau
        )

    def proposals(user):
        return set(selectors.zone_withdrawal_proposals(user=user))

    assert proposals(hq) == {inspections[1], inspections[5]}
    assert proposals(bureau) == {inspections[2]}
    assert proposals(bureau_jiangsu) == {inspections[3]}
    for user in (people["applicant"], people["inspector"], people["enterprise"], AnonymousUser()):
        assert proposals(user) == set()


# ---------------------------------------------------------------- the world of the pages and API


class World:
    """A designated national zone of 北京顺义 drawn by an HQ plan (a team of two of three clerks
    of other bureaus: `drawn` is one, `other_bureau` the clerk left out) and by 北京局's own plan
    (its clerk and its inspector); both three days ahead, after their lottery. And a person of
    every other kind."""

    def __init__(self, people, make_zone):
        self.hq, self.bureau = people["hq"], people["bureau"]
        self.inspector = people["inspector"]
        self.government = people["applicant"]
        self.other_government = people["other_government"]
        self.enterprise = people["enterprise"]
        clerks = [
            people["other_bureau"],
            factories.bureau_staff("shandong", username="zone-sd-clerk"),
            factories.bureau_staff("henan", username="zone-hn-clerk"),
        ]
        for clerk, name in zip(clerks, CLERKS, strict=True):
            clerk.first_name = name
            clerk.save()
        self.zone = zone_of(make_zone, None)
        self.date = lottery.inspection_day()
        self.plan = drawn(plan_for(self.hq, name=HQ_PLAN, planned_date=self.date))
        self.target = self.plan.targets.get()
        team = team_of(self.target)
        assert len(team) == 2 and team <= set(clerks)
        self.drawn = min(team, key=lambda user: user.pk)
        self.other_bureau = next(clerk for clerk in clerks if clerk not in team)
        self.bureau_plan = drawn(plan_for(self.bureau, name=BUREAU_PLAN, planned_date=self.date))
        self.bureau_target = self.bureau_plan.targets.get()
        assert team_of(self.bureau_target) == {self.bureau, self.inspector}

    @property
    def team_names(self) -> list[str]:
        return [user.first_name for user in team_of(self.target)]

    @property
    def personas(self) -> dict:
        return {
            "hq": self.hq,
            "bureau": self.bureau,
            "other_bureau": self.other_bureau,
            "drawn": self.drawn,
            "inspector": self.inspector,
            "government": self.government,
            "other_government": self.other_government,
            "enterprise": self.enterprise,
            "anonymous": None,
        }

    def after(self, days: int = 1):
        return time_machine.travel(noon(self.date + timedelta(days=days)))

    def record(self, outcome: str = "propose_withdrawal"):
        return services.zone_inspection_record(
            target=self.target, actor=self.drawn, findings=FINDINGS, outcome=outcome
        )

    def carry_out(self, outcome: str = "propose_withdrawal"):
        """Inside `after()`: recorded, revealed and published."""
        self.record(outcome)
        self.plan = services.zone_plan_reveal(plan=self.plan, actor=self.hq)
        self.plan = services.zone_plan_publish(plan=self.plan, actor=self.hq)


@pytest.fixture
def world(people, make_zone):
    return World(people, make_zone)


def client(user=None) -> Client:
    """A fresh client (logged in again each time: time travel outlives a session)."""
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


def statuses(world, method: str, url: str, data=None) -> dict:
    got = {}
    for name, user in world.personas.items():
        response = getattr(client(user), method)(url, data or {})
        got[name] = response.status_code
        if user is None and response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url
    return got


EVERYONE_ELSE = {"government": 404, "other_government": 404, "enterprise": 404, "anonymous": 302}


# ---------------------------------------------------------------- pages: who opens what


def test_the_plan_list_is_for_hq_and_bureaus(world):
    expected = {"hq": 200, "bureau": 200, "other_bureau": 200, "drawn": 200, "inspector": 404}
    assert statuses(world, "get", "/demonstration/supervision/") == expected | EVERYONE_ELSE
    rows = client(world.drawn).get("/demonstration/supervision/").context["page"]["rows"]
    assert rows == [world.plan]  # drawn for it, nothing else
    rows = client(world.bureau).get("/demonstration/supervision/").context["page"]["rows"]
    assert rows == [world.bureau_plan]  # the HQ plan only once carried out
    assert set(client(world.hq).get("/demonstration/supervision/").context["page"]["rows"]) == {
        world.plan,
        world.bureau_plan,
    }
    assert not client(world.other_bureau).get("/demonstration/supervision/").context["page"]["rows"]


def test_the_plan_form_is_for_hq_and_bureaus(world):
    expected = {"hq": 200, "bureau": 200, "other_bureau": 200, "drawn": 200, "inspector": 404}
    assert statuses(world, "get", "/demonstration/supervision/new/") == expected | EVERYONE_ELSE
    assert statuses(world, "post", "/demonstration/supervision/new/")["government"] == 404


def test_the_plan_pages_open_for_those_who_see_the_plan(world):
    hq_plan = f"/demonstration/supervision/{world.plan.pk}/"
    bureau_plan = f"/demonstration/supervision/{world.bureau_plan.pk}/"
    before = {"hq": 200, "bureau": 404, "other_bureau": 404, "drawn": 200, "inspector": 404}
    assert statuses(world, "get", hq_plan) == before | EVERYONE_ELSE
    own = {"hq": 200, "bureau": 200, "other_bureau": 404, "drawn": 404, "inspector": 200}
    assert statuses(world, "get", bureau_plan) == own | EVERYONE_ELSE
    with world.after():
        # Carried out: the zone's bureau sees the HQ plan that inspected its zone.
        assert statuses(world, "get", hq_plan) == before | {"bureau": 200} | EVERYONE_ELSE
    assert client(world.hq).get("/demonstration/supervision/99999/").status_code == 404


def test_before_the_inspection_date_nobody_else_learns_of_the_plan_or_the_team(world):
    pages = [
        "/",
        "/demonstration/",
        f"/demonstration/{world.zone.pk}/",
        "/demonstration/supervision/",
        "/demonstration/supervision/mine/",
        "/public/demonstration-zones/inspections/",
        f"/demonstration/supervision/{world.plan.pk}/",
    ]
    for name in ("bureau", "other_bureau", "government", "other_government", "enterprise"):
        user = world.personas[name]
        for url in pages:
            body = html(client(user).get(url, follow=True))
            assert HQ_PLAN not in body, (name, url)
            assert not any(person in body for person in world.team_names), (name, url)
    body = html(client().get("/public/demonstration-zones/inspections/"))
    assert HQ_PLAN not in body and BUREAU_PLAN not in body


def test_the_drawn_and_hq_see_the_target_and_the_team(world):
    for user in (world.hq, world.drawn):
        body = html(client(user).get(f"/demonstration/supervision/{world.plan.pk}/"))
        assert ZONE_NAME in body and all(name in body for name in world.team_names)
        assert "抽取结果在检查实施前保密" in body
    body = html(client(world.drawn).get("/demonstration/supervision/mine/"))
    assert HQ_PLAN in body and ZONE_NAME in body
    assert f'href="/demonstration/supervision/targets/{world.target.pk}/record/"' in body
    # The zone's own page links it for HQ, who sees the zone; not for the drawn clerk.
    hq_page = html(client(world.hq).get(f"/demonstration/supervision/{world.plan.pk}/"))
    assert f'href="/demonstration/{world.zone.pk}/"' in hq_page
    drawn_page = html(client(world.drawn).get(f"/demonstration/supervision/{world.plan.pk}/"))
    assert f'href="/demonstration/{world.zone.pk}/"' not in drawn_page


def test_my_inspections_are_for_staff_who_may_be_drawn(world):
    expected = {"hq": 404, "bureau": 200, "other_bureau": 200, "drawn": 200, "inspector": 200}
    assert statuses(world, "get", "/demonstration/supervision/mine/") == expected | EVERYONE_ELSE
    rows = client(world.inspector).get("/demonstration/supervision/mine/").context["page"]["rows"]
    assert rows == [world.bureau_target]
    assert (
        not client(world.other_bureau)
        .get("/demonstration/supervision/mine/")
        .context["page"]["rows"]
    )
    assert (
        client(world.drawn).get("/demonstration/supervision/mine/", {"page": "9" * 20}).status_code
        == 404
    )


# ---------------------------------------------------------------- pages: making and drawing


def test_hq_makes_a_plan_and_sees_its_commitment(world):
    response = client(world.hq).post(
        "/demonstration/supervision/new/",
        {
            "name": "2026年示范区企业抽查",
            "subject": "enterprises",
            "level": "national",
            "sample_ratio": "50",
            "team_size": "3",
            "weighted": "on",
            "planned_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            **lottery.declared_form(),
        },
        follow=True,
    )
    plan = ZoneInspectionPlan.objects.get(name="2026年示范区企业抽查")
    assert response.redirect_chain[-1][0] == f"/demonstration/supervision/{plan.pk}/"
    assert (plan.subject, plan.level, plan.team_size) == ("enterprises", "national", 3)
    assert plan.weighted and plan.exclude_own_bureau is False  # the box was left unticked
    assert plan.owner_bureau is None
    assert (plan.protocol, plan.seed, plan.seed_commitment) == (2, "", "")
    body = html(response)
    assert "请在开奖日期之前封存候选名单" in body
    assert "待抽取" in body and "抽取分两步" in body


def test_a_bureaus_form_has_no_own_bureau_choice(world):
    form = client(world.bureau).get("/demonstration/supervision/new/").context["form"]
    assert "exclude_own_bureau" not in form.fields
    assert (
        "exclude_own_bureau"
        in client(world.hq).get("/demonstration/supervision/new/").context["form"].fields
    )
    response = client(world.bureau).post(
        "/demonstration/supervision/new/",
        {
            "name": "北京局第二次自查",
            "subject": "zones",
            "sample_size": "1",
            "team_size": "2",
            "exclude_own_bureau": "on",  # not a field of a bureau's form: ignored
            "planned_date": lottery.inspection_day().isoformat(),
            **lottery.declared_form(),
        },
    )
    assert response.status_code == 302
    plan = ZoneInspectionPlan.objects.get(name="北京局第二次自查")
    assert plan.owner_bureau == world.bureau.bureau and plan.exclude_own_bureau is False


def test_the_plan_form_says_what_is_wrong(world):
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client(world.hq).post(
        "/demonstration/supervision/new/",
        {"name": "有误的计划", "subject": "parks", "team_size": "1", "planned_date": day},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"subject", "team_size"} <= set(errors)
    response = client(world.hq).post(
        "/demonstration/supervision/new/",
        {"name": "有误的计划", "subject": "zones", "sample_size": "2", "sample_ratio": "10",
         "team_size": "2", "planned_date": day, **lottery.declared_form()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "请填写抽取数量或抽取比例（二选一）。" in text(response)
    response = client(world.hq).post(
        "/demonstration/supervision/new/",
        {"name": "有误的计划", "subject": "zones", "sample_size": "2", "team_size": "2",
         "planned_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
         **lottery.declared_form()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "planned_date" in response.context["form"].errors
    assert not ZoneInspectionPlan.objects.filter(name="有误的计划").exists()


def test_who_may_draw_a_plan(world):
    def fresh(owner):
        return lambda: plan_for(owner, planned_date=world.date)

    hq_plan = {"hq": 302, "bureau": 404, "other_bureau": 404, "drawn": 404, "inspector": 404}
    bureau_plan = {"hq": 403, "bureau": 302, "other_bureau": 404, "drawn": 404, "inspector": 404}
    for make, expected in ((fresh(world.hq), hq_plan), (fresh(world.bureau), bureau_plan)):
        got = {}
        for name, user in world.personas.items():
            plan = make()
            got[name] = client(user).post(f"/demonstration/supervision/{plan.pk}/draw/").status_code
        assert got == expected | EVERYONE_ELSE
    # Drawn already: said so (409), never drawn again; not the drawn clerk's to draw (403).
    again = client(world.hq).post(f"/demonstration/supervision/{world.plan.pk}/draw/")
    assert again.status_code == 409 and "该计划已抽取。" in text(again)
    refused = client(world.drawn).post(f"/demonstration/supervision/{world.plan.pk}/draw/")
    assert refused.status_code == 403
    assert (
        client(world.hq).get(f"/demonstration/supervision/{world.plan.pk}/draw/").status_code == 405
    )


def test_the_draw_button_commits_the_lists_and_the_numbers_then_draw(world):
    plan = plan_for(world.bureau, name="北京局第三次自查", planned_date=world.date)
    url = f"/demonstration/supervision/{plan.pk}/"
    bureau = client(world.bureau)
    assert "封存候选名单</button>" in html(bureau.get(url))
    response = bureau.post(url + "draw/", follow=True)
    assert "候选名单已封存，承诺值已公布。开奖后须录入开奖号码，录入后才会抽取。" in text(response)
    page = html(response)
    plan.refresh_from_db()
    assert plan.status == "committed" and plan.snapshot_commitment in page
    assert "开奖后须在此录入开奖号码，录入后才会抽取" in page and ZONE_NAME not in page
    assert "封存候选名单</button>" not in page  # no second button
    with time_machine.travel(noon(plan.beacon_date)):
        bureau = client(world.bureau)
        page = html(bureau.get(url))
        assert "已开奖，开奖号码尚未录入" in page and "待录入开奖号码" in page
        assert "待录入开奖号码" in html(bureau.get("/demonstration/supervision/"))
        wrong = bureau.post(url + "beacon/", {"value": "1 2 3"})
        assert wrong.status_code == 400
        numbers = lottery.NUMBERS[plan.beacon_source]
        assert client(world.hq).post(url + "beacon/", {"value": numbers}).status_code == 403
        response = bureau.post(url + "beacon/", {"value": numbers}, follow=True)
        assert "开奖号码已录入，抽取完成。" in text(response)
        assert "已抽取" in html(response) and ZONE_NAME in html(response)


def test_a_plan_not_committed_before_its_lottery_drew_is_never_drawn(world):
    plan = plan_for(world.hq, planned_date=world.date)
    with time_machine.travel(noon(plan.beacon_date)):
        hq = client(world.hq)
        url = f"/demonstration/supervision/{plan.pk}/"
        page = html(hq.get(url))
        assert "候选名单未在此之前封存：本计划已不能抽取" in page
        assert "封存候选名单</button>" not in page
        assert "已不能抽取" in html(hq.get("/demonstration/supervision/"))
        response = hq.post(url + "draw/")
        assert response.status_code == 409
        assert "公共随机数的开奖日期已到" in text(response)
    assert ZoneInspectionPlan.objects.get(pk=plan.pk).status == "planned"


def test_shortfalls_are_said_in_plain_words(world, make_zone):
    plan = drawn(plan_for(world.bureau, sample_size=5, team_size=3, planned_date=world.date))
    body = text(client(world.bureau).get(f"/demonstration/supervision/{plan.pk}/"))
    assert "候选对象不足：计划抽取 5 个检查对象，但范围内符合条件的对象只有 1 个" in body
    # Both of 北京局's staff inspect it in its first plan: recused.
    assert f"检查人员不足：{ZONE_NAME} 每组需要 3 名检查人员" in body
    assert "可选派的只有 0 名" in body
    empty = drawn(plan_for(world.hq, subject="enterprises", level="provincial"))
    body = text(client(world.hq).get(f"/demonstration/supervision/{empty.pk}/"))
    assert "范围内没有符合条件的检查对象，未抽取到检查对象。" in body
    # Only the managers read them: HQ sees a bureau's plan, not its shortfalls.
    assert "检查人员不足" not in text(
        client(world.hq).get(f"/demonstration/supervision/{plan.pk}/")
    )


# ---------------------------------------------------------------- pages: reveal, publish, verify


def test_reveal_and_publish_wait_for_the_inspection_date(world):
    url = f"/demonstration/supervision/{world.plan.pk}/"
    for step in ("reveal", "publish"):
        got = statuses(world, "post", url + f"{step}/")
        before = {"hq": 409, "bureau": 404, "other_bureau": 404, "drawn": 403, "inspector": 404}
        assert got == before | EVERYONE_ELSE, step
    response = client(world.hq).post(url + "reveal/")
    assert "检查实施后（检查日期之后）才能公开种子。" in text(response)
    assert world.plan.seed not in html(response)
    assert f'action="{url}reveal/"' not in html(client(world.hq).get(url))  # not before the date
    with world.after():
        page = html(client(world.hq).get(url))
        assert f'action="{url}reveal/"' in page and f'action="{url}publish/"' in page
        after = {"hq": 302, "bureau": 403, "other_bureau": 404, "drawn": 403, "inspector": 404}
        assert statuses(world, "post", url + "reveal/") == after | EVERYONE_ELSE
        assert statuses(world, "post", url + "publish/") == after | EVERYONE_ELSE
        world.plan.refresh_from_db()
        assert world.plan.status == "revealed" and world.plan.published_at is not None
        page = html(client(world.hq).get(url))
        assert world.plan.beacon_value in page and f'href="{url}verify/"' in page
        assert f'action="{url}reveal/"' not in page
        # Revealed already: 409.
        assert client(world.hq).post(url + "reveal/").status_code == 409


def test_verify_is_for_those_who_see_the_plan_and_for_everyone_once_published(world):
    url = f"/demonstration/supervision/{world.plan.pk}/verify/"
    before = {"hq": 409, "bureau": 404, "other_bureau": 404, "drawn": 409, "inspector": 404}
    assert statuses(world, "get", url) == before | EVERYONE_ELSE
    assert "种子公开后才能验证抽取结果。" in text(client(world.hq).get(url))
    with world.after():
        world.plan = services.zone_plan_reveal(plan=world.plan, actor=world.hq)
        # Revealed, not published: those who see the plan verify; the zone's bureau sees its
        # part of the re-run.
        revealed = before | {"hq": 200, "drawn": 200, "bureau": 200}
        assert statuses(world, "get", url) == revealed | EVERYONE_ELSE
        body = text(client(world.hq).get(url))
        assert "候选名单与抽取前公布的承诺值一致" in body and "重新抽取结果一致" in body
        assert world.plan.seed in body and ZONE_NAME in body
        assert all(name in body for name in world.team_names)
        world.plan = services.zone_plan_publish(plan=world.plan, actor=world.hq)
        everyone = dict.fromkeys(world.personas, 200)
        assert statuses(world, "get", url) == everyone
        public = html(client().get(url))
        assert "候选名单与抽取前公布的承诺值一致" in public and ZONE_NAME in public
        assert not any(name in public for name in world.team_names)


# ---------------------------------------------------------------- pages: the record


def test_only_the_drawn_open_the_record_page(world):
    url = f"/demonstration/supervision/targets/{world.target.pk}/record/"
    only = {"hq": 404, "bureau": 404, "other_bureau": 404, "drawn": 200, "inspector": 404}
    assert statuses(world, "get", url) == only | EVERYONE_ELSE
    page = client(world.drawn).get(url)
    assert "检查日期（" in text(page) and "<textarea" not in html(page)
    body = {"findings": FINDINGS, "outcome": "rectify"}
    assert statuses(world, "post", url, body) == only | {"drawn": 409} | EVERYONE_ELSE
    assert not ZoneInspection.objects.exists()


def test_the_drawn_record_findings_once_after_the_date(world):
    url = f"/demonstration/supervision/targets/{world.target.pk}/record/"
    with world.after(days=0):  # the inspection day itself
        drawn_client = client(world.drawn)
        assert "<textarea" in html(drawn_client.get(url))
        bad = drawn_client.post(url, {"findings": "   ", "outcome": "close_it"})
        assert bad.status_code == 400
        assert {"findings", "outcome"} <= set(bad.context["form"].errors)
        response = drawn_client.post(url, {"findings": FINDINGS, "outcome": "rectify"})
        assert response.status_code == 302 and response["Location"] == url
        inspection = ZoneInspection.objects.get()
        assert (inspection.outcome, inspection.recorded_by) == ("rectify", world.drawn)
        page = html(drawn_client.get(url))
        assert FINDINGS in page and "<textarea" not in page
        again = drawn_client.post(url, {"findings": "再来一次", "outcome": "no_issue"})
        assert again.status_code == 409 and "该检查对象的检查结果已录入。" in text(again)
        mine = html(drawn_client.get("/demonstration/supervision/mine/"))
        assert "责令整改" in mine


# ---------------------------------------------------------------- results: zone page, public, to-do


def test_published_results_show_on_the_zone_page_and_publicly_without_findings_or_team(world):
    zone_url = f"/demonstration/{world.zone.pk}/"
    public_url = "/public/demonstration-zones/inspections/"
    with world.after():
        world.record()
        world.plan = services.zone_plan_reveal(plan=world.plan, actor=world.hq)
        for user in (world.hq, world.government):
            assert HQ_PLAN not in html(client(user).get(zone_url))  # not published yet
        assert HQ_PLAN not in html(client().get(public_url))
        world.plan = services.zone_plan_publish(plan=world.plan, actor=world.hq)
        for user in (world.hq, world.bureau, world.government):
            page = html(client(user).get(zone_url))
            assert HQ_PLAN in page and "建议撤销称号" in page
            assert FINDINGS not in page
        team = team_of(world.target)
        for user in world.personas.values():
            response = client(user).get(public_url)
            assert response.status_code == 200
            body = html(response)
            assert HQ_PLAN in body and ZONE_NAME in body and world.zone.number in body
            assert "建议撤销称号" in body
            assert FINDINGS not in body
            if user not in team:  # the page names whoever is signed in
                assert not any(name in body for name in world.team_names)
        assert BUREAU_PLAN not in html(client().get(public_url))  # not published
        assert f'href="/demonstration/supervision/{world.plan.pk}/verify/"' in html(
            client().get(public_url)
        )
        assert "no-store" not in client().get(public_url).get("Cache-Control", "")
        assert client().get(public_url, {"page": "9" * 20}).status_code == 404


def test_the_public_zone_list_links_the_results(client):
    body = html(client.get("/public/demonstration-zones/"))
    assert 'href="/public/demonstration-zones/inspections/"' in body


def test_a_proposal_to_withdraw_waits_on_the_zone_list_of_whoever_decides(world):
    with world.after():
        world.record("propose_withdrawal")
        hq_list = html(client(world.hq).get("/demonstration/"))
        assert "建议撤销称号" in hq_list and HQ_PLAN in hq_list
        assert f'href="/demonstration/{world.zone.pk}/"' in hq_list
        # A national zone's title is HQ's to withdraw: not on the bureau's list.
        assert HQ_PLAN not in html(client(world.bureau).get("/demonstration/"))
        assert HQ_PLAN not in html(client(world.government).get("/demonstration/"))


def test_the_navigation_links_zone_supervision_for_hq_bureaus_and_inspectors(world):
    for user in (world.hq, world.bureau, world.inspector):
        assert 'href="/demonstration/supervision/' in html(client(user).get("/"))
    for user in (world.government, world.enterprise):
        assert 'href="/demonstration/supervision/' not in html(client(user).get("/"))


# ---------------------------------------------------------------- query counts


def test_the_plan_page_and_the_list_read_in_a_fixed_number_of_queries(
    world, make_zone, django_assert_max_num_queries
):
    for _ in range(5):
        zone_of(make_zone, None)
    plan = drawn(plan_for(world.hq, sample_size=None, sample_ratio=100, planned_date=world.date))
    assert plan.targets.count() == 6
    for _ in range(5):
        plan_for(world.hq, planned_date=world.date)
    hq = client(world.hq)
    hq.get("/accounts/jobs/")  # the navigation's to-do counts are kept from the first page on
    with django_assert_max_num_queries(9):
        page = hq.get(f"/demonstration/supervision/{plan.pk}/")
    assert page.status_code == 200 and len(page.context["targets"]) == 6
    with django_assert_max_num_queries(5):
        listing = hq.get("/demonstration/supervision/")
    assert len(listing.context["page"]["rows"]) == 8
    with world.after():
        services.zone_plan_publish(plan=plan, actor=world.hq)
        with django_assert_max_num_queries(5):
            public = client().get("/public/demonstration-zones/inspections/")
        assert len(public.context["page"]["rows"]) == 6


# ---------------------------------------------------------------- API


def api_statuses(world, api_for, method: str, url: str, data=None) -> dict:
    got = {}
    for name, user in world.personas.items():
        api = api_for(user)
        response = api.get(url) if method == "get" else api.post(url, data or {}, format="json")
        got[name] = response.status_code
    return got


API_ELSE = {"government": 404, "other_government": 404, "enterprise": 404, "anonymous": 403}


def test_api_lists_each_caller_its_plans(world, api_for):
    def listed(user):
        response = api_for(user).get("/api/v1/zone-inspection-plans/")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert listed(world.hq) == {world.plan.pk, world.bureau_plan.pk}
    assert listed(world.bureau) == {world.bureau_plan.pk}
    assert listed(world.drawn) == {world.plan.pk}
    assert listed(world.inspector) == {world.bureau_plan.pk}
    for user in (world.other_bureau, world.government, world.enterprise):
        assert listed(user) == set()
    assert api_for(None).get("/api/v1/zone-inspection-plans/").status_code == 403
    with world.after():
        assert listed(world.bureau) == {world.plan.pk, world.bureau_plan.pk}


def test_api_retrieve_shows_targets_as_the_selector_allows(world, api_for):
    url = f"/api/v1/zone-inspection-plans/{world.plan.pk}/"
    expected = {"hq": 200, "bureau": 404, "other_bureau": 404, "drawn": 200, "inspector": 404}
    assert api_statuses(world, api_for, "get", url) == expected | API_ELSE
    body = api_for(world.hq).get(url).json()
    assert body["snapshot_commitment"] == world.plan.snapshot_commitment and "seed" not in body
    assert body["beacon_value"] == world.plan.beacon_value and body["protocol"] == 2
    assert [t["zone"] for t in body["targets"]] == [world.zone.pk]
    assert set(body["targets"][0]["inspectors"]) == {u.username for u in team_of(world.target)}
    assert body["shortfalls"] == []
    drawn = api_for(world.drawn).get(url).json()
    assert [t["zone"] for t in drawn["targets"]] == [world.zone.pk]
    assert drawn["shortfalls"] is None  # the managers'
    with world.after():
        bureau = api_for(world.bureau).get(url).json()
        assert [t["zone_name"] for t in bureau["targets"]] == [ZONE_NAME]
    fresh = plan_for(world.hq)
    assert (
        api_for(world.hq).get(f"/api/v1/zone-inspection-plans/{fresh.pk}/").json()["targets"]
        is None
    )


def test_api_creates_plans_for_hq_and_bureaus_only(world, api_for):
    body = {
        "name": "接口制定的示范区抽查",
        "subject": "zones",
        "sample_size": 1,
        "planned_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
        **lottery.declared_form(),
    }
    got = api_statuses(world, api_for, "post", "/api/v1/zone-inspection-plans/", body)
    created = {"hq": 201, "bureau": 201, "other_bureau": 201, "drawn": 201, "inspector": 403}
    refused = {"government": 403, "other_government": 403, "enterprise": 403, "anonymous": 403}
    assert got == created | refused
    plans = ZoneInspectionPlan.objects.filter(name="接口制定的示范区抽查")
    assert plans.count() == 4
    response = api_for(world.bureau).post("/api/v1/zone-inspection-plans/", body, format="json")
    assert response.json()["owner_bureau"] == "beijing"
    assert response.json()["exclude_own_bureau"] is False
    hq = api_for(world.hq).post("/api/v1/zone-inspection-plans/", body, format="json").json()
    assert hq["owner_bureau"] is None and hq["exclude_own_bureau"] is True
    assert hq["status"] == "planned" and hq["targets"] is None
    # A government is refused before its body is read.
    assert (
        api_for(world.government)
        .post("/api/v1/zone-inspection-plans/", {}, format="json")
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"name": "   "}, {"name"}),
        ({"subject": "parks"}, {"subject"}),
        ({"sample_size": None}, {"sample_size"}),
        ({"sample_ratio": "10.00"}, {"sample_size"}),
        ({"sample_size": None, "sample_ratio": "150.00"}, {"sample_ratio"}),
        ({"team_size": 1}, {"team_size"}),
        ({"planned_date": "2000-01-01"}, {"planned_date"}),
        ({"planned_date": "not a date"}, {"planned_date"}),
        ({"beacon_source": ""}, {"beacon_source"}),
        ({"beacon_source": "xyz"}, {"beacon_source"}),
        ({"beacon_date": None}, {"beacon_date"}),
        ({"beacon_date": "2000-01-02"}, {"beacon_date"}),
    ],
)
def test_api_refuses_a_wrong_plan_with_field_messages(hq, api_for, change, fields):
    body = {
        "name": "有误的计划",
        "subject": "zones",
        "sample_size": 1,
        "planned_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
        **lottery.declared_form(),
        **change,
    }
    response = api_for(hq).post("/api/v1/zone-inspection-plans/", body, format="json")
    assert response.status_code == 400
    assert fields <= set(response.json())
    assert not ZoneInspectionPlan.objects.exists()


def test_api_draw_reveal_publish_and_verify(world, api_for):
    hq_fresh = plan_for(world.hq, planned_date=world.date)
    bureau_fresh = plan_for(world.bureau, planned_date=world.date)
    base = "/api/v1/zone-inspection-plans"
    # 403 for HQ on a bureau's plan it sees; 404 for those who do not see the plan.
    got = api_statuses(world, api_for, "post", f"{base}/{bureau_fresh.pk}/draw/")
    own = {"hq": 403, "bureau": 202, "other_bureau": 404, "drawn": 404, "inspector": 404}
    assert got == own | API_ELSE
    response = api_for(world.hq).post(f"{base}/{hq_fresh.pk}/draw/")
    assert response.status_code == 202
    assert response.json()["status"] == "committed"
    hq_fresh.refresh_from_db()
    assert response.json()["snapshot_commitment"] == hq_fresh.snapshot_commitment
    assert api_for(world.hq).post(f"{base}/{hq_fresh.pk}/draw/").status_code == 409
    with time_machine.travel(noon(hq_fresh.beacon_date)):
        response = api_for(world.hq).post(
            f"{base}/{hq_fresh.pk}/beacon/",
            {"value": lottery.NUMBERS[hq_fresh.beacon_source]},
            format="json",
        )
    assert response.status_code == 200 and response.json()["status"] == "drawn"

    url = f"{base}/{world.plan.pk}"
    before = {"hq": 409, "bureau": 404, "other_bureau": 404, "drawn": 403, "inspector": 404}
    for step in ("reveal", "publish"):
        assert api_statuses(world, api_for, "post", f"{url}/{step}/") == before | API_ELSE
    verify = {"hq": 409, "bureau": 404, "other_bureau": 404, "drawn": 409, "inspector": 404}
    assert api_statuses(world, api_for, "get", f"{url}/verify/") == verify | API_ELSE
    with world.after():
        after = before | {"hq": 200, "bureau": 403}
        assert api_statuses(world, api_for, "post", f"{url}/reveal/") == after | API_ELSE
        body = api_for(world.hq).get(f"{url}/").json()
        assert body["status"] == "revealed"
        verification = api_for(world.drawn).get(f"{url}/verify/").json()
        assert verification["seed_matches_commitment"] and verification["result_matches"]
        assert [row["case"] for row in verification["targets"]] == [world.zone.pk]
        assert verification["complete"] is False
        assert api_statuses(world, api_for, "post", f"{url}/publish/") == after | API_ELSE
        assert api_for(world.bureau).get(f"{url}/verify/").json()["complete"] is True


def test_api_targets_and_the_record(world, api_for):
    base = "/api/v1/zone-inspection-targets"
    mine = api_for(world.drawn).get(f"{base}/").json()["results"]
    assert [row["id"] for row in mine] == [world.target.pk]
    assert mine[0]["zone_name"] == ZONE_NAME and mine[0]["outcome"] is None
    assert api_for(world.hq).get(f"{base}/").json()["results"] == []
    only = {"hq": 404, "bureau": 404, "other_bureau": 404, "drawn": 200, "inspector": 404}
    assert api_statuses(world, api_for, "get", f"{base}/{world.target.pk}/") == only | API_ELSE
    url = f"{base}/{world.target.pk}/record/"
    body = {"findings": FINDINGS, "outcome": "rectify"}
    assert api_statuses(world, api_for, "post", url, body) == only | {"drawn": 409} | API_ELSE
    with world.after(days=0):
        drawn = api_for(world.drawn)
        bad = drawn.post(url, {"findings": "  ", "outcome": "close_it"}, format="json")
        assert bad.status_code == 400 and {"findings", "outcome"} <= set(bad.json())
        response = drawn.post(url, body, format="json")
        assert response.status_code == 201
        assert response.json()["outcome"] == "rectify"
        assert response.json()["recorded_by"] == world.drawn.username
        assert drawn.post(url, body, format="json").status_code == 409
        assert drawn.get(f"{base}/{world.target.pk}/").json()["outcome"] == "rectify"
    assert ZoneInspection.objects.count() == 1


def test_the_schema_documents_zone_supervision(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/zone-inspection-plans/",
        "/api/v1/zone-inspection-plans/{id}/",
        "/api/v1/zone-inspection-plans/{id}/draw/",
        "/api/v1/zone-inspection-plans/{id}/reveal/",
        "/api/v1/zone-inspection-plans/{id}/publish/",
        "/api/v1/zone-inspection-plans/{id}/verify/",
        "/api/v1/zone-inspection-targets/",
        "/api/v1/zone-inspection-targets/{id}/",
        "/api/v1/zone-inspection-targets/{id}/record/",
    ):
        assert path in paths, path
    assert "409" in paths["/api/v1/zone-inspection-plans/{id}/verify/"]["get"]["responses"]
    assert "202" in paths["/api/v1/zone-inspection-plans/{id}/draw/"]["post"]["responses"]
    assert "201" in paths["/api/v1/zone-inspection-targets/{id}/record/"]["post"]["responses"]


# ---------------------------------------------------------------- English


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_pages_show_no_untranslated_chinese(world):
    DemonstrationZone.objects.filter(pk=world.zone.pk).update(**ENGLISH)
    people = [user for user in world.personas.values() if user is not None]
    people += list(team_of(world.target))
    data = [
        HQ_PLAN, BUREAU_PLAN, ZONE_NAME, FINDINGS, "张三（组长）、李四",  # make_zone's team
        *(user.get_full_name() for user in people),
        *(name for user in people if user.bureau for name in (user.bureau.name, user.bureau.full_name)),
        *(user.organisation.name for user in people if user.organisation),
    ]  # fmt: skip
    plan = f"/demonstration/supervision/{world.plan.pk}/"
    with world.after():
        world.carry_out()
        pages = {
            world.hq: [
                "/demonstration/supervision/",
                "/demonstration/supervision/new/",
                plan,
                f"{plan}verify/",
                "/demonstration/",
                f"/demonstration/{world.zone.pk}/",
            ],
            world.drawn: [
                "/demonstration/supervision/mine/",
                f"/demonstration/supervision/targets/{world.target.pk}/record/",
            ],
            world.inspector: [
                f"/demonstration/supervision/targets/{world.bureau_target.pk}/record/",
            ],
            None: ["/public/demonstration-zones/inspections/", f"{plan}verify/"],
        }
        for user, urls in pages.items():
            signed_in = client(user)
            _switch(signed_in, "en")
            for url in urls:
                response = signed_in.get(url)
                assert response.status_code == 200, url
                assert '<html lang="en">' in html(response)
                assert _untranslated(response, *data) == [], url


def test_every_view_of_a_zone_draw_is_logged_and_a_stranger_leaves_no_trace(people, make_zone):
    """As eco-origin's draws (supervision.DrawView): the plan page, the API and the record page
    each log who saw the drawn targets; someone refused sees nothing and nothing is logged."""
    from demonstration.models import ZoneDrawView

    world = World(people, make_zone)
    start = ZoneDrawView.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    hq = Client()
    hq.force_login(world.hq)
    assert hq.get(f"/demonstration/supervision/{world.plan.pk}/").status_code == 200
    assert hq.get(f"/api/v1/zone-inspection-plans/{world.plan.pk}/").status_code == 200
    member = Client()
    member.force_login(world.drawn)
    assert (
        member.get(f"/demonstration/supervision/targets/{world.target.pk}/record/").status_code
        == 200
    )
    logged = list(
        ZoneDrawView.objects.filter(pk__gt=start).order_by("pk").values_list("user_id", "via")
    )
    assert logged == [(world.hq.pk, "web"), (world.hq.pk, "api"), (world.drawn.pk, "web")]
    stranger = Client()
    stranger.force_login(world.government)
    assert stranger.get(f"/demonstration/supervision/{world.plan.pk}/").status_code == 404
    assert ZoneDrawView.objects.filter(pk__gt=start).count() == 3
