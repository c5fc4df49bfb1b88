"""The plan's life and the results' rules (seed 004 §二.1): each allowed edge and each refused
one (409, nothing changed), the conditions with their messages, result recording (state, body,
append-only corrections), and the progress and summaries computed from the current records."""

from datetime import date

import pytest
from django.utils import timezone

from casework.exceptions import TransitionNotAllowed
from ecoorigin.append_only import AppendOnlyError
from ecoorigin.exceptions import Conflict, InvalidInput
from monitoring import selectors, services
from monitoring.models import PlanHistory, SampleResult
from monitoring.workflow import State

from .conftest import LOCAL_BODY, NATIONAL_BODY, YEAR, item_body, result_body

pytestmark = pytest.mark.django_db

# Every edge of the plan's state machine, written out from the ADR: (from, transition) → to.
EDGES = {
    (State.DRAFT, "publish"): State.PUBLISHED,
    (State.PUBLISHED, "publish_results"): State.RESULTS_PUBLISHED,
    (State.PUBLISHED, "close"): State.CLOSED,
    (State.RESULTS_PUBLISHED, "close"): State.CLOSED,
}
STATES = [State.DRAFT, State.PUBLISHED, State.RESULTS_PUBLISHED, State.CLOSED]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["publish", "publish_results", "close"])
def test_each_edge_of_a_local_plan(make_plan, bureau, state, name):
    plan = make_plan(state)
    target = EDGES.get((state, name))
    before = PlanHistory.objects.filter(plan=plan).count()
    if target is None:
        with pytest.raises(TransitionNotAllowed):
            services.plan_transition(plan=plan, name=name, actor=bureau)
        plan.refresh_from_db()
        assert plan.state == state
        assert PlanHistory.objects.filter(plan=plan).count() == before
    else:
        done = services.plan_transition(plan=plan, name=name, actor=bureau, reason="年度结束")
        assert done.state == target
        entry = PlanHistory.objects.filter(plan=plan).latest("pk")
        assert (entry.transition, entry.from_state, entry.to_state) == (name, state, target)
        assert entry.actor == bureau and entry.reason == "年度结束"


def test_a_national_plan_publishes_closes_and_has_no_results(hq):
    plan = services.plan_create(actor=hq, year=YEAR, **NATIONAL_BODY)
    plan = services.plan_transition(plan=plan, name="publish", actor=hq)
    assert plan.state == State.PUBLISHED and plan.published_at is not None
    with pytest.raises(TransitionNotAllowed, match="尚无抽样检测结果"):
        services.plan_transition(plan=plan, name="publish_results", actor=hq)
    plan = services.plan_transition(plan=plan, name="close", actor=hq)
    assert plan.state == State.CLOSED and plan.closed_at is not None
    with pytest.raises(Conflict):
        services.item_create(plan=plan, actor=hq, product="x")


def test_a_local_plan_without_items_is_not_published(national, bureau):
    plan = services.plan_create(actor=bureau, national_plan=national, **LOCAL_BODY)
    with pytest.raises(TransitionNotAllowed, match="请先添加监测项目"):
        services.plan_transition(plan=plan, name="publish", actor=bureau)
    plan.refresh_from_db()
    assert plan.state == State.DRAFT


def test_a_local_plan_is_not_published_once_its_national_plan_closed(make_plan, hq, bureau):
    plan = make_plan()
    services.plan_transition(plan=plan.national_plan, name="close", actor=hq)
    with pytest.raises(TransitionNotAllowed, match="国家风险监测计划未在实施中"):
        services.plan_transition(plan=plan, name="publish", actor=bureau)


def test_results_are_published_only_when_there_are_some(make_plan, bureau):
    plan = make_plan(State.PUBLISHED, results=0)
    with pytest.raises(TransitionNotAllowed, match="尚无抽样检测结果"):
        services.plan_transition(plan=plan, name="publish_results", actor=bureau)


def test_a_local_plan_derives_only_from_a_published_national_plan(hq, bureau):
    draft = services.plan_create(actor=hq, year=YEAR, **NATIONAL_BODY)
    with pytest.raises(Conflict):
        services.plan_create(actor=bureau, national_plan=draft, **LOCAL_BODY)


def test_one_national_plan_a_year_and_one_local_plan_per_bureau(hq, national, bureau):
    with pytest.raises(Conflict):
        services.plan_create(actor=hq, year=YEAR, **NATIONAL_BODY)
    services.plan_create(actor=bureau, national_plan=national, **LOCAL_BODY)
    with pytest.raises(Conflict):
        services.plan_create(actor=bureau, national_plan=national, **LOCAL_BODY)


def test_bad_plan_input_names_each_field(hq):
    with pytest.raises(InvalidInput) as caught:
        services.plan_create(actor=hq, year=1800, title=" ", focus_products="")
    assert set(caught.value.field_errors) == {"year", "title", "focus_products"}


def test_a_published_plan_is_no_longer_edited(make_plan, bureau, point):
    plan = make_plan(State.PUBLISHED)
    with pytest.raises(Conflict):
        services.plan_update(plan=plan, actor=bureau, title="新")
    with pytest.raises(Conflict):
        services.item_create(plan=plan, actor=bureau, **item_body(point))
    with pytest.raises(Conflict):
        services.item_delete(item=plan.items.get(), actor=bureau)


