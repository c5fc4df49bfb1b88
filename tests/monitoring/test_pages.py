"""The monitoring pages: who reaches which page, the forms' answers, results hidden from other
bureaus and the public until published, the export's scoping, and the list pages' query counts."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from accounts.models import Job
from ecoorigin.exceptions import NotPermitted
from monitoring import services
from monitoring.jobs import results_export
from monitoring.models import MonitoringPoint, PlanHistory, SampleResult
from monitoring.templatetags.monitoring import risk_signal_url
from monitoring.workflow import State

from .conftest import LOCAL_BODY, item_body, result_body

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["monitoring:list", "monitoring:points"]


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize(
    "who,status",
    [
        ("hq", 200), ("bureau", 200), ("inspector", 200), ("other_bureau", 200),
        ("enterprise", 404), ("agency", 404), ("government", 404), ("association", 404),
    ],
)  # fmt: skip
def test_who_reaches_the_staff_pages(client, actors, name, who, status):
    client.force_login(actors[who])
    assert client.get(reverse(name)).status_code == status


def test_the_anonymous_are_sent_to_log_in(client):
    response = client.get(reverse("monitoring:list"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "who,status", [("hq", 200), ("bureau", 200), ("inspector", 404), ("other_bureau", 200)]
)
def test_the_new_plan_form(client, actors, national, who, status):
    client.force_login(actors[who])
    assert client.get(reverse("monitoring:new")).status_code == status


def test_a_bureau_creates_its_plan_and_an_item_through_the_pages(client, bureau, national, point):
    client.force_login(bureau)
    response = client.post(
        reverse("monitoring:new"),
        {"national_plan": national.pk, "title": "青海计划", "focus_products": "牛羊肉"},
    )
    assert response.status_code == 302
    plan = national.local_plans.get()
    bad = client.post(reverse("monitoring:item_new", args=[plan.pk]), {"product": "牛羊肉"})
    assert bad.status_code == 400
    response = client.post(
        reverse("monitoring:item_new", args=[plan.pk]),
        {
            "product": "牛羊肉",
            "point": point.pk,
            "quota": 5,
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
        },
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    assert not plan.items.exists()


def test_the_plan_page_fires_a_transition(client, bureau, make_plan):
    plan = make_plan()
    client.force_login(bureau)
    page = client.get(reverse("monitoring:detail", args=[plan.pk])).content.decode()
    assert reverse("monitoring:action", args=[plan.pk, "publish"]) in page
    response = client.post(reverse("monitoring:action", args=[plan.pk, "publish"]), {})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == State.PUBLISHED
    assert PlanHistory.objects.get(plan=plan, transition="publish").actor == bureau


def test_another_bureau_may_not_fire_a_transition_from_the_page(client, other_bureau, make_plan):
    plan = make_plan(State.PUBLISHED)
    client.force_login(other_bureau)
    response = client.post(reverse("monitoring:action", args=[plan.pk, "close"]), {})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.state == State.PUBLISHED


def test_another_bureaus_draft_is_not_found(client, other_bureau, make_plan):
    plan = make_plan()
    client.force_login(other_bureau)
    assert client.get(reverse("monitoring:detail", args=[plan.pk])).status_code == 404


def test_an_inspector_records_a_result_and_a_bad_one_is_400(client, inspector, make_plan):
    plan = make_plan(State.PUBLISHED, results=0)
    item = plan.items.get()
    client.force_login(inspector)
    url = reverse("monitoring:result_new", args=[plan.pk])
    body = {**result_body(3), "item": item.pk, "verdict": "fail", "failed_items": ""}
    response = client.post(url, body)
    assert (
        response.status_code == 400
        and "不合格的，请填写不合格项目及危害" in response.content.decode()
    )
    response = client.post(url, {**body, "failed_items": "铅超标"})
    assert response.status_code == 302
    assert SampleResult.objects.get().failed


def test_results_stay_with_hq_and_the_bureau_until_published(client, actors, make_plan, bureau):
    plan = make_plan(State.PUBLISHED)
    url = reverse("monitoring:detail", args=[plan.pk])
    for who, seen in (("hq", True), ("inspector", True), ("other_bureau", False)):
        client.force_login(actors[who])
        assert ("QH-2026-0001" in client.get(url).content.decode()) is seen, who
    client.logout()
    public = reverse("public_monitoring:plan", args=[plan.pk])
    assert client.get(public).status_code == 404
    assert plan.title not in client.get(reverse("public_monitoring:list")).content.decode()
    services.plan_transition(plan=plan, name="publish_results", actor=bureau)
    page = client.get(public)
    assert page.status_code == 200
    text = page.content.decode()
    assert "枸杞及其制品" in text and "铅超标" in text and "青海高原枸杞有限公司" in text
    assert "50.0%" in text
    # Never the notes (contacts), the credit code or who recorded the sample.
    assert "0971" not in text and result_body(1)["credit_code"] not in text
    assert "mon-qh-inspector" not in text
    assert plan.title in client.get(reverse("public_monitoring:list")).content.decode()
    client.force_login(actors["other_bureau"])
    assert "QH-2026-0001" in client.get(url).content.decode()


@pytest.mark.parametrize("who,status", [("bureau", 302), ("hq", 302), ("other_bureau", 404)])
def test_the_export_is_for_those_who_read_the_results(client, actors, make_plan, who, status):
    plan = make_plan(State.PUBLISHED)
    client.force_login(actors[who])
    response = client.post(reverse("monitoring:export", args=[plan.pk]), {"format": "csv"})
    assert response.status_code == status
    assert Job.objects.count() == (1 if status == 302 else 0)


def test_the_export_checks_its_owner_again_and_writes_the_records(make_plan, bureau, other_bureau):
    plan = make_plan(State.PUBLISHED)
    job = Job(
        owner=bureau, kind="monitoring.results_export", params={"plan": plan.pk, "format": "csv"}
    )
    name, content = results_export(job, lambda percent: None)
    text = content.decode("utf-8-sig")
    assert name.endswith(".csv") and "QH-2026-0001" in text and "铅超标" in text
    job.owner = other_bureau
    with pytest.raises(NotPermitted):
        results_export(job, lambda percent: None)


def _queries(client, url) -> int:
    client.get(url)  # warm the per-user caches (navigation, to-do counts)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["monitoring:list", "monitoring:points", "public_monitoring:list"])
def test_the_list_pages_cost_the_same_whatever_the_number_of_plans(
    client, hq, bureau, other_bureau, national, make_plan, url, django_assert_max_num_queries
):
    make_plan(State.RESULTS_PUBLISHED)
    client.force_login(hq)
    once = _queries(client, reverse(url))
    other = services.plan_create(actor=other_bureau, national_plan=national, **LOCAL_BODY)
    services.point_create(actor=other_bureau, name="兰州中川机场", kind="port", place="兰州")
    services.point_create(actor=bureau, name="格尔木", kind="market", place="格尔木")
    services.item_create(
        plan=other,
        actor=other_bureau,
        **item_body(other_bureau_points(other_bureau)),
    )
    with django_assert_max_num_queries(once):
        assert client.get(reverse(url)).status_code == 200


def other_bureau_points(user):
    return MonitoringPoint.objects.filter(bureau_id=user.bureau_id).first()


class WithRisk:
    """A URL configuration with the risk signals' form (the `risk` app's, stood in for)."""

    urlpatterns = [
        path(
            "risk/",
            include(([path("signals/new/", lambda r: None, name="signal_create")], "risk")),
        )
    ]


class WithoutRisk:
    urlpatterns = []


def test_a_failed_sample_links_to_a_new_risk_signal_only_where_the_form_exists(make_plan):
    result = make_plan(State.PUBLISHED).results.get(sample_code="QH-2026-0001")
    with override_settings(ROOT_URLCONF=WithoutRisk):
        assert risk_signal_url(result) == ""
    with override_settings(ROOT_URLCONF=WithRisk):
        url = risk_signal_url(result)
    assert url.startswith("/risk/signals/new/?channel=laboratory&product=")
    assert "reference=QH-2026-0001" in url and f"uscc={result.credit_code}" in url


def test_every_page_renders_for_those_who_use_it(client, hq, bureau, inspector, make_plan, point):
    draft = make_plan()
    item = draft.items.get()
    client.force_login(bureau)
    for url in (
        reverse("monitoring:detail", args=[draft.pk]),
        reverse("monitoring:edit", args=[draft.pk]),
        reverse("monitoring:item_new", args=[draft.pk]),
        reverse("monitoring:item_edit", args=[draft.pk, item.pk]),
        reverse("monitoring:action", args=[draft.pk, "publish"]),
        reverse("monitoring:point_new"),
        reverse("monitoring:point_edit", args=[point.pk]),
        reverse("monitoring:detail", args=[draft.national_plan_id]),
    ):
        assert client.get(url).status_code == 200, url
    services.plan_transition(plan=draft, name="publish", actor=bureau)
    services.result_record(
        item=item, actor=inspector, **result_body(1, verdict="fail", failed_items="铅")
    )
    result = draft.results.get()
    client.force_login(inspector)
    for url in (
        reverse("monitoring:result_new", args=[draft.pk]),
        reverse("monitoring:result_correct", args=[draft.pk, result.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(hq)
    page = client.get(reverse("monitoring:detail", args=[draft.national_plan_id])).content.decode()
    assert draft.title in page
    page = client.get(reverse("monitoring:detail", args=[draft.pk])).content.decode()
    assert "1 / 3" in page and "铅" in page
