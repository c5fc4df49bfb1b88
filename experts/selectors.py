"""Every read of the expert committee (seed 000 §12), scoped to the user (see models.Expert for
who sees what)."""

from django.db.models import Q, QuerySet

from accounts.models import Role

from .models import Expert


def experts_visible_to(*, user) -> QuerySet[Expert]:
    """HQ: every recommendation. A bureau: the admitted experts of the whole committee, and its
    own recommendations whatever their status. Anyone else: none (an agency reads the roster of
    a case's category through `roster`, on the case's evaluation form)."""
    experts = Expert.objects.select_related("speciality", "bureau")
    if not user.is_authenticated:
        return experts.none()
    if user.role == Role.HQ:
        return experts
    if user.role == Role.BUREAU:
        return experts.filter(Q(status=Expert.Status.ADMITTED) | Q(bureau_id=user.bureau_id))
    return experts.none()


def may_read_confidential(*, expert: Expert, user) -> bool:
    """The contact details, the reason for recommending, the account and HQ's reason for
    declining: HQ and the recommending bureau only."""
    if not user.is_authenticated:
        return False
    return user.role == Role.HQ or (user.role == Role.BUREAU and user.bureau_id == expert.bureau_id)


def roster(*, category=None) -> QuerySet[Expert]:
    """专家委员会名录: the admitted experts, by speciality (分专业、分产品), of one category if
    given. Names, units, specialities and products only are for everyone who reads it."""
    experts = Expert.objects.filter(status=Expert.Status.ADMITTED).select_related(
        "speciality", "bureau"
    )
    if category is not None:
        experts = experts.filter(speciality=category)
    return experts.order_by("speciality_id", "name", "pk")


def recommendations_for(*, user) -> QuerySet[Expert]:
    """专家推荐 the user works on, newest first: HQ every recommendation, a bureau its own.
    Anyone else: none."""
    experts = experts_visible_to(user=user)
    if user.is_authenticated and user.role == Role.BUREAU:
        experts = experts.filter(bureau_id=user.bureau_id)
    return experts.order_by("-recommended_at", "-pk")


def account_candidates_for(*, user):
    """The portal accounts a bureau may name as the expert's own: its active experts and
    inspectors (those the inspector pool takes)."""
    from accounts.models import User

    if not user.is_authenticated or user.role != Role.BUREAU:
        return User.objects.none()
    return User.objects.filter(
        role__in=[Role.EXPERT, Role.INSPECTOR], bureau_id=user.bureau_id, is_active=True
    ).order_by("username")


def recommendations_to_decide(*, user) -> QuerySet[Expert]:
    """Recommendations waiting for HQ to admit or decline them (HQ's to-do); none for anyone
    else."""
    if not user.is_authenticated or user.role != Role.HQ:
        return Expert.objects.none()
    return experts_visible_to(user=user).filter(status=Expert.Status.RECOMMENDED)
