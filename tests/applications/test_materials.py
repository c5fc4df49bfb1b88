"""申报材料清单 (issue 14 point 7, seed 000 §6 "指导企业准备、完善申报资料"): HQ alone keeps the
checklist; the enterprise uploads several files at once to its own draft, each answering an
item; `submit` is refused (409, the missing items named) until every required item has a file;
the case page and the API show the checklist."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from applications import documents, materials
from applications.models import Application, CaseDocument, MaterialRequirement
from applications.services import case_guidance_share, case_transition
from applications.workflow import State
from tests import factories

from .factories import ApplicationFactory, attach_required_materials, category

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHIPPED_REQUIRED = ["application_form", "business_licence", "product_origin", "test_report"]


@pytest.fixture
def case():
    return ApplicationFactory()


@pytest.fixture
def owner(case):
    return factories.enterprise_staff(case.enterprise, username="mat-owner")


def pdf(name="材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def required_codes(case):
    return [i.requirement.code for i in materials.checklist(case) if i.requirement.required]


def test_the_shipped_checklist_names_the_seed_materials(case):
    assert required_codes(case) == SHIPPED_REQUIRED
    names = [str(r) for r in materials.requirements_for(case)]
    assert names[:4] == [
        "生态原产地产品保护申请书",
        "营业执照（统一社会信用代码）",
        "产品及原产地说明",
        "产品检测报告",
    ]


# ------------------------------------------------------------------ submission


def test_submission_is_refused_409_naming_the_missing_items(api_for, case, owner):
    documents.documents_upload_many(
        case=case,
        actor=owner,
        kind="material",
        files=[(pdf(), "application_form"), (pdf(), "business_licence")],
    )
    response = api_for(owner).post(f"/api/v1/applications/{case.pk}/transitions/submit/")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["materials"] == ["产品及原产地说明", "产品检测报告"]
    assert "产品及原产地说明" in body["detail"] and "产品检测报告" in body["detail"]
    assert Application.objects.get(pk=case.pk).state == State.DRAFT
    assert not case.history.exists()


def test_submission_is_allowed_once_every_required_item_has_a_file(case, owner):
    attach_required_materials(case, by=owner)
    done = case_transition(case=case, name="submit", actor=owner)
    assert done.state == State.SUBMITTED


def test_optional_items_and_untagged_files_do_not_count(case, owner):
    documents.documents_upload_many(
        case=case, actor=owner, kind="material", files=[(pdf(), "eco_environment"), (pdf(), "")]
    )
    with pytest.raises(materials.MaterialsMissing) as refused:
        case_transition(case=case, name="submit", actor=owner)
    assert refused.value.field_errors["materials"] == [
        "生态原产地产品保护申请书",
        "营业执照（统一社会信用代码）",
        "产品及原产地说明",
        "产品检测报告",
    ]


def test_permission_is_checked_before_the_materials(api_for, case):
    # Someone else's case: 403/404, never the list of what it lacks.
    bureau = factories.bureau_staff(case.bureau.code, username="mat-clerk")
    case_guidance_share(case=case, actor=factories.enterprise_staff(case.enterprise))
    response = api_for(bureau).post(f"/api/v1/applications/{case.pk}/transitions/submit/")
    assert response.status_code == 403
    assert "materials" not in response.json()


def test_a_category_requirement_applies_to_that_category_only(hq_user, case, owner):
    tea_only = materials.material_requirement_save(
        actor=hq_user, category=category("tea"), code="origin_tea", name="茶园产地证明", order=45
    )
    materials.material_requirement_save(
        actor=hq_user, category=category("aquatic"), code="catch_area", name="捕捞海域证明"
    )
    assert required_codes(case) == [*SHIPPED_REQUIRED[:4], "origin_tea"]
    fruit = ApplicationFactory(category=category("fruit_veg"))
    assert required_codes(fruit) == SHIPPED_REQUIRED

    for code in SHIPPED_REQUIRED:
        documents.documents_upload_many(
            case=case, actor=owner, kind="material", files=[(pdf(), code)]
        )
    with pytest.raises(materials.MaterialsMissing) as refused:
        case_transition(case=case, name="submit", actor=owner)
    assert refused.value.field_errors["materials"] == ["茶园产地证明"]
    # A file for another category's item is refused.
    with pytest.raises(materials.InvalidTransitionInput):
        materials.requirement_for_upload(case=case, kind="material", requirement="catch_area")
    documents.documents_upload_many(
        case=case, actor=owner, kind="material", files=[(pdf(), tea_only.pk)]
    )
    assert case_transition(case=case, name="submit", actor=owner).state == State.SUBMITTED


def test_a_retired_item_is_no_longer_asked(hq_user, case, owner):
    licence = MaterialRequirement.objects.get(category=None, code="business_licence")
    materials.material_requirement_save(actor=hq_user, requirement=licence, is_active=False)
    assert "business_licence" not in required_codes(case)


# ------------------------------------------------------------------ HQ keeps the list


def test_only_hq_edits_the_checklist(hq_user, bureau_user, enterprise_user, agency_user):
    for user in (bureau_user, enterprise_user, agency_user):
        with pytest.raises(materials.TransitionForbidden):
            materials.material_requirement_save(actor=user, code="x", name="某材料")
    row = materials.material_requirement_save(actor=hq_user, code="sample", name="样品照片")
    entry = AuditEntry.objects.get(object_type="applications.materialrequirement")
    assert (entry.actor, entry.action, entry.object_id) == (hq_user, "create", str(row.pk))
    materials.material_requirement_save(actor=hq_user, requirement=row, required=False)
    assert AuditEntry.objects.filter(action="update", object_id=str(row.pk)).exists()
    assert MaterialRequirement.objects.get(pk=row.pk).required is False


def test_a_code_is_once_per_category(hq_user):
    with pytest.raises(materials.InvalidTransitionInput) as refused:
        materials.material_requirement_save(actor=hq_user, code="test_report", name="重复")
    assert "code" in refused.value.field_errors


def test_hq_page_lists_and_edits_the_checklist(client_for, hq_user):
    client = client_for(hq_user)
    page = client.get("/cases/materials/")
    assert page.status_code == 200
    assert "产品检测报告" in page.content.decode()
    created = client.post(
        "/cases/materials/new/",
        {
            "category": category("tea").pk,
            "code": "garden",
            "name": "茶园照片",
            "order": 60,
            "required": "on",
            "is_active": "on",
        },
    )
    assert created.status_code == 302, created.content.decode()
    row = MaterialRequirement.objects.get(code="garden")
    assert (row.category.code, row.required, row.is_active) == ("tea", True, True)
    edited = client.post(
        f"/cases/materials/{row.pk}/",
        {"category": "", "code": "garden", "name": "茶园照片", "order": 60, "is_active": "on"},
    )
    assert edited.status_code == 302
    row.refresh_from_db()
    assert (row.category, row.required) == (None, False)


@pytest.mark.parametrize("persona", ["bureau_user", "enterprise_user", "agency_user"])
def test_others_do_not_reach_the_hq_page(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    row = MaterialRequirement.objects.first()
    assert client.get("/cases/materials/").status_code == 404
    assert client.post("/cases/materials/new/", {"code": "x", "name": "x"}).status_code == 404
    assert client.post(f"/cases/materials/{row.pk}/", {"code": "x", "name": "x"}).status_code == 404
    assert not MaterialRequirement.objects.filter(code="x").exists()


# ------------------------------------------------------------------ uploads


def test_the_enterprise_uploads_several_files_at_once(client_for, case, owner):
    items = {r.code: r for r in materials.requirements_for(case)}
    response = client_for(owner).post(
        f"/cases/{case.pk}/materials/",
        {
            f"req_{items['application_form'].pk}": [pdf("申请书.pdf"), pdf("申请书附页.pdf")],
            f"req_{items['test_report'].pk}": [pdf("检测报告.pdf")],
            "back": "edit",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/edit/"
    tagged = sorted(
        CaseDocument.objects.filter(application=case).values_list(
            "requirement__code", "original_name", "kind"
        )
    )
    assert tagged == [
        ("application_form", "申请书.pdf", "material"),
        ("application_form", "申请书附页.pdf", "material"),
        ("test_report", "检测报告.pdf", "material"),
    ]
    page = client_for(owner).get(f"/cases/{case.pk}/edit/").content.decode()
    assert "multiple" in page and f'name="req_{items["product_origin"].pk}"' in page
    assert "产品及原产地说明" in page


def test_several_files_read_the_checklist_once_in_one_transaction(case, owner):
    """Each file's item is checked against the checklist read once, and the files are saved in
    one transaction without a savepoint each."""
    items = {r.code: r for r in materials.requirements_for(case)}
    files = [(pdf(f"{code}.pdf"), items[code]) for code in SHIPPED_REQUIRED] + [
        (pdf("按代码.pdf"), "test_report")
    ]
    with CaptureQueriesContext(connection) as queries:
        documents.documents_upload_many(case=case, actor=owner, kind="material", files=files)
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('FROM "applications_materialrequirement"' in one for one in sql) == 1
    # One: the service's own transaction, nested in the test's.
    assert sum(one.startswith("SAVEPOINT") for one in sql) == 1
    assert (
        CaseDocument.objects.filter(application=case, requirement__code="test_report").count() == 2
    )


def test_one_bad_file_refuses_the_whole_upload(client_for, case, owner):
    item = materials.requirements_for(case).first()
    response = client_for(owner).post(
        f"/cases/{case.pk}/materials/",
        {f"req_{item.pk}": [pdf("好.pdf"), pdf("坏.pdf", b"MZ\x90 a program")]},
        follow=True,
    )
    assert "坏.pdf" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_staff_and_strangers_cannot_upload_to_a_draft(client_for, case, owner):
    case_guidance_share(case=case, actor=owner)  # the bureau sees the draft, uploads nothing
    item = materials.requirements_for(case).first()
    bureau = factories.bureau_staff(case.bureau.code, username="mat-bureau")
    stranger = factories.enterprise_staff(username="mat-stranger")
    refused = client_for(bureau).post(
        f"/cases/{case.pk}/materials/", {f"req_{item.pk}": pdf()}, follow=True
    )
    assert "您不能为该案件上传此类材料。" in refused.content.decode()
    hidden = client_for(stranger).post(f"/cases/{case.pk}/materials/", {f"req_{item.pk}": pdf()})
    assert hidden.status_code == 404
    assert not CaseDocument.objects.exists()


def test_api_upload_takes_the_requirement_and_detail_shows_the_checklist(api_for, case, owner):
    url = f"/api/v1/applications/{case.pk}/documents/"
    api = api_for(owner)
    posted = api.post(url, {"file": pdf(), "kind": "material", "requirement": "test_report"})
    assert posted.status_code == 201, posted.content
    assert posted.json()["requirement"] == "test_report"
    wrong = api.post(url, {"file": pdf(), "kind": "material", "requirement": "nonsense"})
    assert wrong.status_code == 400 and "requirement" in wrong.json()
    other = api.post(url, {"file": pdf(), "kind": "other", "requirement": "test_report"})
    assert other.status_code in (400, 403)

    detail = api.get(f"/api/v1/applications/{case.pk}/").json()
    checklist = {row["code"]: row for row in detail["materials_checklist"]}
    assert checklist["test_report"] == {
        "code": "test_report",
        "name": "产品检测报告",
        "name_en": "Product test report",
        "category": None,
        "required": True,
        "files": 1,
        "done": True,
    }
    assert checklist["application_form"]["done"] is False
    assert "materials_checklist" not in api.get("/api/v1/applications/").json()["results"][0]


def test_the_case_page_shows_the_checklist_with_ticks(client_for, case, owner):
    attach_required_materials(case, by=owner)
    case_transition(case=case, name="submit", actor=owner)
    bureau = factories.bureau_staff(case.bureau.code, username="mat-reader")
    page = client_for(bureau).get(f"/cases/{case.pk}/").content.decode()
    assert "申报材料清单" in page and "产品检测报告" in page
    assert page.count("materials-done") >= 4


def test_the_checklist_is_one_query_whatever_the_files(case, owner, django_assert_num_queries):
    from applications.materials import checklist

    attach_required_materials(case, by=owner)
    other = ApplicationFactory(category=case.category)
    attach_required_materials(other)  # another case's files count for it only
    with django_assert_num_queries(1):
        items = checklist(case)
    assert [item.files for item in items if item.requirement.required] == [1, 1, 1, 1]
    assert all(item.done for item in items if item.requirement.required)
