"""The inspection pilot-zone API (seed 002): the walk from application to operation through the
API alone, each endpoint's scoping (404 for those who may not see, 403 for those who see but may
not act, 409 in the wrong state, 400 with field messages on a bad body; nothing changed on a
refusal), innovation measures with 督查评估 and commendations, the library of replicable practice
with its adoptions, the notices, and the public endpoints, which show only public data."""

import pytest
from django.utils import timezone

from pilotzones import services
from pilotzones.models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    PilotZone,
    PilotZoneDocument,
    PracticeAdoption,
    ReplicablePractice,
)
from pilotzones.workflow import MEMBER_DEPARTMENTS, State

from .conftest import ZONE_BODY, plan_upload

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/pilot-zones/"
NOTICES = "/api/v1/pilot-zone-notices/"
MEASURES = "/api/v1/innovation-measures/"
COMMENDATIONS = "/api/v1/pilot-commendations/"
PRACTICES = "/api/v1/replicable-practices/"
PUBLIC_ZONES = "/api/v1/public/pilot-zones/"
PUBLIC_PRACTICES = "/api/v1/public/pilot-practices/"
PUBLIC_COMMENDATIONS = "/api/v1/public/pilot-commendations/"

MEASURE_BODY = {
    "title": "第三方检验结果采信",
    "innovation": "measure",
    "description": "对进口机电产品采信第三方检验机构的检验结果。",
}
PRACTICE_BODY = {
    "title": "跨境电商零售进口“先放后检”",
    "innovation": "model",
    "summary": "先放行后检验，缩短通关时间。",
    "content": "对跨境电商零售进口商品实施先放后检。",
    "results": "平均通关时间缩短一半。",
}


def ok(response, code: int = 200) -> dict:
    assert response.status_code == code, response.content
    return response.json()


def refused(response, code: int) -> dict:
    assert response.status_code == code, response.content
    return response.json()


def ids(response) -> set[int]:
    return {row["id"] for row in ok(response)["results"]}


def fire(api_for, user, zone_id: int, name: str, body: dict | None = None):
    return api_for(user).post(f"{ZONES}{zone_id}/transitions/{name}/", body or {}, format="json")


def snapshot(zone_id: int) -> tuple:
    zone = PilotZone.objects.get(pk=zone_id)
    return (
        zone.state,
        zone.history.count(),
        zone.updated_at,
        list(zone.acceptance_opinions.values_list("verdict", "opinion", "response")),
    )


# ---------------------------------------------------------------- the walk


