"""Reads of the organisation data. `bureaus_in_scope` / `zones_in_scope` say, for any user, whose
data it may see; every later list (cases, supervision, summaries, rankings) is built on them."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Role

from .models import Bureau, Zone, ZoneMembership


def bureaus_in_scope(*, user) -> QuerySet[Bureau]:
    """Bureaus whose cases and figures the user may see.

    HQ: all 35. A bureau user: its own bureau, plus, for a zone lead, every bureau of the zones
    it leads (read-only per-bureau data). Enterprises, agencies, inspectors and experts: none
    (they see their own records, or only the inspections they were drawn for).
    """
    if not user.is_authenticated:
        return Bureau.objects.none()
    if user.role == Role.HQ:
        return Bureau.objects.all()
    if user.role == Role.BUREAU:
        zone_members = ZoneMembership.objects.filter(zone_id__in=user.led_zone_ids)
        return Bureau.objects.filter(
            Q(pk=user.bureau_id) | Q(pk__in=zone_members.values("bureau_id"))
        )
    return Bureau.objects.none()


def zones_in_scope(*, user) -> QuerySet[Zone]:
    """Zones whose aggregates the user may see: HQ all; a bureau user the zones its bureau sits in."""
    if not user.is_authenticated:
        return Zone.objects.none()
    if user.role == Role.HQ:
        return Zone.objects.all()
    if user.role == Role.BUREAU:
        seats = ZoneMembership.objects.filter(bureau_id=user.bureau_id)
        return Zone.objects.filter(pk__in=seats.values("zone_id"))
    return Zone.objects.none()


def zone_directory() -> QuerySet[Zone]:
    """Zones with their lead and member bureaus, in two queries whatever the size."""
    return Zone.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=ZoneMembership.objects.select_related("bureau").order_by("role", "pk"),
        )
    )


def bureau_directory() -> QuerySet[Bureau]:
    """Bureaus with their zone seats, in two queries whatever the size."""
    return Bureau.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=ZoneMembership.objects.select_related("zone").order_by("zone_id"),
        )
    )


def summaries_visible_to(*, user, year: int | None = None):
    """年度总结: a bureau its own, a zone lead also its zones' bureaus, HQ all."""
    from .models import AnnualSummary

    summaries = AnnualSummary.objects.select_related("bureau", "submitted_by")
    if year is not None:
        summaries = summaries.filter(year=year)
    return summaries.filter(bureau__in=bureaus_in_scope(user=user))


def may_see_rankings(*, user) -> bool:
    """HQ and bureaus see rankings; enterprises, agencies and inspectors do not."""
    return user.is_authenticated and user.role in (Role.HQ, Role.BUREAU)


def ranking_entries(*, year: int, scope: str):
    from .models import RankingEntry

    entries = RankingEntry.objects.filter(ranking__year=year).select_related(
        "bureau", "zone", "ranking__weighting"
    )
    if scope == "zone":
        return entries.filter(zone__isnull=False).order_by("rank", "zone__pk")
    return entries.filter(bureau__isnull=False).order_by("rank", "bureau__pk")
