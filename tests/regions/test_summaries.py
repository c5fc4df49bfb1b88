"""The yearly round of annual summaries (SPEC §5, seed §17), run through its Celery tasks with the
clock moved across 1月1日–1月6日, Beijing time: draft with figures computed from the year's data,
remind by e-mail, submit on time or late, close with the national roll-up and the ranking. Every
task runs twice and changes nothing the second time. Also the rules of editing, submitting and
returning a summary, and the beat schedule that drives the round."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from applications.models import CertificateNumberRule
from applications.services import case_transition
from ecoorigin.celery import app as celery_app
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions import services
from regions.models import (
    AnnualSummary,
    Ranking,
    RankingEntry,
    RankingWeighting,
    SummaryRound,
    Zone,
)
from regions.services import SECTION_KEYS
from regions.tasks import close_summary_round, draft_summaries, remind_summaries
from supervision.models import Inspection, InspectionPlan, InspectionTarget
from supervision.services import complaint_handle, complaint_submit
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
YEAR = 2026


def at(*args) -> datetime:
    """A moment in Beijing time."""
    return datetime(*args, tzinfo=SH)


def travel(*args):
    return time_machine.travel(at(*args), tick=False)


def summary(code: str, year: int = YEAR) -> AnnualSummary:
    return AnnualSummary.objects.get(bureau__code=code, year=year)


def written(summary: AnnualSummary, actor) -> AnnualSummary:
    """The bureau writes every section's narrative and next year's plan."""
    return services.summary_update(
        summary=summary,
        actor=actor,
        narratives={key: f"{key} 工作情况" for key in SECTION_KEYS},
        next_year_plan="明年继续做好生态原产地产品保护工作。",
    )


@pytest.fixture
def people():
    return {
        "hq": factories.hq(username="sum-hq", email="hq@example.cn"),
        "beijing": factories.bureau_staff("beijing", username="sum-bj", email="bj@example.cn"),
        "chongqing": factories.bureau_staff("chongqing", username="sum-cq", email="cq@example.cn"),
        "hubei": factories.bureau_staff("hubei", username="sum-hb", email="hb@example.cn"),
    }


def _walk(case, steps):
    for actor, name, body in steps:
        case = case_transition(case=case, name=name, actor=actor, **body)
    return case


def _through_evaluation(people, plan, agency, *, bureau="beijing", score=90):
    """A case taken from submission to the agency's evaluation, all at the current moment."""
    case = ApplicationFactory(enterprise__bureau=factories.bureau(bureau))
    attach_required_materials(case)
    owner = factories.enterprise_staff(case.enterprise)
    clerk = people[bureau]
    return _walk(
        case,
        [
            (owner, "submit", {}),
            (clerk, "accept", {}),
            (clerk, "pre_evaluate", {}),
            (clerk, "recommend", {}),
            (people["hq"], "approve", {}),
            (owner, "choose_agency", {"agency": plan.agency}),
            (agency, "evaluate", {"score": score}),
        ],
    )


def _accepted(people, bureau="beijing"):
    case = ApplicationFactory(enterprise__bureau=factories.bureau(bureau))
    attach_required_materials(case)
    owner = factories.enterprise_staff(case.enterprise)
    return _walk(case, [(owner, "submit", {}), (people[bureau], "accept", {})])


