"""Counts the navigation shows on every page: one small query for the roles that have one."""

from accounts.models import Role

from .models import Enterprise, Notice


def navigation_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.role == Role.ENTERPRISE:
        unread = Notice.objects.filter(enterprise_id=user.enterprise_id, read_at__isnull=True)
        return {"unread_notices": unread.count()}
    if user.role == Role.BUREAU:
        pending = Enterprise.objects.filter(
            bureau_id=user.bureau_id, confirmed_at__isnull=True, rejected_at__isnull=True
        )
        return {"pending_enterprises": pending.count()}
    return {}
