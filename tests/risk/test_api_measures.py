"""The rapid-response API (seed 004 §二.9–10): who assigns a measure to which bureau (the grade's
catalogue, the warning's scope), who sees it, starts, completes, evaluates and lifts it, progress
reports with a recall's quantities (never less than before nor more than concerned), lowering
the warning lifting what its grade no longer suits; HQ's catalogue and standard for staff; and
the public warnings and failed product assessments, which show nothing confidential."""

from datetime import timedelta

import pytest
from django.utils import timezone

from risk.models import MeasureProgress, ResponseMeasure
from risk.workflow import Grade, MeasureKind, Scope, SignalState
from tests import factories

from .api_fixtures import *  # noqa: F403  (its fixtures: actor, anonymous, the experts …)
from .api_fixtures import (
    ACTORS,
    CATALOGUE,
    MEASURES,
    ODD_IDS,
    PUBLIC_ASSESSMENTS,
    PUBLIC_WARNINGS,
    STANDARD,
    WARNINGS,
    ids,
    ok,
    queries,
    refused,
)

pytestmark = pytest.mark.django_db

USCC_QINGHAI = factories.valid_uscc(4_004_001)
RECALL = {
    "kind": MeasureKind.RECALL,
    "description": "责令召回 2026 年 10 月以后生产的批次。",
    "enterprise_name": "青海柴达木枸杞有限公司",
    "enterprise_uscc": USCC_QINGHAI,
    "quantity_concerned": "1000",
    "quantity_unit": "千克",
}


def fire(client, measure_id: int, name: str, body: dict | None = None):
    return client.post(f"{MEASURES}{measure_id}/transitions/{name}/", body or {}, format="json")


def snapshot(measure_id: int) -> tuple:
    measure = ResponseMeasure.objects.get(pk=measure_id)
    return (
        measure.state,
        measure.updated_at,
        measure.quantity_recalled,
        measure.history.count(),
        measure.progress.count(),
    )


@pytest.fixture
def warning(make_warning):
    """青海局's issued Ⅲ级 warning over its own area."""
    return make_warning(targets=[{"name": "青海柴达木枸杞有限公司", "uscc": USCC_QINGHAI}])


@pytest.fixture
def zone_warning(make_warning, central_west):
    return make_warning(by="hq", scope=Scope.ZONE, scope_zone=central_west.pk, grade=Grade.II)


@pytest.fixture
def measures(warning, zone_warning, make_measure, hq):
    return {
        "trace": make_measure(warning),
        "recall": make_measure(warning, **RECALL),
        "gansu": make_measure(
            zone_warning, actor=hq, responsible_bureau=factories.bureau("gansu").pk
        ),
    }


LIST_SCOPE = {
    "hq": {"trace", "recall", "gansu"},
    "bureau_qinghai": {"trace", "recall"},
    "bureau_gansu": {"gansu"},
    "inspector_qinghai": {"trace", "recall"},
    "expert_assigned": {"gansu"},  # of 甘肃局
    "expert_unassigned": set(),
    "enterprise_qinghai": {"recall"},  # the measure against it
    "enterprise_other": set(),
    "agency": set(),
}


@pytest.mark.parametrize("name", ACTORS)
def test_each_actor_lists_the_measures_it_may_see(api_for, actor, measures, name):
    response = api_for(actor(name)).get(MEASURES)
    if name == "anonymous":
        refused(response, 403)
        return
    assert ids(response) == {measures[key].pk for key in LIST_SCOPE[name]}
    for key, measure in measures.items():
        one = api_for(actor(name)).get(f"{MEASURES}{measure.pk}/")
        assert one.status_code == (200 if key in LIST_SCOPE[name] else 404)