@pytest.fixture
def year_data(people):
    """A year of work, each step on its own day of 2026 (Beijing time), with the data of the
    neighbouring years that must not count. Returns the figures it should produce."""
    hq, bj = people["hq"], people["beijing"]
    # The shipped numbering rule starts when the migration ran; this year is before that.
    CertificateNumberRule.objects.update(active_from=at(2020, 1, 1))
    with travel(2025, 12, 31, 23, 30):  # 2025 in Beijing (15:30 UTC): not counted
        _accepted(people)
        services.research_project_create(
            actor=people["chongqing"], title="去年的课题", start_date=date(2025, 12, 31)
        )
    with travel(2026, 1, 1, 0, 30):  # 2026 in Beijing, still 2025 in UTC: counted
        _accepted(people)
    with travel(2026, 3, 2, 10):
        plan = PlanFactory()
        agency = factories.agency_staff(plan.agency)
        rectified = _through_evaluation(people, plan, agency)
        revoked = _through_evaluation(people, plan, agency)
        _through_evaluation(people, plan, agency, score=50)  # 评定未通过
        returned = ApplicationFactory()
        attach_required_materials(returned)
        _walk(
            returned,
            [
                (factories.enterprise_staff(returned.enterprise), "submit", {}),
                (bj, "return", {"reason": "材料不全"}),
            ],
        )
        _accepted(people, "chongqing")
    with travel(2026, 4, 1, 10):
        rectified = case_transition(case=rectified, name="certify", actor=hq)
        revoked = case_transition(case=revoked, name="certify", actor=hq)
    with travel(2026, 5, 1, 10):
        case_transition(
            case=rectified,
            name="suspend",
            actor=hq,
            reason="监督检查发现标志使用不规范",
            deadline=date(2026, 6, 30),
        )
        complaint = complaint_submit(
            content="该产品包装上的生态原产地标志疑似冒用，请核查。",
            product_text="京西白茶",
            bureau=factories.bureau("beijing"),
        )
        inspection_plan = InspectionPlan.objects.create(
            name="2026年度抽查",
            created_by=hq,
            planned_date=date(2026, 5, 1),
            seed_commitment="0" * 64,
            seed="seed",
        )
        Inspection.objects.create(
            target=InspectionTarget.objects.create(
                plan=inspection_plan, application=revoked, position=1
            ),
            findings="未发现问题",
            outcome=Inspection.Outcome.NO_ISSUE,
            recorded_by=factories.inspector("jiangsu", username="sum-inspector"),
        )
    with travel(2026, 5, 4, 10):  # closed three days later
        complaint_handle(
            complaint=complaint, actor=bj, outcome="unfounded", resolution="经核查不属实"
        )
    with travel(2026, 6, 15, 10):
        case_transition(case=rectified, name="reinstate", actor=hq)
        case_transition(case=revoked, name="revoke", actor=hq, reason="冒用标志，拒不整改")
        services.research_project_create(
            actor=people["chongqing"],
            zone=Zone.objects.get(code="southwest"),
            members=[factories.bureau("hubei"), factories.bureau("hunan")],
            title="西南片区生态原产地产品特征研究",
            start_date=date(2026, 6, 15),
        )
        for actor, audience in [
            (people["chongqing"], 120),
            (people["hubei"], 80),
            (people["hubei"], 50),
            (bj, 200),
        ]:
            services.lecture_create(
                actor=actor,
                date=date(2026, 6, 15),
                place="会议中心",
                topic="生态原产地产品保护宣讲",
                audience_size=audience,
                speakers="专家组",
            )
    with travel(2027, 1, 1, 0, 10):  # next year's lecture: not counted
        services.lecture_create(
            actor=people["hubei"],
            date=date(2027, 1, 1),
            place="会议中心",
            topic="新年宣讲",
            audience_size=999,
            speakers="专家组",
        )
    return {
        "beijing": {
            "intake": {
                "cases_submitted": 5,
                "cases_accepted": 4,
                "cases_returned": 1,
                "cases_refused": 0,
            },
            "evaluation": {
                "evaluations_approved": 3,
                "evaluations_completed": 3,
                "evaluations_passed": 2,
                "newly_protected": 2,
            },
            "supervision": {
                "inspections_done": 1,
                "complaints_received": 1,
                "complaints_closed": 1,
                "complaint_handling_days": 3.0,
            },
            "rectification": {
                "suspensions": 1,
                "rectifications_closed": 1,
                "rectifications_overdue": 0,
            },
            "exit": {"revoked": 1, "expired": 0, "exits_handled": 1},
            "research": {"research_projects": 0},
            "outreach": {"lectures": 1, "lecture_audience": 200},
        },
        "chongqing": {
            "intake": {"cases_submitted": 1, "cases_accepted": 1},
            "research": {"research_projects": 1},
            "outreach": {"lectures": 1, "lecture_audience": 120},
        },
        "hubei": {
            "intake": {"cases_accepted": 0},
            "research": {"research_projects": 1},
            "outreach": {"lectures": 2, "lecture_audience": 130},
        },
        "hunan": {"research": {"research_projects": 1}, "outreach": {"lectures": 0}},
        "xizang": {
            "intake": {"cases_accepted": 0},
            "evaluation": {"newly_protected": 0},
            "research": {"research_projects": 0},
        },
    }


