"""The count the navigation shows a local government's staff on every page: one small query."""

from accounts.models import Role

from . import selectors


def navigation_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role != Role.GOVERNMENT:
        return {}
    return {"unread_zone_notices": selectors.unread_notice_count(user=user)}
