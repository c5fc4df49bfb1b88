"""The read replica's router (ecoorigin.routers): where a read goes, in and out of a replica scope,
and which pages, API views and jobs read in one. The tests against a real streaming replica are
tests/integration/test_replica.py."""

import pytest
from django.conf import settings

from accounts.models import Job, User
from accounts.services import job_run
from casework import todo
from ecoorigin import routers
from ecoorigin.routers import (
    PRIMARY,
    REPLICA,
    ReplicaRouter,
    on_primary,
    reads_from_replica,
    replica_scope,
)
from regions.models import Bureau, Zone

YEAR = 2025


@pytest.fixture
def with_replica(monkeypatch):
    """As if DATABASE_REPLICA_URL were set (the router reads settings.DATABASES)."""
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


@pytest.fixture
def router(with_replica):
    return ReplicaRouter()


def test_a_read_outside_a_scope_goes_to_the_primary(router):
    assert router.db_for_read(Bureau) == PRIMARY


def test_a_read_in_a_scope_goes_to_the_replica(router):
    with replica_scope():
        assert router.db_for_read(Bureau) == REPLICA
        assert router.db_for_read(Zone) == REPLICA
    assert router.db_for_read(Bureau) == PRIMARY


def test_after_a_write_the_scope_reads_the_primary(router):
    with replica_scope():
        assert router.db_for_write(Bureau) == PRIMARY
        # Read-after-write: any model, not only the one written.
        assert router.db_for_read(Bureau) == PRIMARY
        assert router.db_for_read(Zone) == PRIMARY
    with replica_scope():  # a new scope has not written
        assert router.db_for_read(Bureau) == REPLICA


def test_an_inner_scope_remembers_the_outer_one_wrote(router):
    with replica_scope():
        router.db_for_write(Bureau)
        with replica_scope():
            assert router.db_for_read(Bureau) == PRIMARY


def test_who_is_asking_is_always_read_from_the_primary(router):
    with replica_scope():
        assert router.db_for_read(User) == PRIMARY
        assert router.db_for_read(Job) == PRIMARY
        # A job's progress is written meanwhile: the export's reads stay on the replica.
        router.db_for_write(Job)
        assert router.db_for_read(Bureau) == REPLICA


def test_on_primary_pauses_the_scope(router):
    with replica_scope():
        with on_primary():
            assert router.db_for_read(Bureau) == PRIMARY
        assert router.db_for_read(Bureau) == REPLICA


def test_without_a_replica_every_read_goes_to_the_primary(monkeypatch):
    # As without DATABASE_REPLICA_URL, whether or not this run has one.
    monkeypatch.delitem(settings.DATABASES, REPLICA, raising=False)
    with replica_scope():
        assert ReplicaRouter().db_for_read(Bureau) == PRIMARY


def test_the_decorator_scopes_the_call_only_even_when_it_fails(router):
    @reads_from_replica
    def report():
        assert router.db_for_read(Bureau) == REPLICA
        raise RuntimeError

    with pytest.raises(RuntimeError):
        report()
    assert router.db_for_read(Bureau) == PRIMARY


def test_migrations_run_on_the_primary_only(router):
    assert router.allow_migrate(PRIMARY, "regions") is True
    assert router.allow_migrate(REPLICA, "regions") is False


@pytest.mark.django_db
def test_rows_of_the_primary_and_the_replica_may_relate(router):
    zone, bureau = Zone.objects.first(), Bureau.objects.first()
    bureau._state.db = REPLICA
    assert router.allow_relation(zone, bureau) is True
    bureau._state.db = "elsewhere"
    assert router.allow_relation(zone, bureau) is None


class RecordingRouter(ReplicaRouter):
    """The router with a replica configured, noting where each read would go, while every query
    still runs on the test's one database."""

    def __init__(self):
        self.answers: list[tuple[str, str]] = []

    def db_for_read(self, model, **hints):
        self.answers.append((model._meta.label, super().db_for_read(model, **hints)))
        return PRIMARY


@pytest.fixture
def reads(settings, with_replica) -> RecordingRouter:
    """Every read's (model, where the router sends it) during the test, through Django's own
    router (querysets, related objects, DRF)."""
    recorder = RecordingRouter()
    settings.DATABASE_ROUTERS = [recorder]
    return recorder


def test_querysets_follow_the_scope(settings, router):
    settings.DATABASE_ROUTERS = [router]
    with replica_scope():
        assert Bureau.objects.all().db == REPLICA
        # select_for_update is a write's read: the primary, and from then on the primary.
        assert Bureau.objects.select_for_update().db == PRIMARY
        assert Bureau.objects.all().db == PRIMARY


def test_the_worklist_counts_in_a_report_page_are_read_from_the_primary(reads, hq_user):
    with replica_scope():
        todo.counts_for(hq_user, fresh=True)
    assert reads.answers and {where for _model, where in reads.answers} == {PRIMARY}


STAFF_REPORTS = [
    "/regions/dashboard/",
    "/regions/dashboard/zones/jingjinji/",
    "/regions/dashboard/bureaus/beijing/",
    f"/regions/rankings/?year={YEAR}",
    f"/api/v1/rankings/?year={YEAR}",
    f"/api/v1/rankings/?year={YEAR}&scope=zone",
]
PUBLIC_LISTS = [
    "/public/products/",
    "/public/revocations/",
    "/public/inspections/",
    "/public/notices/",
    "/public/demonstration-zones/",
    "/public/demonstration-zones/inspections/",
    "/public/pilot-zones/",
    "/public/pilot-zones/commendations/",
    "/public/pilot-zones/practices/",
    "/api/v1/public/demonstration-zones/",
    "/api/v1/public/pilot-zones/",
    "/api/v1/public/pilot-practices/",
    "/api/v1/public/pilot-commendations/",
    "/api/v1/public/notices/",
]


def replica_reads(reads: RecordingRouter) -> set[str]:
    return {model for model, where in reads.answers if where == REPLICA}


@pytest.mark.parametrize("url", STAFF_REPORTS)
def test_hq_reports_read_the_replica(reads, client_for, hq_user, url):
    assert client_for(hq_user).get(url).status_code == 200
    assert replica_reads(reads)
    # The user and the session are read from the primary, before and inside the scope.
    assert not replica_reads(reads) & {"accounts.User", "sessions.Session"}


@pytest.mark.parametrize("url", PUBLIC_LISTS)
def test_public_lists_read_the_replica(reads, client, db, url):
    assert client.get(url).status_code == 200
    assert replica_reads(reads)


@pytest.mark.parametrize("url", ["/public/verify/EO-NO-SUCH/", "/cases/", "/regions/summaries/"])
def test_verification_and_worklists_read_the_primary(reads, client_for, hq_user, url):
    assert client_for(hq_user).get(url).status_code in (200, 404)
    assert reads.answers and not replica_reads(reads)


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("regions.directory_export", {}),
        ("regions.table_export", {"table": "figures", "year": YEAR, "format": "csv"}),
    ],
)
def test_exports_read_the_replica(reads, hq_user, kind, params):
    job = Job.objects.create(owner=hq_user, kind=kind, params=params)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert replica_reads(reads)
    assert "accounts.Job" not in replica_reads(reads)
