"""国检试验区: every transition of the three programmes (the zone, its innovation measures, the
replicable practice) × every actor × every state, and every write beside them, through the
services.

The expected table is written out here from seed 002 §三, §四.4 and §五.2–3 (not imported from
the workflow), so a wrong rule in the code fails a test. An allowed edge moves the case and
writes one history row with its actor and reason; any other actor is refused (TransitionForbidden,
403) before the state is looked at; the actor who may fire it is refused from any other state
(TransitionNotAllowed, 409) or when a condition fails (409 with its message). Nothing changes on
a refusal. At the service level nobody is "not signed in": the actor None is the system (a beat
sweep), which may fire none of these.
"""

import re

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from casework.exceptions import TransitionForbidden, TransitionNotAllowed
from casework.models import NumberSequence
from ecoorigin.exceptions import Conflict, DomainError, InvalidInput, NotPermitted
from pilotzones import services
from pilotzones.models import (
    AcceptanceOpinion,
    Commendation,
    InnovationMeasure,
    MeasureAssessment,
    MeasureHistory,
    PilotZone,
    PilotZoneNotice,
    PracticeAdoption,
    PracticeHistory,
    ReplicablePractice,
    ZoneHistory,
)
from pilotzones.programme import PILOT_MEASURES, PILOT_PRACTICES, PILOT_ZONES
from tests import factories

from .conftest import MEASURE_BODY, PRACTICE_BODY, plan_upload

pytestmark = pytest.mark.django_db

ROLES = [
    "applicant", "other_government", "bureau", "other_bureau", "hq", "tongguan",
    "renjianwei", "weisheng", "dongzhi", "jianyan", "shipin", "operator", "enterprise",
    "agency", "inspector", "system",
]  # fmt: skip
SIGNED_IN = [role for role in ROLES if role != "system"]
MEMBERS = {"renjianwei", "weisheng", "dongzhi", "jianyan", "shipin"}
HQ_DECIDERS = {"hq", "tongguan"}  # HQ, and 通关司 which leads the programme (§五.3)


def status(error: DomainError) -> int:
    """The HTTP answer the API gives for `error` (ecoorigin.api maps the three kinds)."""
    for kind, code in ((InvalidInput, 400), (NotPermitted, 403), (Conflict, 409)):
        if isinstance(error, kind):
            return code
    raise AssertionError(f"not a domain error: {error!r}")


# ---------------------------------------------------------------- snapshots: nothing changed


def zone_snapshot(zone_id: int) -> tuple:
    return (
        PilotZone.objects.filter(pk=zone_id).values().get(),
        list(AcceptanceOpinion.objects.filter(zone_id=zone_id).values()),
        ZoneHistory.objects.filter(zone_id=zone_id).count(),
        PilotZoneNotice.objects.filter(zone_id=zone_id).count(),
        list(NumberSequence.objects.order_by("key").values()),
        InnovationMeasure.objects.filter(zone_id=zone_id).count(),
        ReplicablePractice.objects.filter(zone_id=zone_id).count(),
        Commendation.objects.filter(zone_id=zone_id).count(),
        AuditEntry.objects.count(),
    )


def measure_snapshot(measure_id: int) -> tuple:
    return (
        InnovationMeasure.objects.filter(pk=measure_id).values().get(),
        MeasureHistory.objects.filter(measure_id=measure_id).count(),
        list(MeasureAssessment.objects.filter(measure_id=measure_id).values()),
        Commendation.objects.count(),
        AuditEntry.objects.count(),
    )


def practice_snapshot(practice_id: int) -> tuple:
    practice = ReplicablePractice.objects.get(pk=practice_id)
    return (
        ReplicablePractice.objects.filter(pk=practice_id).values().get(),
        sorted(practice.measures.values_list("pk", flat=True)),
        PracticeHistory.objects.filter(practice_id=practice_id).count(),
        PracticeAdoption.objects.filter(practice_id=practice_id).count(),
        list(NumberSequence.objects.order_by("key").values()),
        AuditEntry.objects.count(),
    )


