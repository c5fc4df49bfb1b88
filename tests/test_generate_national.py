"""generate_national at a tiny scale on the test database: the counts follow the scale, every
credit code is valid, cases spread over every state with the history of their path,
certificates exist exactly for the certified states, and the portal's pages work on the data."""

from collections import Counter
from datetime import date, datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from stdnum.cn import uscc

from accounts.models import Role, User
from applications.models import Application, CaseCount, CaseHistory, Certificate, Enterprise
from applications.workflow import State
from bench import generate
from casework.models import NumberSequence
from demonstration import services
from demonstration.models import (
    ArchiveEvent,
    ArchiveEventHistory,
    AssessmentStandard,
    DemonstrationZone,
    EnterpriseHistory,
    ZoneAssessment,
    ZoneEnterprise,
    ZoneHistory,
    ZoneYearReport,
)
from demonstration.programme import DEMONSTRATION_ENTERPRISE
from demonstration.selectors import designated_during, zone_record_counts
from demonstration.workflow import (
    ACTION_FIELDS,
    ARCHIVE_RULES,
    ENTERPRISE_RULES,
    Cause,
    EnterpriseState,
    EventState,
    Level,
)
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
    shipped HQ departments back; they alone do not make a database hold data."""
    from regions.models import Bureau, Organisation

    departments = Organisation.objects.filter(kind=Organisation.Kind.HQ_DEPARTMENT)
    assert set(departments.values_list("code", flat=True)) == set(generate.SHIPPED_DEPARTMENTS)
    tables = generate._wiped_tables()
    assert Organisation._meta.db_table in tables
    with transaction.atomic():
        generate._empty("default", tables)
        assert departments.count() == len(generate.SHIPPED_DEPARTMENTS)
        assert not generate._has_rows("default", tables)
        Organisation.objects.create(
            code="gen-assoc",
            name="某行业协会",
            kind="association",
            bureau=Bureau.objects.get(code="beijing"),
        )
        assert generate._has_rows("default", tables)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_reset_keeps_the_credit_rules_a_wiped_user_published(national):
    """A kept reference row naming a wiped user survives the reset unnamed (PostgreSQL's
    TRUNCATE … CASCADE emptied credit_creditrule, and generation then found no rule 1)."""
    from accounts.models import User
    from credit.models import CreditRule

    first = CreditRule.objects.get(version=1)
    tables = generate._wiped_tables()
    with transaction.atomic():
        publisher = User.objects.filter(is_active=True).first()
        second = CreditRule.objects.create(
            **{f.name: getattr(first, f.name) for f in CreditRule._meta.concrete_fields
               if f.name not in ("id", "version", "published_by", "published_at")},
            version=2, published_by=publisher,
        )  # fmt: skip
        generate._empty("default", tables)
        kept = {rule.version: rule for rule in CreditRule.objects.all()}
        assert set(kept) == {1, 2}
        assert kept[2].published_by_id is None
        assert kept[2].published_at == second.published_at
        assert kept[1].weights == first.weights
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
    for model in (
        DemonstrationZone, ZoneHistory, ZoneAssessment, AssessmentStandard, ZoneYearReport,
        ZoneEnterprise, EnterpriseHistory, ArchiveEvent, ArchiveEventHistory,
    ):  # fmt: skip
        assert model._meta.db_table in tables
    assert NumberSequence._meta.db_table in tables
    assert "applications_workingdayoverride" not in tables  # HQ's calendar overrides stay


@pytest.mark.django_db
def test_the_generated_zones_reach_the_dashboard_and_the_summaries(national, client):
    summary = AnnualSummary.objects.filter(year=AS_OF.year - 1).first()
    assert set(summary.programme_figures["demonstration"]) == {
        "national", "provincial", "designated", "withdrawn", "reports_submitted", "reports_due",
    }  # fmt: skip
    client.force_login(User.objects.get(username="gen-hq-1"))
    page = client.get(f"/regions/dashboard/?year={AS_OF.year - 1}").content.decode()
    assert "各项目分局情况" in page
    government = User.objects.filter(role=Role.GOVERNMENT).first()
    client.force_login(government)
    assert client.get("/demonstration/").status_code == 200


@pytest.mark.django_db
def test_last_years_zone_reports_are_those_owed_and_counted(national):
    """A 年度建设情况报告 for last year of every zone whose title ran then (seed 001 §七.4), most
    of them submitted early this year, and the summaries count them."""
    last = AS_OF.year - 1
    owing = set(
        DemonstrationZone.objects.filter(designated_during(last)).values_list("pk", flat=True)
    )
    reports = ZoneYearReport.objects.filter(year=last)
    assert owing and sorted(reports.values_list("zone_id", flat=True)) == sorted(owing)
    assert not ZoneYearReport.objects.exclude(year=last).exists()
    submitted = reports.filter(status="submitted")
    assert submitted.exists()
    assert not submitted.filter(submitted_at__year__lt=AS_OF.year).exists()
    assert not reports.filter(status="draft", submitted_at__isnull=False).exists()
    for report in reports.select_related("zone", "created_by"):
        assert report.created_by.bureau_id == report.zone.bureau_id
    figures = [
        s.programme_figures["demonstration"] for s in AnnualSummary.objects.filter(year=last)
    ]
    assert sum(f["reports_due"] for f in figures) == len(owing)
    assert sum(f["reports_submitted"] for f in figures) == submitted.count()


# ---------------------------------------------------------------- zone enterprises, archives


def _fsm_moves(model) -> dict[str, tuple[set, str]]:
    """Each transition method of `model`: the states it leaves and the state it reaches."""
    field = model._meta.get_field("state")
    moves = {}
    for move in field.get_all_transitions(model):
        sources, target = moves.get(move.name, (set(), move.target))
        moves[move.name] = (sources | {move.source}, target)
    return moves


@pytest.mark.django_db
def test_zone_enterprises_spread_over_the_titled_zones_in_several_states(national):
    """入区企业 (seed 001 §三.5): the floor at this scale, only in zones that hold or held a
    title, proposed after the designation, in several states, most of them admitted."""
    enterprises = ZoneEnterprise.objects.select_related("zone")
    assert enterprises.count() == 60  # 3,000 at scale 1.0; the floor at this scale
    assert national["counts"]["demonstration.ZoneEnterprise"] == 60
    titled = {ZoneState.DESIGNATED, ZoneState.WITHDRAWN}
    assert set(enterprises.values_list("zone__state", flat=True)) <= titled
    assert len(set(enterprises.values_list("zone_id", flat=True))) > 3
    states = Counter(enterprises.values_list("state", flat=True))
    assert len(states) >= 5, states
    assert states.most_common(1)[0][0] == EnterpriseState.ADMITTED
    assert states[EnterpriseState.GRANTED] > 0
    now = datetime.combine(AS_OF, time(9), tzinfo=ZoneInfo("Asia/Shanghai"))
    for enterprise in enterprises:
        designated = enterprise.zone.history.get(transition="designate").created_at
        assert designated < enterprise.created_at <= enterprise.updated_at < now
        assert enterprise.proposed_by.organisation_id == enterprise.zone.applicant_id


@pytest.mark.django_db
def test_zone_enterprises_have_the_history_of_a_path_of_the_workflow(national):
    """Each enterprise's history chains from 拟入区 through transitions of the workflow, each
    fired by whom the programme permits, in time order; the row says what its path did."""
    moves = _fsm_moves(ZoneEnterprise)
    for enterprise in ZoneEnterprise.objects.select_related("zone"):
        zone = enterprise.zone
        steps = list(enterprise.history.select_related("actor").order_by("pk"))
        state = EnterpriseState.PROPOSED
        for before, step in zip([None, *steps], steps, strict=False):
            assert step.transition in ENTERPRISE_RULES
            sources, target = moves[DEMONSTRATION_ENTERPRISE.method_name(step.transition)]
            assert step.from_state == state and state in sources and step.to_state == target
            assert DEMONSTRATION_ENTERPRISE.permitted(enterprise, step.transition, step.actor)
            assert before is None or before.created_at <= step.created_at
            state = step.to_state
        assert state == enterprise.state, enterprise.pk
        names = [step.transition for step in steps]
        at = {step.transition: step for step in steps}
        if "admit" in names:
            assert enterprise.admitted_at == at["admit"].created_at
            assert enterprise.admitted_by_id == at["admit"].actor_id
        else:
            assert enterprise.admitted_at is None
        if "grant" in names:
            assert at["grant"].data == {
                "number": enterprise.number, "granted_at": enterprise.granted_at.isoformat(),
            }  # fmt: skip
            assert enterprise.assessment_passed is True and at["assess"].data == {"passed": True}
        else:
            assert enterprise.number is None and enterprise.granted_at is None
        if enterprise.state == EnterpriseState.ASSESSED:
            assert at["assess"].data == {"passed": enterprise.assessment_passed}
        if "refuse_title" in names[-1:]:
            assert enterprise.assessment_passed is None
        if enterprise.state == EnterpriseState.EXITED:
            assert enterprise.exited_at == at["exit"].created_at and enterprise.exit_reason
        # In a zone whose title was withdrawn, a title held then ended with it, its reason the
        # zone's; in a designated zone, the title was withdrawn on the archive's malice.
        if "end_title" in names:
            withdrawal = zone.history.get(transition="withdraw_title")
            assert zone.state == ZoneState.WITHDRAWN
            assert at["end_title"].created_at == withdrawal.created_at
            assert at["end_title"].actor_id == withdrawal.actor_id
            assert enterprise.withdrawal_reason == zone.withdrawal_reason
            assert at["end_title"].data == {"zone_withdrawn": True}
        if "withdraw_title" in names:
            event = ArchiveEvent.objects.get(pk=at["withdraw_title"].data["archive_event"])
            assert event.enterprise_id == enterprise.pk and event.cause == Cause.MALICIOUS
            assert enterprise.withdrawal_reason == event.announcement
        if zone.state == ZoneState.WITHDRAWN:
            withdrawn = zone.history.get(transition="withdraw_title").created_at
            for step in steps:
                if step.transition in ("admit", "nominate", "grant"):
                    assert step.created_at < withdrawn  # only while the zone held its title
            if "grant" in names and "exit" not in names:
                assert enterprise.state == EnterpriseState.TITLE_WITHDRAWN
    assert not EnterpriseHistory.objects.filter(enterprise__state=EnterpriseState.PROPOSED)


@pytest.mark.django_db
def test_zone_enterprise_titles_are_numbered_per_zone_and_the_numbers_go_on(national):
    """示范企业编号 QSE-<zone number>-001 … per zone in the order granted; the running number
    continues: a new grant through the real service takes the next one."""
    granted = ZoneEnterprise.objects.filter(number__isnull=False).select_related("zone")
    numbers = list(granted.values_list("number", flat=True))
    assert numbers and len(set(numbers)) == len(numbers)
    by_zone = {}
    for enterprise in granted:
        grant = enterprise.history.get(transition="grant").created_at
        by_zone.setdefault(enterprise.zone, []).append((grant, enterprise.number))
    for zone, grants in by_zone.items():
        expected = [f"QSE-{zone.number}-{seq:03d}" for seq in range(1, len(grants) + 1)]
        assert [number for _at, number in sorted(grants)] == expected
        key = f"demonstration:enterprise:{zone.number}"
        assert NumberSequence.objects.get(key=key).last == len(grants)
    zone, grants = next(
        (zone, grants) for zone, grants in by_zone.items() if zone.state == ZoneState.DESIGNATED
    )
    government = User.objects.get(role=Role.GOVERNMENT, organisation=zone.applicant)
    clerk = User.objects.get(username=f"gen-bureau-{zone.bureau.code}-1")
    assessor = User.objects.get(username="gen-hq-1") if zone.level == Level.NATIONAL else clerk
    enterprise = services.enterprise_propose(
        zone=zone, actor=government, name="新入区企业有限公司",
        credit_code=generate.credit_code(zone.bureau.code, 887_000_000), products="阀门",
    )  # fmt: skip
    for name, actor, data in [
        ("admit", clerk, {}), ("nominate", government, {}),
        ("assess", assessor, {"passed": True}), ("grant", assessor, {}),
    ]:  # fmt: skip
        enterprise = services.enterprise_transition(
            enterprise=enterprise, name=name, actor=actor, **data
        )
    assert enterprise.number == f"QSE-{zone.number}-{len(grants) + 1:03d}"


@pytest.mark.django_db
def test_archive_events_belong_to_admitted_enterprises_of_their_zone(national):
    """质量档案 (seed 001 §六.6): events of enterprises admitted to the zone, opened after the
    admission by the zone's bureau, in several states with the history of their path; the
    cause's actions recorded once classified; malice only where it withdrew a 示范企业 title."""
    events = ArchiveEvent.objects.select_related("enterprise__zone", "opened_by")
    assert events.exists()
    admitted = ZoneEnterprise.objects.filter(admitted_at__isnull=False).count()
    assert events.exclude(cause=Cause.MALICIOUS).count() <= admitted * 0.3
    assert len(set(events.values_list("state", flat=True))) >= 2
    moves = _fsm_moves(ArchiveEvent)
    for event in events:
        enterprise = event.enterprise
        assert enterprise.admitted_at is not None
        assert enterprise.state not in (EnterpriseState.PROPOSED, EnterpriseState.DECLINED)
        assert enterprise.admitted_at < event.opened_at <= event.updated_at
        assert event.occurred_on <= timezone.localdate(event.opened_at)
        assert event.opened_by.role == Role.BUREAU
        assert event.opened_by.bureau_id == enterprise.zone.bureau_id
        steps = list(event.history.order_by("pk"))
        state, at = EventState.OPENED, event.opened_at
        for step in steps:
            assert step.transition in ARCHIVE_RULES and step.actor_id == event.opened_by_id
            sources, target = moves[step.transition]
            assert step.from_state == state and state in sources and step.to_state == target
            assert at <= step.created_at
            state, at = step.to_state, step.created_at
        assert state == event.state
        reached = [step.transition for step in steps]
        assert bool(event.cause) == ("classify" in reached)
        if "record_actions" in reached:
            for field in ACTION_FIELDS[event.cause]:
                assert getattr(event, field), field
        assert (event.closed_at is not None) == (event.state == EventState.CLOSED)
        if event.cause == Cause.MALICIOUS:
            assert enterprise.history.filter(
                transition="withdraw_title", data__archive_event=event.pk
            ).exists()