def test_the_walk_from_application_to_operation_through_the_api(
    api_for,
    api_client,
    gov_jiangxi,
    bureau_jiangxi,
    lead,
    members,
    operator_jiangxi,
    django_capture_on_commit_callbacks,
):
    created = ok(api_for(gov_jiangxi).post(ZONES, ZONE_BODY, format="json"), 201)
    zone_id = created["id"]
    assert (created["state"], created["state_display"]) == ("draft", "草稿")
    assert (created["applicant"], created["bureau"]) == ("南昌市人民政府", "jiangxi")
    assert (created["area"], created["expected_value"]) == (12.5, 85000.0)
    assert created["number"] is None and created["operator"] is None

    # Submitting without the construction plan is refused as not possible yet (409).
    assert fire(api_for, gov_jiangxi, zone_id, "submit").status_code == 409
    upload = api_for(gov_jiangxi).post(
        f"{ZONES}{zone_id}/documents/",
        {"file": plan_upload(), "kind": "construction_plan"},
        format="multipart",
    )
    document = ok(upload, 201)
    assert document["kind"] == "construction_plan"
    options = ok(api_for(gov_jiangxi).get(f"{ZONES}{zone_id}/transitions/"))
    assert [o["name"] for o in options] == ["submit"]
    assert ok(fire(api_for, gov_jiangxi, zone_id, "submit"))["state"] == "submitted"

    # The bureau reads the plan (logged) and recommends with its guidance.
    download = api_for(bureau_jiangxi).get(f"{ZONES}{zone_id}/documents/{document['id']}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    options = ok(api_for(bureau_jiangxi).get(f"{ZONES}{zone_id}/transitions/"))
    recommend = next(o for o in options if o["name"] == "recommend")
    assert recommend["fields"] == ["recommendation", "guidance"]
    with django_capture_on_commit_callbacks(execute=True):
        recommended = ok(
            fire(
                api_for,
                bureau_jiangxi,
                zone_id,
                "recommend",
                {"recommendation": "同意推荐。", "guidance": "突出跨境电商功能。"},
            )
        )
    assert (recommended["state"], recommended["recommendation"]) == ("recommended", "同意推荐。")

    # 通关司 forms the working group: one opinion row per member department, none answered.
    opened = fire(api_for, lead, zone_id, "open_acceptance", {"arrangement": "12月现场验收。"})
    assert ok(opened)["state"] == "acceptance"
    opinions = ok(api_for(lead).get(f"{ZONES}{zone_id}/opinions/"))
    assert sorted(o["department"] for o in opinions) == sorted(MEMBER_DEPARTMENTS)
    assert {o["verdict"] for o in opinions} == {""}
    # The lead cannot decide before every member has answered.
    assert fire(api_for, lead, zone_id, "approve").status_code == 409

    for code, member in members.items():
        body = {"verdict": "agree", "opinion": "同意。"}
        if code == "weisheng":
            body = {"verdict": "object", "opinion": "卫生检疫设施不足。"}
        answered = ok(api_for(member).post(f"{ZONES}{zone_id}/opinion/", body, format="json"))
        assert (answered["department"], answered["verdict"]) == (code, body["verdict"])
        assert answered["recorded_by"] == member.username

    # Every objection is answered in the decision.
    missing = refused(fire(api_for, lead, zone_id, "approve", {"responses": {}}), 400)
    assert "responses" in missing
    with django_capture_on_commit_callbacks(execute=True):
        approved = ok(
            fire(
                api_for,
                lead,
                zone_id,
                "approve",
                {"responses": {"weisheng": "已要求补充卫生检疫设施。"}},
            )
        )
    assert approved["state"] == "approved"
    assert approved["number"] == f"GJSYQ-{timezone.localdate().year}-001"
    objection = next(
        o
        for o in ok(api_for(gov_jiangxi).get(f"{ZONES}{zone_id}/opinions/"))
        if o["verdict"] == "object"
    )
    assert objection["response"] == "已要求补充卫生检疫设施。"

    with django_capture_on_commit_callbacks(execute=True):
        operating = ok(
            fire(
                api_for,
                bureau_jiangxi,
                zone_id,
                "start_operation",
                {"operator": operator_jiangxi.organisation_id, "comment": "运营企业已登记。"},
            )
        )
    assert operating["state"] == "operating"
    assert operating["operator"] == operator_jiangxi.organisation_id
    assert operating["operator_name"] == "南昌国检试验区运营有限公司"
    assert operating["operation_started_on"] == timezone.localdate().isoformat()

    history = ok(api_for(gov_jiangxi).get(f"{ZONES}{zone_id}/history/"))
    assert [(h["transition"], h["actor"]) for h in history] == [
        ("submit", "gov-nanchang"),
        ("recommend", "pilot-jx-clerk"),
        ("open_acceptance", "dept-tongguan"),
        ("approve", "dept-tongguan"),
        ("start_operation", "pilot-jx-clerk"),
    ]
    # The operating enterprise sees the zone it runs.
    assert ids(api_for(operator_jiangxi).get(ZONES)) == {zone_id}

    # The local government's inbox: recommendation, approval, operation, newest first.
    inbox = ok(api_for(gov_jiangxi).get(NOTICES))["results"]
    assert [n["kind"] for n in inbox] == ["operation", "approval", "recommendation"]
    assert all(n["zone"] == zone_id and n["read_at"] is None for n in inbox)
    assert approved["number"] in inbox[1]["body"]
    read = ok(api_for(gov_jiangxi).post(f"{NOTICES}{inbox[1]['id']}/read/"))
    assert read["read_at"] is not None
    assert [
        n["kind"] for n in ok(api_for(gov_jiangxi).get(NOTICES, {"unread": "true"}))["results"]
    ] == ["operation", "recommendation"]
    pdf = api_for(gov_jiangxi).get(f"{NOTICES}{inbox[1]['id']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    # The public register.
    api_client.force_authenticate(None)
    listed = ok(api_client.get(PUBLIC_ZONES))["results"]
    assert [z["number"] for z in listed] == [approved["number"]]
    assert listed[0]["operator"] == "南昌国检试验区运营有限公司"


def test_a_zone_not_approved_answers_each_objection(api_for, make_zone, lead, members):
    zone = make_zone(State.ACCEPTANCE)
    for code, member in members.items():
        verdict = "object" if code == "dongzhi" else "agree"
        api_for(member).post(
            f"{ZONES}{zone.pk}/opinion/", {"verdict": verdict, "opinion": "意见。"}, format="json"
        )
    # not_approve needs a reason and the answers.
    no_reason = refused(fire(api_for, lead, zone.pk, "not_approve"), 400)
    assert "reason" in no_reason
    decided = ok(
        fire(
            api_for,
            lead,
            zone.pk,
            "not_approve",
            {"reason": "条件不具备。", "responses": {"dongzhi": "同意动植司意见。"}},
        )
    )
    assert decided["state"] == "not_approved" and decided["number"] is None


# ---------------------------------------------------------------- zones: scoping and refusals


def test_who_sees_which_zone(
    api_for, make_zone, gov_jiangxi, gov_guangxi, bureau_jiangxi, bureau_guangxi, hq, lead
):
    draft = make_zone(State.DRAFT, name="九江国检试验区")
    submitted = make_zone(State.SUBMITTED, name="赣州国检试验区")
    recommended = make_zone(State.RECOMMENDED)
    assert ids(api_for(gov_jiangxi).get(ZONES)) == {draft.pk, submitted.pk, recommended.pk}
    assert ids(api_for(bureau_jiangxi).get(ZONES)) == {submitted.pk, recommended.pk}
    assert ids(api_for(hq).get(ZONES)) == {submitted.pk, recommended.pk}
    assert ids(api_for(lead).get(ZONES)) == {recommended.pk}
    assert ids(api_for(gov_guangxi).get(ZONES)) == set()
    assert ids(api_for(bureau_guangxi).get(ZONES)) == set()
    # Filters: state (several) and bureau code; a bad value is 400 naming it.
    assert ids(api_for(hq).get(ZONES, {"state": ["submitted"]})) == {submitted.pk}
    assert ids(api_for(hq).get(ZONES, {"bureau": "guangxi"})) == set()
    assert list(refused(api_for(hq).get(ZONES, {"state": "nonsense"}), 400)) == ["state"]

    # 404 for every sub-resource of a zone the caller does not see.
    for user, zone in (
        (bureau_jiangxi, draft),
        (bureau_guangxi, submitted),
        (gov_guangxi, submitted),
        (lead, submitted),
    ):
        for path in ("", "history/", "transitions/", "documents/", "opinions/"):
            assert api_for(user).get(f"{ZONES}{zone.pk}/{path}").status_code == 404
        assert fire(api_for, user, zone.pk, "recommend").status_code == 404
    assert api_for(None).get(ZONES).status_code in (401, 403)


def test_the_application_is_the_governments_own(
    api_for, make_zone, gov_jiangxi, gov_guangxi, bureau_jiangxi, hq
):
    # Nobody but a local government applies (403 whatever the body).
    for user in (bureau_jiangxi, hq):
        assert refused(api_for(user).post(ZONES, {}, format="json"), 403)
    # A bad body: a message per field, nothing created.
    bad = {
        **ZONE_BODY,
        "name": "南昌试验区",
        "area": "abc",
        "expected_batches": -1,
        "location": 12,
        "industries": "电子\n信息",
    }
    errors = refused(api_for(gov_jiangxi).post(ZONES, bad, format="json"), 400)
    assert {"area", "expected_batches", "location", "industries"} <= set(errors)
    errors = refused(
        api_for(gov_jiangxi).post(ZONES, {**ZONE_BODY, "name": "南昌试验区"}, format="json"), 400
    )
    assert list(errors) == ["detail", "name"]
    too_big = {**ZONE_BODY, "area": "100000000"}
    assert "area" in refused(api_for(gov_jiangxi).post(ZONES, too_big, format="json"), 400)
    assert not PilotZone.objects.exists()

    zone = make_zone(State.DRAFT)
    edited = ok(api_for(gov_jiangxi).patch(f"{ZONES}{zone.pk}/", {"area": 20}, format="json"))
    assert edited["area"] == 20.0
    # Another government does not see it; the bureau does not see a draft.
    assert api_for(gov_guangxi).patch(f"{ZONES}{zone.pk}/", {}, format="json").status_code == 404
    assert api_for(bureau_jiangxi).patch(f"{ZONES}{zone.pk}/", {}).status_code == 404
    bad_edit = api_for(gov_jiangxi).patch(f"{ZONES}{zone.pk}/", {"expected_value": "x"})
    assert "expected_value" in refused(bad_edit, 400)

    submitted = make_zone(State.SUBMITTED, name="赣州国检试验区")
    before = snapshot(submitted.pk)
    # HQ sees it but may not edit it (403 before the body); the government no longer may (409).
    assert refused(api_for(hq).patch(f"{ZONES}{submitted.pk}/", {"area": "x"}), 403)
    body = {"area": 1}
    assert refused(api_for(gov_jiangxi).patch(f"{ZONES}{submitted.pk}/", body), 409)
    assert snapshot(submitted.pk) == before
    # PUT is not offered.
    assert api_for(gov_jiangxi).put(f"{ZONES}{zone.pk}/", ZONE_BODY).status_code == 405


def test_transitions_refused_change_nothing(
    api_for, make_zone, gov_jiangxi, bureau_jiangxi, hq, lead, operator_jiangxi, bureau_guangxi
):
    zone = make_zone(State.SUBMITTED)
    before = snapshot(zone.pk)
    # Seen but not theirs to fire: 403 before the body is read.
    assert refused(fire(api_for, gov_jiangxi, zone.pk, "recommend", {"guidance": 3}), 403)
    assert refused(fire(api_for, hq, zone.pk, "return", {"reason": "x"}), 403)
    # No such transition: 404.
    assert fire(api_for, bureau_jiangxi, zone.pk, "designate").status_code == 404
    # Wrong state: 409.
    assert refused(fire(api_for, bureau_jiangxi, zone.pk, "start_operation"), 409)
    # A bad body: 400 naming the fields.
    errors = refused(fire(api_for, bureau_jiangxi, zone.pk, "recommend"), 400)
    assert {"recommendation", "guidance"} <= set(errors)
    errors = refused(fire(api_for, bureau_jiangxi, zone.pk, "recommend", {"guidance": " "}), 400)
    assert "guidance" in errors
    errors = refused(
        fire(api_for, bureau_jiangxi, zone.pk, "recommend", {"recommendation": 1, "guidance": []}),
        400,
    )
    assert {"recommendation", "guidance"} <= set(errors)
    assert "reason" in refused(fire(api_for, bureau_jiangxi, zone.pk, "return"), 400)
    assert snapshot(zone.pk) == before

    approved = make_zone(State.APPROVED, name="赣州国检试验区")
    before = snapshot(approved.pk)
    for body, field in (
        ({"operator": "abc"}, "operator"),
        ({"operator": 0}, "operator"),
        ({"operator": 2**70}, "operator"),
        ({"operator": 999999}, "operator"),
        ({"operator": operator_jiangxi.organisation_id, "started_on": "2999-01-01"}, "started_on"),
        ({"operator": operator_jiangxi.organisation_id, "started_on": "soon"}, "started_on"),
        ({"responses": {"weisheng": 3}}, "responses"),
        ({"responses": ["x"]}, "responses"),
    ):
        response = fire(api_for, bureau_jiangxi, approved.pk, "start_operation", body)
        assert field in refused(response, 400), body
    # An operator registered under another bureau is not one of this zone's.
    other = operator_jiangxi.organisation
    other.bureau = bureau_guangxi.bureau
    other.save()
    response = fire(api_for, bureau_jiangxi, approved.pk, "start_operation", {"operator": other.pk})
    assert "operator" in refused(response, 400)
    assert snapshot(approved.pk) == before


def test_materials_by_role_and_state(api_for, make_zone, gov_jiangxi, bureau_jiangxi, lead):
    zone = make_zone(State.SUBMITTED)
    url = f"{ZONES}{zone.pk}/documents/"
    # The bureau may add its recommendation papers, not a construction plan (403).
    response = api_for(bureau_jiangxi).post(
        url, {"file": plan_upload(), "kind": "construction_plan"}, format="multipart"
    )
    assert refused(response, 403)
    response = api_for(bureau_jiangxi).post(
        url, {"file": plan_upload(), "kind": "recommendation"}, format="multipart"
    )
    ok(response, 201)
    # The lead's acceptance papers only while the acceptance is open (409 before).
    zone_recommended = make_zone(State.RECOMMENDED, name="赣州国检试验区")
    response = api_for(lead).post(
        f"{ZONES}{zone_recommended.pk}/documents/",
        {"file": plan_upload(), "kind": "acceptance"},
        format="multipart",
    )
    assert refused(response, 409)
    # A bad kind, no file, or JSON: 400 / 415.
    bad = api_for(gov_jiangxi).post(url, {"file": plan_upload(), "kind": "x"}, format="multipart")
    assert "kind" in refused(bad, 400)
    assert refused(api_for(gov_jiangxi).post(url, {"kind": "other"}, format="multipart"), 400)
    assert api_for(gov_jiangxi).post(url, {}, format="json").status_code == 415
    listed = ok(api_for(gov_jiangxi).get(url))
    assert [d["kind"] for d in listed] == ["construction_plan", "recommendation"]
    # A document of another zone is 404 under this one.
    other = PilotZoneDocument.objects.filter(zone=zone_recommended).first()
    assert api_for(gov_jiangxi).get(f"{url}{other.pk}/").status_code == 404


def test_opinions_only_from_member_departments_once_while_open(
    api_for, make_zone, lead, members, hq, bureau_jiangxi, gov_jiangxi
):
    zone = make_zone(State.RECOMMENDED)
    member = members["jianyan"]
    url = f"{ZONES}{zone.pk}/opinion/"
    body = {"verdict": "agree", "opinion": "同意。"}
    # Not yet open: 409.
    assert refused(api_for(member).post(url, body, format="json"), 409)
    services.zone_transition(zone=zone, name="open_acceptance", actor=lead, arrangement="验收。")
    before = snapshot(zone.pk)
    # Those who see the zone but are not a member department: 403, whatever the body.
    for user in (lead, hq, bureau_jiangxi, gov_jiangxi):
        assert refused(api_for(user).post(url, {"verdict": 3}, format="json"), 403)
    # A bad body.
    errors = refused(api_for(member).post(url, {"verdict": "maybe", "opinion": ""}), 400)
    assert {"verdict", "opinion"} <= set(errors)
    errors = refused(
        api_for(member).post(url, {"verdict": "agree", "opinion": 5}, format="json"), 400
    )
    assert "opinion" in errors
    blank = api_for(member).post(url, {"verdict": "object", "opinion": "   "}, format="json")
    assert "opinion" in refused(blank, 400)
    assert snapshot(zone.pk) == before

    ok(api_for(member).post(url, body, format="json"))
    # Once only.
    again = api_for(member).post(url, {"verdict": "object", "opinion": "改变主意。"}, format="json")
    assert refused(again, 409)
    assert AcceptanceOpinion.objects.get(zone=zone, department__code="jianyan").verdict == "agree"


# ---------------------------------------------------------------- notices


def test_the_notices_are_the_governments_own(
    api_for, make_zone, gov_jiangxi, gov_guangxi, bureau_jiangxi, hq
):
    zone = make_zone(State.RETURNED)
    notice = zone.notices.get()
    assert ok(api_for(gov_jiangxi).get(NOTICES))["results"][0]["kind"] == "return"
    for user in (gov_guangxi, bureau_jiangxi, hq):
        assert ok(api_for(user).get(NOTICES))["results"] == []
        assert api_for(user).get(f"{NOTICES}{notice.pk}/").status_code == 404
        assert api_for(user).post(f"{NOTICES}{notice.pk}/read/").status_code == 404
    assert list(refused(api_for(gov_jiangxi).get(NOTICES, {"zone": "x"}), 400)) == ["zone"]
    assert list(refused(api_for(gov_jiangxi).get(NOTICES, {"kind": "x"}), 400)) == ["kind"]


# ---------------------------------------------------------------- innovation measures


def register(api_for, user, zone_id: int, **body) -> dict:
    response = api_for(user).post(
        MEASURES, {**MEASURE_BODY, "zone": zone_id, **body}, format="json"
    )
    return ok(response, 201)


def test_a_measure_beyond_the_rules_reported_approved_run_and_assessed(
    api_for, make_zone, gov_jiangxi, gov_guangxi, bureau_jiangxi, bureau_guangxi, hq, lead, members
):
    zone = make_zone(State.OPERATING)
    # Beyond the rules without saying which: 400.
    response = api_for(bureau_jiangxi).post(
        MEASURES, {**MEASURE_BODY, "zone": zone.pk, "beyond_rules": True}, format="json"
    )
    assert "rules_affected" in refused(response, 400)
    measure = register(
        api_for,
        bureau_jiangxi,
        zone.pk,
        beyond_rules=True,
        rules_affected="《进出口商品检验法实施条例》",
    )
    assert (measure["state"], measure["zone"]) == ("registered", zone.pk)
    url = f"{MEASURES}{measure['id']}/"

    # Seen by the zone's side and HQ, not by others.
    assert ids(api_for(gov_jiangxi).get(MEASURES)) == {measure["id"]}
    assert ids(api_for(lead).get(MEASURES, {"zone": zone.pk})) == {measure["id"]}
    for user in (gov_guangxi, bureau_guangxi):
        assert ids(api_for(user).get(MEASURES)) == set()
        for path in ("", "history/", "transitions/", "assessments/"):
            assert api_for(user).get(f"{url}{path}").status_code == 404
    assert list(refused(api_for(hq).get(MEASURES, {"zone": "1.5"}), 400)) == ["zone"]

    # The government edits it while registered; HQ may not (403).
    edited = ok(api_for(gov_jiangxi).patch(url, {"title": "第三方检验结果采信试点"}, format="json"))
    assert edited["title"] == "第三方检验结果采信试点"
    assert refused(api_for(hq).patch(url, {"title": "x"}, format="json"), 403)
    assert "innovation" in refused(api_for(gov_jiangxi).patch(url, {"innovation": "x"}), 400)
    # It may not start before HQ approves it (409), and HQ may not approve it before it is
    # reported (409).
    assert refused(api_for(bureau_jiangxi).post(f"{url}transitions/start/"), 409)
    assert refused(api_for(hq).post(f"{url}transitions/approve/"), 409)
    ok(api_for(bureau_jiangxi).post(f"{url}transitions/report/"))
    # Reported: no longer editable (409); only HQ decides (403 for the bureau).
    assert refused(api_for(gov_jiangxi).patch(url, {"title": "x"}, format="json"), 409)
    assert refused(api_for(bureau_jiangxi).post(f"{url}transitions/approve/"), 403)
    assert refused(api_for(members["shipin"]).post(f"{url}transitions/approve/"), 403)
    assert ok(api_for(lead).post(f"{url}transitions/approve/"))["state"] == "approved"
    future = {"started_on": "2999-01-01"}
    response = api_for(bureau_jiangxi).post(f"{url}transitions/start/", future, format="json")
    assert "started_on" in refused(response, 400)
    running = ok(api_for(bureau_jiangxi).post(f"{url}transitions/start/"))
    assert (
        running["state"] == "running" and running["started_on"] == timezone.localdate().isoformat()
    )

    # 督查评估: HQ and 通关司 only (403 before the body), on a running measure.
    assess = f"{url}assess/"
    for user in (bureau_jiangxi, gov_jiangxi, members["weisheng"]):
        assert refused(api_for(user).post(assess, {"effect": 1}, format="json"), 403)
    errors = refused(api_for(hq).post(assess, {"effect": "great", "findings": ""}), 400)
    assert {"effect", "findings"} <= set(errors)
    future = {"effect": "marked", "findings": "成效显著。", "assessed_on": "2999-01-01"}
    assert "assessed_on" in refused(api_for(hq).post(assess, future, format="json"), 400)
    assert not MeasureAssessment.objects.exists()
    assessed = ok(
        api_for(hq).post(assess, {"effect": "marked", "findings": "通关时间缩短。"}, format="json"),
        201,
    )
    assert (assessed["effect"], assessed["assessed_by"]) == ("marked", "pilot-hq")
    listed = ok(api_for(gov_jiangxi).get(f"{url}assessments/"))
    assert [a["id"] for a in listed] == [assessed["id"]]

    history = ok(api_for(hq).get(f"{url}history/"))
    assert [h["transition"] for h in history] == ["report", "approve", "start"]


def test_registering_measures_by_role_and_zone_state(
    api_for, make_zone, gov_jiangxi, bureau_jiangxi, bureau_guangxi, hq, operator_jiangxi
):
    draft = make_zone(State.DRAFT, name="九江国检试验区")
    approved = make_zone(State.APPROVED)
    # Not a bureau or a government: 403 whatever the body.
    for user in (hq, operator_jiangxi):
        assert refused(api_for(user).post(MEASURES, {"zone": "x"}, format="json"), 403)
    # A zone the caller does not see: 400 naming it.
    for zone_id in (approved.pk, 10**12):
        response = api_for(bureau_guangxi).post(
            MEASURES, {**MEASURE_BODY, "zone": zone_id}, format="json"
        )
        assert "zone" in refused(response, 400)
    # A draft zone: not yet (409).
    response = api_for(gov_jiangxi).post(MEASURES, {**MEASURE_BODY, "zone": draft.pk})
    assert refused(response, 409)
    # Bad bodies.
    for body, field in (
        ({**MEASURE_BODY, "zone": "abc"}, "zone"),
        ({**MEASURE_BODY, "zone": 2**70}, "zone"),
        ({**MEASURE_BODY, "zone": approved.pk, "title": 12}, "title"),
        ({**MEASURE_BODY, "zone": approved.pk, "innovation": "other"}, "innovation"),
        ({**MEASURE_BODY, "zone": approved.pk, "beyond_rules": "perhaps"}, "beyond_rules"),
    ):
        response = api_for(bureau_jiangxi).post(MEASURES, body, format="json")
        assert field in refused(response, 400), body
    assert not InnovationMeasure.objects.exists()
    # Within the rules: runs without approval; reporting it is refused (409).
    measure = register(api_for, gov_jiangxi, approved.pk)
    url = f"{MEASURES}{measure['id']}/transitions/"
    assert refused(api_for(bureau_jiangxi).post(f"{url}report/"), 409)
    assert ok(api_for(bureau_jiangxi).post(f"{url}start/"))["state"] == "running"
    # Ending needs a reason.
    assert "reason" in refused(api_for(hq).post(f"{url}end/"), 400)
    ended = ok(api_for(hq).post(f"{url}end/", {"reason": "已纳入全国推广。"}, format="json"))
    assert ended["state"] == "ended"


# ---------------------------------------------------------------- commendations


def test_commendations_by_hq_for_marked_measures_and_public(
    api_for, api_client, make_zone, bureau_jiangxi, hq, lead, members, gov_jiangxi
):
    zone = make_zone(State.OPERATING)
    measure = services.measure_create(zone=zone, actor=bureau_jiangxi, **MEASURE_BODY)
    measure = services.measure_transition(measure=measure, name="start", actor=bureau_jiangxi)
    fair = services.measure_create(
        zone=zone, actor=bureau_jiangxi, **{**MEASURE_BODY, "title": "查验无纸化"}
    )
    fair = services.measure_transition(measure=fair, name="start", actor=bureau_jiangxi)
    services.measure_assess(measure=fair, actor=hq, effect="fair", findings="一般。")
    body = {
        "zone": zone.pk,
        "document_number": "质检通函〔2026〕1号",
        "citation": "创新措施成效显著。",
        "measures": [measure.pk],
    }
    # Only HQ and 通关司 (403 before the body).
    for user in (bureau_jiangxi, gov_jiangxi, members["renjianwei"]):
        assert refused(api_for(user).post(COMMENDATIONS, {"zone": "x"}, format="json"), 403)
    # A measure not found 成效显著 (not yet assessed, or only 一般) cannot be cited.
    assert "measures" in refused(api_for(hq).post(COMMENDATIONS, body, format="json"), 400)
    services.measure_assess(measure=measure, actor=hq, effect="marked", findings="显著。")
    for bad, field in (
        ({**body, "measures": [fair.pk]}, "measures"),
        ({**body, "measures": []}, "measures"),
        ({**body, "measures": ["a"]}, "measures"),
        ({**body, "zone": 10**12}, "zone"),
        ({**body, "document_number": ""}, "document_number"),
        ({**body, "issued_on": "2999-01-01"}, "issued_on"),
    ):
        response = api_for(hq).post(COMMENDATIONS, bad, format="json")
        assert field in refused(response, 400), bad
    assert not Commendation.objects.exists()

    issued = ok(api_for(lead).post(COMMENDATIONS, body, format="json"), 201)
    assert [m["id"] for m in issued["measures"]] == [measure.pk]
    assert issued["zone_number"] == zone.number
    assert ids(api_for(gov_jiangxi).get(COMMENDATIONS)) == {issued["id"]}
    assert (
        ok(api_for(hq).get(f"{COMMENDATIONS}{issued['id']}/"))["citation"] == "创新措施成效显著。"
    )

    # The measures cited must be the commended zone's own.
    other = make_zone(State.APPROVED, name="赣州国检试验区")
    response = api_for(hq).post(COMMENDATIONS, {**body, "zone": other.pk}, format="json")
    assert "measures" in refused(response, 400)

    api_client.force_authenticate(None)
    public = ok(api_client.get(PUBLIC_COMMENDATIONS))["results"]
    assert [c["document_number"] for c in public] == ["质检通函〔2026〕1号"]
    # The commended zone in the register (the other one, approved since, is listed first).
    register_ = [
        row for row in ok(api_client.get(PUBLIC_ZONES))["results"] if row["number"] == zone.number
    ]
    assert register_[0]["commendations"] == [
        {
            "document_number": "质检通函〔2026〕1号",
            "issued_on": timezone.localdate().isoformat(),
            "citation": "创新措施成效显著。",
        }
    ]
    assert [m["title"] for m in register_[0]["measures"]] == [MEASURE_BODY["title"], "查验无纸化"]


# ---------------------------------------------------------------- replicable practice


def test_practice_from_draft_to_the_library_and_its_adoptions(
    api_for, api_client, make_zone, bureau_jiangxi, bureau_guangxi, hq, lead, gov_jiangxi
):
    zone = make_zone(State.OPERATING)
    measure = services.measure_create(zone=zone, actor=bureau_jiangxi, **MEASURE_BODY)
    # Only a bureau drafts practice (403 before the body); only its zone's bureau (403).
    for user in (hq, gov_jiangxi):
        assert refused(api_for(user).post(PRACTICES, {}, format="json"), 403)
    body = {**PRACTICE_BODY, "zone": zone.pk, "measures": [measure.pk]}
    # bureau_guangxi does not see 江西's zone: 400 naming it.
    assert "zone" in refused(api_for(bureau_guangxi).post(PRACTICES, body, format="json"), 400)
    for bad, field in (
        ({**body, "measures": [10**12]}, "measures"),
        ({**body, "measures": "1"}, "measures"),
        ({**body, "summary": "x" * 501}, "summary"),
        ({**body, "content": " "}, "content"),
    ):
        assert field in refused(api_for(bureau_jiangxi).post(PRACTICES, bad, format="json"), 400)
    assert not ReplicablePractice.objects.exists()

    drafted = ok(api_for(bureau_jiangxi).post(PRACTICES, body, format="json"), 201)
    assert (drafted["state"], drafted["measures"], drafted["number"]) == (
        "draft",
        [measure.pk],
        None,
    )
    url = f"{PRACTICES}{drafted['id']}/"
    # A draft is the bureau's own: HQ and the public do not see it.
    for path in ("", "history/", "transitions/", "adoptions/"):
        assert api_for(hq).get(f"{url}{path}").status_code == 404
    assert api_for(hq).post(f"{url}transitions/accept/").status_code == 404
    assert ids(api_for(hq).get(PRACTICES)) == set()
    assert ok(api_for(bureau_jiangxi).patch(url, {"measures": []}, format="json"))["measures"] == []
    ok(api_for(bureau_jiangxi).post(f"{url}transitions/submit/"))
    # Submitted: HQ decides; the bureau may no longer edit (409) and may not accept (403).
    assert refused(api_for(bureau_jiangxi).patch(url, {"title": "x"}, format="json"), 409)
    assert refused(api_for(bureau_jiangxi).post(f"{url}transitions/accept/"), 403)
    assert refused(api_for(hq).patch(url, {"title": "x"}, format="json"), 403)
    # Not yet in the library: another bureau does not see it (404); the source zone's bureau never
    # records an adoption of its own practice (403, before the state is looked at).
    adopt = f"{url}adopt/"
    assert refused(api_for(bureau_guangxi).post(adopt, {"place": "南宁", "note": "推广。"}), 404)
    assert refused(api_for(bureau_jiangxi).post(adopt, {"place": "九江", "note": "推广。"}), 403)
    returned = ok(api_for(lead).post(f"{url}transitions/return/", {"reason": "请补充成效数据。"}))
    assert returned["state"] == "returned"
    ok(api_for(bureau_jiangxi).patch(url, {"results": "平均通关时间缩短 52%。"}, format="json"))
    ok(api_for(bureau_jiangxi).post(f"{url}transitions/submit/"))
    accepted = ok(api_for(hq).post(f"{url}transitions/accept/"))
    assert accepted["number"] == f"GJSYQ-JY-{timezone.localdate().year}-001"

    # In the library: every bureau sees it; another bureau records its adoption.
    assert ids(api_for(bureau_guangxi).get(PRACTICES)) == {drafted["id"]}
    for user in (hq, gov_jiangxi):
        assert refused(api_for(user).post(adopt, {"place": 1}, format="json"), 403)
    # The source zone's own bureau need not (403).
    response = api_for(bureau_jiangxi).post(adopt, {"place": "九江", "note": "推广。"})
    assert refused(response, 403)
    errors = refused(
        api_for(bureau_guangxi).post(
            adopt, {"place": "", "note": 3, "adopted_on": "x"}, format="json"
        ),
        400,
    )
    assert {"place", "note", "adopted_on"} <= set(errors)
    assert not PracticeAdoption.objects.exists()
    adoption = ok(
        api_for(bureau_guangxi).post(adopt, {"place": "凭祥综合保税区", "note": "已推广。"}), 201
    )
    assert adoption["bureau"] == "guangxi"
    listed = ok(api_for(gov_jiangxi).get(f"{url}adoptions/"))
    assert [a["place"] for a in listed] == ["凭祥综合保税区"]

    # Withdrawing needs a reason; then it leaves the library.
    assert "reason" in refused(api_for(hq).post(f"{url}transitions/withdraw/"), 400)
    history = ok(api_for(bureau_jiangxi).get(f"{url}history/"))
    assert [h["transition"] for h in history] == ["submit", "return", "submit", "accept"]

    api_client.force_authenticate(None)
    library = ok(api_client.get(PUBLIC_PRACTICES))["results"]
    assert [p["number"] for p in library] == [accepted["number"]]
    assert library[0]["adoption_count"] == 1
    assert ok(api_client.get(PUBLIC_PRACTICES, {"q": "先放后检"}))["results"]
    assert ok(api_client.get(PUBLIC_PRACTICES, {"q": "不存在的词"}))["results"] == []
    assert ok(api_client.get(PUBLIC_PRACTICES, {"innovation": "system"}))["results"] == []
    assert ok(api_client.get(PUBLIC_PRACTICES, {"bureau": "jiangxi"}))["results"]
    assert ok(api_client.get(PUBLIC_PRACTICES, {"bureau": "guangxi"}))["results"] == []
    assert list(refused(api_client.get(PUBLIC_PRACTICES, {"innovation": "x"}), 400)) == [
        "innovation"
    ]

    ok(api_for(hq).post(f"{url}transitions/withdraw/", {"reason": "已不适用。"}, format="json"))
    api_client.force_authenticate(None)
    assert ok(api_client.get(PUBLIC_PRACTICES))["results"] == []


# ---------------------------------------------------------------- public


def test_the_public_sees_only_public_data(api_client, make_zone, bureau_jiangxi):
    make_zone(State.ACCEPTANCE, name="九江国检试验区")
    operating = make_zone(State.OPERATING)
    services.measure_create(zone=operating, actor=bureau_jiangxi, **MEASURE_BODY)  # not running
    services.practice_create(zone=operating, actor=bureau_jiangxi, **PRACTICE_BODY)  # a draft
    listed = ok(api_client.get(PUBLIC_ZONES))["results"]
    assert [z["name"] for z in listed] == ["南昌国检试验区"]
    entry = listed[0]
    assert set(entry) == {
        "number",
        "name",
        "applicant",
        "bureau",
        "bureau_name",
        "bureau_name_en",
        "location",
        "industries",
        "functions",
        "state",
        "state_display",
        "approved_at",
        "operator",
        "operation_started_on",
        "measures",
        "commendations",
    }
    assert entry["measures"] == [] and entry["commendations"] == []
    assert ok(api_client.get(PUBLIC_PRACTICES))["results"] == []
    assert ok(api_client.get(PUBLIC_COMMENDATIONS))["results"] == []
    # The signed-in endpoints are not public.
    for path in (ZONES, MEASURES, PRACTICES, COMMENDATIONS, NOTICES):
        assert api_client.get(path).status_code in (401, 403)


def test_lists_cost_the_same_whatever_their_length(
    api_for, api_client, make_zone, hq, bureau_jiangxi
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_zone(name: str):
        zone = make_zone(State.OPERATING, name=name)
        measure = services.measure_create(zone=zone, actor=bureau_jiangxi, **MEASURE_BODY)
        measure = services.measure_transition(measure=measure, name="start", actor=bureau_jiangxi)
        services.measure_assess(measure=measure, actor=hq, effect="marked", findings="显著。")
        services.commendation_issue(
            zone=zone,
            actor=hq,
            document_number=f"{name}1号",
            citation="表扬。",
            measures=[measure.pk],
        )
        practice = services.practice_create(
            zone=zone, actor=bureau_jiangxi, measures=[measure.pk], **PRACTICE_BODY
        )
        practice = services.practice_transition(
            practice=practice, name="submit", actor=bureau_jiangxi
        )
        services.practice_transition(practice=practice, name="accept", actor=hq)

    paths = [ZONES, MEASURES, PRACTICES, COMMENDATIONS]
    public = [PUBLIC_ZONES, PUBLIC_PRACTICES, PUBLIC_COMMENDATIONS]

    def costs() -> list[int]:
        counts = []
        for path in paths + public:
            api_for(None if path in public else hq)
            with CaptureQueriesContext(connection) as queries:
                ok(api_client.get(path))
            counts.append(len(queries))
        return counts

    add_zone("南昌国检试验区")
    one = costs()
    add_zone("九江国检试验区")
    add_zone("赣州国检试验区")
    assert costs() == one
