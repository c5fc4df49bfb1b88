"""Browser pages of what lies beside a pilot zone (seed 002 §三, §四.4, §五.3): innovation
measures with 报批 and 督查评估, commendations, the replicable practice with its adoptions, and
the partial of the zone's page that lists them. Who may see (404 otherwise), who may act (a
readable refusal otherwise, nothing changed), form errors (400), and the English pages."""

import pytest

from pilotzones.models import (
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    PilotZone,
    PracticeAdoption,
    ReplicablePractice,
)
from pilotzones.workflow import State
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .conftest import MEASURE_BODY, PRACTICE_BODY
from .records import (  # noqa: F401  (marked_measure_fixture: the fixture)
    html,
    marked_measure_fixture,
    shown,
    switch,
    untranslated,
)

pytestmark = pytest.mark.django_db

MEASURE_FORM = {**MEASURE_BODY}
BEYOND = {**MEASURE_BODY, "beyond_rules": "on", "rules_affected": "《办法》第十条；风险可控。"}


def listed(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {row.pk for row in response.context["page"]["rows"]}


# ---------------------------------------------------------------- 创新措施: who sees what


def test_each_role_sees_the_measures_of_the_zones_it_sees(client_for, people, make_measure):
    measure = make_measure("registered")
    sees = ("applicant", "bureau", "hq", "tongguan", "weisheng")
    for role in sees:
        response = client_for(people[role]).get("/pilotzones/measures/")
        assert listed(response) == {measure.pk}, role
        assert (
            client_for(people[role]).get(f"/pilotzones/measures/{measure.pk}/").status_code == 200
        )
    for role in ("other_government", "other_bureau", "operator"):
        # The zone is approved, not operating: its operator is not yet registered on it.
        assert listed(client_for(people[role]).get("/pilotzones/measures/")) == set(), role
        response = client_for(people[role]).get(f"/pilotzones/measures/{measure.pk}/")
        assert response.status_code == 404, role
    for role in ("enterprise", "agency", "inspector"):
        assert client_for(people[role]).get("/pilotzones/measures/").status_code == 404, role
        response = client_for(people[role]).get(f"/pilotzones/measures/{measure.pk}/")
        assert response.status_code == 404, role


def test_the_operator_sees_the_measures_of_the_zone_it_runs(
    client_for, make_zone, make_measure, operator_jiangxi
):
    measure = make_measure("registered", zone=make_zone(State.OPERATING))
    assert listed(client_for(operator_jiangxi).get("/pilotzones/measures/")) == {measure.pk}


def test_anonymous_visitors_are_sent_to_sign_in(client, make_measure):
    measure = make_measure()
    for address in (
        "/pilotzones/measures/",
        f"/pilotzones/measures/{measure.pk}/",
        f"/pilotzones/{measure.zone_id}/measures/new/",
        "/pilotzones/practices/",
        "/pilotzones/commendations/",
    ):
        response = client.get(address)
        assert response.status_code == 302 and "/login/" in response["Location"], address


def test_hq_and_tongguan_find_what_is_reported_for_approval(client_for, people, make_measure):
    pending = make_measure("pending_approval")
    zone = pending.zone
    make_measure("registered", zone=zone)
    for role in ("hq", "tongguan"):
        response = client_for(people[role]).get("/pilotzones/measures/")
        assert response.context["pending_count"] == 1
        assert "?state=pending_approval" in html(response)
        response = client_for(people[role]).get("/pilotzones/measures/?state=pending_approval")
        assert listed(response) == {pending.pk}
    for role in ("bureau", "weisheng"):
        response = client_for(people[role]).get("/pilotzones/measures/")
        assert response.context["pending_count"] is None


def test_the_list_filters_by_state_kind_and_zone_and_ignores_a_bad_filter(
    client_for, hq, make_zone, make_measure
):
    zone = make_zone(State.APPROVED)
    running = make_measure("running", zone=zone, innovation="system")
    registered = make_measure("registered", zone=zone)
    other = make_measure("registered")
    client = client_for(hq)
    assert listed(client.get("/pilotzones/measures/?state=running")) == {running.pk}
    assert listed(client.get("/pilotzones/measures/?innovation=system")) == {running.pk}
    assert listed(client.get(f"/pilotzones/measures/?zone={zone.pk}")) == {
        running.pk,
        registered.pk,
    }
    response = client.get("/pilotzones/measures/?state=nonsense&zone=abc&page=x")
    assert listed(response) == {running.pk, registered.pk, other.pk}
    assert response.context["form"].errors
    assert client.get("/pilotzones/measures/?page=999").status_code == 404


# ---------------------------------------------------------------- 创新措施: registering and editing


@pytest.mark.parametrize("role", ["bureau", "applicant"])
def test_the_zones_bureau_or_government_registers_a_measure(client_for, people, make_zone, role):
    zone = make_zone(State.APPROVED)
    client = client_for(people[role])
    assert client.get(f"/pilotzones/{zone.pk}/measures/new/").status_code == 200
    response = client.post(f"/pilotzones/{zone.pk}/measures/new/", MEASURE_FORM)
    measure = InnovationMeasure.objects.get(zone=zone)
    assert response.status_code == 302
    assert response["Location"] == f"/pilotzones/measures/{measure.pk}/"
    assert measure.registered_by == people[role]
    assert not measure.beyond_rules


def test_a_measure_beyond_the_rules_needs_the_rules_it_affects(
    client_for, bureau_jiangxi, make_zone
):
    zone = make_zone(State.APPROVED)
    client = client_for(bureau_jiangxi)
    response = client.post(
        f"/pilotzones/{zone.pk}/measures/new/", {**MEASURE_FORM, "beyond_rules": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["rules_affected"]
    assert not InnovationMeasure.objects.exists()
    response = client.post(f"/pilotzones/{zone.pk}/measures/new/", BEYOND)
    assert response.status_code == 302
    assert InnovationMeasure.objects.get().beyond_rules


def test_a_form_with_errors_is_400_and_creates_nothing(client_for, bureau_jiangxi, make_zone):
    zone = make_zone(State.APPROVED)
    client = client_for(bureau_jiangxi)
    for body in (
        {},
        {**MEASURE_FORM, "innovation": "nonsense"},
        {**MEASURE_FORM, "title": "一行\n两行"},
        {**MEASURE_FORM, "title": "长" * 201},
    ):
        response = client.post(f"/pilotzones/{zone.pk}/measures/new/", body)
        assert response.status_code == 400, body
    assert not InnovationMeasure.objects.exists()


@pytest.mark.parametrize("role", ["hq", "tongguan", "weisheng"])
def test_hq_does_not_register_measures(client_for, people, make_zone, role):
    zone = make_zone(State.APPROVED)
    client = client_for(people[role])
    response = client.post(f"/pilotzones/{zone.pk}/measures/new/", MEASURE_FORM)
    assert response.status_code == 403
    assert "只有试验区的辖区直属局或地方政府可以登记创新措施。" in shown(response)
    assert response.context["form"] is None
    assert not InnovationMeasure.objects.exists()


def test_strangers_get_404_and_a_zone_not_yet_approved_409(
    client_for, gov_jiangxi, bureau_guangxi, gov_guangxi, make_zone
):
    zone = make_zone(State.APPROVED)
    for stranger in (bureau_guangxi, gov_guangxi):
        response = client_for(stranger).post(f"/pilotzones/{zone.pk}/measures/new/", MEASURE_FORM)
        assert response.status_code == 404
    pending = make_zone(State.RECOMMENDED)
    response = client_for(gov_jiangxi).post(f"/pilotzones/{pending.pk}/measures/new/", MEASURE_FORM)
    assert response.status_code == 409
    assert "试验区批准建设后才能登记创新措施。" in shown(response)
    assert not InnovationMeasure.objects.exists()


def test_a_registered_measure_is_edited_and_a_reported_one_is_not(
    client_for, bureau_jiangxi, gov_jiangxi, hq, make_measure
):
    measure = make_measure("registered")
    address = f"/pilotzones/measures/{measure.pk}/edit/"
    response = client_for(gov_jiangxi).get(address)
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == measure.title
    response = client_for(gov_jiangxi).post(address, {**BEYOND, "title": "新名称"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "新名称" and measure.beyond_rules
    response = client_for(hq).post(address, {**MEASURE_FORM, "title": "总局改的"})
    assert response.status_code == 403
    reported = make_measure("pending_approval")
    response = client_for(bureau_jiangxi).post(
        f"/pilotzones/measures/{reported.pk}/edit/", {**BEYOND, "title": "报批后改"}
    )
    assert response.status_code == 409
    assert "只有尚未报批或实施的措施可以修改。" in shown(response)
    reported.refresh_from_db()
    assert reported.title == MEASURE_BODY["title"]
    measure.refresh_from_db()
    assert measure.title == "新名称"


# ---------------------------------------------------------------- 创新措施: transitions


def actions_on(response) -> set[str]:
    return {name for name, _rule in response.context["actions"]}


def test_a_measure_beyond_the_rules_is_reported_approved_started_and_ended(
    client_for, bureau_jiangxi, hq, lead, gov_jiangxi, make_measure
):
    measure = make_measure("registered", beyond_rules=True)
    base = f"/pilotzones/measures/{measure.pk}/"
    bureau = client_for(bureau_jiangxi)
    assert actions_on(bureau.get(base)) == {"report"}
    assert bureau.get(f"{base}do/report/").status_code == 200
    assert bureau.post(f"{base}do/report/", {}).status_code == 302
    measure.refresh_from_db()
    assert measure.state == "pending_approval"

    decider = client_for(hq)
    assert actions_on(decider.get(base)) == {"approve", "refuse"}
    assert decider.post(f"{base}do/approve/", {"comment": "同意试点。"}).status_code == 302

    bureau = client_for(bureau_jiangxi)
    assert actions_on(bureau.get(base)) == {"start"}
    response = bureau.post(f"{base}do/start/", {"started_on": "2026-01-05"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.state == "running" and str(measure.started_on) == "2026-01-05"

    response = client_for(lead).post(f"{base}do/end/", {})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    response = client_for(lead).post(f"{base}do/end/", {"reason": "已纳入常规监管。"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.state == "ended"
    detail = client_for(gov_jiangxi).get(base)
    assert [row["entry"].transition for row in detail.context["history"]] == [
        "report",
        "approve",
        "start",
        "end",
    ]
    assert "已纳入常规监管。" in html(detail)


def test_hq_refuses_with_a_reason(client_for, hq, make_measure):
    measure = make_measure("pending_approval")
    base = f"/pilotzones/measures/{measure.pk}/do/refuse/"
    client = client_for(hq)
    assert client.post(base, {"reason": " "}).status_code == 400
    measure.refresh_from_db()
    assert measure.state == "pending_approval"
    assert client.post(base, {"reason": "风险防控措施不足。"}).status_code == 302
    measure.refresh_from_db()
    assert measure.state == "refused"


def test_refusals_are_readable_and_change_nothing(client_for, people, make_measure, bureau_jiangxi):
    within = make_measure("registered")
    # A measure within the rules is not reported: it runs once registered.
    response = client_for(bureau_jiangxi).post(f"/pilotzones/measures/{within.pk}/do/report/")
    assert response.status_code == 409
    assert "未突破现行规定的措施无需报批，可直接实施。" in shown(response)
    beyond = make_measure("registered", beyond_rules=True)
    response = client_for(bureau_jiangxi).post(
        f"/pilotzones/measures/{beyond.pk}/do/start/", {"started_on": "2026-01-05"}
    )
    assert response.status_code == 409
    assert "突破现行规定的措施须经总局批准后方可实施。" in shown(response)
    # Not theirs to fire: 403 on any method, without a form.
    for role, name in (
        ("applicant", "report"),
        ("hq", "report"),
        ("weisheng", "approve"),
        ("bureau", "approve"),
        ("applicant", "start"),
    ):
        response = client_for(people[role]).post(f"/pilotzones/measures/{beyond.pk}/do/{name}/")
        assert response.status_code == 403, (role, name)
        assert response.context["form"] is None
    # A rule the programme does not have.
    response = client_for(bureau_jiangxi).get(f"/pilotzones/measures/{beyond.pk}/do/explode/")
    assert response.status_code == 404
    response = client_for(bureau_jiangxi).get(f"/pilotzones/measures/{beyond.pk}/do/start/")
    assert response.status_code == 200  # shown; the state is checked when it is fired
    within.refresh_from_db()
    beyond.refresh_from_db()
    assert within.state == beyond.state == "registered"
    assert not within.history.exists() and not beyond.history.exists()


def test_a_future_start_is_400(client_for, bureau_jiangxi, make_measure):
    measure = make_measure("registered")
    response = client_for(bureau_jiangxi).post(
        f"/pilotzones/measures/{measure.pk}/do/start/", {"started_on": "2999-01-01"}
    )
    assert response.status_code == 400
    measure.refresh_from_db()
    assert measure.state == "registered"


# ---------------------------------------------------------------- 督查评估


def test_hq_records_an_assessment_of_a_running_measure(client_for, people, make_measure):
    measure = make_measure("running")
    base = f"/pilotzones/measures/{measure.pk}/"
    for role in ("hq", "tongguan"):
        assert client_for(people[role]).get(base).context["assessment_form"] is not None
    for role in ("bureau", "applicant", "weisheng"):
        assert client_for(people[role]).get(base).context["assessment_form"] is None
    response = client_for(people["tongguan"]).post(
        f"{base}assess/", {"effect": "marked", "findings": "成效显著。", "assessed_on": ""}
    )
    assert response.status_code == 302
    assessment = MeasureAssessment.objects.get(measure=measure)
    assert assessment.effect == "marked" and assessment.assessed_by == people["tongguan"]
    # Whoever sees the measure reads the assessment.
    assert "成效显著。" in html(client_for(people["applicant"]).get(base))


def test_an_assessment_refused_changes_nothing(client_for, people, make_measure):
    running = make_measure("running")
    for role in ("bureau", "applicant", "weisheng"):
        response = client_for(people[role]).post(
            f"/pilotzones/measures/{running.pk}/assess/",
            {"effect": "marked", "findings": "自评。"},
        )
        assert response.status_code == 403, role
        assert "只有总局可以对创新措施进行督查评估。" in shown(response)
    response = client_for(people["hq"]).post(
        f"/pilotzones/measures/{running.pk}/assess/", {"effect": "great", "findings": ""}
    )
    assert response.status_code == 400
    registered = make_measure("registered")
    response = client_for(people["hq"]).post(
        f"/pilotzones/measures/{registered.pk}/assess/", {"effect": "good", "findings": "尚早。"}
    )
    assert response.status_code == 409
    assert "措施实施后才能进行督查评估。" in shown(response)
    assert not MeasureAssessment.objects.exists()
    response = client_for(people["other_bureau"]).post(
        f"/pilotzones/measures/{running.pk}/assess/", {"effect": "good", "findings": "x"}
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- 通报表扬


def test_hq_commends_a_zone_for_a_measure_found_marked(
    client_for, people, make_measure, marked_measure
):
    measure = marked_measure()
    zone = measure.zone
    ordinary = make_measure("running", zone=zone)
    address = f"/pilotzones/{zone.pk}/commendations/new/"
    client = client_for(people["hq"])
    detail = client.get(f"/pilotzones/measures/{measure.pk}/")
    assert detail.context["may_commend"] and address in html(detail)
    assert not client.get(f"/pilotzones/measures/{ordinary.pk}/").context["may_commend"]
    assert (
        not client_for(people["bureau"])
        .get(f"/pilotzones/measures/{measure.pk}/")
        .context["may_commend"]
    )
    client = client_for(people["hq"])
    response = client.get(address)
    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["measures"].choices]
    assert choices == [measure.pk]
    body = {"document_number": "国质检通〔2026〕1号", "citation": "成效显著。"}
    response = client.post(address, {**body, "measures": [ordinary.pk]})
    assert response.status_code == 400
    assert not Commendation.objects.exists()
    response = client_for(people["tongguan"]).post(address, {**body, "measures": [measure.pk]})
    assert response.status_code == 302
    commendation = Commendation.objects.get()
    assert list(commendation.measures.all()) == [measure]
    listing = client_for(people["bureau"]).get("/pilotzones/commendations/")
    assert listed(listing) == {commendation.pk}
    assert "国质检通〔2026〕1号" in html(listing)


def test_only_hq_deciders_commend(client_for, people, marked_measure):
    measure = marked_measure()
    address = f"/pilotzones/{measure.zone_id}/commendations/new/"
    body = {"document_number": "1号", "citation": "好。", "measures": [measure.pk]}
    for role in ("bureau", "applicant", "weisheng", "operator"):
        response = client_for(people[role]).post(address, body)
        if role == "operator":
            assert response.status_code == 404  # the zone is not yet operated by it
            continue
        assert response.status_code == 403, role
        assert "只有总局可以通报表扬试验区。" in shown(response)
    assert client_for(people["other_bureau"]).post(address, body).status_code == 404
    assert not Commendation.objects.exists()


def test_a_zone_without_marked_measures_cannot_be_commended(client_for, hq, make_measure):
    measure = make_measure("running")
    address = f"/pilotzones/{measure.zone_id}/commendations/new/"
    response = client_for(hq).get(address)
    assert "暂不能通报表扬" in html(response)
    response = client_for(hq).post(
        address, {"document_number": "1号", "citation": "好。", "measures": [measure.pk]}
    )
    assert response.status_code == 400
    assert not Commendation.objects.exists()


# ---------------------------------------------------------------- 可复制推广经验


def test_the_bureau_drafts_edits_and_submits_and_hq_returns_and_accepts(
    client_for, bureau_jiangxi, hq, make_measure
):
    measure = make_measure("running")
    zone = measure.zone
    bureau = client_for(bureau_jiangxi)
    response = bureau.get(f"/pilotzones/{zone.pk}/practices/new/")
    assert response.status_code == 200
    response = bureau.post(
        f"/pilotzones/{zone.pk}/practices/new/", {**PRACTICE_BODY, "measures": [measure.pk]}
    )
    assert response.status_code == 302
    practice = ReplicablePractice.objects.get()
    assert list(practice.measures.all()) == [measure]
    base = f"/pilotzones/practices/{practice.pk}/"
    assert response["Location"] == base
    response = bureau.post(f"{base}edit/", {**PRACTICE_BODY, "title": "一区多功能监管"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "一区多功能监管"
    assert not practice.measures.exists()
    assert actions_on(bureau.get(base)) == {"submit"}
    assert bureau.post(f"{base}do/submit/").status_code == 302

    decider = client_for(hq)
    assert actions_on(decider.get(base)) == {"return", "accept"}
    assert decider.post(f"{base}do/return/", {"reason": ""}).status_code == 400
    assert decider.post(f"{base}do/return/", {"reason": "请补充成效数据。"}).status_code == 302
    bureau = client_for(bureau_jiangxi)
    detail = bureau.get(base)
    assert detail.context["may_edit"] and "请补充成效数据。" in html(detail)
    assert (
        bureau.post(f"{base}edit/", {**PRACTICE_BODY, "results": "通关时间缩短60%。"}).status_code
        == 302
    )
    assert bureau.post(f"{base}do/submit/").status_code == 302
    assert client_for(hq).post(f"{base}do/accept/").status_code == 302
    practice.refresh_from_db()
    assert practice.state == "accepted" and practice.number.startswith("GJSYQ-JY-")
    assert f"/public/pilot-zones/practices/{practice.pk}/" in html(client_for(hq).get(base))


def test_who_sees_which_practice(client_for, people, make_zone, make_practice):
    zone = make_zone(State.APPROVED)
    draft = make_practice("draft", zone=zone)
    submitted = make_practice("submitted", zone=zone)
    accepted = make_practice("accepted", zone=zone)
    expected = {
        "bureau": {draft.pk, submitted.pk, accepted.pk},
        "hq": {submitted.pk, accepted.pk},
        "tongguan": {submitted.pk, accepted.pk},
        "applicant": {submitted.pk, accepted.pk},
        "other_bureau": {accepted.pk},
        "other_government": {accepted.pk},
        "enterprise": {accepted.pk},
    }
    for role, pks in expected.items():
        client = client_for(people[role])
        assert listed(client.get("/pilotzones/practices/")) == pks, role
        for practice in (draft, submitted, accepted):
            status = client.get(f"/pilotzones/practices/{practice.pk}/").status_code
            assert status == (200 if practice.pk in pks else 404), (role, practice.state)


def test_practice_refusals_are_readable_and_change_nothing(
    client_for, people, make_zone, make_practice
):
    zone = make_zone(State.APPROVED)
    for role in ("hq", "applicant"):
        response = client_for(people[role]).post(
            f"/pilotzones/{zone.pk}/practices/new/", PRACTICE_BODY
        )
        assert response.status_code == 403, role
        assert "只有试验区的辖区直属局可以报送可复制推广经验。" in shown(response)
    assert (
        client_for(people["other_bureau"])
        .post(f"/pilotzones/{zone.pk}/practices/new/", PRACTICE_BODY)
        .status_code
        == 404
    )
    submitted = make_practice("submitted", zone=zone)
    response = client_for(people["bureau"]).post(
        f"/pilotzones/practices/{submitted.pk}/edit/", {**PRACTICE_BODY, "title": "改"}
    )
    assert response.status_code == 409
    assert "只有草稿或退回修改的经验可以修改。" in shown(response)
    response = client_for(people["hq"]).post(
        f"/pilotzones/practices/{submitted.pk}/edit/", {**PRACTICE_BODY, "title": "改"}
    )
    assert response.status_code == 403
    for role, name in (("weisheng", "accept"), ("bureau", "accept"), ("applicant", "return")):
        response = client_for(people[role]).post(
            f"/pilotzones/practices/{submitted.pk}/do/{name}/", {"reason": "x"}
        )
        assert response.status_code == 403, (role, name)
    response = client_for(people["hq"]).post(
        f"/pilotzones/practices/{submitted.pk}/do/withdraw/", {"reason": "x"}
    )
    assert response.status_code == 409
    submitted.refresh_from_db()
    assert submitted.state == "submitted" and submitted.title == PRACTICE_BODY["title"]
    assert ReplicablePractice.objects.count() == 1
    not_approved = make_zone(State.ACCEPTANCE)
    response = client_for(people["bureau"]).post(
        f"/pilotzones/{not_approved.pk}/practices/new/", PRACTICE_BODY
    )
    assert response.status_code == 409


def test_hq_withdraws_a_practice_from_the_library(client_for, hq, make_practice):
    practice = make_practice("accepted")
    base = f"/pilotzones/practices/{practice.pk}/do/withdraw/"
    assert client_for(hq).get(base).context["form"].fields["reason"].help_text
    assert client_for(hq).post(base, {"reason": "相关规定已修订。"}).status_code == 302
    practice.refresh_from_db()
    assert practice.state == "withdrawn" and practice.withdrawal_reason == "相关规定已修订。"


# ---------------------------------------------------------------- 复制推广


def test_another_bureau_records_where_it_adopted_a_practice(
    client_for, bureau_guangxi, make_practice
):
    practice = make_practice("accepted")
    base = f"/pilotzones/practices/{practice.pk}/"
    client = client_for(bureau_guangxi)
    assert client.get(base).context["adoption_form"] is not None
    response = client.post(
        f"{base}adopt/",
        {"place": "凭祥综合保税区", "note": "复制一区多功能监管。", "adopted_on": ""},
    )
    assert response.status_code == 302 and response["Location"] == base
    adoption = PracticeAdoption.objects.get()
    assert adoption.bureau_id == bureau_guangxi.bureau_id
    assert "凭祥综合保税区" in html(client.get(base))


def test_adoptions_refused(client_for, people, make_practice):
    practice = make_practice("accepted")
    address = f"/pilotzones/practices/{practice.pk}/adopt/"
    body = {"place": "某地", "note": "复制。"}
    for role in ("bureau", "hq", "applicant", "other_government"):
        assert (
            client_for(people[role])
            .get(f"/pilotzones/practices/{practice.pk}/")
            .context["adoption_form"]
            is None
        )
        response = client_for(people[role]).post(address, body)
        assert response.status_code == 403, role
        assert "只有经验来源地以外的直属局可以登记复制推广情况。" in shown(response)
    other = client_for(people["other_bureau"])
    response = other.post(address, {**body, "adopted_on": "2000-01-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["adopted_on"]
    response = other.post(address, {"place": "", "note": ""})
    assert response.status_code == 400
    submitted = make_practice("submitted")
    assert other.post(f"/pilotzones/practices/{submitted.pk}/adopt/", body).status_code == 404
    withdrawn = make_practice("withdrawn")
    assert other.post(f"/pilotzones/practices/{withdrawn.pk}/adopt/", body).status_code == 404
    assert not PracticeAdoption.objects.exists()


def test_hq_sees_a_withdrawn_practice_but_no_bureau_may_adopt_it(client_for, people, make_practice):
    withdrawn = make_practice("withdrawn")
    response = client_for(people["hq"]).get(f"/pilotzones/practices/{withdrawn.pk}/")
    assert response.status_code == 200 and "相关规定已修订。" in html(response)
    response = client_for(people["bureau"]).post(
        f"/pilotzones/practices/{withdrawn.pk}/adopt/", {"place": "x", "note": "y"}
    )
    assert response.status_code == 403
    assert not PracticeAdoption.objects.exists()


# ---------------------------------------------------------------- the zone page's partial


def test_the_zone_page_lists_what_the_viewer_sees_and_may_add(
    client_for, people, make_zone, make_measure, make_practice, marked_measure
):
    zone = make_zone(State.APPROVED)
    measure = make_measure("registered", zone=zone)
    draft = make_practice("draft", zone=zone, title="草稿经验")
    accepted = make_practice("accepted", zone=zone, title="入库经验")
    new_measure = f"/pilotzones/{zone.pk}/measures/new/"
    new_practice = f"/pilotzones/{zone.pk}/practices/new/"
    new_commendation = f"/pilotzones/{zone.pk}/commendations/new/"

    def records(user, of=zone) -> str:
        response = client_for(user).get(f"/pilotzones/{of.pk}/")
        assert response.status_code == 200
        return html(response)

    bureau = records(people["bureau"])
    assert f"/pilotzones/measures/{measure.pk}/" in bureau
    assert "草稿经验" in bureau and "入库经验" in bureau
    assert new_measure in bureau and new_practice in bureau and new_commendation not in bureau
    government = records(people["applicant"])
    assert new_measure in government and new_practice not in government
    assert "草稿经验" not in government and f"/pilotzones/practices/{accepted.pk}/" in government
    for role in ("hq", "tongguan"):
        text = records(people[role])
        # Nothing found 成效显著 yet: nothing to commend the zone for.
        assert new_commendation not in text and new_measure not in text, role
        assert f"/pilotzones/practices/{draft.pk}/" not in text
    member = records(people["weisheng"])
    assert new_commendation not in member and new_measure not in member
    commendable = marked_measure().zone
    for role in ("hq", "tongguan"):
        assert f"/pilotzones/{commendable.pk}/commendations/new/" in records(
            people[role], commendable
        ), role
    assert f"/pilotzones/{commendable.pk}/commendations/new/" not in records(
        people["weisheng"], commendable
    )
    pending = make_zone(State.ACCEPTANCE)
    assert f"/pilotzones/{pending.pk}/measures/new/" not in records(people["bureau"], pending)


# ---------------------------------------------------------------- English


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_record_pages_show_no_untranslated_chinese(
    client_for, people, make_zone, make_measure, make_practice, marked_measure
):
    english = {"title": "Third-party results", "description": "Accept third-party results."}
    zone = make_zone(State.APPROVED)
    PilotZone.objects.filter(pk=zone.pk).update(name="Nanchang Pilot Zone国检试验区")
    zone.refresh_from_db()
    running = marked_measure(zone=zone, **english)
    pending = make_measure("pending_approval", zone=zone, rules_affected="Rule 10.", **english)
    practice_body = {
        "title": "One zone, many functions",
        "summary": "One window.",
        "content": "One declaration.",
        "results": "Half the time.",
    }
    submitted = make_practice("submitted", zone=zone, **practice_body)
    accepted = make_practice("accepted", zone=zone, **practice_body)
    pages = {
        people["bureau"]: [
            "/pilotzones/measures/",
            f"/pilotzones/{zone.pk}/measures/new/",
            f"/pilotzones/measures/{running.pk}/",
            f"/pilotzones/measures/{running.pk}/do/end/",
            f"/pilotzones/{zone.pk}/practices/new/",
            f"/pilotzones/practices/{submitted.pk}/",
            "/pilotzones/practices/",
        ],
        people["hq"]: [
            "/pilotzones/measures/",
            f"/pilotzones/measures/{pending.pk}/",
            f"/pilotzones/measures/{pending.pk}/do/refuse/",
            f"/pilotzones/measures/{running.pk}/",
            f"/pilotzones/measures/{running.pk}/assess/",
            f"/pilotzones/{zone.pk}/commendations/new/",
            "/pilotzones/commendations/",
            f"/pilotzones/practices/{submitted.pk}/do/accept/",
        ],
        people["other_bureau"]: [
            f"/pilotzones/practices/{accepted.pk}/",
            f"/pilotzones/practices/{accepted.pk}/adopt/",
        ],
    }
    names = [u.username for u in people.values() if u is not None]
    bureaus = [people["bureau"].bureau, people["other_bureau"].bureau]
    data = (
        "国检试验区",  # the name's required suffix
        "通关时间压缩40%，企业认可。",
        *(b.name for b in bureaus),
        *(b.full_name for b in bureaus),
        people["applicant"].organisation.name,
        *names,
    )
    for user, urls in pages.items():
        client = client_for(user)
        switch(client, "en")
        for address in urls:
            response = client.get(address)
            assert response.status_code == 200, address
            assert untranslated(response, *data) == [], address