@pytest.mark.django_db
def test_zone_enterprises_and_events_are_valid_rows(national):
    """full_clean() on a sample (统一社会信用代码 valid, choices, the constraint on an
    enterprise in its zone once); the credit codes are unique across the data set."""
    codes = list(ZoneEnterprise.objects.values_list("credit_code", flat=True))
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert not Enterprise.objects.filter(uscc__in=codes).exists()
    # The state is protected (django-fsm: cleaning would set it); its choices checked here.
    for enterprise in ZoneEnterprise.objects.order_by("?")[:20]:
        enterprise.full_clean(exclude=["state"])
        assert enterprise.state in EnterpriseState.values
    for event in ArchiveEvent.objects.all()[:20]:
        event.full_clean(exclude=["state"])
        assert event.state in EventState.values


@pytest.mark.django_db
def test_last_years_zone_reports_count_the_titles_and_the_archive(national):
    """The report's two counts from the portal's records, as they stood when it was saved: the
    示范企业 at the year's end (selectors.zone_record_counts) and the events of the year."""
    last = AS_OF.year - 1
    reports = ZoneYearReport.objects.filter(year=last).select_related("zone")
    for report in reports:
        counts = zone_record_counts(zone=report.zone, year=last)
        assert report.titled_enterprises == counts["titled_enterprises"]
        events = ArchiveEvent.objects.filter(
            enterprise__zone=report.zone, occurred_on__year=last, opened_at__lte=report.updated_at
        )
        assert report.quality_events == events.count()
    assert sum(reports.values_list("titled_enterprises", flat=True)) > 0


