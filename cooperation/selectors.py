"""Reads of the cooperation's tasks, scoped to who may see them: the members (regions.cooperation)
and the HQ departments the seed names as responsible units."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Role
from regions.cooperation import is_member, place_of

from .models import Task, Unit


def unit_codes_of(user) -> set[str]:
    """The units the user acts for: a place's bureau staff for 三地出入境检验检疫部门, its quality
    authority's for 三地质监部门, an HQ department's for itself (by its code)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.role == Role.HQ_DEPARTMENT and user.organisation_id:
        return set(Unit.objects.filter(code=user.organisation.code).values_list("code", flat=True))
    place = place_of(user)
    if place is None:
        return set()
    return {"jjj-quality" if user.role == Role.QUALITY_AUTHORITY else "jjj-ciq"}


def may_see_tasks(user) -> bool:
    return is_member(user) or bool(unit_codes_of(user))


def tasks_visible_to(user) -> QuerySet[Task]:
    if not may_see_tasks(user):
        return Task.objects.none()
    return Task.objects.prefetch_related(
        Prefetch("leads", queryset=Unit.objects.order_by("position", "pk")),
        Prefetch("participants", queryset=Unit.objects.order_by("position", "pk")),
    )


def tasks_filtered(
    *, user, section: int | None = None, unit: Unit | None = None, query: str = "", mine=False
) -> QuerySet[Task]:
    """The tasks `user` sees, by §三's heading, by a unit that leads or joins them, by words of
    their text, or only those of the user's own units."""
    tasks = tasks_visible_to(user)
    if section:
        tasks = tasks.filter(section=section)
    if unit is not None:
        tasks = tasks.filter(Q(leads=unit) | Q(participants=unit))
    if mine:
        codes = unit_codes_of(user)
        tasks = tasks.filter(Q(leads__code__in=codes) | Q(participants__code__in=codes))
    if query:
        tasks = tasks.filter(text__contains=query)
    return tasks.distinct().order_by("number")


def task_for(*, user, number: int) -> Task | None:
    return tasks_visible_to(user).filter(number=number).first()


def units() -> QuerySet[Unit]:
    return Unit.objects.order_by("position", "pk")
