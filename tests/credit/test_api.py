"""The API's answers (SPEC §9): 201/200 for who may, 403 before the body for who may not, 404
for what one cannot see, 400 with field messages, 409 for the wrong state; nothing changes on a
non-2xx answer. The public list shows only entries in force."""

import pytest

from credit.models import BlacklistEntry
from credit.workflow import State

pytestmark = pytest.mark.django_db

BLACKLIST = "/api/v1/blacklist/"
GRADES = "/api/v1/credit-grades/"


@pytest.fixture
def api(api_client):
    def as_user(user):
        api_client.force_authenticate(user)
        return api_client

    return as_user


def test_a_bureau_proposes_and_hq_lists_through_the_api(api, actors, enterprise):
    body = {"uscc": enterprise.uscc, "violation": "fraud", "reason": "伪造检验报告。"}
    response = api(actors["bureau"]).post(BLACKLIST, body, format="json")
    assert response.status_code == 201, response.content
    entry = response.json()
    assert (entry["state"], entry["enterprise_name"]) == ("proposed", enterprise.name)
    options = api(actors["hq"]).get(f"{BLACKLIST}{entry['id']}/transitions/").json()
    assert {o["name"] for o in options} == {"list", "refuse"}
    response = api(actors["hq"]).post(
        f"{BLACKLIST}{entry['id']}/transitions/list/",
        {"decision_number": "总局〔2026〕9号"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "listed"
    history = api(actors["bureau"]).get(f"{BLACKLIST}{entry['id']}/history/").json()
    assert [row["transition"] for row in history] == ["list"]


@pytest.mark.parametrize(
    "actor", ["other_bureau", "inspector", "enterprise", "agency", "organisation"]
)
def test_who_is_no_bureau_of_the_enterprise_is_403_whatever_the_body(
    api, actors, enterprise, actor
):
    body = {"uscc": enterprise.uscc, "violation": "fraud", "reason": "x"}
    assert api(actors[actor]).post(BLACKLIST, body, format="json").status_code == 403
    assert api(actors[actor]).post(BLACKLIST, {}, format="json").status_code in (
        (400,) if actor == "other_bureau" else (403,)
    )
    assert not BlacklistEntry.objects.exists()


def test_anonymous_is_refused_everywhere_but_the_public_list(api_client, listed):
    for url in (BLACKLIST, GRADES, f"{BLACKLIST}{listed.pk}/"):
        assert api_client.get(url).status_code in (401, 403)
    assert api_client.post(BLACKLIST, {}, format="json").status_code in (401, 403)
    public = api_client.get("/api/v1/public/blacklist/")
    assert public.status_code == 200
    assert [row["number"] for row in public.json()["results"]] == [listed.number]
    assert public.json()["results"][0]["deciding_unit"] == "海关总署"


def test_the_public_list_shows_no_proposal_refusal_or_ended_listing(
    api_client, actors, propose, listed
):
    from credit import services
    from tests import factories

    proposal = propose(uscc=factories.valid_uscc(901), enterprise_name="甲公司")
    refused = services.blacklist_transition(
        entry=propose(uscc=factories.valid_uscc(902), enterprise_name="乙公司"),
        name="refuse",
        actor=actors["hq"],
        reason="证据不足。",
    )
    numbers = [
        row["number"] for row in api_client.get("/api/v1/public/blacklist/").json()["results"]
    ]
    assert numbers == [listed.number]
    page = api_client.get("/public/credit/").content.decode()
    assert listed.enterprise_name in page
    assert proposal.enterprise_name not in page and refused.enterprise_name not in page


def test_bad_body_400_wrong_state_409_invisible_404(api, actors, propose, listed):
    hq = api(actors["hq"])
    response = hq.post(f"{BLACKLIST}{listed.pk}/transitions/remove/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = hq.post(
        f"{BLACKLIST}{listed.pk}/transitions/list/", {"decision_number": "x"}, format="json"
    )
    assert response.status_code == 409
    assert BlacklistEntry.objects.get(pk=listed.pk).state == State.LISTED
    response = api(actors["bureau"]).post(
        f"{BLACKLIST}{listed.pk}/transitions/remove/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    # a proposal is not the other bureau's to see
    from credit import services
    from tests import factories

    entry = propose(uscc=factories.valid_uscc(903), enterprise_name="丙公司")
    assert api(actors["other_bureau"]).get(f"{BLACKLIST}{entry.pk}/").status_code == 404
    assert (
        api(actors["other_bureau"])
        .post(f"{BLACKLIST}{entry.pk}/transitions/refuse/", {"reason": "x"}, format="json")
        .status_code
        == 404
    )
    assert services.blacklist_transition  # the service is the one the API calls


def test_grades_are_scoped_and_explained(api, actors, enterprise, other_enterprise):
    from credit import services

    services.credit_recompute(usccs=[enterprise.uscc, other_enterprise.uscc])
    listed = api(actors["hq"]).get(GRADES).json()["results"]
    assert {row["uscc"] for row in listed} >= {enterprise.uscc, other_enterprise.uscc}
    assert api(actors["other_bureau"]).get(GRADES).json()["results"] == []
    own = api(actors["enterprise"]).get(GRADES).json()["results"]
    assert [row["uscc"] for row in own] == [enterprise.uscc]
    detail = api(actors["enterprise"]).get(f"{GRADES}{own[0]['id']}/").json()
    assert sum(line["points"] for line in detail["explanation"]) == detail["score"] == 100
    assert detail["changes"][0]["to_grade"] == "A"
    other = next(row for row in listed if row["uscc"] == other_enterprise.uscc)
    assert api(actors["enterprise"]).get(f"{GRADES}{other['id']}/").status_code == 404
    assert api(actors["agency"]).get(f"{GRADES}{other['id']}/").status_code == 404
    assert api(actors["hq"]).get(GRADES, {"grade": "Z"}).status_code == 400


def test_only_hq_publishes_a_rule_through_the_api(api, actors):
    from tests.credit.test_permissions import RULE_BODY

    assert api(actors["bureau"]).post("/api/v1/credit-rules/", {}, format="json").status_code == 403
    response = api(actors["hq"]).post("/api/v1/credit-rules/", RULE_BODY, format="json")
    assert response.status_code == 201 and response.json()["version"] == 2
    bad = api(actors["hq"]).post(
        "/api/v1/credit-rules/", {**RULE_BODY, "grade_a_min": 10}, format="json"
    )
    assert bad.status_code == 400 and "grade_b_min" in bad.json()