def test_the_list_filters_by_state_kind_bureau_and_overdue(api_for, hq, measures):
    client = api_for(hq)
    ResponseMeasure.objects.filter(pk=measures["trace"].pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert ids(client.get(MEASURES, {"overdue": "true"})) == {measures["trace"].pk}
    assert ids(client.get(MEASURES, {"overdue": "false"})) == {
        measures["recall"].pk,
        measures["gansu"].pk,
    }
    assert ids(client.get(MEASURES, {"kind": "recall"})) == {measures["recall"].pk}
    assert ids(client.get(MEASURES, {"responsible_bureau": "gansu"})) == {measures["gansu"].pk}
    assert ids(client.get(MEASURES, {"state": "assigned"})) == {m.pk for m in measures.values()}
    assert ok(client.get(MEASURES, {"state": "lifted"}))["results"] == []
    for bad in ({"overdue": "maybe"}, {"kind": "nuke"}, {"warning": "1.5"}):
        assert client.get(MEASURES, bad).status_code == 400


# ---------------------------------------------------------------- assignment


def test_the_issuer_assigns_a_recall_to_a_bureau_in_scope(api_for, bureau_qinghai, warning):
    body = {**RECALL, "responsible_bureau": factories.bureau("qinghai").pk}
    created = ok(
        api_for(bureau_qinghai).post(f"{WARNINGS}{warning.pk}/measures/", body, format="json"), 201
    )
    assert (created["kind"], created["state"], created["responsible_bureau_code"]) == (
        "recall",
        "assigned",
        "qinghai",
    )
    assert (created["quantity_concerned"], created["quantity_recalled"]) == (1000.0, 0.0)
    assert created["recall_rate"] == 0.0 and created["progress"] == []
    # The catalogue's default time: 30 days for a recall.
    assert created["due_on"] == (timezone.localdate() + timedelta(days=30)).isoformat()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"kind": "destroy"}, "kind"),  # suits Ⅰ and Ⅱ only
        ({"kind": "nuke"}, "kind"),
        ({"quantity_concerned": None}, "quantity_concerned"),
        ({"quantity_concerned": "0"}, "quantity_concerned"),
        ({"quantity_concerned": "1e20"}, "quantity_concerned"),
        ({"quantity_concerned": 10**15}, "quantity_concerned"),
        ({"quantity_concerned": "abc"}, "quantity_concerned"),
        ({"quantity_concerned": True}, "quantity_concerned"),
        ({"quantity_concerned": "-5"}, "quantity_concerned"),
        ({"responsible_bureau": "gansu"}, "responsible_bureau"),
        ({"due_on": "2020-01-01"}, "due_on"),
        ({"due_on": "tomorrow"}, "due_on"),
        ({"enterprise_uscc": "12345"}, "enterprise_uscc"),
        ({"description": ["x"]}, "description"),
    ],
)
def test_a_bad_measure_is_400_naming_the_field(api_for, bureau_qinghai, warning, change, field):
    body = {**RECALL, "responsible_bureau": factories.bureau("qinghai").pk, **change}
    if body["quantity_concerned"] is None:
        del body["quantity_concerned"]
    response = api_for(bureau_qinghai).post(
        f"{WARNINGS}{warning.pk}/measures/", body, format="json"
    )
    assert field in refused(response, 400)
    assert not ResponseMeasure.objects.exists()


@pytest.mark.parametrize("value", ODD_IDS)
def test_a_responsible_bureau_that_is_not_an_id_is_400(api_for, bureau_qinghai, warning, value):
    body = {**RECALL, "responsible_bureau": value}
    response = api_for(bureau_qinghai).post(
        f"{WARNINGS}{warning.pk}/measures/", body, format="json"
    )
    assert "responsible_bureau" in refused(response, 400)


