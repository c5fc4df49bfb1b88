"""The form page the apps share (ecoorigin/views.py): bind, validate, the service, a message and a
redirect; or the page again with the status of what went wrong."""

from django import forms
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from ecoorigin.exceptions import Conflict, NotPermitted
from ecoorigin.views import form_page


class NameForm(forms.Form):
    name = forms.CharField()


def submit(method="post", data=None, *, call=None, success="已保存。"):
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = CookieStorage(request)
    form = NameForm(request.POST if method == "post" else None)
    response = form_page(
        request,
        form,
        call=call or (lambda data: data["name"].upper()),
        success=success,
        then=lambda result: HttpResponseRedirect(f"/{result}/"),
        page=lambda status: HttpResponse(status=status),
    )
    return response, form, [str(m) for m in request._messages]


def test_a_get_shows_the_page():
    response, form, shown = submit("get")
    assert response.status_code == 200 and not form.is_bound and shown == []


def test_an_invalid_form_is_shown_again_with_400_and_the_service_is_not_called():
    def call(data):
        raise AssertionError("not called")

    response, form, shown = submit(call=call)
    assert response.status_code == 400 and "name" in form.errors and shown == []


def test_a_refusal_is_shown_with_its_status_and_on_the_field_it_names():
    def refuse(data):
        raise Conflict("已被他人处理。", field_errors={"name": ["重名。"], "other": ["另有一处。"]})

    response, form, shown = submit(data={"name": "x"}, call=refuse)
    assert response.status_code == 409
    assert shown == ["已被他人处理。"]
    assert form.errors == {"name": ["重名。"], "__all__": ["另有一处。"]}

    def forbid(data):
        raise NotPermitted()

    assert submit(data={"name": "x"}, call=forbid)[0].status_code == 403


def test_success_says_so_and_redirects_by_the_result():
    response, _form, shown = submit(data={"name": "x"}, success=lambda result: f"{result} 已保存。")
    assert response.status_code == 302 and response["Location"] == "/X/"
    assert shown == ["X 已保存。"]


# --- a small form posted from another page: every outcome is a message on that page ---------


def post_from_page(data, call):
    from ecoorigin.views import post_and_return

    request = RequestFactory().post("/", data)
    request._messages = CookieStorage(request)
    back = HttpResponseRedirect("/case/")
    response = post_and_return(
        request, NameForm(request.POST), call=call, success="已保存。", back=back
    )
    return response, [str(m) for m in request._messages]


def test_posted_from_a_page_success_is_a_message_there():
    calls = []
    response, shown = post_from_page({"name": "茶"}, calls.append)
    assert response["Location"] == "/case/" and shown == ["已保存。"]
    assert calls == [{"name": "茶"}]


def test_posted_from_a_page_form_errors_are_messages_and_the_service_is_not_called():
    def call(data):
        raise AssertionError("not called")

    response, shown = post_from_page({}, call)
    assert response["Location"] == "/case/" and shown == ["该字段是必填项。"]


def test_posted_from_a_page_a_domain_error_and_its_field_messages_are_messages():
    def call(data):
        raise Conflict("已被他人处理。", field_errors={"name": ["名称有误。"]})

    response, shown = post_from_page({"name": "茶"}, call)
    assert response["Location"] == "/case/" and shown == ["已被他人处理。", "名称有误。"]
