"""Reports read a real streaming replica of the test PostgreSQL (ecoorigin/routers.py).

They run when the test database is PostgreSQL and DATABASE_REPLICA_URL names a standby of it,
as in .ci/run:

    bin/pg-replica start   # a hot standby of 127.0.0.1:5432 on 127.0.0.1:5433
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoorigin \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 \\
    DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/ecoorigin \\
      .venv/bin/python -m pytest tests/integration/test_replica.py

The standby copies the whole cluster, the test database pytest-django creates on the primary
included: the replica alias is a test mirror, which keeps the standby's address and takes the
test database's name. Rows reach the standby only once committed (transaction=True), a moment
later: each test waits for its rows there before it asks for a page.

serialized_rollback=True: the organisation data is restored for the tests that run after these.
"""

import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connections
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts.models import Job
from accounts.services import job_run
from ecoorigin.routers import PRIMARY, REPLICA, replica_scope
from regions import services
from regions.models import Bureau, Ranking
from tests.applications.test_public import make_protected


def _missing() -> str:
    reasons = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        reasons.append("the database is not PostgreSQL (set DATABASE_URL=postgres://...)")
    if REPLICA not in settings.DATABASES:
        reasons.append(
            "no replica (bin/pg-replica start, then set "
            "DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/ecoorigin)"
        )
    return "; ".join(reasons)


pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(_missing()), reason=f"the read-replica tests need {_missing()}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=[PRIMARY, REPLICA]),
]

YEAR = 2025
REPLICATION_TIMEOUT = 10


@pytest.fixture(autouse=True)
def _router(_fast_and_isolated, settings):
    """The router as DATABASE_REPLICA_URL installs it (tests/conftest.py takes it out for the
    tests whose data is never committed)."""
    settings.DATABASE_ROUTERS = ["ecoorigin.routers.ReplicaRouter"]


def replicated(check, what: str) -> None:
    """Wait until the standby shows what the primary committed."""
    deadline = time.monotonic() + REPLICATION_TIMEOUT
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"the replica did not show {what} within {REPLICATION_TIMEOUT} s")
        time.sleep(0.05)


def sql(captured) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


@pytest.fixture
def bureaus_replicated():
    """The 35 bureaus, which serialized_rollback has just written again on the primary, on the
    replica too."""
    replicated(lambda: Bureau.objects.using(REPLICA).count() == 35, "the 35 bureaus")


@pytest.fixture
def ranked_year(hq_user):
    """A ranking computed and committed on the primary, and streamed to the replica."""
    services.ranking_compute(year=YEAR)
    replicated(
        lambda: Ranking.objects.using(REPLICA).filter(year=YEAR, entries__isnull=False).exists(),
        f"the ranking of {YEAR}",
    )


def test_the_replica_alias_is_a_standby_holding_the_test_database():
    replica = connections[REPLICA]
    address = urlsplit(settings.DATABASE_REPLICA_URL)
    assert (replica.settings_dict["HOST"], int(replica.settings_dict["PORT"])) == (
        address.hostname,
        address.port,
    )
    assert replica.settings_dict["NAME"] == connections[PRIMARY].settings_dict["NAME"]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('port')")
        assert cursor.fetchone() == (True, str(address.port))
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (False,)


def test_the_rankings_page_and_api_read_the_replica(ranked_year, client_for, hq_user):
    client = client_for(hq_user)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        page = client.get(f"/regions/rankings/?year={YEAR}")
        api = client.get(f"/api/v1/rankings/?year={YEAR}")
    assert page.status_code == 200 and api.status_code == 200
    assert len(page.context["bureau_rows"]) == len(api.json()) == 35
    assert "regions_rankingentry" in sql(on_replica)
    assert "regions_rankingentry" not in sql(on_primary)
    # Who is asking, from the primary.
    assert "django_session" in sql(on_primary) and "django_session" not in sql(on_replica)


def test_the_dashboard_reads_the_replica(ranked_year, client_for, hq_user):
    client = client_for(hq_user)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(f"/regions/dashboard/?year={YEAR}")
        drill_down = client.get(f"/regions/dashboard/bureaus/beijing/?year={YEAR}")
    assert response.status_code == drill_down.status_code == 200
    assert len(response.context["bureau_rows"]) == 35
    assert "regions_rankingentry" in sql(on_replica)


def test_a_public_list_reads_the_replica(client, hq_user):
    case = make_protected(hq_user, product_name="副本里的生态茶叶")
    replicated(
        lambda: case.__class__.objects.using(REPLICA).filter(pk=case.pk).exists(),
        "the protected product",
    )
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        response = client.get("/public/products/")
    assert [row.pk for row in response.context["page"]["rows"]] == [case.pk]
    assert "applications_application" in sql(on_replica)
    assert "applications_application" not in sql(on_primary)


def test_an_export_job_reads_the_replica_and_records_on_the_primary(hq_user, bureaus_replicated):
    job = Job.objects.create(owner=hq_user, kind="regions.directory_export")
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert "regions_bureau" in sql(on_replica)
    assert "regions_bureau" not in sql(on_primary)
    assert "accounts_job" in sql(on_primary) and "accounts_job" not in sql(on_replica)


def test_after_a_write_the_scope_reads_the_primary(bureaus_replicated):
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
        replica_scope(),
    ):
        assert Bureau.objects.filter(code="beijing").exists()
        assert len(on_replica) == 1 and len(on_primary) == 0
        Bureau.objects.filter(code="beijing").update(name=F("name"))
        assert Bureau.objects.filter(code="beijing").exists()
    assert len(on_replica) == 1  # the read after the write went to the primary
    assert len(on_primary) == 2
    assert on_primary.captured_queries[0]["sql"].startswith("UPDATE")
