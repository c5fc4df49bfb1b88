"""The read-only organisation directory of the REST API: GET zones/ and GET bureaus/ (SPEC §9)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Bureau, Zone, ZoneMembership

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/zones/"
BUREAUS = "/api/v1/bureaus/"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(response) -> set[str]:
    return {row["code"] for row in results(response)}


def add_organisation(n: int) -> None:
    """n more bureaus and n more zones, each zone with a lead and a member seat."""
    bureaus = Bureau.objects.bulk_create(
        Bureau(code=f"extra{i}", name=f"附加{i}", full_name=f"附加{i}出入境检验检疫局")
        for i in range(n)
    )
    zones = Zone.objects.bulk_create(
        Zone(code=f"zone{i}", name=f"附加片区{i}", kind="district") for i in range(n)
    )
    hubei = Bureau.objects.get(code="hubei")
    ZoneMembership.objects.bulk_create(
        seat
        for zone, bureau in zip(zones, bureaus, strict=True)
        for seat in (
            ZoneMembership(zone=zone, bureau=bureau, role="lead"),
            ZoneMembership(zone=zone, bureau=hubei, role="member"),
        )
    )


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [ZONES, BUREAUS])
def test_anonymous_can_read_the_lists(api_client, url):
    assert api_client.get(url).status_code == 200


@pytest.mark.parametrize("url", [ZONES, BUREAUS])
def test_a_signed_in_user_can_read_the_lists(api_for, enterprise_user, url):
    assert api_for(enterprise_user).get(url).status_code == 200


def test_zone_list_has_all_seven_zones(api_client):
    assert codes(api_client.get(ZONES)) == {
        "southwest",
        "central_west",
        "northeast",
        "southeast",
        "east",
        "jingjinji",
        "ftz",
    }


def test_bureau_list_has_all_35_bureaus(api_client):
    assert len(results(api_client.get(BUREAUS))) == 35


def test_zone_fields(api_client):
    zone = next(z for z in results(api_client.get(ZONES)) if z["code"] == "jingjinji")
    assert {"code", "name", "kind", "leads", "members"} <= set(zone)
    assert zone["name"] == "京津冀专区"
    assert zone["kind"] == "special"
    assert zone["leads"] == [{"code": "beijing", "name": "北京", "name_en": "Beijing"}]
    assert sorted(m["code"] for m in zone["members"]) == ["hebei", "tianjin"]


def test_bureau_fields(api_client):
    bureau = next(b for b in results(api_client.get(BUREAUS)) if b["code"] == "hubei")
    assert {"code", "name", "zones"} <= set(bureau)
    assert bureau["name"] == "湖北"
    assert sorted((z["code"], z["role"]) for z in bureau["zones"]) == [
        ("central_west", "member"),
        ("southwest", "member"),
    ]


def test_zone_detail_by_code_lists_both_leads(api_client):
    response = api_client.get(f"{ZONES}northeast/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "东北片区"
    assert {lead["name"] for lead in body["leads"]} == {"吉林", "黑龙江"}
    assert {m["name"] for m in body["members"]} == {"北京", "天津", "河北", "内蒙古", "辽宁"}


def test_bureau_detail_by_code_shows_its_zone_roles(api_client):
    response = api_client.get(f"{BUREAUS}beijing/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "北京"
    assert {(z["code"], z["name"], z["role"]) for z in body["zones"]} == {
        ("northeast", "东北片区", "member"),
        ("jingjinji", "京津冀专区", "lead"),
    }


@pytest.mark.parametrize("url", [f"{ZONES}nowhere/", f"{BUREAUS}nowhere/"])
def test_unknown_code_is_404(api_client, url):
    assert api_client.get(url).status_code == 404


# Writing is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [ZONES, BUREAUS])
def test_anonymous_cannot_create(api_client, url):
    assert api_client.post(url, {"code": "x", "name": "x"}, format="json").status_code in (
        403,
        405,
    )


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", [f"{ZONES}east/", f"{BUREAUS}jiangsu/"])
def test_anonymous_cannot_change_or_delete(api_client, url, method):
    response = getattr(api_client, method)(url, {"name": "改名"}, format="json")
    assert response.status_code in (403, 405)


@pytest.mark.parametrize("url", [ZONES, BUREAUS])
def test_even_hq_cannot_create_through_the_api(api_for, hq_user, url):
    response = api_for(hq_user).post(url, {"code": "x", "name": "x"}, format="json")
    assert response.status_code in (403, 405)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", [f"{ZONES}east/", f"{BUREAUS}jiangsu/"])
def test_even_hq_cannot_change_or_delete_through_the_api(api_for, hq_user, url, method):
    response = getattr(api_for(hq_user), method)(url, {"name": "改名"}, format="json")
    assert response.status_code in (403, 405)


def test_refused_writes_change_nothing(api_for, hq_user):
    client = api_for(hq_user)
    client.patch(f"{ZONES}east/", {"name": "改名"}, format="json")
    client.delete(f"{BUREAUS}jiangsu/")
    client.post(ZONES, {"code": "new", "name": "新片区", "kind": "district"}, format="json")
    assert Zone.objects.get(code="east").name == "东部片区"
    assert Bureau.objects.filter(code="jiangsu").exists()
    assert Zone.objects.count() == 7


# Filters --------------------------------------------------------------------------------------


def test_filter_bureaus_by_zone(api_client):
    assert codes(api_client.get(BUREAUS, {"zone": "east"})) == {
        "jiangsu",
        "zhejiang",
        "shanghai",
        "shandong",
        "ningbo",
        "anhui",
        "jiangxi",
    }


def test_filter_bureaus_by_zone_and_role(api_client):
    response = api_client.get(BUREAUS, {"zone": "east", "zone_role": "lead"})
    assert codes(response) == {"jiangsu", "zhejiang"}


def test_zone_and_role_are_one_condition_on_the_same_seat(api_client):
    # 北京 leads 京津冀专区 and is a member of 东北片区: it is not a lead of 东北片区.
    response = api_client.get(BUREAUS, {"zone": "northeast", "zone_role": "lead"})
    assert codes(response) == {"jilin", "heilongjiang"}


def test_filter_bureaus_by_zone_and_member_role(api_client):
    response = api_client.get(BUREAUS, {"zone": "jingjinji", "zone_role": "member"})
    assert codes(response) == {"tianjin", "hebei"}


def test_unknown_zone_gives_an_empty_list(api_client):
    response = api_client.get(BUREAUS, {"zone": "atlantis"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_unknown_zone_role_is_a_client_error_not_a_crash(api_client):
    response = api_client.get(BUREAUS, {"zone": "east", "zone_role": "boss"})
    assert response.status_code == 400


def test_an_empty_zone_role_is_400_not_ignored(api_client):
    # django-filter reads an empty choice as "no filter"; the schema allows only lead or member.
    response = api_client.get(BUREAUS, {"zone": "east", "zone_role": ""})
    assert response.status_code == 400
    assert list(response.json()) == ["zone_role"]
    # An empty free-text filter is still a value (no zone given: every bureau).
    assert api_client.get(BUREAUS, {"zone": ""}).status_code == 200


# Pagination -----------------------------------------------------------------------------------


def test_page_size_is_capped_at_100(api_client):
    add_organisation(80)  # 115 bureaus
    assert len(results(api_client.get(BUREAUS, {"page_size": 1000}))) == 100


def test_cursor_pagination_has_a_next_link_and_no_count(api_client):
    body = api_client.get(BUREAUS, {"page_size": 10}).json()
    assert "count" not in body
    assert len(body["results"]) == 10
    assert body["next"]
    assert "cursor" in parse_qs(urlparse(body["next"]).query)


def test_following_next_links_walks_every_bureau_once(api_client):
    seen, url = [], f"{BUREAUS}?page_size=10"
    while url:
        body = api_client.get(url).json()
        seen += [row["code"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == 35
    assert set(seen) == set(Bureau.objects.values_list("code", flat=True))


def test_last_page_has_no_next_link(api_client):
    assert api_client.get(ZONES).json()["next"] is None


# Query count ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [ZONES, BUREAUS])
def test_list_query_count_does_not_grow_with_rows(api_client, url):
    shipped = query_count(api_client, url)
    add_organisation(20)
    assert len(results(api_client.get(url))) > (7 if url == ZONES else 35)
    assert query_count(api_client, url) == shipped


def test_list_takes_at_most_two_queries(api_client):
    assert query_count(api_client, ZONES) <= 2
    assert query_count(api_client, BUREAUS) <= 2


def test_filtered_list_query_count_does_not_grow_with_rows(api_client):
    url = f"{BUREAUS}?zone=southwest"
    shipped = query_count(api_client, url)
    add_organisation(20)  # every extra zone seats 湖北 as a member, not in southwest
    assert query_count(api_client, url) == shipped
