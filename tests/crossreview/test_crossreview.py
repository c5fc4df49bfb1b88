"""The round's life (one test per refused transition), the standard frozen once agreed, the
case files accepted only before the assignment, the assignment (never the case's own place,
balanced, re-run from its recorded seed), the scoring's checks, the comparison's figures, and
the demo data."""

import hashlib
from collections import Counter

import pytest

from casework.exceptions import TransitionNotAllowed
from crossreview import assignment, demo, selectors, services
from crossreview.models import Review, ReviewedCase, ReviewRound, ReviewRoundHistory
from crossreview.workflow import State
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from regions.cooperation import place_of
from tests import factories

from .conftest import PLACES, authority, case_values, full_marks, review_all, year

pytestmark = pytest.mark.django_db


def _unchanged(round_: ReviewRound, state: str) -> None:
    assert ReviewRound.objects.get(pk=round_.pk).state == state


# The round's life --------------------------------------------------------------------------


def test_a_round_from_draft_to_closed_writes_its_history(actors, assigned_round):
    review_all(assigned_round)
    closed = services.round_close(round_=assigned_round, actor=actors["hq"], reason="评查完毕。")
    assert closed.state == State.CLOSED and closed.closed_at is not None
    rows = list(ReviewRoundHistory.objects.filter(round=closed).order_by("pk"))
    assert [(r.transition, r.from_state, r.to_state) for r in rows] == [
        ("agree", "draft", "agreed"),
        ("assign", "agreed", "assigned"),
        ("close", "assigned", "closed"),
    ]
    assert all(row.actor == actors["hq"] for row in rows)
    assert rows[2].reason == "评查完毕。"
    # The agreed standard and the draw are on record.
    assert rows[0].data["standard"] == [
        ["主体认定和管辖", 20],
        ["事实认定和证据", 40],
        ["执法程序", 40],
    ]
    assert len(closed.seed) == 64
    assert rows[1].data["seed_sha256"] == hashlib.sha256(bytes.fromhex(closed.seed)).hexdigest()
    assert rows[1].data["snapshot_sha256"] == assignment.snapshot_digest(closed.snapshot)


def test_agree_is_refused_unless_the_weights_make_100(actors, draft_round):
    services.criterion_remove(actor=actors["hq"], criterion=draft_round.criteria.last())
    with pytest.raises(TransitionNotAllowed, match="100"):
        services.round_agree(round_=draft_round, actor=actors["hq"])
    _unchanged(draft_round, State.DRAFT)
    assert not draft_round.history.exists()


def test_agree_is_refused_without_a_standard(actors):
    round_ = services.round_open(actor=actors["hq"], year=year(), title="互查互评")
    with pytest.raises(TransitionNotAllowed):
        services.round_agree(round_=round_, actor=actors["hq"])
    _unchanged(round_, State.DRAFT)


def test_agree_twice_is_refused(actors, agreed_round):
    with pytest.raises(TransitionNotAllowed):
        services.round_agree(round_=agreed_round, actor=actors["hq"])


def test_assign_is_refused_from_the_draft(actors, draft_round):
    with pytest.raises(TransitionNotAllowed):
        services.round_assign(round_=draft_round, actor=actors["hq"])
    _unchanged(draft_round, State.DRAFT)


def test_assign_is_refused_without_case_files(actors, agreed_round):
    with pytest.raises(TransitionNotAllowed, match="尚未报送案卷"):
        services.round_assign(round_=agreed_round, actor=actors["hq"])
    _unchanged(agreed_round, State.AGREED)


def test_assign_is_refused_when_no_other_place_has_reviewers(actors, agreed_round, entered):
    for name in ("tianjin", "hebei"):
        for role in ("bureau", "inspector", "authority"):
            user = actors[f"{name}_{role}"]
            user.is_active = False
            user.save()
    with pytest.raises(TransitionNotAllowed, match="北京"):
        services.round_assign(round_=agreed_round, actor=actors["hq"])
    _unchanged(agreed_round, State.AGREED)
    assert not ReviewedCase.objects.filter(reviewer__isnull=False).exists()
    assert not agreed_round.history.filter(transition="assign").exists()


def test_close_is_refused_while_a_case_file_is_unscored(actors, assigned_round, entered):
    case = entered["beijing"]
    services.review_submit(actor=case.reviewer, case=case, scores=full_marks(assigned_round))
    with pytest.raises(TransitionNotAllowed, match="未提交评查结果"):
        services.round_close(round_=assigned_round, actor=actors["hq"])
    _unchanged(assigned_round, State.ASSIGNED)


