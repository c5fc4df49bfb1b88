"""The risk-signal API (seed 004 §二.2, 5–6): who sees which signal (404 for the others), who
reads the experts' opinions and the finding, reporting from each channel, a complaint turned
into a signal in one step, the transitions and opinions through the API (403 not yours, 409 wrong
state, 400 bad body, nothing changed on a refusal), the evidence with its logged reads, and
lists whose queries do not grow with their rows."""

import pytest

from risk.models import AssessmentOpinion, RiskSignal, SignalDocumentAccess, SignalHistory
from risk.workflow import SignalState
from tests import factories

from .api_fixtures import *  # noqa: F403  (its fixtures: actor, anonymous, the experts …)
from .api_fixtures import (
    ACTORS,
    ODD_IDS,
    ODD_TEXT,
    SIGNALS,
    ids,
    ok,
    queries,
    refused,
    upload,
)
from .conftest import SIGNAL_BODY

pytestmark = pytest.mark.django_db

ASSESSMENT_KEYS = {"finding", "opinions"}


def fire(client, signal_id: int, name: str, body: dict | None = None):
    return client.post(f"{SIGNALS}{signal_id}/transitions/{name}/", body or {}, format="json")


def snapshot(signal_id: int) -> tuple:
    signal = RiskSignal.objects.get(pk=signal_id)
    return (
        signal.state,
        signal.updated_at,
        signal.history.count(),
        list(signal.opinions.values_list("recorded_at", "opinion")),
    )


@pytest.fixture
def signals(make_signal, enterprise_qinghai, agency):
    """One signal of each kind of reporter, and one under assessment (李专家 and 王专家)."""
    return {
        "bureau": make_signal(),
        "enterprise": make_signal(actor=enterprise_qinghai, channel="producer"),
        "laboratory": make_signal(
            actor=agency, channel="laboratory", bureau=factories.bureau("gansu").pk
        ),
        "assessing": make_signal(SignalState.ASSESSING),
    }


LIST_SCOPE = {
    "hq": {"bureau", "enterprise", "laboratory", "assessing"},
    "bureau_qinghai": {"bureau", "enterprise", "assessing"},
    "bureau_gansu": {"laboratory"},
    "inspector_qinghai": {"bureau", "enterprise", "assessing"},
    # 李专家 is of 甘肃局: its bureau's signals, and the one it assesses.
    "expert_assigned": {"laboratory", "assessing"},
    "expert_unassigned": set(),
    "enterprise_qinghai": {"enterprise"},
    "enterprise_other": set(),
    "agency": {"laboratory"},
}


@pytest.mark.parametrize("name", ACTORS)
def test_each_actor_lists_the_signals_it_may_see(api_for, actor, signals, name):
    response = api_for(actor(name)).get(SIGNALS)
    if name == "anonymous":
        refused(response, 403)
        return
    assert ids(response) == {signals[key].pk for key in LIST_SCOPE[name]}


def test_the_list_filters_by_state_channel_bureau_and_search(api_for, hq, signals):
    client = api_for(hq)
    assert ids(client.get(SIGNALS, {"state": "assessing"})) == {signals["assessing"].pk}
    assert ids(client.get(SIGNALS, {"channel": ["producer", "laboratory"]})) == {
        signals["enterprise"].pk,
        signals["laboratory"].pk,
    }
    assert ids(client.get(SIGNALS, {"bureau": "gansu"})) == {signals["laboratory"].pk}
    number = signals["bureau"].number
    assert ids(client.get(SIGNALS, {"search": number})) == {signals["bureau"].pk}
    for bad in ({"state": "nonsense"}, {"channel": ""}, {"page_size": "0"}):
        assert client.get(SIGNALS, bad).status_code == 400


# (actor, sees the signal, reads the assessment) for a concluded signal an enterprise reported.
READERS = [
    ("hq", True, True),
    ("bureau_qinghai", True, True),
    ("inspector_qinghai", True, True),
    ("expert_assigned", True, True),
    ("enterprise_qinghai", True, False),
    ("bureau_gansu", False, False),
    ("expert_unassigned", False, False),
    ("enterprise_other", False, False),
    ("agency", False, False),
    ("anonymous", False, False),
]


