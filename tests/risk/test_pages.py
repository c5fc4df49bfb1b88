"""Browser pages of 风险预警与快速反应 (seed 004) under /risk/: the signals (list, report form,
complaint → signal, the signal's page with its transitions and evidence, the experts'
opinions), the warnings (list, draft, page with transitions and the assignment of measures),
the bureaus' inbox of notifications, the measures and the overview; each for whoever may see
it (404 for anyone else), a refusal with its status and nothing changed, and the lists in a
number of queries that does not grow with their rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from risk import services
from risk.models import (
    AssessmentOpinion,
    MeasureProgress,
    ResponseMeasure,
    RiskSignal,
    RiskWarning,
    SignalDocumentAccess,
    WarningNotification,
)
from risk.workflow import Conclusion, Grade, MeasureKind, MeasureState, SignalState, WarningState
from tests import factories
from tests.test_i18n import compiled_catalogues  # noqa: F401  (the fixture)

from .page_fixtures import (  # noqa: F401  (fixtures)
    TARGET,
    association,
    field_errors,
    fixture_complaint_qinghai,
    fixture_expert_assigned,
    fixture_expert_unassigned,
    government,
    html,
    queries,
    rows,
    shown,
    upload,
)

pytestmark = pytest.mark.django_db


def state_of(signal) -> str:
    return RiskSignal.objects.get(pk=signal.pk).state


# --- 风险信息: the list ------------------------------------------------------------------------


@pytest.fixture
def signals(make_signal, enterprise_qinghai, hq):
    """A 青海 signal by the bureau, one by the enterprise, and one HQ routed to 甘肃局."""
    return {
        "bureau": make_signal(),
        "enterprise": make_signal(actor=enterprise_qinghai, channel="producer", source="自查"),
        "gansu": make_signal(actor=hq, bureau=factories.bureau("gansu").pk, product="沙棘"),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hq", {"bureau", "enterprise", "gansu"}),
        ("bureau_qinghai", {"bureau", "enterprise"}),
        ("bureau_gansu", {"gansu"}),
        ("enterprise_qinghai", {"enterprise"}),
        ("enterprise_other", set()),
        ("agency", set()),
    ],
)
def test_each_actor_lists_the_signals_it_may_see(request, client_for, signals, persona, expected):
    response = client_for(request.getfixturevalue(persona)).get("/risk/signals/")
    assert {s.pk for s in rows(response)} == {signals[name].pk for name in expected}


@pytest.mark.parametrize("persona", ["government"])
def test_who_has_no_risk_pages_gets_404(request, client_for, signals, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/risk/signals/", f"/risk/signals/{signals['bureau'].pk}/", "/risk/warnings/"):
        assert client.get(url).status_code == 404


def test_the_signal_pages_ask_to_sign_in(client, signals):
    response = client.get("/risk/signals/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_list_filters_and_searches(client_for, hq, signals):
    client = client_for(hq)
    by_bureau = rows(client.get(f"/risk/signals/?bureau={factories.bureau('gansu').pk}"))
    assert [s.pk for s in by_bureau] == [signals["gansu"].pk]
    by_channel = rows(client.get("/risk/signals/?channel=producer"))
    assert [s.pk for s in by_channel] == [signals["enterprise"].pk]
    by_search = rows(client.get("/risk/signals/?q=沙棘"))
    assert [s.pk for s in by_search] == [signals["gansu"].pk]
    by_number = rows(client.get(f"/risk/signals/?q={signals['bureau'].number}"))
    assert [s.pk for s in by_number] == [signals["bureau"].pk]
    # A filter that does not validate is shown and ignored.
    response = client.get("/risk/signals/?state=nonsense")
    assert len(rows(response)) == 3
    assert field_errors(response)


def test_the_todo_filters_to_what_waits(client_for, bureau_qinghai, make_signal):
    reported = make_signal()
    assessing = make_signal(SignalState.ASSESSING)
    client = client_for(bureau_qinghai)
    assert [s.pk for s in rows(client.get("/risk/signals/?todo=study"))] == [reported.pk]
    assert rows(client.get("/risk/signals/?todo=conclude")) == []
    for opinion in AssessmentOpinion.objects.filter(signal=assessing):
        services.opinion_record(
            signal=assessing,
            actor=opinion.expert.account,
            suggested_grade=Conclusion.IV,
            opinion="低风险。",
        )
    assert [s.pk for s in rows(client.get("/risk/signals/?todo=conclude"))] == [assessing.pk]


def test_the_signal_list_reads_a_constant_number_of_queries(client_for, hq, make_signal):
    client = client_for(hq)
    make_signal()
    client.get("/risk/signals/")
    one = queries(lambda: client.get("/risk/signals/"))
    for _ in range(19):
        make_signal()
    twenty = queries(lambda: client.get("/risk/signals/"))
    assert twenty == one


# --- 风险信息: reporting -----------------------------------------------------------------------


def test_an_enterprise_reports_through_its_own_channel_to_its_bureau(
    client_for, enterprise_qinghai
):
    client = client_for(enterprise_qinghai)
    form = client.get("/risk/signals/new/").context["form"]
    assert [c for c, _l in form.fields["channel"].choices] == ["producer"]
    assert "bureau" not in form.fields
    response = client.post(
        "/risk/signals/new/",
        {
            "channel": "producer",
            "source": "企业自查",
            "product": "枸杞",
            "place": "青海省海西州",
            "description": "自查发现一批次包装破损。",
        },
    )
    signal = RiskSignal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/risk/signals/{signal.pk}/"
    assert signal.bureau.code == "qinghai"
    assert signal.reported_by == enterprise_qinghai


def test_a_bad_report_is_400_with_field_errors_and_nothing_saved(client_for, bureau_qinghai):
    response = client_for(bureau_qinghai).post(
        "/risk/signals/new/",
        {"channel": "media", "product": "", "place": "西宁", "enterprise_uscc": "123"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"source", "product", "description"} <= set(errors)
    assert field_errors(response)
    assert not RiskSignal.objects.exists()


def test_an_invalid_uscc_is_the_services_field_error(client_for, bureau_qinghai):
    response = client_for(bureau_qinghai).post(
        "/risk/signals/new/",
        {
            "channel": "media",
            "source": "报道",
            "product": "枸杞",
            "place": "西宁",
            "description": "报道。",
            "enterprise_name": "某公司",
            "enterprise_uscc": "91630000ABCDEFGH12",
        },
    )
    assert response.status_code == 400
    assert "enterprise_uscc" in response.context["form"].errors
    assert not RiskSignal.objects.exists()


def test_the_monitoring_pages_fill_the_form_in(client_for, hq):
    response = client_for(hq).get(
        "/risk/signals/new/?channel=monitoring&product=牦牛肉&uscc=X1&enterprise=某牧业"
        "&reference=JC-2026-01&place=玉树"
    )
    initial = response.context["form"].initial
    assert initial == {
        "channel": "monitoring",
        "product": "牦牛肉",
        "enterprise_uscc": "X1",
        "enterprise_name": "某牧业",
        "source": "JC-2026-01",
        "place": "玉树",
    }
    assert "bureau" in response.context["form"].fields


def test_who_has_no_channel_may_not_report(client_for, expert_unassigned):
    assert client_for(expert_unassigned).get("/risk/signals/new/").status_code == 403


# --- 投诉举报转风险信息 -------------------------------------------------------------------------


def test_the_complaints_bureau_turns_it_into_a_signal_from_its_page(
    client_for, bureau_qinghai, complaint_qinghai
):
    client = client_for(bureau_qinghai)
    page = html(client.get(f"/supervision/complaints/{complaint_qinghai.pk}/"))
    assert "转为风险信息" in page
    assert f'action="/risk/signals/from-complaint/{complaint_qinghai.pk}/"' in page
    response = client.post(f"/risk/signals/from-complaint/{complaint_qinghai.pk}/")
    signal = RiskSignal.objects.get(complaint=complaint_qinghai)
    assert response["Location"] == f"/risk/signals/{signal.pk}/"
    assert signal.channel == "complaint"
    # Once: the page now links the signal, and a second POST is 409 with nothing new.
    page = html(client.get(f"/supervision/complaints/{complaint_qinghai.pk}/"))
    assert f'action="/risk/signals/from-complaint/{complaint_qinghai.pk}/"' not in page
    assert signal.number in page
    again = client.post(f"/risk/signals/from-complaint/{complaint_qinghai.pk}/")
    assert again.status_code == 409
    assert signal.number in " ".join(shown(again))
    assert RiskSignal.objects.count() == 1


def test_hq_sees_the_button_too(client_for, hq, complaint_qinghai):
    page = html(client_for(hq).get(f"/supervision/complaints/{complaint_qinghai.pk}/"))
    assert "转为风险信息" in page


@pytest.mark.parametrize(("persona", "code"), [("bureau_gansu", 404), ("enterprise_qinghai", 404)])
def test_who_may_not_turn_a_complaint_into_a_signal(
    request, client_for, complaint_qinghai, persona, code
):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(f"/risk/signals/from-complaint/{complaint_qinghai.pk}/").status_code == code
    assert not RiskSignal.objects.exists()


def test_turning_a_complaint_is_a_post(client_for, bureau_qinghai, complaint_qinghai):
    response = client_for(bureau_qinghai).get(
        f"/risk/signals/from-complaint/{complaint_qinghai.pk}/"
    )
    assert response.status_code == 405


# --- 风险信息: the signal's page and its transitions ------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("hq", 200),
        ("bureau_qinghai", 200),
        ("inspector_qinghai", 200),
        ("bureau_gansu", 404),
        ("enterprise_other", 404),
        ("agency", 404),
        ("expert_unassigned", 404),
    ],
)
def test_who_sees_the_signals_page(request, client_for, make_signal, persona, code):
    signal = make_signal()
    response = client_for(request.getfixturevalue(persona)).get(f"/risk/signals/{signal.pk}/")
    assert response.status_code == code


def test_the_assessing_unit_has_the_transition_forms(client_for, bureau_qinghai, make_signal):
    signal = make_signal()
    response = client_for(bureau_qinghai).get(f"/risk/signals/{signal.pk}/")
    assert [name for name, _r, _f in response.context["actions"]] == [
        "open_assessment",
        "dismiss",
        "merge",
    ]
    page = html(response)
    assert 'name="experts"' in page
    assert 'name="draw"' in page
    assert 'name="due_on"' in page


def test_the_unit_opens_the_assessment_with_named_and_drawn_experts(
    client_for, bureau_qinghai, make_signal, expert_a, expert_b
):
    signal = make_signal()
    due = timezone.localdate() + timedelta(days=10)
    response = client_for(bureau_qinghai).post(
        f"/risk/signals/{signal.pk}/",
        {
            "action": "open_assessment",
            "experts": [expert_a[0].pk],
            "draw": "1",
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.state == SignalState.ASSESSING
    assert signal.assessment_due_on == due
    opinions = AssessmentOpinion.objects.filter(signal=signal)
    assert {o.expert_id for o in opinions} == {expert_a[0].pk, expert_b[0].pk}
    assert [o.drawn for o in opinions.filter(expert=expert_b[0])] == [True]


def test_an_assessment_without_experts_is_400_and_changes_nothing(
    client_for, bureau_qinghai, make_signal
):
    signal = make_signal()
    response = client_for(bureau_qinghai).post(
        f"/risk/signals/{signal.pk}/", {"action": "open_assessment", "draw": "0"}
    )
    assert response.status_code == 400
    assert "请至少选择或抽取一名专家委员会委员。" in field_errors(response)
    assert state_of(signal) == SignalState.REPORTED
    assert not AssessmentOpinion.objects.filter(signal=signal).exists()


def test_a_past_deadline_is_400(client_for, bureau_qinghai, make_signal, expert_a):
    signal = make_signal()
    response = client_for(bureau_qinghai).post(
        f"/risk/signals/{signal.pk}/",
        {
            "action": "open_assessment",
            "experts": [expert_a[0].pk],
            "due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "期限不能早于今天。" in field_errors(response)
    assert state_of(signal) == SignalState.REPORTED


def test_a_reporter_may_not_fire_a_transition(client_for, enterprise_qinghai, make_signal):
    signal = make_signal(actor=enterprise_qinghai, channel="producer")
    client = client_for(enterprise_qinghai)
    assert client.get(f"/risk/signals/{signal.pk}/").context["actions"] == []
    response = client.post(f"/risk/signals/{signal.pk}/", {"action": "dismiss", "reason": "x"})
    assert response.status_code == 403
    assert state_of(signal) == SignalState.REPORTED


def test_the_conclusion_before_every_opinion_is_409(client_for, bureau_qinghai, make_signal):
    signal = make_signal(SignalState.ASSESSING)
    client = client_for(bureau_qinghai)
    assert "conclude" not in [
        n for n, _r, _f in client.get(f"/risk/signals/{signal.pk}/").context["actions"]
    ]
    response = client.post(
        f"/risk/signals/{signal.pk}/",
        {"action": "conclude", "conclusion": "III", "finding": "超标。"},
    )
    assert response.status_code == 409
    assert "尚有评估专家未提出意见，暂不能作出结论。" in shown(response)
    assert state_of(signal) == SignalState.ASSESSING


def test_the_unit_concludes_once_every_opinion_is_in(
    client_for, bureau_qinghai, make_signal, expert_a, expert_b
):
    signal = make_signal(SignalState.ASSESSING)
    for _expert, account in (expert_a, expert_b):
        services.opinion_record(
            signal=signal, actor=account, suggested_grade=Conclusion.II, opinion="较高风险。"
        )
    client = client_for(bureau_qinghai)
    bad = client.post(
        f"/risk/signals/{signal.pk}/",
        {"action": "conclude", "conclusion": "II", "finding": "超标。", "failed_product": "on"},
    )
    assert bad.status_code == 400
    assert "consumer_advice" in dict(bad.context["actions"][0][2].errors)
    assert state_of(signal) == SignalState.ASSESSING
    response = client.post(
        f"/risk/signals/{signal.pk}/",
        {
            "action": "conclude",
            "conclusion": "II",
            "finding": "超标。",
            "failed_product": "on",
            "consumer_advice": "暂勿食用。",
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.state, signal.conclusion, signal.failed_product) == (
        SignalState.CONCLUDED,
        Conclusion.II,
        True,
    )
    page = html(client.get(f"/risk/signals/{signal.pk}/"))
    assert "据此拟定风险预警" in page


def test_merge_needs_a_signal_of_the_unit(client_for, bureau_qinghai, make_signal, hq):
    signal = make_signal()
    other = make_signal(actor=hq, bureau=factories.bureau("gansu").pk)
    client = client_for(bureau_qinghai)
    response = client.post(
        f"/risk/signals/{signal.pk}/",
        {"action": "merge", "into": other.number, "reason": "重复。"},
    )
    assert response.status_code == 400
    assert "into" in response.context["actions"][2][2].errors
    assert state_of(signal) == SignalState.REPORTED
    target = make_signal()
    response = client.post(
        f"/risk/signals/{signal.pk}/",
        {"action": "merge", "into": target.number, "reason": "重复。"},
    )
    assert response.status_code == 302
    assert state_of(signal) == SignalState.MERGED


def test_dismiss_needs_a_reason(client_for, bureau_qinghai, make_signal):
    signal = make_signal()
    client = client_for(bureau_qinghai)
    response = client.post(f"/risk/signals/{signal.pk}/", {"action": "dismiss", "reason": ""})
    assert response.status_code == 400
    assert state_of(signal) == SignalState.REPORTED
    response = client.post(f"/risk/signals/{signal.pk}/", {"action": "dismiss", "reason": "不实。"})
    assert response.status_code == 302
    assert state_of(signal) == SignalState.DISMISSED


def test_an_unknown_action_is_400(client_for, bureau_qinghai, make_signal):
    signal = make_signal()
    response = client_for(bureau_qinghai).post(f"/risk/signals/{signal.pk}/", {"action": "x"})
    assert response.status_code == 400


def test_the_opinions_only_for_the_unit_and_the_experts(
    client_for, make_signal, enterprise_qinghai, bureau_qinghai, expert_assigned
):
    signal = make_signal(SignalState.CONCLUDED, actor=enterprise_qinghai, channel="producer")
    reporter = html(client_for(enterprise_qinghai).get(f"/risk/signals/{signal.pk}/"))
    assert "Ⅲ级风险" in reporter
    assert "选购色泽自然的枸杞。" in reporter
    assert "风险较低。" not in reporter
    assert "抽检批次超标，风险可控。" not in reporter
    assert "流转记录" not in reporter
    for persona in (bureau_qinghai, expert_assigned):
        page = html(client_for(persona).get(f"/risk/signals/{signal.pk}/"))
        assert "风险较低。" in page
        assert "抽检批次超标，风险可控。" in page


# --- evidence ------------------------------------------------------------------------------------


def test_the_reporter_uploads_evidence_and_each_read_is_logged(
    client_for, make_signal, enterprise_qinghai, bureau_qinghai, bureau_gansu
):
    signal = make_signal(actor=enterprise_qinghai, channel="producer")
    client = client_for(enterprise_qinghai)
    response = client.post(f"/risk/signals/{signal.pk}/", {"action": "upload", "file": upload()})
    assert response.status_code == 302
    document = signal.documents.get()
    download = client_for(bureau_qinghai).get(f"/risk/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert SignalDocumentAccess.objects.filter(document=document, user=bureau_qinghai).exists()
    assert client_for(bureau_gansu).get(f"/risk/documents/{document.pk}/").status_code == 404


def test_a_file_that_is_not_evidence_is_400(client_for, make_signal, bureau_qinghai):
    signal = make_signal()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(bureau_qinghai).post(
        f"/risk/signals/{signal.pk}/",
        {"action": "upload", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00", "application/pdf")},
    )
    assert response.status_code == 400
    assert not signal.documents.exists()


# --- 评估专家意见 -------------------------------------------------------------------------------


def test_the_expert_records_an_opinion_once(client_for, make_signal, expert_assigned):
    signal = make_signal(SignalState.ASSESSING)
    client = client_for(expert_assigned)
    assert "提出评估意见" in html(client.get(f"/risk/signals/{signal.pk}/"))
    form = client.get(f"/risk/signals/{signal.pk}/opinion/").context["form"]
    assert "opinion_id" not in form.fields
    bad = client.post(f"/risk/signals/{signal.pk}/opinion/", {"suggested_grade": "III"})
    assert bad.status_code == 400
    assert "opinion" in bad.context["form"].errors
    assert not AssessmentOpinion.objects.filter(recorded_at__isnull=False).exists()
    done = client.post(
        f"/risk/signals/{signal.pk}/opinion/", {"suggested_grade": "III", "opinion": "可控。"}
    )
    assert done["Location"] == f"/risk/signals/{signal.pk}/"
    row = AssessmentOpinion.objects.get(signal=signal, expert__account=expert_assigned)
    assert (row.suggested_grade, row.opinion) == ("III", "可控。")
    assert client.get(f"/risk/signals/{signal.pk}/opinion/").status_code == 409


def test_the_unit_enters_an_experts_written_opinion(
    client_for, make_signal, bureau_qinghai, expert_b
):
    signal = make_signal(SignalState.ASSESSING)
    client = client_for(bureau_qinghai)
    form = client.get(f"/risk/signals/{signal.pk}/opinion/").context["form"]
    owed = AssessmentOpinion.objects.get(signal=signal, expert=expert_b[0])
    assert owed.pk in [pk for pk, _l in form.fields["opinion_id"].choices]
    response = client.post(
        f"/risk/signals/{signal.pk}/opinion/",
        {"opinion_id": owed.pk, "suggested_grade": "IV", "opinion": "书面意见：低风险。"},
    )
    assert response.status_code == 302
    owed.refresh_from_db()
    assert owed.recorded_by == bureau_qinghai


@pytest.mark.parametrize(("persona", "code"), [("expert_unassigned", 404), ("bureau_gansu", 404)])
def test_who_may_not_record_an_opinion(request, client_for, make_signal, persona, code):
    signal = make_signal(SignalState.ASSESSING)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/risk/signals/{signal.pk}/opinion/").status_code == code


def test_the_reporter_is_refused_the_opinion_form(client_for, make_signal, enterprise_qinghai):
    signal = make_signal(SignalState.ASSESSING, actor=enterprise_qinghai, channel="producer")
    response = client_for(enterprise_qinghai).post(
        f"/risk/signals/{signal.pk}/opinion/", {"suggested_grade": "I", "opinion": "x"}
    )
    assert response.status_code == 403
    assert not AssessmentOpinion.objects.filter(recorded_at__isnull=False).exists()


# --- 风险预警 -----------------------------------------------------------------------------------

DRAFT = {
    "title": "枸杞二氧化硫残留超标风险预警",
    "grade": "III",
    "scope": "bureau",
    "products": "枸杞",
    "description": "部分批次超标。",
    "consumer_advice": "请勿购买颜色异常鲜红的枸杞。",
}


def test_a_bureau_drafts_a_warning_with_its_targets(client_for, bureau_qinghai):
    client = client_for(bureau_qinghai)
    form = client.get("/risk/warnings/new/").context["form"]
    assert [g for g, _l in form.fields["grade"].choices] == ["III", "IV"]
    assert "scope_bureau" not in form.fields
    response = client.post(
        "/risk/warnings/new/",
        {**DRAFT, "targets": f"{TARGET['name']},{TARGET['uscc']}\n\n某贸易公司\n"},
    )
    warning = RiskWarning.objects.get()
    assert response["Location"] == f"/risk/warnings/{warning.pk}/"
    assert warning.state == WarningState.DRAFT
    assert [(t.enterprise_name, t.enterprise_uscc) for t in warning.targets.all()] == [
        (TARGET["name"], TARGET["uscc"]),
        ("某贸易公司", ""),
    ]


def test_a_bad_draft_is_400_with_field_errors_and_nothing_saved(client_for, bureau_qinghai):
    response = client_for(bureau_qinghai).post(
        "/risk/warnings/new/",
        {**DRAFT, "grade": "I", "title": "", "targets": "甲公司,91630000ABCDEFGH12\n乙,1,2"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"grade", "title", "targets"} <= set(errors)
    assert not RiskWarning.objects.exists()


def test_an_invalid_target_code_is_the_services_field_error(client_for, hq):
    response = client_for(hq).post(
        "/risk/warnings/new/",
        {**DRAFT, "scope": "national", "targets": "甲公司,91630000ABCDEFGH12"},
    )
    assert response.status_code == 400
    assert "第 1 家目标企业：统一社会信用代码无效。" in field_errors(response)
    assert not RiskWarning.objects.exists()


@pytest.mark.parametrize("persona", ["enterprise_qinghai", "inspector_qinghai", "agency"])
def test_who_may_not_draft_a_warning(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/risk/warnings/new/").status_code == 404
    assert client.post("/risk/warnings/new/", DRAFT).status_code == 404
    assert not RiskWarning.objects.exists()


def test_a_draft_from_a_concluded_signal_is_filled_in(client_for, bureau_qinghai, make_signal):
    signal = make_signal(SignalState.CONCLUDED)
    initial = client_for(bureau_qinghai).get(f"/risk/warnings/new/?signal={signal.pk}")
    initial = initial.context["form"].initial
    assert (initial["signal"], initial["grade"], initial["products"]) == (signal.pk, "III", "枸杞")


def test_the_author_edits_its_draft_and_only_it(client_for, bureau_qinghai, hq, make_warning):
    warning = make_warning(issued=False, targets=[TARGET])
    client = client_for(bureau_qinghai)
    form = client.get(f"/risk/warnings/{warning.pk}/edit/").context["form"]
    assert form.initial["targets"] == f"{TARGET['name']},{TARGET['uscc']}"
    response = client.post(
        f"/risk/warnings/{warning.pk}/edit/", {**DRAFT, "title": "新标题", "targets": ""}
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.title == "新标题"
    assert not warning.targets.exists()
    # HQ sees the bureau's draft but may not edit it.
    refused = client_for(hq).post(f"/risk/warnings/{warning.pk}/edit/", {**DRAFT, "title": "x"})
    assert refused.status_code == 403
    warning.refresh_from_db()
    assert warning.title == "新标题"


def test_an_issued_warning_is_not_edited(client_for, bureau_qinghai, make_warning):
    warning = make_warning()
    response = client_for(bureau_qinghai).get(f"/risk/warnings/{warning.pk}/edit/")
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("hq", 200),
        ("bureau_qinghai", 200),
        ("bureau_gansu", 404),
        ("enterprise_qinghai", 404),
        ("agency", 404),
    ],
)
def test_who_sees_a_draft(request, client_for, make_warning, persona, code):
    warning = make_warning(issued=False, targets=[TARGET])
    response = client_for(request.getfixturevalue(persona)).get(f"/risk/warnings/{warning.pk}/")
    assert response.status_code == code


def test_issuing_notifies_the_scope(client_for, bureau_qinghai, make_warning):
    warning = make_warning(issued=False)
    client = client_for(bureau_qinghai)
    assert [n for n, _r, _f in client.get(f"/risk/warnings/{warning.pk}/").context["actions"]] == [
        "issue"
    ]
    response = client.post(f"/risk/warnings/{warning.pk}/", {"action": "issue"})
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.state == WarningState.ISSUED
    assert warning.number.startswith("YJ-")
    assert WarningNotification.objects.filter(warning=warning, bureau__code="qinghai").exists()


def test_the_warnings_page_shows_the_grade_in_words_the_standard_and_the_history(
    client_for, bureau_qinghai, make_warning
):
    warning = make_warning(targets=[TARGET])
    services.warning_transition(
        warning=warning, name="lower_grade", actor=bureau_qinghai, grade="IV", reason="风险降低。"
    )
    page = html(client_for(bureau_qinghai).get(f"/risk/warnings/{warning.pk}/"))
    assert '<span class="grade g-IV">Ⅳ级（蓝色）</span>' in page
    assert "Ⅲ级（黄色） → Ⅳ级（蓝色）" in page
    assert "风险降低。" in page
    assert warning.standard.criteria_i in page
    assert TARGET["name"] in page
    assert "预警通报与签收" in page


def test_a_bureau_is_offered_no_grade_beyond_its_own(client_for, bureau_qinghai, make_warning):
    warning = make_warning()
    response = client_for(bureau_qinghai).get(f"/risk/warnings/{warning.pk}/")
    actions = {name: form for name, _r, form in response.context["actions"]}
    assert "raise_grade" not in actions  # Ⅱ and Ⅰ are HQ's
    assert [g for g, _l in actions["lower_grade"].fields["grade"].choices] == ["IV"]
    refused = client_for(bureau_qinghai).post(
        f"/risk/warnings/{warning.pk}/", {"action": "raise_grade", "grade": "II", "reason": "x"}
    )
    assert refused.status_code == 400
    warning.refresh_from_db()
    assert warning.grade == Grade.III


def test_a_grade_change_needs_a_reason(client_for, hq, make_warning):
    warning = make_warning(by="hq")
    response = client_for(hq).post(
        f"/risk/warnings/{warning.pk}/", {"action": "raise_grade", "grade": "I", "reason": ""}
    )
    assert response.status_code == 400
    warning.refresh_from_db()
    assert warning.grade == Grade.III


def test_another_bureau_notified_may_not_lift(
    client_for, hq, bureau_gansu, make_warning, central_west
):
    warning = make_warning(by="hq", scope="zone", scope_zone=central_west.pk)
    client = client_for(bureau_gansu)
    assert client.get(f"/risk/warnings/{warning.pk}/").context["actions"] == []
    response = client.post(f"/risk/warnings/{warning.pk}/", {"action": "lift", "reason": "x"})
    assert response.status_code == 403
    warning.refresh_from_db()
    assert warning.state == WarningState.ISSUED


def test_the_issuer_assigns_only_measures_the_grade_suits(client_for, bureau_qinghai, make_warning):
    warning = make_warning()
    client = client_for(bureau_qinghai)
    form = client.get(f"/risk/warnings/{warning.pk}/").context["assign_form"]
    kinds = [k for k, _l in form.fields["kind"].choices if k]
    assert "recall" in kinds
    assert "seal" not in kinds  # 查封扣押 suits Ⅰ and Ⅱ only
    bad = client.post(
        f"/risk/warnings/{warning.pk}/",
        {"action": "assign", "kind": "recall", "description": "召回。"},
    )
    assert bad.status_code == 400
    assert not ResponseMeasure.objects.exists()
    done = client.post(
        f"/risk/warnings/{warning.pk}/",
        {
            "action": "assign",
            "kind": "recall",
            "description": "责令召回。",
            "enterprise_name": TARGET["name"],
            "enterprise_uscc": TARGET["uscc"],
            "responsible_bureau": factories.bureau("qinghai").pk,
            "quantity_concerned": "1000",
            "quantity_unit": "千克",
        },
    )
    assert done.status_code == 302
    measure = ResponseMeasure.objects.get()
    assert (measure.kind, measure.quantity_concerned) == (MeasureKind.RECALL, Decimal("1000"))


def test_an_enterprise_sees_the_warning_naming_it_and_no_other_target(
    client_for, make_warning, enterprise_qinghai, enterprise_other
):
    warning = make_warning(targets=[TARGET, {"name": "另一家公司", "uscc": ""}])
    page = html(client_for(enterprise_qinghai).get(f"/risk/warnings/{warning.pk}/"))
    assert TARGET["name"] in page
    assert "另一家公司" not in page
    assert "预警通报与签收" not in page
    assert client_for(enterprise_other).get(f"/risk/warnings/{warning.pk}/").status_code == 404


def test_the_warning_list_filters_and_reads_a_constant_number_of_queries(
    client_for, hq, make_warning
):
    client = client_for(hq)
    make_warning(by="hq")
    client.get("/risk/warnings/")
    one = queries(lambda: client.get("/risk/warnings/"))
    for index in range(19):
        make_warning(by="hq", grade="IV" if index % 2 else "II", issued=index % 3 != 0)
    twenty = queries(lambda: client.get("/risk/warnings/"))
    assert twenty == one
    assert {w.grade for w in rows(client.get("/risk/warnings/?grade=IV"))} == {"IV"}
    assert {w.state for w in rows(client.get("/risk/warnings/?state=draft"))} == {"draft"}


# --- 预警通报 -----------------------------------------------------------------------------------


def test_the_bureau_acknowledges_a_notification(client_for, bureau_qinghai, make_warning):
    warning = make_warning()
    notification = WarningNotification.objects.get(warning=warning)
    client = client_for(bureau_qinghai)
    listed = rows(client.get("/risk/notifications/?pending=1"))
    assert [n.pk for n in listed] == [notification.pk]
    page = html(client.get("/risk/notifications/"))
    assert "24 小时" in page
    response = client.post(
        f"/risk/notifications/{notification.pk}/acknowledge/",
        {"next": "/risk/notifications/?pending=1"},
    )
    assert response["Location"] == "/risk/notifications/?pending=1"
    notification.refresh_from_db()
    assert notification.acknowledged_by == bureau_qinghai
    assert rows(client.get("/risk/notifications/?pending=1")) == []
    again = client.post(f"/risk/notifications/{notification.pk}/acknowledge/")
    assert again.status_code == 409


def test_an_overdue_notification_says_so(client_for, bureau_qinghai, make_warning):
    warning = make_warning()
    WarningNotification.objects.filter(warning=warning).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    page = html(client_for(bureau_qinghai).get("/risk/notifications/"))
    assert "已逾期" in page


def test_the_acknowledgement_from_the_warnings_page(client_for, bureau_qinghai, make_warning):
    warning = make_warning()
    client = client_for(bureau_qinghai)
    page = html(client.get(f"/risk/warnings/{warning.pk}/"))
    assert "预警通报待签收" in page
    notification = WarningNotification.objects.get(warning=warning)
    response = client.post(
        f"/risk/notifications/{notification.pk}/acknowledge/",
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == "/risk/notifications/"


@pytest.mark.parametrize(
    ("persona", "code"), [("bureau_gansu", 404), ("hq", 403), ("inspector_qinghai", 403)]
)
def test_who_may_not_acknowledge(request, client_for, make_warning, persona, code):
    warning = make_warning()
    notification = WarningNotification.objects.get(warning=warning)
    client = client_for(request.getfixturevalue(persona))
    assert client.post(f"/risk/notifications/{notification.pk}/acknowledge/").status_code == code
    notification.refresh_from_db()
    assert notification.acknowledged_at is None


@pytest.mark.parametrize("persona", ["enterprise_qinghai", "agency", "association"])
def test_the_inbox_is_the_units(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get("/risk/notifications/")
    assert response.status_code == 404


def test_the_inbox_reads_a_constant_number_of_queries(client_for, hq, make_warning):
    client = client_for(hq)
    make_warning(by="hq", scope="bureau", scope_bureau=factories.bureau("qinghai").pk)
    client.get("/risk/notifications/")
    one = queries(lambda: client.get("/risk/notifications/"))
    assert len(rows(client.get("/risk/notifications/"))) == 1
    make_warning(by="hq")  # national: one per bureau
    many = rows(client.get("/risk/notifications/"))
    assert len(many) > 20
    assert queries(lambda: client.get("/risk/notifications/")) == one


# --- 快速反应措施 --------------------------------------------------------------------------------


@pytest.fixture
def recall(make_warning, make_measure):
    warning = make_warning(targets=[TARGET])
    return make_measure(
        warning,
        kind=MeasureKind.RECALL,
        enterprise_name=TARGET["name"],
        enterprise_uscc=TARGET["uscc"],
        quantity_concerned="200",
        quantity_unit="千克",
    )


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("hq", 200),
        ("bureau_qinghai", 200),
        ("inspector_qinghai", 200),
        ("enterprise_qinghai", 200),
        ("bureau_gansu", 404),
        ("enterprise_other", 404),
        ("agency", 404),
    ],
)
def test_who_sees_a_measure(request, client_for, recall, persona, code):
    response = client_for(request.getfixturevalue(persona)).get(f"/risk/measures/{recall.pk}/")
    assert response.status_code == code


def test_the_responsible_bureau_carries_a_recall_out(client_for, bureau_qinghai, recall):
    client = client_for(bureau_qinghai)
    names = [n for n, _r, _f in client.get(f"/risk/measures/{recall.pk}/").context["actions"]]
    assert names == ["start", "complete", "lift"]
    assert client.post(f"/risk/measures/{recall.pk}/", {"action": "start"}).status_code == 302
    too_many = client.post(
        f"/risk/measures/{recall.pk}/",
        {"action": "progress", "text": "召回中。", "quantity_recalled": "500"},
    )
    assert too_many.status_code == 400
    assert "累计召回数量不能超过涉及数量 200.00。" in field_errors(too_many)
    assert not MeasureProgress.objects.exists()
    client.post(
        f"/risk/measures/{recall.pk}/",
        {"action": "progress", "text": "已召回一半。", "quantity_recalled": "100"},
    )
    page = html(client.get(f"/risk/measures/{recall.pk}/"))
    assert "已召回 100.00 / 涉及 200.00 千克（50.0%）" in page
    assert "已召回一半。" in page
    done = client.post(f"/risk/measures/{recall.pk}/", {"action": "complete", "result": "完成。"})
    assert done.status_code == 302
    recall.refresh_from_db()
    assert recall.state == MeasureState.COMPLETED


def test_the_issuer_evaluates_and_the_evaluation_needs_its_fields(
    client_for, bureau_qinghai, recall
):
    services.measure_transition(measure=recall, name="complete", actor=bureau_qinghai, result="x")
    client = client_for(bureau_qinghai)
    bad = client.post(f"/risk/measures/{recall.pk}/", {"action": "evaluate", "effect": "nope"})
    assert bad.status_code == 400
    recall.refresh_from_db()
    assert recall.state == MeasureState.COMPLETED
    good = client.post(
        f"/risk/measures/{recall.pk}/",
        {"action": "evaluate", "effect": "effective", "evaluation": "风险已消除。"},
    )
    assert good.status_code == 302
    recall.refresh_from_db()
    assert recall.state == MeasureState.EVALUATED


def test_the_enterprise_sees_its_measure_without_the_inside(
    client_for, enterprise_qinghai, bureau_qinghai, recall
):
    services.measure_progress_report(
        measure=recall, actor=bureau_qinghai, text="内部进展。", quantity_recalled="10"
    )
    response = client_for(enterprise_qinghai).get(f"/risk/measures/{recall.pk}/")
    page = html(response)
    assert "内部进展。" not in page
    assert response.context["actions"] == []
    assert response.context["progress_form"] is None
    refused = client_for(enterprise_qinghai).post(
        f"/risk/measures/{recall.pk}/", {"action": "start"}
    )
    assert refused.status_code == 403
    recall.refresh_from_db()
    assert recall.state == MeasureState.ASSIGNED


def test_a_system_transition_is_nobodys(client_for, hq, recall):
    response = client_for(hq).post(f"/risk/measures/{recall.pk}/", {"action": "escalate"})
    assert response.status_code == 403
    recall.refresh_from_db()
    assert recall.escalated_at is None


def test_the_measure_list_by_deadline_with_the_overdue_marked(
    client_for, bureau_qinghai, make_warning, make_measure
):
    warning = make_warning()
    late = make_measure(warning)
    ResponseMeasure.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    later = make_measure(warning, due_on=(timezone.localdate() + timedelta(days=20)).isoformat())
    client = client_for(bureau_qinghai)
    listed = rows(client.get("/risk/measures/"))
    assert [m.pk for m in listed] == [late.pk, later.pk]
    page = html(client.get("/risk/measures/"))
    assert "已逾期" in page
    assert [m.pk for m in rows(client.get("/risk/measures/?overdue=on"))] == [late.pk]
    assert {m.pk for m in rows(client.get("/risk/measures/?todo=carry_out"))} == {late.pk, later.pk}
    assert rows(client.get("/risk/measures/?todo=evaluate")) == []


def test_the_measure_list_reads_a_constant_number_of_queries(
    client_for, hq, make_warning, make_measure
):
    client = client_for(hq)
    warning = make_warning()
    make_measure(warning)
    client.get("/risk/measures/")
    one = queries(lambda: client.get("/risk/measures/"))
    for _ in range(19):
        make_measure(warning)
    assert queries(lambda: client.get("/risk/measures/")) == one


# --- 总览 and navigation ------------------------------------------------------------------------


def test_the_overview_tables_hold_the_counts(
    client_for, hq, make_warning, make_measure, make_signal
):
    warning = make_warning(by="hq")
    make_warning(by="hq", grade="I")
    make_warning(by="hq", grade="I")
    late = make_measure(warning, actor=hq)
    ResponseMeasure.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    make_signal()
    make_signal(channel="laboratory", source="检测机构")
    response = client_for(hq).get("/risk/")
    assert response.status_code == 200
    assert [n for _g, _l, n in response.context["warnings_by_grade"]] == [2, 0, 1, 0]
    assert {k: n for k, _l, n in response.context["measures_by_due"]}["overdue"] == 1
    assert response.context["signals"]["total"] == 2
    page = html(response)
    # Four of its own and the credit grades' distribution (casework.overview).
    assert page.count('<svg class="chart" role="img"') == 5
    assert 'grade=I">2</a>' in page
    assert '<th scope="row">媒体与舆情</th><td class="num">1</td>' in page
    assert '<th scope="row">检验检测认证单位</th><td class="num">1</td>' in page


@pytest.mark.parametrize(
    ("persona", "code"),
    [("hq", 200), ("bureau_qinghai", 200), ("enterprise_qinghai", 404), ("inspector_qinghai", 404)],
)
def test_who_sees_the_overview(request, client_for, persona, code):
    assert client_for(request.getfixturevalue(persona)).get("/risk/").status_code == code


@pytest.mark.parametrize(
    ("persona", "link"),
    [
        # HQ and the bureaus: under 事中事后监管, whose tabs lead to the overview.
        ("hq", "/supervision/"),
        ("bureau_qinghai", "/supervision/"),
        ("inspector_qinghai", "/risk/signals/"),
        ("enterprise_qinghai", "/risk/signals/"),
        ("agency", "/risk/signals/"),
        ("expert_unassigned", "/risk/signals/"),
        ("association", "/risk/signals/"),
    ],
)
def test_the_navigation_has_the_risk_entry(request, client_for, persona, link):
    page = html(client_for(request.getfixturevalue(persona)).get("/"))
    assert f'<a href="{link}"' in page


def test_the_navigation_counts_the_risk_todo(client_for, bureau_qinghai, make_signal):
    make_signal()
    page = html(client_for(bureau_qinghai).get("/risk/signals/"))
    entry = page.split('<a href="/supervision/"', 1)[1].split("</a>", 1)[0]
    assert 'class="navcount"' in entry


def test_the_supervision_tabs_lead_to_the_risk_overview(client_for, bureau_qinghai):
    page = html(client_for(bureau_qinghai).get("/supervision/"))
    assert '<a class="queue" href="/risk/">' in page


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_pages_speak_english(client_for, bureau_qinghai, make_signal):
    signal = make_signal()
    client = client_for(bureau_qinghai)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    listing = html(client.get("/risk/signals/"))
    assert "Report a risk signal" in listing
    assert "List of risk signals" in listing
    page = html(client.get(f"/risk/signals/{signal.pk}/"))
    assert "Evidence" in page
    overview = html(client.get("/risk/"))
    assert "Warnings in force (by grade)" in overview
    assert "Open rapid-response measures (by deadline)" in overview
