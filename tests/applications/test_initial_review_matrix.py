"""分支机构 (seed 000 §6) and 初审 (§20), issue 14 point 13, ADR 0022: who may do each new action,
per actor, written out by hand (not derived from the code).

Seed 000 §6: "各直属局应抽调业务骨干指导当地检验检疫机构,对申报企业实行'一对一'服务……对符合要求、
条件成熟的企业,及时做好受理、初评和推荐上报等工作" — the bureau accepts, pre-evaluates and
recommends; its local offices guide (培育和监督). Seed 000 §20: "各直属检验检疫局、质量技术监督局以及
合作部委的相关机构……做好初审工作……为受评单位保守秘密" — the body routed to reviews, nobody else.

Actors: HQ, the case's bureau (北京局), a member of its office's staff, the staff of the body the
case was routed to, the staff of another body of the same bureau, another bureau (湖北局), the
applying enterprise, and nobody (anonymous)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry, Role
from applications import services
from applications.models import Application, InitialReview, InitialReviewSetting
from regions.models import LocalOffice, ReviewBody
from tests import factories

from .factories import ApplicationFactory, attach_required_materials, category

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACTORS = [
    "hq", "bureau", "office", "body", "other_body", "other_bureau", "enterprise", "anonymous",
]  # fmt: skip


@pytest.fixture
def world():
    beijing = factories.bureau("beijing")
    office = LocalOffice.objects.create(
        bureau=beijing, code="bj-pinggu", name="平谷检验检疫局", area="平谷区"
    )
    body = ReviewBody.objects.create(
        bureau=beijing, code="bj-zj", name="北京市质量技术监督局", kind="quality_authority"
    )
    other_body = ReviewBody.objects.create(
        bureau=beijing, code="bj-forestry", name="北京市园林绿化局", kind="ministry"
    )
    enterprise = factories.EnterpriseFactory(bureau=beijing, confirmed_at=timezone.now())
    people = {
        "hq": factories.hq(username="m-hq"),
        "bureau": factories.bureau_staff("beijing", username="m-beijing"),
        "office": factories.UserFactory(
            username="m-office", role=Role.OFFICE, bureau=beijing, local_office=office
        ),
        "body": factories.UserFactory(username="m-body", role=Role.REVIEW_BODY, review_body=body),
        "other_body": factories.UserFactory(
            username="m-other-body", role=Role.REVIEW_BODY, review_body=other_body
        ),
        "other_bureau": factories.bureau_staff("hubei", username="m-hubei"),
        "enterprise": factories.enterprise_staff(enterprise, username="m-owner"),
        "anonymous": None,
    }
    InitialReviewSetting.objects.create(
        bureau=beijing, category=category("tea"), body=body, updated_by=people["bureau"]
    )
    case = ApplicationFactory(enterprise=enterprise, product_name="平谷生态茶")
    attach_required_materials(case, by=people["enterprise"])
    case = services.case_transition(case=case, name="submit", actor=people["enterprise"])
    return {
        "people": people,
        "office": office,
        "body": body,
        "other_body": other_body,
        "case": case,
        "review": InitialReview.objects.get(application=case),
    }


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def web(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def denied(user):
    """What a refused caller gets: a log-in for nobody, else the status given."""
    return (401, 403) if user is None else None


def check(response, user, expected: int):
    if user is None:
        assert response.status_code in (401, 403), response.content
    else:
        assert response.status_code == expected, (response.status_code, response.content)


# ---------------------------------------------------------------- 分支机构 and 初审机构


REGISTER = {
    "hq": 201, "bureau": 201, "office": 403, "body": 403, "other_body": 403,
    "other_bureau": 403, "enterprise": 403,
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_who_registers_an_office_of_beijing(world, actor):
    user = world["people"][actor]
    response = api(user).post(
        "/api/v1/local-offices/",
        {"bureau": "beijing", "code": f"new-{actor}", "name": "新分支机构", "area": "顺义区"},
        format="json",
    )
    check(response, user, REGISTER.get(actor))
    assert LocalOffice.objects.filter(code=f"new-{actor}").exists() == (REGISTER.get(actor) == 201)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_registers_a_review_body_of_beijing(world, actor):
    user = world["people"][actor]
    response = api(user).post(
        "/api/v1/review-bodies/",
        {"bureau": "beijing", "code": f"new-{actor}", "name": "新初审机构", "kind": "ministry"},
        format="json",
    )
    check(response, user, REGISTER.get(actor))
    assert ReviewBody.objects.filter(code=f"new-{actor}").exists() == (REGISTER.get(actor) == 201)


# Changing an office: who sees it and may not is 403; who does not see it, 404.
MANAGE = {
    "hq": 200, "bureau": 200, "office": 403, "body": 404, "other_body": 404,
    "other_bureau": 404, "enterprise": 404,
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_who_changes_an_office(world, actor):
    user, office = world["people"][actor], world["office"]
    response = api(user).patch(
        f"/api/v1/local-offices/{office.pk}/", {"area": "平谷区、密云区"}, format="json"
    )
    check(response, user, MANAGE.get(actor))
    changed = LocalOffice.objects.get(pk=office.pk).area == "平谷区、密云区"
    assert changed == (MANAGE.get(actor) == 200)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_opens_an_office_staff_account(world, actor):
    user, office = world["people"][actor], world["office"]
    response = api(user).post(
        f"/api/v1/local-offices/{office.pk}/staff/",
        {"username": f"staff-{actor}", "password": "Long-enough-pw-2026"},
        format="json",
    )
    expected = {**MANAGE, "hq": 201, "bureau": 201}.get(actor)
    check(response, user, expected)
    opened = office.staff.filter(username=f"staff-{actor}").first()
    assert (opened is not None) == (expected == 201)
    if opened:
        assert (opened.role, opened.bureau.code) == (Role.OFFICE, "beijing")


BODY_MANAGE = {**MANAGE, "body": 403, "office": 404}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_changes_a_body_and_opens_its_accounts(world, actor):
    user, body = world["people"][actor], world["body"]
    response = api(user).patch(
        f"/api/v1/review-bodies/{body.pk}/", {"name": "北京市市场监督管理局"}, format="json"
    )
    check(response, user, BODY_MANAGE.get(actor))
    response = api(user).post(
        f"/api/v1/review-bodies/{body.pk}/staff/",
        {"username": f"rb-{actor}", "password": "Long-enough-pw-2026"},
        format="json",
    )
    expected = {**BODY_MANAGE, "hq": 201, "bureau": 201}.get(actor)
    check(response, user, expected)
    assert body.staff.filter(username=f"rb-{actor}").exists() == (expected == 201)


# ---------------------------------------------------------------- the bureau's 初审 setting

SETTING = {
    "hq": 403, "bureau": 201, "office": 403, "body": 403, "other_body": 403,
    "other_bureau": 403, "enterprise": 403,
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_bureau_sets_which_categories_get_initial_review(world, actor):
    user = world["people"][actor]
    response = api(user).post(
        "/api/v1/initial-review-settings/",
        {"category": "forestry", "body": "bj-forestry"},
        format="json",
    )
    check(response, user, SETTING.get(actor))
    assert InitialReviewSetting.objects.filter(category__code="forestry").exists() == (
        SETTING.get(actor) == 201
    )


def test_another_bureau_cannot_route_to_beijings_body(world):
    response = api(world["people"]["other_bureau"]).post(
        "/api/v1/initial-review-settings/", {"category": "tea", "body": "bj-zj"}, format="json"
    )
    assert response.status_code == 403
    assert not InitialReviewSetting.objects.filter(bureau__code="hubei").exists()


# ---------------------------------------------------------------- reading the routed case

READS_CASE = {
    "hq": 200, "bureau": 200, "office": 200, "body": 200, "other_body": 404,
    "other_bureau": 404, "enterprise": 200,
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_the_routed_case(world, actor):
    user, case = world["people"][actor], world["case"]
    check(api(user).get(f"/api/v1/applications/{case.pk}/"), user, READS_CASE.get(actor))
    check(web(user).get(f"/cases/{case.pk}/"), user, READS_CASE.get(actor)) if user else None


READS_ROUND = {
    "hq": 200, "bureau": 200, "office": 200, "body": 200, "other_body": 404,
    "other_bureau": 404, "enterprise": 404,
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_the_round_of_initial_review(world, actor):
    user, review = world["people"][actor], world["review"]
    check(api(user).get(f"/api/v1/initial-reviews/{review.pk}/"), user, READS_ROUND.get(actor))


def test_a_body_never_sees_a_draft_nor_another_bodys_round(world):
    people = world["people"]
    draft = ApplicationFactory(
        enterprise=world["case"].enterprise, product_name="草稿", shared_for_guidance=True
    )
    # A round left on a draft (as after a withdrawal) shows nothing of it.
    InitialReview.objects.create(application=draft, body=world["body"])
    listed = api(people["body"]).get("/api/v1/initial-reviews/").json()["results"]
    assert [row["application"] for row in listed] == [world["case"].pk]
    assert api(people["other_body"]).get("/api/v1/initial-reviews/").json()["results"] == []
    assert api(people["body"]).get(f"/api/v1/applications/{draft.pk}/").status_code == 404


# ---------------------------------------------------------------- recording the opinion

RECORDS = {
    "hq": 403, "bureau": 403, "office": 403, "body": 200, "other_body": 404,
    "other_bureau": 404, "enterprise": 404,
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_routed_body_records_the_opinion(world, actor):
    user, review = world["people"][actor], world["review"]
    response = api(user).post(
        f"/api/v1/initial-reviews/{review.pk}/opinion/",
        {
            "opinion": "agree",
            "reasons": "材料齐全，符合初审要求。",
            "files": [SimpleUploadedFile("初审意见.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    check(response, user, RECORDS.get(actor))
    recorded = InitialReview.objects.get(pk=review.pk)
    assert (recorded.opinion == "agree") == (RECORDS.get(actor) == 200)
    if RECORDS.get(actor) == 200:
        assert recorded.reviewed_by == user and recorded.documents.count() == 1
        assert AuditEntry.objects.filter(
            object_type="applications.initialreview", object_id=str(review.pk), actor=user
        ).exists()


# ---------------------------------------------------------------- 受理 and the other bureau steps

# Before the opinion: the bureau's 受理 is refused (409) and changes nothing; nobody else's at all.
ACCEPT_BEFORE = {
    "hq": 403, "bureau": 409, "office": 403, "body": 403, "other_body": 404,
    "other_bureau": 404, "enterprise": 403,
}  # fmt: skip
ACCEPT_AFTER = {**ACCEPT_BEFORE, "bureau": 200}


@pytest.mark.parametrize("actor", ACTORS)
def test_accept_waits_for_the_opinion_and_stays_the_bureaus(world, actor):
    user, case, review = world["people"][actor], world["case"], world["review"]
    url = f"/api/v1/applications/{case.pk}/transitions/accept/"
    response = api(user).post(url, {}, format="json")
    check(response, user, ACCEPT_BEFORE.get(actor))
    if actor == "bureau":
        assert "初审" in response.json()["detail"]
    assert Application.objects.get(pk=case.pk).state == "submitted"
    api(world["people"]["body"]).post(
        f"/api/v1/initial-reviews/{review.pk}/opinion/",
        {"opinion": "disagree", "reasons": "产地证明不足。"},
        format="json",
    )
    response = api(user).post(url, {}, format="json")
    check(response, user, ACCEPT_AFTER.get(actor))
    accepted = Application.objects.get(pk=case.pk).state == "accepted"
    assert accepted == (ACCEPT_AFTER.get(actor) == 200)


@pytest.mark.parametrize("name", ["accept", "return", "refuse"])
def test_office_staff_fire_no_transition_of_the_bureau(world, name):
    """Seed §6 gives 受理、初评和推荐上报 to the 直属局: the office's staff see the case, the page
    and the API offer them nothing, and a forged call is 403."""
    office, case = world["people"]["office"], world["case"]
    assert api(office).get(f"/api/v1/applications/{case.pk}/transitions/").json() == []
    response = api(office).post(
        f"/api/v1/applications/{case.pk}/transitions/{name}/", {"reason": "试"}, format="json"
    )
    assert response.status_code == 403
    assert Application.objects.get(pk=case.pk).state == "submitted"


@pytest.mark.parametrize(
    "state,name", [("accepted", "pre_evaluate"), ("pre_evaluated", "recommend")]
)
def test_office_staff_neither_pre_evaluate_nor_recommend(world, state, name):
    office = world["people"]["office"]
    case = ApplicationFactory(enterprise=world["case"].enterprise, state=state)
    response = api(office).post(
        f"/api/v1/applications/{case.pk}/transitions/{name}/", {}, format="json"
    )
    assert response.status_code == 403
    assert Application.objects.get(pk=case.pk).state == state
    bureau = world["people"]["bureau"]
    assert (
        api(bureau)
        .post(f"/api/v1/applications/{case.pk}/transitions/{name}/", {}, format="json")
        .status_code
        == 200
    )


# ---------------------------------------------------------------- 一对一指导 by the office

GUIDES = {"hq": False, "bureau": True, "office": True, "other_bureau": False, "body": False}


@pytest.mark.parametrize("actor", sorted(GUIDES))
def test_office_staff_see_the_drafts_shared_for_guidance(world, actor):
    from applications.selectors import guidance_requests

    people = world["people"]
    draft = ApplicationFactory(enterprise=world["case"].enterprise, product_name="共享草稿")
    attach_required_materials(draft, by=people["enterprise"])
    services.case_guidance_share(case=draft, actor=people["enterprise"], note="请指导")
    user = people[actor]
    assert (draft in guidance_requests(user=user)) == GUIDES[actor]
    sees = actor in ("hq", "bureau", "office")
    assert (web(user).get(f"/cases/{draft.pk}/").status_code == 200) == sees
    document = draft.documents.first()
    download = web(user).get(f"/cases/{draft.pk}/documents/{document.pk}/")
    assert (download.status_code == 200) == sees


def test_an_inactive_office_sees_nothing(world):
    office_user = world["people"]["office"]
    LocalOffice.objects.filter(pk=world["office"].pk).update(is_active=False)
    office_user.refresh_from_db()
    user = type(office_user).objects.get(pk=office_user.pk)
    assert api(user).get(f"/api/v1/applications/{world['case'].pk}/").status_code == 404
