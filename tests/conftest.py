"""Shared fixtures: named personas (one per role) and fast, isolated defaults."""

import pytest
import time_machine
from celery.result import allow_join_result
from django.core.cache import cache, caches
from django.utils import timezone
from rest_framework.test import APIClient

from ecoorigin.celery import app as celery_app

from . import factories

PASSWORD = "pw-for-tests-2026"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Reports read a replica (DATABASE_REPLICA_URL) only in the tests written for it: elsewhere
    # a test's data lives in its uncommitted transaction on the primary.
    settings.DATABASE_ROUTERS = []
    # Only integration tests talk to a real worker; everything else runs tasks in-process.
    eager = request.node.get_closest_marker("integration") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _results_joinable():
    """Celery's "inside a task" flag, which refuses `result.get()`, is one global of the process.
    An eager task sets it and puts back what it found; two threads' eager tasks at once (the race
    tests) can put back each other's value and leave it set, and every later test of this worker
    process that waits for a real worker's result was refused. Each test starts with it clear,
    and leaves it clear."""
    with allow_join_result():
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit windows live in the cache (per process): no test spends another's budget; and
    no test reads a part of a page another test rendered."""
    cache.clear()
    caches["fragments"].clear()


# Personas: who they are matters more than how they were made.
@pytest.fixture
def hq_user(db):
    """总局 officer: sees everything."""
    return factories.hq(username="hq-officer", first_name="总局审核员")


@pytest.fixture
def lead_bureau_user(db):
    """重庆局 clerk: its bureau leads 西南片区."""
    return factories.bureau_staff("chongqing", username="clerk-chongqing")


@pytest.fixture
def bureau_user(db):
    """湖北局 clerk: a member of 西南片区 and 中西片区, leads none."""
    return factories.bureau_staff("hubei", username="clerk-hubei")


@pytest.fixture
def enterprise_user(db):
    """Staff of an applying enterprise under 北京局."""
    return factories.enterprise_staff(username="ent-staff")


@pytest.fixture
def agency_user(db):
    """An evaluation agency's evaluator."""
    return factories.agency_staff(username="evaluator")


@pytest.fixture
def inspector_user(db):
    """An inspector of 江苏局 in the double-random pool."""
    return factories.inspector("jiangsu", username="inspector-js")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_for(client):
    """client_for(user) → the Django test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for(api_client):
    """api_for(user) → a DRF client authenticated as that user (None: anonymous)."""

    def authenticate(user):
        api_client.force_authenticate(user)
        return api_client

    return authenticate


@pytest.fixture
def one_rate_window():
    """The clock held still, so that a test filling a rate limit's fixed window
    (ecoorigin/ratelimit.py) sees no new window open between its requests: on a loaded machine a
    minute boundary once fell between two of them and the limit reset."""
    with time_machine.travel(timezone.now(), tick=False):
        yield
