"""年度行动计划 (seed 003 §四.(一)): who drafts a plan (a planning unit: a place's bureau clerks and
quality authority, an HQ department named as a unit), who sees it before and after the leading
group approves it, every step of its workflow allowed and refused, its milestones, the progress
reports on them and the overdue flags."""

from datetime import date

import pytest
import time_machine

from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from cooperation import selectors, services
from cooperation.models import ActionPlan, ActionPlanHistory, Milestone, ProgressReport
from ecoorigin.append_only import AppendOnlyError
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db

PLANNERS = {
    "beijing_bureau": ("bureau", "beijing"),
    "tianjin_authority": ("organisation", "zj-tianjin"),
    "hebei_bureau": ("bureau", "hebei"),
    "renjianwei": ("organisation", "renjianwei"),
    "biaozhunwei": ("organisation", "biaozhunwei"),
    "tongguan": ("organisation", "tongguan"),
}
NOT_PLANNERS = (
    "beijing_inspector",
    "hq",
    "jiangsu_bureau",
    "jiangsu_authority",
    "enterprise",
    "agency",
)
# A task each planner's unit leads or joins: the places' bureaus 13, their authorities 6,
# 认监委 18, 标准委 1, 通关司 23.
TASK_OF = {
    "beijing_bureau": 13,
    "hebei_bureau": 13,
    "tianjin_authority": 6,
    "renjianwei": 18,
    "biaozhunwei": 1,
    "tongguan": 23,
}


# --- Who drafts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLANNERS)
def test_a_planning_unit_drafts_its_own_plan(actors, name):
    plan = services.plan_create(actor=actors[name], year=2026)
    kind, code = PLANNERS[name]
    assert plan.state == "draft"
    assert getattr(plan, kind).code == code
    assert plan.drafted_by == actors[name]


@pytest.mark.parametrize("name", NOT_PLANNERS)
def test_others_may_not_draft(actors, name):
    with pytest.raises(NotPermitted):
        services.plan_create(actor=actors[name], year=2026)
    assert not ActionPlan.objects.exists()


def test_one_plan_a_unit_a_year_whoever_of_the_unit_drafts(actors):
    services.plan_create(actor=actors["beijing_bureau"], year=2026)
    with pytest.raises(Conflict):
        services.plan_create(actor=actors["beijing_bureau_2"], year=2026)
    services.plan_create(actor=actors["beijing_bureau_2"], year=2027)
    assert ActionPlan.objects.count() == 2


@pytest.mark.parametrize("year", [2025, 2028, "2026", None])
def test_a_plan_is_for_this_year_or_the_next(actors, year):
    with pytest.raises(InvalidInput) as refused:
        services.plan_create(actor=actors["beijing_bureau"], year=year)
    assert "year" in refused.value.field_errors


# --- Who sees it ---------------------------------------------------------------------------------

EVERY_READER = (
    "beijing_bureau",
    "beijing_bureau_2",
    "beijing_inspector",
    "tianjin_bureau",
    "tianjin_authority",
    "hebei_inspector",
    "renjianwei",
    "biaozhunwei",
    "tongguan",
    "hq",
)
OUTSIDERS = ("jiangsu_bureau", "jiangsu_authority", "enterprise", "agency")


def visible(actors, name, plan) -> bool:
    return selectors.plans_visible_to(actors[name]).filter(pk=plan.pk).exists()


def test_a_draft_is_its_units_alone(actors, draft):
    plan = draft()
    seen = {name for name in EVERY_READER + OUTSIDERS if visible(actors, name, plan)}
    assert seen == {"beijing_bureau", "beijing_bureau_2"}


def test_a_submitted_plan_is_its_units_and_the_leading_groups(actors, draft):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    seen = {name for name in EVERY_READER + OUTSIDERS if visible(actors, name, plan)}
    assert seen == {"beijing_bureau", "beijing_bureau_2", "hq"}


def test_an_approved_plan_is_published_to_every_member(actors, approved):
    plan = approved()
    seen = {name for name in EVERY_READER + OUTSIDERS if visible(actors, name, plan)}
    assert seen == set(EVERY_READER)


# --- The steps, allowed and refused --------------------------------------------------------------


def test_the_unit_submits_its_plan(actors, draft):
    plan = services.plan_transition(plan=draft(), name="submit", actor=actors["beijing_bureau_2"])
    assert plan.state == "submitted"
    assert plan.submitted_at is not None


@pytest.mark.parametrize("name", ["tianjin_bureau", "beijing_inspector", "hq", "tongguan"])
def test_no_one_else_submits_it(actors, draft, name):
    plan = draft()
    with pytest.raises(TransitionForbidden):
        services.plan_transition(plan=plan, name="submit", actor=actors[name])
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_a_plan_without_milestones_is_not_submitted(actors, draft):
    plan = draft(milestones=())
    with pytest.raises(TransitionNotAllowed) as refused:
        services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    assert "节点" in str(refused.value.message)


def test_hq_approves_a_submitted_plan(actors, approved):
    plan = approved()
    assert plan.state == "approved"
    assert plan.approved_at is not None


