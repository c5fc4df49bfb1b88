"""Two reviews of one rectification report at once (ADR 0021): two 湖北局 clerks answer the same
整改报告 (one accepts, one rejects). One wins; the other gets 409; one review row is written.
Needs PostgreSQL (row locks); skipped on SQLite."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application
from supervision import rectification_services, services
from supervision.models import Complaint, Rectification, RectificationEvent
from tests import factories
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")


def _race(callers, call):
    start = Barrier(len(callers))

    def run(caller):
        start.wait()
        try:
            return call(caller)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(callers)) as pool:
        return list(pool.map(run, callers))


def _post(user, url, body):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(url, body, format="json").status_code


def test_two_reviews_at_once_review_once():
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("hubei"), confirmed_at=timezone.now()
    )
    owner = factories.enterprise_staff(enterprise, username="race-owner")
    case = ApplicationFactory(enterprise=enterprise, bureau=enterprise.bureau)
    Application.objects.filter(pk=case.pk).update(state="protected")
    clerks = [
        factories.bureau_staff("hubei", username="race-hubei-a"),
        factories.bureau_staff("hubei", username="race-hubei-b"),
    ]
    complaint = Complaint.objects.create(
        tracking_code="RACE00000001",
        application=Application.objects.get(pk=case.pk),
        bureau=enterprise.bureau,
        content="标签与证书不符，请核查。",
        due_date=timezone.localdate() + timedelta(days=10),
    )
    services.complaint_handle(
        complaint=complaint, actor=clerks[0], outcome="resolved", resolution="责令整改标签"
    )
    rectification = Rectification.objects.get()
    rectification_services.rectification_submit(
        rectification=rectification, actor=owner, report="已更换标签"
    )
    url = f"/api/v1/rectifications/{rectification.pk}/review/"
    calls = {
        clerks[0]: {"decision": "accept", "reason": "整改到位"},
        clerks[1]: {"decision": "reject", "reason": "仍不到位"},
    }
    codes = _race(clerks, lambda user: _post(user, url, calls[user]))

    assert sorted(codes) == [200, 409]
    reviews = RectificationEvent.objects.filter(
        rectification=rectification, action__in=["accept", "reject"]
    )
    assert reviews.count() == 1
    status = Rectification.objects.get(pk=rectification.pk).status
    assert status == ("closed" if reviews.get().action == "accept" else "open")