def answer_all(zone, members, verdict: str = "agree") -> None:
    for member in members.values():
        services.acceptance_opinion_record(
            zone=zone, actor=member, verdict=verdict, opinion="同意。"
        )


# ---------------------------------------------------------------- the zone (§五.2–3)

ZONE_STATES = [
    "draft", "submitted", "returned", "recommended", "acceptance", "approved", "not_approved",
    "operating",
]  # fmt: skip
# transition → (states it may be fired from, who may fire it, target)
ZONE = {
    "submit": ({"draft", "returned"}, {"applicant"}, "submitted"),
    "return": ({"submitted"}, {"bureau"}, "returned"),
    "recommend": ({"submitted"}, {"bureau"}, "recommended"),
    "open_acceptance": ({"recommended"}, {"tongguan"}, "acceptance"),
    "approve": ({"acceptance"}, {"tongguan"}, "approved"),
    "not_approve": ({"acceptance"}, {"tongguan"}, "not_approved"),
    "start_operation": ({"approved"}, {"bureau"}, "operating"),
}
ZONE_EDGES = [(name, state) for name, (states, _r, _t) in ZONE.items() for state in sorted(states)]


def zone_body(name: str, people) -> dict:
    return {
        "return": {"reason": "请补充业务量测算。"},
        "recommend": {"recommendation": "同意推荐。", "guidance": "突出跨境电商功能。"},
        "open_acceptance": {"arrangement": "2026年12月现场验收。"},
        "not_approve": {"reason": "条件不具备。"},
        "start_operation": {"operator": people["operator"].organisation_id},
    }.get(name, {})


@pytest.fixture
def zone_in(make_zone, members, gov_jiangxi):
    """zone_in(state) → a zone in `state`, with its construction plan from the draft on (the
    application may be submitted); in acceptance, every member has answered (the lead may
    decide)."""

    def make(state: str):
        zone = make_zone(state)
        if state == "draft":
            services.zone_document_upload(
                zone=zone, actor=gov_jiangxi, upload=plan_upload(), kind="construction_plan"
            )
        if state == "acceptance":
            answer_all(zone, members)
        return zone

    return make


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "state"), ZONE_EDGES)
def test_zone_edge(people, zone_in, name, state, role):
    _states, allowed, target = ZONE[name]
    zone = zone_in(state)
    before = zone_snapshot(zone.pk)
    body = zone_body(name, people)
    actor = people[role]
    if role not in allowed:
        with pytest.raises(TransitionForbidden) as refused:
            services.zone_transition(zone=zone, name=name, actor=actor, **body)
        assert status(refused.value) == 403
        assert refused.value.message == TransitionForbidden.default_message
        assert zone_snapshot(zone.pk) == before
        return
    moved = services.zone_transition(zone=zone, name=name, actor=actor, **body)
    assert moved.state == target
    assert PilotZone.objects.get(pk=zone.pk).state == target
    assert ZoneHistory.objects.filter(zone=zone).count() == before[2] + 1
    entry = ZoneHistory.objects.filter(zone=zone).latest("pk")
    assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
        name,
        state,
        target,
        actor,
    )
    assert entry.reason == body.get("reason", "")
    if name == "approve":
        assert re.fullmatch(rf"GJSYQ-{timezone.localdate().year}-\d{{3}}", moved.number)
        assert entry.data["number"] == moved.number


