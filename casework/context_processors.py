"""The navigation's counts on every page: the waiting work of casework.todo, per entry
(`todo_nav`), and the counts some pages name (`unread_notices` …: TodoKind.context_name). Kept
per user for a short while (casework.todo.CACHE_SECONDS): no query on most pages.

`navigation_key` names everything the signed-in header of base.html shows (who the user is,
their counts): the header is kept rendered under it, per language and page (base.html's
`{% cache %}`), since rendering it cost a page with no content two thirds of its time."""

from . import todo

# How long a rendered header is kept: its key changes whenever what it shows changes.
NAVIGATION_SECONDS = 600


def navigation_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    kinds = todo.kinds_for(user)
    counts = todo.counts_for(user, request=request) if kinds else {}
    context = {
        "navigation_seconds": NAVIGATION_SECONDS,
        "navigation_key": _navigation_key(user, counts),
    }
    if not kinds:
        return context
    context["todo_nav"] = todo.navigation(user, kinds=kinds, counts=counts)
    for _source, kind in kinds:
        if kind.context_name:
            context[kind.context_name] = counts.get(kind.code, 0)
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
