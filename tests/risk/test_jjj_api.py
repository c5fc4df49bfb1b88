"""The API of 京津冀突发公共卫生事件通报 and of the warnings shared with the cooperation: 201/200
for who may, 403 before the body for who may not, 404 for what one cannot see, 400 with field
messages, 409 for the wrong state; nothing changes on a non-2xx answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from risk.models import EmergencyAcknowledgement, EmergencyHistory, EmergencyReport

from .jjj_fixtures import *  # noqa: F403  (actors, emergency, notified, jjj_warning …)
from .jjj_fixtures import HANDLING

pytestmark = pytest.mark.django_db

URL = "/api/v1/risk-emergencies/"


def _body(**overrides):
    now = timezone.localtime()
    return {
        "title": "河北口岸入境旅行团群体性腹泻",
        "description": "23 人中 9 人腹泻、呕吐。",
        "location": "秦皇岛",
        "occurred_at": (now - timedelta(hours=2)).isoformat(),
        "learnt_at": (now - timedelta(hours=1)).isoformat(),
        **overrides,
    }


def test_record_notify_acknowledge_through_the_api(api_for, actors):
    response = api_for(actors["hebei_bureau"]).post(URL, _body(), format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["bureau_code"], made["state"], made["status"]) == ("hebei", "recorded", "pending")
    assert 290 <= made["minutes_left"] <= 300 and made["acknowledgements"] == []
    detail = f"{URL}{made['id']}/"
    # Before notification, Beijing does not see it; HQ does.
    assert api_for(actors["beijing_bureau"]).get(detail).status_code == 404
    assert api_for(actors["hq"]).get(detail).status_code == 200
    options = api_for(actors["hebei_bureau"]).get(f"{detail}transitions/").json()
    assert [(o["name"], o["fields"]) for o in options] == [("notify", ["handling"])]
    response = api_for(actors["hebei_bureau"]).post(
        f"{detail}transitions/notify/", {"handling": HANDLING}, format="json"
    )
    assert response.status_code == 200, response.content
    done = response.json()
    assert (done["state"], done["status"], done["handling"]) == ("notified", "notified", HANDLING)
    assert {a["bureau_code"] for a in done["acknowledgements"]} == {"beijing", "tianjin"}
    again = api_for(actors["hebei_bureau"]).post(
        f"{detail}transitions/notify/", {"handling": HANDLING}, format="json"
    )
    assert again.status_code == 409
    # Beijing sees it now and confirms receipt, once.
    response = api_for(actors["beijing_bureau"]).post(f"{detail}acknowledge/")
    assert response.status_code == 200, response.content
    rows = {a["bureau_code"]: a for a in response.json()["acknowledgements"]}
    assert rows["beijing"]["acknowledged_by"] == actors["beijing_bureau"].username
    assert rows["tianjin"]["acknowledged_at"] is None
    assert api_for(actors["beijing_bureau"]).post(f"{detail}acknowledge/").status_code == 409
    history = api_for(actors["tianjin_bureau"]).get(f"{detail}history/").json()
    assert [(r["transition"], r["actor"]) for r in history] == [
        ("notify", actors["hebei_bureau"].username)
    ]


@pytest.mark.parametrize(
    "actor",
    ["beijing_inspector", "hebei_authority", "renjianwei", "hq", "jiangsu_bureau", "enterprise"],
)
def test_recording_refused_before_the_body(api_for, actors, actor):
    response = api_for(actors[actor]).post(URL, {"nonsense": True}, format="json")
    assert response.status_code == 403
    assert not EmergencyReport.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"learnt_at": (timezone.now() + timedelta(hours=1)).isoformat()}, "learnt_at"),
        ({"occurred_at": timezone.now().isoformat()}, "occurred_at"),
        ({"title": ""}, "title"),
        ({"learnt_at": "not a time"}, "learnt_at"),
    ],
)
def test_bad_input_is_400_with_the_field(api_for, actors, overrides, field):
    response = api_for(actors["tianjin_bureau"]).post(URL, _body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not EmergencyReport.objects.exists()


def test_notify_refused(api_for, actors, emergency):
    fire = f"{URL}{emergency.pk}/transitions/notify/"
    # Another place's bureau cannot see a report not yet notified to it (404) …
    assert api_for(actors["beijing_bureau"]).post(fire, {"handling": "x"}).status_code == 404
    # … HQ sees it and may not notify for the place (403, before the body) …
    assert api_for(actors["hq"]).post(fire, {}, format="json").status_code == 403
    # … the reporting bureau must give the handling (400).
    response = api_for(actors["tianjin_bureau"]).post(fire, {"handling": "  "}, format="json")
    assert response.status_code == 400 and "handling" in response.json()
    # Nobody escalates through the API.
    escalate = f"{URL}{emergency.pk}/transitions/escalate/"
    assert api_for(actors["hq"]).post(escalate, {}, format="json").status_code == 403
    emergency.refresh_from_db()
    assert emergency.state == "recorded" and not EmergencyHistory.objects.exists()


def test_acknowledge_refused(api_for, actors, notified):
    ack = f"{URL}{notified.pk}/acknowledge/"
    # The reporting bureau has no acknowledgement to give; HQ and an inspector neither.
    assert api_for(actors["tianjin_bureau"]).post(ack).status_code == 403
    assert api_for(actors["hq"]).post(ack).status_code == 403
    assert api_for(actors["beijing_inspector"]).post(ack).status_code == 403
    assert api_for(actors["hebei_authority"]).post(ack).status_code == 404
    assert not EmergencyAcknowledgement.objects.filter(acknowledged_at__isnull=False).exists()


@pytest.mark.parametrize(
    "actor", ["hebei_authority", "beijing_authority", "renjianwei", "biaozhunwei", "jiangsu_bureau"]
)
def test_outsiders_of_task_30_see_no_report(api_for, actors, notified, actor):
    assert api_for(actors[actor]).get(URL).json()["results"] == []
    assert api_for(actors[actor]).get(f"{URL}{notified.pk}/").status_code == 404


def test_hq_filters_the_overdue(api_for, actors, record, emergency):
    now = timezone.now()
    late = record(occurred_at=now - timedelta(hours=9), learnt_at=now - timedelta(hours=8))
    answer = api_for(actors["hq"]).get(URL, {"status": "overdue"}).json()
    assert [row["id"] for row in answer["results"]] == [late.pk]
    assert answer["results"][0]["minutes_left"] < -100
    assert api_for(actors["hq"]).get(URL, {"status": "late"}).status_code == 400
    everything = api_for(actors["hq"]).get(URL, {"place": "tianjin"}).json()["results"]
    assert {row["id"] for row in everything} == {late.pk, emergency.pk}


def test_shared_warning_through_the_api(api_for, actors, jjj_warning):
    url = f"/api/v1/risk-warnings/{jjj_warning.pk}/"
    answer = api_for(actors["hebei_authority"]).get(url)
    assert answer.status_code == 200
    assert [t["name"] for t in answer.json()["targets"]] == ["天津某冷链物流有限公司"]
    assert api_for(actors["jiangsu_authority"]).get(url).status_code == 404
    assert api_for(actors["enterprise"]).get(url).status_code == 404
    # Read only: no transition, no notifications, no measures.
    lift = api_for(actors["renjianwei"]).post(
        f"{url}transitions/lift/", {"reason": "x"}, format="json"
    )
    assert lift.status_code == 403
    assert api_for(actors["renjianwei"]).get(f"{url}notifications/").status_code == 403