@pytest.mark.parametrize("state", ZONE_STATES)
def test_zone_wrong_state_and_what_each_may_fire(people, zone_in, state):
    """From a state a transition does not leave, the one who may fire it gets 409 and nothing
    changes; and `transitions_for` lists exactly what each may fire now."""
    zone = zone_in(state)
    before = zone_snapshot(zone.pk)
    for name, (states, allowed, _target) in ZONE.items():
        if state in states:
            continue
        for role in allowed:
            with pytest.raises(TransitionNotAllowed) as refused:
                services.zone_transition(
                    zone=zone, name=name, actor=people[role], **zone_body(name, people)
                )
            assert status(refused.value) == 409, (name, role)
            assert refused.value.message == TransitionNotAllowed.default_message
            assert zone_snapshot(zone.pk) == before, (name, role)
    for role in ROLES:
        expected = [
            n for n, (states, allowed, _t) in ZONE.items() if state in states and role in allowed
        ]
        listed = PILOT_ZONES.transitions_for(case=zone, actor=people[role])
        assert listed == expected, role


def test_submit_needs_the_construction_plan(make_zone, gov_jiangxi):
    zone = make_zone("draft")
    before = zone_snapshot(zone.pk)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.zone_transition(zone=zone, name="submit", actor=gov_jiangxi)
    assert status(refused.value) == 409
    assert str(refused.value.message) == "请先上传建设方案，再提交申请。"
    assert zone_snapshot(zone.pk) == before
    assert PILOT_ZONES.transitions_for(case=zone, actor=gov_jiangxi) == []


@pytest.mark.parametrize("name", ["approve", "not_approve"])
@pytest.mark.parametrize("answered", [0, 4])
def test_the_lead_decides_only_once_every_member_has_answered(
    make_zone, lead, members, name, answered
):
    zone = make_zone("acceptance")
    for member in list(members.values())[:answered]:
        services.acceptance_opinion_record(
            zone=zone, actor=member, verdict="agree", opinion="同意。"
        )
    before = zone_snapshot(zone.pk)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.zone_transition(zone=zone, name=name, actor=lead, reason="条件不具备。")
    assert status(refused.value) == 409
    assert str(refused.value.message) == "验收工作组成员司局尚未全部提出意见，暂不能作出决定。"
    assert zone_snapshot(zone.pk) == before
    assert PILOT_ZONES.transitions_for(case=zone, actor=lead) == []


def test_opening_the_acceptance_lays_one_unanswered_opinion_per_member(make_zone, lead):
    zone = make_zone("recommended")
    assert not AcceptanceOpinion.objects.filter(zone=zone).exists()
    services.zone_transition(zone=zone, name="open_acceptance", actor=lead, arrangement="现场验收")
    opinions = AcceptanceOpinion.objects.filter(zone=zone).select_related("department")
    assert sorted(o.department.code for o in opinions) == sorted(MEMBERS)
    assert {(o.verdict, o.opinion, o.recorded_by, o.response) for o in opinions} == {
        ("", "", None, "")
    }


# ---------------------------------------------------------------- innovation measures (§三, §五.3)

# State keys: "registered" is a measure within the rules, "registered_beyond" one beyond them.
MEASURE_STATES = [
    "registered", "registered_beyond", "pending_approval", "approved", "refused", "running",
    "ended",
]  # fmt: skip
MEASURE = {
    "report": ({"registered_beyond"}, {"bureau"}, "pending_approval"),
    "approve": ({"pending_approval"}, HQ_DECIDERS, "approved"),
    "refuse": ({"pending_approval"}, HQ_DECIDERS, "refused"),
    "start": ({"registered", "approved"}, {"bureau"}, "running"),
    "end": ({"running"}, {"bureau", *HQ_DECIDERS}, "ended"),
}
MEASURE_EDGES = [(n, s) for n, (states, _r, _t) in MEASURE.items() for s in sorted(states)]
MEASURE_BODIES = {"refuse": {"reason": "风险防控措施不足。"}, "end": {"reason": "已纳入常规监管。"}}
# The state allows the transition but a condition of the measure does not (409, its message).
MEASURE_CONDITIONS = {
    ("report", "registered"): "未突破现行规定的措施无需报批，可直接实施。",
    ("start", "registered_beyond"): "突破现行规定的措施须经总局批准后方可实施。",
}