@pytest.mark.parametrize("name,sees,reads", READERS)
def test_the_experts_opinions_and_the_finding_only_for_the_assessing_unit_and_experts(
    api_for, actor, make_signal, enterprise_qinghai, name, sees, reads
):
    signal = make_signal(SignalState.CONCLUDED, actor=enterprise_qinghai, channel="producer")
    response = api_for(actor(name)).get(f"{SIGNALS}{signal.pk}/")
    if not sees:
        assert response.status_code == (403 if name == "anonymous" else 404)
        return
    body = ok(response)
    assert (body["conclusion"], body["consumer_advice"]) == ("III", "选购色泽自然的枸杞。")
    if reads:
        assert body["finding"] == "抽检批次超标，风险可控。"
        assert [o["opinion"] for o in body["opinions"]] == ["风险较低。", "风险较低。"]
    else:
        assert not ASSESSMENT_KEYS & set(body)
        assert "抽检批次超标" not in response.content.decode()
    history = ok(api_for(actor(name)).get(f"{SIGNALS}{signal.pk}/history/"))
    opened = next(row for row in history if row["transition"] == "open_assessment")
    assert bool(opened["data"]) is reads  # the experts named


# ---------------------------------------------------------------- reporting


def test_an_enterprise_reports_to_its_own_bureau(api_for, enterprise_qinghai):
    body = {**SIGNAL_BODY, "channel": "producer", "bureau": factories.bureau("beijing").pk}
    created = ok(api_for(enterprise_qinghai).post(SIGNALS, body, format="json"), 201)
    assert (created["bureau_code"], created["channel"], created["state"]) == (
        "qinghai",
        "producer",
        "reported",
    )
    assert created["number"].startswith("FX-")
    assert created["reported_by"] == enterprise_qinghai.username


def test_an_enterprise_may_not_report_for_the_media(api_for, enterprise_qinghai):
    response = api_for(enterprise_qinghai).post(SIGNALS, SIGNAL_BODY, format="json")
    assert list(refused(response, 400)) == ["detail", "channel"]
    assert not RiskSignal.objects.exists()


def test_an_agency_names_the_bureau(api_for, agency):
    body = {**SIGNAL_BODY, "channel": "laboratory"}
    assert "bureau" in refused(api_for(agency).post(SIGNALS, body, format="json"), 400)
    body["bureau"] = factories.bureau("gansu").pk
    assert ok(api_for(agency).post(SIGNALS, body, format="json"), 201)["bureau_code"] == "gansu"


@pytest.mark.parametrize("name", ["expert_assigned", "anonymous"])
def test_who_has_no_channel_may_not_report(api_for, actor, name):
    response = api_for(actor(name)).post(SIGNALS, SIGNAL_BODY, format="json")
    assert response.status_code == 403
    assert not RiskSignal.objects.exists()


@pytest.mark.parametrize("value", ODD_TEXT)
def test_a_product_that_is_not_text_is_400(api_for, bureau_qinghai, value):
    response = api_for(bureau_qinghai).post(
        SIGNALS, {**SIGNAL_BODY, "product": value}, format="json"
    )
    assert "product" in refused(response, 400)
    assert not RiskSignal.objects.exists()


@pytest.mark.parametrize("value", ODD_IDS)
def test_a_bureau_that_is_not_an_id_is_400(api_for, hq, value):
    response = api_for(hq).post(SIGNALS, {**SIGNAL_BODY, "bureau": value}, format="json")
    assert "bureau" in refused(response, 400)
    assert not RiskSignal.objects.exists()


def test_a_body_that_is_not_an_object_is_400(api_for, hq):
    assert api_for(hq).post(SIGNALS, [SIGNAL_BODY], format="json").status_code == 400
    assert api_for(hq).post(SIGNALS, "x", format="json").status_code == 400


def test_control_characters_and_bad_codes_are_400_with_field_messages(api_for, bureau_qinghai):
    body = {**SIGNAL_BODY, "source": "报道\r\nBcc: x@example.com", "enterprise_uscc": "123"}
    errors = refused(api_for(bureau_qinghai).post(SIGNALS, body, format="json"), 400)
    assert "source" in errors
    body["source"] = SIGNAL_BODY["source"]
    errors = refused(api_for(bureau_qinghai).post(SIGNALS, body, format="json"), 400)
    assert list(errors) == ["detail", "enterprise_uscc"]
    assert not RiskSignal.objects.exists()