@pytest.mark.django_db
def test_every_generated_plan_draws_by_protocol_2(national):
    """Each plan declares the 双色球 draw before its inspection (ADR 0009); a drawn plan was
    committed before that draw and drawn from its numbers, once they were public; a plan ahead
    is committed once its lottery has drawn, and waits for the numbers."""
    from casework import beacon, draw
    from supervision.models import InspectionPlan

    plans = list(InspectionPlan.objects.all())
    assert plans and {plan.protocol for plan in plans} == {2}
    today = AS_OF
    for plan in plans:
        assert plan.beacon_source == "ssq" and plan.seed_commitment == ""
        assert plan.beacon_date.weekday() in beacon.SOURCES["ssq"].weekdays
        assert plan.created_at.date() < plan.beacon_date < plan.planned_date
        if plan.status == "drawn":
            assert beacon.normalise("ssq", plan.beacon_value) == plan.beacon_value
            assert plan.committed_at < plan.beacon_entered_at == plan.drawn_at
            assert plan.seed == draw.beacon_seed(
                plan.snapshot_commitment, plan.beacon_value, plan.plan_key
            )
        elif plan.status == "committed":
            assert plan.beacon_date < today <= plan.planned_date
            assert plan.beacon_value == "" and len(plan.snapshot_commitment) == 64
        else:
            assert plan.status == "planned" and plan.snapshot_commitment == ""
    assert {plan.status for plan in plans} >= {"drawn", "planned"}