def assert_figures(summary: AnnualSummary, expected: dict) -> None:
    for section, numbers in expected.items():
        for name, value in numbers.items():
            assert summary.figures[section][name] == value, (summary.bureau.code, section, name)


# ---------------------------------------------------------------- draft (1月1日)


def test_draft_on_january_first_computes_every_bureau_s_figures(year_data):
    with travel(2027, 1, 1, 2, 0):
        assert draft_summaries.delay().get() == 35  # no argument: the year just ended

    assert AnnualSummary.objects.filter(year=YEAR).count() == 35
    assert not AnnualSummary.objects.exclude(year=YEAR).exists()
    for code, expected in year_data.items():
        drafted = summary(code)
        assert drafted.status == AnnualSummary.Status.DRAFT
        assert set(drafted.figures) == set(SECTION_KEYS)
        assert_figures(drafted, expected)
    assert SummaryRound.objects.filter(year=YEAR, closed_at=None).count() == 1


def test_drafting_twice_creates_nothing_twice_and_never_touches_a_submitted_summary(
    year_data, people
):
    with travel(2027, 1, 1, 2, 0):
        assert draft_summaries() == 35
        assert draft_summaries() == 0
    assert AnnualSummary.objects.filter(year=YEAR).count() == 35
    with travel(2027, 1, 2, 10):
        submitted = services.summary_submit(
            summary=written(summary("beijing"), people["beijing"]), actor=people["beijing"]
        )
    frozen = submitted.figures
    with travel(2026, 12, 31, 16):  # a late entry for 2026 changes the drafts, not the report
        _accepted(people)
        _accepted(people, "chongqing")

    with travel(2027, 1, 3, 2, 0):
        assert draft_summaries(YEAR) == 0

    assert AnnualSummary.objects.filter(year=YEAR).count() == 35
    after = summary("beijing")
    assert after.status == AnnualSummary.Status.SUBMITTED
    assert after.figures == frozen
    assert after.figures["intake"]["cases_accepted"] == 4
    assert after.narratives == submitted.narratives
    assert after.submitted_at == submitted.submitted_at
    assert summary("chongqing").figures["intake"]["cases_accepted"] == 2  # the draft is fresh


# ---------------------------------------------------------------- remind (1月2–4日)


def test_reminders_go_to_bureaus_that_have_not_submitted_once_a_day(people, mailoutbox):
    factories.bureau_staff(
        "hunan", username="sum-hn-gone", email="gone@example.cn", is_active=False
    )
    factories.enterprise_staff(username="sum-ent", email="ent@example.cn")
    with travel(2027, 1, 1, 2, 0):
        draft_summaries()
    with travel(2027, 1, 1, 15):
        services.summary_submit(
            summary=written(summary("beijing"), people["beijing"]), actor=people["beijing"]
        )

    with travel(2027, 1, 2, 9, 0):
        assert remind_summaries() == 34  # every bureau but Beijing is pending
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == ["cq@example.cn", "hb@example.cn"]
    assert all(str(YEAR) in message.subject for message in mailoutbox)
    assert any("重庆出入境检验检疫局" in message.body for message in mailoutbox)

    # Later the same Beijing day (already the next day in UTC for the 1月3日 run): nothing more.
    with travel(2027, 1, 2, 23, 30):
        assert remind_summaries() == 0
    assert len(mailoutbox) == 2

    with travel(2027, 1, 3, 0, 30):  # 1月3日 in Beijing, still 1月2日 in UTC
        services.summary_submit(
            summary=written(summary("hubei"), people["hubei"]), actor=people["hubei"]
        )
        assert remind_summaries() == 33
    assert len(mailoutbox) == 3
    assert mailoutbox[-1].to == ["cq@example.cn"]
    assert mail.outbox is mailoutbox


