"""seed_demo's risk monitoring plans: HQ's published national plan, 青海局's plan with its points,
items and 20 samples (three failed, one corrected) whose results are published, 甘肃局's draft;
idempotent; the admin shows them read only."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from monitoring.models import MonitoringPlan, MonitoringPoint, PlanHistory, PlanItem, SampleResult
from monitoring.selectors import current, product_summary, public_plans
from monitoring.workflow import Level, State

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    models = [MonitoringPlan, PlanHistory, PlanItem, MonitoringPoint, SampleResult]
    return tuple(model.objects.count() for model in models)


def test_the_demo_plans_load_once_and_read_as_the_seed_says(settings, client):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off
    call_command("seed_demo", stdout=StringIO())
    national = MonitoringPlan.objects.get(level=Level.NATIONAL)
    assert national.state == State.PUBLISHED
    qinghai = MonitoringPlan.objects.get(bureau__code="qinghai")
    assert qinghai.state == State.RESULTS_PUBLISHED and qinghai.national_plan == national
    assert (
        qinghai.items.count() == 9
        and MonitoringPoint.objects.filter(bureau__code="qinghai").count() == 5
    )
    assert current(qinghai.results.all()).count() == 20 and qinghai.results.count() == 21
    assert sum(row["failed"] for row in product_summary(plan=qinghai)) == 3
    assert list(public_plans()) == [qinghai]
    assert MonitoringPlan.objects.get(bureau__code="gansu").state == State.DRAFT
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before
    client.force_login(User.objects.get(username="hq"))
    for model in ("monitoringplan", "sampleresult", "monitoringpoint", "planitem", "planhistory"):
        assert client.get(reverse(f"admin:monitoring_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:monitoring_monitoringplan_change", args=[qinghai.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
