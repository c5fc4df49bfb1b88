"""The API's answers: 201/200 for who may, 403 before the body for who may not, 404 for what one
cannot see, 400 with field messages, 409 for the wrong state; nothing changes on a non-2xx
answer."""

import pytest

from crossreview.models import Review, ReviewCriterion, ReviewedCase, ReviewRound
from crossreview.workflow import State

from .conftest import full_marks, review_all, year

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/cooperation-reviews/"
CASES = "/api/v1/cooperation-review-cases/"


def _case(round_id, **overrides):
    return {
        "round": round_id,
        "number": "津检罚〔2025〕007号",
        "title": "出口危险货物包装未经检验案",
        "kind": "penalty",
        "decided_on": "2025-04-20",
        **overrides,
    }


def test_a_round_through_the_api(api_for, actors):
    hq = api_for(actors["hq"])
    made = hq.post(ROUNDS, {"year": year(), "title": "京津冀行政执法案件互查互评"}, format="json")
    assert made.status_code == 201, made.content
    url = f"{ROUNDS}{made.json()['id']}/"
    for text, weight in (("事实认定", 60), ("执法程序", 40)):
        added = hq.post(f"{url}criteria/", {"text": text, "weight": weight}, format="json")
        assert added.status_code == 201, added.content
    assert [c["weight"] for c in added.json()["criteria"]] == [60, 40]
    options = hq.get(f"{url}transitions/").json()
    assert [o["name"] for o in options] == ["agree"]
    agreed = hq.post(f"{url}transitions/agree/", {"reason": "三地商定。"}, format="json")
    assert agreed.status_code == 200 and agreed.json()["state"] == "agreed"
    # The place enters its case file; HQ assigns; the reviewer scores; HQ closes.
    entered = api_for(actors["tianjin_bureau"]).post(CASES, _case(made.json()["id"]), format="json")
    assert entered.status_code == 201, entered.content
    assert entered.json()["place"] == "tianjin" and entered.json()["reviewer"] is None
    assigned = api_for(actors["hq"]).post(f"{url}transitions/assign/", {}, format="json")
    assert assigned.status_code == 200 and assigned.json()["state"] == "assigned"
    case = ReviewedCase.objects.get()
    criteria = list(ReviewCriterion.objects.order_by("position"))
    body = {
        "scores": [
            {"criterion": criteria[0].pk, "score": 55, "finding": "证据链缺少检验记录。"},
            {"criterion": criteria[1].pk, "score": 40},
        ],
        "summary": "总体规范。",
    }
    scored = api_for(case.reviewer).post(f"{CASES}{case.pk}/review/", body, format="json")
    assert scored.status_code == 200, scored.content
    review = scored.json()["review"]
    assert review["total"] == 95 and review["scores"][0]["finding"] == "证据链缺少检验记录。"
    # The reviewed place reads its scores and who reviewed it.
    back = api_for(actors["tianjin_authority"]).get(f"{CASES}{case.pk}/").json()
    assert back["review"]["total"] == 95 and back["reviewer"] == case.reviewer.username
    closed = api_for(actors["hq"]).post(f"{url}transitions/close/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    history = api_for(actors["biaozhunwei"]).get(f"{url}history/").json()
    assert [(row["transition"], row["actor"]) for row in history] == [
        ("agree", "cr-hq"),
        ("assign", "cr-hq"),
        ("close", "cr-hq"),
    ]
    comparison = api_for(actors["hebei_inspector"]).get(f"{url}comparison/").json()
    assert [p["average"] for p in comparison["places"]] == [None, 95.0, None]
    document = api_for(actors["renjianwei"]).get(f"{url}assignment/").json()
    assert document["matches"] is True
    assert document["assignment"] == {str(case.pk): case.reviewer.pk}


@pytest.mark.parametrize(
    "actor", ["beijing_bureau", "tianjin_inspector", "hebei_authority", "renjianwei", "enterprise"]
)
def test_only_hq_opens_a_round_whatever_the_body(api_for, actors, actor):
    response = api_for(actors[actor]).post(ROUNDS, {"year": "nonsense"}, format="json")
    assert response.status_code == 403
    assert not ReviewRound.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2016, "title": "互查互评"}, "year"),
        ({"year": year(), "title": "   "}, "title"),
        ({"title": "互查互评"}, "year"),
    ],
)
def test_a_bad_round_is_400(api_for, actors, body, field):
    response = api_for(actors["hq"]).post(ROUNDS, body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_second_round_of_a_year_is_400(api_for, actors, draft_round):
    response = api_for(actors["hq"]).post(
        ROUNDS, {"year": draft_round.year, "title": "再次"}, format="json"
    )
    assert response.status_code == 400 and "year" in response.json()


def test_the_standard_through_the_api(api_for, actors, draft_round):
    url = f"{ROUNDS}{draft_round.pk}/criteria/"
    refused = api_for(actors["beijing_bureau"]).post(url, {"text": "x", "weight": 1}, format="json")
    assert refused.status_code == 403
    too_much = api_for(actors["hq"]).post(url, {"text": "文书", "weight": 5}, format="json")
    assert too_much.status_code == 400 and "weight" in too_much.json()
    criterion = draft_round.criteria.last()
    gone = api_for(actors["hq"]).delete(f"{url}{criterion.pk}/")
    assert gone.status_code == 204
    assert api_for(actors["hq"]).delete(f"{url}{criterion.pk}/").status_code == 404
    assert api_for(actors["hq"]).post(url, {"text": "文书", "weight": 40}).status_code == 201


def test_the_standard_is_409_once_agreed(api_for, actors, agreed_round):
    url = f"{ROUNDS}{agreed_round.pk}/criteria/"
    assert api_for(actors["hq"]).post(url, {"text": "x", "weight": 1}).status_code == 409
    criterion = agreed_round.criteria.first()
    assert api_for(actors["hq"]).delete(f"{url}{criterion.pk}/").status_code == 409
    assert agreed_round.criteria.count() == 3


def test_transitions_answer_403_and_409(api_for, actors, draft_round):
    url = f"{ROUNDS}{draft_round.pk}/transitions/"
    assert api_for(actors["beijing_bureau"]).post(f"{url}agree/", {}).status_code == 403
    assert api_for(actors["hq"]).post(f"{url}assign/", {}).status_code == 409
    assert api_for(actors["hq"]).post(f"{url}close/", {}).status_code == 409
    assert api_for(actors["hq"]).post(f"{url}nonsense/", {}).status_code == 404
    assert ReviewRound.objects.get(pk=draft_round.pk).state == State.DRAFT


def test_agreeing_an_incomplete_standard_is_409(api_for, actors, draft_round):
    draft_round.criteria.last().delete()
    response = api_for(actors["hq"]).post(f"{ROUNDS}{draft_round.pk}/transitions/agree/", {})
    assert response.status_code == 409 and "100" in response.json()["detail"]


@pytest.mark.parametrize(
    "actor", ["beijing_inspector", "renjianwei", "biaozhunwei", "hq", "jiangsu_bureau", "agency"]
)
def test_who_may_not_enter_is_403_whatever_the_body(api_for, actors, agreed_round, actor):
    response = api_for(actors[actor]).post(CASES, {"kind": "x"}, format="json")
    assert response.status_code == 403
    assert not ReviewedCase.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decided_on": "2999-01-01"}, "decided_on"),
        ({"decided_on": "2025-02-30"}, "decided_on"),
        ({"kind": "policy"}, "kind"),
        ({"number": "  "}, "number"),
        ({"round": 999999}, "round"),
    ],
)
def test_a_bad_case_file_is_400(api_for, actors, agreed_round, overrides, field):
    response = api_for(actors["hebei_bureau"]).post(
        CASES, _case(agreed_round.pk, **overrides), format="json"
    )
    assert response.status_code == 400 and field in response.json()
    assert not ReviewedCase.objects.exists()


