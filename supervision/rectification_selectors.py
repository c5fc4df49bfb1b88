"""Reads of rectifications (整改) and follow-up inspections (跟进检查), scoped (ADR 0021): HQ all,
a bureau its jurisdiction's (the case's bureau), the enterprise of the case its own; nobody else
anything."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role

from .models import FollowUpInspection, Rectification, RectificationNotice


def rectifications_visible_to(*, user) -> QuerySet[Rectification]:
    rectifications = Rectification.objects.select_related(
        "application__enterprise", "application__bureau", "opened_by"
    )
    if not user.is_authenticated:
        return rectifications.none()
    if user.role == Role.HQ:
        return rectifications
    if user.role == Role.BUREAU:
        return rectifications.filter(application__bureau_id=user.bureau_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return rectifications.filter(application__enterprise_id=user.enterprise_id)
    return rectifications.none()


def overdue(*, today=None) -> Q:
    """Open past the deadline (a report before the bureau is not overdue)."""
    return Q(status=Rectification.Status.OPEN, deadline__lt=today or timezone.localdate())


def rectifications_overdue(rectifications: QuerySet, *, today=None) -> QuerySet:
    return rectifications.filter(overdue(today=today))


# A report waiting for the bureau's review.
TO_REVIEW = Q(status=Rectification.Status.SUBMITTED)


def rectifications_to_review(*, user) -> QuerySet[Rectification]:
    """Reports waiting for the user's own bureau."""
    if not user.is_authenticated or user.role != Role.BUREAU:
        return Rectification.objects.none()
    return rectifications_visible_to(user=user).filter(TO_REVIEW)


def rectifications_to_submit(*, user) -> QuerySet[Rectification]:
    """The enterprise's open rectifications (rejected ones included)."""
    if not user.is_authenticated or user.role != Role.ENTERPRISE:
        return Rectification.objects.none()
    return rectifications_visible_to(user=user).filter(status=Rectification.Status.OPEN)


def rectification_events(*, rectification: Rectification):
    return rectification.events.select_related("actor").order_by("at", "pk")


def rectification_notices(*, rectification: Rectification, user) -> QuerySet:
    """The notices of a rectification, for the enterprise it was sent to (and HQ, the bureau)."""
    notices = RectificationNotice.objects.filter(rectification=rectification)
    if (
        user.role == Role.ENTERPRISE
        and user.enterprise_id != rectification.application.enterprise_id
    ):
        return notices.none()
    return notices


def follow_ups_visible_to(*, user) -> QuerySet[FollowUpInspection]:
    """HQ all; a bureau those assigned to it. Enterprises learn of an inspection when it is
    carried out (§10 事先不通知): they see none while open, their own once recorded."""
    follow_ups = FollowUpInspection.objects.select_related(
        "application__enterprise", "application__bureau", "bureau", "complaint"
    )
    if not user.is_authenticated:
        return follow_ups.none()
    if user.role == Role.HQ:
        return follow_ups
    if user.role == Role.BUREAU:
        return follow_ups.filter(bureau_id=user.bureau_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return follow_ups.filter(
            application__enterprise_id=user.enterprise_id,
            status=FollowUpInspection.Status.RECORDED,
        )
    return follow_ups.none()


def follow_ups_to_record(*, user) -> QuerySet[FollowUpInspection]:
    if not user.is_authenticated or user.role != Role.BUREAU:
        return FollowUpInspection.objects.none()
    return follow_ups_visible_to(user=user).filter(status=FollowUpInspection.Status.OPEN)
