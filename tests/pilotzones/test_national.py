"""generate_national's 国检试验区 (bench/pilot_zones.py) at a tiny scale: the count follows the
scale, the zones stand in every state with the history of a path of the workflow, the working
group's opinions, numbers, measures, practices and adoptions are consistent, the rest of the
data set is what it was, and the pages work on the data."""

from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import Role, User
from bench import generate, pilot_zones
from casework.models import NumberSequence
from demonstration.models import DemonstrationZone
from pilotzones.models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    PilotZone,
    PracticeAdoption,
    ReplicablePractice,
    SupervisionVisit,
    ZoneHistory,
)
from pilotzones.programme import PILOT_MEASURES, PILOT_PRACTICES, PILOT_ZONES
from pilotzones.workflow import MEMBER_DEPARTMENTS, PUBLIC_STATES, State
from regions.models import Organisation

AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """One generation for the module (a few seconds); removed afterwards."""
    with django_db_blocker.unblock():
        call_command(
            "generate_national", scale=0.002, as_of=AS_OF, reset=True, force=True, verbosity=0
        )
        yield generate.existing()
        with transaction.atomic():
            generate._empty("default", generate._wiped_tables())


def _fsm_moves(model) -> dict[str, tuple[set, str]]:
    field = model._meta.get_field("state")
    moves = {}
    for move in field.get_all_transitions(model):
        sources, target = moves.get(move.name, (set(), move.target))
        moves[move.name] = (sources | {move.source}, target)
    return moves


def _follows_the_workflow(case, programme) -> None:
    """The case's history is a path of its workflow from the initial state to its state."""
    moves = _fsm_moves(type(case))
    steps = list(case.history.order_by("pk"))
    initial = type(case)._meta.get_field("state").default
    if not steps:
        assert case.state == initial, case.pk
        return
    assert steps[0].from_state == initial and steps[-1].to_state == case.state, case.pk
    for step in steps:
        sources, target = moves[programme.method_name(step.transition)]
        assert step.from_state in sources and step.to_state == target, (case.pk, step.transition)
    for before, after in pairwise(steps):
        assert before.to_state == after.from_state
        assert before.created_at <= after.created_at


@pytest.mark.django_db
def test_pilot_zones_follow_the_scale_in_every_state(national):
    assert PilotZone.objects.count() == pilot_zones.BASE[1]  # 60 at scale 1.0; the floor here
    assert national["counts"]["pilotzones.PilotZone"] == pilot_zones.BASE[1]
    states = Counter(PilotZone.objects.values_list("state", flat=True))
    assert set(states) == set(State.values)
    # The rest of the data set is what it was: 20 demonstration zones, as many governments.
    assert DemonstrationZone.objects.count() == 20
    assert Organisation.objects.filter(kind=Organisation.Kind.LOCAL_GOVERNMENT).count() == 20
    for zone in PilotZone.objects.select_related("applicant"):
        assert zone.applicant.kind == Organisation.Kind.LOCAL_GOVERNMENT
        assert zone.applicant.bureau_id == zone.bureau_id
        assert zone.name.endswith("国检试验区")
    assert len(set(PilotZone.objects.values_list("bureau_id", flat=True))) > 5


@pytest.mark.django_db
def test_every_zone_measure_and_practice_has_the_history_of_its_path(national):
    for zone in PilotZone.objects.all():
        _follows_the_workflow(zone, PILOT_ZONES)
    for measure in InnovationMeasure.objects.all():
        _follows_the_workflow(measure, PILOT_MEASURES)
        names = list(measure.history.values_list("transition", flat=True))
        if "start" in names and measure.beyond_rules:
            assert names.index("approve") < names.index("start")  # 报批 first
        if measure.state in ("running", "ended"):
            assert measure.started_on is not None
    for practice in ReplicablePractice.objects.all():
        _follows_the_workflow(practice, PILOT_PRACTICES)
    assert not ZoneHistory.objects.filter(zone__state=State.DRAFT).exists()


@pytest.mark.django_db
def test_the_working_group_and_the_decisions(national):
    """Five member rows from the acceptance on; all answered before a decision, every
    objection answered by 通关司, whose staff decided."""
    opened = PilotZone.objects.filter(
        state__in=["acceptance", "approved", "not_approved", "operating"]
    )
    assert AcceptanceOpinion.objects.count() == opened.count() * len(MEMBER_DEPARTMENTS)
    assert not AcceptanceOpinion.objects.exclude(zone__in=opened).exists()
    decided = AcceptanceOpinion.objects.exclude(zone__state="acceptance")
    assert not decided.filter(verdict="").exists()
    assert not decided.filter(verdict="object", response="").exists()
    for opinion in AcceptanceOpinion.objects.exclude(verdict="").select_related("recorded_by"):
        assert opinion.recorded_by.organisation_id == opinion.department_id
    for entry in ZoneHistory.objects.filter(transition__in=["approve", "not_approve"]):
        assert entry.actor.organisation.code == "tongguan"
        objections = entry.zone.acceptance_opinions.filter(verdict="object")
        assert set(entry.data["responses"]) == {o.department.code for o in objections}


