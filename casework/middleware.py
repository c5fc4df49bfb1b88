"""After a signed-in user's write (any request but GET, HEAD, OPTIONS), their kept to-do counts
are dropped, so the page they go to next counts what their write changed (casework.todo): those
of the sources written through the page's URL namespace, or all for a page without one (the API,
the language switch)."""

from . import todo

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class ForgetTodoCountsOnWrite:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # Read after the view: the API authenticates its caller (a token) in the view.
            match = getattr(request, "resolver_match", None)
            todo.forget(
                getattr(request, "user", None),
                namespace=match.namespaces[0] if match and match.namespaces else None,
            )
        return response
