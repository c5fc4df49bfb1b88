"""Two (or twenty) users firing the same transition at once: exactly one wins, the others get a
conflict, and nothing is written twice. Needs PostgreSQL (row locks); skipped on SQLite."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from rest_framework.test import APIClient

from applications.models import CaseHistory, Certificate, Notice
from applications.services import case_transition
from tests import factories

from .factories import ApplicationFactory, PlanFactory, attach_required_materials

RACERS = 20


@pytest.fixture
def evaluated_case():
    plan = PlanFactory()
    case = ApplicationFactory()
    attach_required_materials(case)
    people = {
        "enterprise": factories.enterprise_staff(case.enterprise, username="race-ent"),
        "bureau": factories.bureau_staff(case.bureau.code, username="race-clerk"),
        "hq": factories.hq(username="race-hq"),
        "agency": factories.agency_staff(plan.agency, username="race-agency"),
    }
    for who, name, body in [
        ("enterprise", "submit", {}),
        ("bureau", "accept", {}),
        ("bureau", "pre_evaluate", {}),
        ("bureau", "recommend", {}),
        ("hq", "approve", {}),
        ("enterprise", "choose_agency", {"agency": plan.agency}),
        ("agency", "evaluate", {"score": 95}),
    ]:
        case = case_transition(case=case, name=name, actor=people[who], **body)
    return case, people


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_certifications_issue_exactly_one_certificate(evaluated_case):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    case, people = evaluated_case
    url = f"/api/v1/applications/{case.pk}/transitions/certify/"
    start = Barrier(RACERS)

    def race(_):
        client = APIClient()
        client.force_authenticate(people["hq"])
        start.wait()
        try:
            return client.post(url, {"marks_issued": 100}, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        codes = list(pool.map(race, range(RACERS)))

    assert sorted(codes) == [200] + [409] * (RACERS - 1)
    assert CaseHistory.objects.filter(application=case, transition="certify").count() == 1
    assert Certificate.objects.filter(application=case).count() == 1
    assert Notice.objects.filter(application=case, kind="certificate").count() == 1