def test_close_is_refused_before_the_assignment(actors, agreed_round):
    with pytest.raises(TransitionNotAllowed):
        services.round_close(round_=agreed_round, actor=actors["hq"])


def test_a_year_has_one_round(actors, draft_round):
    with pytest.raises(InvalidInput) as refused:
        services.round_open(actor=actors["hq"], year=draft_round.year, title="再次")
    assert "year" in refused.value.field_errors


@pytest.mark.parametrize("bad_year", [2016, year() + 2, "x", None])
def test_a_round_needs_a_sensible_year(actors, bad_year):
    with pytest.raises(InvalidInput) as refused:
        services.round_open(actor=actors["hq"], year=bad_year, title="互查互评")
    assert "year" in refused.value.field_errors


# The standard ------------------------------------------------------------------------------


def test_the_weights_may_not_exceed_100(actors, draft_round):
    services.criterion_remove(actor=actors["hq"], criterion=draft_round.criteria.last())
    with pytest.raises(InvalidInput) as refused:
        services.criterion_add(actor=actors["hq"], round_=draft_round, text="文书", weight=41)
    assert "40" in str(refused.value.field_errors["weight"][0])
    services.criterion_add(actor=actors["hq"], round_=draft_round, text="文书", weight=40)


@pytest.mark.parametrize(
    ("text", "weight", "field"),
    [("", 10, "text"), ("执法程序", 1, "text"), ("x" * 201, 1, "text"), ("新", 0, "weight")],
)
def test_a_criterion_is_checked(actors, draft_round, text, weight, field):
    services.criterion_remove(actor=actors["hq"], criterion=draft_round.criteria.first())
    with pytest.raises(InvalidInput) as refused:
        services.criterion_add(actor=actors["hq"], round_=draft_round, text=text, weight=weight)
    assert field in refused.value.field_errors


def test_the_standard_is_frozen_once_agreed(actors, agreed_round):
    with pytest.raises(Conflict):
        services.criterion_add(actor=actors["hq"], round_=agreed_round, text="新", weight=1)
    with pytest.raises(Conflict):
        services.criterion_remove(actor=actors["hq"], criterion=agreed_round.criteria.first())
    assert agreed_round.criteria.count() == 3


# Case files --------------------------------------------------------------------------------


def test_case_files_are_entered_while_the_draft_is_written_too(actors, draft_round):
    made = services.case_enter(actor=actors["hebei_authority"], round_=draft_round, **case_values())
    assert made.place == "hebei"


