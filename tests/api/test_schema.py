"""API plumbing the fuzz tests found wanting: JSON errors everywhere under /api/, a validated page
size, and a schema that documents the errors DRF answers and what request bodies accept."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    return api_client.get("/api/schema/?format=json").json()


def test_a_path_under_api_that_matches_no_route_answers_json_404(api_client):
    response = api_client.get("/api/v1/applications/2.5e-10/")  # no route takes a dot
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    # Pages keep their HTML 404.
    page = api_client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("page_size", ["0", "-3", "1.5", "abc", "", "²"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_400_naming_it(api_client, page_size):
    response = api_client.get("/api/v1/zones/", {"page_size": page_size})
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def test_a_page_size_pages(api_client):
    response = api_client.get("/api/v1/zones/", {"page_size": "2"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2 and response.json()["next"]


def test_the_schema_states_the_page_size_range(schema):
    parameters = schema["paths"]["/api/v1/zones/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
    assert "100" in page_size["description"]  # larger sizes are capped (tests/regions/test_api.py)


def codes(schema, path, method):
    return set(schema["paths"][path][method]["responses"])


def test_every_operation_documents_the_errors_drf_answers(schema):
    # Authenticated list with filters: bad filter 400, refused token 401, no credential 403,
    # stale cursor 404.
    assert codes(schema, "/api/v1/applications/", "get") == {"200", "400", "401", "403", "404"}
    assert codes(schema, "/api/v1/applications/", "post") == {"201", "400", "401", "403", "415"}
    assert {"403", "404"} <= codes(schema, "/api/v1/applications/{id}/history/", "get")
    # Public, without authentication: never 403; rate-limited: 429.
    assert codes(schema, "/api/v1/public/complaints/", "post") == {"201", "400", "415", "429"}
    assert "403" not in codes(schema, "/api/v1/public/certificates/{number}/", "get")
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"] == {"detail": {"type": "string"}}
    body = schema["paths"]["/api/v1/zones/"]["get"]["responses"]["404"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_request_bodies_have_components_without_read_only_fields(schema):
    components = schema["components"]["schemas"]
    request = components["ApplicationRequest"]
    assert set(request["properties"]) == {"product_name", "category", "origin_place", "description"}
    assert request["properties"]["product_name"]["minLength"] == 1  # blank is refused
    body = schema["paths"]["/api/v1/applications/"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/ApplicationRequest"}


def test_the_views_own_error_descriptions_are_translated_like_the_framework_ones(api_client):
    path, method = "/api/v1/inspection-plans/{id}/verify/", "get"
    for lang, conflict, missing in [
        ("zh-hans", "种子公开后才能验证抽取结果。", "不存在或不可见"),
        ("en", "The draw can be verified only after the seed is published.", "Does not exist"),
    ]:
        schema = api_client.get("/api/schema/", {"format": "json", "lang": lang}).json()
        responses = schema["paths"][path][method]["responses"]
        assert responses["409"]["description"] == conflict
        assert responses["404"]["description"].startswith(missing)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/zones/?search=%00",  # an ignored parameter: refused all the same
        "/api/v1/applications/?search=a%00b",
        "/public/products/?q=%00",
        "/public/verify/?number=%00",
    ],
)
def test_a_nul_character_in_the_query_is_400(api_for, url):
    # PostgreSQL text cannot hold NUL: a search with one was a 500 there (found by the fuzz tests).
    from tests import factories

    response = api_for(factories.hq(username="nul-hq")).get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "url", ["/api/v1/public/complaints/AB%00CD/", "/api/v1/public/certificates/X%00/"]
)
def test_a_nul_character_in_the_path_is_404(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_eco_origins_enum_names_stay_when_other_programmes_share_their_choices(schema):
    # Zone plans share the plan states (casework.models.DrawPlan) and zone inspections have an
    # outcome of their own; clients generated from eco-origin's schema keep their names.
    components = schema["components"]["schemas"]
    plan_status = components["InspectionPlan"]["properties"]["status"]
    assert {"$ref": "#/components/schemas/InspectionPlanStatusEnum"} in plan_status.get(
        "allOf", plan_status.get("oneOf", [plan_status])
    )
    assert components["OutcomeEnum"]["enum"] == ["unfounded", "resolved", "inspection", "proposal"]


@pytest.mark.parametrize(
    ("path", "request_component", "plan_component"),
    [
        ("/api/v1/inspection-plans/", "InspectionPlanCreateRequest", "InspectionPlan"),
        ("/api/v1/zone-inspection-plans/", "ZoneInspectionPlanCreateRequest", "ZoneInspectionPlan"),
    ],
)
def test_a_new_plan_must_declare_its_lottery_draw(schema, path, request_component, plan_component):
    """Every new plan draws by protocol 2 (ADR 0009): its lottery source and draw date are
    required and never empty; a plan read back may be one made before, without them."""
    components = schema["components"]["schemas"]
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": f"#/components/schemas/{request_component}"}
    created = schema["paths"][path]["post"]["responses"]["201"]["content"]["application/json"]
    assert created["schema"] == {"$ref": f"#/components/schemas/{plan_component}"}
    request = components[request_component]
    assert {"beacon_source", "beacon_date"} <= set(request["required"])
    source = request["properties"]["beacon_source"]
    assert {"$ref": "#/components/schemas/BeaconSourceEnum"} in source.get("allOf", [source])
    assert components["BeaconSourceEnum"]["enum"] == ["ssq", "dlt"]
    assert request["properties"]["beacon_date"]["format"] == "date"
    assert not request["properties"]["beacon_date"].get("nullable")
    answered = components[plan_component]["properties"]
    assert answered["beacon_date"]["nullable"] is True