# ---------------------------------------------------------------- submit (before 1月5日)


def test_submitted_before_january_fifth_beijing_time_is_on_time_after_is_late(people):
    with travel(2027, 1, 1, 2, 0):
        draft_summaries()
    with travel(2027, 1, 4, 23, 59, 59):  # 15:59:59 UTC
        on_time = services.summary_submit(
            summary=written(summary("beijing"), people["beijing"]), actor=people["beijing"]
        )
    with travel(2027, 1, 5, 0, 0, 0):  # still 1月4日 in UTC
        late = services.summary_submit(
            summary=written(summary("chongqing"), people["chongqing"]), actor=people["chongqing"]
        )

    assert on_time.status == late.status == AnnualSummary.Status.SUBMITTED
    assert (on_time.late, late.late) == (False, True)
    assert on_time.submitted_by == people["beijing"]
    assert services.due_moment(YEAR) == at(2027, 1, 5)


# ---------------------------------------------------------------- close (1月5日)


def test_close_marks_late_rolls_up_and_ranks_and_running_it_twice_changes_nothing(
    year_data, people
):
    with travel(2027, 1, 1, 2, 0):
        draft_summaries()
    with travel(2027, 1, 4, 18):
        services.summary_submit(
            summary=written(summary("beijing"), people["beijing"]), actor=people["beijing"]
        )

    with travel(2027, 1, 5, 0, 5):
        assert close_summary_round() == YEAR
    round_ = SummaryRound.objects.get(year=YEAR)
    rollup = round_.rollup
    codes = sorted(AnnualSummary.objects.filter(year=YEAR).values_list("bureau__code", flat=True))
    assert rollup["bureaus"] == 35
    assert rollup["submitted"] == 1
    assert rollup["late"] == sorted(set(codes) - {"beijing"})
    assert set(rollup["sections"]) == set(SECTION_KEYS)
    assert rollup["sections"]["intake"]["cases_accepted"] == 5  # Beijing 4 + Chongqing 1
    assert rollup["sections"]["research"]["research_projects"] == 3  # led once, joined twice
    assert rollup["sections"]["outreach"]["lecture_audience"] == 200 + 120 + 80 + 50
    assert round_.closed_at == at(2027, 1, 5, 0, 5)
    assert AnnualSummary.objects.filter(year=YEAR, late=True).count() == 34
    assert not summary("beijing").late

    ranking = Ranking.objects.get(year=YEAR)
    assert ranking.entries.filter(bureau__isnull=False).count() == 35
    assert ranking.entries.filter(zone__isnull=False).count() == Zone.objects.count()
    beijing = ranking.entries.get(bureau__code="beijing")
    on_time = next(r for r in beijing.breakdown if r["indicator"] == "summary_on_time")
    assert on_time["raw"] == 1
    snapshot = ranking_rows()
    assert len(snapshot) == 35 + Zone.objects.count()

    with travel(2027, 1, 5, 0, 35):  # a retry, half an hour later
        assert close_summary_round(YEAR) == YEAR
    again = SummaryRound.objects.get(year=YEAR)
    assert again.rollup == rollup
    assert again.closed_at == round_.closed_at
    assert SummaryRound.objects.count() == 1
    assert AnnualSummary.objects.filter(year=YEAR).count() == 35
    assert Ranking.objects.count() == 1
    assert ranking_rows() == snapshot


def ranking_rows() -> list[tuple]:
    """Every entry as (bureau or zone code, score, rank, zone ranks); no code twice."""
    rows = sorted(
        (bureau or f"zone:{zone}", score, rank, sorted(zone_ranks.items()))
        for bureau, zone, score, rank, zone_ranks in RankingEntry.objects.values_list(
            "bureau__code", "zone__code", "score", "rank", "zone_ranks"
        )
    )
    assert len({row[0] for row in rows}) == len(rows)
    return rows