def test_no_case_file_after_the_assignment(actors, assigned_round):
    with pytest.raises(Conflict):
        services.case_enter(
            actor=actors["beijing_bureau"], round_=assigned_round, **case_values(number="新-1")
        )
    with pytest.raises(Conflict):
        services.case_remove(
            actor=actors["beijing_bureau"], case=assigned_round.cases.get(place="beijing")
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": "  "}, "number"),
        ({"title": "案" * 201}, "title"),
        ({"kind": "policy"}, "kind"),
        ({"decided_on": "2025-02-30"}, "decided_on"),
        ({"decided_on": "2999-01-01"}, "decided_on"),
    ],
)
def test_a_case_file_is_checked(actors, agreed_round, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        services.case_enter(
            actor=actors["beijing_bureau"], round_=agreed_round, **case_values(**overrides)
        )
    assert field in refused.value.field_errors
    assert not ReviewedCase.objects.exists()


def test_a_place_enters_a_number_once_another_place_may_reuse_it(actors, agreed_round):
    services.case_enter(actor=actors["beijing_bureau"], round_=agreed_round, **case_values())
    with pytest.raises(InvalidInput) as refused:
        services.case_enter(actor=actors["beijing_authority"], round_=agreed_round, **case_values())
    assert "number" in refused.value.field_errors
    services.case_enter(actor=actors["tianjin_bureau"], round_=agreed_round, **case_values())


# The assignment ----------------------------------------------------------------------------


@pytest.fixture
def many_cases(actors, agreed_round):
    """Five case files of each place."""
    for place in PLACES:
        for number in range(5):
            services.case_enter(
                actor=actors[f"{place}_bureau"],
                round_=agreed_round,
                **case_values(number=f"{place}-{number}"),
            )
    return agreed_round


def test_the_assignment_never_picks_the_cases_own_place(actors, many_cases):
    round_ = services.round_assign(round_=many_cases, actor=actors["hq"])
    cases = list(
        round_.cases.select_related("reviewer", "reviewer__bureau", "reviewer__organisation")
    )
    assert len(cases) == 15
    for case in cases:
        assert case.reviewer is not None
        assert case.reviewer_place != case.place
        assert place_of(case.reviewer) == case.reviewer_place
    # Balanced: nine reviewers, fifteen case files, nobody more than one above another.
    load = Counter(case.reviewer_id for case in cases)
    pool = [user for user, _place in selectors.reviewer_pool()]
    loads = [load.get(user, 0) for user in pool]
    assert max(loads) - min(loads) <= 1


def test_the_assignment_is_re_run_from_its_seed(actors, many_cases):
    round_ = services.round_assign(round_=many_cases, actor=actors["hq"])
    again = assignment.run(round_.snapshot, round_.seed)
    assert again == round_.assignment
    assert assignment.verify(
        {"seed": round_.seed, "snapshot": round_.snapshot, "assignment": round_.assignment}
    )
    stored = {str(pk): reviewer for pk, reviewer in round_.cases.values_list("pk", "reviewer")}
    assert stored == round_.assignment
    # Another seed, another draw; a changed result does not verify.
    assert assignment.run(round_.snapshot, "00" * 32) != assignment.run(round_.snapshot, "11" * 32)
    tampered = dict(round_.assignment)
    first = next(iter(tampered))
    tampered[first] = next(
        u["user"] for u in round_.snapshot["reviewers"] if u["user"] != tampered[first]
    )
    assert not assignment.verify(
        {"seed": round_.seed, "snapshot": round_.snapshot, "assignment": tampered}
    )


def test_the_pool_is_the_places_active_staff(actors):
    pool = dict(selectors.reviewer_pool())
    expected = {
        actors[f"{place}_{role}"].pk: place
        for place in PLACES
        for role in ("bureau", "inspector", "authority")
    }
    assert pool == expected


def test_the_pure_function_never_serves_a_place_without_others(actors):
    snapshot = {
        "cases": [{"case": 1, "place": "beijing"}, {"case": 2, "place": "tianjin"}],
        "reviewers": [{"user": 7, "place": "beijing"}],
    }
    assert assignment.run(snapshot, "ab" * 32) == {"1": None, "2": 7}


# Scoring -----------------------------------------------------------------------------------


@pytest.fixture
def beijing_case(assigned_round, entered):
    return entered["beijing"]


def _criteria(round_):
    return list(round_.criteria.order_by("position"))


def test_a_review_totals_its_scores_and_is_submitted_once(assigned_round, beijing_case):
    first, second, _third = _criteria(assigned_round)
    scores = full_marks(assigned_round, {1: (15, "管辖依据未引用。"), 2: (30, "证据链不完整。")})
    review = services.review_submit(
        actor=beijing_case.reviewer, case=beijing_case, scores=scores, summary="基本规范。"
    )
    assert review.total == 15 + 30 + 40
    assert [(s.criterion, s.score) for s in selectors.scores_of(review=review)][:2] == [
        (first, 15),
        (second, 30),
    ]
    with pytest.raises(Conflict):
        services.review_submit(
            actor=beijing_case.reviewer, case=beijing_case, scores=full_marks(assigned_round)
        )
    assert Review.objects.get().total == 85


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ((21, ""), "score_{}"),
        ((-1, "x"), "score_{}"),
        (("九", "x"), "score_{}"),
        ((10, ""), "finding_{}"),
        ((10, "问" * 2001), "finding_{}"),
    ],
)
def test_scores_are_checked(assigned_round, beijing_case, change, field):
    first = _criteria(assigned_round)[0]  # weight 20
    scores = full_marks(assigned_round, {1: change})
    with pytest.raises(InvalidInput) as refused:
        services.review_submit(actor=beijing_case.reviewer, case=beijing_case, scores=scores)
    assert field.format(first.pk) in refused.value.field_errors
    assert not Review.objects.exists()


