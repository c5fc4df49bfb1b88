"""Browser pages of enterprises (online registration: test_registration.py): a new application
and its autosave, submission, the free choice of the evaluation agency, the inbox of notices,
renewal and rectification uploads."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import (
    Application,
    CaseDocument,
    CaseHistory,
    Certificate,
    CertificateNumberRule,
    Notice,
)
from applications.services import case_transition, notice_deliver
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials, category

pytestmark = pytest.mark.django_db

User = get_user_model()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def enterprise():
    """A confirmed enterprise under 重庆局."""
    return factories.EnterpriseFactory(
        bureau=factories.bureau("chongqing"), confirmed_at=timezone.now(), name="金佛山茶业"
    )


@pytest.fixture
def owner(enterprise):
    return factories.enterprise_staff(enterprise, username="ent-owner")


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def make_case(enterprise, plan, hq_user):
    """make_case(state, **fields) → the enterprise's case put straight into `state` (set-up)."""

    def make(state: str = "draft", **fields) -> Application:
        case = ApplicationFactory(enterprise=fields.pop("enterprise", enterprise))
        if state == "draft":  # ready to submit: every required material has a file
            attach_required_materials(case)
        values = {"state": state, **fields}
        if state in ("evaluating", "protected", "suspended"):
            values.update(agency=plan.agency, plan=plan, score=90)
        if state == "suspended":
            values["rectification_deadline"] = timezone.localdate() + timedelta(days=10)
        Application.objects.filter(pk=case.pk).update(**values)
        if state in ("protected", "suspended"):
            Certificate.objects.create(
                application_id=case.pk,
                number=f"T-{case.pk}",
                rule=CertificateNumberRule.objects.get(version=1),
                year=2026,
                seq=case.pk,
                valid_from=timezone.localdate(),
                valid_until=timezone.localdate() + timedelta(days=365),
                marks_issued=10,
                issued_by=hq_user,
            )
        return Application.objects.get(pk=case.pk)

    return make


def html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- a new application


def test_a_new_application_is_a_draft_in_the_enterprises_bureau(client_for, owner):
    response = client_for(owner).post(
        "/cases/new/",
        {
            "product_name": "金佛山方竹笋",
            "category": category("forestry").pk,
            "origin_place": "南川",
        },
    )
    case = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/edit/"
    assert (case.state, case.bureau.code, case.enterprise, case.category.code) == (
        "draft",
        "chongqing",
        owner.enterprise,
        "forestry",
    )


