"""The health endpoint, the OpenAPI schema and its offline docs UI."""

import json
import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders

API_PATHS = ("/api/v1/zones/", "/api/v1/bureaus/", "/api/v1/auth/token/")


def check_results(body: dict) -> dict[str, str]:
    """{"Database": "OK", "Cache": "OK", ...}: the report's keys are reprs such as
    "Database(alias='default')"; keep the class name."""
    return {key.split("(", 1)[0]: value for key, value in body.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "headers"),
    [("?format=json", {}), ("", {"Accept": "application/json"})],
    ids=["format-json", "accept-json"],
)
def test_health_reports_database_and_cache(client, query, headers):
    response = client.get(f"/health/{query}", headers=headers)
    assert response["Content-Type"].startswith("application/json")
    results = check_results(response.json())
    assert results["Database"] == "OK"
    assert results["Cache"] == "OK"
    if settings.CELERY_BROKER_URL:
        # Whether a worker answers is the integration tests' business (tests/integration).
        assert "Ping" in results
    else:
        # The embedded default: no broker, tasks run eagerly, nothing to ping.
        assert response.status_code == 200
        assert set(results) == {"Database", "Cache"}


@pytest.mark.django_db
def test_health_is_never_cached(client):
    response = client.get("/health/?format=json")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_page_renders_for_a_browser(client):
    healthy = client.get("/health/?format=json").status_code == 200
    response = client.get("/health/", headers={"Accept": "text/html"})
    # 200 when every check passes (500 names the failing one, e.g. Celery with no worker).
    assert response.status_code == (200 if healthy else 500)
    assert response["Content-Type"].startswith("text/html")
    assert "Database" in response.content.decode()


def test_schema_is_openapi_3_yaml_with_the_api_paths(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "openapi" in response["Content-Type"]
    schema = yaml.safe_load(response.content.decode())
    assert str(schema["openapi"]).startswith("3.")
    assert schema["info"]["title"]
    for path in API_PATHS:
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/v1/auth/token/"]
    assert "get" in schema["paths"]["/api/v1/zones/"]


def test_schema_is_also_served_as_json(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert str(schema["openapi"]).startswith("3.")
    assert set(API_PATHS) <= set(schema["paths"])


def test_docs_ui_works_offline(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), "CDN URL"
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    scripts = [a for a in assets if a.endswith(".js")]
    styles = [a for a in assets if a.endswith(".css")]
    assert any("swagger-ui" in a for a in scripts)
    assert any("swagger-ui" in a for a in styles)
    for asset in scripts + styles:
        assert asset.startswith(settings.STATIC_URL), asset
        # Served from this machine: the file is among the static files collectstatic gathers.
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
    # The start-up script comes from the page's own address (no inline script under the CSP).
    assert '<script src="/api/docs/?script="></script>' in html
    assert "/api/schema/" in client.get("/api/docs/?script=").content.decode()
