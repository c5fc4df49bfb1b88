"""Template filters of the 京津冀 cooperation: whether the navigation shows its entry."""

from django import template

from cooperation.selectors import may_see_tasks

register = template.Library()


@register.filter
def cooperation_reader(user) -> bool:
    """A member, or an HQ department the seed names as a unit of a task (it plans on them)."""
    return may_see_tasks(user)
