"""What the apps' pages share: a domain error shown on the page with its status, a page with a
form whose POST goes to one service call (bind, validate, the service, a message, a redirect),
and one page of a long list without COUNT(*)."""

from django.contrib import messages

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


def list_page(queryset, number: str | None, *, size: int = 50) -> dict:
    """Page `number` of `queryset` for includes/more_pager.html ({"rows", "number", "has_next"}):
    one row more than shown is read to know whether there is a next, instead of counting every
    row (ADR 0006)."""
    try:
        page = max(1, int(number or 1))
    except ValueError:
        page = 1
    rows = list(queryset[(page - 1) * size : page * size + 1])
    return {"rows": rows[:size], "number": page, "has_next": len(rows) > size}
