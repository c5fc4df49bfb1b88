"""质量档案与责任追溯 (seed 001 §六.6): the zone's bureau keeps a quality file per enterprise of the
zone. Each event (国外通报, 召回, 出口退运, 国内监督抽查不合格) is investigated, its cause
classified, the actions the cause calls for recorded (国外法规/市场监督/设计方面问题: 反馈 and 交涉;
企业能力不足: 帮扶; 恶意违法: 处罚, and the enterprise's 示范企业 title, and when the bureau says so
the zone's title, cancelled through the case engine), and closed. HQ sees every archive, the
zone's government its zone's; nobody else sees any."""

import pytest
from django.db import transaction
from django.utils import timezone

from demonstration.models import (
    ArchiveEvent,
    ArchiveEventHistory,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneEnterprise,
    ZoneHistory,
)
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import EVENT_BODY

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/demonstration-zones/"
ROLES = [
    "hq", "bureau", "other_bureau", "applicant", "other_government", "enterprise", "anonymous",
]  # fmt: skip
SEES_THE_ZONE = {"applicant", "bureau", "hq"}
STATES = ["opened", "investigated", "classified", "actions_recorded", "closed"]
# transition → (the state it is fired from, target); only the zone's bureau fires them.
ALLOWED = {
    "investigate": ("opened", "investigated"),
    "classify": ("investigated", "classified"),
    "record_actions": ("classified", "actions_recorded"),
    "close": ("actions_recorded", "closed"),
}
BODIES = {
    "investigate": {"findings": "原材料供应商变更，未做进口国法规符合性验证。"},
    "classify": {"cause": "capability", "comment": "企业法规跟踪能力不足"},
    "record_actions": {"support": "组织法规培训，派员驻厂帮扶。"},
    "close": {"conclusion": "企业已建立法规跟踪制度，整改完成。"},
}
MALICIOUS = {
    "penalty": "依法没收违法所得并处罚款，暂停出口备案。",
    "announcement": "出口制动片故意以石棉替代原料，属恶意违法。",
}


def expected_code(name: str, role: str, state: str) -> int:
    if role == "anonymous":
        return 403
    if role not in SEES_THE_ZONE:
        return 404
    if role != "bureau":
        return 403
    return 200 if state == ALLOWED[name][0] else 409


def events_url(zone) -> str:
    return f"{ZONES}{zone.pk}/archive-events/"


def fire(api_for, user, event, name: str, body: dict | None = None):
    zone = event.enterprise.zone
    return api_for(user).post(
        f"{events_url(zone)}{event.pk}/transitions/{name}/", body or {}, format="json"
    )


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.json()


def snapshot(event_id: int) -> tuple:
    return (
        ArchiveEvent.objects.filter(pk=event_id).values().get(),
        ArchiveEventHistory.objects.filter(event_id=event_id).count(),
    )


@pytest.fixture
def everyone(people):
    return {role: people[role] for role in ROLES}


@pytest.fixture
def member(make_zone, make_enterprise):
    """A 示范企业 of a designated national zone of 北京顺义."""
    return make_enterprise(make_zone("designated"), "granted")


# ---------------------------------------------------------------- the permission matrix


@pytest.mark.parametrize("state", STATES)
def test_transition_matrix(api_for, everyone, member, make_event, state):
    event = make_event(member, state)
    before = snapshot(event.pk)
    for name, (source, target) in ALLOWED.items():
        body = BODIES[name]
        with transaction.atomic():
            for role in ROLES:
                code = expected_code(name, role, state)
                if code == 200:
                    continue
                response = fire(api_for, everyone[role], event, name, body)
                assert response.status_code == code, (name, role, response.content)
                assert set(response.json()) == {"detail"}, (name, role)
                assert snapshot(event.pk) == before, (name, role)
            if state == source:
                response = fire(api_for, everyone["bureau"], event, name, body)
                assert ok(response)["state"] == target
                entry = ArchiveEventHistory.objects.get(event_id=event.pk)
                assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
                    name,
                    source,
                    target,
                    everyone["bureau"],
                )
            transaction.set_rollback(True)
        assert snapshot(event.pk) == before


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("bureau", 201),
        ("hq", 403),
        ("applicant", 403),
        ("other_bureau", 404),
        ("other_government", 404),
        ("enterprise", 404),
        ("anonymous", 403),
    ],
)
def test_only_the_zones_bureau_opens_an_event(api_for, people, member, role, code):
    body = {**EVENT_BODY, "enterprise": member.pk}
    response = api_for(people[role]).post(events_url(member.zone), body, format="json")
    assert response.status_code == code, response.content
    assert ArchiveEvent.objects.count() == (1 if code == 201 else 0)
    if code == 201:
        opened = response.json()
        assert opened["state"] == "opened" and opened["opened_by"] == people["bureau"].username
        assert opened["enterprise"] == member.pk and opened["enterprise_name"] == member.name


