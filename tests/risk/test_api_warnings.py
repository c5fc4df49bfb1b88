"""The graded-warning API (seed 004 §二.7–8) and the bureaus' notifications: who sees which
warning and which of its targets, drafting and editing (PATCH keeps what it does not name),
issue, raise, lower and lift with reasons (403 not the issuer's, 409 wrong state, 400 bad body,
nothing changed on a refusal), the notifications of the scope and their acknowledgement, and
lists whose queries do not grow with their rows."""

import pytest

from risk.models import RiskWarning, WarningHistory, WarningNotification, WarningTarget
from risk.workflow import Grade, Scope
from tests import factories

from .api_fixtures import *  # noqa: F403  (its fixtures: actor, anonymous, the experts …)
from .api_fixtures import (
    ACTORS,
    NOTIFICATIONS,
    ODD_IDS,
    ODD_TEXT,
    WARNINGS,
    ids,
    ok,
    queries,
    refused,
)
from .conftest import WARNING_BODY

pytestmark = pytest.mark.django_db

USCC_QINGHAI = factories.valid_uscc(4_004_001)
TARGETS = [
    {"name": "青海柴达木枸杞有限公司", "uscc": USCC_QINGHAI},
    {"name": "格尔木某贸易公司", "uscc": ""},
]


def fire(client, warning_id: int, name: str, body: dict | None = None):
    return client.post(f"{WARNINGS}{warning_id}/transitions/{name}/", body or {}, format="json")


def snapshot(warning_id: int) -> tuple:
    warning = RiskWarning.objects.get(pk=warning_id)
    return (
        warning.state,
        warning.grade,
        warning.number,
        warning.updated_at,
        warning.history.count(),
        list(warning.targets.values_list("enterprise_name", "enterprise_uscc")),
        WarningNotification.objects.count(),
        warning.measures.count(),
    )


@pytest.fixture
def warnings(make_warning, central_west, enterprise_qinghai):
    """青海局's draft and its issued warning naming two enterprises; HQ's Ⅱ级 warning over 中西片区
    (青海, 甘肃, 湖北 among its members) and its national Ⅰ级 draft."""
    return {
        "bureau_draft": make_warning(issued=False),
        "bureau": make_warning(targets=TARGETS),
        "hq_zone": make_warning(
            by="hq", scope=Scope.ZONE, scope_zone=central_west.pk, grade=Grade.II
        ),
        "hq_draft": make_warning(by="hq", issued=False, grade=Grade.I),
    }


LIST_SCOPE = {
    "hq": {"bureau_draft", "bureau", "hq_zone", "hq_draft"},
    "bureau_qinghai": {"bureau_draft", "bureau", "hq_zone"},
    "bureau_gansu": {"hq_zone"},
    "inspector_qinghai": {"bureau_draft", "bureau", "hq_zone"},
    "expert_assigned": {"hq_zone"},  # of 甘肃局
    "expert_unassigned": {"hq_zone"},  # of 湖北局, in 中西片区 too
    "enterprise_qinghai": {"bureau"},  # issued and naming it
    "enterprise_other": set(),
    "agency": set(),
}


@pytest.mark.parametrize("name", ACTORS)
def test_each_actor_lists_the_warnings_it_may_see(api_for, actor, warnings, name):
    response = api_for(actor(name)).get(WARNINGS)
    if name == "anonymous":
        refused(response, 403)
        return
    assert ids(response) == {warnings[key].pk for key in LIST_SCOPE[name]}
    for key, warning in warnings.items():
        one = api_for(actor(name)).get(f"{WARNINGS}{warning.pk}/")
        assert one.status_code == (200 if key in LIST_SCOPE[name] else 404)


def test_the_list_filters_by_state_grade_and_scope(api_for, hq, warnings):
    client = api_for(hq)
    assert ids(client.get(WARNINGS, {"state": "draft"})) == {
        warnings["bureau_draft"].pk,
        warnings["hq_draft"].pk,
    }
    assert ids(client.get(WARNINGS, {"grade": ["I", "II"]})) == {
        warnings["hq_zone"].pk,
        warnings["hq_draft"].pk,
    }
    assert ids(client.get(WARNINGS, {"scope": "zone"})) == {warnings["hq_zone"].pk}
    assert client.get(WARNINGS, {"grade": "V"}).status_code == 400


