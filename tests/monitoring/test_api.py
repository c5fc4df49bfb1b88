"""The monitoring API (SPEC §9's answers): a walk from the national plan to the published
results, and 400 with field messages, 403 not yours, 404 not visible, 409 wrong state, with
nothing changed on a non-2xx answer."""

import pytest
from rest_framework.test import APIClient

from monitoring.models import MonitoringPlan, SampleResult
from monitoring.workflow import State

from .conftest import NATIONAL_BODY, YEAR, result_body

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _json(body: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in body.items()}


def test_a_walk_from_the_national_plan_to_the_published_results(hq, bureau, inspector):
    plan = api(hq).post("/api/v1/monitoring-plans/", {"year": YEAR, **NATIONAL_BODY}, format="json")
    assert plan.status_code == 201, plan.json()
    national = plan.json()["id"]
    fired = api(hq).post(
        f"/api/v1/monitoring-plans/{national}/transitions/publish/", {}, format="json"
    )
    assert fired.status_code == 200 and fired.json()["state"] == State.PUBLISHED
    local = api(bureau).post(
        "/api/v1/monitoring-plans/",
        {"national_plan": national, "title": "青海计划", "focus_products": "牛羊肉"},
        format="json",
    )
    assert local.status_code == 201 and local.json()["bureau"] == "qinghai"
    local = local.json()["id"]
    point = api(bureau).post(
        "/api/v1/monitoring-points/",
        {"name": "西宁曹家堡机场口岸", "kind": "port", "place": "西宁市"},
        format="json",
    )
    assert point.status_code == 201
    item = api(bureau).post(
        "/api/v1/monitoring-plan-items/",
        {
            "plan": local,
            "product": "牛羊肉",
            "point": point.json()["id"],
            "quota": 2,
            "starts_on": f"{YEAR}-03-01",
            "ends_on": f"{YEAR}-11-30",
        },
        format="json",
    )
    assert item.status_code == 201, item.json()
    assert (
        api(bureau).post(f"/api/v1/monitoring-plans/{local}/transitions/publish/").status_code
        == 200
    )
    body = _json(
        {**result_body(1, verdict="fail", failed_items="兽药残留超标"), "item": item.json()["id"]}
    )
    recorded = api(inspector).post("/api/v1/monitoring-results/", body, format="json")
    assert recorded.status_code == 201, recorded.json()
    summary = api(hq).get(f"/api/v1/monitoring-plans/{local}/summary/").json()
    assert summary == [{"product": "牛羊肉", "samples": 1, "failed": 1, "pass_rate": 0.0}]
    assert api().get(f"/api/v1/public/monitoring-plans/{local}/").status_code == 404
    done = api(bureau).post(f"/api/v1/monitoring-plans/{local}/transitions/publish_results/")
    assert done.status_code == 200
    public = api().get(f"/api/v1/public/monitoring-plans/{local}/").json()
    assert public["failed_samples"] == [
        {
            "product": "牛羊肉",
            "enterprise_name": "青海高原枸杞有限公司",
            "sampled_on": f"{YEAR}-04-01",
            "failed_items": "兽药残留超标",
        }
    ]
    history = api(bureau).get(f"/api/v1/monitoring-plans/{local}/history/").json()
    assert [h["transition"] for h in history] == ["publish", "publish_results"]


def test_bad_bodies_are_400_with_field_messages(hq, make_plan, inspector):
    answer = api(hq).post("/api/v1/monitoring-plans/", {"year": "x", "title": ""}, format="json")
    assert answer.status_code == 400 and {"year", "title", "focus_products"} <= set(answer.json())
    plan = make_plan(State.PUBLISHED)
    item = plan.items.get()
    body = _json({**result_body(9, verdict="fail"), "item": item.pk, "credit_code": "123"})
    answer = api(inspector).post("/api/v1/monitoring-results/", body, format="json")
    assert answer.status_code == 400
    assert {"failed_items", "credit_code"} <= set(answer.json())
    assert SampleResult.objects.count() == 2


def test_403_for_who_may_not_and_nothing_changes(other_bureau, enterprise, make_plan, inspector):
    plan = make_plan(State.PUBLISHED)
    answer = api(other_bureau).post(f"/api/v1/monitoring-plans/{plan.pk}/transitions/close/")
    assert answer.status_code == 403
    body = _json({**result_body(9), "item": plan.items.get().pk})
    assert (
        api(enterprise).post("/api/v1/monitoring-results/", body, format="json").status_code == 403
    )
    assert api(enterprise).get("/api/v1/monitoring-plans/").json()["results"] == []
    assert api(inspector).post("/api/v1/monitoring-plans/", {}, format="json").status_code == 403
    summary = api(other_bureau).get(f"/api/v1/monitoring-plans/{plan.pk}/summary/")
    assert summary.status_code == 403
    plan.refresh_from_db()
    assert plan.state == State.PUBLISHED


def test_404_for_what_is_not_visible(other_bureau, make_plan):
    plan = make_plan()
    assert api(other_bureau).get(f"/api/v1/monitoring-plans/{plan.pk}/").status_code == 404
    answer = api(other_bureau).post(f"/api/v1/monitoring-plans/{plan.pk}/transitions/publish/")
    assert answer.status_code == 404
    results = api(other_bureau).get("/api/v1/monitoring-results/").json()["results"]
    assert results == []
    assert api().get("/api/v1/monitoring-plans/").status_code in (401, 403)


def test_409_on_a_state_conflict(bureau, inspector, make_plan):
    plan = make_plan(State.RESULTS_PUBLISHED)
    answer = api(bureau).post(f"/api/v1/monitoring-plans/{plan.pk}/transitions/publish/")
    assert answer.status_code == 409
    assert (
        api(bureau)
        .patch(f"/api/v1/monitoring-plans/{plan.pk}/", {"title": "x"}, format="json")
        .status_code
        == 409
    )
    body = _json({**result_body(9), "item": plan.items.get().pk})
    assert (
        api(inspector).post("/api/v1/monitoring-results/", body, format="json").status_code == 409
    )
    first = plan.results.first()
    fix = {k: v for k, v in _json(result_body(1)).items() if k != "sample_code"}
    answer = api(inspector).post(
        f"/api/v1/monitoring-results/{first.pk}/correct/", {**fix, "reason": "更正"}, format="json"
    )
    assert answer.status_code == 409
    assert MonitoringPlan.objects.get(pk=plan.pk).title != "x"
    assert SampleResult.objects.count() == 2


def test_a_correction_through_the_api_keeps_the_old_record(inspector, make_plan):
    plan = make_plan(State.PUBLISHED, results=1, failed=1)
    first = plan.results.get()
    fix = {k: v for k, v in _json(result_body(1)).items() if k != "sample_code"}
    answer = api(inspector).post(
        f"/api/v1/monitoring-results/{first.pk}/correct/",
        {**fix, "reason": "复检合格"},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["supersedes"] == first.pk
    listed = api(inspector).get(f"/api/v1/monitoring-results/?plan={plan.pk}").json()["results"]
    assert {(r["id"], r["superseded"]) for r in listed} == {
        (first.pk, True),
        (answer.json()["id"], False),
    }