@pytest.fixture
def measure_in(make_measure):
    def make(key: str):
        if key == "registered_beyond":
            return make_measure("registered", beyond_rules=True)
        return make_measure(key)

    return make


def _state(key: str) -> str:
    return "registered" if key == "registered_beyond" else key


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "key"), MEASURE_EDGES)
def test_measure_edge(people, measure_in, name, key, role):
    _states, allowed, target = MEASURE[name]
    measure = measure_in(key)
    before = measure_snapshot(measure.pk)
    body = MEASURE_BODIES.get(name, {})
    actor = people[role]
    if role not in allowed:
        with pytest.raises(TransitionForbidden) as refused:
            services.measure_transition(measure=measure, name=name, actor=actor, **body)
        assert status(refused.value) == 403
        assert measure_snapshot(measure.pk) == before
        return
    moved = services.measure_transition(measure=measure, name=name, actor=actor, **body)
    assert moved.state == target
    assert InnovationMeasure.objects.get(pk=measure.pk).state == target
    assert MeasureHistory.objects.filter(measure=measure).count() == before[1] + 1
    entry = MeasureHistory.objects.filter(measure=measure).latest("pk")
    assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
        name,
        _state(key),
        target,
        actor,
    )
    assert entry.reason == body.get("reason", "")
    if name == "start":
        assert moved.started_on == timezone.localdate()
        assert entry.data == {"started_on": timezone.localdate().isoformat()}
    if name == "end":
        assert moved.ended_at is not None


@pytest.mark.parametrize("key", MEASURE_STATES)
def test_measure_wrong_state_and_conditions(people, measure_in, key):
    measure = measure_in(key)
    before = measure_snapshot(measure.pk)
    state = _state(key)
    for name, (states, allowed, _target) in MEASURE.items():
        if key in states:
            continue
        for role in allowed:
            with pytest.raises(TransitionNotAllowed) as refused:
                services.measure_transition(
                    measure=measure, name=name, actor=people[role], **MEASURE_BODIES.get(name, {})
                )
            assert status(refused.value) == 409, (name, role)
            message = MEASURE_CONDITIONS.get((name, key), TransitionNotAllowed.default_message)
            assert str(refused.value.message) == str(message), (name, role)
            assert measure_snapshot(measure.pk) == before, (name, role)
    for role in ROLES:
        expected = [n for n, (ss, allowed, _t) in MEASURE.items() if key in ss and role in allowed]
        assert PILOT_MEASURES.transitions_for(case=measure, actor=people[role]) == expected, role
    assert measure.state == state


# ---------------------------------------------------------------- replicable practice (§四.4)

PRACTICE_STATES = ["draft", "submitted", "returned", "accepted", "withdrawn"]
PRACTICE = {
    "submit": ({"draft", "returned"}, {"bureau"}, "submitted"),
    "return": ({"submitted"}, HQ_DECIDERS, "returned"),
    "accept": ({"submitted"}, HQ_DECIDERS, "accepted"),
    "withdraw": ({"accepted"}, HQ_DECIDERS, "withdrawn"),
}
PRACTICE_EDGES = [(n, s) for n, (states, _r, _t) in PRACTICE.items() for s in sorted(states)]
PRACTICE_BODIES = {"return": {"reason": "请补充成效数据。"}, "withdraw": {"reason": "规定已修订。"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "state"), PRACTICE_EDGES)
def test_practice_edge(people, make_practice, name, state, role):
    _states, allowed, target = PRACTICE[name]
    practice = make_practice(state)
    before = practice_snapshot(practice.pk)
    body = PRACTICE_BODIES.get(name, {})
    actor = people[role]
    if role not in allowed:
        with pytest.raises(TransitionForbidden) as refused:
            services.practice_transition(practice=practice, name=name, actor=actor, **body)
        assert status(refused.value) == 403
        assert practice_snapshot(practice.pk) == before
        return
    moved = services.practice_transition(practice=practice, name=name, actor=actor, **body)
    assert moved.state == target
    assert ReplicablePractice.objects.get(pk=practice.pk).state == target
    assert PracticeHistory.objects.filter(practice=practice).count() == before[2] + 1
    entry = PracticeHistory.objects.filter(practice=practice).latest("pk")
    assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
        name,
        state,
        target,
        actor,
    )
    assert entry.reason == body.get("reason", "")
    if name == "accept":
        assert re.fullmatch(rf"GJSYQ-JY-{timezone.localdate().year}-\d{{3}}", moved.number)
        assert moved.accepted_at == timezone.localdate()
    if name == "withdraw":
        assert moved.withdrawal_reason == body["reason"]