@pytest.mark.parametrize("name", ["beijing_bureau", "renjianwei", "biaozhunwei", "tongguan"])
def test_only_the_leading_group_approves(actors, draft, name):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    with pytest.raises(TransitionForbidden):
        services.plan_transition(plan=plan, name="approve", actor=actors[name])


def test_a_draft_is_not_approved(actors, draft):
    plan = draft()
    with pytest.raises(TransitionNotAllowed):
        services.plan_transition(plan=plan, name="approve", actor=actors["hq"])


def test_hq_returns_a_plan_with_a_reason_and_the_unit_resubmits(actors, draft):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    with pytest.raises(InvalidTransitionInput) as refused:
        services.plan_transition(plan=plan, name="return", actor=actors["hq"], reason=" ")
    assert "reason" in refused.value.field_errors
    plan = services.plan_transition(
        plan=plan, name="return", actor=actors["hq"], reason="节点不够具体"
    )
    assert plan.state == "returned"
    services.milestone_add(
        plan=plan,
        actor=actors["beijing_bureau"],
        task=14,
        title="开展一次互查互评",
        due_date=date(2026, 11, 30),
    )
    plan = services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    assert plan.state == "submitted"
    rows = list(ActionPlanHistory.objects.filter(plan=plan).values_list("transition", "reason"))
    assert rows == [("submit", ""), ("return", "节点不够具体"), ("submit", "")]


def test_the_unit_may_not_return_its_own_plan(actors, draft):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    with pytest.raises(TransitionForbidden):
        services.plan_transition(
            plan=plan, name="return", actor=actors["beijing_bureau"], reason="x"
        )


def test_two_decisions_race_one_wins(actors, draft):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    stale = ActionPlan.objects.get(pk=plan.pk)
    services.plan_transition(plan=plan, name="approve", actor=actors["hq"])
    with pytest.raises(TransitionNotAllowed):
        services.plan_transition(plan=stale, name="return", actor=actors["hq"], reason="晚了")
    assert ActionPlan.objects.get(pk=plan.pk).state == "approved"


def test_the_year_end_account_waits_for_december(actors, approved):
    plan = approved()
    with pytest.raises(TransitionNotAllowed) as refused:
        services.plan_transition(
            plan=plan, name="report", actor=actors["beijing_bureau"], implementation="完成"
        )
    assert "12 月 1 日" in str(refused.value.message)
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        with pytest.raises(InvalidTransitionInput) as empty:
            services.plan_transition(
                plan=plan, name="report", actor=actors["beijing_bureau"], implementation=" "
            )
        assert "implementation" in empty.value.field_errors
        with pytest.raises(TransitionForbidden):
            services.plan_transition(
                plan=plan, name="report", actor=actors["hq"], implementation="完成"
            )
        plan = services.plan_transition(
            plan=plan,
            name="report",
            actor=actors["beijing_bureau"],
            implementation="全年 1 个节点按期完成。",
        )
    assert plan.state == "reported"
    assert plan.implementation == "全年 1 个节点按期完成。"


def test_history_is_append_only(actors, approved):
    entry = ActionPlanHistory.objects.filter(plan=approved()).first()
    with pytest.raises(AppendOnlyError):
        entry.save()


# --- Milestones ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TASK_OF)
def test_milestones_go_on_tasks_of_the_unit(actors, name):
    plan = services.plan_create(actor=actors[name], year=2026)
    milestone = services.milestone_add(
        plan=plan, actor=actors[name], task=TASK_OF[name], title="节点", due_date=date(2026, 8, 1)
    )
    assert milestone.task.number == TASK_OF[name]


def test_a_task_the_unit_does_not_carry_is_refused(actors):
    # Task 6 (监督司 with the places' quality authorities) is not the bureaus'.
    plan = services.plan_create(actor=actors["beijing_bureau"], year=2026)
    with pytest.raises(InvalidInput) as refused:
        services.milestone_add(
            plan=plan, actor=actors["beijing_bureau"], task=6, title="x", due_date=date(2026, 8, 1)
        )
    assert set(refused.value.field_errors) == {"task"}


@pytest.mark.parametrize(
    ("title", "due", "fields"),
    [
        ("", date(2026, 8, 1), {"title"}),
        ("x" * 201, date(2026, 8, 1), {"title"}),
        ("节点", date(2027, 1, 1), {"due_date"}),
        ("节点", "2026-02-30", {"due_date"}),
        ("节点", None, {"due_date"}),
    ],
)
def test_a_milestone_needs_a_title_and_a_date_in_the_year(actors, title, due, fields):
    plan = services.plan_create(actor=actors["beijing_bureau"], year=2026)
    with pytest.raises(InvalidInput) as refused:
        services.milestone_add(
            plan=plan, actor=actors["beijing_bureau"], task=13, title=title, due_date=due
        )
    assert set(refused.value.field_errors) == fields
    assert not Milestone.objects.exists()


