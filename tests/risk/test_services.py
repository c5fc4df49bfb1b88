"""风险预警与快速反应 (seed 004) through its services: who may create, read and change each record
(one test per allowed and per refused actor), every transition edge, and what each write leaves
behind (history, notifications, e-mails, lifted measures)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from casework.exceptions import TransitionForbidden, TransitionNotAllowed
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.models import Bureau, Organisation
from risk import selectors, services
from risk.models import MeasureProgress, RiskSignal
from risk.workflow import (
    Channel,
    Conclusion,
    Grade,
    MeasureKind,
    MeasureState,
    Scope,
    SignalState,
    WarningState,
)
from supervision.models import Complaint
from tests import factories

from .conftest import SIGNAL_BODY

pytestmark = pytest.mark.django_db

# --- 报告风险信息: who reports through which channel --------------------------------------------


def test_bureau_staff_record_any_channel_for_their_own_bureau(bureau_qinghai):
    signal = services.signal_report(actor=bureau_qinghai, **SIGNAL_BODY)
    assert signal.bureau.code == "qinghai"
    assert signal.number.startswith(f"FX-{timezone.localdate().year}-")
    assert signal.state == SignalState.REPORTED


def test_an_inspector_records_a_signal_for_the_bureau(inspector_qinghai):
    signal = services.signal_report(actor=inspector_qinghai, **SIGNAL_BODY)
    assert signal.bureau.code == "qinghai"


def test_hq_names_the_bureau(hq):
    with pytest.raises(InvalidInput) as refused:
        services.signal_report(actor=hq, **SIGNAL_BODY)
    assert "bureau" in refused.value.field_errors
    signal = services.signal_report(actor=hq, bureau=factories.bureau("gansu").pk, **SIGNAL_BODY)
    assert signal.bureau.code == "gansu"


def test_an_enterprise_reports_its_own_findings_to_its_bureau(enterprise_qinghai):
    body = {**SIGNAL_BODY, "channel": Channel.PRODUCER, "source": "企业自检"}
    signal = services.signal_report(actor=enterprise_qinghai, **body)
    assert signal.bureau.code == "qinghai"
    assert signal.channel == Channel.PRODUCER


def test_an_enterprise_may_not_report_as_the_media(enterprise_qinghai):
    with pytest.raises(InvalidInput) as refused:
        services.signal_report(actor=enterprise_qinghai, **SIGNAL_BODY)
    assert "channel" in refused.value.field_errors
    assert not RiskSignal.objects.exists()


def test_a_laboratory_reports_through_its_channel(agency):
    body = {**SIGNAL_BODY, "channel": Channel.LABORATORY, "bureau": factories.bureau("qinghai").pk}
    assert services.signal_report(actor=agency, **body).channel == Channel.LABORATORY


def test_an_association_reports_through_its_channel(db):
    association = factories.organisation_staff(
        factories.OrganisationFactory(
            kind=Organisation.Kind.ASSOCIATION, bureau=factories.bureau("qinghai"), code="qh-gouqi"
        ),
        username="risk-association",
    )
    body = {
        **SIGNAL_BODY,
        "channel": Channel.ASSOCIATION,
        "bureau": factories.bureau("qinghai").pk,
    }
    assert services.signal_report(actor=association, **body).channel == Channel.ASSOCIATION


def test_a_local_government_reports_no_signal(db):
    government = factories.organisation_staff(
        factories.OrganisationFactory(
            kind=Organisation.Kind.LOCAL_GOVERNMENT, bureau=factories.bureau("qinghai")
        ),
        username="risk-gov",
    )
    with pytest.raises(NotPermitted):
        services.signal_report(actor=government, **SIGNAL_BODY)


def test_bad_input_is_400_per_field_and_creates_nothing(bureau_qinghai):
    with pytest.raises(InvalidInput) as refused:
        services.signal_report(
            actor=bureau_qinghai,
            **{**SIGNAL_BODY, "product": "", "enterprise_uscc": "123", "place": ["x"]},
        )
    assert {"product", "enterprise_uscc", "place"} <= set(refused.value.field_errors)
    assert not RiskSignal.objects.exists()


# --- 投诉举报转风险信息 --------------------------------------------------------------------------


def _complaint(code="qinghai") -> Complaint:
    return Complaint.objects.create(
        tracking_code=f"TS{Complaint.objects.count():06d}",
        product_text="沙棘汁",
        bureau=factories.bureau(code),
        content="饮用后腹泻，怀疑变质。",
        due_date=date.today() + timedelta(days=15),
    )


def test_the_complaints_bureau_turns_it_into_a_signal_keeping_the_link(bureau_qinghai):
    complaint = _complaint()
    signal = services.signal_from_complaint(complaint=complaint, actor=bureau_qinghai)
    assert signal.complaint == complaint
    assert signal.channel == Channel.COMPLAINT
    assert signal.product == "沙棘汁"
    assert complaint.tracking_code in signal.source


def test_a_complaint_becomes_one_signal_only(bureau_qinghai):
    complaint = _complaint()
    services.signal_from_complaint(complaint=complaint, actor=bureau_qinghai)
    with pytest.raises(Conflict):
        services.signal_from_complaint(complaint=complaint, actor=bureau_qinghai)


def test_another_bureau_may_not_turn_the_complaint(bureau_gansu):
    with pytest.raises(NotPermitted):
        services.signal_from_complaint(complaint=_complaint(), actor=bureau_gansu)


def test_hq_may_turn_any_complaint(hq):
    assert services.signal_from_complaint(complaint=_complaint("gansu"), actor=hq).bureau.code == (
        "gansu"
    )


# --- 专家评估 ---------------------------------------------------------------------------------


def test_the_bureau_opens_an_assessment_with_named_experts(make_signal, expert_a):
    signal = make_signal(SignalState.ASSESSING)
    assert signal.state == SignalState.ASSESSING
    assert signal.opinions.count() == 2
    assert signal.assessment_due_on == timezone.localdate() + timedelta(days=15)
    entry = signal.history.get(transition="open_assessment")
    assert entry.data["experts"] == sorted(entry.data["experts"])


def test_an_assessment_may_draw_its_experts_from_the_committee(
    make_signal, bureau_qinghai, expert_a, expert_b
):
    signal = make_signal()
    signal = services.signal_transition(
        signal=signal, name="open_assessment", actor=bureau_qinghai, draw=1
    )
    opinion = signal.opinions.get()
    # The expert whose products name the signal's product is drawn first.
    assert opinion.expert == expert_a[0] and opinion.drawn


def test_an_assessment_needs_an_expert(make_signal, bureau_qinghai):
    signal = make_signal()
    with pytest.raises(InvalidInput):
        services.signal_transition(signal=signal, name="open_assessment", actor=bureau_qinghai)
    signal.refresh_from_db()
    assert signal.state == SignalState.REPORTED


def test_an_expert_not_admitted_is_refused(make_signal, bureau_qinghai):
    from tests.experts.factories import ExpertFactory

    pending = ExpertFactory()
    with pytest.raises(InvalidInput):
        services.signal_transition(
            signal=make_signal(), name="open_assessment", actor=bureau_qinghai, experts=[pending.pk]
        )


@pytest.mark.parametrize("who", ["bureau_gansu", "enterprise_qinghai", "inspector_qinghai"])
def test_only_the_signals_unit_opens_an_assessment(request, make_signal, expert_a, who):
    with pytest.raises(TransitionForbidden):
        services.signal_transition(
            signal=make_signal(),
            name="open_assessment",
            actor=request.getfixturevalue(who),
            experts=[expert_a[0].pk],
        )


def test_hq_may_open_any_assessment(make_signal, hq, expert_a):
    signal = services.signal_transition(
        signal=make_signal(), name="open_assessment", actor=hq, experts=[expert_a[0].pk]
    )
    assert signal.state == SignalState.ASSESSING


def test_the_assigned_expert_records_an_opinion_once(make_signal, expert_a):
    signal = make_signal(SignalState.ASSESSING)
    row = services.opinion_record(
        signal=signal, actor=expert_a[1], suggested_grade=Conclusion.II, opinion="风险较高。"
    )
    assert row.recorded_by == expert_a[1] and row.recorded_at
    with pytest.raises(Conflict):
        services.opinion_record(
            signal=signal, actor=expert_a[1], suggested_grade=Conclusion.I, opinion="改为Ⅰ级。"
        )


def test_an_expert_not_assigned_records_nothing(make_signal, db):
    signal = make_signal(SignalState.ASSESSING)
    from tests.experts.factories import admitted

    account = factories.UserFactory(role="expert", bureau=factories.bureau("hubei"))
    admitted(account=account)
    with pytest.raises(NotPermitted):
        services.opinion_record(
            signal=signal, actor=account, suggested_grade=Conclusion.IV, opinion="无。"
        )


def test_the_unit_enters_an_experts_written_opinion(make_signal, bureau_qinghai, bureau_gansu):
    signal = make_signal(SignalState.ASSESSING)
    row = signal.opinions.first()
    services.opinion_record(
        signal=signal,
        actor=bureau_qinghai,
        opinion_id=row.pk,
        suggested_grade=Conclusion.IV,
        opinion="书面意见：风险低。",
    )
    with pytest.raises(NotPermitted):
        services.opinion_record(
            signal=signal,
            actor=bureau_gansu,
            opinion_id=signal.opinions.last().pk,
            suggested_grade=Conclusion.IV,
            opinion="代录。",
        )


def test_conclusion_waits_for_every_opinion(make_signal, bureau_qinghai, expert_a):
    signal = make_signal(SignalState.ASSESSING)
    services.opinion_record(
        signal=signal, actor=expert_a[1], suggested_grade=Conclusion.III, opinion="可控。"
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        services.signal_transition(
            signal=signal,
            name="conclude",
            actor=bureau_qinghai,
            conclusion=Conclusion.III,
            finding="……",
        )
    assert "专家" in str(refused.value)


def test_a_failed_product_needs_advice_to_consumers(
    make_signal, bureau_qinghai, expert_a, expert_b
):
    signal = make_signal(SignalState.ASSESSING)
    for _, account in (expert_a, expert_b):
        services.opinion_record(
            signal=signal, actor=account, suggested_grade=Conclusion.II, opinion="不合格。"
        )
    with pytest.raises(InvalidInput) as refused:
        services.signal_transition(
            signal=signal,
            name="conclude",
            actor=bureau_qinghai,
            conclusion=Conclusion.II,
            finding="不合格。",
            failed_product=True,
        )
    assert "consumer_advice" in refused.value.field_errors


def test_a_failed_assessment_is_public_with_its_advice(make_signal):
    signal = make_signal(SignalState.CONCLUDED)
    assert signal.is_public
    assert list(selectors.public_assessments()) == [signal]


def test_dismissal_needs_a_reason(make_signal, bureau_qinghai):
    signal = make_signal()
    with pytest.raises(InvalidInput):
        services.signal_transition(signal=signal, name="dismiss", actor=bureau_qinghai)
    signal = services.signal_transition(
        signal=signal, name="dismiss", actor=bureau_qinghai, reason="信息不实。"
    )
    assert signal.state == SignalState.DISMISSED


def test_a_duplicate_is_merged_into_the_signal_it_repeats(make_signal, bureau_qinghai):
    first = make_signal()
    second = make_signal()
    merged = services.signal_transition(
        signal=second, name="merge", actor=bureau_qinghai, reason="同一报道。", into=first.number
    )
    assert merged.state == SignalState.MERGED and merged.merged_into == first
    assert list(selectors.signal_duplicates(signal=first)) == [merged]


def test_a_signal_is_not_merged_into_itself(make_signal, bureau_qinghai):
    signal = make_signal()
    with pytest.raises(InvalidInput):
        services.signal_transition(
            signal=signal, name="merge", actor=bureau_qinghai, reason="重复。", into=signal.number
        )


def test_a_signal_is_not_merged_into_another_bureaus(make_signal, bureau_qinghai, hq):
    other = services.signal_report(actor=hq, bureau=factories.bureau("gansu").pk, **SIGNAL_BODY)
    with pytest.raises(InvalidInput):
        services.signal_transition(
            signal=make_signal(),
            name="merge",
            actor=bureau_qinghai,
            reason="重复。",
            into=other.number,
        )


# --- who reads a signal ------------------------------------------------------------------------


def test_who_reads_a_signal(
    make_signal,
    hq,
    bureau_qinghai,
    bureau_gansu,
    inspector_qinghai,
    enterprise_qinghai,
    enterprise_other,
    expert_a,
    agency,
):
    reported = services.signal_report(
        actor=enterprise_qinghai,
        **{**SIGNAL_BODY, "channel": Channel.PRODUCER, "source": "企业自检"},
    )
    assessed = make_signal(SignalState.ASSESSING)

    def sees(user):
        return set(selectors.signals_visible_to(user=user).values_list("pk", flat=True))

    assert sees(hq) == {reported.pk, assessed.pk}
    assert sees(bureau_qinghai) == {reported.pk, assessed.pk}
    assert sees(inspector_qinghai) == {reported.pk, assessed.pk}
    assert sees(bureau_gansu) == set()
    assert sees(enterprise_qinghai) == {reported.pk}
    assert sees(enterprise_other) == set()
    assert sees(expert_a[1]) == {assessed.pk}
    assert sees(agency) == set()
    assert not selectors.may_read_assessment(signal=reported, user=enterprise_qinghai)
    assert selectors.may_read_assessment(signal=assessed, user=expert_a[1])


# --- 风险预警 ---------------------------------------------------------------------------------


def test_a_bureau_warns_within_its_area_for_grades_iii_and_iv(make_warning):
    warning = make_warning()
    assert warning.state == WarningState.ISSUED
    assert warning.number.startswith(f"YJ-{timezone.localdate().year}-")
    assert warning.scope == Scope.BUREAU and warning.scope_bureau.code == "qinghai"
    assert warning.standard.version == 1


def test_a_bureau_may_not_issue_grade_ii(make_warning):
    with pytest.raises(InvalidInput) as refused:
        make_warning(grade=Grade.II)
    assert "grade" in refused.value.field_errors


def test_a_bureau_may_not_warn_the_country(make_warning):
    with pytest.raises(InvalidInput) as refused:
        make_warning(scope=Scope.NATIONAL)
    assert "scope" in refused.value.field_errors


@pytest.mark.parametrize("who", ["inspector_qinghai", "enterprise_qinghai", "agency"])
def test_only_hq_and_bureaus_draft_warnings(request, who):
    from .conftest import WARNING_BODY

    with pytest.raises(NotPermitted):
        services.warning_create(actor=request.getfixturevalue(who), **WARNING_BODY)


def test_hq_warns_the_country_and_every_bureau_is_notified(
    make_warning, django_capture_on_commit_callbacks
):
    factories.bureau_staff("gansu", username="gs-mail", email="gs@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        warning = make_warning(by="hq", grade=Grade.I)
    assert warning.notifications.count() == Bureau.objects.count()
    assert any(m.to == ["gs@example.cn"] for m in mail.outbox)
    row = warning.notifications.get(bureau__code="gansu")
    assert row.emailed_at is not None and row.grade == Grade.I


def test_a_zone_warning_reaches_the_zones_bureaus(make_warning, central_west):
    warning = make_warning(by="hq", scope=Scope.ZONE, scope_zone=central_west.pk)
    notified = set(warning.notifications.values_list("bureau__code", flat=True))
    assert {"qinghai", "gansu"} <= notified and "beijing" not in notified


def test_each_change_of_grade_is_notified_again_with_its_reason(make_warning, hq):
    warning = make_warning()
    warning = services.warning_transition(
        warning=warning, name="raise_grade", actor=hq, grade=Grade.II, reason="扩散至省外。"
    )
    assert warning.grade == Grade.II
    entry = warning.history.get(transition="raise_grade")
    assert entry.data == {"from_grade": Grade.III, "to_grade": Grade.II}
    assert entry.reason == "扩散至省外。"
    assert warning.notifications.filter(entry=entry, grade=Grade.II).count() == 1


def test_a_bureau_may_not_raise_its_warning_to_ii(make_warning, bureau_qinghai):
    warning = make_warning()
    with pytest.raises(InvalidInput):
        services.warning_transition(
            warning=warning,
            name="raise_grade",
            actor=bureau_qinghai,
            grade=Grade.II,
            reason="扩大。",
        )


def test_raising_must_raise_and_lowering_must_lower(make_warning, bureau_qinghai):
    warning = make_warning()
    with pytest.raises(InvalidInput):
        services.warning_transition(
            warning=warning, name="raise_grade", actor=bureau_qinghai, grade=Grade.IV, reason="x"
        )
    with pytest.raises(InvalidInput):
        services.warning_transition(
            warning=warning, name="lower_grade", actor=bureau_qinghai, grade=Grade.III, reason="x"
        )


def test_a_change_of_grade_needs_a_reason(make_warning, bureau_qinghai):
    with pytest.raises(InvalidInput):
        services.warning_transition(
            warning=make_warning(), name="lower_grade", actor=bureau_qinghai, grade=Grade.IV
        )


def test_another_bureau_may_not_change_the_warning(make_warning, bureau_gansu):
    with pytest.raises(TransitionForbidden):
        services.warning_transition(
            warning=make_warning(), name="lift", actor=bureau_gansu, reason="x"
        )


def test_a_draft_is_not_lifted(make_warning, bureau_qinghai):
    with pytest.raises(TransitionNotAllowed):
        services.warning_transition(
            warning=make_warning(issued=False), name="lift", actor=bureau_qinghai, reason="x"
        )


def test_a_draft_is_edited_by_its_unit_only(make_warning, bureau_qinghai, hq):
    warning = make_warning(issued=False)
    from .conftest import WARNING_BODY

    updated = services.warning_update(
        warning=warning, actor=bureau_qinghai, **{**WARNING_BODY, "title": "新标题"}
    )
    assert updated.title == "新标题"
    with pytest.raises(NotPermitted):
        services.warning_update(warning=warning, actor=hq, **WARNING_BODY)


def test_an_issued_warning_is_not_edited(make_warning, bureau_qinghai):
    from .conftest import WARNING_BODY

    with pytest.raises(Conflict):
        services.warning_update(warning=make_warning(), actor=bureau_qinghai, **WARNING_BODY)


def test_targets_are_named_by_a_valid_code(make_warning):
    with pytest.raises(InvalidInput) as refused:
        make_warning(targets=[{"name": "某企业", "uscc": "123"}])
    assert "targets" in refused.value.field_errors


# --- 签收 ------------------------------------------------------------------------------------


def test_the_notified_bureau_acknowledges_once(make_warning, bureau_qinghai):
    row = make_warning().notifications.get()
    services.notification_acknowledge(notification=row, actor=bureau_qinghai)
    row.refresh_from_db()
    assert row.acknowledged_by == bureau_qinghai
    with pytest.raises(Conflict):
        services.notification_acknowledge(notification=row, actor=bureau_qinghai)


@pytest.mark.parametrize("who", ["bureau_gansu", "inspector_qinghai", "hq"])
def test_nobody_else_acknowledges(request, make_warning, who):
    row = make_warning().notifications.get()
    with pytest.raises(NotPermitted):
        services.notification_acknowledge(notification=row, actor=request.getfixturevalue(who))


# --- who reads a warning -----------------------------------------------------------------------


def test_who_reads_a_warning(
    make_warning, hq, bureau_qinghai, bureau_gansu, enterprise_qinghai, enterprise_other
):
    uscc = enterprise_qinghai.enterprise.uscc
    draft = make_warning(issued=False)
    issued = make_warning(targets=[{"name": "青海柴达木枸杞有限公司", "uscc": uscc}])

    def sees(user):
        return set(selectors.warnings_visible_to(user=user).values_list("pk", flat=True))

    assert sees(hq) == {draft.pk, issued.pk}
    assert sees(bureau_qinghai) == {draft.pk, issued.pk}
    assert sees(bureau_gansu) == set()
    assert sees(enterprise_qinghai) == {issued.pk}
    assert sees(enterprise_other) == set()
    assert set(selectors.public_warnings()) == {issued}
    assert list(selectors.warning_targets(warning=issued, user=enterprise_other)) == []
    assert selectors.warning_targets(warning=issued, user=enterprise_qinghai).count() == 1


# --- 快速反应措施 ------------------------------------------------------------------------------


def test_the_issuer_assigns_a_measure_suited_to_the_grade(make_warning, make_measure):
    measure = make_measure(make_warning())
    assert measure.state == MeasureState.ASSIGNED
    assert measure.due_on == timezone.localdate() + timedelta(days=15)


def test_a_measure_not_suited_to_the_grade_is_refused(make_warning, make_measure):
    with pytest.raises(InvalidInput) as refused:
        make_measure(make_warning(), kind=MeasureKind.DESTROY)
    assert "kind" in refused.value.field_errors


def test_the_responsible_bureau_is_in_scope(make_warning, make_measure):
    with pytest.raises(InvalidInput) as refused:
        make_measure(make_warning(), responsible_bureau=factories.bureau("gansu").pk)
    assert "responsible_bureau" in refused.value.field_errors


def test_another_bureau_assigns_nothing(make_warning, make_measure, bureau_gansu):
    with pytest.raises(NotPermitted):
        make_measure(make_warning(), actor=bureau_gansu)


def test_a_draft_warning_takes_no_measure(make_warning, make_measure):
    with pytest.raises(Conflict):
        make_measure(make_warning(issued=False))


def test_a_recall_names_the_quantity_concerned(make_warning, make_measure):
    with pytest.raises(InvalidInput) as refused:
        make_measure(make_warning(), kind=MeasureKind.RECALL)
    assert {"quantity_concerned", "quantity_unit"} <= set(refused.value.field_errors)


def _recall(make_warning, make_measure):
    return make_measure(
        make_warning(), kind=MeasureKind.RECALL, quantity_concerned="1200", quantity_unit="千克"
    )


def test_a_recall_tracks_the_quantity_recalled(make_warning, make_measure, inspector_qinghai):
    measure = _recall(make_warning, make_measure)
    services.measure_progress_report(
        measure=measure, actor=inspector_qinghai, text="已召回一批。", quantity_recalled="300"
    )
    measure.refresh_from_db()
    assert measure.quantity_recalled == Decimal("300.00")
    assert measure.recall_rate == Decimal("25.0")
    with pytest.raises(InvalidInput):
        services.measure_progress_report(
            measure=measure, actor=inspector_qinghai, text="更正。", quantity_recalled="200"
        )
    with pytest.raises(InvalidInput):
        services.measure_progress_report(
            measure=measure, actor=inspector_qinghai, text="超量。", quantity_recalled="5000"
        )
    assert MeasureProgress.objects.filter(measure=measure).count() == 1


def test_progress_comes_from_the_responsible_bureau(make_warning, make_measure, bureau_gansu):
    with pytest.raises(NotPermitted):
        services.measure_progress_report(
            measure=make_measure(make_warning()), actor=bureau_gansu, text="代报。"
        )


def test_a_measure_runs_to_its_evaluation(make_warning, make_measure, bureau_qinghai, hq):
    measure = make_measure(make_warning())
    measure = services.measure_transition(measure=measure, name="start", actor=bureau_qinghai)
    assert measure.state == MeasureState.IN_PROGRESS
    with pytest.raises(InvalidInput):
        services.measure_transition(measure=measure, name="complete", actor=bureau_qinghai)
    measure = services.measure_transition(
        measure=measure, name="complete", actor=bureau_qinghai, result="已查明原料来源。"
    )
    measure = services.measure_transition(
        measure=measure, name="evaluate", actor=hq, effect="effective", evaluation="风险已消除。"
    )
    assert measure.state == MeasureState.EVALUATED
    measure = services.measure_transition(
        measure=measure, name="lift", actor=bureau_qinghai, reason="风险消除。"
    )
    assert measure.state == MeasureState.LIFTED


@pytest.mark.parametrize("name", ["start", "complete"])
def test_another_bureau_does_not_carry_out_the_measure(
    make_warning, make_measure, bureau_gansu, name
):
    with pytest.raises(TransitionForbidden):
        services.measure_transition(
            measure=make_measure(make_warning()), name=name, actor=bureau_gansu, result="x"
        )


def test_the_system_transitions_are_nobodys(make_warning, make_measure, hq):
    measure = make_measure(make_warning())
    for name in ("lift_with_warning", "escalate"):
        with pytest.raises(TransitionForbidden):
            services.measure_transition(measure=measure, name=name, actor=hq)


def test_lowering_the_warning_lifts_the_measures_it_no_longer_suits(
    make_warning, make_measure, bureau_qinghai
):
    warning = make_warning()
    recall = make_measure(
        warning, kind=MeasureKind.RECALL, quantity_concerned="10", quantity_unit="吨"
    )
    trace = make_measure(warning)
    warning = services.warning_transition(
        warning=warning, name="lower_grade", actor=bureau_qinghai, grade=Grade.IV, reason="缓解。"
    )
    recall.refresh_from_db()
    trace.refresh_from_db()
    assert recall.state == MeasureState.LIFTED and trace.state == MeasureState.ASSIGNED
    assert warning.history.get(transition="lower_grade").data["measures_lifted"] == [recall.pk]
    assert recall.history.get(transition="lift_with_warning").actor is None


def test_lifting_the_warning_lifts_its_measures(make_warning, make_measure, bureau_qinghai):
    warning = make_warning()
    measure = make_measure(warning)
    services.warning_transition(warning=warning, name="lift", actor=bureau_qinghai, reason="消除。")
    measure.refresh_from_db()
    assert measure.state == MeasureState.LIFTED


def test_an_overdue_measure_is_escalated_once_and_its_issuer_told(
    make_warning, make_measure, bureau_qinghai, django_capture_on_commit_callbacks
):
    bureau_qinghai.email = "qh@example.cn"
    bureau_qinghai.save()
    measure = make_measure(make_warning(), due_on=(timezone.localdate() + timedelta(days=2)))
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.measures_escalate_overdue() == 1
            assert services.measures_escalate_overdue() == 0
    measure.refresh_from_db()
    assert measure.escalated_at is not None and measure.state == MeasureState.ASSIGNED
    assert [m.to for m in mail.outbox if "逾期督办" in m.subject] == [["qh@example.cn"]]


def test_who_reads_a_measure(
    make_warning,
    make_measure,
    hq,
    bureau_qinghai,
    bureau_gansu,
    enterprise_qinghai,
    enterprise_other,
):
    uscc = enterprise_qinghai.enterprise.uscc
    measure = make_measure(
        make_warning(), enterprise_name="青海柴达木枸杞有限公司", enterprise_uscc=uscc
    )

    def sees(user):
        return set(selectors.measures_visible_to(user=user).values_list("pk", flat=True))

    assert sees(hq) == sees(bureau_qinghai) == sees(enterprise_qinghai) == {measure.pk}
    assert sees(bureau_gansu) == sees(enterprise_other) == set()


def test_the_overview_counts_what_the_user_sees(make_warning, make_measure, make_signal, hq):
    make_measure(make_warning())
    make_signal()
    figures = selectors.overview(user=hq)
    assert {g: n for g, _, n in figures["warnings_by_grade"]}[Grade.III] == 1
    assert sum(n for _, _, n in figures["measures_by_due"]) == 1
    month = timezone.localdate().strftime("%Y-%m")
    assert dict(figures["signals_by_month"])[month] == {Channel.MEDIA: 1}


def test_history_rows_carry_actor_and_reason(make_signal, bureau_qinghai):
    signal = make_signal()
    services.signal_transition(signal=signal, name="dismiss", actor=bureau_qinghai, reason="不实。")
    entry = signal.history.get()
    assert (entry.actor, entry.reason, entry.to_state) == (
        bureau_qinghai,
        "不实。",
        SignalState.DISMISSED,
    )


# --- 质量信用: what the warnings and measures tell the credit rule -----------------------------


def test_a_warning_naming_an_enterprise_is_a_credit_fact_at_its_worst_grade(
    make_warning, make_measure, enterprise_qinghai, hq
):
    from casework.credit import credit_facts

    uscc = enterprise_qinghai.enterprise.uscc
    warning = make_warning(targets=[{"name": "青海柴达木枸杞有限公司", "uscc": uscc}])
    make_measure(
        warning,
        kind=MeasureKind.RECALL,
        quantity_concerned="10",
        quantity_unit="吨",
        enterprise_name="青海柴达木枸杞有限公司",
        enterprise_uscc=uscc,
    )
    services.warning_transition(
        warning=warning, name="raise_grade", actor=hq, grade=Grade.II, reason="扩散。"
    )
    services.warning_transition(
        warning=warning, name="lower_grade", actor=hq, grade=Grade.IV, reason="缓解。"
    )
    facts = {f.kind: f for f in credit_facts(usccs=[uscc]) if f.source.startswith("risk")}
    assert set(facts) == {"warning_ii", "recall"}
    assert facts["warning_ii"].reference == warning.number and facts["warning_ii"].ended_on is None
    # Lowered to Ⅳ, the recall (suited to Ⅰ–Ⅲ) was lifted: its fact has ended.
    assert facts["recall"].ended_on == timezone.localdate()


def test_a_draft_warning_tells_the_credit_rule_nothing(make_warning, enterprise_qinghai):
    from casework.credit import credit_facts

    uscc = enterprise_qinghai.enterprise.uscc
    make_warning(issued=False, targets=[{"name": "青海柴达木枸杞有限公司", "uscc": uscc}])
    assert [f for f in credit_facts(usccs=[uscc]) if f.source.startswith("risk")] == []


def test_an_expert_of_the_bureau_not_assigned_reads_no_opinions(make_signal, db):
    signal = make_signal(SignalState.ASSESSING)
    colleague = factories.UserFactory(role="expert", bureau=factories.bureau("qinghai"))
    assert selectors.signals_visible_to(user=colleague).filter(pk=signal.pk).exists()
    assert not selectors.may_read_assessment(signal=signal, user=colleague)
