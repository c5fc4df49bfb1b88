"""After a signed-in user's write (any request but GET, HEAD, OPTIONS), their kept to-do counts
are dropped, so the page they go to next counts what their write changed (casework.todo)."""

from . import todo

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class ForgetTodoCountsOnWrite:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # Read after the view: the API authenticates its caller (a token) in the view.
            todo.forget(getattr(request, "user", None))
        return response
