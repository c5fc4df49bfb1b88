"""Rankings are HQ's to publish (issue 14 point 3; seed 000 §19 "总局……对各直属局……进行排名";
ADR 0015): before HQ's 通报 a bureau sees its own score, rank and breakdown and the zones'
aggregates; afterwards the full table of 35. HQ always sees everything. The same scoping on the
page, the API and the exports; only HQ publishes, once; a published year is never recomputed."""

import csv

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry, Job
from accounts.services import job_run
from ecoorigin.exceptions import Conflict, NotPermitted
from regions import services, tasks
from regions.models import Ranking, RankingEntry
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
RANKINGS = "/api/v1/rankings/"
PUBLISH = "/api/v1/rankings/publish/"
PAGE = f"/regions/rankings/?year={YEAR}"
ALL_ZONES = 7  # 5 片区 and 2 专区


@pytest.fixture
def ranking():
    return services.ranking_compute(year=YEAR)


def publish(ranking):
    return services.ranking_publish(ranking=ranking, actor=factories.hq(username="hq-publisher"))


def api_codes(client, scope="bureau") -> list[str]:
    response = client.get(RANKINGS, {"year": YEAR, "scope": scope})
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()]


def page_codes(client) -> tuple[list[str], list[str], str]:
    response = client.get(PAGE)
    assert response.status_code == 200
    bureaus = [row["entry"].bureau.code for row in response.context["bureau_rows"]]
    zones = [row["entry"].zone.code for row in response.context["zone_rows"]]
    return bureaus, zones, response.content.decode()


def export_rows(user, table: str) -> list[list[str]]:
    job = Job.objects.create(
        owner=user,
        kind="regions.table_export",
        params={"table": table, "year": YEAR, "format": "csv"},
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    with open(job.result_file.path, encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))[1:]


# ---------------------------------------------------------------- visibility before and after


@pytest.mark.parametrize("who, own", [("bureau_user", "hubei"), ("lead_bureau_user", "chongqing")])
def test_before_publication_a_bureau_sees_its_own_entry_and_the_zones_aggregates(
    request, ranking, api_for, client_for, who, own
):
    """A zone lead is a bureau here: leading 西南片区 shows it no member's score early."""
    user = request.getfixturevalue(who)

    rows = api_for(user).get(RANKINGS, {"year": YEAR}).json()
    assert [row["code"] for row in rows] == [own]
    entry = RankingEntry.objects.get(ranking=ranking, bureau__code=own)
    assert rows[0]["rank"] == entry.rank and rows[0]["breakdown"] == entry.breakdown
    assert rows[0]["breakdown"] and rows[0]["published"] is False
    zones = api_for(user).get(RANKINGS, {"year": YEAR, "scope": "zone"}).json()
    assert len(zones) == ALL_ZONES
    assert all(row["breakdown"] == [] and "score" in row for row in zones)  # no member scores

    bureaus, zone_codes, text = page_codes(client_for(user))
    assert bureaus == [own] and len(zone_codes) == ALL_ZONES
    assert "尚未通报" in text and "通报排名" not in text

    assert [row[2] for row in export_rows(user, "rankings_bureau")] == [own]
    zone_rows = export_rows(user, "rankings_zone")
    assert len(zone_rows) == ALL_ZONES and {row[5] for row in zone_rows} == {""}


@pytest.mark.parametrize("who", ["bureau_user", "lead_bureau_user"])
def test_after_publication_a_bureau_sees_the_full_table(request, ranking, api_for, client_for, who):
    publish(ranking)
    user = request.getfixturevalue(who)

    rows = api_for(user).get(RANKINGS, {"year": YEAR}).json()
    assert len(rows) == 35 and {row["published"] for row in rows} == {True}
    zones = api_for(user).get(RANKINGS, {"year": YEAR, "scope": "zone"}).json()
    assert all(row["breakdown"] for row in zones)  # the members' scores, now published

    bureaus, zone_codes, text = page_codes(client_for(user))
    assert len(bureaus) == 35 and len(zone_codes) == ALL_ZONES
    assert "尚未通报" not in text and "已通报" in text

    assert len(export_rows(user, "rankings_bureau")) == 35
    assert all(row[5] for row in export_rows(user, "rankings_zone"))


