"""Every change HQ makes in the admin writes one immutable AuditEntry (审计日志)."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import AuditEntry
from ecoorigin.append_only import AppendOnlyError
from regions.models import Bureau, Zone, ZoneMembership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq_admin(hq_user):
    """The HQ persona as the seed sets it up: staff, maintaining the organisation data."""
    hq_user.is_staff = True
    hq_user.save()
    hq_user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="regions",
            content_type__model__in=["bureau", "zone", "zonemembership"],
        )
        | Permission.objects.filter(codename="view_auditentry")
    )
    return hq_user


@pytest.fixture
def admin_client(client, hq_admin):
    client.force_login(hq_admin)
    return client


def change_form_data(response) -> dict:
    """The POST body the admin change form would send unchanged: its fields, and each inline
    formset with its management form, its existing rows and its empty extra rows."""
    assert response.status_code == 200
    data = {}

    def add(form, prefix=None):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name) if prefix is None else f"{prefix}-{name}"
            if value is True:
                data[key] = "on"
            elif value not in (None, False):
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, formset.prefix)
        for form in formset.forms:
            add(form)
    return data


def zone_url(zone) -> str:
    return f"/admin/regions/zone/{zone.pk}/change/"


def bureau_url(bureau) -> str:
    return f"/admin/regions/bureau/{bureau.pk}/change/"


def seat_index(data, prefix, bureau) -> int:
    """The inline row number holding `bureau`'s seat."""
    return next(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-bureau") and value == bureau.pk
    )


def entries(**filters):
    return AuditEntry.objects.filter(**filters)


# Zones --------------------------------------------------------------------------------------------