def test_item_input_is_checked(make_plan, bureau, other_bureau):
    plan = make_plan()
    foreign = services.point_create(actor=other_bureau, name="兰州", kind="port", place="兰州")
    body = {
        "product": "",
        "point": foreign.pk,
        "quota": 0,
        "starts_on": date(YEAR, 5, 1),
        "ends_on": date(YEAR + 1, 4, 1),
    }
    with pytest.raises(InvalidInput) as caught:
        services.item_create(plan=plan, actor=bureau, **body)
    assert set(caught.value.field_errors) == {"product", "point", "quota", "ends_on"}
    item = plan.items.get()
    with pytest.raises(InvalidInput) as caught:
        services.item_update(item=item, actor=bureau, ends_on=date(YEAR, 1, 1))
    assert "ends_on" in caught.value.field_errors


def test_an_inactive_point_is_not_planned(make_plan, bureau, point):
    plan = make_plan()
    services.point_update(point=point, actor=bureau, active=False)
    with pytest.raises(InvalidInput) as caught:
        services.item_create(plan=plan, actor=bureau, **item_body(point))
    assert "point" in caught.value.field_errors


@pytest.mark.parametrize("state", [State.DRAFT, State.RESULTS_PUBLISHED, State.CLOSED])
def test_results_are_recorded_only_while_the_plan_is_published(make_plan, inspector, state):
    plan = make_plan(state)
    before = SampleResult.objects.count()
    with pytest.raises(Conflict):
        services.result_record(item=plan.items.get(), actor=inspector, **result_body(50))
    assert SampleResult.objects.count() == before


@pytest.mark.parametrize(
    "change,fields",
    [
        ({"verdict": "fail", "failed_items": ""}, {"failed_items"}),
        ({"verdict": "pass", "failed_items": "铅超标"}, {"failed_items"}),
        ({"verdict": "maybe"}, {"verdict"}),
        ({"credit_code": "91110000000000000X"}, {"credit_code"}),
        ({"sampled_on": date(YEAR - 1, 12, 31)}, {"sampled_on"}),
        ({"sampled_on": "not a date", "laboratory": ""}, {"sampled_on", "laboratory"}),
        ({"sample_code": "QH-2026-0001"}, {"sample_code"}),
    ],
)
def test_result_input_is_checked(make_plan, inspector, change, fields):
    plan = make_plan(State.PUBLISHED)
    with pytest.raises(InvalidInput) as caught:
        services.result_record(item=plan.items.get(), actor=inspector, **result_body(7, **change))
    assert set(caught.value.field_errors) == fields
    assert SampleResult.objects.count() == 2


def test_a_sample_is_not_dated_in_the_future(make_plan, inspector, monkeypatch):
    plan = make_plan(State.PUBLISHED)
    monkeypatch.setattr(timezone, "localdate", lambda: date(YEAR, 3, 31))
    with pytest.raises(InvalidInput) as caught:
        services.result_record(item=plan.items.get(), actor=inspector, **result_body(8))
    assert "sampled_on" in caught.value.field_errors


def test_a_correction_supersedes_and_keeps_the_old_record(make_plan, inspector, bureau):
    plan = make_plan(State.PUBLISHED, results=1, failed=1)
    first = plan.results.get()
    body = {k: v for k, v in result_body(1).items() if k != "sample_code"}
    corrected = services.result_correct(result=first, actor=bureau, reason="复检合格", **body)
    assert corrected.supersedes == first and corrected.sample_code == first.sample_code
    assert SampleResult.objects.count() == 2
    assert list(selectors.current(plan.results.all())) == [corrected]
    (line,) = selectors.product_summary(plan=plan)
    assert (line["samples"], line["failed"], line["pass_rate"]) == (1, 0, 100.0)
    with pytest.raises(Conflict):
        services.result_correct(result=first, actor=bureau, reason="再改", **body)
    with pytest.raises(InvalidInput) as caught:
        services.result_correct(result=corrected, actor=bureau, reason=" ", **body)
    assert "reason" in caught.value.field_errors


def test_results_are_append_only(make_plan):
    result = make_plan(State.PUBLISHED).results.first()
    result.notes = "改"
    with pytest.raises(AppendOnlyError):
        result.save()
    with pytest.raises(AppendOnlyError):
        SampleResult.objects.all().delete()


def test_quota_progress_and_summary_count_current_records(make_plan, inspector, bureau, point):
    plan = make_plan(State.PUBLISHED, results=3, failed=1)
    (item,) = selectors.plan_items(plan=plan)
    assert (item.quota, item.sampled, item.failed) == (3, 3, 1)
    (line,) = selectors.product_summary(plan=plan)
    assert line == {"product": "枸杞及其制品", "samples": 3, "failed": 1, "pass_rate": 66.7}
    assert [r.sample_code for r in selectors.failed_samples(plan=plan)] == ["QH-2026-0001"]


def test_a_failed_sample_is_a_credit_fact_until_corrected(make_plan, bureau):
    """Seed 004 §二.11: a failed sample of a named enterprise counts against its credit; the
    newest record of a sample is what counts (casework.credit)."""
    from casework.credit import credit_facts

    plan = make_plan(State.PUBLISHED, results=2, failed=1)
    failed = plan.results.get(verdict="fail")
    facts = [f for f in credit_facts(usccs=[failed.credit_code]) if f.kind == "sample_failed"]
    assert [(f.reference, f.occurred_on) for f in facts] == [
        (failed.sample_code, failed.sampled_on)
    ]
    passed = plan.results.get(verdict="pass")
    assert [f for f in credit_facts(usccs=[passed.credit_code]) if f.kind == "sample_failed"] == []

    services.result_correct(
        result=failed,
        actor=bureau,
        reason="复检合格，原记录录入有误。",
        **{k: v for k, v in result_body(1).items() if k != "sample_code"},
    )
    assert [f for f in credit_facts(usccs=[failed.credit_code]) if f.kind == "sample_failed"] == []