@pytest.mark.parametrize("state", PRACTICE_STATES)
def test_practice_wrong_state(people, make_practice, state):
    practice = make_practice(state)
    before = practice_snapshot(practice.pk)
    for name, (states, allowed, _target) in PRACTICE.items():
        if state in states:
            continue
        for role in allowed:
            with pytest.raises(TransitionNotAllowed) as refused:
                services.practice_transition(
                    practice=practice,
                    name=name,
                    actor=people[role],
                    **PRACTICE_BODIES.get(name, {}),
                )
            assert status(refused.value) == 409, (name, role)
            assert practice_snapshot(practice.pk) == before, (name, role)
    for role in ROLES:
        expected = [
            n for n, (ss, allowed, _t) in PRACTICE.items() if state in ss and role in allowed
        ]
        assert PILOT_PRACTICES.transitions_for(case=practice, actor=people[role]) == expected


# ---------------------------------------------------------------- the working group's opinions


@pytest.mark.parametrize("role", SIGNED_IN)
def test_only_member_departments_record_an_opinion(people, make_zone, role):
    zone = make_zone("acceptance")
    before = zone_snapshot(zone.pk)
    actor = people[role]
    if role not in MEMBERS:
        with pytest.raises(NotPermitted) as refused:
            services.acceptance_opinion_record(
                zone=zone, actor=actor, verdict="agree", opinion="同意。"
            )
        assert status(refused.value) == 403
        assert str(refused.value.message) == "只有验收工作组成员司局可以填写验收意见。"
        assert zone_snapshot(zone.pk) == before
        return
    row = services.acceptance_opinion_record(
        zone=zone, actor=actor, verdict="object", opinion="卫生检疫设施不足。"
    )
    assert (row.department.code, row.verdict, row.opinion, row.recorded_by) == (
        role,
        "object",
        "卫生检疫设施不足。",
        actor,
    )
    assert row.recorded_at is not None
    # Only its own row: the others still owe theirs.
    assert AcceptanceOpinion.objects.filter(zone=zone, verdict="").count() == 4
    assert ZoneHistory.objects.filter(zone=zone).count() == before[2]  # not a transition
    assert PilotZone.objects.get(pk=zone.pk).state == "acceptance"


@pytest.mark.parametrize("state", [s for s in ZONE_STATES if s != "acceptance"])
def test_an_opinion_only_while_the_acceptance_is_open(make_zone, members, state):
    zone = make_zone(state)
    before = zone_snapshot(zone.pk)
    with pytest.raises(Conflict) as refused:
        services.acceptance_opinion_record(
            zone=zone, actor=members["weisheng"], verdict="agree", opinion="同意。"
        )
    assert status(refused.value) == 409
    assert str(refused.value.message) == "试验区不在验收中，不能填写验收意见。"
    assert zone_snapshot(zone.pk) == before


def test_a_department_records_its_opinion_once(make_zone, members):
    zone = make_zone("acceptance")
    services.acceptance_opinion_record(
        zone=zone, actor=members["dongzhi"], verdict="agree", opinion="同意。"
    )
    colleague = factories.organisation_staff(
        members["dongzhi"].organisation, username="dept-dongzhi-2"
    )
    before = zone_snapshot(zone.pk)
    for actor in (members["dongzhi"], colleague):
        with pytest.raises(Conflict) as refused:
            services.acceptance_opinion_record(
                zone=zone, actor=actor, verdict="object", opinion="改变主意。"
            )
        assert str(refused.value.message) == "贵司局已填写验收意见，不能再修改。"
    assert zone_snapshot(zone.pk) == before
    row = AcceptanceOpinion.objects.get(zone=zone, department__code="dongzhi")
    assert (row.verdict, row.opinion) == ("agree", "同意。")