@pytest.mark.parametrize("published", [False, True])
def test_hq_always_sees_everything(ranking, api_for, client_for, hq_user, published):
    if published:
        publish(ranking)
    assert len(api_codes(api_for(hq_user))) == 35
    bureaus, zones, text = page_codes(client_for(hq_user))
    assert len(bureaus) == 35 and len(zones) == ALL_ZONES
    assert ("通报排名" in text) is not published  # the button until it is published
    assert len(export_rows(hq_user, "rankings_bureau")) == 35
    assert all(row[5] for row in export_rows(hq_user, "rankings_zone"))


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("who", ["enterprise_user", "agency_user", "inspector_user"])
def test_enterprises_agencies_and_inspectors_see_no_ranking(
    request, ranking, api_for, client_for, who, published
):
    if published:
        publish(ranking)
    user = request.getfixturevalue(who)
    assert api_for(user).get(RANKINGS, {"year": YEAR}).status_code == 403
    assert client_for(user).get(PAGE).status_code == 403
    job = Job.objects.create(
        owner=user,
        kind="regions.table_export",
        params={"table": "rankings_bureau", "year": YEAR, "format": "csv"},
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.result_file


@pytest.mark.parametrize("published", [False, True])
def test_anonymous_callers_see_no_ranking(ranking, api_client, client, published):
    if published:
        publish(ranking)
    assert api_client.get(RANKINGS, {"year": YEAR}).status_code in (401, 403)
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_scoped_api_costs_the_same_before_and_after(
    ranking, api_for, bureau_user, django_assert_max_num_queries
):
    client = api_for(bureau_user)
    client.get(RANKINGS, {"year": YEAR})  # session, user
    with django_assert_max_num_queries(6):
        assert len(api_codes(client)) == 1
    publish(ranking)
    with django_assert_max_num_queries(6):
        assert len(api_codes(client)) == 35


@pytest.mark.parametrize("who", ["hq_user", "bureau_user"])
def test_the_page_reads_the_years_ranking_once_for_both_tables(request, ranking, client_for, who):
    client = client_for(request.getfixturevalue(who))
    client.get(PAGE)  # session, user
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    rankings = [q for q in captured if q["sql"].startswith('SELECT "regions_ranking"."id"')]
    assert len(rankings) == 1, [q["sql"] for q in rankings]


@pytest.mark.parametrize("who", ["hq_user", "bureau_user"])
def test_the_page_reads_no_breakdown_once_its_tables_are_kept(request, ranking, client_for, who):
    """得分构成 is shown as tables rendered once per entry and language: the entries of a page
    come without their ~30 indicators, read only for the tables not kept yet."""
    client = client_for(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as first:
        page = client.get(PAGE).content.decode()
    assert any('"breakdown"' in q["sql"] for q in first)  # the tables, rendered and kept
    assert "<details><summary>查看</summary>" in page
    with CaptureQueriesContext(connection) as captured:
        again = client.get(PAGE).content.decode()
    assert not any('"breakdown"' in q["sql"] for q in captured)
    assert again.count("<details><summary>查看</summary>") == page.count(
        "<details><summary>查看</summary>"
    )


def test_hqs_rows_link_each_bureaus_and_zones_dashboard(ranking, client_for, hq_user):
    page = client_for(hq_user).get(PAGE).content.decode()
    assert f'href="/regions/dashboard/bureaus/hubei/?year={YEAR}"' in page
    zone = ranking.entries.filter(zone__isnull=False).select_related("zone").first().zone
    assert f'href="/regions/dashboard/zones/{zone.code}/?year={YEAR}"' in page


# ---------------------------------------------------------------- who publishes, once


def test_hq_publishes_once_with_an_audit_entry(ranking, hq_user):
    published = services.ranking_publish(ranking=ranking, actor=hq_user)
    assert published.published_at is not None and published.published_by == hq_user
    entry = AuditEntry.objects.get(object_type="regions.ranking", object_id=str(ranking.pk))
    assert entry.actor == hq_user and entry.changes["year"] == YEAR
    with pytest.raises(Conflict):
        services.ranking_publish(ranking=ranking, actor=hq_user)
    assert AuditEntry.objects.filter(object_type="regions.ranking").count() == 1
    assert Ranking.objects.get().published_at == published.published_at


@pytest.mark.parametrize(
    "who", ["bureau_user", "lead_bureau_user", "enterprise_user", "agency_user", "inspector_user"]
)
def test_nobody_but_hq_publishes(request, ranking, api_for, client_for, who):
    user = request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        services.ranking_publish(ranking=ranking, actor=user)
    assert api_for(user).post(PUBLISH, {"year": YEAR}).status_code == 403
    response = client_for(user).post("/regions/rankings/publish/", {"year": YEAR, "confirm": "yes"})
    assert response.status_code == 403
    assert Ranking.objects.get().published_at is None
    assert not AuditEntry.objects.filter(object_type="regions.ranking").exists()


def test_anonymous_callers_cannot_publish(ranking, api_client, client):
    assert api_client.post(PUBLISH, {"year": YEAR}).status_code in (401, 403)
    assert (
        client.post("/regions/rankings/publish/", {"year": YEAR, "confirm": "yes"}).status_code
        == 302
    )
    assert Ranking.objects.get().published_at is None


def test_hq_publishes_through_the_api_once(ranking, api_for, hq_user):
    client = api_for(hq_user)
    response = client.post(PUBLISH, {"year": YEAR})
    assert response.status_code == 200, response.content
    assert response.json()["year"] == YEAR and response.json()["published_by"] == hq_user.username
    assert client.post(PUBLISH, {"year": YEAR}).status_code == 409
    assert client.post(PUBLISH, {"year": YEAR - 1}).status_code == 404  # not ranked
    assert client.post(PUBLISH, {"year": "abc"}).status_code == 400


def test_hq_publishes_on_the_page_after_confirming(ranking, client_for, hq_user):
    client = client_for(hq_user)
    unconfirmed = client.post("/regions/rankings/publish/", {"year": YEAR})
    assert unconfirmed.status_code == 400 and "请勾选确认后再通报" in unconfirmed.content.decode()
    assert Ranking.objects.get().published_at is None

    response = client.post("/regions/rankings/publish/", {"year": YEAR, "confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert Ranking.objects.get().published_by == hq_user

    again = client.post("/regions/rankings/publish/", {"year": YEAR, "confirm": "yes"})
    assert again.status_code == 409 and "已通报" in again.content.decode()
    assert (
        client.post("/regions/rankings/publish/", {"year": YEAR - 1, "confirm": "yes"}).status_code
        == 404
    )


# ---------------------------------------------------------------- a published year is final


def test_a_published_year_is_not_recomputed(ranking, hq_user, client_for):
    publish(ranking)
    scores = dict(RankingEntry.objects.values_list("pk", "score"))
    with pytest.raises(Conflict):
        services.ranking_compute(year=YEAR)

    response = client_for(hq_user).post("/regions/rankings/recompute/", {"year": YEAR})
    assert response.status_code == 409 and "不能重新计算" in response.content.decode()
    # The yearly close and a recomputation queued before publication leave the table alone.
    tasks.close_summary_round(YEAR)
    assert tasks.compute_ranking(YEAR) == YEAR
    assert dict(RankingEntry.objects.values_list("pk", "score")) == scores
    assert Ranking.objects.get().published_at is not None


def test_an_unpublished_year_is_still_recomputed(ranking):
    first = set(RankingEntry.objects.values_list("pk", flat=True))
    services.ranking_compute(year=YEAR)
    assert set(RankingEntry.objects.values_list("pk", flat=True)).isdisjoint(first)


def test_publication_refreshes_hqs_dashboard(ranking, client_for, hq_user):
    client = client_for(hq_user)
    dashboard = f"/regions/dashboard/?year={YEAR}"
    assert client.get(dashboard).context["ranking"]["published_at"] is None  # now cached
    publish(ranking)
    assert client.get(dashboard).context["ranking"]["published_at"] is not None
