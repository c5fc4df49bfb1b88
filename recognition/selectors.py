"""Every read of mutual recognition, scoped to the reader, written once for pages, API and
exports.

The cooperation's members see every recognition (the point of 一地获批，三地通用): the three
places' bureau clerks, inspectors and quality authorities, 认监委 and 标准委, and HQ. An
enterprise user sees the recognitions it holds, by its 统一社会信用代码. Nobody else sees any."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from regions.cooperation import PLACES, is_member

from .models import Recognition, RecognitionHistory
from .workflow import Kind, State, Status


def _own_uscc(user) -> str | None:
    if not user.is_authenticated or user.role != Role.ENTERPRISE or user.enterprise_id is None:
        return None
    return user.enterprise.uscc


def recognitions_visible_to(*, user) -> QuerySet[Recognition]:
    recognitions = Recognition.objects.select_related(
        "granting_bureau", "granting_authority", "recorded_by"
    )
    if not getattr(user, "is_authenticated", False):
        return recognitions.none()
    if is_member(user):
        return recognitions
    own = _own_uscc(user)
    if own:
        return recognitions.filter(holder_uscc=own)
    return recognitions.none()


def with_status(recognitions: QuerySet[Recognition], status: str) -> QuerySet[Recognition]:
    today = timezone.localdate()
    if status == Status.WITHDRAWN:
        return recognitions.filter(state=State.WITHDRAWN)
    if status == Status.EXPIRED:
        return recognitions.filter(state=State.IN_FORCE, valid_until__lt=today)
    if status == Status.IN_FORCE:
        return recognitions.filter(state=State.IN_FORCE).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    return recognitions


def searched(recognitions: QuerySet[Recognition], query: str) -> QuerySet[Recognition]:
    """By holder name (contains) or 统一社会信用代码 (exact, any case)."""
    query = (query or "").strip()
    if not query:
        return recognitions
    return recognitions.filter(Q(holder_name__icontains=query) | Q(holder_uscc=query.upper()))


def recognitions_filtered(
    *, user, query: str = "", kind: str = "", place: str = "", status: str = ""
) -> QuerySet[Recognition]:
    """What `user` sees, searched and filtered, newest first: the list page and the API."""
    recognitions = searched(recognitions_visible_to(user=user), query)
    if kind in Kind.values:
        recognitions = recognitions.filter(kind=kind)
    if place in PLACES:
        recognitions = recognitions.filter(place=place)
    return with_status(recognitions, status).order_by("-pk")


def recognition_history(*, recognition: Recognition) -> QuerySet[RecognitionHistory]:
    return recognition.history.select_related("actor").order_by("pk")
