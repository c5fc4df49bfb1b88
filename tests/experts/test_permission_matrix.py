"""专家委员会 (issue 14 point 11, seed 000 §12): who may recommend, read, admit, decline and put
into the inspector pool, through the services, the pages and the API.

Seed 000 §12: "各直属局应注重培养专业队伍，推荐系统内相关领域的专家，分专业、分产品建立起全国质检
系统生态原产地产品专家委员会". Bureaus recommend; HQ builds the committee. The expected tables are
written out here, not derived from the code:

- recommend: any bureau's staff, for their own bureau; nobody else.
- admit, decline, put into the pool: HQ only.
- read a pending (or declined) recommendation: HQ and the recommending bureau.
- read an admitted expert: HQ and every bureau; contact details only HQ and the recommending
  bureau. Agencies, enterprises, inspectors: no committee pages or API at all."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from ecoorigin.exceptions import NotPermitted
from experts import services
from experts.models import Expert
from supervision.models import PoolMember
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory, category

from .factories import ExpertFactory, admitted, expert_account

pytestmark = pytest.mark.django_db

PERSONAS = [
    "bureau", "other_bureau", "hq", "agency", "other_agency", "enterprise", "inspector",
    "anonymous",
]  # fmt: skip
STAFF = {"bureau", "other_bureau", "hq"}


@pytest.fixture
def world():
    """湖北局 recommended three experts: one pending (with its portal account), one admitted
    (with an account, not yet in the pool), one declined. An agency evaluates a 湖北 tea case."""
    plan = PlanFactory()
    case = ApplicationFactory(
        enterprise=factories.EnterpriseFactory(bureau=factories.bureau("hubei")),
        category=plan.category,
    )
    type(case).objects.filter(pk=case.pk).update(state="evaluating", agency=plan.agency, plan=plan)
    people = {
        "bureau": factories.bureau_staff("hubei", username="x-hubei"),
        "other_bureau": factories.bureau_staff("beijing", username="x-beijing"),
        "hq": factories.hq(username="x-hq"),
        "agency": factories.agency_staff(plan.agency, username="x-agency"),
        "other_agency": factories.agency_staff(username="x-other-agency"),
        "enterprise": factories.enterprise_staff(case.enterprise, username="x-owner"),
        "inspector": factories.inspector("hubei", username="x-inspector"),
        "anonymous": None,
    }
    pending = ExpertFactory(name="甲专家", account=expert_account(username="x-expert-1"))
    member = admitted(name="乙专家", account=expert_account(username="x-expert-2"))
    declined = ExpertFactory(
        name="丙专家", status=Expert.Status.DECLINED, decision_reason="专业不符"
    )
    return {
        "people": people,
        "pending": pending,
        "admitted": member,
        "declined": declined,
        "case": case,
    }


def web(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def recommendation(**extra) -> dict:
    return {
        "name": "新推荐专家",
        "organisation": "检验检疫技术中心",
        "speciality": category("tea"),
        "products": "白茶",
        "contact": "010-12345678",
        **extra,
    }


# ---------------------------------------------------------------- services


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "anonymous"])
def test_only_a_bureau_recommends_and_for_itself(world, who):
    actor = world["people"][who]
    if who in {"bureau", "other_bureau"}:
        expert = services.expert_recommend(actor=actor, **recommendation())
        assert (expert.bureau_id, expert.status) == (actor.bureau_id, "recommended")
    else:
        with pytest.raises(NotPermitted):
            services.expert_recommend(actor=actor, **recommendation())


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "anonymous"])
@pytest.mark.parametrize("decision", ["admit", "decline", "pool"])
def test_only_hq_decides_and_pools(world, who, decision):
    actor = world["people"][who]
    expert = world["admitted"] if decision == "pool" else world["pending"]

    def decide():
        if decision == "admit":
            return services.expert_admit(expert=expert, actor=actor)
        if decision == "decline":
            return services.expert_decline(expert=expert, actor=actor, reason="名额已满")
        return services.expert_add_to_pool(expert=expert, actor=actor)

    if who == "hq":
        decide()
        expert.refresh_from_db()
        if decision == "pool":
            assert expert.pool_member.kind == PoolMember.Kind.EXPERT
        else:
            assert expert.status == {"admit": "admitted", "decline": "declined"}[decision]
    else:
        with pytest.raises(NotPermitted):
            decide()
        expert.refresh_from_db()
        assert expert.status == ("admitted" if decision == "pool" else "recommended")
        assert expert.pool_member_id is None


# ---------------------------------------------------------------- pages

# Who gets each page (GET): 200, 404, or sent to sign in (302).
PAGE_SEES = {
    "roster": STAFF,
    "recommendations": STAFF,
    "recommend": {"bureau", "other_bureau"},
    "pending": {"bureau", "hq"},
    "admitted": STAFF,
    "declined": {"bureau", "hq"},
}


def page_url(world, page: str) -> str:
    if page in ("pending", "admitted", "declined"):
        return f"/experts/{world[page].pk}/"
    return {"roster": "/experts/", "recommendations": "/experts/recommendations/"}.get(
        page, "/experts/recommend/"
    )


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("page", list(PAGE_SEES))
def test_who_gets_each_page(world, who, page):
    response = web(world["people"][who]).get(page_url(world, page))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == (200 if who in PAGE_SEES[page] else 404)


@pytest.mark.parametrize("who", sorted(STAFF))
def test_contact_details_only_for_hq_and_the_recommending_bureau(world, who):
    member = world["admitted"]
    client = web(world["people"][who])
    shown = who in {"bureau", "hq"}
    for url in ("/experts/", f"/experts/{member.pk}/"):
        html = client.get(url).content.decode()
        assert member.name in html
        assert (member.contact in html) is shown
        assert ("x-expert-2" in html) is (shown and url != "/experts/")


@pytest.mark.parametrize("who", sorted(STAFF))
def test_the_roster_lists_admitted_experts_only(world, who):
    html = web(world["people"][who]).get("/experts/").content.decode()
    assert "乙专家" in html
    assert "甲专家" not in html and "丙专家" not in html


@pytest.mark.parametrize("who", PERSONAS)
def test_only_hq_admits_from_the_page(world, who):
    pending = world["pending"]
    response = web(world["people"][who]).post(
        f"/experts/{pending.pk}/",
        {"action": "admit", "speciality": pending.speciality_id, "products": "绿茶"},
    )
    pending.refresh_from_db()
    if who == "hq":
        assert response.status_code == 302
        assert pending.status == "admitted"
        return
    assert pending.status == "recommended"
    if who == "anonymous":
        assert response.status_code == 302
    else:
        # The recommending bureau sees its recommendation but may not decide it.
        assert response.status_code == (403 if who == "bureau" else 404)


@pytest.mark.parametrize("who", PERSONAS)
def test_only_a_bureau_recommends_from_the_page(world, who):
    body = {**recommendation(), "speciality": category("tea").pk}
    before = Expert.objects.count()
    response = web(world["people"][who]).post("/experts/recommend/", body)
    if who in {"bureau", "other_bureau"}:
        assert response.status_code == 302
        assert Expert.objects.count() == before + 1
    else:
        assert response.status_code == (302 if who == "anonymous" else 404)
        assert Expert.objects.count() == before


# ---------------------------------------------------------------- API

API_LISTS = {
    "bureau": {"pending", "admitted", "declined"},
    "other_bureau": {"admitted"},
    "hq": {"pending", "admitted", "declined"},
    "agency": set(),
    "other_agency": set(),
    "enterprise": set(),
    "inspector": set(),
}


@pytest.mark.parametrize("who", PERSONAS)
def test_the_api_lists_what_each_may_read(world, who):
    response = api(world["people"][who]).get("/api/v1/experts/")
    if who == "anonymous":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world[name].pk for name in API_LISTS[who]}
    for row in response.json()["results"]:
        confidential = who in {"hq", "bureau"}
        assert (row["contact"] is not None) is confidential
        assert (row["reason"] is not None) is confidential


@pytest.mark.parametrize("who", PERSONAS)
def test_only_a_bureau_recommends_through_the_api(world, who):
    body = {**recommendation(), "speciality": "tea"}
    response = api(world["people"][who]).post("/api/v1/experts/", body, format="json")
    if who in {"bureau", "other_bureau"}:
        assert response.status_code == 201, response.content
        assert response.json()["bureau"] == world["people"][who].bureau.code
        assert response.json()["contact"] == "010-12345678"
    else:
        assert response.status_code == 403
        assert not Expert.objects.filter(name="新推荐专家").exists()


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("decision", ["admit", "decline", "pool"])
def test_only_hq_decides_through_the_api(world, who, decision):
    expert = world["admitted"] if decision == "pool" else world["pending"]
    body = {"reason": "名额已满"} if decision == "decline" else {}
    response = api(world["people"][who]).post(
        f"/api/v1/experts/{expert.pk}/{decision}/", body, format="json"
    )
    expert.refresh_from_db()
    if who == "hq":
        assert response.status_code == 200, response.content
        assert expert.status == {"admit": "admitted", "decline": "declined"}.get(
            decision, "admitted"
        )
        assert response.json()["in_pool"] is (decision == "pool")
        return
    # Who reads the expert but may not decide: 403; who cannot read it: 404.
    reads = who in API_LISTS and any(world[n] == expert for n in API_LISTS[who])
    assert response.status_code == (403 if who == "anonymous" or reads else 404)
    assert expert.status == ("admitted" if decision == "pool" else "recommended")
    assert expert.pool_member_id is None