def test_no_opinion_is_recorded_after_the_decision(make_zone, members):
    zone = make_zone("approved")
    before = zone_snapshot(zone.pk)
    with pytest.raises(Conflict):
        services.acceptance_opinion_record(
            zone=zone, actor=members["shipin"], verdict="object", opinion="补充意见。"
        )
    assert zone_snapshot(zone.pk) == before


# ---------------------------------------------------------------- measures: create, update, assess

ZONE_STATES_WITH_MEASURES = {"approved", "operating"}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_registers_and_edits_a_measure(people, make_zone, make_measure, role):
    """The zone's bureau or its local government registers a measure and edits it."""
    zone = make_zone("approved")
    measure = make_measure("registered", zone=zone)
    before = zone_snapshot(zone.pk), measure_snapshot(measure.pk)
    actor = people[role]
    if role not in {"bureau", "applicant"}:
        with pytest.raises(NotPermitted) as created:
            services.measure_create(zone=zone, actor=actor, **MEASURE_BODY)
        with pytest.raises(NotPermitted) as updated:
            services.measure_update(measure=measure, actor=actor, title="改名")
        assert status(created.value) == status(updated.value) == 403
        assert (zone_snapshot(zone.pk), measure_snapshot(measure.pk)) == before
        return
    created = services.measure_create(zone=zone, actor=actor, **MEASURE_BODY)
    assert (created.zone, created.state, created.registered_by) == (zone, "registered", actor)
    updated = services.measure_update(measure=measure, actor=actor, title="改名后的措施")
    assert InnovationMeasure.objects.get(pk=measure.pk).title == "改名后的措施" == updated.title
    assert not created.history.exists()  # registering is no transition


@pytest.mark.parametrize("state", ZONE_STATES)
def test_measures_of_an_approved_zone_only(make_zone, bureau_jiangxi, state):
    zone = make_zone(state)
    if state in ZONE_STATES_WITH_MEASURES:
        assert services.measure_create(zone=zone, actor=bureau_jiangxi, **MEASURE_BODY).pk
        return
    before = zone_snapshot(zone.pk)
    with pytest.raises(Conflict) as refused:
        services.measure_create(zone=zone, actor=bureau_jiangxi, **MEASURE_BODY)
    assert status(refused.value) == 409
    assert str(refused.value.message) == "试验区批准建设后才能登记创新措施。"
    assert zone_snapshot(zone.pk) == before


@pytest.mark.parametrize("key", MEASURE_STATES)
def test_a_measure_is_edited_only_before_it_is_reported_or_runs(measure_in, bureau_jiangxi, key):
    measure = measure_in(key)
    before = measure_snapshot(measure.pk)
    if _state(key) == "registered":
        services.measure_update(measure=measure, actor=bureau_jiangxi, description="新的内容")
        assert InnovationMeasure.objects.get(pk=measure.pk).description == "新的内容"
        return
    with pytest.raises(Conflict) as refused:
        services.measure_update(measure=measure, actor=bureau_jiangxi, description="新的内容")
    assert str(refused.value.message) == "只有尚未报批或实施的措施可以修改。"
    assert measure_snapshot(measure.pk) == before


