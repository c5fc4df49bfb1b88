"""A case from online application to certificate, suspension and revocation, through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import materials
from applications.models import Application, CaseHistory, Certificate
from tests import factories

from .factories import MATERIAL_PDF, PlanFactory, attach_required_materials, far_future

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    enterprise = factories.EnterpriseFactory(bureau=factories.bureau("beijing"))
    enterprise.confirmed_at = enterprise.created_at
    enterprise.save()
    plan = PlanFactory()
    return {
        "enterprise": factories.enterprise_staff(enterprise, username="ent"),
        "bureau": factories.bureau_staff("beijing", username="clerk-bj"),
        "hq": factories.hq(username="hq-1"),
        "agency": factories.agency_staff(plan.agency, username="eval"),
        "plan": plan,
    }


def fire(api_for, user, case_id, name, **body):
    return api_for(user).post(
        f"/api/v1/applications/{case_id}/transitions/{name}/", body, format="json"
    )


def test_from_application_to_certificate_and_revocation(api_for, people):
    created = api_for(people["enterprise"]).post(
        "/api/v1/applications/",
        {
            "product_name": "京西白茶",
            "category": "tea",
            "origin_place": "门头沟",
            "description": "x",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert created.json()["bureau"] == "beijing"
    # 申报材料: a file for every required item of the checklist before submission.
    case = Application.objects.get(pk=case_id)
    for item in materials.requirements_for(case).filter(required=True):
        uploaded = api_for(people["enterprise"]).post(
            f"/api/v1/applications/{case_id}/documents/",
            {
                "file": SimpleUploadedFile(f"{item.code}.pdf", MATERIAL_PDF),
                "requirement": item.code,
            },
            format="multipart",
        )
        assert uploaded.status_code == 201, uploaded.content

    steps = [
        ("enterprise", "submit", {}, "submitted"),
        ("bureau", "return", {"reason": "材料不全"}, "returned"),
        ("enterprise", "submit", {}, "submitted"),
        ("bureau", "accept", {}, "accepted"),
        ("bureau", "pre_evaluate", {"comment": "初评合格"}, "pre_evaluated"),
        ("bureau", "recommend", {}, "recommended"),
        ("hq", "approve", {}, "approved"),
        ("enterprise", "choose_agency", {"agency": people["plan"].agency_id}, "evaluating"),
        ("agency", "evaluate", {"score": "91.5", "report": "符合"}, "evaluated"),
        ("hq", "certify", {"marks_issued": 500}, "protected"),
        (
            "hq",
            "suspend",
            {"reason": "抽查不合格", "deadline": far_future().isoformat()},
            "suspended",
        ),
        ("enterprise", "submit_rectification", {"comment": "已整改"}, "suspended"),
        ("hq", "reinstate", {}, "protected"),
        ("hq", "revoke", {"reason": "严重违规"}, "revoked"),
    ]
    for who, name, body, expected in steps:
        response = fire(api_for, people[who], case_id, name, **body)
        assert response.status_code == 200, (name, response.content)
        assert response.json()["state"] == expected, name

    case = Application.objects.get(pk=case_id)
    assert case.officer == people["bureau"]
    assert case.agency == people["plan"].agency
    certificate = Certificate.objects.get(application=case)
    assert certificate.marks_issued == 500
    assert certificate.number.startswith("STYCD-")
    assert certificate.status == "revoked"
    history = list(
        CaseHistory.objects.filter(application=case).values_list("transition", flat=True)
    )
    assert history == [name for _who, name, _body, _state in steps]


def test_failed_evaluation_follows_the_plan_threshold(api_for, people):
    from .factories import ApplicationFactory

    case = ApplicationFactory(
        enterprise=people["enterprise"].enterprise, bureau=people["enterprise"].enterprise.bureau
    )
    attach_required_materials(case)
    for who, name, body in [
        ("enterprise", "submit", {}),
        ("bureau", "accept", {}),
        ("bureau", "pre_evaluate", {}),
        ("bureau", "recommend", {}),
        ("hq", "approve", {}),
        ("enterprise", "choose_agency", {"agency": people["plan"].agency_id}),
    ]:
        assert fire(api_for, people[who], case.pk, name, **body).status_code == 200
    response = fire(api_for, people["agency"], case.pk, "evaluate", score="79.99")
    assert response.status_code == 200
    assert response.json()["state"] == "failed"
