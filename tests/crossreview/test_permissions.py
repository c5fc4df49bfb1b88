"""Who may do and see what in 互查互评 (written first): one test per allowed and per refused actor.

- HQ (the leading group office) opens a round, sets its standard and fires every transition;
- a place's bureau clerk or quality authority enters its own place's case files;
- only the drawn reviewer scores a case file;
- a round and its standard: every member; a case file and its review while the round runs: HQ,
  the case's own place, its reviewer; once closed: every member; outsiders never."""

import pytest
from django.contrib.auth.models import AnonymousUser

from casework.exceptions import TransitionForbidden
from crossreview import selectors, services
from crossreview.models import Review, ReviewCriterion, ReviewedCase, ReviewRound
from crossreview.programme import CROSSREVIEW
from crossreview.workflow import State
from ecoorigin.exceptions import NotPermitted
from regions.cooperation import place_of

from .conftest import PLACES, case_values, full_marks, review_all, year

PLACE_STAFF = [f"{code}_{role}" for code in PLACES for role in ("bureau", "inspector", "authority")]
MEMBERS = [*PLACE_STAFF, "renjianwei", "biaozhunwei", "hq"]
OUTSIDERS = ["jiangsu_bureau", "jiangsu_authority", "enterprise", "agency"]
ACTORS = [*MEMBERS, *OUTSIDERS, "anonymous"]
SIGNED_IN = ACTORS[:-1]
ENTERERS = {f"{code}_{role}" for code in PLACES for role in ("bureau", "authority")}


def _user(actors, name):
    return actors[name] or AnonymousUser()


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_opens_a_round(actors, actor):
    if actor == "hq":
        made = services.round_open(actor=actors[actor], year=year(), title="互查互评")
        assert (made.state, made.created_by) == (State.DRAFT, actors["hq"])
    else:
        with pytest.raises(NotPermitted):
            services.round_open(actor=actors[actor], year=year(), title="互查互评")
        assert not ReviewRound.objects.exists()


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_sets_the_standard(actors, draft_round, actor):
    criterion = draft_round.criteria.first()
    if actor == "hq":
        services.criterion_remove(actor=actors[actor], criterion=criterion)
        services.criterion_add(actor=actors[actor], round_=draft_round, text="新条目", weight=20)
        assert ReviewCriterion.objects.filter(round=draft_round, text="新条目").exists()
    else:
        with pytest.raises(NotPermitted):
            services.criterion_add(actor=actors[actor], round_=draft_round, text="x", weight=1)
        with pytest.raises(NotPermitted):
            services.criterion_remove(actor=actors[actor], criterion=criterion)
        assert draft_round.criteria.count() == 3


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_enters_case_files(actors, agreed_round, actor):
    if actor in ENTERERS:
        # The place is the actor's, whatever is sent.
        made = services.case_enter(
            actor=actors[actor], round_=agreed_round, **case_values(), place="hebei"
        )
        assert made.place == actor.split("_")[0] == place_of(actors[actor])
        assert made.entered_by == actors[actor]
    else:
        with pytest.raises(NotPermitted):
            services.case_enter(actor=actors[actor], round_=agreed_round, **case_values())
        assert not ReviewedCase.objects.exists()


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_takes_a_case_file_back(actors, entered, actor):
    case = entered["tianjin"]  # entered by Tianjin's quality authority
    if actor in ("tianjin_bureau", "tianjin_authority"):
        services.case_remove(actor=actors[actor], case=case)
        assert not ReviewedCase.objects.filter(pk=case.pk).exists()
    else:
        with pytest.raises(NotPermitted):
            services.case_remove(actor=actors[actor], case=case)
        assert ReviewedCase.objects.filter(pk=case.pk).exists()