# ---------------------------------------------------------------- from a complaint


def test_the_complaints_bureau_turns_it_into_a_signal_once(
    api_for, bureau_qinghai, complaint_qinghai
):
    url = f"{SIGNALS}from-complaint/"
    created = ok(
        api_for(bureau_qinghai).post(url, {"complaint": complaint_qinghai.pk}, format="json"), 201
    )
    assert (created["channel"], created["complaint"]) == ("complaint", complaint_qinghai.pk)
    assert created["product"] == "柴达木枸杞" and created["bureau_code"] == "qinghai"
    again = api_for(bureau_qinghai).post(url, {"complaint": complaint_qinghai.pk}, format="json")
    assert again.status_code == 409
    assert RiskSignal.objects.count() == 1


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 201),
        ("bureau_gansu", 404),  # another bureau's complaint is not visible
        ("inspector_qinghai", 403),
        ("enterprise_qinghai", 403),
        ("agency", 403),
        ("expert_assigned", 403),
        ("anonymous", 403),
    ],
)
def test_who_may_turn_a_complaint_into_a_signal(api_for, actor, complaint_qinghai, name, code):
    response = api_for(actor(name)).post(
        f"{SIGNALS}from-complaint/", {"complaint": complaint_qinghai.pk}, format="json"
    )
    assert response.status_code == code, response.content
    assert RiskSignal.objects.count() == (1 if code == 201 else 0)


@pytest.mark.parametrize("value", ODD_IDS)
def test_a_complaint_that_is_not_an_id_is_400(api_for, hq, value):
    response = api_for(hq).post(f"{SIGNALS}from-complaint/", {"complaint": value}, format="json")
    assert "complaint" in refused(response, 400)


# ---------------------------------------------------------------- transitions


@pytest.mark.parametrize(
    "name,options",
    [
        ("hq", ["open_assessment", "dismiss", "merge"]),
        ("bureau_qinghai", ["open_assessment", "dismiss", "merge"]),
        ("inspector_qinghai", []),
        ("enterprise_qinghai", []),
    ],
)
def test_the_transitions_each_actor_may_fire(
    api_for, actor, make_signal, enterprise_qinghai, name, options
):
    signal = make_signal(actor=enterprise_qinghai, channel="producer")
    answer = ok(api_for(actor(name)).get(f"{SIGNALS}{signal.pk}/transitions/"))
    assert sorted(o["name"] for o in answer) == sorted(options)


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 200),
        ("bureau_qinghai", 200),
        ("inspector_qinghai", 403),
        ("enterprise_qinghai", 403),  # the reporter sees it and may not assess it
        ("expert_assigned", 404),
        ("bureau_gansu", 404),
        ("enterprise_other", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_open_the_assessment(
    api_for, actor, make_signal, enterprise_qinghai, expert_a, name, code
):
    signal = make_signal(actor=enterprise_qinghai, channel="producer")
    before = snapshot(signal.pk)
    response = fire(
        api_for(actor(name)), signal.pk, "open_assessment", {"experts": [expert_a[0].pk]}
    )
    assert response.status_code == code, response.content
    if code == 200:
        assert response.json()["state"] == "assessing"
        assert AssessmentOpinion.objects.filter(signal=signal).count() == 1
    else:
        assert snapshot(signal.pk) == before
        assert not AssessmentOpinion.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"experts": "abc"},
        {"experts": [True]},
        {"experts": [2**70]},
        {"experts": [99999]},  # not in the committee
        {"experts": []},
        {"draw": "many"},
        {"draw": 99},
        {"due_on": "2020-01-01"},
        {"due_on": ["2030-01-01"]},
        {"reason": ["x"]},
    ],
)
def test_a_bad_assessment_body_is_400_and_changes_nothing(
    api_for, bureau_qinghai, make_signal, expert_a, body
):
    signal = make_signal()
    before = snapshot(signal.pk)
    body = {"experts": [expert_a[0].pk], **body}
    refused(fire(api_for(bureau_qinghai), signal.pk, "open_assessment", body), 400)
    assert snapshot(signal.pk) == before


