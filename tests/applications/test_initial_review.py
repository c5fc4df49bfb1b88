"""分支机构 and 初审 (issue 14 point 13, ADR 0022): the services' rules, routing, the pages and the
query counts of the body's worklist. Who may do what per actor: test_initial_review_matrix.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry, Role, User
from applications import initial_review, services
from applications.models import Application, InitialReview, InitialReviewSetting
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions import offices
from regions.models import LocalOffice, ReviewBody
from tests import factories

from .factories import ApplicationFactory, attach_required_materials, category

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Long-enough-pw-2026"


@pytest.fixture
def beijing_clerk():
    return factories.bureau_staff("beijing", username="c-beijing")


@pytest.fixture
def body(beijing_clerk):
    return offices.review_body_register(
        actor=beijing_clerk, code="bj-zj", name="北京市质量技术监督局", kind="quality_authority"
    )


@pytest.fixture
def body_user(beijing_clerk, body):
    return offices.staff_add(
        actor=beijing_clerk, organisation=body, username="zj-reviewer", password=PASSWORD
    )


def submitted(*, product="生态茶", code="tea"):
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("beijing"), confirmed_at=timezone.now()
    )
    owner = factories.enterprise_staff(enterprise)
    case = ApplicationFactory(enterprise=enterprise, product_name=product, category=category(code))
    attach_required_materials(case, by=owner)
    return services.case_transition(case=case, name="submit", actor=owner), owner


def client(user):
    c = Client()
    c.force_login(user)
    return c


# ---------------------------------------------------------------- registration


def test_a_bureau_registers_an_office_and_its_staff_with_audit(beijing_clerk):
    office = offices.local_office_register(
        actor=beijing_clerk, code=" BJ-Pinggu ", name=" 平谷检验检疫局 ", area="平谷区"
    )
    assert (office.bureau.code, office.code, office.name) == (
        "beijing",
        "bj-pinggu",
        "平谷检验检疫局",
    )
    user = offices.staff_add(
        actor=beijing_clerk, organisation=office, username="office-x", password=PASSWORD
    )
    assert (user.role, user.bureau_id, user.local_office_id) == (
        Role.OFFICE,
        office.bureau_id,
        office.pk,
    )
    user.full_clean()  # the model's own rules agree
    assert AuditEntry.objects.filter(
        object_type="regions.localoffice", actor=beijing_clerk
    ).exists()
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()


def test_field_errors_and_taken_codes(beijing_clerk, hq_user):
    with pytest.raises(InvalidInput) as refused:
        offices.local_office_register(actor=beijing_clerk, code="new", name=" ", area="x" * 256)
    assert set(refused.value.field_errors) == {"code", "name", "area"}
    with pytest.raises(InvalidInput) as refused:
        offices.review_body_register(actor=hq_user, code="ok", name="某机构", kind="ministry")
    assert set(refused.value.field_errors) == {"bureau"}  # HQ names the bureau
    with pytest.raises(InvalidInput) as refused:
        offices.review_body_register(actor=beijing_clerk, code="ok", name="某机构", kind="nope")
    assert set(refused.value.field_errors) == {"kind"}


def test_an_inactive_body_opens_no_account(beijing_clerk, body):
    offices.review_body_update(
        actor=beijing_clerk, body=body, name=body.name, kind=body.kind, is_active=False
    )
    with pytest.raises(Conflict):
        offices.staff_add(
            actor=beijing_clerk, organisation=body, username="late", password=PASSWORD
        )


def test_the_database_refuses_office_staff_without_an_office():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="stray", role=Role.OFFICE, bureau=factories.bureau("beijing"))
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="stray2", role=Role.REVIEW_BODY)


# ---------------------------------------------------------------- settings and routing


def test_no_setting_no_routing_and_accept_as_before(beijing_clerk):
    case, _owner = submitted()
    assert not InitialReview.objects.exists()
    accepted = services.case_transition(case=case, name="accept", actor=beijing_clerk)
    assert accepted.state == "accepted"


def test_routing_follows_the_setting_and_history_names_the_body(beijing_clerk, body):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    tea, _ = submitted()
    herbs, _ = submitted(product="金银花", code="herbal")
    assert InitialReview.objects.get(application=tea).body == body
    assert not InitialReview.objects.filter(application=herbs).exists()
    assert tea.history.get(transition="submit").data["initial_review_body"] == "bj-zj"


def test_a_setting_is_the_bureaus_own_body_and_is_replaced_and_cleared(beijing_clerk, body):
    other = ReviewBody.objects.create(
        bureau=factories.bureau("hubei"),
        code="hb-zj",
        name="湖北省质监局",
        kind="quality_authority",
    )
    with pytest.raises(NotPermitted):
        initial_review.initial_review_setting_set(
            actor=beijing_clerk, category=category("tea"), body=other
        )
    second = offices.review_body_register(
        actor=beijing_clerk, code="bj-lin", name="北京市园林绿化局", kind="ministry"
    )
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=second
    )
    assert InitialReviewSetting.objects.get().body == second
    initial_review.initial_review_setting_clear(actor=beijing_clerk, category=category("tea"))
    assert not InitialReviewSetting.objects.exists()
    with pytest.raises(Conflict):
        initial_review.initial_review_setting_clear(actor=beijing_clerk, category=category("tea"))
    assert AuditEntry.objects.filter(object_type="applications.initialreviewsetting").count() == 3


def test_accept_refused_before_the_opinion_allowed_after(beijing_clerk, body, body_user):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, _ = submitted()
    with pytest.raises(initial_review.InitialReviewPending) as refused:
        services.case_transition(case=case, name="accept", actor=beijing_clerk)
    assert "北京市质量技术监督局" in refused.value.message
    assert Application.objects.get(pk=case.pk).state == "submitted"
    assert not case.history.filter(transition="accept").exists()
    review = InitialReview.objects.get(application=case)
    initial_review.initial_review_record(
        actor=body_user, review=review, opinion="agree", reasons="符合要求。"
    )
    assert services.case_transition(case=case, name="accept", actor=beijing_clerk).state == (
        "accepted"
    )


def test_an_opinion_is_recorded_once_with_reasons(beijing_clerk, body, body_user):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, _ = submitted()
    review = InitialReview.objects.get(application=case)
    with pytest.raises(InvalidInput) as refused:
        initial_review.initial_review_record(
            actor=body_user, review=review, opinion="maybe", reasons=" "
        )
    assert set(refused.value.field_errors) == {"opinion", "reasons"}
    with pytest.raises(InvalidInput) as refused:
        initial_review.initial_review_record(
            actor=body_user,
            review=review,
            opinion="agree",
            reasons="好",
            files=[SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")],
        )
    assert set(refused.value.field_errors) == {"files"}
    initial_review.initial_review_record(
        actor=body_user, review=review, opinion="disagree", reasons="产地范围不清。"
    )
    with pytest.raises(Conflict):
        initial_review.initial_review_record(
            actor=body_user, review=review, opinion="agree", reasons="改为同意。"
        )
    assert InitialReview.objects.get(pk=review.pk).opinion == "disagree"


def test_after_correction_a_new_round_is_routed(beijing_clerk, body, body_user):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, owner = submitted()
    review = InitialReview.objects.get(application=case)
    initial_review.initial_review_record(
        actor=body_user, review=review, opinion="disagree", reasons="材料不全。"
    )
    services.case_transition(case=case, name="return", actor=beijing_clerk, reason="补充材料")
    services.case_transition(case=case, name="submit", actor=owner)
    assert InitialReview.objects.filter(application=case).count() == 2
    with pytest.raises(initial_review.InitialReviewPending):
        services.case_transition(case=case, name="accept", actor=beijing_clerk)


def test_the_worklist_offers_only_what_the_body_can_answer_now(beijing_clerk, body, body_user):
    """A case returned for correction (补正) leaves the pending tab until re-submitted."""
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    waiting, _ = submitted(product="待初审茶")
    returned, _ = submitted(product="补正中的茶")
    services.case_transition(case=returned, name="return", actor=beijing_clerk, reason="补充材料")
    assert [r.application_id for r in initial_review.awaiting_opinion(user=body_user)] == [
        waiting.pk
    ]
    page = client(body_user).get("/cases/initial-reviews/").content.decode()
    assert "待初审茶" in page and "补正中的茶" not in page


def test_a_return_before_the_opinion_keeps_the_one_pending_round(beijing_clerk, body):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, owner = submitted()
    services.case_transition(case=case, name="return", actor=beijing_clerk, reason="补充材料")
    services.case_transition(case=case, name="submit", actor=owner)
    assert InitialReview.objects.filter(application=case).count() == 1


def test_a_pending_round_follows_the_setting_on_resubmission(beijing_clerk, body):
    tea = category("tea")
    initial_review.initial_review_setting_set(actor=beijing_clerk, category=tea, body=body)
    case, owner = submitted()
    services.case_transition(case=case, name="return", actor=beijing_clerk, reason="补充材料")
    second = offices.review_body_register(
        actor=beijing_clerk, code="bj-lin", name="北京市园林绿化局", kind="ministry"
    )
    initial_review.initial_review_setting_set(actor=beijing_clerk, category=tea, body=second)
    services.case_transition(case=case, name="submit", actor=owner)
    assert list(InitialReview.objects.filter(application=case).values_list("body", flat=True)) == [
        second.pk
    ]


def test_an_inactive_body_no_longer_holds_up_accept(beijing_clerk, body):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, _ = submitted()
    offices.review_body_update(
        actor=beijing_clerk, body=body, name=body.name, kind=body.kind, is_active=False
    )
    assert services.case_transition(case=case, name="accept", actor=beijing_clerk).state == (
        "accepted"
    )


# ---------------------------------------------------------------- pages


def test_the_bureau_pages_register_configure_and_show_the_opinion(beijing_clerk, body_user, body):
    c = client(beijing_clerk)
    assert c.get("/regions/offices/").status_code == 200
    response = c.post(
        "/regions/offices/new/", {"code": "bj-miyun", "name": "密云检验检疫局", "area": "密云区"}
    )
    office = LocalOffice.objects.get(code="bj-miyun")
    assert response.status_code == 302 and office.bureau.code == "beijing"
    assert c.post("/regions/offices/new/", {"code": "bj-miyun", "name": "重复"}).status_code == 400
    response = c.post(
        f"/regions/offices/{office.pk}/",
        {
            "action": "staff",
            "username": "office-miyun",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="office-miyun").local_office == office
    response = c.post(
        f"/regions/offices/{office.pk}/",
        {"action": "edit", "name": "密云办事处", "area": "密云区", "is_active": "on"},
    )
    assert (
        response.status_code == 302 and LocalOffice.objects.get(pk=office.pk).name == "密云办事处"
    )
    assert c.get("/cases/initial-review/settings/").status_code == 200
    response = c.post("/cases/initial-review/settings/", {"category": "tea", "body": "bj-zj"})
    assert response.status_code == 302
    assert InitialReviewSetting.objects.get(category__code="tea").body == body
    case, _ = submitted()
    page = c.get(f"/cases/{case.pk}/")
    assert "待初审" in page.content.decode()
    review = InitialReview.objects.get(application=case)
    initial_review.initial_review_record(
        actor=body_user, review=review, opinion="agree", reasons="初审同意推荐。"
    )
    assert "初审同意推荐。" in c.get(f"/cases/{case.pk}/").content.decode()
    assert (
        "初审同意推荐。"
        not in client(case.enterprise.users.first()).get(f"/cases/{case.pk}/").content.decode()
    )


def test_other_roles_have_no_management_pages(body_user):
    c = client(body_user)
    assert c.get("/regions/offices/").status_code == 403
    assert c.get("/regions/offices/new/").status_code == 403
    assert c.get("/cases/initial-review/settings/").status_code == 403


def test_the_body_records_its_opinion_on_its_page(beijing_clerk, body, body_user):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, _ = submitted(product="京西白茶")
    review = InitialReview.objects.get(application=case)
    c = client(body_user)
    assert "京西白茶" in c.get("/").content.decode()
    assert "京西白茶" in c.get("/cases/initial-reviews/").content.decode()
    page = c.get(f"/cases/initial-reviews/{review.pk}/")
    assert page.status_code == 200
    document = case.documents.first()
    assert c.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 200
    assert c.post(f"/cases/initial-reviews/{review.pk}/", {"opinion": "agree"}).status_code == 400
    response = c.post(
        f"/cases/initial-reviews/{review.pk}/",
        {
            "opinion": "agree",
            "reasons": "同意。",
            "files": [SimpleUploadedFile("意见.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    recorded = InitialReview.objects.get(pk=review.pk)
    assert recorded.opinion == "agree"
    file = recorded.documents.get()
    assert c.get(f"/cases/initial-reviews/{review.pk}/documents/{file.pk}/").status_code == 200
    assert (
        client(beijing_clerk)
        .get(f"/cases/initial-reviews/{review.pk}/documents/{file.pk}/")
        .status_code
        == 200
    )
    owner = case.enterprise.users.first()
    assert (
        client(owner).get(f"/cases/initial-reviews/{review.pk}/documents/{file.pk}/").status_code
        == 404
    )
    assert file.accesses.count() == 2
    assert (
        c.post(
            f"/cases/initial-reviews/{review.pk}/", {"opinion": "disagree", "reasons": "再改"}
        ).status_code
        == 409
    )


def test_another_body_cannot_open_the_round(beijing_clerk, body):
    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    case, _ = submitted()
    review = InitialReview.objects.get(application=case)
    other = offices.review_body_register(
        actor=beijing_clerk, code="bj-other", name="其他机构", kind="ministry"
    )
    stranger = offices.staff_add(
        actor=beijing_clerk, organisation=other, username="other-rv", password=PASSWORD
    )
    c = client(stranger)
    assert c.get(f"/cases/initial-reviews/{review.pk}/").status_code == 404
    assert (
        c.post(
            f"/cases/initial-reviews/{review.pk}/", {"opinion": "agree", "reasons": "x"}
        ).status_code
        == 404
    )
    assert c.get(f"/cases/{case.pk}/").status_code == 404


def test_office_staff_home_and_worklist(beijing_clerk):
    office = offices.local_office_register(actor=beijing_clerk, code="bj-py", name="平谷检验检疫局")
    staff = offices.staff_add(
        actor=beijing_clerk, organisation=office, username="office-py", password=PASSWORD
    )
    case, _ = submitted(product="平谷大桃")
    c = client(staff)
    assert c.get("/").status_code == 200
    listing = c.get("/cases/")
    assert listing.status_code == 200 and "平谷大桃" in listing.content.decode()
    page = c.get(f"/cases/{case.pk}/").content.decode()
    assert "平谷大桃" in page
    assert f"/cases/{case.pk}/do/accept/" not in page
    c.post(f"/cases/{case.pk}/do/accept/", {})  # the page refuses (a message) and changes nothing
    assert Application.objects.get(pk=case.pk).state == "submitted"


# ---------------------------------------------------------------- query counts


def test_the_bodys_worklist_reads_the_same_queries_for_one_round_or_many(
    beijing_clerk, body, body_user
):
    """No query per row: the API list and the page read as many queries for six rounds (with
    files) as for one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    initial_review.initial_review_setting_set(
        actor=beijing_clerk, category=category("tea"), body=body
    )
    api = APIClient()
    api.force_authenticate(body_user)
    c = client(body_user)

    def count():
        with CaptureQueriesContext(connection) as listed:
            rows = api.get("/api/v1/initial-reviews/").json()["results"]
        with CaptureQueriesContext(connection) as page:
            assert c.get("/cases/initial-reviews/?done=1").status_code == 200
        return len(rows), len(listed), len(page)

    def one_more(n):
        case, _ = submitted(product=f"茶{n}")
        initial_review.initial_review_record(
            actor=body_user,
            review=InitialReview.objects.get(application=case),
            opinion="agree",
            reasons="同意。",
            files=[SimpleUploadedFile("意见.pdf", PDF, content_type="application/pdf")],
        )

    one_more(0)
    c.get("/cases/initial-reviews/")  # the session's first read
    _rows, api_queries, page_queries = count()
    for n in range(1, 6):
        one_more(n)
    assert count() == (6, api_queries, page_queries)
    assert api_queries <= 4  # the rows (joined) and their files, besides authentication


@pytest.mark.parametrize("value", ["3.5452097620881185e+236", "1.5", str(2**63)])
def test_the_application_filter_takes_an_id_only(hq_user, value):
    """Found by the fuzz in CI: the filter was a number, so 3.5e+236 was schema-valid and then
    refused; it is an id (a 64-bit whole number), and anything else is a 400 naming it."""
    response = client(hq_user).get("/api/v1/initial-reviews/", {"application": value})
    assert response.status_code == 400, response.content
    assert "application" in response.json()
    assert (
        client(hq_user).get("/api/v1/initial-reviews/", {"application": 2**63 - 1}).status_code
        == 200
    )
