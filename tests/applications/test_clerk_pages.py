"""The case pages a clerk uses all day (issue 15 points 7 and 8): the worklist's bureau filter is
a choice of bureau names; the evaluation form states the score range and the pass mark of the
filed plan; the enterprise submits straight from its form (保存并提交申报) and the bureau accepts
(受理) on the case page, each still one transition through the one service."""

import re

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from applications.models import Application, CaseHistory
from regions.models import ZoneMembership
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials, category

pytestmark = pytest.mark.django_db

FIELDS = {"product_name": "神农架野生蜂蜜", "category": "", "origin_place": "湖北省神农架林区"}


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def owner(hubei_enterprise):
    return factories.enterprise_staff(hubei_enterprise, username="owner-hubei")


def case_in(state: str, enterprise, **fields) -> Application:
    case = ApplicationFactory(enterprise=enterprise)
    attach_required_materials(case)
    Application.objects.filter(pk=case.pk).update(state=state, **fields)
    return Application.objects.get(pk=case.pk)


def form_data(**changes) -> dict:
    return {**FIELDS, "category": category("tea").pk, **changes}


# ---------------------------------------------------------------- the bureau filter


BUREAU_SELECT = re.compile(r'<select name="bureau"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def bureau_options(response) -> list[tuple[str, str]]:
    found = BUREAU_SELECT.search(html(response))
    return OPTION.findall(found.group(1)) if found else []


def test_hq_filters_the_worklist_by_choosing_a_bureau_by_name(client_for, hq_user):
    hubei = case_in("submitted", factories.EnterpriseFactory(bureau=factories.bureau("hubei")))
    case_in("submitted", factories.EnterpriseFactory(bureau=factories.bureau("beijing")))
    client = client_for(hq_user)
    options = bureau_options(client.get("/cases/"))
    assert options[0] == ("", "全部")
    assert len(options) == 36  # all, and the 35 bureaus
    assert ("hubei", "湖北") in options and ("beijing", "北京") in options
    response = client.get("/cases/", {"bureau": "hubei"})
    assert [case.pk for case in response.context["page"]["rows"]] == [hubei.pk]
    assert 'value="hubei" selected' in html(response)


def test_a_zone_lead_chooses_among_the_bureaus_of_its_zones_only(client_for, lead_bureau_user):
    codes = {code for code, _name in bureau_options(client_for(lead_bureau_user).get("/cases/"))}
    led = ZoneMembership.objects.filter(
        bureau=lead_bureau_user.bureau, role=ZoneMembership.Role.LEAD
    ).values("zone_id")
    scope = set(
        ZoneMembership.objects.filter(zone_id__in=led).values_list("bureau__code", flat=True)
    )
    assert "hubei" in scope
    assert codes == {""} | scope
    assert "beijing" not in codes


def test_a_bureau_without_a_zone_to_lead_has_no_bureau_filter(client_for, bureau_user):
    response = client_for(bureau_user).get("/cases/", {"bureau": "beijing"})
    assert bureau_options(response) == []
    assert response.status_code == 200


def test_a_bureau_not_in_the_list_is_an_error_and_filters_nothing(client_for, lead_bureau_user):
    case_in("submitted", factories.EnterpriseFactory(bureau=factories.bureau("chongqing")))
    response = client_for(lead_bureau_user).get("/cases/", {"bureau": "beijing"})
    assert response.status_code == 200
    assert response.context["form"].errors["bureau"]
    assert len(response.context["page"]["rows"]) == 1


# ---------------------------------------------------------------- the evaluation form


def test_the_evaluation_form_states_the_range_and_the_pass_mark_of_the_chosen_plan(client_for):
    chosen = PlanFactory(title="蜂蜜评定方案", pass_threshold=75)
    PlanFactory(category=chosen.category, pass_threshold=90)  # another agency's: not this case's
    evaluator = factories.agency_staff(chosen.agency, username="evaluator-honey")
    case = ApplicationFactory(category=chosen.category)
    Application.objects.filter(pk=case.pk).update(
        state="evaluating", agency=chosen.agency, plan=chosen
    )
    response = client_for(evaluator).get(f"/cases/{case.pk}/do/evaluate/")
    assert response.status_code == 200
    page = html(response)
    help_text = re.search(r'<div class="help" id="id_score_helptext">([^<]*)</div>', page)
    assert help_text, "the score's help is tied to its input (aria-describedby)"
    assert help_text.group(1) == (
        "评分范围 0–100 分。本案评定方案《蜂蜜评定方案》的通过分数线为 75 分："
        "得分不低于 75 分为通过，低于则评定未通过。"
    )
    assert 'aria-describedby="id_score_helptext"' in page
    assert 'min="0"' in page and 'max="100"' in page


def test_the_pass_mark_is_in_english_too(client_for):
    chosen = PlanFactory(title="Honey plan", pass_threshold=70)
    evaluator = factories.agency_staff(chosen.agency, username="evaluator-en")
    case = ApplicationFactory(category=chosen.category)
    Application.objects.filter(pk=case.pk).update(
        state="evaluating", agency=chosen.agency, plan=chosen
    )
    client = client_for(evaluator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html(client.get(f"/cases/{case.pk}/do/evaluate/"))
    assert "The pass mark of this case&#x27;s evaluation plan “Honey plan” is 70" in page


# ---------------------------------------------------------------- 保存并提交申报


def test_the_draft_form_offers_save_and_submit_to_a_confirmed_enterprise(client_for, owner):
    case = case_in("draft", owner.enterprise)
    page = html(client_for(owner).get(f"/cases/{case.pk}/edit/"))
    assert 'name="then" value="submit"' in page
    assert "保存并提交申报" in page


def test_save_and_submit_saves_the_fields_and_submits_in_one_post(client_for, owner):
    case = case_in("draft", owner.enterprise)
    response = client_for(owner).post(
        f"/cases/{case.pk}/edit/", form_data(product_name="神农架百花蜜", then="submit")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert messages_of(response) == ["已完成：提交申报。"]
    case = Application.objects.get(pk=case.pk)
    assert (case.state, case.product_name, case.due_kind) == (
        "submitted",
        "神农架百花蜜",
        "acceptance",
    )
    entry = CaseHistory.objects.get(application=case)
    assert (entry.transition, entry.actor) == ("submit", owner)


def test_a_returned_case_is_corrected_and_resubmitted_from_the_form(client_for, owner):
    case = case_in("returned", owner.enterprise)
    response = client_for(owner).post(f"/cases/{case.pk}/edit/", form_data(then="submit"))
    assert response.status_code == 302
    assert Application.objects.get(pk=case.pk).state == "submitted"


def test_plain_save_does_not_submit(client_for, owner):
    case = case_in("draft", owner.enterprise)
    response = client_for(owner).post(f"/cases/{case.pk}/edit/", form_data())
    assert response["Location"] == f"/cases/{case.pk}/edit/"
    assert messages_of(response) == ["已保存。"]
    assert Application.objects.get(pk=case.pk).state == "draft"


def test_an_unconfirmed_enterprise_saves_but_is_told_it_cannot_submit_yet(
    client_for, enterprise_user
):
    case = case_in("draft", enterprise_user.enterprise)
    client = client_for(enterprise_user)
    assert 'value="submit"' not in html(client.get(f"/cases/{case.pk}/edit/"))
    response = client.post(
        f"/cases/{case.pk}/edit/", form_data(product_name="已改名", then="submit")
    )
    assert response["Location"] == f"/cases/{case.pk}/edit/"
    (message,) = messages_of(response)
    assert message.startswith("已保存，但未能提交申报：") and "尚未经辖区直属局确认" in message
    case = Application.objects.get(pk=case.pk)
    assert (case.state, case.product_name) == ("draft", "已改名")
    assert not CaseHistory.objects.exists()


def test_another_enterprise_cannot_save_and_submit(client_for, owner):
    case = case_in("draft", owner.enterprise)
    stranger = factories.enterprise_staff(
        factories.EnterpriseFactory(confirmed_at=timezone.now()), username="stranger"
    )
    response = client_for(stranger).post(f"/cases/{case.pk}/edit/", form_data(then="submit"))
    assert response.status_code == 404
    assert Application.objects.get(pk=case.pk).state == "draft"


def test_a_submitted_case_is_not_submitted_again_from_the_form(client_for, owner):
    case = case_in("submitted", owner.enterprise)
    response = client_for(owner).post(f"/cases/{case.pk}/edit/", form_data(then="submit"))
    assert response["Location"] == f"/cases/{case.pk}/"
    assert not CaseHistory.objects.exists()


# ---------------------------------------------------------------- 受理 on the case page


ACCEPT_FORM = re.compile(r'<form method="post" action="/cases/(\d+)/do/accept/"')


def test_the_jurisdiction_bureau_accepts_on_the_case_page(client_for, bureau_user, owner):
    colleague = factories.bureau_staff("hubei", username="clerk-hubei-2", first_name="王芳")
    case = case_in("submitted", owner.enterprise)
    client = client_for(bureau_user)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert ACCEPT_FORM.findall(page) == [str(case.pk)]
    assert 'name="officer"' in page and "王芳" in page
    assert f'href="/cases/{case.pk}/do/accept/"' not in page  # no detour by the confirmation page
    response = client.post(f"/cases/{case.pk}/do/accept/", {"officer": colleague.pk})
    assert response["Location"] == f"/cases/{case.pk}/"
    case = Application.objects.get(pk=case.pk)
    assert (case.state, case.officer) == ("accepted", colleague)


@pytest.mark.parametrize("who", ["hq", "zone_lead", "other_bureau", "owner"])
def test_nobody_else_gets_the_accept_form(client_for, hq_user, lead_bureau_user, owner, who):
    user = {
        "hq": hq_user,
        "zone_lead": lead_bureau_user,  # 重庆 leads 西南片区, of which 湖北 is a member
        "other_bureau": factories.bureau_staff("beijing", username="clerk-beijing"),
        "owner": owner,
    }[who]
    case = case_in("submitted", owner.enterprise)
    response = client_for(user).get(f"/cases/{case.pk}/")
    assert response.status_code == (404 if who == "other_bureau" else 200)
    assert not ACCEPT_FORM.search(html(response))
    client_for(user).post(f"/cases/{case.pk}/do/accept/")
    assert Application.objects.get(pk=case.pk).state == "submitted"


def test_an_accepted_case_has_no_accept_form(client_for, bureau_user, owner):
    case = case_in("accepted", owner.enterprise, officer=bureau_user)
    assert not ACCEPT_FORM.search(html(client_for(bureau_user).get(f"/cases/{case.pk}/")))