@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_assesses_a_measure(people, make_measure, role):
    """督查评估 (§五.3): HQ, or 通关司 which leads the programme."""
    measure = make_measure("running")
    before = measure_snapshot(measure.pk)
    actor = people[role]
    if role not in HQ_DECIDERS:
        with pytest.raises(NotPermitted) as refused:
            services.measure_assess(measure=measure, actor=actor, effect="marked", findings="好")
        assert status(refused.value) == 403
        assert measure_snapshot(measure.pk) == before
        return
    assessment = services.measure_assess(
        measure=measure, actor=actor, effect="marked", findings="通关时间缩短一半。"
    )
    assert (assessment.effect, assessment.assessed_by, assessment.assessed_on) == (
        "marked",
        actor,
        timezone.localdate(),
    )
    assert InnovationMeasure.objects.get(pk=measure.pk).state == "running"  # not a transition


@pytest.mark.parametrize("key", MEASURE_STATES)
def test_a_measure_is_assessed_once_it_runs(measure_in, hq, key):
    measure = measure_in(key)
    before = measure_snapshot(measure.pk)
    if key in ("running", "ended"):
        services.measure_assess(measure=measure, actor=hq, effect="good", findings="成效较好。")
        assert MeasureAssessment.objects.filter(measure=measure).count() == 1
        return
    with pytest.raises(Conflict) as refused:
        services.measure_assess(measure=measure, actor=hq, effect="good", findings="成效较好。")
    assert status(refused.value) == 409
    assert str(refused.value.message) == "措施实施后才能进行督查评估。"
    assert measure_snapshot(measure.pk) == before


# ---------------------------------------------------------------- commendations (§五.3)


@pytest.fixture
def marked(make_zone, make_measure, hq):
    """An operating zone with a measure assessed 成效显著 and one assessed 成效较好, and a measure
    of another zone assessed 成效显著."""
    zone = make_zone("operating")
    good, fine = make_measure("running", zone=zone), make_measure("ended", zone=zone)
    other = make_measure("running")
    for measure, effect in ((good, "marked"), (fine, "good"), (other, "marked")):
        services.measure_assess(measure=measure, actor=hq, effect=effect, findings="评估意见。")
    return {"zone": zone, "marked": good, "good": fine, "other": other}


COMMENDATION = {"document_number": "国质检通函〔2026〕1号", "citation": "创新成效显著。"}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_commends_a_zone(people, marked, role):
    zone = marked["zone"]
    before = zone_snapshot(zone.pk)
    actor = people[role]
    measures = [marked["marked"].pk]
    if role not in HQ_DECIDERS:
        with pytest.raises(NotPermitted) as refused:
            services.commendation_issue(zone=zone, actor=actor, measures=measures, **COMMENDATION)
        assert status(refused.value) == 403
        assert zone_snapshot(zone.pk) == before
        return
    commendation = services.commendation_issue(
        zone=zone, actor=actor, measures=measures, **COMMENDATION
    )
    assert (commendation.zone, commendation.issued_by) == (zone, actor)
    assert list(commendation.measures.all()) == [marked["marked"]]


@pytest.mark.parametrize(
    "chosen",
    [[], ["good"], ["marked", "good"], ["other"], ["marked", "other"]],
    ids=["none", "not-marked", "one-not-marked", "another-zones", "with-another-zones"],
)
def test_a_commendation_cites_only_the_zones_measures_assessed_marked(hq, marked, chosen):
    zone = marked["zone"]
    before = zone_snapshot(zone.pk)
    with pytest.raises(InvalidInput) as refused:
        services.commendation_issue(
            zone=zone, actor=hq, measures=[marked[k].pk for k in chosen], **COMMENDATION
        )
    assert status(refused.value) == 400
    assert refused.value.field_errors == {
        "measures": ["请选择本试验区经督查评估成效显著的创新措施。"]
    }
    assert zone_snapshot(zone.pk) == before


# ---------------------------------------------------------------- practice: create, update, adopt


