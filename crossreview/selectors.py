"""Every read of 互查互评, scoped to the reader, written once for pages and API.

Who sees what (tests/crossreview/test_permissions.py):
- a round, its standard, its state and history: every member of the cooperation (the three
  places' staff, 认监委, 标准委, HQ); nobody else;
- a case file and its review while the round runs: HQ (which leads it); the case's own place
  (its scores and findings come back to it once submitted); its reviewer;
- everything once the round is closed: every member, with the comparison of the three places
  and the assignment's data (HQ sees both from the assignment on).
A review exists only once submitted, so whoever sees a case sees its review if there is one."""

from django.db.models import Avg, Count, Q, QuerySet

from accounts.models import Role, User
from regions.cooperation import PLACE_LABELS, PLACES, is_member, place_of

from .models import Review, ReviewedCase, ReviewRound, ReviewRoundHistory, ReviewScore
from .workflow import State


def rounds_visible_to(*, user) -> QuerySet[ReviewRound]:
    rounds = ReviewRound.objects.select_related("created_by")
    return rounds if is_member(user) else rounds.none()


def cases_visible_to(*, user) -> QuerySet[ReviewedCase]:
    cases = ReviewedCase.objects.select_related(
        "round", "entered_by", "reviewer", "review", "review__reviewer"
    )
    if not is_member(user):
        return cases.none()
    if user.role == Role.HQ:
        return cases
    visible = Q(round__state=State.CLOSED)
    place = place_of(user)
    if place is not None:
        visible |= Q(place=place) | Q(reviewer=user)
    return cases.filter(visible)


def cases_of_round(*, user, round_: ReviewRound) -> QuerySet[ReviewedCase]:
    return cases_visible_to(user=user).filter(round=round_).order_by("place", "pk")


def assigned_to(*, user) -> QuerySet[ReviewedCase]:
    """The case files drawn for `user` to review, the latest round first."""
    return cases_visible_to(user=user).filter(reviewer=user).order_by("-round__year", "pk")


def reviewer_shown(*, case: ReviewedCase, user) -> bool:
    """Who reviews a case is known to HQ and the reviewer; to the others who see the case once
    the review is in (so that nobody leans on a reviewer before)."""
    return user.role == Role.HQ or case.reviewer_id == user.pk or hasattr(case, "review")


def results_visible(*, round_: ReviewRound, user) -> bool:
    """The comparison and the assignment's data (seed, lists, who reviews what): HQ from the
    assignment on, every member once the round is closed."""
    if not is_member(user):
        return False
    if user.role == Role.HQ:
        return round_.state in (State.ASSIGNED, State.CLOSED)
    return round_.state == State.CLOSED


def reviewer_pool() -> list[tuple[int, str]]:
    """The reviewers an assignment draws from, by user id: the active staff of the three places
    (bureau clerks, inspectors, quality authorities), each with their place, as place_of says."""
    staff = Q(role__in=(Role.BUREAU, Role.INSPECTOR), bureau__code__in=PLACES) | Q(
        role=Role.QUALITY_AUTHORITY,
        organisation__is_active=True,
        organisation__bureau__code__in=PLACES,
    )
    rows = (
        User.objects.filter(staff, is_active=True)
        .order_by("pk")
        .values_list("pk", "role", "bureau__code", "organisation__bureau__code")
    )
    return [
        (pk, organisation_place if role == Role.QUALITY_AUTHORITY else bureau_place)
        for pk, role, bureau_place, organisation_place in rows
    ]


def _average(value) -> float | None:
    return None if value is None else round(float(value), 1)


def comparison(*, round_: ReviewRound) -> dict:
    """三地对比: per place, the case files entered and reviewed, the average total, and the average
    score of each criterion; in four queries whatever the number of cases."""
    criteria = list(round_.criteria.order_by("position"))
    entered = dict(
        ReviewedCase.objects.filter(round=round_)
        .values_list("place")
        .annotate(n=Count("pk"))
        .values_list("place", "n")
        .order_by()
    )
    totals = {
        row["case__place"]: row
        for row in Review.objects.filter(case__round=round_)
        .values("case__place")
        .annotate(n=Count("pk"), average=Avg("total"))
        .order_by()
    }
    scores = {
        (row["review__case__place"], row["criterion_id"]): row["average"]
        for row in ReviewScore.objects.filter(review__case__round=round_)
        .values("review__case__place", "criterion_id")
        .annotate(average=Avg("score"))
        .order_by()
    }
    places = [
        {
            "place": place,
            "label": PLACE_LABELS[place],
            "entered": entered.get(place, 0),
            "reviewed": totals.get(place, {}).get("n", 0),
            "average": _average(totals.get(place, {}).get("average")),
            "criteria": [
                {
                    "criterion": criterion.pk,
                    "weight": criterion.weight,
                    "average": _average(scores.get((place, criterion.pk))),
                }
                for criterion in criteria
            ],
        }
        for place in PLACES
    ]
    rows = [
        {"criterion": criterion, "averages": [p["criteria"][i]["average"] for p in places]}
        for i, criterion in enumerate(criteria)
    ]
    return {"places": places, "rows": rows}


def round_history(*, round_: ReviewRound) -> QuerySet[ReviewRoundHistory]:
    return round_.history.select_related("actor").order_by("pk")


def scores_of(*, review: Review) -> QuerySet[ReviewScore]:
    return review.scores.select_related("criterion").order_by("criterion__position")