def test_an_event_is_opened_only_for_an_admitted_enterprise_of_the_zone(
    api_for, bureau_beijing, make_zone, make_enterprise
):
    zone = make_zone("designated")
    url = events_url(zone)
    elsewhere = make_enterprise(make_zone("designated"), "admitted")
    for enterprise in (
        make_enterprise(zone, "proposed"),
        make_enterprise(zone, "declined"),
        elsewhere,
    ):
        body = {**EVENT_BODY, "enterprise": enterprise.pk}
        response = api_for(bureau_beijing).post(url, body, format="json")
        assert response.status_code == 400 and "enterprise" in response.json(), enterprise.state
    ahead = (timezone.localdate() + timezone.timedelta(days=2)).isoformat()
    admitted = make_enterprise(zone, "exited")  # its file stays open to past events
    response = api_for(bureau_beijing).post(
        url, {**EVENT_BODY, "enterprise": admitted.pk, "occurred_on": ahead}, format="json"
    )
    assert response.status_code == 400 and "occurred_on" in response.json()
    assert not ArchiveEvent.objects.exists()
    body = {**EVENT_BODY, "enterprise": admitted.pk}
    ok(api_for(bureau_beijing).post(url, body, format="json"), 201)


# ---------------------------------------------------------------- the walk, cause by cause


@pytest.mark.parametrize(
    ("cause", "actions", "required"),
    [
        ("foreign_regulation", {"feedback": "向欧盟通报机构反馈", "negotiation": "经 WTO/TBT 交涉"},
         {"feedback", "negotiation"}),
        ("market_surveillance", {"feedback": "反馈", "negotiation": "交涉"},
         {"feedback", "negotiation"}),
        ("design", {"feedback": "反馈设计缺陷", "negotiation": "与进口商交涉"},
         {"feedback", "negotiation"}),
        ("capability", {"support": "派员驻厂帮扶"}, {"support"}),
    ],
)  # fmt: skip
def test_each_cause_calls_for_its_actions_and_the_event_is_closed(
    api_for, bureau_beijing, hq, gov_beijing, member, make_event, cause, actions, required
):
    event = make_event(member, "investigated")
    ok(fire(api_for, bureau_beijing, event, "classify", {"cause": cause}))
    missing = fire(api_for, bureau_beijing, event, "record_actions", {})
    assert missing.status_code == 400
    assert set(missing.json()) - {"detail"} == required
    recorded = ok(fire(api_for, bureau_beijing, event, "record_actions", actions))
    for field, value in actions.items():
        assert recorded[field] == value
    ok(fire(api_for, bureau_beijing, event, "close", BODIES["close"]))
    event.refresh_from_db()
    assert event.state == "closed" and event.closed_at
    assert event.conclusion == BODIES["close"]["conclusion"]
    # Only 恶意违法 touches a title.
    assert ZoneEnterprise.objects.get(pk=member.pk).state == "granted"
    assert DemonstrationZone.objects.get(pk=member.zone_id).state == "designated"
    history = ok(api_for(gov_beijing).get(f"{events_url(member.zone)}{event.pk}/history/"))
    assert [h["transition"] for h in history] == ["classify", "record_actions", "close"]
    assert history[0]["data"] == {"cause": cause}
    assert ok(api_for(hq).get(f"{events_url(member.zone)}{event.pk}/"))["state"] == "closed"