def test_a_bureau_outside_the_scope_is_400(api_for, bureau_qinghai, warning):
    body = {**RECALL, "responsible_bureau": factories.bureau("gansu").pk}
    response = api_for(bureau_qinghai).post(
        f"{WARNINGS}{warning.pk}/measures/", body, format="json"
    )
    assert "responsible_bureau" in refused(response, 400)


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 201),
        ("bureau_gansu", 403),  # notified, not the issuer
        ("bureau_qinghai", 403),
        ("expert_assigned", 403),
        ("enterprise_other", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_assign_a_measure_on_hqs_warning(api_for, actor, zone_warning, name, code):
    body = {
        "kind": "seal",
        "description": "查封涉嫌批次。",
        "responsible_bureau": factories.bureau("gansu").pk,
    }
    response = api_for(actor(name)).post(
        f"{WARNINGS}{zone_warning.pk}/measures/", body, format="json"
    )
    assert response.status_code == code, response.content
    assert ResponseMeasure.objects.count() == (1 if code == 201 else 0)


def test_no_measure_on_a_draft(api_for, bureau_qinghai, make_warning):
    draft = make_warning(issued=False)
    body = {"kind": "trace", "description": "追溯。", "responsible_bureau": draft.scope_bureau_id}
    response = api_for(bureau_qinghai).post(f"{WARNINGS}{draft.pk}/measures/", body, format="json")
    assert response.status_code == 409


# ---------------------------------------------------------------- the measure's life


def test_a_recall_from_assignment_to_lifting_through_the_api(
    api_for, bureau_qinghai, inspector_qinghai, enterprise_qinghai, measures
):
    recall = measures["recall"]
    client = api_for(bureau_qinghai)
    progress = f"{MEASURES}{recall.pk}/progress/"
    ok(fire(client, recall.pk, "start"))
    first = ok(
        client.post(
            progress, {"text": "已通知经销商。", "quantity_recalled": "400"}, format="json"
        ),
        201,
    )
    assert first["quantity_recalled"] == 400.0
    ok(
        api_for(inspector_qinghai).post(
            progress, {"text": "现场核查。", "quantity_recalled": 600}, format="json"
        ),
        201,
    )
    client = api_for(bureau_qinghai)  # one client: whoever authenticated last
    for body, field in [
        ({"text": "少报", "quantity_recalled": "500"}, "quantity_recalled"),  # less than before
        ({"text": "多报", "quantity_recalled": "1000.01"}, "quantity_recalled"),
        ({"text": "未报数量"}, "quantity_recalled"),
        ({"quantity_recalled": "700"}, "text"),
        ({"text": ["x"], "quantity_recalled": "700"}, "text"),
        ({"text": "x", "quantity_recalled": [1]}, "quantity_recalled"),
    ]:
        assert field in refused(client.post(progress, body, format="json"), 400)
    assert (
        api_for(enterprise_qinghai).post(progress, {"text": "x"}, format="json").status_code == 403
    )
    client = api_for(bureau_qinghai)
    detail = ok(client.get(f"{MEASURES}{recall.pk}/"))
    assert (detail["quantity_recalled"], detail["recall_rate"]) == (600.0, 60.0)
    assert [p["text"] for p in detail["progress"]] == ["已通知经销商。", "现场核查。"]
    assert "result" in refused(fire(client, recall.pk, "complete"), 400)
    ok(fire(client, recall.pk, "complete", {"result": "已召回六成，余量销毁。"}))
    assert (
        client.post(progress, {"text": "x", "quantity_recalled": "700"}, format="json").status_code
        == 409
    )
    assert "effect" in refused(
        fire(client, recall.pk, "evaluate", {"effect": "great", "evaluation": "好"}), 400
    )
    evaluated = ok(
        fire(client, recall.pk, "evaluate", {"effect": "partly", "evaluation": "风险降低。"})
    )
    assert (evaluated["state"], evaluated["effect"]) == ("evaluated", "partly")
    assert "reason" in refused(fire(client, recall.pk, "lift"), 400)
    ok(fire(client, recall.pk, "lift", {"reason": "风险消除"}))
    history = ok(client.get(f"{MEASURES}{recall.pk}/history/"))
    assert [h["transition"] for h in history] == ["start", "complete", "evaluate", "lift"]
    assert history[1]["data"] == {"quantity_recalled": "600.00", "quantity_concerned": "1000.00"}
    assert fire(client, recall.pk, "start").status_code == 409


@pytest.mark.parametrize(
    "name,code",
    [
        ("bureau_qinghai", 200),
        ("hq", 403),  # the issuer's issuer, not the responsible bureau
        ("inspector_qinghai", 403),
        ("enterprise_qinghai", 404),
        ("bureau_gansu", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_start_a_measure(api_for, actor, measures, name, code):
    trace = measures["trace"]
    before = snapshot(trace.pk)
    response = fire(api_for(actor(name)), trace.pk, "start")
    assert response.status_code == code, response.content
    if code != 200:
        assert snapshot(trace.pk) == before


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 200),  # the issuer of the zone warning
        ("bureau_gansu", 403),  # responsible, not the issuer
        ("expert_assigned", 403),
        ("bureau_qinghai", 404),
    ],
)
def test_who_may_evaluate_a_measure(api_for, actor, measures, bureau_gansu, name, code):
    measure = measures["gansu"]
    ok(fire(api_for(bureau_gansu), measure.pk, "complete", {"result": "已查封。"}))
    before = snapshot(measure.pk)
    response = fire(
        api_for(actor(name)), measure.pk, "evaluate", {"effect": "effective", "evaluation": "好"}
    )
    assert response.status_code == code, response.content
    if code != 200:
        assert snapshot(measure.pk) == before


@pytest.mark.parametrize(
    "name,code", [("bureau_gansu", 404), ("enterprise_qinghai", 403), ("hq", 403)]
)
def test_who_may_not_report_progress(api_for, actor, measures, name, code):
    recall = measures["recall"]
    before = snapshot(recall.pk)
    body = {"text": "x", "quantity_recalled": "10"}
    response = api_for(actor(name)).post(f"{MEASURES}{recall.pk}/progress/", body, format="json")
    assert response.status_code == code, response.content
    assert snapshot(recall.pk) == before


def test_lowering_the_warning_lifts_what_its_grade_no_longer_suits(
    api_for, bureau_qinghai, warning, measures
):
    response = api_for(bureau_qinghai).post(
        f"{WARNINGS}{warning.pk}/transitions/lower_grade/",
        {"grade": "IV", "reason": "风险降低"},
        format="json",
    )
    assert ok(response)["grade"] == "IV"
    states = {
        row["kind"]: row["state"] for row in ok(api_for(bureau_qinghai).get(MEASURES))["results"]
    }
    assert states == {"trace": "assigned", "recall": "lifted"}


def test_the_measures_list_costs_the_same_queries_at_few_rows_or_many(
    api_for, hq, bureau_qinghai, warning, make_measure
):
    make_measure(warning), make_measure(warning, **RECALL)
    few = {u.pk: queries(lambda u=u: ok(api_for(u).get(MEASURES))) for u in (hq, bureau_qinghai)}
    for _ in range(3):
        make_measure(warning, **RECALL)
    for user in (hq, bureau_qinghai):
        assert queries(lambda u=user: ok(api_for(u).get(MEASURES))) <= few[user.pk]
    assert MeasureProgress.objects.count() == 0


# ---------------------------------------------------------------- catalogue and standard


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 200),
        ("bureau_gansu", 200),
        ("inspector_qinghai", 200),
        ("expert_assigned", 200),
        ("enterprise_qinghai", 403),
        ("agency", 403),
        ("anonymous", 403),
    ],
)
def test_the_catalogue_and_the_standard_are_for_staff(api_for, actor, name, code):
    catalogue = api_for(actor(name)).get(CATALOGUE)
    standard = api_for(actor(name)).get(STANDARD)
    assert (catalogue.status_code, standard.status_code) == (code, code)
    if code == 200:
        entries = {row["kind"]: row for row in catalogue.json()}
        assert len(entries) == 9 and entries["destroy"]["grades"] == ["I", "II"]
        body = standard.json()
        assert body["version"] == 1
        assert [c["grade"] for c in body["criteria"]] == ["I", "II", "III", "IV"]


