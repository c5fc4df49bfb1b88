"""Template filters of mutual recognition: whether the navigation shows the cooperation's entry."""

from django import template

from regions.cooperation import is_member

register = template.Library()


@register.filter
def cooperation_member(user) -> bool:
    """A member of the 京津冀 cooperation (regions.cooperation.is_member)."""
    return is_member(user)
