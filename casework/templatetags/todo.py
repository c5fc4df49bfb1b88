"""The to-do at the top of every role's landing page (casework.todo)."""

from django import template

from .. import todo

register = template.Library()


@register.inclusion_tag("includes/todo.html", takes_context=True)
def todo_card(context):
    """待办事项: each kind of the user's waiting work with its count, its most urgent items
    (deadline, working days left, overdue marked) and a link to the worklist filtered to it.
    Counts afresh: a constant number of queries, one more per kind with work waiting."""
    request = context["request"]
    if not todo.kinds_for(request.user):
        return {"hidden": True}
    return todo.todo_list(request.user, request=request)
