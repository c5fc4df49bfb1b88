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
from casework.models import NumberSequence
from demonstration.models import (
    AssessmentStandard,
    DemonstrationZone,
    ZoneAssessment,
    ZoneHistory,
)
from demonstration.workflow import Level
from demonstration.workflow import State as ZoneState
from regions.models import AnnualSummary, Organisation, Ranking
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


# ---------------------------------------------------------------- demonstration zones (seed 001)


@pytest.mark.django_db
def test_demonstration_zones_follow_the_scale_with_their_local_governments(national):
    zones = DemonstrationZone.objects.select_related("applicant")
    assert zones.count() == 20  # 300 at scale 1.0; the floor at this scale
    assert national["counts"]["demonstration.DemonstrationZone"] == 20
    governments = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_GOVERNMENT)
    assert governments.count() == 20
    for zone in zones:
        assert zone.applicant.kind == Organisation.Kind.LOCAL_GOVERNMENT
        assert zone.applicant.bureau_id == zone.bureau_id and zone.applicant.level
    # Each government has an account that signs in as the applicant.
    staff = User.objects.filter(role=Role.GOVERNMENT, organisation__in=governments)
    assert staff.count() == 20
    states = Counter(zones.values_list("state", flat=True))
    assert states[ZoneState.DESIGNATED] > 0 and len(states) >= 5
    assert {Level.NATIONAL, Level.PROVINCIAL} == set(zones.values_list("level", flat=True))
    assert len(set(zones.values_list("bureau_id", flat=True))) > 5


@pytest.mark.django_db
def test_demonstration_zones_have_the_history_of_their_path(national):
    for zone in DemonstrationZone.objects.exclude(state=ZoneState.DRAFT):
        steps = list(zone.history.order_by("pk"))
        assert steps[0].transition == "submit" and steps[0].from_state == ZoneState.DRAFT
        assert steps[-1].to_state == zone.state, zone.pk
        for before, after in pairwise(steps):
            assert before.to_state == after.from_state
            assert before.created_at <= after.created_at
        names = [step.transition for step in steps]
        if zone.level == Level.PROVINCIAL:
            assert "recommend" not in names  # the bureau assesses it itself
        elif zone.state in ("recommended", "assessing", "assessed", "designated", "withdrawn"):
            assert "recommend" in names  # HQ assesses what the bureau recommended
    assert not ZoneHistory.objects.filter(zone__state=ZoneState.DRAFT).exists()


@pytest.mark.django_db
def test_demonstration_titles_standards_and_assessments_are_consistent(national):
    titled = DemonstrationZone.objects.filter(state__in=[ZoneState.DESIGNATED, ZoneState.WITHDRAWN])
    assert titled.exists()
    assert not titled.filter(number__isnull=True).exists()
    assert not titled.filter(designated_at__isnull=True).exists()
    assert not DemonstrationZone.objects.exclude(pk__in=titled).filter(number__isnull=False)
    assert not titled.filter(state=ZoneState.DESIGNATED, valid_until__lt=AS_OF).exists()
    assert not titled.filter(state=ZoneState.WITHDRAWN, withdrawal_reason="").exists()
    # The running numbers go on from the generated ones.
    for zone in titled:
        scope = "N" if zone.level == Level.NATIONAL else zone.bureau.code.upper()
        assert zone.number.startswith(f"QSZ-{scope}-{zone.designated_at.year}-")
        key = f"demonstration:{scope}:{zone.designated_at.year}"
        assert NumberSequence.objects.get(key=key).last >= int(zone.number.rsplit("-", 1)[1])
    # A provincial application is bound to its bureau's published standard.
    provincial = DemonstrationZone.objects.filter(level=Level.PROVINCIAL).exclude(
        state=ZoneState.DRAFT
    )
    for zone in provincial:
        assert zone.standard.bureau_id == zone.bureau_id
    assert AssessmentStandard.objects.count() == 35
    assessed = DemonstrationZone.objects.filter(
        state__in=["assessing", "assessed", "designated", "withdrawn"]
    )
    assert ZoneAssessment.objects.filter(zone__in=assessed).count() == assessed.count()
    for assessment in ZoneAssessment.objects.filter(zone__state__in=["designated", "withdrawn"]):
        assert assessment.passed


@pytest.mark.django_db
def test_the_wipe_list_holds_the_demonstration_tables(national):
    tables = generate._wiped_tables()
    for model in (DemonstrationZone, ZoneHistory, ZoneAssessment, AssessmentStandard):
        assert model._meta.db_table in tables
    assert NumberSequence._meta.db_table in tables
    assert "applications_workingdayoverride" not in tables  # HQ's calendar overrides stay


@pytest.mark.django_db
def test_the_generated_zones_reach_the_dashboard_and_the_summaries(national, client):
    summary = AnnualSummary.objects.filter(year=AS_OF.year - 1).first()
    assert set(summary.programme_figures["demonstration"]) == {
        "national", "provincial", "designated", "withdrawn",
    }  # fmt: skip
    client.force_login(User.objects.get(username="gen-hq-1"))
    page = client.get(f"/regions/dashboard/?year={AS_OF.year - 1}").content.decode()
    assert "各项目分局情况" in page
    government = User.objects.filter(role=Role.GOVERNMENT).first()
    client.force_login(government)
    assert client.get("/demonstration/").status_code == 200
