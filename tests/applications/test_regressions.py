"""Bugs found in review, each with the test that failed before its fix."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from applications.models import Application
from applications.services import enterprise_confirm
from tests import factories

from .factories import ApplicationFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_an_invalid_worklist_filter_does_not_drop_the_others(client_for):
    clerk = factories.bureau_staff("beijing", username="reg-clerk")
    wanted = ApplicationFactory(product_name="京西白茶")
    ApplicationFactory(product_name="门头沟核桃")
    response = client_for(clerk).get("/cases/?q=白茶&category=no-such-category")
    assert response.status_code == 200
    rows = response.context["page"]["rows"]
    assert [case.pk for case in rows] == [wanted.pk]


def test_an_agency_with_two_valid_plans_is_offered_once(client_for):
    plan = PlanFactory()
    PlanFactory(agency=plan.agency, valid_from=timezone.localdate() - timedelta(days=5))
    case = ApplicationFactory(category=plan.category)
    Application.objects.filter(pk=case.pk).update(state="approved")
    owner = factories.enterprise_staff(case.enterprise, username="reg-owner")
    response = client_for(owner).get(f"/cases/{case.pk}/do/choose_agency/")
    assert [p.agency_id for p in response.context["plans"]] == [plan.agency_id]


def test_confirming_an_enterprise_twice_changes_nothing_the_second_time():
    enterprise = factories.EnterpriseFactory(bureau=factories.bureau("beijing"))
    clerk = factories.bureau_staff("beijing", username="reg-confirm")
    first = enterprise_confirm(enterprise=enterprise, actor=clerk).confirmed_at
    second = enterprise_confirm(enterprise=enterprise, actor=clerk).confirmed_at
    assert first == second
    assert AuditEntry.objects.filter(object_id=str(enterprise.pk)).count() == 1