def test_autosave_saves_the_fields(client_for, owner, make_case):
    case = make_case("draft")
    response = client_for(owner).post(
        f"/cases/{case.pk}/autosave/",
        {
            "product_name": "南川大树茶",
            "category": category("tea").pk,
            "origin_place": "南川区金佛山",
            "description": "高山云雾",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["errors"] == {}
    assert body["saved_at"]
    case.refresh_from_db()
    assert (case.product_name, case.origin_place, case.description) == (
        "南川大树茶",
        "南川区金佛山",
        "高山云雾",
    )


def test_autosave_keeps_the_valid_fields_and_reports_the_invalid_ones(client_for, owner, make_case):
    case = make_case("draft", product_name="原名称")
    response = client_for(owner).post(
        f"/cases/{case.pk}/autosave/",
        {"product_name": "", "category": "999999", "origin_place": "新产地"},
    )
    assert response.status_code == 200
    assert set(response.json()["errors"]) == {"product_name", "category"}
    case.refresh_from_db()
    assert (case.product_name, case.origin_place) == ("原名称", "新产地")


def test_autosave_of_a_submitted_case_is_a_409(client_for, owner, make_case):
    case = make_case("submitted", product_name="原名称")
    response = client_for(owner).post(f"/cases/{case.pk}/autosave/", {"product_name": "改名"})
    assert response.status_code == 409
    assert response.json()["detail"]
    assert Application.objects.get(pk=case.pk).product_name == "原名称"


def test_autosave_of_another_enterprises_case_is_404(client_for, make_case):
    case = make_case("draft", product_name="原名称")
    stranger = factories.enterprise_staff(username="stranger")
    response = client_for(stranger).post(f"/cases/{case.pk}/autosave/", {"product_name": "改名"})
    assert response.status_code == 404
    assert Application.objects.get(pk=case.pk).product_name == "原名称"


def test_an_unconfirmed_enterprise_is_told_it_cannot_submit_yet(client_for, enterprise_user):
    case = ApplicationFactory(enterprise=enterprise_user.enterprise)
    assert enterprise_user.enterprise.confirmed_at is None
    response = client_for(enterprise_user).post(f"/cases/{case.pk}/do/submit/")
    assert response.status_code == 409
    assert "企业信息尚未经辖区直属局确认" in html(response)
    assert Application.objects.get(pk=case.pk).state == "draft"
    assert not CaseHistory.objects.exists()


def test_a_confirmed_enterprise_submits_from_the_page(client_for, owner, make_case):
    case = make_case("draft")
    response = client_for(owner).post(f"/cases/{case.pk}/do/submit/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.due_kind) == ("submitted", "acceptance")


# ---------------------------------------------------------------- choosing the agency


@pytest.fixture
def agencies(plan):
    """`valid`: a filed plan for tea valid today; the others have none that counts."""
    today = timezone.localdate()
    expired = PlanFactory(
        valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1)
    )
    other_category = PlanFactory(category=category("aquatic"))
    return {"valid": plan.agency, "expired": expired.agency, "other": other_category.agency}


def test_the_choice_lists_only_agencies_with_a_valid_plan_for_the_category(
    client_for, owner, make_case, agencies
):
    case = make_case("approved")
    response = client_for(owner).get(f"/cases/{case.pk}/do/choose_agency/")
    assert response.status_code == 200
    assert [plan.agency for plan in response.context["plans"]] == [agencies["valid"]]
    page = html(response)
    assert agencies["valid"].name in page
    assert agencies["expired"].name not in page
    assert agencies["other"].name not in page


def test_choosing_an_agency_starts_the_evaluation(client_for, owner, make_case, agencies):
    case = make_case("approved")
    response = client_for(owner).post(
        f"/cases/{case.pk}/do/choose_agency/", {"agency": agencies["valid"].pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.agency) == ("evaluating", agencies["valid"])


def test_an_agency_without_a_valid_plan_cannot_be_chosen(client_for, owner, make_case, agencies):
    case = make_case("approved")
    response = client_for(owner).post(
        f"/cases/{case.pk}/do/choose_agency/", {"agency": agencies["expired"].pk}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert (case.state, case.agency) == ("approved", None)


# ---------------------------------------------------------------- the inbox


@pytest.fixture
def notice(make_case, hq_user):
    """HQ approves the enterprise's recommended case: the 批准实施评定通知书 is sent."""
    case = make_case("recommended", product_name="金佛山方竹笋")
    case_transition(case=case, name="approve", actor=hq_user)
    return Notice.objects.get(application=case)


def test_an_approval_leaves_one_unread_notice_counted_in_the_navigation(client_for, owner, notice):
    response = client_for(owner).get("/cases/inbox/")
    assert response.status_code == 200
    assert [(n.pk, n.read_at) for n in response.context["notices"]] == [(notice.pk, None)]
    assert notice.kind == "approval"
    assert response.context["unread_notices"] == 1
    assert re.search(r'class="navcount"[^>]*>\s*1\s*<', html(response))


def test_opening_a_notice_marks_it_read(client_for, owner, notice):
    client = client_for(owner)
    response = client.get(f"/cases/inbox/{notice.pk}/")
    assert response.status_code == 200
    assert "批准实施评定通知书" in html(response)
    assert "金佛山方竹笋" in html(response)
    notice.refresh_from_db()
    assert notice.read_at is not None
    inbox = client.get("/cases/inbox/")
    assert inbox.context["unread_notices"] == 0
    # No count beside the inbox (the case list's counts the approved case's next step).
    assert re.search(r'收件箱\s*<span class="navcount"', html(inbox)) is None
    assert 'title="待选择评定机构 1"' in html(inbox)


def test_the_notice_pdf_downloads_for_its_enterprise(client_for, owner, notice):
    notice_deliver(notice_id=notice.pk)
    response = client_for(owner).get(f"/cases/inbox/{notice.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_enterprise_cannot_open_the_notice(client_for, notice):
    notice_deliver(notice_id=notice.pk)
    stranger = factories.enterprise_staff(username="stranger")
    client = client_for(stranger)
    assert client.get(f"/cases/inbox/{notice.pk}/").status_code == 404
    assert client.get(f"/cases/inbox/{notice.pk}/pdf/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


# ---------------------------------------------------------------- renewal


def test_a_renewal_is_prefilled_and_linked_to_the_protected_case(client_for, owner, make_case):
    protected = make_case(
        "protected",
        product_name="金佛山方竹笋",
        origin_place="南川区金山镇",
        category=category("forestry"),
    )
    client = client_for(owner)
    form = client.get(f"/cases/new/?renew={protected.pk}").context["form"]
    assert (form["product_name"].value(), form["origin_place"].value()) == (
        "金佛山方竹笋",
        "南川区金山镇",
    )
    assert form["category"].value() == category("forestry").pk
    response = client.post(
        f"/cases/new/?renew={protected.pk}",
        {
            "product_name": "金佛山方竹笋",
            "category": category("forestry").pk,
            "origin_place": "南川区金山镇",
        },
    )
    assert response.status_code == 302
    renewal = Application.objects.exclude(pk=protected.pk).get()
    assert (renewal.renewal_of, renewal.state) == (protected, "draft")


def test_a_draft_cannot_be_renewed(client_for, owner, make_case):
    draft = make_case("draft")
    assert client_for(owner).get(f"/cases/new/?renew={draft.pk}").status_code == 404


def test_another_enterprises_case_cannot_be_renewed(client_for, make_case):
    protected = make_case("protected")
    stranger = factories.enterprise_staff(username="stranger")
    response = client_for(stranger).post(
        f"/cases/new/?renew={protected.pk}",
        {"product_name": "x", "category": category("tea").pk, "origin_place": "y"},
    )
    assert response.status_code == 404
    assert Application.objects.count() == 1


# ---------------------------------------------------------------- rectification


def upload_rectification(client, case):
    return client.post(
        f"/cases/{case.pk}/documents/",
        {"kind": "rectification", "file": SimpleUploadedFile("整改报告.pdf", PDF)},
        follow=True,
    )


def test_the_enterprise_uploads_rectification_while_suspended(client_for, owner, make_case):
    case = make_case("suspended")
    response = upload_rectification(client_for(owner), case)
    assert [str(m) for m in response.context["messages"]] == ["材料已上传。"]
    document = CaseDocument.objects.get(application=case)
    assert (document.kind, document.original_name) == ("rectification", "整改报告.pdf")


@pytest.mark.parametrize("state", ["protected", "draft"])
def test_rectification_cannot_be_uploaded_unless_suspended(client_for, owner, make_case, state):
    case = make_case(state)
    client = client_for(owner)
    assert 'value="rectification"' not in html(client.get(f"/cases/{case.pk}/"))
    response = upload_rectification(client, case)
    assert response.context["messages"]  # the refusal is shown
    assert not CaseDocument.objects.filter(kind="rectification").exists()


def test_a_malformed_renewal_reference_is_404(client_for, owner):
    assert client_for(owner).get("/cases/new/?renew=abc").status_code == 404