@pytest.mark.parametrize(
    "name,names",
    [
        ("hq", ["青海柴达木枸杞有限公司", "格尔木某贸易公司"]),
        ("bureau_qinghai", ["青海柴达木枸杞有限公司", "格尔木某贸易公司"]),
        ("inspector_qinghai", ["青海柴达木枸杞有限公司", "格尔木某贸易公司"]),
        ("enterprise_qinghai", ["青海柴达木枸杞有限公司"]),  # only itself
    ],
)
def test_each_reader_sees_the_targets_it_may(api_for, actor, warnings, name, names):
    body = ok(api_for(actor(name)).get(f"{WARNINGS}{warnings['bureau'].pk}/"))
    assert [t["name"] for t in body["targets"]] == names
    assert body["number"].startswith("YJ-") and body["standard_version"] == 1


# ---------------------------------------------------------------- drafting


def test_a_bureau_drafts_a_warning_for_its_own_area(api_for, bureau_qinghai):
    body = {**WARNING_BODY, "targets": TARGETS}
    created = ok(api_for(bureau_qinghai).post(WARNINGS, body, format="json"), 201)
    assert (created["state"], created["grade"], created["scope"]) == ("draft", "III", "bureau")
    assert created["scope_bureau"] == bureau_qinghai.bureau_id
    assert created["number"] is None and created["issuer"] == bureau_qinghai.bureau.name
    assert [t["uscc"] for t in created["targets"]] == [USCC_QINGHAI, ""]
    assert WarningTarget.objects.count() == 2


@pytest.mark.parametrize(
    "change,field",
    [
        ({"grade": "I"}, "grade"),  # Ⅰ级 and Ⅱ级 are HQ's
        ({"scope": "national"}, "scope"),
        ({"grade": "V"}, "grade"),
        ({"targets": "青海柴达木"}, "targets"),
        ({"targets": [{"name": ["x"]}]}, "targets"),
        ({"targets": [{"name": "A", "uscc": "123"}]}, "targets"),
        ({"targets": [{"uscc": USCC_QINGHAI}]}, "targets"),
        ({"targets": [{"name": "A"}] * 201}, "targets"),
        ({"signal": True}, "signal"),
        ({"signal": 2**70}, "signal"),
        ({"signal": 123456}, "signal"),  # no such concluded signal
        ({"title": ["x"]}, "title"),
        ({"title": "标题\r\n换行"}, "title"),
    ],
)
def test_a_bad_draft_is_400_naming_the_field(api_for, bureau_qinghai, change, field):
    response = api_for(bureau_qinghai).post(WARNINGS, {**WARNING_BODY, **change}, format="json")
    assert field in refused(response, 400)
    assert not RiskWarning.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["inspector_qinghai", "expert_assigned", "enterprise_qinghai", "agency", "anonymous"],
)
def test_only_hq_and_bureaus_draft_warnings(api_for, actor, name):
    response = api_for(actor(name)).post(WARNINGS, WARNING_BODY, format="json")
    assert response.status_code == 403
    assert not RiskWarning.objects.exists()


def test_hq_drafts_a_zone_warning(api_for, hq, central_west):
    body = {**WARNING_BODY, "grade": "I", "scope": "zone", "scope_zone": central_west.pk}
    created = ok(api_for(hq).post(WARNINGS, body, format="json"), 201)
    assert (created["scope"], created["scope_zone"], created["issuing_bureau"]) == (
        "zone",
        central_west.pk,
        None,
    )
    missing = {**body, "scope_zone": None}
    assert "scope_zone" in refused(api_for(hq).post(WARNINGS, missing, format="json"), 400)


def test_a_patch_changes_what_it_names_and_keeps_the_rest(api_for, bureau_qinghai, warnings):
    warning = warnings["bureau_draft"]
    WarningTarget.objects.create(warning=warning, enterprise_name="甲公司")
    client = api_for(bureau_qinghai)
    url = f"{WARNINGS}{warning.pk}/"
    changed = ok(client.patch(url, {"title": "新标题", "grade": "IV"}, format="json"))
    assert (changed["title"], changed["grade"], changed["products"]) == (
        "新标题",
        "IV",
        WARNING_BODY["products"],
    )
    assert [t["name"] for t in changed["targets"]] == ["甲公司"]
    replaced = ok(client.patch(url, {"targets": TARGETS[1:]}, format="json"))
    assert [t["name"] for t in replaced["targets"]] == ["格尔木某贸易公司"]
    assert "grade" in refused(client.patch(url, {"grade": "II"}, format="json"), 400)
    assert "title" in refused(client.patch(url, {"title": 5}, format="json"), 400)
    assert RiskWarning.objects.get(pk=warning.pk).title == "新标题"