def test_a_retried_close_keeps_the_weighting_the_ranking_was_made_with(year_data, people):
    """Re-ranking a past year with a newer weighting is a deliberate act (docs/ranking.md),
    not a side effect of retrying the close task."""
    with travel(2027, 1, 5, 0, 5):
        close_summary_round()
    before = ranking_rows()
    RankingWeighting.objects.create(version=2, weights={"lectures": 100})

    with travel(2027, 1, 5, 1, 0):
        close_summary_round()

    assert Ranking.objects.get(year=YEAR).weighting.version == 1
    assert ranking_rows() == before


def test_close_drafts_a_missing_summary_and_marks_it_late():
    with travel(2027, 1, 5, 0, 5):
        close_summary_round()
    assert AnnualSummary.objects.filter(year=YEAR, late=True).count() == 35
    assert SummaryRound.objects.get(year=YEAR).rollup["submitted"] == 0


def test_a_summary_submitted_after_the_close_is_late(people):
    with travel(2027, 1, 5, 0, 5):
        close_summary_round()
    with travel(2027, 1, 6, 10):
        late = services.summary_submit(
            summary=written(summary("hubei"), people["hubei"]), actor=people["hubei"]
        )
    assert late.late and late.status == AnnualSummary.Status.SUBMITTED


# ---------------------------------------------------------------- who may edit, submit, return


@pytest.fixture
def drafted(people):
    services.summaries_draft(year=YEAR)
    return summary("beijing")


def test_only_the_bureau_itself_edits_its_summary(drafted, people, lead_bureau_user):
    narratives = {"intake": "受理情况"}
    for outsider in (people["hubei"], people["hq"], lead_bureau_user):
        with pytest.raises(NotPermitted):
            services.summary_update(
                summary=drafted, actor=outsider, narratives=narratives, next_year_plan="计划"
            )
        with pytest.raises(NotPermitted):
            services.summary_submit(summary=drafted, actor=outsider)
    assert summary("beijing").narratives == {}


def test_unknown_section_is_refused(drafted, people):
    with pytest.raises(InvalidInput) as refused:
        services.summary_update(
            summary=drafted, actor=people["beijing"], narratives={"other": "x"}, next_year_plan=""
        )
    assert "narratives" in refused.value.field_errors


def test_submit_names_the_sections_without_a_narrative(drafted, people):
    bj = people["beijing"]
    services.summary_update(
        summary=drafted,
        actor=bj,
        narratives={"intake": "受理情况", "evaluation": "评定情况", "outreach": "  "},
        next_year_plan="",
    )
    with pytest.raises(InvalidInput) as refused:
        services.summary_submit(summary=drafted, actor=bj)
    message = " ".join(refused.value.field_errors["narratives"])
    for label in ("实施监管", "整改结果", "产品退出", "科学研究", "巡讲宣贯"):
        assert label in message
    for label in ("受理申报", "组织评定"):
        assert label not in message
    assert "next_year_plan" in refused.value.field_errors
    assert summary("beijing").status == AnnualSummary.Status.DRAFT


def test_a_submitted_summary_is_frozen_until_hq_returns_it(drafted, people):
    bj, hq = people["beijing"], people["hq"]
    services.summary_submit(summary=written(drafted, bj), actor=bj)
    with pytest.raises(Conflict):
        services.summary_update(
            summary=drafted, actor=bj, narratives={"intake": "改"}, next_year_plan="改"
        )
    with pytest.raises(Conflict):
        services.summary_submit(summary=drafted, actor=bj)

    # Only HQ returns, and says why.
    for not_hq in (bj, people["chongqing"]):
        with pytest.raises(NotPermitted):
            services.summary_return(summary=drafted, actor=not_hq, reason="请补充")
    with pytest.raises(InvalidInput) as refused:
        services.summary_return(summary=drafted, actor=hq, reason="   ")
    assert "reason" in refused.value.field_errors
    assert summary("beijing").status == AnnualSummary.Status.SUBMITTED

    returned = services.summary_return(summary=drafted, actor=hq, reason="请补充科研数据")
    assert (returned.status, returned.return_reason) == ("returned", "请补充科研数据")
    with pytest.raises(Conflict):
        services.summary_return(summary=drafted, actor=hq, reason="再次退回")

    services.summary_update(
        summary=drafted,
        actor=bj,
        narratives={"research": "补充了科研情况"},
        next_year_plan="新计划",
    )
    resubmitted = services.summary_submit(summary=drafted, actor=bj)
    assert resubmitted.status == AnnualSummary.Status.SUBMITTED
    assert resubmitted.narratives["research"] == "补充了科研情况"
    assert resubmitted.return_reason == ""


