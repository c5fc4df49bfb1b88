"""Control characters never reach a header or an e-mail (issue 12, point 4).

A product name with CR/LF was stored, and the bureau's 退回补正 on that case answered 500 after
the state had changed: the notice's e-mail subject carried the line break (BadHeaderError), and
the notice could never be sent. Every text input now refuses control characters (line breaks
only in multi-line fields), the notice folds whatever it puts into a subject to one line, and a
failing notice never turns a committed transition into an error answer.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core import mail
from django.core.exceptions import ValidationError
from rest_framework import serializers

from applications import tasks as case_tasks
from applications.models import Application, CaseHistory, Notice
from ecoorigin.text import (
    CheckedTextSerializerMixin,
    ControlCharacterValidator,
    TextInputsChecked,
    one_line,
)
from supervision.models import Complaint
from tests import factories
from tests.applications.factories import ApplicationFactory

SINGLE_LINE_ERROR = "不能包含换行符或其他控制字符，请写在一行内。"
MULTI_LINE_ERROR = "不能包含换行和制表符以外的控制字符。"
APPS = (
    "accounts", "applications", "demonstration", "experts", "liaison", "publicity", "regions",
    "supervision",
)  # fmt: skip


@pytest.mark.parametrize(
    "value",
    ["茶\r\nBcc: x@example.com", "茶\n", "a\tb", "bell\x07", "esc\x1b[31m", "\x85", "\u2028"],
)
def test_one_line_text_refuses_every_control_character(value):
    with pytest.raises(ValidationError) as error:
        ControlCharacterValidator()(value)
    assert error.value.messages == [SINGLE_LINE_ERROR]


def test_multi_line_text_keeps_line_breaks_and_tabs_only():
    ControlCharacterValidator(multiline=True)("第一行\r\n第二行\n\t缩进")
    for value in ("响铃\x07", "退格\x08", "\x00", "分隔\u2029"):
        with pytest.raises(ValidationError) as error:
            ControlCharacterValidator(multiline=True)(value)
        assert error.value.messages == [MULTI_LINE_ERROR]


def test_ordinary_text_passes():
    for value in ("金佛山茶（特级）", "Jinfo Mountain tea, grade 1", "😀", "全角　空格"):
        ControlCharacterValidator()(value)


def test_one_line_folds_control_runs_to_one_space():
    assert one_line("退回补正（茶\r\nBcc: x@example.com）") == "退回补正（茶 Bcc: x@example.com）"
    assert one_line("\t茶\x1b\x07叶\n") == "茶 叶"


# --- every form, serializer and admin form takes part ----------------------------------------


def _modules(app):
    """The app's forms, serializers and admin, and the modules beside them that declare some
    (`key_work_api`, `rectification_forms` …)."""
    names = [info.name for info in pkgutil.iter_modules(importlib.import_module(app).__path__)]
    for name in names:
        if name in ("forms", "serializers", "admin", "api") or name.endswith(("_api", "_forms")):
            yield importlib.import_module(f"{app}.{name}")


def _classes(base):
    for app in APPS:
        for module in _modules(app):
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, base) and cls.__module__ == module.__name__:
                    yield cls


def test_every_form_of_the_portal_checks_its_text():
    found = list(_classes(forms.BaseForm))
    assert len(found) > 20
    missing = [cls.__qualname__ for cls in found if not issubclass(cls, TextInputsChecked)]
    assert missing == []


def test_every_serializer_of_the_portal_checks_its_text():
    found = list(_classes(serializers.BaseSerializer))
    assert len(found) > 15
    missing = [cls.__qualname__ for cls in found if not issubclass(cls, CheckedTextSerializerMixin)]
    assert missing == []


@pytest.mark.django_db
def test_the_admins_text_fields_check_their_text(rf, hq_user):
    from applications.models import Agency

    model_admin = admin.site._registry[Agency]
    request = rf.get("/admin/")
    request.user = hq_user
    form = model_admin.get_form(request)(data={"code": "A1", "name": "机构\r\n名称"})
    assert not form.is_valid()
    assert SINGLE_LINE_ERROR in form.errors["name"]


# --- pages and API ---------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    enterprise = factories.EnterpriseFactory(bureau=factories.bureau("beijing"))
    return factories.enterprise_staff(enterprise, username="ctl-owner")


CASE = {"category": "tea", "origin_place": "门头沟", "description": "第一行\r\n第二行"}


def test_the_case_api_refuses_a_product_name_with_a_line_break(api_for, owner):
    body = {**CASE, "product_name": "茶\r\nBcc: x@example.com"}
    response = api_for(owner).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400
    assert response.json()["product_name"] == [SINGLE_LINE_ERROR]
    assert not Application.objects.exists()


def test_the_case_api_keeps_line_breaks_in_the_description(api_for, owner):
    body = {**CASE, "product_name": "金佛山茶"}
    response = api_for(owner).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 201, response.content
    assert Application.objects.get().description == "第一行\r\n第二行"


def test_the_case_form_refuses_a_product_name_with_a_line_break(client_for, owner):
    body = {**CASE, "product_name": "茶\r\nBcc: x@example.com"}
    response = client_for(owner).post("/cases/new/", body)
    assert response.status_code == 400
    assert SINGLE_LINE_ERROR in response.content.decode()
    assert not Application.objects.exists()


def test_the_autosave_does_not_save_a_product_name_with_a_line_break(client_for, owner):
    case = ApplicationFactory(enterprise=owner.enterprise, product_name="旧名")
    response = client_for(owner).post(
        f"/cases/{case.pk}/autosave/", {**CASE, "product_name": "新\r\n名"}
    )
    assert response.status_code == 200
    assert response.json()["errors"]["product_name"] == [SINGLE_LINE_ERROR]
    assert Application.objects.get(pk=case.pk).product_name == "旧名"


def test_a_reason_with_a_control_character_is_400_and_changes_nothing(db, api_for, client_for):
    clerk = factories.bureau_staff("beijing", username="ctl-clerk")
    case = ApplicationFactory(bureau=clerk.bureau, enterprise__bureau=clerk.bureau)
    Application.objects.filter(pk=case.pk).update(state="submitted")
    response = api_for(clerk).post(
        f"/api/v1/applications/{case.pk}/transitions/return/",
        {"reason": "请补充\x1b[2J材料"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["reason"] == [MULTI_LINE_ERROR]
    page = client_for(clerk).post(f"/cases/{case.pk}/do/return/", {"reason": "请补充\x07材料"})
    assert page.status_code == 400
    assert MULTI_LINE_ERROR in page.content.decode()
    assert Application.objects.get(pk=case.pk).state == "submitted"
    assert not CaseHistory.objects.filter(application=case).exists()


def test_the_public_complaint_api_refuses_control_characters(db, api_client):
    response = api_client.post(
        "/api/v1/public/complaints/",
        {"content": "假冒\x1b产品", "contact_name": "张\r\n三"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["content"] == [MULTI_LINE_ERROR]
    assert body["contact_name"] == [SINGLE_LINE_ERROR]
    assert not Complaint.objects.exists()


# --- notices ---------------------------------------------------------------------------------


@pytest.fixture
def stored_case(db):
    """A submitted case whose product name got a line break before inputs were checked."""
    clerk = factories.bureau_staff("beijing", username="ctl-bureau")
    enterprise = factories.EnterpriseFactory(bureau=clerk.bureau, contact_email="ent@example.com")
    case = ApplicationFactory(enterprise=enterprise, product_name="茶\r\nBcc: x@example.com")
    Application.objects.filter(pk=case.pk).update(state="submitted")
    return clerk, case


def test_a_return_on_a_stored_name_with_a_line_break_sends_a_one_line_subject(
    client_for, stored_case, django_capture_on_commit_callbacks
):
    clerk, case = stored_case
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(clerk).post(f"/cases/{case.pk}/do/return/", {"reason": "请补充材料"})
    assert response.status_code == 302
    assert Application.objects.get(pk=case.pk).state == "returned"
    notice = Notice.objects.get(application=case)
    assert "\n" not in notice.title and "\r" not in notice.title
    assert notice.emailed_at is not None
    [message] = mail.outbox
    assert message.subject == "补正通知书（茶 Bcc: x@example.com）"
    assert message.to == ["ent@example.com"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_notice_never_turns_a_transition_into_an_error(api_for, stored_case, monkeypatch):
    """Committed for real: the notice is queued on commit, and its task (eager) raises."""
    clerk, case = stored_case

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(case_tasks.services, "notice_deliver", broken)
    response = api_for(clerk).post(
        f"/api/v1/applications/{case.pk}/transitions/return/",
        {"reason": "请补充材料"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert Application.objects.get(pk=case.pk).state == "returned"
    assert Notice.objects.filter(application=case, emailed_at__isnull=True).exists()