@pytest.mark.parametrize(
    "name,key,code",
    [
        ("hq", "bureau_draft", 403),  # a draft is its author unit's
        ("bureau_gansu", "bureau_draft", 404),
        ("inspector_qinghai", "bureau_draft", 403),
        ("enterprise_qinghai", "bureau_draft", 404),
        ("anonymous", "bureau_draft", 403),
        ("bureau_qinghai", "bureau", 409),  # issued
        ("bureau_qinghai", "hq_draft", 404),
    ],
)
def test_who_may_not_edit_a_draft(api_for, actor, warnings, name, key, code):
    warning = warnings[key]
    before = snapshot(warning.pk)
    response = api_for(actor(name)).patch(
        f"{WARNINGS}{warning.pk}/", {"title": "改"}, format="json"
    )
    assert response.status_code == code, response.content
    assert snapshot(warning.pk) == before


def test_put_and_delete_are_not_offered(api_for, bureau_qinghai, warnings):
    url = f"{WARNINGS}{warnings['bureau_draft'].pk}/"
    assert api_for(bureau_qinghai).put(url, WARNING_BODY, format="json").status_code == 405
    assert api_for(bureau_qinghai).delete(url).status_code == 405


# ---------------------------------------------------------------- transitions


def test_issue_raise_lower_and_lift_through_the_api(api_for, hq, bureau_qinghai, warnings):
    client = api_for(bureau_qinghai)
    warning = warnings["bureau_draft"]
    options = ok(client.get(f"{WARNINGS}{warning.pk}/transitions/"))
    assert [o["name"] for o in options] == ["issue"]
    issued = ok(fire(client, warning.pk, "issue"))
    assert issued["state"] == "issued" and issued["number"].startswith("YJ-")
    assert list(
        WarningNotification.objects.filter(warning=warning).values_list("bureau__code", flat=True)
    ) == ["qinghai"]
    # A bureau gives Ⅲ and Ⅳ only; a lowering needs a reason and a lower grade.
    assert "grade" in refused(
        fire(client, warning.pk, "raise_grade", {"grade": "II", "reason": "扩大"}), 400
    )
    assert "reason" in refused(fire(client, warning.pk, "lower_grade", {"grade": "IV"}), 400)
    assert "grade" in refused(
        fire(client, warning.pk, "lower_grade", {"grade": "III", "reason": "x"}), 400
    )
    assert "grade" in refused(
        fire(client, warning.pk, "lower_grade", {"grade": 3, "reason": "x"}), 400
    )
    lowered = ok(fire(client, warning.pk, "lower_grade", {"grade": "IV", "reason": "风险降低"}))
    assert lowered["grade"] == "IV"
    # HQ raises a bureau's warning beyond what the bureau may give.
    raised = ok(fire(api_for(hq), warning.pk, "raise_grade", {"grade": "II", "reason": "扩散"}))
    assert raised["grade"] == "II"
    history = ok(api_for(hq).get(f"{WARNINGS}{warning.pk}/history/"))
    assert [(h["transition"], h["data"].get("to_grade")) for h in history] == [
        ("issue", None),
        ("lower_grade", "IV"),
        ("raise_grade", "II"),
    ]
    client = api_for(bureau_qinghai)  # one client: whoever authenticated last
    ok(fire(client, warning.pk, "lift", {"reason": "风险消除"}))
    assert fire(client, warning.pk, "lift", {"reason": "再次"}).status_code == 409
    assert fire(client, warning.pk, "issue").status_code == 409


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 200),
        ("bureau_gansu", 403),  # notified, not the issuer
        ("bureau_qinghai", 403),
        ("inspector_qinghai", 403),
        ("expert_assigned", 403),
        ("enterprise_qinghai", 404),
        ("agency", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_lift_hqs_warning(api_for, actor, warnings, name, code):
    warning = warnings["hq_zone"]
    before = snapshot(warning.pk)
    response = fire(api_for(actor(name)), warning.pk, "lift", {"reason": "风险消除"})
    assert response.status_code == code, response.content
    if code != 200:
        assert snapshot(warning.pk) == before


@pytest.mark.parametrize("body", [{"reason": ["x"]}, {"reason": "x", "grade": ["I"]}, []])
def test_an_odd_transition_body_is_400(api_for, hq, warnings, body):
    warning = warnings["hq_zone"]
    before = snapshot(warning.pk)
    response = api_for(hq).post(
        f"{WARNINGS}{warning.pk}/transitions/raise_grade/", body, format="json"
    )
    assert response.status_code == 400
    assert snapshot(warning.pk) == before


# ---------------------------------------------------------------- notifications


def test_the_warnings_notifications_are_for_staff(
    api_for, hq, bureau_gansu, enterprise_qinghai, warnings
):
    url = f"{WARNINGS}{warnings['hq_zone'].pk}/notifications/"
    rows = ok(api_for(hq).get(url))
    assert {"qinghai", "gansu", "hubei"} <= {row["bureau_code"] for row in rows}
    assert "beijing" not in {row["bureau_code"] for row in rows}
    assert ok(api_for(bureau_gansu).get(url))
    own = f"{WARNINGS}{warnings['bureau'].pk}/notifications/"
    assert api_for(enterprise_qinghai).get(own).status_code == 403


@pytest.mark.parametrize(
    "name,count",
    [
        ("bureau_qinghai", 2),
        ("inspector_qinghai", 2),
        ("bureau_gansu", 1),
        ("enterprise_qinghai", 0),
        ("agency", 0),
    ],
)
def test_each_bureau_reads_its_own_notifications(api_for, actor, warnings, name, count):
    rows = ok(api_for(actor(name)).get(NOTIFICATIONS))["results"]
    assert len(rows) == count
    if name == "bureau_qinghai":
        assert {row["warning"] for row in rows} == {warnings["bureau"].pk, warnings["hq_zone"].pk}


def test_the_inbox_filters_pending_and_refuses_a_bad_value(api_for, bureau_gansu, warnings):
    client = api_for(bureau_gansu)
    assert len(ok(client.get(NOTIFICATIONS, {"pending": "true"}))["results"]) == 1
    assert ok(client.get(NOTIFICATIONS, {"pending": "false"}))["results"] == []
    assert "pending" in refused(client.get(NOTIFICATIONS, {"pending": "maybe"}), 400)
    assert client.get(NOTIFICATIONS, {"warning": "x"}).status_code == 400
    assert api_for(None).get(NOTIFICATIONS).status_code == 403


def test_the_notified_bureau_acknowledges_once(api_for, bureau_gansu, warnings):
    row = WarningNotification.objects.get(bureau__code="gansu")
    url = f"{NOTIFICATIONS}{row.pk}/acknowledge/"
    answer = ok(api_for(bureau_gansu).post(url))
    assert answer["acknowledged_by"] == bureau_gansu.username and answer["acknowledged_at"]
    assert api_for(bureau_gansu).post(url).status_code == 409
    assert ok(api_for(bureau_gansu).get(NOTIFICATIONS, {"pending": "true"}))["results"] == []


@pytest.mark.parametrize(
    "name,code",
    [
        ("hq", 403),  # reads every inbox, acknowledges none
        ("inspector_qinghai", 403),
        ("bureau_gansu", 404),
        ("enterprise_qinghai", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_not_acknowledge_qinghais_notification(api_for, actor, warnings, name, code):
    row = WarningNotification.objects.filter(bureau__code="qinghai").first()
    response = api_for(actor(name)).post(f"{NOTIFICATIONS}{row.pk}/acknowledge/")
    assert response.status_code == code, response.content
    row.refresh_from_db()
    assert row.acknowledged_at is None


# ---------------------------------------------------------------- query counts


def test_the_lists_cost_the_same_queries_at_few_rows_or_many(
    api_for, hq, bureau_qinghai, make_warning, central_west
):
    make_warning(targets=TARGETS)
    make_warning(by="hq", scope=Scope.ZONE, scope_zone=central_west.pk, grade=Grade.II)
    few = {
        user.pk: (
            queries(lambda u=user: ok(api_for(u).get(WARNINGS))),
            queries(lambda u=user: ok(api_for(u).get(NOTIFICATIONS))),
        )
        for user in (hq, bureau_qinghai)
    }
    for _ in range(3):
        make_warning(targets=TARGETS)
        make_warning(by="hq", scope=Scope.ZONE, scope_zone=central_west.pk, grade=Grade.II)
    for user in (hq, bureau_qinghai):
        assert queries(lambda u=user: ok(api_for(u).get(WARNINGS))) <= few[user.pk][0]
        assert queries(lambda u=user: ok(api_for(u).get(NOTIFICATIONS))) <= few[user.pk][1]
    assert WarningHistory.objects.filter(transition="issue").count() == 8


@pytest.mark.parametrize("value", ODD_TEXT)
def test_odd_json_for_a_text_is_400(api_for, hq, value):
    response = api_for(hq).post(WARNINGS, {**WARNING_BODY, "products": value}, format="json")
    assert "products" in refused(response, 400)


@pytest.mark.parametrize("value", ODD_IDS)
def test_odd_json_for_an_id_is_400(api_for, hq, value):
    body = {**WARNING_BODY, "scope": "bureau", "scope_bureau": value}
    assert "scope_bureau" in refused(api_for(hq).post(WARNINGS, body, format="json"), 400)
