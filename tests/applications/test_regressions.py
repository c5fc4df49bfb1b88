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
    # Drafts shared for 一对一指导, which the bureau sees (an unshared draft is the enterprise's).
    wanted = ApplicationFactory(product_name="京西白茶", shared_for_guidance=True)
    ApplicationFactory(product_name="门头沟核桃", shared_for_guidance=True)
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


def test_an_upload_from_the_edit_page_returns_to_the_edit_page(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = ApplicationFactory()
    owner = factories.enterprise_staff(case.enterprise, username="reg-upload")
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client_for(owner).post(
        f"/cases/{case.pk}/documents/", {"file": pdf, "kind": "material", "back": "edit"}
    )
    assert response["Location"] == f"/cases/{case.pk}/edit/"


def test_certifying_without_a_number_rule_is_a_readable_conflict():
    from applications.exceptions import TransitionNotAllowed
    from applications.models import CertificateNumberRule
    from applications.services import case_transition

    plan = PlanFactory()
    case = ApplicationFactory(category=plan.category)
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=90
    )
    CertificateNumberRule.objects.update(active_from=timezone.now() + timedelta(days=1))
    with pytest.raises(TransitionNotAllowed):
        case_transition(case=case, name="certify", actor=factories.hq(username="reg-hq"))
    assert Application.objects.get(pk=case.pk).state == "evaluated"


def test_the_officer_choice_shows_names():
    from applications.forms import OfficerForm

    case = ApplicationFactory()
    factories.bureau_staff(case.bureau.code, username="reg-named", first_name="李明")
    labels = [label for _value, label in OfficerForm(case=case).fields["officer"].choices]
    assert "李明（reg-named）" in labels


def test_the_officer_choice_has_no_chinese_brackets_in_english():
    from django.utils import translation

    from applications.forms import OfficerForm

    case = ApplicationFactory()
    factories.bureau_staff(case.bureau.code, username="reg-named-en", first_name="Li Ming")
    with translation.override("en"):
        labels = [str(label) for _value, label in OfficerForm(case=case).fields["officer"].choices]
    assert "Li Ming (reg-named-en)" in labels
