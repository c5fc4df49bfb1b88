"""Every read of demonstration zones, scoped to what the reader may see."""

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from accounts.models import Role

from .models import AssessmentStandard, DemonstrationZone, ZoneDocument, ZoneHistory
from .workflow import Level, State

PUBLIC_STATES = (State.DESIGNATED, State.WITHDRAWN)


def zones_visible_to(*, user) -> QuerySet[DemonstrationZone]:
    """HQ: every zone; a bureau: the zones in its jurisdiction; a local government's staff: its
    own applications. Nobody else sees an application before it is public."""
    zones = DemonstrationZone.objects.select_related("applicant", "bureau")
    if not user.is_authenticated:
        return zones.none()
    if user.role == Role.HQ:
        return zones
    if user.role == Role.BUREAU:
        return zones.filter(bureau_id=user.bureau_id)
    if user.role == Role.GOVERNMENT:
        return zones.filter(applicant_id=user.organisation_id)
    return zones.none()


def public_zones() -> QuerySet[DemonstrationZone]:
    """示范区名录: designated zones and withdrawn titles with the reason; nothing confidential."""
    return (
        DemonstrationZone.objects.filter(state__in=PUBLIC_STATES)
        .select_related("applicant", "bureau")
        .order_by("-designated_at", "-pk")
    )


def zone_for_verification(*, number: str) -> DemonstrationZone | None:
    return public_zones().filter(number=number).first()


def documents_of(*, zone: DemonstrationZone, user) -> QuerySet[ZoneDocument]:
    if not zones_visible_to(user=user).filter(pk=zone.pk).exists():
        return ZoneDocument.objects.none()
    return zone.documents.select_related("uploaded_by")


def waiting_for(*, user) -> Q:
    """The zones that wait for `user`'s next step: a local government's drafts and applications
    returned for revision; a bureau's applications to recommend (or return) and the provincial
    zones it assesses; HQ's recommended, assessing and assessed national zones."""
    if user.role == Role.GOVERNMENT:
        return Q(state__in=[State.DRAFT, State.RETURNED])
    if user.role == Role.BUREAU:
        return Q(state=State.SUBMITTED) | Q(
            level=Level.PROVINCIAL, state__in=[State.ASSESSING, State.ASSESSED]
        )
    if user.role == Role.HQ:
        return Q(
            level=Level.NATIONAL,
            state__in=[State.RECOMMENDED, State.ASSESSING, State.ASSESSED],
        )
    return Q(pk__in=[])


def worklist(*, user, state: str = "", level: str = "") -> QuerySet[DemonstrationZone]:
    """The zones `user` sees, those waiting for them first (`waiting`), then the newest first."""
    zones = zones_visible_to(user=user)
    if state:
        zones = zones.filter(state=state)
    if level:
        zones = zones.filter(level=level)
    return zones.annotate(
        waiting=Case(
            When(waiting_for(user=user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-waiting", "-pk")


def standards_visible_to(*, user) -> QuerySet[AssessmentStandard]:
    """省级示范区评估标准: a bureau's own versions; HQ every bureau's."""
    standards = AssessmentStandard.objects.select_related("bureau", "published_by")
    if not user.is_authenticated:
        return standards.none()
    if user.role == Role.HQ:
        return standards.order_by("bureau_id", "-version")
    if user.role == Role.BUREAU:
        return standards.filter(bureau_id=user.bureau_id).order_by("-version")
    return standards.none()


def zone_history(*, zone: DemonstrationZone) -> QuerySet[ZoneHistory]:
    """流转记录 of a zone the reader sees, oldest first."""
    return zone.history.select_related("actor").order_by("pk")