def test_an_unknown_cause_is_400(api_for, bureau_beijing, member, make_event):
    event = make_event(member, "investigated")
    response = fire(api_for, bureau_beijing, event, "classify", {"cause": "bad-luck"})
    assert response.status_code == 400 and "cause" in response.json()
    again = fire(api_for, bureau_beijing, event, "investigate", {"findings": "再次调查"})
    assert again.status_code == 409  # not from this state
    fresh = make_event(member, "opened")
    assert "findings" in fire(api_for, bureau_beijing, fresh, "investigate", {}).json()


# ---------------------------------------------------------------- 恶意违法


@pytest.mark.parametrize("level", ["national", "provincial"])
def test_malice_cancels_the_enterprises_title_through_the_engine(
    api_for, bureau_beijing, make_zone, make_enterprise, make_event, level
):
    zone = make_zone("designated", level=level)
    offender, neighbour = make_enterprise(zone, "granted"), make_enterprise(zone, "granted")
    event = make_event(offender, "classified", cause="malicious")
    missing = fire(api_for, bureau_beijing, event, "record_actions", {"penalty": "罚款"})
    assert missing.status_code == 400 and "announcement" in missing.json()
    recorded = ok(fire(api_for, bureau_beijing, event, "record_actions", MALICIOUS))
    assert recorded["state"] == "actions_recorded" and recorded["cancel_zone_title"] is False
    offender.refresh_from_db()
    assert offender.state == "title_withdrawn"
    assert offender.withdrawal_reason == MALICIOUS["announcement"]
    entry = EnterpriseHistory.objects.get(enterprise=offender)
    assert (entry.transition, entry.actor, entry.reason, entry.data) == (
        "withdraw_title",
        bureau_beijing,
        MALICIOUS["announcement"],
        {"archive_event": event.pk},
    )
    record = ArchiveEventHistory.objects.get(event=event)
    assert record.data["enterprise_title_withdrawn"] is True
    assert record.data["zone_title_withdrawn"] is False
    # The zone and its other enterprises keep their titles.
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "designated"
    assert ZoneEnterprise.objects.get(pk=neighbour.pk).state == "granted"
    assert not ZoneHistory.objects.filter(zone=zone).exists()


def test_malice_cancels_the_zones_title_too_when_the_bureau_says_so(
    api_for, bureau_beijing, hq, make_zone, make_enterprise, make_event
):
    zone = make_zone("designated")  # national: HQ's title, cancelled on the bureau's finding
    offender, neighbour = make_enterprise(zone, "granted"), make_enterprise(zone, "granted")
    event = make_event(offender, "classified", cause="malicious")
    body = {**MALICIOUS, "cancel_zone_title": True}
    ok(fire(api_for, bureau_beijing, event, "record_actions", body))
    zone.refresh_from_db()
    assert zone.state == "withdrawn" and zone.withdrawal_reason == MALICIOUS["announcement"]
    zone_entry = ZoneHistory.objects.get(zone=zone)
    assert (zone_entry.transition, zone_entry.actor, zone_entry.data) == (
        "withdraw_title",
        bureau_beijing,
        {"archive_event": event.pk},
    )
    offender.refresh_from_db()
    neighbour.refresh_from_db()
    assert offender.state == neighbour.state == "title_withdrawn"
    assert [h.transition for h in EnterpriseHistory.objects.filter(enterprise=offender)] == [
        "withdraw_title"
    ]
    ended = EnterpriseHistory.objects.get(enterprise=neighbour)
    assert (ended.transition, ended.actor) == ("end_title", bureau_beijing)
    record = ArchiveEventHistory.objects.get(event=event)
    assert record.data["zone_title_withdrawn"] is True
    # The public register announces both withdrawals with the reason.
    public = ok(api_for(None).get(f"/api/v1/public/demonstration-zones/{zone.number}/"))
    assert public["status"] == "revoked"
    assert public["withdrawal_reason"] == MALICIOUS["announcement"]
    assert {e["status"] for e in public["enterprises"]} == {"revoked"}