def test_no_case_file_after_the_assignment_is_409(api_for, actors, assigned_round):
    response = api_for(actors["hebei_bureau"]).post(
        CASES, _case(assigned_round.pk, number="新"), format="json"
    )
    assert response.status_code == 409
    case = assigned_round.cases.get(place="hebei")
    assert api_for(actors["hebei_bureau"]).delete(f"{CASES}{case.pk}/").status_code == 409


def test_a_place_takes_its_case_file_back(api_for, actors, entered):
    case = entered["beijing"]
    assert api_for(actors["beijing_authority"]).delete(f"{CASES}{case.pk}/").status_code == 204
    assert not ReviewedCase.objects.filter(pk=case.pk).exists()
    other = entered["hebei"]
    # Beijing does not see Hebei's case file while the round runs.
    assert api_for(actors["beijing_bureau"]).delete(f"{CASES}{other.pk}/").status_code == 404


def test_scoring_answers_400_403_409(api_for, actors, assigned_round, entered):
    case = entered["hebei"]
    url = f"{CASES}{case.pk}/review/"
    first = assigned_round.criteria.order_by("position").first()  # weight 20
    over = full_marks(assigned_round, {1: (21, "超过分值。")})
    too_much = api_for(case.reviewer).post(url, {"scores": over}, format="json")
    assert too_much.status_code == 400 and f"score_{first.pk}" in too_much.json()
    no_finding = full_marks(assigned_round, {1: (18, "")})
    missing = api_for(case.reviewer).post(url, {"scores": no_finding}, format="json")
    assert missing.status_code == 400 and f"finding_{first.pk}" in missing.json()
    assert not Review.objects.exists()
    hebei = api_for(actors["hebei_bureau"]).post(
        url, {"scores": full_marks(assigned_round)}, format="json"
    )
    assert hebei.status_code == 403
    done = api_for(case.reviewer).post(url, {"scores": full_marks(assigned_round)}, format="json")
    assert done.status_code == 200
    again = api_for(case.reviewer).post(url, {"scores": full_marks(assigned_round)}, format="json")
    assert again.status_code == 409
    assert Review.objects.get().total == 100


