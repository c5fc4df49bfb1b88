"""Two HQ officers designate the same zone at once: one wins, the other gets 409, and one title
number is used, with one history row. Needs PostgreSQL (row locks); skipped on SQLite."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from casework.models import NumberSequence
from demonstration.models import DemonstrationZone, ZoneHistory
from tests import factories


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_designations_give_one_title(make_zone):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    zone = make_zone("assessed")
    officers = [factories.hq(username=f"race-hq-{n}") for n in range(2)]
    url = f"/api/v1/demonstration-zones/{zone.pk}/transitions/designate/"
    start = Barrier(len(officers))

    def race(officer):
        client = APIClient()
        client.force_authenticate(officer)
        start.wait()
        try:
            return client.post(url, {"valid_years": 3}, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        codes = list(pool.map(race, officers))

    assert sorted(codes) == [200, 409]
    zone.refresh_from_db()
    assert zone.state == "designated"
    assert zone.number == f"QSZ-N-{timezone.localdate().year}-001"
    assert list(NumberSequence.objects.values_list("last", flat=True)) == [1]
    assert ZoneHistory.objects.filter(zone=zone, transition="designate").count() == 1
    assert DemonstrationZone.objects.exclude(number=None).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_grant_racing_the_zones_withdrawal_never_leaves_a_title_in_a_withdrawn_zone(
    make_zone, make_enterprise
):
    """HQ grants an enterprise's title while another HQ officer withdraws the zone's: the
    enterprise's transition locks the zone first, so either the grant waits and is refused
    (409), or it commits first and the withdrawal ends the new title; never a deadlock."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    from demonstration.models import ZoneEnterprise

    zone = make_zone("designated")
    enterprise = make_enterprise(zone, "assessed")
    officers = [factories.hq(username=f"race-hq-{n}") for n in range(2)]
    calls = [
        (
            f"/api/v1/demonstration-zones/{zone.pk}/enterprises/{enterprise.pk}/transitions/grant/",
            {},
        ),
        (f"/api/v1/demonstration-zones/{zone.pk}/transitions/withdraw_title/", {"reason": "事故"}),
    ]
    start = Barrier(len(officers))

    def race(n):
        client = APIClient()
        client.force_authenticate(officers[n])
        start.wait()
        try:
            url, body = calls[n]
            return client.post(url, body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        grant, withdrawal = pool.map(race, range(2))

    assert withdrawal == 200 and grant in (200, 409)
    assert DemonstrationZone.objects.get(pk=zone.pk).state == "withdrawn"
    enterprise = ZoneEnterprise.objects.get(pk=enterprise.pk)
    assert enterprise.state == ("title_withdrawn" if grant == 200 else "assessed")
