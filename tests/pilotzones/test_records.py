"""国检试验区: what the services write and refuse to write.

The lead's decision answers every objection of the working group (§五.3), stored beside it;
approvals and the library of practice are numbered, running on within a year; bad input is a 400
naming each field, changing nothing (no number spent, no audit row); and each write beside the
cases (not a transition: those have their history) leaves an audit row."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AuditEntry
from casework.exceptions import InvalidTransitionInput, TransitionForbidden, TransitionNotAllowed
from casework.models import NumberSequence
from ecoorigin.exceptions import InvalidInput
from pilotzones import services
from pilotzones.models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    PilotZone,
    PracticeAdoption,
    ReplicablePractice,
    ZoneHistory,
)
from regions.models import Organisation
from tests import factories

from .conftest import MEASURE_BODY, PRACTICE_BODY, ZONE_BODY
from .test_matrix import measure_snapshot, practice_snapshot, status, zone_snapshot

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def opinions(zone, members, objecting: dict[str, str]) -> None:
    """Every member answers; those in `objecting` object with the given opinion."""
    for code, member in members.items():
        verdict = "object" if code in objecting else "agree"
        services.acceptance_opinion_record(
            zone=zone, actor=member, verdict=verdict, opinion=objecting.get(code, "同意。")
        )


# ---------------------------------------------------------------- the lead answers every objection

OBJECTING = {"weisheng": "卫生检疫设施不足。", "dongzhi": "缺少动植物隔离场所。"}
NAMES = {"weisheng": "卫生检疫监管司", "dongzhi": "动植物检疫监管司"}


@pytest.mark.parametrize("name", ["approve", "not_approve"])
@pytest.mark.parametrize(
    ("responses", "missing"),
    [
        (None, ["weisheng", "dongzhi"]),
        ({}, ["weisheng", "dongzhi"]),
        ({"weisheng": "已要求补充。"}, ["dongzhi"]),
        ({"weisheng": "已要求补充。", "dongzhi": "   "}, ["dongzhi"]),
        ({"renjianwei": "无异议。", "shipin": "无异议。"}, ["weisheng", "dongzhi"]),
    ],
    ids=["absent", "empty", "one-missing", "one-blank", "answers-to-others"],
)
def test_the_decision_must_answer_every_objection(
    make_zone, lead, members, name, responses, missing
):
    zone = make_zone("acceptance")
    opinions(zone, members, OBJECTING)
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_transition(
            zone=zone, name=name, actor=lead, reason="条件不具备。", responses=responses
        )
    assert status(refused.value) == 400
    departments = "、".join(NAMES[code] for code in missing)
    assert refused.value.field_errors == {
        "responses": [f"请逐条答复成员司局的异议：{departments}。"]
    }
    assert zone_snapshot(zone.pk) == before  # no number spent either


@pytest.mark.parametrize(
    "responses",
    [["已答复"], "已答复", {"weisheng": 1}, {1: "已答复"}],
    ids=["list", "text", "non-text-answer", "non-text-key"],
)
def test_responses_are_answers_by_department_code(make_zone, lead, members, responses):
    zone = make_zone("acceptance")
    opinions(zone, members, OBJECTING)
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_transition(zone=zone, name="approve", actor=lead, responses=responses)
    assert refused.value.field_errors == {"responses": ["答复应按司局代码逐条填写。"]}
    assert zone_snapshot(zone.pk) == before


@pytest.mark.parametrize("name", ["approve", "not_approve"])
def test_the_answers_are_stored_on_the_objections(make_zone, lead, members, name):
    zone = make_zone("acceptance")
    opinions(zone, members, OBJECTING)
    answers = {"weisheng": "  已要求补充卫生检疫设施。 ", "dongzhi": "隔离场所列入一期建设。"}
    services.zone_transition(
        zone=zone,
        name=name,
        actor=lead,
        reason="条件不具备。",
        # An answer to a department that agreed is not stored: there is nothing to answer.
        responses={**answers, "shipin": "无异议。"},
    )
    stored = {
        o.department.code: (o.verdict, o.opinion, o.response)
        for o in AcceptanceOpinion.objects.filter(zone=zone).select_related("department")
    }
    assert stored == {
        "renjianwei": ("agree", "同意。", ""),
        "weisheng": ("object", "卫生检疫设施不足。", "已要求补充卫生检疫设施。"),
        "dongzhi": ("object", "缺少动植物隔离场所。", "隔离场所列入一期建设。"),
        "jianyan": ("agree", "同意。", ""),
        "shipin": ("agree", "同意。", ""),
    }
    entry = ZoneHistory.objects.get(zone=zone, transition=name)
    assert entry.data["responses"] == {
        "weisheng": "已要求补充卫生检疫设施。",
        "dongzhi": "隔离场所列入一期建设。",
    }


def test_without_objections_nothing_needs_answering(make_zone, lead, members):
    zone = make_zone("acceptance")
    opinions(zone, members, {})
    approved = services.zone_transition(zone=zone, name="approve", actor=lead)
    assert approved.state == "approved"
    assert ZoneHistory.objects.get(zone=zone, transition="approve").data["responses"] == {}


# ---------------------------------------------------------------- numbers


def test_approval_numbers_run_on_within_the_year(make_zone, lead, members):
    year = TODAY().year
    first = make_zone("approved")
    refused = make_zone("not_approved")
    # A decision refused for want of an answer spends no number.
    pending = make_zone("acceptance")
    opinions(pending, members, {"jianyan": "检测能力不足。"})
    with pytest.raises(InvalidTransitionInput):
        services.zone_transition(zone=pending, name="approve", actor=lead)
    second = make_zone("operating")
    assert (first.number, second.number) == (f"GJSYQ-{year}-001", f"GJSYQ-{year}-002")
    assert refused.number is None
    assert PilotZone.objects.get(pk=first.pk).approved_at == TODAY()
    services.zone_transition(
        zone=pending, name="approve", actor=lead, responses={"jianyan": "已安排能力建设。"}
    )
    assert PilotZone.objects.get(pk=pending.pk).number == f"GJSYQ-{year}-003"
    assert NumberSequence.objects.get(key=f"pilotzones:zone:{year}").last == 3


def test_the_number_is_of_the_year_in_beijing_time(make_zone):
    # 2026-12-31 23:30 UTC is already 2027 in Beijing.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        zone = make_zone("approved")
    assert zone.number == "GJSYQ-2027-001"
    assert zone.approved_at == date(2027, 1, 1)


def test_library_numbers_run_on_and_stay_with_a_withdrawn_practice(make_practice, make_zone):
    year = TODAY().year
    zone = make_zone("operating")
    first = make_practice("accepted", zone=zone)
    withdrawn = make_practice("withdrawn", zone=zone)
    returned = make_practice("returned", zone=zone)
    third = make_practice("accepted", zone=zone)
    assert [p.number for p in (first, withdrawn, returned, third)] == [
        f"GJSYQ-JY-{year}-001",
        f"GJSYQ-JY-{year}-002",
        None,
        f"GJSYQ-JY-{year}-003",
    ]
    assert ReplicablePractice.objects.get(pk=withdrawn.pk).number == f"GJSYQ-JY-{year}-002"
    assert (first.accepted_at, withdrawn.withdrawal_reason) == (TODAY(), "相关规定已修订。")


# ---------------------------------------------------------------- bad input: 400, nothing changes


def zone_world() -> tuple:
    return (
        list(PilotZone.objects.values()),
        AuditEntry.objects.count(),
        list(NumberSequence.objects.values()),
    )


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": 123}, {"name": ["此项必填。"]}),
        ({"name": "南昌试验区"}, {"name": ["试验区原则上统一命名为“xx国检试验区”。"]}),
        ({"name": "国检试验区"}, {"name": ["试验区原则上统一命名为“xx国检试验区”。"]}),
        ({"name": "国检试验区南昌"}, {"name": ["试验区原则上统一命名为“xx国检试验区”。"]}),
        ({"name": "南" * 124 + "国检试验区"}, {"name": ["不能超过 128 个字。"]}),
        ({"location": "   "}, {"location": ["此项必填。"]}),
        ({"functions": ["进境指定口岸"]}, {"functions": ["此项必填。"]}),
        ({"expected_batches": "12000"}, {"expected_batches": ["请填写非负整数。"]}),
        ({"expected_batches": 12.5}, {"expected_batches": ["请填写非负整数。"]}),
        ({"expected_batches": -1}, {"expected_batches": ["请填写非负整数。"]}),
        ({"expected_batches": True}, {"expected_batches": ["请填写非负整数。"]}),
        ({"expected_batches": 2**31}, {"expected_batches": ["请填写非负整数。"]}),
        ({"area": "十二"}, {"area": ["请填写数字。"]}),
        ({"area": True}, {"area": ["请填写数字。"]}),
        ({"area": "NaN"}, {"area": ["请填写数字。"]}),
        ({"area": "Infinity"}, {"area": ["请填写数字。"]}),
        ({"area": None}, {"area": ["请填写数字。"]}),
        ({"expected_value": "-1"}, {"expected_value": ["请填写 0 至 1 亿之间的数字。"]}),
        ({"expected_value": "1e8"}, {"expected_value": ["请填写 0 至 1 亿之间的数字。"]}),
        # Rounded to the cent it would reach 1 亿 (more digits than the column holds).
        ({"area": "99999999.999"}, {"area": ["请填写 0 至 1 亿之间的数字。"]}),
        ({"area": "1e30"}, {"area": ["请填写 0 至 1 亿之间的数字。"]}),
        ({"state": "approved"}, {"state": ["该字段不可填写。"]}),
        ({"number": "GJSYQ-2026-999"}, {"number": ["该字段不可填写。"]}),
    ],
)
def test_a_bad_application_is_refused_field_by_field(gov_jiangxi, changes, errors):
    before = zone_world()
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_create(actor=gov_jiangxi, **{**ZONE_BODY, **changes})
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert zone_world() == before


def test_a_missing_fact_is_named(gov_jiangxi):
    body = {k: v for k, v in ZONE_BODY.items() if k not in ("leading_body", "area")}
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_create(actor=gov_jiangxi, **body)
    assert refused.value.field_errors == {"area": ["此项必填。"], "leading_body": ["此项必填。"]}
    assert not PilotZone.objects.exists()


def test_only_a_local_government_applies(people):
    for role in ("bureau", "hq", "tongguan", "operator", "enterprise"):
        with pytest.raises(TransitionForbidden) as refused:
            services.zone_create(actor=people[role], **ZONE_BODY)
        assert status(refused.value) == 403
    assert not PilotZone.objects.exists() and not AuditEntry.objects.exists()


def test_an_application_is_edited_only_by_its_government_while_it_is_its_own(
    make_zone, gov_guangxi, gov_jiangxi
):
    zone = make_zone("draft")
    before = zone_snapshot(zone.pk)
    with pytest.raises(TransitionForbidden):
        services.zone_update(zone=zone, actor=gov_guangxi, location="凭祥")
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_update(zone=zone, actor=gov_jiangxi, applicant=1, expected_batches="多")
    assert refused.value.field_errors == {"applicant": ["该字段不可填写。"]}
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_update(zone=zone, actor=gov_jiangxi, expected_batches="多")
    assert refused.value.field_errors == {"expected_batches": ["请填写非负整数。"]}
    assert zone_snapshot(zone.pk) == before
    submitted = make_zone("submitted")
    before = zone_snapshot(submitted.pk)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.zone_update(zone=submitted, actor=gov_jiangxi, location="新地点")
    assert str(refused.value.message) == "只有草稿或退回修改的申请可以修改。"
    assert zone_snapshot(submitted.pk) == before
    returned = make_zone("returned")
    updated = services.zone_update(zone=returned, actor=gov_jiangxi, area="15", location="新地点")
    assert (str(updated.area), updated.location) == ("15.00", "新地点")


@pytest.mark.parametrize(
    ("state", "name", "body", "errors"),
    [
        ("submitted", "return", {}, {"reason": ["此操作必须填写理由。"]}),
        ("submitted", "return", {"reason": "   "}, {"reason": ["此操作必须填写理由。"]}),
        (
            "submitted",
            "recommend",
            {},
            {"recommendation": ["请填写推荐意见。"], "guidance": ["请填写建设指导意见。"]},
        ),
        (
            "submitted",
            "recommend",
            {"recommendation": 1, "guidance": "指导"},
            {"recommendation": ["请填写推荐意见。"]},
        ),
        (
            "recommended",
            "open_acceptance",
            {"arrangement": ["现场"]},
            {"arrangement": ["请填写验收安排（时间、地点、方式）。"]},
        ),
        (
            "approved",
            "start_operation",
            {"operator": None},
            {"operator": ["请选择本关区已登记的试验区运营企业。"]},
        ),
        (
            "approved",
            "start_operation",
            {"operator": "op"},
            {"operator": ["请选择本关区已登记的试验区运营企业。"]},
        ),
        (
            "approved",
            "start_operation",
            {"operator": True},
            {"operator": ["请选择本关区已登记的试验区运营企业。"]},
        ),
        ("approved", "start_operation", {"started_on": "tomorrow"}, {"started_on": ["日期不能晚于今天。"]}),
        ("approved", "start_operation", {"started_on": "2026-02-30"}, {"started_on": ["请填写有效的日期。"]}),
        ("approved", "start_operation", {"started_on": 20260101}, {"started_on": ["请填写有效的日期。"]}),
    ],
    ids=[
        "return-no-reason", "return-blank-reason", "recommend-empty", "recommend-non-text",
        "arrangement-non-text", "no-operator", "operator-not-a-pk", "operator-bool",
        "started-in-the-future", "started-on-no-date", "started-on-a-number",
    ],
)  # fmt: skip
def test_a_bad_transition_body_is_refused(people, make_zone, state, name, body, errors):
    zone = make_zone(state)
    body = dict(body)
    if name == "start_operation":
        body.setdefault("operator", people["operator"].organisation_id)
        if body.get("started_on") == "tomorrow":
            body["started_on"] = tomorrow()
    actor = people["tongguan" if name == "open_acceptance" else "bureau"]
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_transition(zone=zone, name=name, actor=actor, **body)
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert zone_snapshot(zone.pk) == before


@pytest.mark.parametrize(
    "given",
    [lambda pk: pk + 0.5, lambda pk: f"{pk}.0", lambda pk: [pk], lambda pk: {"pk": pk}],
    ids=["float", "decimal-text", "list", "dict"],
)
def test_the_operator_is_given_by_its_id(make_zone, bureau_jiangxi, operator_jiangxi, given):
    """Not a whole number is a 400, never silently another organisation (a float truncated)."""
    zone = make_zone("approved")
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_transition(
            zone=zone,
            name="start_operation",
            actor=bureau_jiangxi,
            operator=given(operator_jiangxi.organisation_id),
        )
    assert set(refused.value.field_errors) == {"operator"}
    assert zone_snapshot(zone.pk) == before


@pytest.mark.parametrize("whose", ["government", "another-bureaus-operator", "inactive"])
def test_the_operator_is_a_zone_operator_of_the_zones_bureau(
    make_zone, bureau_jiangxi, gov_jiangxi, whose
):
    zone = make_zone("approved")
    if whose == "government":
        operator = gov_jiangxi.organisation
    else:
        operator = factories.OrganisationFactory(
            kind=Organisation.Kind.ZONE_OPERATOR,
            bureau=factories.bureau(
                "guangxi" if whose == "another-bureaus-operator" else "jiangxi"
            ),
            is_active=whose != "inactive",
        )
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidTransitionInput) as refused:
        services.zone_transition(
            zone=zone, name="start_operation", actor=bureau_jiangxi, operator=operator.pk
        )
    assert set(refused.value.field_errors) == {"operator"}
    assert zone_snapshot(zone.pk) == before


def test_operation_may_start_on_a_past_day(make_zone, bureau_jiangxi, operator_jiangxi):
    zone = make_zone("approved")
    started = services.zone_transition(
        zone=zone,
        name="start_operation",
        actor=bureau_jiangxi,
        operator=str(operator_jiangxi.organisation_id),
        started_on="2026-01-05",
    )
    assert (started.operator_id, started.operation_started_on) == (
        operator_jiangxi.organisation_id,
        date(2026, 1, 5),
    )
    entry = ZoneHistory.objects.get(zone=zone, transition="start_operation")
    assert entry.data == {"operator": operator_jiangxi.organisation_id, "started_on": "2026-01-05"}


def test_a_bad_opinion_is_refused_field_by_field(make_zone, members):
    zone = make_zone("acceptance")
    before = zone_snapshot(zone.pk)
    for verdict, opinion in (("maybe", ""), ("", "  "), (None, 5)):
        with pytest.raises(InvalidInput) as refused:
            services.acceptance_opinion_record(
                zone=zone, actor=members["jianyan"], verdict=verdict, opinion=opinion
            )
        assert status(refused.value) == 400
        assert refused.value.field_errors == {
            "verdict": ["请选择同意或有异议。"],
            "opinion": ["请填写验收意见；有异议的，请写明异议及理由。"],
        }
    assert zone_snapshot(zone.pk) == before


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": 5}, {"title": ["请填写文字。"]}),
        ({"title": "  "}, {"title": ["此项必填。"]}),
        ({"title": "措" * 201}, {"title": ["不能超过 200 个字。"]}),
        ({"description": None}, {"description": ["请填写文字。"]}),
        ({"innovation": "reform"}, {"innovation": ["请选择创新类别。"]}),
        ({"beyond_rules": "yes"}, {"beyond_rules": ["请选择是或否。"]}),
        (
            {"beyond_rules": True},
            {"rules_affected": ["突破现行规定的措施须说明所突破的规定及风险防控措施。"]},
        ),
        ({"beyond_rules": True, "rules_affected": 3}, {"rules_affected": ["请填写文字。"]}),
        ({"state": "running"}, {"state": ["该字段不可填写。"]}),
        ({"registered_by": 1}, {"registered_by": ["该字段不可填写。"]}),
    ],
)
def test_a_bad_measure_is_refused_field_by_field(make_zone, bureau_jiangxi, changes, errors):
    zone = make_zone("approved")
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidInput) as refused:
        services.measure_create(zone=zone, actor=bureau_jiangxi, **{**MEASURE_BODY, **changes})
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert zone_snapshot(zone.pk) == before


def test_a_measure_edited_beyond_the_rules_must_say_which(make_measure, bureau_jiangxi):
    measure = make_measure("registered")
    before = measure_snapshot(measure.pk)
    with pytest.raises(InvalidInput) as refused:
        services.measure_update(measure=measure, actor=bureau_jiangxi, beyond_rules=True)
    assert set(refused.value.field_errors) == {"rules_affected"}
    assert measure_snapshot(measure.pk) == before
    beyond = make_measure("registered", beyond_rules=True)
    with pytest.raises(InvalidInput):
        services.measure_update(measure=beyond, actor=bureau_jiangxi, rules_affected="")
    services.measure_update(measure=beyond, actor=bureau_jiangxi, beyond_rules=False)
    services.measure_update(measure=beyond, actor=bureau_jiangxi, rules_affected="")
    assert InnovationMeasure.objects.get(pk=beyond.pk).beyond_rules is False


@pytest.mark.parametrize("started_on", ["tomorrow", "not a date"])
def test_a_measure_does_not_start_in_the_future(make_measure, bureau_jiangxi, started_on):
    measure = make_measure("registered")
    before = measure_snapshot(measure.pk)
    if started_on == "tomorrow":
        started_on = tomorrow()
    with pytest.raises(InvalidTransitionInput) as refused:
        services.measure_transition(
            measure=measure, name="start", actor=bureau_jiangxi, started_on=started_on
        )
    assert set(refused.value.field_errors) == {"started_on"}
    assert measure_snapshot(measure.pk) == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"effect": "excellent"}, {"effect": ["请选择实施效果。"]}),
        ({"findings": 1}, {"findings": ["请填写评估意见。"]}),
        ({"findings": " "}, {"findings": ["请填写评估意见。"]}),
        ({"assessed_on": "tomorrow"}, {"assessed_on": ["日期不能晚于今天。"]}),
        ({"assessed_on": "2026-13-01"}, {"assessed_on": ["请填写有效的日期。"]}),
        ({"assessed_on": "2000-01-01"}, {"assessed_on": ["评估日期不能早于措施开始实施日期。"]}),
        (
            {"effect": None, "findings": None, "assessed_on": []},
            {
                "effect": ["请选择实施效果。"],
                "findings": ["请填写评估意见。"],
                "assessed_on": ["请填写有效的日期。"],
            },
        ),
    ],
)
def test_a_bad_assessment_is_refused(make_measure, hq, body, errors):
    measure = make_measure("running")
    before = measure_snapshot(measure.pk)
    body = {"effect": "marked", "findings": "成效显著。", **body}
    if body.get("assessed_on") == "tomorrow":
        body["assessed_on"] = tomorrow()
    with pytest.raises(InvalidInput) as refused:
        services.measure_assess(measure=measure, actor=hq, **body)
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert measure_snapshot(measure.pk) == before


@pytest.fixture
def marked_measure(make_measure, hq):
    measure = make_measure("running")
    services.measure_assess(measure=measure, actor=hq, effect="marked", findings="成效显著。")
    return measure


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"document_number": ""}, {"document_number": ["请填写通报文号（不超过 64 个字）。"]}),
        ({"document_number": "号" * 65}, {"document_number": ["请填写通报文号（不超过 64 个字）。"]}),
        ({"citation": 7}, {"citation": ["请填写表扬事由。"]}),
        ({"issued_on": "tomorrow"}, {"issued_on": ["日期不能晚于今天。"]}),
        ({"measures": "1"}, {"measures": ["请选择成效显著的创新措施。"]}),
        ({"measures": [True]}, {"measures": ["请选择成效显著的创新措施。"]}),
        ({"measures": ["1"]}, {"measures": ["请选择成效显著的创新措施。"]}),
    ],
)  # fmt: skip
def test_a_bad_commendation_is_refused(marked_measure, hq, body, errors):
    zone = marked_measure.zone
    before = zone_snapshot(zone.pk)
    body = {
        "document_number": "国质检通函〔2026〕1号",
        "citation": "成效显著。",
        "measures": [marked_measure.pk],
        **body,
    }
    if body.get("issued_on") == "tomorrow":
        body["issued_on"] = tomorrow()
    with pytest.raises(InvalidInput) as refused:
        services.commendation_issue(zone=zone, actor=hq, **body)
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert zone_snapshot(zone.pk) == before and not Commendation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": 1}, {"title": ["此项必填。"]}),
        ({"summary": "摘" * 501}, {"summary": ["不能超过 500 个字。"]}),
        ({"innovation": ""}, {"innovation": ["请选择创新类别。"]}),
        ({"measures": "all"}, {"measures": ["请选择本试验区的创新措施。"]}),
        ({"measures": [False]}, {"measures": ["请选择本试验区的创新措施。"]}),
        ({"number": "GJSYQ-JY-2026-001"}, {"number": ["该字段不可填写。"]}),
    ],
)
def test_a_bad_practice_is_refused(make_zone, bureau_jiangxi, changes, errors):
    zone = make_zone("approved")
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidInput) as refused:
        services.practice_create(zone=zone, actor=bureau_jiangxi, **{**PRACTICE_BODY, **changes})
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert zone_snapshot(zone.pk) == before


def test_practice_cites_only_its_zones_measures(
    make_zone, make_measure, make_practice, bureau_jiangxi
):
    zone = make_zone("approved")
    own = make_measure("running", zone=zone)
    other = make_measure("running")
    with pytest.raises(InvalidInput) as refused:
        services.practice_create(
            zone=zone, actor=bureau_jiangxi, **PRACTICE_BODY, measures=[own.pk, other.pk]
        )
    assert refused.value.field_errors == {"measures": ["请选择本试验区的创新措施。"]}
    practice = services.practice_create(
        zone=zone, actor=bureau_jiangxi, **PRACTICE_BODY, measures=[own.pk, own.pk]
    )
    assert list(practice.measures.all()) == [own]
    before = practice_snapshot(practice.pk)
    with pytest.raises(InvalidInput):
        services.practice_update(practice=practice, actor=bureau_jiangxi, measures=[other.pk])
    assert practice_snapshot(practice.pk) == before
    services.practice_update(practice=practice, actor=bureau_jiangxi, measures=[])
    assert not practice.measures.exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"place": ""}, {"place": ["请填写推广地点（不超过 200 个字）。"]}),
        ({"place": "地" * 201}, {"place": ["请填写推广地点（不超过 200 个字）。"]}),
        ({"note": 3}, {"note": ["请填写推广情况。"]}),
        ({"adopted_on": "tomorrow"}, {"adopted_on": ["日期不能晚于今天。"]}),
        ({"adopted_on": "2000-01-01"}, {"adopted_on": ["推广日期不能早于经验入库日期。"]}),
    ],
)
def test_a_bad_adoption_is_refused(make_practice, bureau_guangxi, body, errors):
    practice = make_practice("accepted")
    before = practice_snapshot(practice.pk)
    body = {"place": "凭祥综合保税区", "note": "参照实施。", **body}
    if body.get("adopted_on") == "tomorrow":
        body["adopted_on"] = tomorrow()
    with pytest.raises(InvalidInput) as refused:
        services.practice_adopt(practice=practice, actor=bureau_guangxi, **body)
    assert status(refused.value) == 400
    assert refused.value.field_errors == errors
    assert practice_snapshot(practice.pk) == before and not PracticeAdoption.objects.exists()


# ---------------------------------------------------------------- audit rows


def audit_of(instance) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        )
        .order_by("pk")
        .values_list("action", "actor__username", "source", "changes")
    )


def test_every_write_beside_the_cases_is_audited(
    make_zone, gov_jiangxi, bureau_jiangxi, bureau_guangxi, hq, lead, members
):
    zone = services.zone_create(actor=gov_jiangxi, **ZONE_BODY)
    services.zone_update(zone=zone, actor=gov_jiangxi, location="南昌市新建区")
    assert audit_of(zone) == [
        ("create", "gov-nanchang", "web", {}),
        ("update", "gov-nanchang", "web", {"location": "南昌市新建区"}),
    ]

    accepting = make_zone("acceptance")
    before = AuditEntry.objects.count()
    opinion = services.acceptance_opinion_record(
        zone=accepting, actor=members["weisheng"], verdict="object", opinion="设施不足。"
    )
    assert audit_of(opinion) == [
        ("update", "dept-weisheng", "web", {"verdict": "object", "opinion": "设施不足。"})
    ]
    assert AuditEntry.objects.count() == before + 1

    approved = make_zone("approved")
    measure = services.measure_create(zone=approved, actor=gov_jiangxi, **MEASURE_BODY)
    services.measure_update(measure=measure, actor=bureau_jiangxi, title="新名称")
    assert audit_of(measure) == [
        ("create", "gov-nanchang", "web", {}),
        ("update", "pilot-jx-clerk", "web", {"title": "新名称"}),
    ]
    services.measure_transition(measure=measure, name="start", actor=bureau_jiangxi)
    assessment = services.measure_assess(
        measure=measure, actor=lead, effect="marked", findings="成效显著。"
    )
    assert audit_of(assessment) == [("create", "dept-tongguan", "web", {"effect": "marked"})]
    commendation = services.commendation_issue(
        zone=approved,
        actor=hq,
        document_number="国质检通函〔2026〕8号",
        citation="成效显著。",
        measures=[measure.pk],
    )
    assert audit_of(commendation) == [("create", "pilot-hq", "web", {"measures": [measure.pk]})]

    practice = services.practice_create(zone=approved, actor=bureau_jiangxi, **PRACTICE_BODY)
    services.practice_update(practice=practice, actor=bureau_jiangxi, summary="新的摘要。")
    assert audit_of(practice) == [
        ("create", "pilot-jx-clerk", "web", {}),
        ("update", "pilot-jx-clerk", "web", {"summary": "新的摘要。"}),
    ]
    services.practice_transition(practice=practice, name="submit", actor=bureau_jiangxi)
    services.practice_transition(practice=practice, name="accept", actor=hq)
    adoption = services.practice_adopt(
        practice=practice, actor=bureau_guangxi, place="凭祥", note="参照实施。"
    )
    assert audit_of(adoption) == [("create", "pilot-gx-clerk", "web", {"place": "凭祥"})]
    assert MeasureAssessment.objects.get().measure == measure


def test_transitions_write_history_not_audit_rows(make_zone, lead, members):
    zone = make_zone("recommended")
    before = AuditEntry.objects.count()
    services.zone_transition(zone=zone, name="open_acceptance", actor=lead, arrangement="现场验收")
    assert AuditEntry.objects.count() == before
    assert ZoneHistory.objects.filter(zone=zone).count() == 3
