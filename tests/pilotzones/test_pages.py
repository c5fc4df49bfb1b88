"""Browser pages of the inspection pilot zone itself (seed 002 §五.2–3): the list of every actor,
the local government's construction plan and materials, the zone page with the working group's
opinions and the transitions, the transition pages, a member department's opinion, the
downloads and the government's inbox of notices; each reachable only by those who see the zone,
and in English too."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pilotzones import services
from pilotzones.models import (
    AcceptanceOpinion,
    PilotZone,
    PilotZoneDocument,
    PilotZoneDocumentAccess,
    PilotZoneNotice,
    ZoneHistory,
)
from pilotzones.workflow import State
from regions.models import Organisation
from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import ZONE_BODY, plan_upload

pytestmark = pytest.mark.django_db

PAGES = "/pilotzones/"
ACTION_LINK = re.compile(r'href="/pilotzones/(\d+)/do/([a-z_]+)/"')
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def html(response) -> str:
    return response.content.decode()


def listed(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {zone.pk for zone in response.context["page"]["rows"]}


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def actions_on(response, zone) -> set[str]:
    return {name for pk, name in ACTION_LINK.findall(html(response)) if int(pk) == zone.pk}


def state_of(zone) -> str:
    return PilotZone.objects.get(pk=zone.pk).state


@pytest.fixture
def zones(make_zone, gov_guangxi):
    """One 江西 zone in each state, and a 广西 one submitted (another government and bureau)."""
    made = {
        state: make_zone(state, name=f"{label}国检试验区")
        for state, label in [
            (State.DRAFT, "草稿"),
            (State.SUBMITTED, "已申请"),
            (State.RETURNED, "退回"),
            (State.RECOMMENDED, "已推荐"),
            (State.ACCEPTANCE, "验收中"),
            (State.APPROVED, "已批准"),
            (State.NOT_APPROVED, "不予批准"),
            (State.OPERATING, "运行中"),
        ]
    }
    guangxi = services.zone_create(actor=gov_guangxi, **{**ZONE_BODY, "name": "凭祥国检试验区"})
    services.zone_document_upload(
        zone=guangxi, actor=gov_guangxi, upload=plan_upload(), kind="construction_plan"
    )
    made["guangxi"] = services.zone_transition(zone=guangxi, name="submit", actor=gov_guangxi)
    return made


# ---------------------------------------------------------------- the list


def test_each_actor_lists_exactly_the_zones_it_sees(
    client_for, zones, gov_jiangxi, gov_guangxi, bureau_jiangxi, bureau_guangxi, hq, lead,
    members, operator_jiangxi,
):  # fmt: skip
    jiangxi = {state: zone.pk for state, zone in zones.items() if state != "guangxi"}
    not_draft = set(jiangxi.values()) - {jiangxi[State.DRAFT]}
    at_hq = not_draft - {jiangxi[State.SUBMITTED], jiangxi[State.RETURNED]}
    assert listed(client_for(gov_jiangxi).get(PAGES)) == set(jiangxi.values())
    assert listed(client_for(gov_guangxi).get(PAGES)) == {zones["guangxi"].pk}
    assert listed(client_for(bureau_jiangxi).get(PAGES)) == not_draft
    assert listed(client_for(bureau_guangxi).get(PAGES)) == {zones["guangxi"].pk}
    assert listed(client_for(hq).get(PAGES)) == not_draft | {zones["guangxi"].pk}
    assert listed(client_for(lead).get(PAGES)) == at_hq
    assert listed(client_for(members["weisheng"]).get(PAGES)) == at_hq
    assert listed(client_for(operator_jiangxi).get(PAGES)) == {jiangxi[State.OPERATING]}


@pytest.mark.parametrize("persona", ["enterprise_user", "agency_user", "inspector_user"])
def test_other_roles_have_no_pilot_zone_pages(client_for, request, persona, make_zone):
    zone = make_zone(State.SUBMITTED)
    client = client_for(request.getfixturevalue(persona))
    for url in (PAGES, f"{PAGES}new/", f"{PAGES}{zone.pk}/", f"{PAGES}notices/"):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGES)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_list_filters_by_state_marks_what_waits_and_pages(client_for, zones, bureau_jiangxi):
    client = client_for(bureau_jiangxi)
    assert listed(client.get(PAGES, {"state": "submitted"})) == {zones[State.SUBMITTED].pk}
    everything = client.get(PAGES)
    rows = everything.context["page"]["rows"]
    # Waiting for the bureau: the application to recommend and the zone to start operating.
    assert {z.pk for z in rows if z.waiting} == {
        zones[State.SUBMITTED].pk,
        zones[State.APPROVED].pk,
    }
    assert all(z.waiting for z in rows[:2])
    assert html(everything).count('class="badge due"') == 2
    # A filter that does not validate is ignored (and shown), a page beyond reach is 404.
    assert len(listed(client.get(PAGES, {"state": "nonsense"}))) == 7
    assert client.get(PAGES, {"page": "99999999999999999999"}).status_code == 404
    assert client.get(PAGES, {"page": "x"}).context["page"]["number"] == 1


def test_the_list_does_not_grow_in_queries_with_the_zones(
    client_for, make_zone, hq, django_assert_max_num_queries
):
    make_zone(State.SUBMITTED)
    client = client_for(hq)
    client.get(PAGES)  # the navigation's counts, kept for a while
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get(PAGES).context["page"]["rows"]) == 1
    few = len(captured)
    for n in range(6):
        make_zone(State.RECOMMENDED if n % 2 else State.OPERATING)
    client.get(PAGES)
    with django_assert_max_num_queries(few):
        assert len(client.get(PAGES).context["page"]["rows"]) == 7


# ---------------------------------------------------------------- the application


def form_data(**changes) -> dict:
    return {**ZONE_BODY, **changes}


def test_a_government_applies_uploads_and_submits_through_the_pages(
    client_for, gov_jiangxi, bureau_jiangxi
):
    client = client_for(gov_jiangxi)
    assert client.get(PAGES).status_code == 200
    assert "申请建设国检试验区" in html(client.get(PAGES))
    assert client.get(f"{PAGES}new/").status_code == 200
    response = client.post(f"{PAGES}new/", form_data())
    zone = PilotZone.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PAGES}{zone.pk}/edit/"
    assert zone.state == State.DRAFT and zone.bureau_id == bureau_jiangxi.bureau_id
    assert zone.applicant_id == gov_jiangxi.organisation_id
    # Submitting before the construction plan is uploaded: refused, nothing changed.
    refused = client.post(f"{PAGES}{zone.pk}/do/submit/", {})
    assert refused.status_code == 409
    assert "请先上传建设方案，再提交申请。" in shown(refused)
    assert state_of(zone) == State.DRAFT
    # Edit, upload, submit.
    edited = client.post(f"{PAGES}{zone.pk}/edit/", form_data(location="南昌市新建区"))
    assert edited.status_code == 302
    assert PilotZone.objects.get(pk=zone.pk).location == "南昌市新建区"
    uploaded = client.post(
        f"{PAGES}{zone.pk}/documents/",
        {"kind": "construction_plan", "file": plan_upload(), "back": "edit"},
    )
    assert uploaded["Location"] == f"{PAGES}{zone.pk}/edit/"
    assert zone.documents.count() == 1
    page = client.get(f"{PAGES}{zone.pk}/edit/")
    assert f"{PAGES}{zone.pk}/do/submit/" in html(page)
    assert client.get(f"{PAGES}{zone.pk}/do/submit/").status_code == 200
    done = client.post(f"{PAGES}{zone.pk}/do/submit/", {"comment": "请审核。"})
    assert done.status_code == 302
    assert state_of(zone) == State.SUBMITTED
    # Once submitted the edit page leads to the zone's page.
    assert client.get(f"{PAGES}{zone.pk}/edit/")["Location"] == f"{PAGES}{zone.pk}/"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "南昌试验区"}, "name"),  # not "xx国检试验区": the service's error
        ({"name": "国检试验区"}, "name"),
        ({"area": "-1"}, "area"),
        ({"expected_batches": "many"}, "expected_batches"),
        ({"leading_body": ""}, "leading_body"),
        ({"location": "南昌\n新建区"}, "location"),
    ],
)
def test_a_plan_with_errors_is_400_shows_them_and_creates_nothing(
    client_for, gov_jiangxi, changes, field
):
    response = client_for(gov_jiangxi).post(f"{PAGES}new/", form_data(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not PilotZone.objects.exists()


def test_the_services_naming_rule_is_shown_on_the_name(client_for, gov_jiangxi):
    response = client_for(gov_jiangxi).post(f"{PAGES}new/", form_data(name="南昌试验区"))
    assert "试验区原则上统一命名为“xx国检试验区”。" in response.context["form"].errors["name"]


def test_an_edit_with_errors_changes_nothing(client_for, make_zone, gov_jiangxi):
    zone = make_zone(State.RETURNED)
    client = client_for(gov_jiangxi)
    page = client.get(f"{PAGES}{zone.pk}/edit/")
    assert "请补充业务量测算。" in html(page)  # the bureau's reason for the return
    response = client.post(f"{PAGES}{zone.pk}/edit/", form_data(name="南昌试验区", area="99"))
    assert response.status_code == 400
    assert PilotZone.objects.get(pk=zone.pk).area == zone.area


def test_only_local_governments_apply_and_only_the_applicant_edits(
    client_for, make_zone, bureau_jiangxi, hq, lead, gov_guangxi
):
    zone = make_zone(State.DRAFT)
    for user in (bureau_jiangxi, hq, lead):
        client = client_for(user)
        assert client.get(f"{PAGES}new/").status_code == 404
        assert client.post(f"{PAGES}new/", form_data()).status_code == 404
    # A draft is the government's own; another government does not find it.
    other = client_for(gov_guangxi)
    assert other.get(f"{PAGES}{zone.pk}/edit/").status_code == 404
    assert other.post(f"{PAGES}{zone.pk}/edit/", form_data(area="1")).status_code == 404
    assert client_for(bureau_jiangxi).get(f"{PAGES}{zone.pk}/").status_code == 404
    assert PilotZone.objects.count() == 1


# ---------------------------------------------------------------- the zone page


def test_the_zone_page_renders_for_whoever_sees_it_and_404_for_others(
    client_for, zones, gov_jiangxi, gov_guangxi, bureau_jiangxi, bureau_guangxi, hq, lead,
    members, operator_jiangxi,
):  # fmt: skip
    operating = zones[State.OPERATING]
    for user in (gov_jiangxi, bureau_jiangxi, hq, lead, members["shipin"], operator_jiangxi):
        page = client_for(user).get(f"{PAGES}{operating.pk}/")
        assert page.status_code == 200, user
        text = html(page)
        assert operating.number in text
        assert "南昌国检试验区运营有限公司" in text
        assert "同意推荐。" in text and "突出跨境电商功能。" in text
    for user in (gov_guangxi, bureau_guangxi):
        assert client_for(user).get(f"{PAGES}{operating.pk}/").status_code == 404
    submitted = zones[State.SUBMITTED]
    for user in (lead, members["shipin"], operator_jiangxi, bureau_guangxi):
        assert client_for(user).get(f"{PAGES}{submitted.pk}/").status_code == 404
    assert client_for(gov_jiangxi).get(f"{PAGES}999999/").status_code == 404


def test_each_actor_sees_the_transitions_it_may_fire(
    client_for, zones, make_zone, gov_jiangxi, bureau_jiangxi, hq, lead, members
):
    def bureau():
        return client_for(bureau_jiangxi)

    def chief():
        return client_for(lead)

    submitted = zones[State.SUBMITTED]
    assert actions_on(bureau().get(f"{PAGES}{submitted.pk}/"), submitted) == {"recommend", "return"}
    recommended = zones[State.RECOMMENDED]
    assert actions_on(chief().get(f"{PAGES}{recommended.pk}/"), recommended) == {"open_acceptance"}
    # In acceptance: no decision until every member has answered.
    acceptance = zones[State.ACCEPTANCE]
    assert actions_on(chief().get(f"{PAGES}{acceptance.pk}/"), acceptance) == set()
    answered = make_zone(State.ACCEPTANCE)
    for member in members.values():
        services.acceptance_opinion_record(
            zone=answered, actor=member, verdict="agree", opinion="同意。"
        )
    assert actions_on(chief().get(f"{PAGES}{answered.pk}/"), answered) == {"approve", "not_approve"}
    approved = zones[State.APPROVED]
    assert actions_on(bureau().get(f"{PAGES}{approved.pk}/"), approved) == {"start_operation"}
    for user in (hq, gov_jiangxi, members["weisheng"]):
        client = client_for(user)
        for zone in (recommended, acceptance, approved):
            assert actions_on(client.get(f"{PAGES}{zone.pk}/"), zone) == set()


def test_the_working_groups_opinions_are_shown_with_objections_answered(
    client_for, make_zone, lead, hq
):
    zone = make_zone(State.APPROVED, objection=True)
    page = client_for(hq).get(f"{PAGES}{zone.pk}/")
    text = html(page)
    assert len(page.context["opinions"]) == 5
    assert text.count('class="objection"') == 1
    assert "已要求补充卫生检疫设施。" in text
    assert "2026年12月现场验收。" in text


# ---------------------------------------------------------------- the transitions


def test_the_bureau_recommends_through_the_page(client_for, make_zone, bureau_jiangxi):
    zone = make_zone(State.SUBMITTED)
    client = client_for(bureau_jiangxi)
    url = f"{PAGES}{zone.pk}/do/recommend/"
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"recommendation", "guidance", "comment"}
    missing = client.post(url, {"recommendation": "同意推荐。"})
    assert missing.status_code == 400
    assert missing.context["form"].errors["guidance"]
    blank = client.post(url, {"recommendation": "   ", "guidance": "指导。"})
    assert blank.status_code == 400
    assert state_of(zone) == State.SUBMITTED
    done = client.post(url, {"recommendation": "同意推荐。", "guidance": "突出功能。"})
    assert done.status_code == 302
    zone = PilotZone.objects.get(pk=zone.pk)
    assert (zone.state, zone.recommendation, zone.guidance) == (
        State.RECOMMENDED,
        "同意推荐。",
        "突出功能。",
    )


def test_a_return_needs_its_reason(client_for, make_zone, bureau_jiangxi):
    zone = make_zone(State.SUBMITTED)
    client = client_for(bureau_jiangxi)
    url = f"{PAGES}{zone.pk}/do/return/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert state_of(zone) == State.SUBMITTED
    assert client.post(url, {"reason": "请补充产业数据。"}).status_code == 302
    assert state_of(zone) == State.RETURNED


def test_a_transition_not_ones_own_is_403_and_changes_nothing(
    client_for, make_zone, hq, bureau_guangxi, gov_jiangxi, lead
):
    zone = make_zone(State.SUBMITTED)
    body = {"recommendation": "同意。", "guidance": "指导。"}
    for user in (hq, gov_jiangxi, lead):
        client = client_for(user)
        if user is lead:
            # HQ's departments do not see an application before it is recommended.
            assert client.post(f"{PAGES}{zone.pk}/do/recommend/", body).status_code == 404
            continue
        response = client.post(f"{PAGES}{zone.pk}/do/recommend/", body)
        assert response.status_code == 403
        assert response.context["form"] is None
    assert (
        client_for(bureau_guangxi).post(f"{PAGES}{zone.pk}/do/recommend/", body).status_code == 404
    )
    assert client_for(hq).get(f"{PAGES}{zone.pk}/do/nonsense/").status_code == 404
    assert state_of(zone) == State.SUBMITTED
    assert ZoneHistory.objects.filter(zone=zone).count() == 1


def test_a_transition_the_state_does_not_allow_is_409(client_for, make_zone, bureau_jiangxi):
    zone = make_zone(State.RECOMMENDED)
    response = client_for(bureau_jiangxi).post(
        f"{PAGES}{zone.pk}/do/recommend/", {"recommendation": "再推荐。", "guidance": "指导。"}
    )
    assert response.status_code == 409
    assert shown(response)
    assert PilotZone.objects.get(pk=zone.pk).recommendation == "同意推荐。"


def test_the_lead_opens_the_acceptance(client_for, make_zone, lead):
    zone = make_zone(State.RECOMMENDED)
    client = client_for(lead)
    url = f"{PAGES}{zone.pk}/do/open_acceptance/"
    assert client.post(url, {"arrangement": ""}).status_code == 400
    assert state_of(zone) == State.RECOMMENDED
    assert client.post(url, {"arrangement": "12月10日现场验收。"}).status_code == 302
    assert state_of(zone) == State.ACCEPTANCE
    assert AcceptanceOpinion.objects.filter(zone=zone, verdict="").count() == 5


@pytest.fixture
def objected(make_zone, members):
    """A zone in acceptance where every member answered, 卫生司 with an objection."""
    zone = make_zone(State.ACCEPTANCE)
    for code, member in members.items():
        verdict = "object" if code == "weisheng" else "agree"
        services.acceptance_opinion_record(
            zone=zone, actor=member, verdict=verdict, opinion=f"{code}的意见。"
        )
    return zone


def test_the_decision_answers_each_objection(client_for, objected, lead):
    client = client_for(lead)
    url = f"{PAGES}{objected.pk}/do/approve/"
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"response_weisheng", "comment"}
    text = html(page)
    for code in ("renjianwei", "weisheng", "dongzhi", "jianyan", "shipin"):
        assert f"{code}的意见。" in text  # every member's opinion on the page
    missing = client.post(url, {"response_weisheng": ""})
    assert missing.status_code == 400
    assert missing.context["form"].errors["response_weisheng"]
    control = client.post(url, {"response_weisheng": "答复\x00。"})
    assert control.status_code == 400
    assert control.context["form"].errors["response_weisheng"]
    assert state_of(objected) == State.ACCEPTANCE
    done = client.post(url, {"response_weisheng": "已要求补充卫生检疫设施。"})
    assert done.status_code == 302
    zone = PilotZone.objects.get(pk=objected.pk)
    assert zone.state == State.APPROVED and zone.number.startswith("GJSYQ-")
    assert (
        AcceptanceOpinion.objects.get(zone=zone, verdict="object").response
        == "已要求补充卫生检疫设施。"
    )


def test_not_approving_needs_a_reason_and_the_answers(client_for, objected, lead):
    client = client_for(lead)
    url = f"{PAGES}{objected.pk}/do/not_approve/"
    assert set(client.get(url).context["form"].fields) == {
        "reason",
        "response_weisheng",
        "comment",
    }
    assert client.post(url, {"response_weisheng": "答复。"}).status_code == 400
    assert client.post(url, {"reason": "条件不具备。"}).status_code == 400
    assert state_of(objected) == State.ACCEPTANCE
    assert (
        client.post(url, {"reason": "条件不具备。", "response_weisheng": "答复。"}).status_code
        == 302
    )
    assert state_of(objected) == State.NOT_APPROVED


def test_no_decision_before_every_member_answered(client_for, make_zone, lead):
    zone = make_zone(State.ACCEPTANCE)
    response = client_for(lead).post(f"{PAGES}{zone.pk}/do/approve/", {})
    assert response.status_code == 409
    assert "验收工作组成员司局尚未全部提出意见，暂不能作出决定。" in shown(response)
    assert state_of(zone) == State.ACCEPTANCE


def test_the_bureau_registers_the_operator(
    client_for, make_zone, bureau_jiangxi, operator_jiangxi, gov_guangxi
):
    zone = make_zone(State.APPROVED)
    foreign = factories.OrganisationFactory(
        kind=Organisation.Kind.ZONE_OPERATOR,
        bureau=factories.bureau("guangxi"),
        name="凭祥运营公司",
        code="op-pingxiang",
    )
    client = client_for(bureau_jiangxi)
    url = f"{PAGES}{zone.pk}/do/start_operation/"
    page = client.get(url)
    choices = dict(page.context["form"].fields["operator"].choices)
    assert operator_jiangxi.organisation_id in choices and foreign.pk not in choices
    assert client.post(url, {"operator": foreign.pk}).status_code == 400
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    late = client.post(url, {"operator": operator_jiangxi.organisation_id, "started_on": future})
    assert late.status_code == 400
    assert late.context["form"].errors["started_on"]
    assert state_of(zone) == State.APPROVED
    done = client.post(url, {"operator": operator_jiangxi.organisation_id})
    assert done.status_code == 302
    zone = PilotZone.objects.get(pk=zone.pk)
    assert zone.state == State.OPERATING
    assert zone.operator_id == operator_jiangxi.organisation_id
    assert zone.operation_started_on == timezone.localdate()


# ---------------------------------------------------------------- a member's opinion


def test_a_member_department_records_its_opinion_once(client_for, make_zone, members):
    zone = make_zone(State.ACCEPTANCE)
    client = client_for(members["dongzhi"])
    detail = client.get(f"{PAGES}{zone.pk}/")
    assert f"{PAGES}{zone.pk}/opinion/" in html(detail)
    url = f"{PAGES}{zone.pk}/opinion/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"verdict": "maybe", "opinion": "意见。"})
    assert bad.status_code == 400
    empty = client.post(url, {"verdict": "object", "opinion": " "})
    assert empty.status_code == 400
    assert AcceptanceOpinion.objects.get(zone=zone, department__code="dongzhi").verdict == ""
    done = client.post(url, {"verdict": "object", "opinion": "隔离设施不足。"})
    assert done.status_code == 302
    row = AcceptanceOpinion.objects.get(zone=zone, department__code="dongzhi")
    assert (row.verdict, row.opinion, row.recorded_by_id) == (
        "object",
        "隔离设施不足。",
        members["dongzhi"].pk,
    )
    again = client.post(url, {"verdict": "agree", "opinion": "同意。"})
    assert again.status_code == 409
    assert AcceptanceOpinion.objects.get(pk=row.pk).verdict == "object"
    assert f"{PAGES}{zone.pk}/opinion/" not in html(client.get(f"{PAGES}{zone.pk}/"))


def test_only_member_departments_reach_the_opinion_page(
    client_for, make_zone, lead, hq, bureau_jiangxi, gov_jiangxi, members
):
    zone = make_zone(State.ACCEPTANCE)
    for user in (lead, hq, bureau_jiangxi, gov_jiangxi):
        client = client_for(user)
        assert client.get(f"{PAGES}{zone.pk}/opinion/").status_code == 404
        body = {"verdict": "agree", "opinion": "同意。"}
        assert client.post(f"{PAGES}{zone.pk}/opinion/", body).status_code == 404
    recommended = make_zone(State.RECOMMENDED)
    # Not in acceptance: nothing to answer.
    assert (
        client_for(members["jianyan"]).get(f"{PAGES}{recommended.pk}/opinion/").status_code == 409
    )
    assert not AcceptanceOpinion.objects.exclude(verdict="").exists()


# ---------------------------------------------------------------- materials


def test_materials_are_uploaded_by_whom_the_rules_allow_and_every_read_is_logged(
    client_for, make_zone, bureau_jiangxi, lead, hq, gov_guangxi, bureau_guangxi
):
    zone = make_zone(State.SUBMITTED)
    bureau = client_for(bureau_jiangxi)
    page = bureau.get(f"{PAGES}{zone.pk}/")
    kinds = {value for value, _label in page.context["upload_form"].fields["kind"].choices}
    assert kinds == {"recommendation", "other"}
    uploaded = bureau.post(
        f"{PAGES}{zone.pk}/documents/", {"kind": "recommendation", "file": plan_upload("推荐.pdf")}
    )
    assert uploaded["Location"] == f"{PAGES}{zone.pk}/"
    refused = bureau.post(
        f"{PAGES}{zone.pk}/documents/", {"kind": "construction_plan", "file": plan_upload()}
    )
    assert refused.status_code == 302
    assert zone.documents.count() == 2  # the plan (make_zone's) and the recommendation
    assert client_for(hq).get(f"{PAGES}{zone.pk}/").context["upload_form"] is None
    document = PilotZoneDocument.objects.filter(zone=zone).first()
    url = f"{PAGES}{zone.pk}/documents/{document.pk}/"
    download = client_for(hq).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert PilotZoneDocumentAccess.objects.filter(document=document).count() == 1
    for user in (gov_guangxi, bureau_guangxi, lead):
        assert client_for(user).get(url).status_code == 404
    assert client_for(hq).get(f"{PAGES}{zone.pk}/documents/999999/").status_code == 404
    assert PilotZoneDocumentAccess.objects.filter(document=document).count() == 1


# ---------------------------------------------------------------- notices


def test_the_government_reads_its_notices(
    client_for, make_zone, gov_jiangxi, gov_guangxi, bureau_jiangxi, hq
):
    zone = make_zone(State.RECOMMENDED)
    notice = PilotZoneNotice.objects.get(zone=zone)
    client = client_for(gov_jiangxi)
    inbox = client.get(f"{PAGES}notices/")
    assert inbox.status_code == 200
    assert [n.pk for n in inbox.context["page"]["rows"]] == [notice.pk]
    assert inbox.context["unread_pilot_notices"] == 1
    page = client.get(f"{PAGES}notices/{notice.pk}/")
    assert page.status_code == 200
    assert "同意推荐。" in html(page)
    assert PilotZoneNotice.objects.get(pk=notice.pk).read_at is not None
    assert client.get(f"{PAGES}notices/").context.get("unread_pilot_notices", 0) == 0
    for user in (gov_guangxi, bureau_jiangxi, hq):
        other = client_for(user)
        assert other.get(f"{PAGES}notices/{notice.pk}/").status_code == 404
        assert other.get(f"{PAGES}notices/{notice.pk}/pdf/").status_code == 404
    assert client_for(bureau_jiangxi).get(f"{PAGES}notices/").status_code == 404


def test_a_notice_pdf_is_downloaded_or_asked_for_again(client_for, make_zone, gov_jiangxi):
    zone = make_zone(State.RECOMMENDED)
    notice = PilotZoneNotice.objects.get(zone=zone)
    client = client_for(gov_jiangxi)
    response = client.get(f"{PAGES}notices/{notice.pk}/pdf/")
    if PilotZoneNotice.objects.get(pk=notice.pk).pdf:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 302
    notice = PilotZoneNotice.objects.get(pk=notice.pk)
    if notice.pdf:
        download = client.get(f"{PAGES}notices/{notice.pk}/pdf/")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"


# ---------------------------------------------------------------- the start page


def test_the_start_pages_show_the_pilot_zone_card(
    client_for, gov_jiangxi, lead, members, operator_jiangxi, bureau_jiangxi
):
    for user in (gov_jiangxi, lead, members["shipin"], operator_jiangxi):
        page = client_for(user).get("/")
        assert page.status_code == 200
        assert 'class="card pilotzones-card"' in html(page)
        assert f'href="{PAGES}"' in html(page)
    assert f'href="{PAGES}new/"' in html(client_for(gov_jiangxi).get("/"))
    assert f'href="{PAGES}new/"' not in html(client_for(lead).get("/"))
    # The navigation leads there for every actor of the programme.
    assert f'href="{PAGES}"' in html(client_for(bureau_jiangxi).get("/"))


# ---------------------------------------------------------------- English


def _switch(client, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": "/"}, follow=True)


def _untranslated(response, *data: str) -> list[str]:
    """Chinese left on an English page once the data shown on it (what users typed, the
    organisations' names, the language switcher's 简体中文) is taken out."""
    text = html(response)
    if response.request["PATH_INFO"] == "/":
        # The start page: only the pilot-zone card is this programme's.
        start = text.index('<section class="card pilotzones-card">')
        text = text[start : text.index("</section>", start)]
    for value in sorted({*data, "简体中文"}, key=len, reverse=True):
        text = text.replace(value, "")
    return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})


ENGLISH = {
    "location": "Nanchang ETDZ",
    "area": "12.50",
    "industries": "Electronics",
    "functions": "Designated port",
    "expected_batches": 12000,
    "expected_value": "85000.00",
    "leading_body": "A leading group",
}


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_pages_show_no_untranslated_chinese(
    client_for, make_zone, gov_jiangxi, bureau_jiangxi, hq, lead, members, operator_jiangxi
):
    for user in (gov_jiangxi, operator_jiangxi):
        user.organisation.name = {gov_jiangxi: "Nanchang", operator_jiangxi: "Operator"}[user]
        user.organisation.save()
    bureau = bureau_jiangxi.bureau
    # What make_zone's users typed, and the names of the zones (data, in Chinese by rule).
    typed = (
        "请补充业务量测算。", "同意推荐。", "突出跨境电商功能。", "2026年12月现场验收。", "意见。",
        "已要求补充卫生检疫设施。", "条件不具备。", "建设方案.pdf",
    )  # fmt: skip
    data = (bureau.name, bureau.full_name, *typed)
    draft = make_zone(State.DRAFT, name="Draft国检试验区", **ENGLISH)
    submitted = make_zone(State.SUBMITTED, name="Submitted国检试验区", **ENGLISH)
    acceptance = make_zone(State.ACCEPTANCE, name="Acceptance国检试验区", **ENGLISH)
    objected = make_zone(State.ACCEPTANCE, name="Objected国检试验区", **ENGLISH)
    for code, member in members.items():
        verdict = "object" if code == "weisheng" else "agree"
        services.acceptance_opinion_record(
            zone=objected, actor=member, verdict=verdict, opinion="Opinion"
        )
    approved = make_zone(State.APPROVED, objection=True, name="Approved国检试验区", **ENGLISH)
    operating = make_zone(State.OPERATING, name="Operating国检试验区", **ENGLISH)
    returned = make_zone(State.RETURNED, name="Returned国检试验区", **ENGLISH)
    notice = PilotZoneNotice.objects.filter(zone=operating).first()
    names = ("Draft", "Submitted", "Acceptance", "Objected", "Approved", "Operating", "Returned")
    data = (*data, *(f"{n}国检试验区" for n in names))

    pages = {
        gov_jiangxi: [
            "/",
            PAGES,
            f"{PAGES}new/",
            f"{PAGES}{draft.pk}/edit/",
            f"{PAGES}{returned.pk}/edit/",
            f"{PAGES}{draft.pk}/do/submit/",
            f"{PAGES}{operating.pk}/",
            f"{PAGES}notices/",
            f"{PAGES}notices/{notice.pk}/",
        ],
        bureau_jiangxi: [
            PAGES,
            f"{PAGES}{submitted.pk}/",
            f"{PAGES}{submitted.pk}/do/recommend/",
            f"{PAGES}{submitted.pk}/do/return/",
            f"{PAGES}{approved.pk}/do/start_operation/",
        ],
        hq: [PAGES, f"{PAGES}{approved.pk}/"],
        lead: [
            "/",
            f"{PAGES}{acceptance.pk}/",
            f"{PAGES}{objected.pk}/do/approve/",
            f"{PAGES}{objected.pk}/do/not_approve/",
        ],
        members["renjianwei"]: [PAGES, f"{PAGES}{acceptance.pk}/opinion/"],
        operator_jiangxi: ["/", f"{PAGES}{operating.pk}/"],
    }
    for user, urls in pages.items():
        signed_in = client_for(user)
        _switch(signed_in, "en")
        for url in urls:
            response = signed_in.get(url)
            assert response.status_code == 200, url
            assert '<html lang="en">' in html(response)
            assert _untranslated(response, *data, user.username) == [], url