def test_milestones_are_fixed_once_submitted(actors, draft):
    plan = draft()
    services.plan_transition(plan=plan, name="submit", actor=actors["beijing_bureau"])
    with pytest.raises(Conflict):
        services.milestone_add(
            plan=plan, actor=actors["beijing_bureau"], task=13, title="x", due_date=date(2026, 8, 1)
        )
    with pytest.raises(Conflict):
        services.milestone_remove(milestone=plan.milestones.get(), actor=actors["beijing_bureau"])
    with pytest.raises(Conflict):
        services.plan_change(plan=plan, actor=actors["beijing_bureau"], summary="改")


@pytest.mark.parametrize("name", ["tianjin_bureau", "hq", "beijing_inspector"])
def test_only_the_unit_edits_its_draft(actors, draft, name):
    plan = draft()
    with pytest.raises(NotPermitted):
        services.milestone_remove(milestone=plan.milestones.get(), actor=actors[name])
    with pytest.raises(NotPermitted):
        services.plan_change(plan=plan, actor=actors[name], summary="改")
    assert plan.milestones.count() == 1


def test_the_unit_removes_a_milestone_of_its_draft(actors, draft):
    plan = draft()
    services.milestone_remove(milestone=plan.milestones.get(), actor=actors["beijing_bureau_2"])
    assert not plan.milestones.exists()


# --- Progress and overdue --------------------------------------------------------------------------


def test_progress_is_reported_on_an_approved_plan_only(actors, draft):
    plan = draft()
    with pytest.raises(Conflict):
        services.progress_report(
            milestone=plan.milestones.get(), actor=actors["beijing_bureau"], percent=10, text="x"
        )
    assert not ProgressReport.objects.exists()


def test_progress_goes_forward_and_completes_at_100(actors, approved):
    milestone = approved().milestones.get()
    actor = actors["beijing_bureau"]
    services.progress_report(milestone=milestone, actor=actor, percent=40, text="已起草方案")
    with pytest.raises(InvalidInput) as back:
        services.progress_report(milestone=milestone, actor=actor, percent=30, text="倒退")
    assert "percent" in back.value.field_errors
    with pytest.raises(InvalidInput) as early:
        services.progress_report(
            milestone=milestone, actor=actor, percent=60, text="x", completed_on=date(2026, 6, 1)
        )
    assert "completed_on" in early.value.field_errors
    with pytest.raises(InvalidInput) as future:
        services.progress_report(
            milestone=milestone, actor=actor, percent=100, text="x", completed_on=date(2026, 7, 1)
        )
    assert "completed_on" in future.value.field_errors
    services.progress_report(milestone=milestone, actor=actor, percent=100, text="已完成")
    milestone.refresh_from_db()
    assert (milestone.percent, milestone.completed_on) == (100, date(2026, 6, 15))
    with pytest.raises(Conflict):
        services.progress_report(milestone=milestone, actor=actor, percent=100, text="再报")
    assert list(milestone.reports.values_list("percent", flat=True)) == [40, 100]


@pytest.mark.parametrize("percent", [-1, 101, "50", None, True])
def test_progress_is_a_whole_percentage(actors, approved, percent):
    milestone = approved().milestones.get()
    with pytest.raises(InvalidInput) as refused:
        services.progress_report(
            milestone=milestone, actor=actors["beijing_bureau"], percent=percent, text="x"
        )
    assert "percent" in refused.value.field_errors


@pytest.mark.parametrize("name", ["tianjin_bureau", "hq", "renjianwei", "beijing_inspector"])
def test_only_the_unit_reports_progress(actors, approved, name):
    milestone = approved().milestones.get()
    with pytest.raises(NotPermitted):
        services.progress_report(milestone=milestone, actor=actors[name], percent=10, text="x")


def test_a_milestone_past_its_date_is_overdue_until_completed(actors, approved):
    plan = approved(milestones=((13, date(2026, 6, 30)), (14, date(2026, 9, 30))))
    first, _second = plan.milestones.order_by("due_date")
    with time_machine.travel("2026-07-02 10:00 +0800", tick=False):
        listed = selectors.plans_filtered(user=actors["tianjin_bureau"], year=2026).get()
        assert (listed.milestone_count, listed.overdue_count, listed.completed_count) == (2, 1, 0)
        assert [m.overdue for m in selectors.plan_milestones(plan=plan)] == [True, False]
        assert list(selectors.own_overdue_milestones(actors["beijing_bureau"])) == [first]
        assert selectors.plans_filtered(user=actors["hq"], overdue=True).count() == 1
        services.progress_report(
            milestone=first, actor=actors["beijing_bureau"], percent=100, text="完成"
        )
        first.refresh_from_db()
        assert first.completed_late and not first.overdue
        assert not selectors.own_overdue_milestones(actors["beijing_bureau"]).exists()


def test_a_drafts_dates_are_never_overdue(actors, draft):
    draft(milestones=((13, date(2026, 3, 1)),))
    assert not selectors.own_overdue_milestones(actors["beijing_bureau"]).exists()
    assert selectors.plans_filtered(user=actors["beijing_bureau"]).get().overdue_count == 0
