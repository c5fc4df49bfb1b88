"""The mixed load test of `make bench` reads the portal's pages (bench/pages.py): here, against
the real pages, the enterprise's walk it takes — a new draft through the form, its required
materials uploaded through the edit page's checklist, 申报 through the confirmation page — and
the clerk's queue it reads, so that a template change it no longer understands fails the suite
instead of the load test (the checklist once made every submission of the load test a 409)."""

import pytest
from django.utils import timezone

from applications.models import Application, Enterprise, MaterialRequirement, ProductCategory
from bench.pages import (
    AUTOSAVE,
    CASE_LINK,
    CSRF,
    LOAD_TEST_CASE,
    MARK,
    materials_form,
    required_material_fields,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_load_tests_enterprise_walk_reaches_a_submitted_case(client_for):
    enterprise = factories.EnterpriseFactory(
        bureau=factories.bureau("jiangsu"), confirmed_at=timezone.now()
    )
    browser = client_for(factories.enterprise_staff(enterprise, username="bench-ent"))
    category = ProductCategory.objects.filter(is_active=True).order_by("pk").first()
    assert MaterialRequirement.objects.filter(required=True).exists()  # shipped: the walk needs it

    form = browser.get("/cases/new/").content.decode()
    assert CSRF.search(form)
    page = browser.post(
        "/cases/new/",
        {
            "product_name": f"{MARK}42",
            "category": category.pk,
            "origin_place": "压测县压测镇",
            "description": "负载测试创建的申请草稿。",
        },
        follow=True,
    ).content.decode()
    pk = int(AUTOSAVE.search(page).group(1))
    fields = required_material_fields(page)
    assert fields and "materials-missing" in page

    body, content_type = materials_form(CSRF.search(page).group(1), fields)
    answer = browser.post(
        f"/cases/{pk}/materials/", data=body, content_type=content_type, follow=True
    )
    assert answer.status_code == 200
    assert "materials-missing" not in answer.content.decode()

    confirm = browser.get(f"/cases/{pk}/do/submit/").content.decode()
    token = CSRF.search(confirm).group(1)
    done = browser.post(f"/cases/{pk}/do/submit/", {"csrfmiddlewaretoken": token}, follow=True)
    assert done.status_code == 200
    assert Application.objects.get(pk=pk).state == "submitted"
    assert pk in {
        int(found) for found in CASE_LINK.findall(browser.get("/cases/").content.decode())
    }

    clerk = client_for(factories.bureau_staff("jiangsu", username="bench-clerk"))
    queue = clerk.get("/cases/?state=submitted").content.decode()
    assert str(pk) in LOAD_TEST_CASE.findall(queue)
    assert Enterprise.objects.get(pk=enterprise.pk).applications.count() == 1