def test_malice_without_a_title_cancels_nothing_and_blocks_the_grant(
    api_for, bureau_beijing, hq, make_zone, make_enterprise, make_event
):
    zone = make_zone("designated")
    candidate = make_enterprise(zone, "assessed")
    event = make_event(candidate, "classified", cause="malicious")
    record = ok(fire(api_for, bureau_beijing, event, "record_actions", MALICIOUS))
    assert record["state"] == "actions_recorded"
    assert ZoneEnterprise.objects.get(pk=candidate.pk).state == "assessed"
    refused = api_for(hq).post(
        f"{ZONES}{zone.pk}/enterprises/{candidate.pk}/transitions/grant/", {}, format="json"
    )
    assert refused.status_code == 409 and "恶意违法" in refused.json()["detail"]


def test_a_bureau_may_not_withdraw_hqs_titles_without_a_finding_of_malice(
    api_for, bureau_beijing, member, make_event
):
    make_event(member, "classified", cause="capability")
    zone = member.zone
    enterprise_url = f"{ZONES}{zone.pk}/enterprises/{member.pk}/transitions/withdraw_title/"
    zone_url = f"{ZONES}{zone.pk}/transitions/withdraw_title/"
    for address in (enterprise_url, zone_url):
        response = api_for(bureau_beijing).post(address, {"reason": "x"}, format="json")
        assert response.status_code == 403, address


# ---------------------------------------------------------------- scoping


def test_each_caller_sees_exactly_the_archive_of_zones_it_sees(
    api_for, people, member, make_event, make_enterprise
):
    events = {make_event(member, state).pk for state in STATES}
    zone = member.zone
    for role in ("hq", "bureau", "applicant"):
        listed = ok(api_for(people[role]).get(events_url(zone)))
        assert {row["id"] for row in listed["results"]} == events, role
    api = api_for(people["hq"])
    assert len(ok(api.get(events_url(zone), {"state": "closed"}))["results"]) == 1
    assert len(ok(api.get(events_url(zone), {"kind": "recall"}))["results"]) == 0
    other = make_enterprise(zone, "admitted")
    assert ok(api.get(events_url(zone), {"enterprise": other.pk}))["results"] == []
    assert api.get(events_url(zone), {"state": "nonsense"}).status_code == 400
    event = ArchiveEvent.objects.get(state="opened")
    for role in ("other_bureau", "other_government", "enterprise"):
        for tail in ("", f"{event.pk}/", f"{event.pk}/history/", f"{event.pk}/transitions/"):
            response = api_for(people[role]).get(events_url(zone) + tail)
            assert response.status_code == 404, (role, tail)
    assert api_for(None).get(events_url(zone)).status_code == 403
    transitions = ok(api_for(people["bureau"]).get(f"{events_url(zone)}{event.pk}/transitions/"))
    assert [t["name"] for t in transitions] == ["investigate"]
    assert ok(api_for(people["hq"]).get(f"{events_url(zone)}{event.pk}/transitions/")) == []


# ---------------------------------------------------------------- pages


def html(response) -> str:
    return response.content.decode()


def test_the_bureau_follows_an_event_to_closure_through_the_pages(
    client_for, member, bureau_beijing, gov_beijing, hq
):
    zone = member.zone
    base = f"/demonstration/{zone.pk}/archive/"
    client = client_for(bureau_beijing)
    assert f'href="{base}"' in html(client.get(f"/demonstration/{zone.pk}/"))
    form = client.get(f"{base}new/?enterprise={member.pk}")
    assert form.status_code == 200
    assert form.context["form"]["enterprise"].value() in (member.pk, str(member.pk))
    done = client.post(f"{base}new/", {**EVENT_BODY, "enterprise": member.pk})
    event = ArchiveEvent.objects.get()
    assert done["Location"] == f"{base}{event.pk}/"
    client.post(f"{base}{event.pk}/do/investigate/", BODIES["investigate"])
    client.post(f"{base}{event.pk}/do/classify/", {"cause": "foreign_regulation"})
    actions = client.get(f"{base}{event.pk}/do/record_actions/")
    assert set(actions.context["form"].fields) == {"feedback", "negotiation", "comment"}
    client.post(
        f"{base}{event.pk}/do/record_actions/", {"feedback": "已反馈", "negotiation": "已交涉"}
    )
    client.post(f"{base}{event.pk}/do/close/", BODIES["close"])
    event.refresh_from_db()
    assert event.state == "closed" and event.feedback == "已反馈"
    for user in (gov_beijing, hq):
        viewer = client_for(user)
        page = html(viewer.get(f"{base}{event.pk}/"))
        assert "已反馈" in page and "已交涉" in page and "已结案" in page
        assert f"{base}{event.pk}/do/" not in page
        assert "国外法规方面问题" in html(viewer.get(base))
    enterprise_page = html(client.get(f"/demonstration/{zone.pk}/enterprises/{member.pk}/"))
    assert f'href="{base}{event.pk}/"' in enterprise_page