@pytest.mark.django_db
def test_risk_warnings_at_scale(national):
    """Seed 004: signals in every state, a warning of each grade with its history and the
    notifications of its scope, measures suited to their warning's grade, numbers in step."""
    from risk.models import (
        MeasureCatalogueEntry,
        ResponseMeasure,
        RiskSignal,
        RiskWarning,
        WarningNotification,
    )
    from risk.workflow import Grade, SignalState, WarningState

    assert RiskSignal.objects.count() == 30
    assert set(RiskSignal.objects.values_list("state", flat=True)) == set(SignalState.values)
    assert RiskWarning.objects.count() == 12
    issued = {
        entry.data["grade"]
        for warning in RiskWarning.objects.all()
        for entry in warning.history.filter(transition="issue")
    }
    drafts = set(
        RiskWarning.objects.filter(state=WarningState.DRAFT).values_list("grade", flat=True)
    )
    assert issued | drafts == set(Grade.values)
    for warning in RiskWarning.objects.exclude(state=WarningState.DRAFT):
        steps = list(warning.history.order_by("pk").values_list("transition", flat=True))
        assert steps[0] == "issue" and (warning.state != WarningState.LIFTED or steps[-1] == "lift")
        assert warning.notifications.exists()
    suits = {e.kind: set(e.grades) for e in MeasureCatalogueEntry.objects.all()}
    for measure in ResponseMeasure.objects.select_related("warning"):
        assert measure.warning.grade in suits[measure.kind]
        assert measure.warning.state != WarningState.LIFTED or measure.state == "lifted"
    assert WarningNotification.objects.exists()
    year_numbers = NumberSequence.objects.filter(key__startswith="risk:signal:")
    assert sum(year_numbers.values_list("last", flat=True)) == 30
