"""The navigation's counts on every page: the waiting work of casework.todo, per entry
(`todo_nav`), and the counts some pages name (`unread_notices` …: TodoSource.context_names). Kept
per user for a short while (casework.todo.CACHE_SECONDS): no query on most pages.

`navigation_key` names everything the signed-in header of base.html shows (who the user is,
their counts): the header is kept rendered under it, per language and page (`{% signed_in_header
%}`, casework.templatetags.navigation), since rendering it cost a page with no content two thirds
of its time."""

from django.utils.functional import SimpleLazyObject

from . import todo

# How long a rendered header is kept: its key changes whenever what it shows changes.
NAVIGATION_SECONDS = 600


def navigation_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = todo.counts_for(user, request=request)
    context = {
        "navigation_seconds": NAVIGATION_SECONDS,
        "navigation_key": _navigation_key(user, counts),
        # Worked out only where a page renders it: a kept header does not (the kinds behind
        # the entries are a dozen objects built per source).
        "todo_nav": SimpleLazyObject(lambda: todo.navigation(user, counts=counts)),
    }
    for source in todo.sources():
        for name, code in source.context_names.items():
            context[name] = counts.get(code, 0)
    return context


def _navigation_key(user, counts: dict) -> str:
    """What the signed-in header depends on besides the language and the page: a change to the
    user's name, role, staff flag, zone lead, bureau or organisation (the 京津冀 cooperation's
    entry follows them), or to any count, is a new key."""
    waiting = ",".join(f"{code}={n}" for code, n in sorted(counts.items()) if n)
    return (
        f"{user.pk}|{user.username}|{user.get_full_name()}|{user.role}|{user.is_staff:d}"
        f"|{user.is_zone_lead:d}|{user.bureau_id}|{user.organisation_id}|{waiting}"
    )