def test_the_malice_page_offers_the_zones_title_and_cancels_it(
    client_for, member, make_event, bureau_beijing
):
    event = make_event(member, "classified", cause="malicious")
    base = f"/demonstration/{member.zone_id}/archive/{event.pk}/do/record_actions/"
    client = client_for(bureau_beijing)
    fields = set(client.get(base).context["form"].fields)
    assert fields == {"penalty", "announcement", "cancel_zone_title", "comment"}
    client.post(base, {**MALICIOUS, "cancel_zone_title": "on"})
    assert DemonstrationZone.objects.get(pk=member.zone_id).state == "withdrawn"
    assert ZoneEnterprise.objects.get(pk=member.pk).state == "title_withdrawn"


def test_who_may_act_on_the_archive_pages(
    client_for, member, make_event, bureau_beijing, gov_beijing, hq, gov_jiangsu, bureau_jiangsu,
    enterprise,
):  # fmt: skip
    event = make_event(member, "opened")
    zone = member.zone
    base = f"/demonstration/{zone.pk}/archive/"
    for user in (gov_beijing, hq):
        viewer = client_for(user)
        assert viewer.get(base).status_code == 200
        assert viewer.get(f"{base}new/").status_code == 403
        assert viewer.post(
            f"{base}{event.pk}/do/investigate/", BODIES["investigate"]
        ).status_code == (403)
    for stranger in (gov_jiangsu, bureau_jiangsu, enterprise):
        viewer = client_for(stranger)
        for address in (base, f"{base}new/", f"{base}{event.pk}/", f"{base}{event.pk}/do/close/"):
            assert viewer.get(address).status_code == 404, (stranger.username, address)
        assert viewer.post(f"{base}new/", {**EVENT_BODY, "enterprise": member.pk}).status_code == (
            404
        )
    assert client_for(bureau_beijing).get(f"{base}{event.pk}/do/close/").status_code == 200
    assert client_for(bureau_beijing).post(
        f"{base}{event.pk}/do/close/", {"conclusion": "x"}
    ).status_code == (409)
    assert ArchiveEvent.objects.count() == 1
    assert ArchiveEvent.objects.get().state == "opened"


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_archive_pages_show_no_untranslated_chinese(
    client_for, make_zone, make_enterprise, make_event, bureau_beijing, hq
):
    from .test_pages import _switch, _untranslated

    zone = make_zone("designated")
    DemonstrationZone.objects.filter(pk=zone.pk).update(name="Shunyi Zone")
    member = make_enterprise(zone, "granted", name="Precision Parts Co.", products="Brakes")
    english = {
        "product": "Brake pads",
        "description": "EU notification",
        "reference": "RASFF 1",
    }
    opened = make_event(member, "opened", **english)
    closed = make_event(member, "closed", **english)
    ArchiveEvent.objects.filter(pk=closed.pk).update(
        findings="Supplier changed", support="Training", conclusion="Done"
    )
    malicious = make_event(member, "classified", cause="malicious", **english)
    ArchiveEvent.objects.filter(pk=malicious.pk).update(findings="Supplier changed")
    base = f"/demonstration/{zone.pk}/archive/"
    bureau = bureau_beijing.bureau
    data = (bureau.name, bureau.full_name, "起到示范引领作用")
    for user, urls in {
        bureau_beijing: [
            base,
            f"{base}new/",
            f"{base}{opened.pk}/",
            f"{base}{opened.pk}/do/investigate/",
            f"{base}{malicious.pk}/do/record_actions/",
        ],
        hq: [f"{base}{closed.pk}/"],
    }.items():
        signed_in = client_for(user)
        _switch(signed_in, "en")
        for address in urls:
            response = signed_in.get(address)
            assert response.status_code == 200, address
            assert _untranslated(response, *data, user.username) == [], address
