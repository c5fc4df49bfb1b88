"""The notice period on the Chinese calendar (time-machine), and certification refused (409)
while it runs or while an objection is open (issue 20 point 3, ADR 0023)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.models import Application, CaseHistory, Certificate, Notice
from applications.services import case_transition
from casework.models import WorkingDayOverride
from ecoorigin.exceptions import Conflict, InvalidInput
from publicity import selectors, services
from publicity.models import Objection
from publicity.services import notice_period_end

from .conftest import evaluated_case, object_to, publish

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    "published, end",
    [
        # Ten calendar days from the day after: Thursday 24 September ends on Sunday 4 October,
        # in the 国庆 holiday (1–7 October 2026): the first working day after it, 8 October.
        (date(2026, 9, 24), date(2026, 10, 8)),
        # Ending on Saturday 10 October, a 调休 working day: it stays.
        (date(2026, 9, 30), date(2026, 10, 10)),
        # Ending on 15 February 2026, in the 春节 holiday (15–23 February): 24 February.
        (date(2026, 2, 5), date(2026, 2, 24)),
        # An ordinary Thursday stays.
        (date(2026, 3, 2), date(2026, 3, 12)),
        # An ordinary Sunday moves to Monday.
        (date(2026, 3, 5), date(2026, 3, 16)),
    ],
)
def test_the_period_ends_on_a_working_day(published, end):
    assert notice_period_end(published, 10) == end


def test_hq_s_override_of_the_calendar_counts():
    # Suppose a day off announced after the package's release: the end moves past it.
    WorkingDayOverride.objects.create(date=date(2026, 3, 12), is_working_day=False)
    assert notice_period_end(date(2026, 3, 2), 10) == date(2026, 3, 13)


def test_the_period_is_hq_s_setting(world):
    services.setting_update(actor=world.hq, period_days=15, required=False)
    with time_machine.travel(noon(date(2026, 3, 2)), tick=False):
        batch = publish(world)
    assert batch.period_days == 15 and batch.ends_on == date(2026, 3, 17)
    with pytest.raises(Exception):  # noqa: B017 - 400 with a field message
        services.setting_update(actor=world.hq, period_days=0, required=False)


def test_certification_waits_for_the_end_of_the_period_around_national_day(world):
    with time_machine.travel(noon(date(2026, 9, 24)), tick=False):
        batch = publish(world)
    assert batch.ends_on == date(2026, 10, 8)
    for day in [date(2026, 9, 25), date(2026, 10, 4), date(2026, 10, 8)]:
        with time_machine.travel(noon(day), tick=False):
            with pytest.raises(Conflict) as refused:
                case_transition(case=world.case, name="certify", actor=world.hq)
            assert batch.number in str(refused.value.message)
            # Objections are received up to and including the last day.
            object_to(batch) if day == date(2026, 10, 8) else None
    with time_machine.travel(noon(date(2026, 10, 9)), tick=False):
        # The last day's objection is still open: refused until HQ decides.
        with pytest.raises(Conflict):
            case_transition(case=world.case, name="certify", actor=world.hq)
        # No objection after the last day.
        with pytest.raises(Conflict):
            object_to(batch)
        objection = batch.entries.get().objections.get()
        services.objection_record_bureau_view(
            actor=world.bureau, objection=objection, view="不属实"
        )
        services.objection_decide(
            actor=world.hq, objection=objection, upheld=False, reason="不成立"
        )
        case_transition(case=world.case, name="certify", actor=world.hq)
    assert Certificate.objects.filter(application=world.case).exists()
    certificate = Certificate.objects.get(application=world.case)
    assert selectors.batch_of_certificate(certificate) == batch


def test_the_api_answers_409_while_the_period_runs(world, api_for):
    with time_machine.travel(noon(date(2026, 2, 5)), tick=False):
        publish(world)
    with time_machine.travel(noon(date(2026, 2, 20)), tick=False):  # 春节, period runs
        answer = api_for(world.hq).post(
            f"/api/v1/applications/{world.case.pk}/transitions/certify/", {}, format="json"
        )
    assert answer.status_code == 409, answer.content
    with time_machine.travel(noon(date(2026, 2, 25)), tick=False):
        answer = api_for(world.hq).post(
            f"/api/v1/applications/{world.case.pk}/transitions/certify/", {}, format="json"
        )
    assert answer.status_code in (200, 201), answer.content


def test_an_upheld_objection_sends_the_case_back_to_evaluation_through_the_engine(world):
    batch = publish(world)
    objection = object_to(batch)
    services.objection_record_bureau_view(actor=world.bureau, objection=objection, view="属实")
    services.objection_decide(
        actor=world.hq,
        objection=objection,
        upheld=True,
        reason="产地不符",
        consequence="reevaluate",
    )
    case = Application.objects.get(pk=world.case.pk)
    assert case.state == "evaluating" and case.score is None
    step = CaseHistory.objects.filter(application=case).latest("pk")
    assert (step.transition, step.from_state, step.to_state) == (
        "reevaluate",
        "evaluated",
        "evaluating",
    )
    assert step.actor == world.hq and objection.tracking_code in step.reason
    assert Objection.objects.get().consequence == "reevaluate"
    # The agency evaluates again; the product must then be published in a new batch.
    case = case_transition(case=case, name="evaluate", actor=world.agency, score=88, report="复评")
    later = batch.ends_on + timedelta(days=1)
    with time_machine.travel(noon(later), tick=False):
        with pytest.raises(Conflict) as refused:
            case_transition(case=case, name="certify", actor=world.hq)
        assert "撤出" in str(refused.value.message)
        assert case in selectors.publishable_cases(user=world.hq)
        entry = batch.entries.get()
        assert selectors.outcome_of(entry) == "withdrawn"


def test_an_upheld_objection_may_end_in_no_approval(world):
    objection = object_to(publish(world))
    services.objection_record_bureau_view(actor=world.bureau, objection=objection, view="属实")
    services.objection_decide(
        actor=world.hq,
        objection=objection,
        upheld=True,
        reason="产品与原产地不符",
        consequence="not_approve",
    )
    assert Application.objects.get(pk=world.case.pk).state == "not_approved"
    notice = Notice.objects.get(application=world.case, kind="not_approved")
    assert "经评定后未获批准保护" in notice.body


@pytest.mark.parametrize(
    "upheld, consequence, field",
    [
        (True, "", "consequence"),
        (False, "reevaluate", "consequence"),
        (True, "revoke", "consequence"),
    ],
)
def test_the_consequence_goes_with_an_upheld_objection_only(world, upheld, consequence, field):
    objection = object_to(publish(world))
    services.objection_record_bureau_view(actor=world.bureau, objection=objection, view="属实")
    with pytest.raises(InvalidInput) as refused:
        services.objection_decide(
            actor=world.hq,
            objection=objection,
            upheld=upheld,
            reason="理由",
            consequence=consequence,
        )
    assert field in refused.value.field_errors
    assert Objection.objects.get().status == "open"
    assert Application.objects.get(pk=world.case.pk).state == "evaluated"


def test_the_api_takes_the_consequence(world, api_for):
    objection = object_to(publish(world))
    services.objection_record_bureau_view(actor=world.bureau, objection=objection, view="属实")
    url = f"/api/v1/notice-objections/{objection.pk}/decide/"
    refused = api_for(world.hq).post(url, {"outcome": "upheld", "reason": "成立"}, format="json")
    assert refused.status_code == 400 and "consequence" in refused.json()
    answer = api_for(world.hq).post(
        url,
        {"outcome": "upheld", "reason": "成立", "consequence": "not_approve"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["consequence"] == "not_approve"
    assert Application.objects.get(pk=world.case.pk).state == "not_approved"


def test_a_case_never_published_certifies_unless_hq_requires_the_notice(world):
    other = evaluated_case()
    services.setting_update(actor=world.hq, period_days=10, required=True)
    with pytest.raises(Conflict):
        case_transition(case=other, name="certify", actor=world.hq)
    services.setting_update(actor=world.hq, period_days=10, required=False)
    case_transition(case=other, name="certify", actor=world.hq)
    assert Certificate.objects.filter(application=other).exists()


def test_the_public_record_shows_outcomes_and_the_verification_names_the_batch(world, client):
    second = evaluated_case(product_name="妙峰山玫瑰")
    with time_machine.travel(noon(date(2026, 3, 2)), tick=False):
        batch = publish(world, world.case, second)
        services.entry_withdraw(
            actor=world.hq, entry=batch.entries.get(application=second), reason="企业申请撤回"
        )
    with time_machine.travel(noon(date(2026, 3, 13)), tick=False):
        case_transition(case=world.case, name="certify", actor=world.hq)
        page = client.get(f"/public/notices/{batch.number}/")
        assert "已颁证" in page.text and "已撤出公示" in page.text
        number = Certificate.objects.get(application=world.case).number
        verify = client.get(f"/public/verify/{number}/")
        assert batch.number in verify.text


def test_the_notice_list_reads_in_a_constant_number_of_queries(
    world, client, django_assert_max_num_queries
):
    for n in range(3):
        publish(world, evaluated_case(product_name=f"产品{n}"))
    with django_assert_max_num_queries(12):
        assert client.get("/public/notices/").status_code == 200


def test_the_public_api_lists_batches_in_a_constant_number_of_queries(
    world, api_client, django_assert_max_num_queries
):
    for n in range(4):
        publish(world, evaluated_case(product_name=f"产品{n}"))
    with django_assert_max_num_queries(4):
        answer = api_client.get("/api/v1/public/notices/")
    assert answer.status_code == 200
    assert len(answer.json()["results"]) == 4
    assert {row["entries"][0]["product"] for row in answer.json()["results"]} == {
        f"产品{n}" for n in range(4)
    }