@pytest.mark.django_db
def test_numbers_are_unique_per_year_and_the_sequences_go_on(national):
    approved = PilotZone.objects.filter(state__in=PUBLIC_STATES)
    assert approved.exists() and not approved.filter(number__isnull=True).exists()
    assert not PilotZone.objects.exclude(state__in=PUBLIC_STATES).filter(number__isnull=False)
    for zone in approved:
        assert zone.number.startswith(f"GJSYQ-{zone.approved_at.year}-")
        key = f"pilotzones:zone:{zone.approved_at.year}"
        assert NumberSequence.objects.get(key=key).last >= int(zone.number.rsplit("-", 1)[1])
        assert zone.history.get(transition="approve").data["number"] == zone.number
    operating = PilotZone.objects.filter(state="operating").select_related("operator")
    for zone in operating:
        assert zone.operator.kind == Organisation.Kind.ZONE_OPERATOR
        assert zone.operator.bureau_id == zone.bureau_id and zone.operation_started_on
    library = ReplicablePractice.objects.filter(state__in=["accepted", "withdrawn"])
    for practice in library:
        year = practice.accepted_at.year
        assert practice.number.startswith(f"GJSYQ-JY-{year}-")
        assert NumberSequence.objects.get(key=f"pilotzones:practice:{year}").last >= int(
            practice.number.rsplit("-", 1)[1]
        )
    assert not ReplicablePractice.objects.exclude(pk__in=library).filter(number__isnull=False)


@pytest.mark.django_db
def test_measures_assessments_commendations_and_adoptions_are_consistent(national):
    assert InnovationMeasure.objects.exists()
    assert not InnovationMeasure.objects.exclude(zone__state__in=PUBLIC_STATES).exists()
    assert not InnovationMeasure.objects.filter(beyond_rules=True, rules_affected="").exists()
    for assessment in MeasureAssessment.objects.select_related("measure"):
        assert assessment.measure.state in ("running", "ended")
        assert assessment.assessed_on >= assessment.measure.started_on
        assert assessment.assessed_on <= AS_OF
    for commendation in Commendation.objects.all():
        measures = commendation.measures.all()
        assert measures and all(m.zone_id == commendation.zone_id for m in measures)
        assert all(m.assessments.filter(effect="marked").exists() for m in measures)
    assert SupervisionVisit.objects.exists()
    for visit in SupervisionVisit.objects.select_related("zone", "recorded_by"):
        assert visit.zone.state == "operating"
        assert visit.zone.operation_started_on <= visit.visited_on <= AS_OF
        assert visit.recorded_by.bureau_id == visit.zone.bureau_id
        assert bool(visit.problems) == bool(visit.requirements)
    for adoption in PracticeAdoption.objects.select_related("practice__zone", "recorded_by"):
        assert adoption.practice.state == "accepted"
        assert adoption.bureau_id != adoption.practice.zone.bureau_id
        assert adoption.recorded_by.bureau_id == adoption.bureau_id
        assert adoption.practice.accepted_at <= adoption.adopted_on <= AS_OF


@pytest.mark.django_db
def test_the_wipe_list_holds_the_pilot_zone_tables(national):
    tables = generate._wiped_tables()
    for model in pilot_zones.MODELS:
        assert model._meta.db_table in tables


@pytest.mark.django_db
def test_generated_accounts_find_their_pilot_zones(national):
    """The department staff and the operators sign in; the selectors find the zones."""
    from pilotzones import selectors

    lead = User.objects.get(username="gen-dept-tongguan")
    assert lead.role == Role.HQ_DEPARTMENT and lead.organisation.code == "tongguan"
    assert selectors.zones_visible_to(user=lead).exists()
    operator = User.objects.filter(role=Role.OPERATOR).first()
    assert list(selectors.zones_visible_to(user=operator)) == list(
        PilotZone.objects.filter(operator_id=operator.organisation_id)
    )


@pytest.mark.django_db
def test_last_years_summaries_count_the_generated_zones(national):
    """The bureaus' summaries of last year (drafted by the generation's last phase) report the
    programme's figures from the generated rows."""
    from regions.models import AnnualSummary

    last = AS_OF.year - 1
    summaries = AnnualSummary.objects.filter(year=last)
    assert summaries.count() == 35
    figures = [s.programme_figures["pilotzones"] for s in summaries]
    assert set(figures[0]) == {"approved", "operating", "practices", "adoptions"}
    assert sum(f["approved"] for f in figures) == (
        PilotZone.objects.filter(approved_at__year=last).count()
    )
    assert sum(f["practices"] for f in figures) == (
        ReplicablePractice.objects.filter(accepted_at__year=last).count()
    )
    assert sum(f["adoptions"] for f in figures) == (
        PracticeAdoption.objects.filter(adopted_on__year=last).count()
    )
