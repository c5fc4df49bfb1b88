"""generate_national at a tiny scale on the test database: the counts follow the scale, every
credit code is valid, cases spread over every state with the history of their path,
certificates exist exactly for the certified states, and the portal's pages work on the data."""

from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from stdnum.cn import uscc

from accounts.models import Role, User
from applications.models import Application, CaseCount, CaseHistory, Certificate, Enterprise
from applications.workflow import State
from bench import generate
from regions.models import AnnualSummary, Ranking
from supervision.models import Complaint, InspectionTarget, PoolMember

AS_OF = date(2026, 11, 23)
CERTIFIED = {State.PROTECTED, State.SUSPENDED, State.REVOKED, State.EXPIRED}


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """One generation for the whole module (a few seconds); removed afterwards."""
    with django_db_blocker.unblock():
        call_command(
            "generate_national", scale=0.002, as_of=AS_OF, reset=True, force=True, verbosity=0
        )
        yield generate.existing()
        with transaction.atomic():
            generate._empty("default", generate._wiped_tables())


@pytest.mark.django_db
def test_counts_follow_the_scale(national):
    assert national["scale"] == 0.002
    assert Application.objects.count() == 2_000
    assert Enterprise.objects.count() == 400
    assert PoolMember.objects.count() >= 40
    assert User.objects.filter(role=Role.INSPECTOR).count() >= 40
    assert InspectionTarget.objects.exists() and Complaint.objects.exists()
    assert AnnualSummary.objects.filter(year=AS_OF.year - 1).count() == 35
    assert Ranking.objects.filter(year=AS_OF.year - 1).exists()


@pytest.mark.django_db
def test_every_credit_code_is_valid(national):
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)


@pytest.mark.django_db
def test_cases_spread_over_the_states_with_their_path(national):
    states = Counter(Application.objects.values_list("state", flat=True))
    assert states[State.DRAFT] > states[State.PROTECTED] > 0
    assert len(states) >= 14  # the rarest states may round to none at this scale
    protected = Application.objects.filter(state=State.PROTECTED).first()
    path = list(protected.history.values_list("transition", flat=True))
    assert path[-1] == "certify" or "reinstate" in path
    assert {"submit", "accept", "approve", "choose_agency", "evaluate", "certify"} <= set(path)
    # Each step starts where the previous one ended, in time order.
    for case in Application.objects.exclude(state=State.DRAFT).order_by("?")[:50]:
        steps = list(case.history.order_by("pk"))
        assert steps[0].from_state == State.DRAFT and steps[-1].to_state == case.state
        for before, after in pairwise(steps):
            assert before.to_state == after.from_state
            assert before.created_at <= after.created_at
    assert not CaseHistory.objects.filter(application__state=State.DRAFT).exists()


@pytest.mark.django_db
def test_certificates_only_for_certified_states(national):
    assert set(Certificate.objects.values_list("application__state", flat=True)) <= CERTIFIED
    uncertified = Application.objects.filter(state__in=CERTIFIED, certificate__isnull=True)
    assert not uncertified.exists()
    protected = Certificate.objects.filter(application__state=State.PROTECTED)
    assert not protected.filter(valid_until__lt=AS_OF).exists()
    expired = Certificate.objects.filter(application__state=State.EXPIRED)
    assert not expired.filter(valid_until__gte=AS_OF).exists()


@pytest.mark.django_db
def test_pages_work_on_the_generated_data(national, client):
    hq = User.objects.get(username="gen-hq-1")
    bureau = User.objects.get(username="gen-bureau-guangdong-1")
    client.force_login(hq)
    assert client.get("/cases/").status_code == 200
    case = Application.objects.filter(state=State.PROTECTED).first()
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/api/v1/applications/{case.pk}/").json()["certificate"]["number"]
    assert client.get("/api/v1/rankings/", {"year": AS_OF.year - 1}).status_code == 200
    client.force_login(bureau)
    response = client.get("/api/v1/applications/", {"state": ["submitted", "accepted"]})
    assert response.status_code == 200
    assert {row["bureau"] for row in response.json()["results"]} <= {"guangdong"}


@pytest.mark.django_db
def test_the_indexes_dropped_for_the_load_are_rebuilt(national):
    """On PostgreSQL the load drops the big tables' indexes and rebuilds them from their
    definitions, the name-search trigram indexes (migration applications/0007) included."""
    if connection.vendor != "postgresql":
        pytest.skip("the COPY load is PostgreSQL's (run with DATABASE_URL=postgres://…)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        names = {name for (name,) in cursor.fetchall()}
    assert {"case_product_name_trgm", "enterprise_name_trgm", "case_state"} <= names


@pytest.mark.django_db
def test_refuses_to_overwrite_without_reset(national):
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_national", scale=0.003, as_of=AS_OF, force=True, verbosity=0)
    call_command("generate_national", scale=0.002, as_of=AS_OF, reuse=True, force=True, verbosity=0)
    assert generate.existing()["scale"] == 0.002


@pytest.mark.django_db
def test_case_counts_match_the_cases_and_follow_every_change(national):
    """The per-bureau counts the worklists show (kept by triggers) equal a real count, after
    the bulk load and after creating, changing and deleting cases by any path."""

    def exact():
        rows = Application.objects.values_list("bureau_id", "state").annotate(n=Count("pk"))
        return {(b, s): n for b, s, n in rows}

    def kept():
        return {(c.bureau_id, c.state): c.n for c in CaseCount.objects.filter(n__gt=0)}

    assert kept() == exact()
    case = Application.objects.filter(state=State.SUBMITTED).first()
    Application.objects.filter(pk=case.pk).update(state=State.ACCEPTED)
    copy = Application.objects.get(pk=case.pk)
    copy.pk = None
    copy.save()
    assert kept() == exact()
    Application.objects.filter(pk=copy.pk).delete()
    assert kept() == exact()


@pytest.mark.django_db
def test_the_shipped_hq_departments_survive_the_reset_and_are_no_data(national):
    """Emptying takes the organisations registered on the wiped users, and puts the migration's
    six HQ departments back; they alone do not make a database hold data."""
    from regions.models import Bureau, Organisation

    departments = Organisation.objects.filter(kind=Organisation.Kind.HQ_DEPARTMENT)
    assert set(departments.values_list("code", flat=True)) == set(generate.SHIPPED_DEPARTMENTS)
    tables = generate._wiped_tables()
    assert Organisation._meta.db_table in tables
    with transaction.atomic():
        generate._empty("default", tables)
        assert departments.count() == 6
        assert not generate._has_rows("default", tables)
        Organisation.objects.create(
            code="gen-assoc",
            name="某行业协会",
            kind="association",
            bureau=Bureau.objects.get(code="beijing"),
        )
        assert generate._has_rows("default", tables)
        transaction.set_rollback(True)
