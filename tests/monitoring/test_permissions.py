"""Who may create, read and change each record of the risk monitoring plans, one test per
allowed and per refused actor (docs/adr/0029-risk-monitoring-plans.md). The expectations are
written out here from seed 004 §二.1 and the ADR, not imported from the code. A refusal changes
nothing."""

import pytest

from casework.exceptions import TransitionForbidden
from ecoorigin.exceptions import NotPermitted
from monitoring import selectors, services
from monitoring.models import MonitoringPlan, MonitoringPoint, PlanHistory, PlanItem, SampleResult
from monitoring.workflow import State

from .conftest import LOCAL_BODY, NATIONAL_BODY, YEAR, item_body, result_body

pytestmark = pytest.mark.django_db

SIGNED_IN = [
    "hq", "bureau", "inspector", "other_bureau", "other_inspector", "enterprise", "agency",
    "government", "association",
]  # fmt: skip
EVERYONE = [*SIGNED_IN, "anonymous"]


def _expect(allowed: bool, call, error=NotPermitted):
    if allowed:
        return call()
    with pytest.raises(error):
        call()
    return None


# --- writes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_hq_drafts_the_national_plan(actors, who):
    made = _expect(
        who == "hq",
        lambda: services.plan_create(actor=actors[who], year=YEAR, **NATIONAL_BODY),
    )
    assert MonitoringPlan.objects.count() == (1 if made else 0)


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_a_bureau_derives_its_local_plan(actors, national, who):
    made = _expect(
        who in ("bureau", "other_bureau"),
        lambda: services.plan_create(actor=actors[who], national_plan=national, **LOCAL_BODY),
    )
    if made:
        assert made.bureau_id == actors[who].bureau_id and made.year == YEAR
    assert MonitoringPlan.objects.filter(level="local").count() == (1 if made else 0)


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_the_owner_edits_a_draft_local_plan(actors, make_plan, who):
    plan = make_plan()
    _expect(
        who == "bureau",
        lambda: services.plan_update(plan=plan, actor=actors[who], title="改过的名称"),
    )
    plan.refresh_from_db()
    assert (plan.title == "改过的名称") == (who == "bureau")


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_hq_edits_a_draft_national_plan(actors, hq, who):
    plan = services.plan_create(actor=hq, year=YEAR + 1, **NATIONAL_BODY)
    _expect(who == "hq", lambda: services.plan_update(plan=plan, actor=actors[who], notes="新说明"))
    plan.refresh_from_db()
    assert (plan.notes == "新说明") == (who == "hq")


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_the_plans_bureau_adds_items(actors, make_plan, point, who):
    plan = make_plan()
    _expect(
        who == "bureau",
        lambda: services.item_create(plan=plan, actor=actors[who], **item_body(point)),
    )
    assert PlanItem.objects.filter(plan=plan).count() == (2 if who == "bureau" else 1)


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_a_bureaus_staff_set_up_monitoring_points(actors, who):
    made = _expect(
        who in ("bureau", "other_bureau"),
        lambda: services.point_create(actor=actors[who], name="点", kind="market", place="某市"),
    )
    assert MonitoringPoint.objects.count() == (1 if made else 0)


@pytest.mark.parametrize("who", SIGNED_IN)
def test_only_the_points_bureau_edits_it(actors, point, who):
    _expect(
        who == "bureau", lambda: services.point_update(point=point, actor=actors[who], active=False)
    )
    point.refresh_from_db()
    assert point.active is (who != "bureau")


TRANSITIONS = {
    # (plan, transition): who may fire it
    ("national", "publish"): {"hq"},
    ("national", "close"): {"hq"},
    ("local", "publish"): {"bureau"},
    ("local", "publish_results"): {"bureau"},
    ("local", "close"): {"bureau"},
}
FROM = {"publish": State.DRAFT, "publish_results": State.PUBLISHED, "close": State.PUBLISHED}


