"""The API's answers (SPEC §9): 201/200 for who may, 403 before the body for who may not, 404
for what one cannot see, 400 with field messages, 409 for the wrong state; nothing changes on a
non-2xx answer."""

import pytest

from recognition.models import Recognition, RecognitionHistory
from recognition.workflow import State

pytestmark = pytest.mark.django_db

URL = "/api/v1/recognitions/"


def _body(holder, **overrides):
    return {
        "holder_name": holder.name,
        "holder_uscc": holder.uscc,
        "kind": "certification",
        "title": "检验检测机构资质认定",
        "scope": "食品检测",
        "document_number": "CMA 210012345678",
        "valid_from": "2026-01-10",
        "valid_until": "2032-01-09",
        **overrides,
    }


def test_record_read_withdraw_through_the_api(api_for, actors, holder):
    response = api_for(actors["hebei_authority"]).post(URL, _body(holder), format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["place"], made["state"], made["status"]) == ("hebei", "in_force", "in_force")
    assert made["granting_authority"] == "zj-hebei" and made["granting_bureau"] is None
    assert made["number"].startswith("JJJHR-")
    # Beijing reads it and may not withdraw it; Hebei's bureau may.
    assert api_for(actors["beijing_bureau"]).get(f"{URL}{made['id']}/").status_code == 200
    refused = api_for(actors["beijing_bureau"]).post(
        f"{URL}{made['id']}/withdraw/", {"reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    options = api_for(actors["hebei_bureau"]).get(f"{URL}{made['id']}/transitions/").json()
    assert [o["name"] for o in options] == ["withdraw"]
    response = api_for(actors["hebei_bureau"]).post(
        f"{URL}{made['id']}/withdraw/", {"reason": "证书被依法撤销。"}, format="json"
    )
    assert response.status_code == 200, response.content
    done = response.json()
    assert (done["state"], done["status"], done["withdrawal_reason"]) == (
        "withdrawn",
        "withdrawn",
        "证书被依法撤销。",
    )
    again = api_for(actors["hebei_bureau"]).post(
        f"{URL}{made['id']}/withdraw/", {"reason": "再次。"}, format="json"
    )
    assert again.status_code == 409
    history = api_for(actors["tianjin_inspector"]).get(f"{URL}{made['id']}/history/").json()
    assert [(row["transition"], row["actor"]) for row in history] == [
        ("withdraw", actors["hebei_bureau"].username)
    ]


def test_the_kernels_transition_action_withdraws_too(api_for, actors, recognition):
    client = api_for(actors["tianjin_authority"])
    empty = client.post(f"{URL}{recognition.pk}/transitions/withdraw/", {}, format="json")
    assert empty.status_code == 400 and "reason" in empty.json()
    done = client.post(
        f"{URL}{recognition.pk}/transitions/withdraw/", {"reason": "撤销。"}, format="json"
    )
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"


@pytest.mark.parametrize(
    "actor",
    [
        "beijing_inspector",
        "jiangsu_bureau",
        "jiangsu_authority",
        "renjianwei",
        "biaozhunwei",
        "hq",
        "holder",
        "agency",
    ],
)
def test_who_may_not_record_is_403_whatever_the_body(api_for, actors, actor):
    response = api_for(actors[actor]).post(URL, {"kind": "nonsense"}, format="json")
    assert response.status_code == 403
    assert not Recognition.objects.exists()


def test_anonymous_is_refused(api_client, recognition, holder):
    assert api_client.get(URL).status_code in (401, 403)
    assert api_client.get(f"{URL}{recognition.pk}/").status_code in (401, 403)
    assert api_client.post(URL, _body(holder), format="json").status_code in (401, 403)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"holder_uscc": "91110000000000000X"}, "holder_uscc"),
        ({"holder_name": "  "}, "holder_name"),
        ({"kind": "policy"}, "kind"),
        ({"valid_from": "2026-02-30"}, "valid_from"),
        ({"valid_until": "2026-01-10"}, "valid_until"),
        ({"document_number": "号" * 65}, "document_number"),
    ],
)
def test_bad_input_is_400_with_the_fields_message(api_for, actors, holder, overrides, field):
    response = api_for(actors["beijing_bureau"]).post(
        URL, _body(holder, **overrides), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Recognition.objects.exists()


def test_a_withdrawal_without_a_reason_is_400_and_changes_nothing(api_for, actors, recognition):
    response = api_for(actors["tianjin_authority"]).post(
        f"{URL}{recognition.pk}/withdraw/", {"reason": ""}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()
    assert Recognition.objects.get(pk=recognition.pk).state == State.IN_FORCE
    assert not RecognitionHistory.objects.exists()


@pytest.mark.parametrize(
    "actor", ["jiangsu_bureau", "jiangsu_authority", "other_enterprise", "agency"]
)
def test_outsiders_see_nothing(api_for, actors, recognition, actor):
    client = api_for(actors[actor])
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{recognition.pk}/").status_code == 404
    assert client.post(f"{URL}{recognition.pk}/withdraw/", {"reason": "x"}).status_code == 404


def test_the_holder_sees_its_own(api_for, actors, recognition):
    client = api_for(actors["holder"])
    assert [r["id"] for r in client.get(URL).json()["results"]] == [recognition.pk]
    assert client.get(f"{URL}{recognition.pk}/").status_code == 200
    assert client.post(f"{URL}{recognition.pk}/withdraw/", {"reason": "x"}).status_code == 403


def test_list_filters(api_for, actors, record, holder, other_enterprise):
    tianjin = record()
    beijing = record(
        "beijing_bureau",
        kind="filing",
        holder_name=other_enterprise.name,
        holder_uscc=other_enterprise.uscc,
    )
    client = api_for(actors["renjianwei"])

    def ids(**params):
        return {r["id"] for r in client.get(URL, params).json()["results"]}

    assert ids(q=other_enterprise.uscc.lower()) == {beijing.pk}
    assert ids(q="滨海精工") == {tianjin.pk}
    assert ids(kind="filing") == {beijing.pk}
    assert ids(place="tianjin") == {tianjin.pk}
    assert ids(status="in_force") == {tianjin.pk, beijing.pk}
    assert ids(status="withdrawn") == set()
    assert client.get(URL, {"status": "maybe"}).status_code == 400
    assert client.get(URL, {"place": "jiangsu"}).status_code == 400
