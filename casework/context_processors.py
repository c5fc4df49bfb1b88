"""The navigation's counts on every page: the waiting work of casework.todo, per entry
(`todo_nav`), and the counts some pages name (`unread_notices` …: TodoKind.context_name). Kept
per user for a short while (casework.todo.CACHE_SECONDS): no query on most pages."""

from . import todo


def navigation_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    kinds = todo.kinds_for(user)
    if not kinds:
        return {}
    counts = todo.counts_for(user, request=request)
    context = {"todo_nav": todo.navigation(user, kinds=kinds, counts=counts)}
    for _source, kind in kinds:
        if kind.context_name:
            context[kind.context_name] = counts.get(kind.code, 0)
    return context