def test_changing_a_zone_writes_an_audit_entry(admin_client, hq_admin):
    zone = Zone.objects.get(code="east")
    data = change_form_data(admin_client.get(zone_url(zone)))
    data["name"] = "东部沿海片区"
    response = admin_client.post(zone_url(zone), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    zone.refresh_from_db()
    assert zone.name == "东部沿海片区"
    entry = entries(object_type="regions.zone").get()
    assert entry.actor == hq_admin
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.object_id == str(zone.pk)
    assert entry.object_repr == "东部沿海片区"
    assert entry.changes == {"name": "东部沿海片区"}
    assert entry.source == "admin"


def test_zone_audit_entry_records_only_the_changed_fields(admin_client):
    zone = Zone.objects.get(code="ftz")
    data = change_form_data(admin_client.get(zone_url(zone)))
    data["kind"] = "district"
    admin_client.post(zone_url(zone), data)
    assert entries(object_type="regions.zone").get().changes == {"kind": "district"}


def test_saving_a_zone_without_changing_seats_audits_no_seat(admin_client):
    zone = Zone.objects.get(code="northeast")
    data = change_form_data(admin_client.get(zone_url(zone)))
    data["name"] = "东北地区片区"
    admin_client.post(zone_url(zone), data)
    assert not entries(object_type="regions.zonemembership").exists()


def test_adding_a_seat_in_the_inline_is_audited(admin_client, hq_admin):
    zone = Zone.objects.get(code="jingjinji")
    shanxi = Bureau.objects.get(code="shanxi")
    data = change_form_data(admin_client.get(zone_url(zone)))
    new = int(data["memberships-INITIAL_FORMS"])  # the first empty extra row
    data[f"memberships-{new}-bureau"] = shanxi.pk
    data[f"memberships-{new}-role"] = "member"
    response = admin_client.post(zone_url(zone), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    seat = ZoneMembership.objects.get(zone=zone, bureau=shanxi)
    entry = entries(object_type="regions.zonemembership").get()
    assert (entry.actor, entry.action, entry.object_id) == (
        hq_admin,
        AuditEntry.Action.CREATE,
        str(seat.pk),
    )
    assert "山西" in entry.object_repr


def test_changing_a_seat_role_in_the_inline_is_audited(admin_client):
    zone = Zone.objects.get(code="jingjinji")
    tianjin = Bureau.objects.get(code="tianjin")
    data = change_form_data(admin_client.get(zone_url(zone)))
    data[f"memberships-{seat_index(data, 'memberships', tianjin)}-role"] = "lead"
    admin_client.post(zone_url(zone), data)
    seat = ZoneMembership.objects.get(zone=zone, bureau=tianjin)
    assert seat.role == "lead"
    entry = entries(object_type="regions.zonemembership").get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.object_id == str(seat.pk)
    assert entry.changes == {"fields": ["role"]}


def test_removing_a_seat_in_the_inline_is_audited(admin_client):
    zone = Zone.objects.get(code="jingjinji")
    hebei = Bureau.objects.get(code="hebei")
    seat = ZoneMembership.objects.get(zone=zone, bureau=hebei)
    data = change_form_data(admin_client.get(zone_url(zone)))
    data[f"memberships-{seat_index(data, 'memberships', hebei)}-DELETE"] = "on"
    admin_client.post(zone_url(zone), data)
    assert not ZoneMembership.objects.filter(pk=seat.pk).exists()
    entry = entries(object_type="regions.zonemembership").get()
    assert (entry.action, entry.object_id) == (AuditEntry.Action.DELETE, str(seat.pk))


def test_an_invalid_zone_form_changes_nothing_and_audits_nothing(admin_client):
    zone = Zone.objects.get(code="east")
    data = change_form_data(admin_client.get(zone_url(zone)))
    data["name"] = "西南片区"  # names are unique
    response = admin_client.post(zone_url(zone), data)
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


# Bureaus ------------------------------------------------------------------------------------------


def test_changing_a_bureau_writes_an_audit_entry(admin_client, hq_admin):
    bureau = Bureau.objects.get(code="hubei")
    data = change_form_data(admin_client.get(bureau_url(bureau)))
    data["full_name"] = "湖北海关"
    response = admin_client.post(bureau_url(bureau), data)
    assert response.status_code == 302
    entry = entries(object_type="regions.bureau").get()
    assert entry.actor == hq_admin
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.object_id == str(bureau.pk)
    assert entry.object_repr == "湖北海关"
    assert entry.changes == {"full_name": "湖北海关"}


def test_adding_a_bureau_is_audited(admin_client, hq_admin):
    response = admin_client.post(
        "/admin/regions/bureau/add/",
        {"code": "xiongan", "name": "雄安", "full_name": "雄安出入境检验检疫局"},
    )
    assert response.status_code == 302
    bureau = Bureau.objects.get(code="xiongan")
    entry = entries(object_type="regions.bureau").get()
    assert (entry.actor, entry.action, entry.object_id) == (
        hq_admin,
        AuditEntry.Action.CREATE,
        str(bureau.pk),
    )
    assert entry.changes["name"] == "雄安"


def test_deleting_a_bureau_without_seats_is_audited(admin_client, hq_admin):
    bureau = Bureau.objects.create(code="xiongan", name="雄安", full_name="雄安出入境检验检疫局")
    response = admin_client.post(f"/admin/regions/bureau/{bureau.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Bureau.objects.filter(pk=bureau.pk).exists()
    entry = entries(object_type="regions.bureau").get()
    assert entry.actor == hq_admin
    assert entry.action == AuditEntry.Action.DELETE
    assert entry.object_id == str(bureau.pk)
    assert entry.object_repr == "雄安出入境检验检疫局"


def test_bulk_deleting_bureaus_audits_each_one(admin_client):
    extra = [
        Bureau.objects.create(code=f"extra{i}", name=f"附加{i}", full_name=f"附加{i}局")
        for i in range(2)
    ]
    response = admin_client.post(
        "/admin/regions/bureau/",
        {"action": "delete_selected", "_selected_action": [b.pk for b in extra], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Bureau.objects.filter(code__startswith="extra").exists()
    deleted = entries(object_type="regions.bureau", action=AuditEntry.Action.DELETE)
    assert set(deleted.values_list("object_id", flat=True)) == {str(b.pk) for b in extra}


def test_a_bureau_with_seats_cannot_be_deleted_and_nothing_is_audited(admin_client):
    bureau = Bureau.objects.get(code="hubei")
    admin_client.post(f"/admin/regions/bureau/{bureau.pk}/delete/", {"post": "yes"})
    assert Bureau.objects.filter(pk=bureau.pk).exists()
    assert not AuditEntry.objects.exists()


# The audit trail itself is immutable --------------------------------------------------------------


@pytest.fixture
def entry(hq_user):
    return AuditEntry.objects.create(
        actor=hq_user,
        action=AuditEntry.Action.UPDATE,
        object_type="regions.zone",
        object_id="1",
        object_repr="西南片区",
        changes={"name": "西南片区"},
    )


def test_an_audit_entry_cannot_be_changed(entry):
    entry.object_repr = "篡改"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="篡改")
    entry.refresh_from_db()
    assert entry.object_repr == "西南片区"


def test_an_audit_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_saving_an_unchanged_admin_form_writes_no_audit_row(admin_client):
    zone = Zone.objects.get(code="southwest")
    before = AuditEntry.objects.count()
    response = admin_client.post(zone_url(zone), change_form_data(admin_client.get(zone_url(zone))))
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before


def test_audit_admin_lists_entries_for_hq(admin_client, entry):
    response = admin_client.get("/admin/accounts/auditentry/")
    assert response.status_code == 200
    assert "西南片区" in response.content.decode()


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_audit_admin_has_no_add_page_even_for_a_superuser(superuser_client):
    assert superuser_client.get("/admin/accounts/auditentry/add/").status_code == 403
    response = superuser_client.post(
        "/admin/accounts/auditentry/add/",
        {"action": "create", "object_type": "x", "object_id": "1", "object_repr": "伪造"},
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.exists()


def test_audit_admin_cannot_change_an_entry_even_for_a_superuser(superuser_client, entry):
    response = superuser_client.post(
        f"/admin/accounts/auditentry/{entry.pk}/change/",
        {"action": "delete", "object_type": "x", "object_id": "2", "object_repr": "篡改"},
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == "西南片区"


def test_audit_admin_change_page_is_read_only(superuser_client, entry):
    response = superuser_client.get(f"/admin/accounts/auditentry/{entry.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_audit_admin_cannot_delete_an_entry_even_for_a_superuser(superuser_client, entry):
    response = superuser_client.post(
        f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_audit_admin_offers_no_bulk_delete(superuser_client, entry):
    response = superuser_client.post(
        "/admin/accounts/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert "delete_selected" not in response.content.decode()


# Who may enter the admin --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["bureau_user", "lead_bureau_user", "enterprise_user"])
def test_non_staff_users_cannot_reach_the_admin(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_bureau_user_cannot_change_a_zone_through_the_admin(client, bureau_user):
    zone = Zone.objects.get(code="southwest")
    client.force_login(bureau_user)
    response = client.post(
        zone_url(zone), {"code": "southwest", "name": "改名", "kind": "district"}
    )
    assert response.status_code == 302
    assert Zone.objects.get(pk=zone.pk).name == "西南片区"
    assert not AuditEntry.objects.exists()


def test_staff_without_organisation_permissions_cannot_change_a_zone(client):
    staff = factories.hq(username="hq-readonly", is_staff=True)
    zone = Zone.objects.get(code="southwest")
    client.force_login(staff)
    response = client.post(
        zone_url(zone), {"code": "southwest", "name": "改名", "kind": "district"}
    )
    assert response.status_code == 403
    assert Zone.objects.get(pk=zone.pk).name == "西南片区"


# --- the evaluation plan's file: checked like every upload (issue 12, point 2) -------------


def plan_form(**files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.admin import EvaluationPlanForm
    from applications.models import ProductCategory

    agency = factories.AgencyFactory()
    data = {
        "agency": agency.pk,
        "category": ProductCategory.objects.get(code="tea").pk,
        "title": "评定方案",
        "pass_threshold": 80,
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
    }
    uploads = {name: SimpleUploadedFile(*value) for name, value in files.items()}
    return EvaluationPlanForm(data=data, files=uploads)


@pytest.mark.django_db
def test_a_plan_file_that_is_not_a_pdf_or_image_is_refused():
    form = plan_form(document=("方案.pdf", b"<html><script>alert(1)</script></html>"))
    assert not form.is_valid()
    assert form.errors["document"] == ["只能上传 PDF、JPEG 或 PNG 文件（按文件内容检查）。"]


@pytest.mark.django_db
def test_a_plan_file_is_stored_under_a_random_name_with_its_real_type():
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    form = plan_form(document=("setup.hta", pdf))
    assert form.is_valid(), form.errors
    plan = form.save()
    assert plan.document.name.endswith(".pdf")
    assert "setup" not in plan.document.name