def test_domain_errors_map_to_403_409_and_400():
    from ecoorigin.api import exception_handler

    for error, status in [(NotPermitted(), 403), (Conflict(), 409), (InvalidInput(), 400)]:
        assert exception_handler(error, {}).status_code == status


# ---------------------------------------------------------------- the beat schedule


ROUND = {
    "annual-summaries-draft": ("regions.tasks.draft_summaries", {1}, {2}),
    "annual-summaries-remind": ("regions.tasks.remind_summaries", {2, 3, 4}, {9}),
    "annual-summaries-close": ("regions.tasks.close_summary_round", {5}, {0}),
}


def test_the_beat_schedule_drafts_on_the_first_reminds_and_closes_on_the_fifth():
    schedule = settings.CELERY_BEAT_SCHEDULE
    celery_app.loader.import_default_modules()
    for name, (task, days, hours) in ROUND.items():
        entry = schedule[name]
        assert entry["task"] == task
        assert task in celery_app.tasks
        cron = entry["schedule"]
        assert cron.month_of_year == {1}
        assert cron.day_of_month == days
        assert cron.hour == hours
    assert celery_app.conf.timezone == "Asia/Shanghai"


# The scheduler closes stale database connections as it starts: outside a test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_scheduler_installs_the_round():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    scheduler = DatabaseScheduler(app=celery_app)
    try:
        rows = {
            task.name: task
            for task in PeriodicTask.objects.filter(name__in=ROUND).select_related("crontab")
        }
        assert set(rows) == set(ROUND)
        for name, (task, days, hours) in ROUND.items():
            row = rows[name]
            assert row.enabled and row.task == task
            assert row.crontab.month_of_year == "1"
            assert {int(day) for day in _expand(row.crontab.day_of_month)} == days
            assert {int(hour) for hour in _expand(row.crontab.hour)} == hours
            assert str(row.crontab.timezone) == "Asia/Shanghai"
            assert name in scheduler.schedule
            assert scheduler.schedule[name].task in celery_app.tasks
    finally:
        # The scheduler syncs (and closes stale connections) when collected: not in a test.
        scheduler._finalize.cancel()


def _expand(field: str) -> list[str]:
    if "-" in field:
        low, high = field.split("-")
        return [str(n) for n in range(int(low), int(high) + 1)]
    return field.split(",")


def test_the_round_fires_on_the_right_beijing_days():
    """From 2026-12-31 noon, Beijing time, when each entry of the round runs next."""
    expected = {
        "annual-summaries-draft": at(2027, 1, 1, 2, 0),
        "annual-summaries-remind": at(2027, 1, 2, 9, 0),
        "annual-summaries-close": at(2027, 1, 5, 0, 5),
    }
    for name, when in expected.items():
        cron = settings.CELERY_BEAT_SCHEDULE[name]["schedule"]
        # (last run, delta to the next run, now) in the schedule's time zone: the app's.
        last_run, delta, _now = cron.remaining_delta(at(2026, 12, 31, 12, 0))
        assert last_run + delta == when, name
    remind = settings.CELERY_BEAT_SCHEDULE["annual-summaries-remind"]["schedule"]
    last_run, delta, _now = remind.remaining_delta(at(2027, 1, 4, 9, 0))
    assert last_run + delta == at(2028, 1, 2, 9, 0)  # not on 1月5日 or later