def test_the_conclusion_waits_for_every_opinion_and_a_second_conclusion_is_409(
    api_for, bureau_qinghai, make_signal, expert_a, expert_b
):
    signal = make_signal(SignalState.ASSESSING)
    conclusion = {
        "conclusion": "II",
        "finding": "超标严重。",
        "failed_product": True,
        "consumer_advice": "暂停食用。",
    }
    client = api_for(bureau_qinghai)
    assert fire(client, signal.pk, "conclude", conclusion).status_code == 409
    for _, account in (expert_a, expert_b):
        body = {"suggested_grade": "II", "opinion": "超标。"}
        ok(api_for(account).post(f"{SIGNALS}{signal.pk}/opinion/", body, format="json"))
    client = api_for(bureau_qinghai)
    # A failed product without advice to consumers is 400 (the service's rule).
    bad = {**conclusion, "consumer_advice": ""}
    assert "consumer_advice" in refused(fire(client, signal.pk, "conclude", bad), 400)
    assert "failed_product" in refused(
        fire(client, signal.pk, "conclude", {**conclusion, "failed_product": "perhaps"}), 400
    )
    concluded = ok(fire(client, signal.pk, "conclude", conclusion))
    assert (concluded["state"], concluded["conclusion"]) == ("concluded", "II")
    assert fire(client, signal.pk, "conclude", conclusion).status_code == 409
    assert SignalHistory.objects.filter(signal=signal, transition="conclude").count() == 1


def test_dismiss_needs_a_reason_and_merge_a_signal_of_the_unit(
    api_for, bureau_qinghai, make_signal
):
    first, second = make_signal(), make_signal()
    client = api_for(bureau_qinghai)
    assert "reason" in refused(fire(client, second.pk, "dismiss"), 400)
    into = refused(fire(client, second.pk, "merge", {"reason": "重复", "into": "FX-0"}), 400)
    assert "into" in into
    merged = ok(fire(client, second.pk, "merge", {"reason": "重复", "into": first.number}))
    assert (merged["state"], merged["merged_into"]) == ("merged", first.number)
    assert fire(client, second.pk, "dismiss", {"reason": "无"}).status_code == 409


def test_an_unknown_transition_is_404(api_for, bureau_qinghai, make_signal):
    signal = make_signal()
    assert fire(api_for(bureau_qinghai), signal.pk, "escalate").status_code == 404


# ---------------------------------------------------------------- opinions


def test_the_expert_assigned_records_an_opinion_once(api_for, make_signal, expert_assigned):
    signal = make_signal(SignalState.ASSESSING)
    url = f"{SIGNALS}{signal.pk}/opinion/"
    body = {"suggested_grade": "III", "opinion": "风险可控。"}
    answer = ok(api_for(expert_assigned).post(url, body, format="json"))
    assert (answer["expert_name"], answer["suggested_grade"]) == ("李专家", "III")
    assert answer["recorded_by"] == expert_assigned.username
    assert api_for(expert_assigned).post(url, body, format="json").status_code == 409


@pytest.mark.parametrize(
    "name,code",
    [
        ("expert_unassigned", 404),
        ("bureau_gansu", 404),
        ("bureau_qinghai", 403),  # on behalf only naming the expert's opinion
        ("inspector_qinghai", 403),
        ("hq", 403),
        ("anonymous", 403),
    ],
)
def test_who_may_not_record_an_opinion(api_for, actor, make_signal, name, code):
    signal = make_signal(SignalState.ASSESSING)
    before = snapshot(signal.pk)
    body = {"suggested_grade": "III", "opinion": "风险可控。"}
    response = api_for(actor(name)).post(f"{SIGNALS}{signal.pk}/opinion/", body, format="json")
    assert response.status_code == code, response.content
    assert snapshot(signal.pk) == before


def test_the_assessing_unit_records_an_experts_written_opinion(
    api_for, bureau_qinghai, inspector_qinghai, make_signal, expert_b
):
    signal = make_signal(SignalState.ASSESSING)
    row = signal.opinions.get(expert=expert_b[0])
    body = {"suggested_grade": "IV", "opinion": "书面意见：风险低。", "opinion_id": row.pk}
    url = f"{SIGNALS}{signal.pk}/opinion/"
    assert api_for(inspector_qinghai).post(url, body, format="json").status_code == 403
    answer = ok(api_for(bureau_qinghai).post(url, body, format="json"))
    assert (answer["id"], answer["recorded_by"]) == (row.pk, bureau_qinghai.username)