def test_every_criterion_is_scored_once(assigned_round, beijing_case):
    scores = full_marks(assigned_round)
    reviewer = beijing_case.reviewer
    for bad in (scores[:2], [*scores, scores[0]], [*scores, {"criterion": 999999, "score": 1}]):
        with pytest.raises(InvalidInput):
            services.review_submit(actor=reviewer, case=beijing_case, scores=bad)
    with pytest.raises(InvalidInput) as refused:
        services.review_submit(actor=reviewer, case=beijing_case, scores="all full")
    assert "scores" in refused.value.field_errors
    assert not Review.objects.exists()


def test_nobody_scores_before_the_assignment(actors, entered):
    case = entered["hebei"]
    with pytest.raises(NotPermitted):
        services.review_submit(actor=actors["beijing_bureau"], case=case, scores=[])


# The comparison ----------------------------------------------------------------------------


def test_the_comparison_of_the_three_places(actors, assigned_round, entered):
    scores = {
        "beijing": {1: (10, "管辖错误。")},  # 90
        "tianjin": {2: (20, "证据不足。"), 3: (30, "程序违法。")},  # 70
    }
    for place in ("beijing", "tianjin"):
        case = entered[place]
        services.review_submit(
            actor=case.reviewer, case=case, scores=full_marks(assigned_round, scores[place])
        )
    figures = selectors.comparison(round_=assigned_round)
    by_place = {row["place"]: row for row in figures["places"]}
    assert [row["place"] for row in figures["places"]] == list(PLACES)
    assert (by_place["beijing"]["entered"], by_place["beijing"]["reviewed"]) == (1, 1)
    assert by_place["beijing"]["average"] == 90.0
    assert by_place["tianjin"]["average"] == 70.0
    assert (by_place["hebei"]["reviewed"], by_place["hebei"]["average"]) == (0, None)
    assert [c["average"] for c in by_place["beijing"]["criteria"]] == [10.0, 40.0, 40.0]
    assert [c["average"] for c in by_place["tianjin"]["criteria"]] == [20.0, 20.0, 30.0]
    assert [row["averages"] for row in figures["rows"]] == [
        [10.0, 20.0, None],
        [40.0, 20.0, None],
        [40.0, 30.0, None],
    ]


def test_the_comparison_averages_several_case_files(actors, agreed_round):
    for number in range(3):
        services.case_enter(
            actor=actors["hebei_bureau"], round_=agreed_round, **case_values(number=f"h-{number}")
        )
    round_ = services.round_assign(round_=agreed_round, actor=actors["hq"])
    for case, off in zip(round_.cases.order_by("pk"), (0, 5, 7), strict=True):
        services.review_submit(
            actor=case.reviewer,
            case=case,
            scores=full_marks(round_, {2: (40 - off, "扣分。" if off else "")}),
        )
    hebei = selectors.comparison(round_=round_)["places"][2]
    assert (hebei["entered"], hebei["reviewed"]) == (3, 3)
    assert hebei["average"] == round((100 + 95 + 93) / 3, 1)
    assert hebei["criteria"][1]["average"] == round((40 + 35 + 33) / 3, 1)


def test_the_comparison_costs_the_same_for_many_cases(
    actors, many_cases, django_assert_num_queries
):
    round_ = services.round_assign(round_=many_cases, actor=actors["hq"])
    review_all(round_)
    with django_assert_num_queries(4):
        figures = selectors.comparison(round_=round_)
    assert [row["reviewed"] for row in figures["places"]] == [5, 5, 5]


# Demo data ---------------------------------------------------------------------------------


@pytest.fixture
def demo_accounts(db):
    factories.hq(username="hq")
    for code in PLACES:
        factories.bureau_staff(code, username=f"bureau-{code}")
        factories.organisation_staff(authority(code), username=f"zj-{code}")
    factories.inspector("beijing", username="inspector-1")


def test_the_demo_closes_last_year_and_opens_this_one(demo_accounts):
    assert demo.seed_crossreview() == 2
    assert demo.seed_crossreview() == 0
    last, this = ReviewRound.objects.order_by("year")
    assert (last.year, last.state, this.state) == (year() - 1, State.CLOSED, State.AGREED)
    assert last.cases.count() == len(demo.CASES)
    assert Review.objects.filter(case__round=last).count() == len(demo.CASES)
    assert all(c.reviewer_place != c.place for c in last.cases.all())
    figures = selectors.comparison(round_=last)
    assert all(row["reviewed"] == 2 for row in figures["places"])
    assert this.cases.count() == 1