# ---------------------------------------------------------------- public


def test_the_public_reads_issued_and_lifted_warnings_without_targets(
    api_for, bureau_qinghai, make_warning, warning
):
    draft = make_warning(issued=False, title="未发布的草稿预警")
    lifted = make_warning(title="已解除的预警")
    ok(
        api_for(bureau_qinghai).post(
            f"{WARNINGS}{lifted.pk}/transitions/lift/", {"reason": "风险消除"}, format="json"
        )
    )
    response = api_for(None).get(PUBLIC_WARNINGS)
    rows = ok(response)["results"]
    assert {row["number"] for row in rows} == {warning.number, lifted.number}
    assert {row["state"] for row in rows} == {"issued", "lifted"}
    text = response.content.decode()
    for secret in ("青海柴达木枸杞有限公司", USCC_QINGHAI, draft.title, "targets", "signal"):
        assert secret not in text
    assert "id" not in rows[0]


def test_the_public_reads_only_failed_assessments_with_their_advice(
    api_for, make_signal, bureau_qinghai
):
    failed = make_signal(SignalState.CONCLUDED)
    make_signal(SignalState.ASSESSING)
    make_signal()
    response = api_for(None).get(PUBLIC_ASSESSMENTS)
    rows = ok(response)["results"]
    assert [row["number"] for row in rows] == [failed.number]
    assert set(rows[0]) == {
        "number", "product", "conclusion", "conclusion_display", "consumer_advice",
        "concluded_on",
    }  # fmt: skip
    assert rows[0]["concluded_on"] == timezone.localdate().isoformat()
    text = response.content.decode()
    for secret in ("抽检批次超标", "风险较低", "青海柴达木枸杞有限公司", "青海日报", "海西州"):
        assert secret not in text


def test_the_public_endpoints_need_no_login_and_take_no_writes(api_client):
    for url in (PUBLIC_WARNINGS, PUBLIC_ASSESSMENTS):
        assert api_client.get(url).status_code == 200
        assert api_client.post(url, {}, format="json").status_code == 405