@pytest.mark.parametrize(
    "body",
    [
        {"suggested_grade": "V", "opinion": "x"},
        {"suggested_grade": "III"},
        {"suggested_grade": "III", "opinion": ["x"]},
        {"suggested_grade": "III", "opinion": "x", "opinion_id": True},
        {"suggested_grade": "III", "opinion": "响铃\x07"},
    ],
)
def test_a_bad_opinion_is_400(api_for, make_signal, expert_assigned, body):
    signal = make_signal(SignalState.ASSESSING)
    before = snapshot(signal.pk)
    response = api_for(expert_assigned).post(f"{SIGNALS}{signal.pk}/opinion/", body, format="json")
    refused(response, 400)
    assert snapshot(signal.pk) == before


def test_an_opinion_before_the_assessment_opens_is_409(api_for, make_signal, bureau_qinghai):
    signal = make_signal(SignalState.ASSESSING)
    ok(
        fire(
            api_for(bureau_qinghai),
            signal.pk,
            "merge",
            {"reason": "重复", "into": make_signal().number},
        )
    )
    row = signal.opinions.first()
    body = {"suggested_grade": "III", "opinion": "x", "opinion_id": row.pk}
    response = api_for(bureau_qinghai).post(f"{SIGNALS}{signal.pk}/opinion/", body, format="json")
    assert response.status_code == 409


# ---------------------------------------------------------------- evidence


def test_the_reporter_uploads_evidence_and_every_read_is_logged(
    api_for, make_signal, enterprise_qinghai, hq, bureau_gansu, inspector_qinghai
):
    signal = make_signal(actor=enterprise_qinghai, channel="producer")
    url = f"{SIGNALS}{signal.pk}/documents/"
    document = ok(
        api_for(enterprise_qinghai).post(url, {"file": upload()}, format="multipart"), 201
    )
    assert (document["original_name"], document["content_type"]) == (
        "证据.pdf",
        "application/pdf",
    )
    # The inspector sees the signal and may not add to it.
    assert (
        api_for(inspector_qinghai).post(url, {"file": upload()}, format="multipart").status_code
        == 403
    )
    assert [d["id"] for d in ok(api_for(hq).get(url))] == [document["id"]]
    download = api_for(hq).get(f"{url}{document['id']}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert SignalDocumentAccess.objects.filter(user=hq).count() == 1
    assert api_for(bureau_gansu).get(f"{url}{document['id']}/").status_code == 404
    assert api_for(bureau_gansu).get(url).status_code == 404
    assert SignalDocumentAccess.objects.count() == 1


def test_evidence_is_multipart_a_pdf_and_not_after_the_signal_is_closed(
    api_for, make_signal, bureau_qinghai
):
    signal = make_signal()
    url = f"{SIGNALS}{signal.pk}/documents/"
    client = api_for(bureau_qinghai)
    assert client.post(url, {"file": "x"}, format="json").status_code == 415
    not_pdf = upload("a.pdf", b"MZ\x90\x00 not a pdf")
    assert "file" in refused(client.post(url, {"file": not_pdf}, format="multipart"), 400)
    ok(fire(client, signal.pk, "dismiss", {"reason": "信息不实"}))
    assert client.post(url, {"file": upload()}, format="multipart").status_code == 409
    assert not signal.documents.exists()


# ---------------------------------------------------------------- query counts


def test_the_list_costs_the_same_queries_at_two_rows_or_six(
    api_for, hq, bureau_qinghai, make_signal, enterprise_qinghai
):
    make_signal(), make_signal(actor=enterprise_qinghai, channel="producer")
    few = queries(lambda: ok(api_for(hq).get(SIGNALS)))
    for _ in range(2):
        (
            make_signal(SignalState.ASSESSING),
            make_signal(actor=enterprise_qinghai, channel="producer"),
        )
    for user in (hq, bureau_qinghai, enterprise_qinghai):
        client = api_for(user)
        assert queries(lambda c=client: ok(c.get(SIGNALS))) <= few
