"""What the apps' pages share: a domain error shown on the page with its status, a page with a
form whose POST goes to one service call (bind, validate, the service, a message, a redirect),
a record's page that posts one of several actions, the action page of a case's transition, and
one page of a long list without COUNT(*)."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .exceptions import Conflict, DomainError, NotPermitted


def error_status(error: DomainError) -> int:
    """The status of the page that shows a domain error."""
    if isinstance(error, NotPermitted):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 400


def show_error(request, form, error: DomainError) -> None:
    """The error as a message; what it says of a field, on that field (or on the whole form)."""
    messages.error(request, error.message)
    for field, field_messages in error.field_errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def form_page(request, form, *, call, success, then, page):
    """A page with a form (bound on POST). Anything but a POST: `page(200)`. A POST: the valid
    form's cleaned data goes to `call`, the service; if it succeeds, the `success` message (a
    string, or a function of the call's result) and `then(result)`, the redirect. Otherwise the
    page again: status 400 with the form's errors, or the domain error's status with the error
    (see show_error)."""
    if request.method != "POST":
        return page(200)
    if not form.is_valid():
        return page(400)
    try:
        result = call(form.cleaned_data)
    except DomainError as error:
        show_error(request, form, error)
        return page(error_status(error))
    messages.success(request, success(result) if callable(success) else success)
    return then(result)


def post_action(request, actions: dict, *, then):
    """A POST to a record's page naming one of its `actions` (the field `action`): each name maps
    to (its form bound to the POST, or None for a button; the call of the form's cleaned data,
    {} for a button, that does it through the service; the message that says it is done). Done:
    the message and `then()`, the redirect. Otherwise the status of the page to show again: 400
    for an unknown action (with a message) or an invalid form (its errors), or the domain
    error's status (the error as a message, on the form's fields if there is a form)."""
    name = request.POST.get("action")
    if name not in actions:
        messages.error(request, _("请求未能完成。"))
        return 400
    form, call, done = actions[name]
    if form is not None and not form.is_valid():
        return 400
    try:
        call(form.cleaned_data if form is not None else {})
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
        else:
            show_error(request, form, error)
        return error_status(error)
    messages.success(request, done)
    return then()


def action_page(request, form, *, rule, fire, then, page):
    """The page of one transition of a case (a confirmation with the fields it needs). `form` is
    None when the transition is not the user's to fire, whatever the state: `page(403)` says so,
    without a form, on any method. Otherwise as form_page: a valid POST calls `fire` with the
    fields filled in (an empty one is left out, for the service's default) and says the `rule`
    is done; the service checks again, under the row lock, what the state and the conditions
    allow (409)."""
    if form is None:
        messages.error(request, _("您无权对该案件执行此操作。"))
        return page(403)
    return form_page(
        request,
        form,
        call=lambda data: fire(**{k: v for k, v in data.items() if v not in (None, "")}),
        success=_("已完成：%(action)s。") % {"action": rule.label},
        then=then,
        page=page,
    )


def job_started(request, job):
    """The answer to a POST that started a background job (an export). The page's script
    (static/js/forms.js) asks for JSON and shows the job's progress in place, beside the button;
    without scripts the browser goes to the job's page, which shows its state."""
    if request.headers.get("Accept", "").split(",")[0].strip() == "application/json":
        return JsonResponse(
            {
                "id": job.pk,
                "url": reverse("accounts:job", args=[job.pk]),
                "status_url": reverse("accounts:job_status", args=[job.pk]),
                "progress_url": reverse("accounts:job_progress", args=[job.pk]),
            },
            status=202,
        )
    messages.info(request, _("导出任务已提交，完成后可在此页下载。"))
    return redirect("accounts:job", pk=job.pk)


def post_and_return(request, form, *, call, success: str, back):
    """A small form posted from another page (an upload on the case page): the valid form's
    cleaned data goes to `call`, the service; every form or domain error, field messages
    included, comes back as a message on `back`, the page it was posted from."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    try:
        call(form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        for field_messages in error.field_errors.values():
            for message in field_messages:
                messages.error(request, message)
    else:
        messages.success(request, success)
    return back


# The deepest row a list page reaches: beyond every list at national scale (1,000,000 cases),
# and far inside what an OFFSET can hold on SQLite and PostgreSQL (a 64-bit integer).
MAX_LIST_ROWS = 10_000_000


def list_page(queryset, number: str | None, *, size: int = 50) -> dict:
    """Page `number` of `queryset` for includes/more_pager.html ({"rows", "number", "has_next"}):
    one row more than shown is read to know whether there is a next, instead of counting every
    row (ADR 0006). What is not a whole number, or below 1, is the first page (as Django's
    paginator's get_page); a page past the end, or beyond any list, is 404. An unbounded number
    used to reach the database as an OFFSET it cannot hold (a 500)."""
    try:
        page = max(1, int(number or 1))
    except ValueError:
        page = 1
    if page > MAX_LIST_ROWS // size:
        raise Http404(_("没有这一页。"))
    rows = list(queryset[(page - 1) * size : page * size + 1])
    if page > 1 and not rows:
        raise Http404(_("没有这一页。"))
    return {"rows": rows[:size], "number": page, "has_next": len(rows) > size}
