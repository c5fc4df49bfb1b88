"""The name search: `?q=` of the worklist and of the public product list, `?search=` of the case
API. Product or enterprise name, ignoring case, newest case first; the same rows whichever way
selectors.cases_named finds the enterprises; the trigram indexes of migration 0007."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from applications import selectors
from applications.models import Application, Certificate, CertificateNumberRule
from tests import factories

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(hq_user):
    """Five cases of three enterprises; `origin` is named 神农架 only by its place of origin."""
    shennongjia = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), name="神农架蜂业有限公司", confirmed_at=timezone.now()
    )
    xishan = factories.EnterpriseFactory(
        bureau=factories.bureau("beijing"), name="北京西山茶业有限公司", confirmed_at=timezone.now()
    )

    growers = factories.EnterpriseFactory(name="房县香菇合作社", confirmed_at=timezone.now())

    def case(key, enterprise, product_name, state, **fields):
        made = ApplicationFactory(enterprise=enterprise, product_name=product_name, **fields)
        Application.objects.filter(pk=made.pk).update(state=state)
        if state == "protected":
            Certificate.objects.create(
                application_id=made.pk,
                number=f"T-{made.pk}",
                rule=CertificateNumberRule.objects.get(version=1),
                year=2026,
                seq=made.pk,
                valid_from=timezone.localdate(),
                valid_until=timezone.localdate() + timedelta(days=365),
                marks_issued=10,
                issued_by=hq_user,
            )
        return key, made.pk

    return dict(
        [
            case("honey", shennongjia, "神农架蜂蜜", "protected"),
            case("jelly", shennongjia, "蜂王浆", "submitted"),
            case("tea", xishan, "西山Green Tea", "protected"),
            # Shared for 一对一指导: staff see no enterprise's private draft (test_guidance_share).
            case("white", xishan, "西山白茶", "draft", shared_for_guidance=True),
            case("origin", growers, "香菇", "protected", origin_place="神农架林区"),
        ]
    )


SEARCHES = [
    ("神农架", ["jelly", "honey"]),  # by enterprise name (both), by product name (honey)
    ("蜂王浆", ["jelly"]),
    ("西山茶业", ["white", "tea"]),
    ("green TEA", ["tea"]),
    ("蜂业", ["jelly", "honey"]),  # two characters: no trigram
    ("西山", ["white", "tea"]),
    ("%%%", []),  # LIKE's wildcards are searched for, not obeyed
    ("_", []),
    ("茅台酒", []),
]


def newest_first(named, keys):
    return sorted((named[key] for key in keys), reverse=True)


@pytest.mark.parametrize("query,keys", SEARCHES)
@pytest.mark.parametrize("listed_first", [1000, 0], ids=["by-enterprise-id", "joined"])
def test_the_search_finds_product_and_enterprise_names_newest_first(
    named, hq_user, monkeypatch, query, keys, listed_first
):
    # 0: every query names "too many" enterprises and keeps the join; the rows are the same.
    monkeypatch.setattr(selectors, "NAMED_ENTERPRISES", listed_first)
    found = selectors.worklist(user=hq_user, query=query).values_list("pk", flat=True)
    assert list(found) == newest_first(named, keys)


def test_the_worklist_page_searches_within_the_clerks_scope(named, client_for, bureau_user):
    client = client_for(bureau_user)  # 湖北

    def listed(query):
        response = client.get("/cases/", {"q": query})
        assert response.status_code == 200
        return [case.pk for case in response.context["page"]["rows"]]

    assert listed("神农架蜂业") == newest_first(named, ["jelly", "honey"])
    assert listed("西山茶业") == []


def test_the_public_product_list_searches_protected_products(named, client):
    def listed(query, **filters):
        response = client.get("/public/products/", {"q": query, **filters})
        assert response.status_code == 200
        return [case.pk for case in response.context["page"]["rows"]]

    assert listed("神农架") == [named["honey"]]
    assert listed("神农架蜂业") == [named["honey"]]
    assert listed("西山茶业") == [named["tea"]]
    assert listed("GREEN tea") == [named["tea"]]
    assert listed("西山", bureau="hubei") == []


def test_the_api_search_is_the_worklist_search_for_every_term(named, api_for, hq_user):
    api = api_for(hq_user)

    def listed(search):
        response = api.get("/api/v1/applications/", {"search": search})
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    # The place of origin is not searched (an unindexed arm of the OR): `origin` is not found.
    assert listed("神农架") == newest_first(named, ["jelly", "honey"])
    assert listed("西山茶业") == newest_first(named, ["white", "tea"])
    assert listed("神农架 蜂王") == [named["jelly"]]  # every term
    assert listed('"Green Tea"') == [named["tea"]]  # a quoted phrase is one term
    assert listed("green tea") == [named["tea"]]
    assert listed("") == newest_first(named, named)


def test_the_api_search_keeps_the_browsable_search_box(named, client_for, hq_user):
    response = client_for(hq_user).get(
        "/api/v1/applications/", {"search": "西山"}, HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 200
    assert 'name="search"' in response.content.decode()


def test_the_name_columns_have_trigram_indexes_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's (run with DATABASE_URL=postgres://…)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexname IN "
            "('case_product_name_trgm', 'enterprise_name_trgm') ORDER BY tablename"
        )
        indexes = cursor.fetchall()
    assert [table for table, _ in indexes] == [
        "applications_application",
        "applications_enterprise",
    ]
    for _, definition in indexes:
        assert "USING gin (upper(" in definition and "gin_trgm_ops" in definition


def test_the_trigram_migration_leaves_other_databases_alone():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite (the default settings) has no pg_trgm")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm'")
        assert cursor.fetchall() == []