@pytest.mark.parametrize("who", SIGNED_IN)
@pytest.mark.parametrize("level,name", list(TRANSITIONS))
def test_who_fires_each_transition(actors, hq, make_plan, level, name, who):
    if level == "national":
        plan = services.plan_create(actor=hq, year=YEAR + 1, **NATIONAL_BODY)
        if name == "close":
            plan = services.plan_transition(plan=plan, name="publish", actor=hq)
    else:
        plan = make_plan(FROM[name])
    before = plan.state
    allowed = who in TRANSITIONS[(level, name)]
    _expect(
        allowed,
        lambda: services.plan_transition(plan=plan, name=name, actor=actors[who]),
        TransitionForbidden,
    )
    plan.refresh_from_db()
    assert (plan.state != before) == allowed
    entries = PlanHistory.objects.filter(plan=plan, transition=name)
    if allowed:
        (entry,) = entries
        assert entry.actor == actors[who] and entry.from_state == before
    else:
        assert not entries.exists()


@pytest.mark.parametrize("who", SIGNED_IN)
def test_the_plans_bureau_and_its_inspectors_record_results(actors, make_plan, who):
    plan = make_plan(State.PUBLISHED, results=0)
    item = plan.items.get()
    _expect(
        who in ("bureau", "inspector"),
        lambda: services.result_record(item=item, actor=actors[who], **result_body(9)),
    )
    assert SampleResult.objects.count() == (1 if who in ("bureau", "inspector") else 0)


@pytest.mark.parametrize("who", SIGNED_IN)
def test_the_plans_bureau_and_its_inspectors_correct_results(actors, make_plan, who):
    plan = make_plan(State.PUBLISHED, results=1, failed=0)
    first = plan.results.get()
    allowed = who in ("bureau", "inspector")
    body = {k: v for k, v in result_body(1).items() if k != "sample_code"}
    _expect(
        allowed,
        lambda: services.result_correct(
            result=first, actor=actors[who], reason="实验室更正", **{**body, "laboratory": "复检"}
        ),
    )
    assert SampleResult.objects.count() == (2 if allowed else 1)


# --- reads ------------------------------------------------------------------------------------

# Who reads a plan (its text, items and points), by the plan and its state.
PLAN_READERS = {
    ("national", "draft"): {"hq"},
    ("national", "published"): {"hq", "bureau", "inspector", "other_bureau", "other_inspector"},
    ("local", "draft"): {"hq", "bureau", "inspector"},
    ("local", "published"): {"hq", "bureau", "inspector", "other_bureau", "other_inspector"},
}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("level,state", list(PLAN_READERS))
def test_who_reads_a_plan(actors, hq, national, make_plan, level, state, who):
    if level == "national":
        plan = (
            national
            if state == "published"
            else services.plan_create(actor=hq, year=YEAR + 1, **NATIONAL_BODY)
        )
    else:
        plan = make_plan(state)
    seen = selectors.plans_visible_to(user=actors[who]).filter(pk=plan.pk).exists()
    assert seen == (who in PLAN_READERS[(level, state)])


# Who reads a local plan's results in full, by the plan's state.
RESULT_READERS = {
    State.PUBLISHED: {"hq", "bureau", "inspector"},
    State.RESULTS_PUBLISHED: {"hq", "bureau", "inspector", "other_bureau", "other_inspector"},
    "closed_with_results": {"hq", "bureau", "inspector", "other_bureau", "other_inspector"},
    State.CLOSED: {"hq", "bureau", "inspector"},
}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("state", list(RESULT_READERS))
def test_who_reads_the_results(actors, make_plan, state, who):
    plan = make_plan(state)
    readers = RESULT_READERS[state]
    assert selectors.results_open_to(plan, actors[who]) == (who in readers)
    listed = selectors.results_visible_to(user=actors[who]).filter(plan=plan).count()
    assert listed == (2 if who in readers else 0)
    public = selectors.public_plans().filter(pk=plan.pk).exists()
    assert public == (state in (State.RESULTS_PUBLISHED, "closed_with_results"))


@pytest.mark.parametrize("who", EVERYONE)
def test_who_reads_the_monitoring_points(actors, point, who):
    seen = selectors.points_visible_to(user=actors[who]).filter(pk=point.pk).exists()
    assert seen == (who in ("hq", "bureau", "inspector"))
