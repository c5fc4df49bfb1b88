"""generate_national's risk monitoring plans (bench/monitoring.py) at a tiny scale: two national
plans, a local plan per bureau and year, each in a state reached by a path of the workflow, the
samples inside the plans' schedule and never after the "as of" day, and the pages work on them."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from bench import generate
from monitoring.models import MonitoringPlan, SampleResult
from monitoring.workflow import RULES, Level, State
from regions.models import Bureau

AS_OF = date(2026, 11, 23)
PATHS = {
    State.DRAFT: [],
    State.PUBLISHED: ["publish"],
    State.RESULTS_PUBLISHED: ["publish", "publish_results"],
    State.CLOSED: [["publish", "close"], ["publish", "publish_results", "close"]],
}


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """One generation for the module; removed afterwards."""
    with django_db_blocker.unblock():
        call_command(
            "generate_national", scale=0.002, as_of=AS_OF, reset=True, force=True, verbosity=0
        )
        yield generate.existing()
        with transaction.atomic():
            generate._empty("default", generate._wiped_tables())


@pytest.mark.django_db
def test_the_plans_follow_the_workflow_and_the_calendar(national, client):
    bureaus = Bureau.objects.count()
    assert MonitoringPlan.objects.filter(level=Level.NATIONAL).count() == 2
    assert MonitoringPlan.objects.filter(level=Level.LOCAL).count() == 2 * bureaus
    for plan in MonitoringPlan.objects.prefetch_related("history"):
        steps = [entry.transition for entry in plan.history.all()]
        assert set(steps) <= set(RULES)
        if plan.state == State.CLOSED:
            assert steps in PATHS[State.CLOSED]
        else:
            assert steps == PATHS[plan.state]
        assert (plan.results_published_at is not None) == ("publish_results" in steps)
        if "publish_results" in steps:
            assert plan.results.exists()
        # One product a line, whichever way the rows were loaded (COPY escapes the break).
        products = plan.focus_products.split("\n")
        assert all(p and "\\" not in p for p in products)
        if plan.level == Level.NATIONAL:
            assert len(products) == 6
    states = set(
        MonitoringPlan.objects.filter(year=2026, level=Level.LOCAL).values_list("state", flat=True)
    )
    assert states == {State.DRAFT, State.PUBLISHED, State.RESULTS_PUBLISHED}
    assert not SampleResult.objects.filter(sampled_on__gt=AS_OF).exists()
    assert not SampleResult.objects.filter(plan__state=State.DRAFT).exists()
    public = MonitoringPlan.objects.filter(results_published_at__isnull=False).first()
    assert client.get(reverse("public_monitoring:plan", args=[public.pk])).status_code == 200
    assert client.get(reverse("public_monitoring:list")).status_code == 200