def test_the_comparison_is_409_until_published(api_for, actors, assigned_round):
    url = f"{ROUNDS}{assigned_round.pk}/comparison/"
    assert api_for(actors["beijing_bureau"]).get(url).status_code == 409
    assert api_for(actors["hq"]).get(url).status_code == 200
    review_all(assigned_round)
    api_for(actors["hq"]).post(f"{ROUNDS}{assigned_round.pk}/transitions/close/", {})
    assert api_for(actors["beijing_bureau"]).get(url).status_code == 200


def test_the_assignment_document_is_409_before_the_draw(api_for, actors, agreed_round):
    response = api_for(actors["hq"]).get(f"{ROUNDS}{agreed_round.pk}/assignment/")
    assert response.status_code == 409


def test_the_assignment_document_is_hqs_until_the_close(api_for, actors, assigned_round):
    url = f"{ROUNDS}{assigned_round.pk}/assignment/"
    assert api_for(actors["beijing_bureau"]).get(url).status_code == 409
    history = api_for(actors["beijing_bureau"]).get(f"{ROUNDS}{assigned_round.pk}/history/")
    assert assigned_round.seed not in history.content.decode()
    answer = api_for(actors["hq"]).get(url).json()
    assert answer["seed"] == assigned_round.seed and answer["matches"] is True


def test_case_lists_are_scoped(api_for, actors, assigned_round, entered):
    def ids(actor, **params):
        answer = api_for(actors[actor]).get(CASES, params)
        assert answer.status_code == 200
        return {row["id"] for row in answer.json()["results"]}

    assert ids("hq") == {case.pk for case in entered.values()}
    assert entered["tianjin"].pk in ids("tianjin_inspector")
    assert ids("renjianwei") == set()
    reviewer = entered["beijing"].reviewer
    mine = {c.pk for c in assigned_round.cases.filter(reviewer=reviewer)}
    client = api_for(reviewer)
    assert {r["id"] for r in client.get(CASES, {"mine": "true"}).json()["results"]} == mine
    assert ids("hq", place="hebei") == {entered["hebei"].pk}
    assert api_for(actors["hq"]).get(CASES, {"place": "jiangsu"}).status_code == 400


@pytest.mark.parametrize("actor", ["jiangsu_bureau", "jiangsu_authority", "enterprise", "agency"])
def test_outsiders_see_nothing(api_for, actors, assigned_round, entered, actor):
    client = api_for(actors[actor])
    assert client.get(ROUNDS).json()["results"] == []
    assert client.get(f"{ROUNDS}{assigned_round.pk}/").status_code == 404
    assert client.get(f"{ROUNDS}{assigned_round.pk}/comparison/").status_code == 404
    assert client.get(CASES).json()["results"] == []
    assert client.get(f"{CASES}{entered['beijing'].pk}/").status_code == 404


def test_anonymous_is_refused(api_client, draft_round):
    assert api_client.get(ROUNDS).status_code in (401, 403)
    assert api_client.get(f"{ROUNDS}{draft_round.pk}/").status_code in (401, 403)
    assert api_client.post(CASES, {}, format="json").status_code in (401, 403)
