"""The cases API of SPEC §9: scoping, creation, editing, history, transitions, filters, and a
number of queries that does not grow with the number of cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    beijing = factories.EnterpriseFactory(
        bureau=factories.bureau("beijing"), confirmed_at=timezone.now()
    )
    hubei = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )
    # Drafts their enterprises shared for 一对一指导, so staff see them: an unshared draft is the
    # enterprise's alone (seed 000 §6; tests/applications/test_guidance_share.py).
    shared = {"shared_for_guidance": True}
    return {
        "beijing": ApplicationFactory.create_batch(
            3, enterprise=beijing, bureau=beijing.bureau, **shared
        ),
        "hubei": ApplicationFactory.create_batch(
            2, enterprise=hubei, bureau=hubei.bureau, **shared
        ),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_each_role_lists_exactly_what_it_may_see(api_for, cases):
    beijing = {c.pk for c in cases["beijing"]}
    hubei = {c.pk for c in cases["hubei"]}
    owner = factories.enterprise_staff(cases["beijing"][0].enterprise, username="api-owner")
    assert ids(api_for(owner).get("/api/v1/applications/")) == beijing
    assert (
        ids(api_for(factories.hq(username="api-hq")).get("/api/v1/applications/"))
        == beijing | hubei
    )
    clerk = factories.bureau_staff("hubei", username="api-hubei")
    assert ids(api_for(clerk).get("/api/v1/applications/")) == hubei
    lead = factories.bureau_staff("chongqing", username="api-cq")  # leads 西南片区 (湖北)
    # A draft is shared with its own bureau only, never with the zone's lead: once submitted,
    # the lead reads its zone's cases.
    assert ids(api_for(lead).get("/api/v1/applications/")) == set()
    Application.objects.filter(pk__in=hubei).update(state="submitted")
    assert ids(api_for(lead).get("/api/v1/applications/")) == hubei
    for user in (factories.agency_staff(username="api-agency"), factories.inspector()):
        assert ids(api_for(user).get("/api/v1/applications/")) == set()
    assert api_for(None).get("/api/v1/applications/").status_code in (401, 403)
    stranger = factories.bureau_staff("beijing", username="api-bj")
    assert api_for(stranger).get(f"/api/v1/applications/{cases['hubei'][0].pk}/").status_code == 404


def test_enterprise_creates_a_draft_in_its_own_bureau(api_for):
    enterprise = factories.EnterpriseFactory(bureau=factories.bureau("chongqing"))
    owner = factories.enterprise_staff(enterprise, username="api-creator")
    response = api_for(owner).post(
        "/api/v1/applications/",
        {
            "product_name": "金佛山茶",
            "category": "tea",
            "origin_place": "南川",
            "description": "好茶",
            "state": "protected",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["bureau"], body["enterprise"]) == (
        "draft",
        "chongqing",
        enterprise.name,
    )


def test_creation_errors_are_400_with_field_messages(api_for):
    owner = factories.enterprise_staff(username="api-bad")
    response = api_for(owner).post("/api/v1/applications/", {"category": "nope"}, format="json")
    assert response.status_code == 400
    assert {"product_name", "origin_place", "category"} <= set(response.json())
    assert not Application.objects.exists()


def test_only_enterprises_create_cases(api_for):
    response = api_for(factories.hq(username="api-hq2")).post(
        "/api/v1/applications/",
        {"product_name": "x", "category": "tea", "origin_place": "y"},
        format="json",
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_non_enterprise_gets_403_before_its_body_is_read(api_for):
    # Found by the fuzz tests: HQ sending a bad body was told which fields were wrong (400).
    response = api_for(factories.hq(username="api-hq3")).post(
        "/api/v1/applications/", {"category": "nope"}, format="json"
    )
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


def test_the_patch_answer_carries_every_field(api_for, cases):
    # DRF leaves a field with a default out of a partial update's answer: `officer` was missing.
    case = cases["beijing"][0]
    owner = factories.enterprise_staff(case.enterprise, username="api-patcher")
    response = api_for(owner).patch(
        f"/api/v1/applications/{case.pk}/", {"description": "更新"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["officer"] is None and response.json()["agency"] is None


def test_the_schema_says_which_case_fields_may_be_null(api_for):
    schema = api_for(None).get("/api/schema/?format=json").json()["components"]["schemas"]
    assert schema["Application"]["properties"]["officer"]["nullable"] is True
    assert schema["Application"]["properties"]["agency"]["nullable"] is True
    assert schema["CaseHistory"]["properties"]["actor"]["nullable"] is True  # the system acted


def test_patch_edits_a_draft_but_never_the_state(api_for, cases):
    case = cases["beijing"][0]
    owner = factories.enterprise_staff(case.enterprise, username="api-editor")
    url = f"/api/v1/applications/{case.pk}/"
    response = api_for(owner).patch(
        url, {"product_name": "新名称", "state": "protected"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["product_name"] == "新名称"
    assert Application.objects.get(pk=case.pk).state == "draft"
    clerk = factories.bureau_staff("beijing", username="api-clerk-edit")
    assert api_for(clerk).patch(url, {"product_name": "改"}, format="json").status_code == 403
    Application.objects.filter(pk=case.pk).update(state="accepted")
    assert api_for(owner).patch(url, {"product_name": "改"}, format="json").status_code == 409
    assert Application.objects.get(pk=case.pk).product_name == "新名称"


def test_transitions_lists_what_the_caller_may_fire_now(api_for, cases):
    case = cases["beijing"][0]
    owner = factories.enterprise_staff(case.enterprise, username="api-tr")
    names = [
        t["name"] for t in api_for(owner).get(f"/api/v1/applications/{case.pk}/transitions/").json()
    ]
    assert names == ["submit", "withdraw"]
    attach_required_materials(case, by=owner)
    api_for(owner).post(f"/api/v1/applications/{case.pk}/transitions/submit/", {}, format="json")
    clerk = factories.bureau_staff("beijing", username="api-tr-clerk")
    listed = api_for(clerk).get(f"/api/v1/applications/{case.pk}/transitions/").json()
    assert [t["name"] for t in listed] == ["accept", "return", "refuse"]
    assert [t["needs_reason"] for t in listed] == [False, True, True]
    history = api_for(clerk).get(f"/api/v1/applications/{case.pk}/history/").json()
    assert [(h["transition"], h["from_state"], h["to_state"], h["actor"]) for h in history] == [
        ("submit", "draft", "submitted", "api-tr")
    ]


def test_an_unconfirmed_enterprise_cannot_submit(api_for):
    case = ApplicationFactory(enterprise__confirmed_at=None)
    attach_required_materials(case)
    owner = factories.enterprise_staff(case.enterprise, username="api-unconfirmed")
    response = api_for(owner).post(
        f"/api/v1/applications/{case.pk}/transitions/submit/", {}, format="json"
    )
    assert response.status_code == 409
    assert "确认" in response.json()["detail"]


def test_bad_bodies_are_400_and_change_nothing(api_for):
    plan = PlanFactory()
    case = ApplicationFactory()
    Application.objects.filter(pk=case.pk).update(state="approved")
    owner = factories.enterprise_staff(case.enterprise, username="api-body")
    url = f"/api/v1/applications/{case.pk}/transitions/choose_agency/"
    other_agency = factories.AgencyFactory()  # no filed plan
    assert api_for(owner).post(url, {}, format="json").status_code == 400
    assert api_for(owner).post(url, {"agency": other_agency.pk}, format="json").status_code == 400
    assert api_for(owner).post(url, {"agency": "x"}, format="json").status_code == 400
    assert Application.objects.get(pk=case.pk).state == "approved"
    assert api_for(owner).post(url, {"agency": plan.agency_id}, format="json").status_code == 200


def test_filters_search_and_overdue(api_for, cases):
    hq = factories.hq(username="api-filter")
    late = cases["hubei"][0]
    Application.objects.filter(pk=late.pk).update(
        state="submitted", due_date=timezone.localdate() - timezone.timedelta(days=1)
    )
    api = api_for(hq)
    assert ids(api.get("/api/v1/applications/?bureau=hubei")) == {c.pk for c in cases["hubei"]}
    assert ids(api.get("/api/v1/applications/?state=submitted")) == {late.pk}
    assert ids(api.get("/api/v1/applications/?overdue=true")) == {late.pk}
    assert ids(api.get(f"/api/v1/applications/?search={late.product_name}")) == {late.pk}
    assert ids(api.get("/api/v1/applications/?category=tea&ordering=-id")) >= {late.pk}
    assert api.get("/api/v1/applications/?state=nonsense").status_code == 400


@pytest.mark.parametrize(
    "query", ["overdue=maybe", "overdue=", "officer=1.5", "officer=", "state=", "officer=1e-9"]
)
def test_an_unreadable_filter_value_is_400_naming_it(api_for, query):
    # django-filter took these as "not filtered" (and 1.5 as an officer id): the fuzz tests saw
    # 200 where the schema (boolean, integer, one of the states) says the value is wrong.
    response = api_for(factories.hq(username="api-strict")).get(f"/api/v1/applications/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_one_cases_resources_do_not_document_the_list_filters(api_for):
    schema = api_for(None).get("/api/schema/?format=json").json()["paths"]
    for path in ("history", "documents", "transitions"):
        parameters = schema[f"/api/v1/applications/{{id}}/{path}/"]["get"]["parameters"]
        assert [p["name"] for p in parameters] == ["id"]
    # What a state forbids is documented where it happens.
    assert "409" in schema["/api/v1/applications/{id}/"]["patch"]["responses"]
    assert "409" in schema["/api/v1/applications/{id}/documents/"]["post"]["responses"]


def test_list_query_count_does_not_grow_with_the_number_of_cases(api_for, cases):
    hq = factories.hq(username="api-queries")
    api = api_for(hq)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/applications/?page_size=100").status_code == 200
        return len(queries)

    few = count()
    enterprise = cases["beijing"][0].enterprise
    ApplicationFactory.create_batch(30, enterprise=enterprise, bureau=enterprise.bureau)
    assert count() == few


def test_the_case_representation_written_out_equals_the_declared_fields(api_for, cases):
    """ApplicationSerializer.to_representation is written out for speed; it must give what the
    declared fields give, for a bare draft and for a case with everything set."""
    from datetime import timedelta

    from rest_framework import serializers

    from applications.models import Certificate, CertificateNumberRule
    from applications.selectors import cases_visible_to
    from applications.serializers import ApplicationSerializer

    hq = factories.hq(username="api-fast-path")
    plan = PlanFactory()
    draft, full = cases["beijing"][0], cases["beijing"][1]
    Application.objects.filter(pk=full.pk).update(
        state="suspended",
        officer=factories.bureau_staff("beijing", username="officer-fast-path"),
        agency=plan.agency,
        plan=plan,
        score="87.5",
        rectification_deadline=timezone.localdate() + timedelta(days=9),
        renewal_of=draft,
        submitted_at=timezone.now(),
    )
    Certificate.objects.create(
        application_id=full.pk,
        number="T-FAST-1",
        rule=CertificateNumberRule.objects.get(version=1),
        year=2026,
        seq=1,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=365),
        marks_issued=100,
        issued_by=hq,
    )
    for case in cases_visible_to(user=hq).filter(pk__in=[draft.pk, full.pk]):
        serializer = ApplicationSerializer(case)
        declared = serializers.ModelSerializer.to_representation(serializer, case)
        assert serializer.data == declared
        assert list(serializer.data) == list(declared)  # same keys, same order
    response = api_for(hq).get(f"/api/v1/applications/{full.pk}/")
    assert response.json()["score"] == "87.50"
    assert response.json()["certificate"]["number"] == "T-FAST-1"