@pytest.mark.parametrize("name", ["agree", "assign", "close"])
@pytest.mark.parametrize("actor", SIGNED_IN)
def test_who_fires_the_rounds_transitions(actors, draft_round, actor, name):
    """Each transition from the state it leaves, everything else ready: HQ only."""
    round_ = draft_round
    hq = actors["hq"]
    if name in ("assign", "close"):
        round_ = services.round_agree(round_=round_, actor=hq)
        services.case_enter(actor=actors["beijing_bureau"], round_=round_, **case_values())
    if name == "close":
        round_ = services.round_assign(round_=round_, actor=hq)
        review_all(round_)
    before = round_.history.count()
    if actor == "hq":
        assert CROSSREVIEW.transitions_for(case=round_, actor=hq) == [name]
        done = services.round_transition(
            round_=round_, name=name, actor=hq, reason="领导小组办公室决定。"
        )
        row = done.history.order_by("pk").last()
        assert (row.transition, row.actor, row.reason) == (name, hq, "领导小组办公室决定。")
    else:
        assert CROSSREVIEW.transitions_for(case=round_, actor=actors[actor]) == []
        with pytest.raises(TransitionForbidden):
            services.round_transition(round_=round_, name=name, actor=actors[actor])
        assert ReviewRound.objects.get(pk=round_.pk).state == round_.state
        assert round_.history.count() == before


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_a_round(actors, draft_round, actor):
    seen = selectors.rounds_visible_to(user=_user(actors, actor)).filter(pk=draft_round.pk)
    assert seen.exists() is (actor in MEMBERS)


def _sees(actors, actor, case) -> bool:
    return selectors.cases_visible_to(user=_user(actors, actor)).filter(pk=case.pk).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_a_case_file_and_its_review_while_the_round_runs(
    actors, assigned_round, entered, actor
):
    case = entered["hebei"]
    reviewer = case.reviewer
    services.review_submit(actor=reviewer, case=case, scores=full_marks(assigned_round))
    user = _user(actors, actor)
    allowed = actor == "hq" or actor.startswith("hebei_") or user == reviewer
    assert _sees(actors, actor, case) is allowed
    if allowed:
        seen = selectors.cases_visible_to(user=user).get(pk=case.pk)
        assert seen.review.total == 100  # the scores and findings go back to Hebei


@pytest.mark.parametrize("actor", ACTORS)
def test_every_member_sees_everything_once_closed(actors, assigned_round, entered, actor):
    review_all(assigned_round)
    services.round_close(round_=assigned_round, actor=actors["hq"])
    for case in entered.values():
        assert _sees(actors, actor, case) is (actor in MEMBERS)
    round_ = ReviewRound.objects.get(pk=assigned_round.pk)
    assert selectors.results_visible(round_=round_, user=_user(actors, actor)) is (actor in MEMBERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_the_comparison_before_the_close_is_hqs(actors, assigned_round, actor):
    user = _user(actors, actor)
    assert selectors.results_visible(round_=assigned_round, user=user) is (actor == "hq")


def test_no_member_sees_the_comparison_before_the_assignment(actors, agreed_round):
    for name in MEMBERS:
        assert not selectors.results_visible(round_=agreed_round, user=actors[name])


def test_the_reviewer_is_known_to_the_reviewed_place_once_the_review_is_in(
    actors, assigned_round, entered
):
    case = entered["beijing"]
    clerk = actors["beijing_bureau"]
    seen = selectors.cases_visible_to(user=clerk).get(pk=case.pk)
    assert not selectors.reviewer_shown(case=seen, user=clerk)
    assert selectors.reviewer_shown(case=seen, user=actors["hq"])
    assert selectors.reviewer_shown(case=seen, user=case.reviewer)
    services.review_submit(actor=case.reviewer, case=case, scores=full_marks(assigned_round))
    seen = selectors.cases_visible_to(user=clerk).get(pk=case.pk)
    assert selectors.reviewer_shown(case=seen, user=clerk)


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_only_the_drawn_reviewer_scores(actors, assigned_round, entered, actor):
    case = entered["tianjin"]
    if actors[actor] == case.reviewer:
        review = services.review_submit(
            actor=actors[actor], case=case, scores=full_marks(assigned_round)
        )
        assert (review.reviewer, review.total) == (actors[actor], 100)
    else:
        with pytest.raises(NotPermitted):
            services.review_submit(
                actor=actors[actor], case=case, scores=full_marks(assigned_round)
            )
        assert not Review.objects.exists()
