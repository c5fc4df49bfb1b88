"""内设机构 (seed 000 §18's 责任部门): a bureau registers, renames and sets inactive its own 处/科;
HQ reads every bureau's; nobody deletes one. Who may do what per persona is in
tests/supervision/test_key_work.py's matrix; here the rules of the services and the pages."""

import pytest
from django.conf import settings

from accounts.models import AuditEntry
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions import services
from regions.models import BureauDepartment
from regions.selectors import departments_in_scope
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_bureau_registers_its_own_and_it_is_audited(bureau_user):
    department = services.department_create(
        actor=bureau_user, name=" 通关处 ", kind="division", name_en="Customs Clearance Division"
    )
    assert (department.bureau, department.name, department.is_active) == (
        bureau_user.bureau,
        "通关处",
        True,
    )
    entry = AuditEntry.objects.get(object_type="regions.bureaudepartment", object_id=department.pk)
    assert entry.actor == bureau_user and entry.changes["bureau"] == "hubei"


@pytest.mark.parametrize("persona", ["hq_user", "inspector_user", "enterprise_user"])
def test_nobody_but_a_bureau_registers_one(request, persona):
    with pytest.raises(NotPermitted):
        services.department_create(
            actor=request.getfixturevalue(persona), name="通关处", kind="division"
        )
    assert not BureauDepartment.objects.exists()


def test_names_are_unique_within_a_bureau_only(bureau_user, lead_bureau_user):
    services.department_create(actor=bureau_user, name="通关处", kind="division")
    with pytest.raises(InvalidInput) as refused:
        services.department_create(actor=bureau_user, name="通关处", kind="section")
    assert set(refused.value.field_errors) == {"name"}
    assert services.department_create(actor=lead_bureau_user, name="通关处", kind="division")


def test_field_errors(bureau_user):
    with pytest.raises(InvalidInput) as refused:
        services.department_create(actor=bureau_user, name=" ", kind="bureau", name_en="x" * 129)
    assert set(refused.value.field_errors) == {"name", "kind", "name_en"}


def test_the_bureau_renames_and_sets_inactive_with_what_changed_audited(bureau_user, hq_user):
    department = factories.department("hubei", "通关处")
    other = factories.department("hubei", "检验监管处")
    with pytest.raises(InvalidInput):
        services.department_update(
            actor=bureau_user, department=department, name="检验监管处", kind="division"
        )
    with pytest.raises(NotPermitted):
        services.department_update(
            actor=hq_user, department=department, name="通关业务处", kind="division"
        )
    with pytest.raises(NotPermitted):
        services.department_update(
            actor=factories.bureau_staff("shandong"),
            department=department,
            name="通关业务处",
            kind="division",
        )
    changed = services.department_update(
        actor=bureau_user,
        department=department,
        name="通关业务处",
        kind="division",
        is_active=False,
    )
    assert (changed.name, changed.is_active) == ("通关业务处", False)
    entry = AuditEntry.objects.filter(
        object_type="regions.bureaudepartment", object_id=department.pk
    ).get()
    assert entry.changes == {"name": ["通关处", "通关业务处"], "is_active": [True, False]}
    assert BureauDepartment.objects.get(pk=other.pk).name == "检验监管处"


def test_a_name_taken_at_the_same_moment_is_a_conflict(bureau_user, monkeypatch):
    """The check passed, then the other registration committed first: the constraint says so."""
    monkeypatch.setattr(services, "_department_errors", lambda **kwargs: {})
    factories.department("hubei", "通关处")
    with pytest.raises(Conflict):
        services.department_create(actor=bureau_user, name="通关处", kind="division")


def test_hq_reads_every_bureaus_and_a_bureau_its_own(hq_user, bureau_user, lead_bureau_user):
    hubei = factories.department("hubei", "通关处")
    chongqing = factories.department("chongqing", "通关处")
    assert set(departments_in_scope(user=hq_user)) == {hubei, chongqing}
    assert list(departments_in_scope(user=bureau_user)) == [hubei]
    # The zone lead of 湖北局's zone: its own only.
    assert list(departments_in_scope(user=lead_bureau_user)) == [chongqing]


def test_the_pages_register_and_edit(client_for, bureau_user):
    client = client_for(bureau_user)
    response = client.post(
        "/regions/departments/new/",
        {
            "name": "检验监管处",
            "name_en": "Inspection and Supervision Division",
            "kind": "division",
        },
    )
    assert response.status_code == 302
    department = BureauDepartment.objects.get(name="检验监管处")
    assert (
        client.post(
            "/regions/departments/new/", {"name": "检验监管处", "kind": "division"}
        ).status_code
        == 400
    )
    url = f"/regions/departments/{department.pk}/"
    edit = {
        "name": "检验监管处",
        "name_en": "Inspection and Supervision Division",
        "kind": "section",
    }
    assert client.post(url, edit).status_code == 302
    department.refresh_from_db()
    assert (department.kind, department.is_active) == ("section", False)  # unticked: inactive
    listing = client.get("/regions/departments/").content.decode()
    assert "检验监管处" in listing and "已停用" in listing
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/regions/departments/").content.decode()
    assert "Inspection and Supervision Division" in english and "Section" in english


def test_the_api_keeps_what_a_patch_leaves_out(api_for, bureau_user):
    department = factories.department("hubei", "通关处", name_en="Customs Division")
    response = api_for(bureau_user).patch(
        f"/api/v1/bureau-departments/{department.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json() | {"id": 0} == {
        "id": 0,
        "bureau": "hubei",
        "name": "通关处",
        "name_en": "Customs Division",
        "kind": "division",
        "kind_display": "处",
        "is_active": False,
    }