@pytest.mark.parametrize("role", SIGNED_IN)
def test_only_the_zones_bureau_drafts_and_edits_practice(people, make_zone, make_practice, role):
    zone = make_zone("operating")
    practice = make_practice("draft", zone=zone)
    before = zone_snapshot(zone.pk), practice_snapshot(practice.pk)
    actor = people[role]
    if role != "bureau":
        with pytest.raises(NotPermitted) as created:
            services.practice_create(zone=zone, actor=actor, **PRACTICE_BODY)
        with pytest.raises(NotPermitted) as updated:
            services.practice_update(practice=practice, actor=actor, title="改名")
        assert status(created.value) == status(updated.value) == 403
        assert (zone_snapshot(zone.pk), practice_snapshot(practice.pk)) == before
        return
    created = services.practice_create(zone=zone, actor=actor, **PRACTICE_BODY)
    assert (created.zone, created.state, created.created_by) == (zone, "draft", actor)
    services.practice_update(practice=practice, actor=actor, title="改名后的经验")
    assert ReplicablePractice.objects.get(pk=practice.pk).title == "改名后的经验"


@pytest.mark.parametrize("state", ZONE_STATES)
def test_practice_of_an_approved_zone_only(make_zone, bureau_jiangxi, state):
    zone = make_zone(state)
    if state in ZONE_STATES_WITH_MEASURES:
        assert services.practice_create(zone=zone, actor=bureau_jiangxi, **PRACTICE_BODY).pk
        return
    before = zone_snapshot(zone.pk)
    with pytest.raises(Conflict) as refused:
        services.practice_create(zone=zone, actor=bureau_jiangxi, **PRACTICE_BODY)
    assert str(refused.value.message) == "试验区批准建设后才能报送其经验。"
    assert zone_snapshot(zone.pk) == before


@pytest.mark.parametrize("state", PRACTICE_STATES)
def test_practice_is_edited_only_as_a_draft_or_when_returned(make_practice, bureau_jiangxi, state):
    practice = make_practice(state)
    before = practice_snapshot(practice.pk)
    if state in ("draft", "returned"):
        services.practice_update(practice=practice, actor=bureau_jiangxi, results="成效更新。")
        assert ReplicablePractice.objects.get(pk=practice.pk).results == "成效更新。"
        return
    with pytest.raises(Conflict) as refused:
        services.practice_update(practice=practice, actor=bureau_jiangxi, results="成效更新。")
    assert str(refused.value.message) == "只有草稿或退回修改的经验可以修改。"
    assert practice_snapshot(practice.pk) == before


ADOPTION = {"place": "广西凭祥综合保税区", "note": "参照建设一体化监管场所。"}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_another_bureau_records_where_it_adopted_a_practice(people, make_practice, role):
    practice = make_practice("accepted")
    before = practice_snapshot(practice.pk)
    actor = people[role]
    if role != "other_bureau":
        with pytest.raises(NotPermitted) as refused:
            services.practice_adopt(practice=practice, actor=actor, **ADOPTION)
        assert status(refused.value) == 403
        message = (
            "经验来源地的直属局无需登记复制推广。"
            if role == "bureau"
            else "只有直属局可以登记复制推广情况。"
        )
        assert str(refused.value.message) == message
        assert practice_snapshot(practice.pk) == before
        return
    adoption = services.practice_adopt(practice=practice, actor=actor, **ADOPTION)
    assert (adoption.bureau, adoption.recorded_by, adoption.adopted_on) == (
        actor.bureau,
        actor,
        timezone.localdate(),
    )
    assert ReplicablePractice.objects.get(pk=practice.pk).state == "accepted"


@pytest.mark.parametrize("state", [s for s in PRACTICE_STATES if s != "accepted"])
def test_only_practice_in_the_library_is_adopted(make_practice, bureau_guangxi, state):
    practice = make_practice(state)
    before = practice_snapshot(practice.pk)
    with pytest.raises(Conflict) as refused:
        services.practice_adopt(practice=practice, actor=bureau_guangxi, **ADOPTION)
    assert status(refused.value) == 409
    assert str(refused.value.message) == "只能复制推广经验库中的经验。"
    assert practice_snapshot(practice.pk) == before
