"""Properties of the pure double-random draw (casework.draw.run), on generated snapshots.

Whatever the candidates, the pool, the recusals and the seed, a draw never picks a recused
inspector or (when the plan says so) one of the target's own bureau, never invents or repeats a
target, fills every team it can and reports every shortfall, shares the sample out by bureau in
proportion, and is a deterministic function of the seed and the snapshot.
"""

import copy
import hashlib
import json
import math
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casework import draw

DRAW = settings(max_examples=100, deadline=None)

seeds = st.binary(min_size=32, max_size=32).map(bytes.hex)
ratios = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)


@st.composite
def snapshots(draw_, *, min_targets=0, max_targets=30):
    """{"targets": [{case, bureau, weight, recused}], "inspectors": [{user, bureau}]}."""
    bureaus = draw_(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))
    users = draw_(st.lists(st.integers(1, 500), max_size=16, unique=True))
    inspectors = [{"user": user, "bureau": draw_(st.sampled_from(bureaus))} for user in users]
    cases = draw_(
        st.lists(st.integers(1, 10**6), min_size=min_targets, max_size=max_targets, unique=True)
    )
    # Recused: some pool members, and people outside the pool (officers, evaluators...).
    recusable = st.sampled_from(users) if users else st.nothing()
    targets = [
        {
            "case": case,
            "bureau": draw_(st.sampled_from(bureaus)),
            "weight": draw_(st.integers(0, 20) | st.floats(0.1, 50)),
            "recused": sorted(
                set(draw_(st.lists(recusable, max_size=len(users))))
                | set(draw_(st.lists(st.integers(1000, 1010), max_size=2)))
            ),
        }
        for case in cases
    ]
    return {"targets": targets, "inspectors": inspectors}


@st.composite
def plans(draw_):
    """The plan's parameters: a size xor a ratio, a team size, the two switches."""
    size = draw_(st.none() | st.integers(1, 40))
    return {
        "sample_size": size,
        "sample_ratio": draw_(ratios) if size is None else None,
        "team_size": draw_(st.integers(2, 5)),
        "exclude_own_bureau": draw_(st.booleans()),
        "weighted": draw_(st.booleans()),
    }


def expected_n(candidates: int, plan: dict) -> int:
    if plan["sample_size"] is not None:
        return min(plan["sample_size"], candidates)
    return min(candidates, math.ceil(Fraction(candidates) * Fraction(plan["sample_ratio"]) / 100))


def eligible_for(target: dict, snapshot: dict, plan: dict) -> set[int]:
    recused = set(target["recused"])
    return {
        person["user"]
        for person in snapshot["inspectors"]
        if person["user"] not in recused
        and not (plan["exclude_own_bureau"] and person["bureau"] == target["bureau"])
    }


def check(snapshot: dict, plan: dict, result: draw.DrawResult) -> None:
    """Every invariant of one draw."""
    by_case = {target["case"]: target for target in snapshot["targets"]}
    drawn = [row["case"] for row in result.targets]
    n = expected_n(len(by_case), plan)

    # Targets: from the snapshot, each once, exactly n of them.
    assert set(drawn) <= set(by_case)
    assert len(drawn) == len(set(drawn)) == n

    # A sample larger than the candidates is reported, never silently cut.
    target_shortfalls = [s for s in result.shortfalls if s["kind"] == "targets"]
    if plan["sample_size"] is not None and plan["sample_size"] > len(by_case):
        assert target_shortfalls == [
            {"kind": "targets", "wanted": plan["sample_size"], "available": len(by_case)}
        ]
    else:
        assert target_shortfalls == []

    # Stratified: each bureau gets the floor or the ceiling of its proportional share n*c_b/N.
    candidates_per_bureau = Counter(target["bureau"] for target in snapshot["targets"])
    drawn_per_bureau = Counter(by_case[case]["bureau"] for case in drawn)
    for bureau, c_b in candidates_per_bureau.items():
        share = Fraction(n * c_b, len(by_case))
        assert math.floor(share) <= drawn_per_bureau[bureau] <= math.ceil(share)
        assert abs(drawn_per_bureau[bureau] - share) <= 1

    # Teams: only eligible inspectors, distinct, full whenever enough are eligible; otherwise
    # as many as there are, and a shortfall entry says so.
    team_shortfalls = {s["case"]: s for s in result.shortfalls if s["kind"] == "team"}
    for row in result.targets:
        target, team = by_case[row["case"]], row["inspectors"]
        eligible = eligible_for(target, snapshot, plan)
        assert len(team) == len(set(team))
        assert set(team) <= eligible
        assert not set(team) & set(target["recused"])
        if plan["exclude_own_bureau"]:
            bureaus = {p["user"]: p["bureau"] for p in snapshot["inspectors"]}
            assert all(bureaus[user] != target["bureau"] for user in team)
        if len(eligible) >= plan["team_size"]:
            assert len(team) == plan["team_size"]
            assert row["case"] not in team_shortfalls
        else:
            assert len(team) == len(eligible)
            assert team_shortfalls[row["case"]] == {
                "kind": "team",
                "case": row["case"],
                "wanted": plan["team_size"],
                "available": len(eligible),
            }
    assert set(team_shortfalls) <= set(drawn)

    # Mixed teams: as many bureaus in each team as its eligible offered, up to its size; a team
    # with two of one bureau is reported.
    mixed_shortfalls = {s["case"]: s for s in result.shortfalls if s["kind"] == "mixed"}
    if plan.get("mixed_teams"):
        bureau_of = {p["user"]: p["bureau"] for p in snapshot["inspectors"]}
        for row in result.targets:
            team = row["inspectors"]
            offered = {
                bureau_of[user] for user in eligible_for(by_case[row["case"]], snapshot, plan)
            }
            in_team = {bureau_of[user] for user in team}
            assert len(in_team) == min(len(team), len(offered))
            if len(in_team) < len(team):
                assert mixed_shortfalls[row["case"]] == {
                    "kind": "mixed",
                    "case": row["case"],
                    "bureaus": len(in_team),
                    "members": len(team),
                }
            else:
                assert row["case"] not in mixed_shortfalls
    else:
        assert mixed_shortfalls == {}
    assert len(result.shortfalls) == (
        len(target_shortfalls) + len(team_shortfalls) + len(mixed_shortfalls)
    )


def run(snapshot: dict, seed: str, plan: dict) -> draw.DrawResult:
    return draw.run(snapshot, seed, **plan)


@DRAW
@given(snapshot=snapshots(), seed=seeds, plan=plans())
def test_every_draw_keeps_the_rules(snapshot, seed, plan):
    check(snapshot, plan, run(snapshot, seed, plan))


@DRAW
@given(snapshot=snapshots(), seed=seeds, plan=plans())
def test_weighted_draws_keep_the_rules_too(snapshot, seed, plan):
    plan = {**plan, "weighted": True}
    check(snapshot, plan, run(snapshot, seed, plan))


@DRAW
@given(snapshot=snapshots(), seed=seeds, plan=plans())
def test_mixed_teams_take_each_member_from_another_bureau_where_they_can(snapshot, seed, plan):
    plan = {**plan, "mixed_teams": True}
    result = run(snapshot, seed, plan)
    check(snapshot, plan, result)
    # The targets are the same as without the switch: it only changes who goes.
    assert [row["case"] for row in result.targets] == [
        row["case"] for row in run(snapshot, seed, {**plan, "mixed_teams": False}).targets
    ]


def test_a_draw_without_mixed_teams_is_what_version_2_always_drew():
    """Golden: drawn by version 2 before mixed teams were added; published draws still verify."""
    plan = {"sample_size": 6, "sample_ratio": None, "team_size": 3, "exclude_own_bureau": True}
    result = run(_fixed_snapshot(), _seed(0), {**plan, "weighted": False})
    assert result.as_dict() == {
        "algorithm": 2,
        "targets": [
            {"case": 1, "inspectors": [4, 0, 8]},
            {"case": 14, "inspectors": [7, 1, 3]},
            {"case": 17, "inspectors": [11, 9, 4]},
            {"case": 24, "inspectors": [6, 5, 2]},
            {"case": 30, "inspectors": [10, 5, 9]},
            {"case": 37, "inspectors": [2, 3, 8]},
        ],
    }


def test_three_bureaus_make_a_team_of_three_with_one_of_each():
    """京津冀: three bureaus' pools, teams of three; not excluding the target's own bureau."""
    snapshot = {
        "targets": [{"case": case, "bureau": 1 + case % 3, "recused": []} for case in range(30)],
        "inspectors": [{"user": user, "bureau": 1 + user % 3} for user in range(1, 16)],
    }
    plan = {"sample_size": 9, "sample_ratio": None, "team_size": 3, "exclude_own_bureau": False}
    bureau_of = {p["user"]: p["bureau"] for p in snapshot["inspectors"]}
    for i in range(20):
        result = run(snapshot, _seed(i), {**plan, "weighted": False, "mixed_teams": True})
        assert result.shortfalls == []
        for row in result.targets:
            assert sorted(bureau_of[user] for user in row["inspectors"]) == [1, 2, 3]
    # Without the switch, some team somewhere has two of one bureau.
    unmixed = [run(snapshot, _seed(i), {**plan, "weighted": False}).targets for i in range(20)]
    assert any(
        len({bureau_of[user] for user in row["inspectors"]}) < 3 for rows in unmixed for row in rows
    )


def test_mixed_teams_are_drawn_by_version_2_only():
    with pytest.raises(ValueError):
        draw.run(
            _fixed_snapshot(), _seed(0), sample_size=1, team_size=2, exclude_own_bureau=False,
            weighted=False, mixed_teams=True, algorithm=1,
        )  # fmt: skip


@DRAW
@given(snapshot=snapshots(min_targets=1), seed=seeds, plan=plans())
def test_a_draw_is_reproducible_from_the_seed_and_the_stored_snapshot(snapshot, seed, plan):
    first = run(snapshot, seed, plan)
    # The snapshot is stored as JSON (in columns: format 2) and re-read for verification.
    stored = draw.unpack_snapshot(json.loads(json.dumps(draw.pack_snapshot(snapshot))))
    assert stored == snapshot
    again = run(stored, seed, plan)
    assert again.as_dict() == first.as_dict()
    assert again.shortfalls == first.shortfalls
    assert json.loads(json.dumps(first.as_dict())) == first.as_dict()
    # The order of the lists in the snapshot does not matter either.
    shuffled = copy.deepcopy(snapshot)
    shuffled["targets"].reverse()
    shuffled["inspectors"].reverse()
    assert run(shuffled, seed, plan).as_dict() == first.as_dict()


@DRAW
@given(snapshot=snapshots(), seed=seeds, plan=plans())
def test_the_draw_does_not_change_the_snapshot(snapshot, seed, plan):
    before = copy.deepcopy(snapshot)
    run(snapshot, seed, plan)
    assert snapshot == before


def _seed(i: int) -> str:
    return hashlib.sha256(f"seed-{i}".encode()).hexdigest()


def _fixed_snapshot() -> dict:
    return {
        "targets": [
            {"case": case, "bureau": 1 + case % 3, "weight": 1, "recused": [case % 12]}
            for case in range(1, 41)
        ],
        "inspectors": [{"user": user, "bureau": 1 + user % 4} for user in range(12)],
    }


def test_different_seeds_usually_differ():
    snapshot = _fixed_snapshot()
    plan = {
        "sample_size": 5,
        "sample_ratio": None,
        "team_size": 2,
        "exclude_own_bureau": True,
        "weighted": False,
    }
    results = {json.dumps(run(snapshot, _seed(i), plan).as_dict()) for i in range(40)}
    assert len(results) >= 38
    targets = {tuple(row["case"] for row in json.loads(result)["targets"]) for result in results}
    assert len(targets) >= 35


@DRAW
@given(seed_a=seeds, seed_b=seeds)
def test_two_seeds_give_two_draws(seed_a, seed_b):
    """C(40, 10) target sets: two different seeds agreeing would be a broken key function."""
    plan = {
        "sample_size": 10,
        "sample_ratio": None,
        "team_size": 2,
        "exclude_own_bureau": False,
        "weighted": False,
    }
    same = (
        run(_fixed_snapshot(), seed_a, plan).as_dict()
        == run(_fixed_snapshot(), seed_b, plan).as_dict()
    )
    assert same == (seed_a == seed_b)


def test_weighting_favours_the_heavier_candidate():
    snapshot = {
        "targets": [{"case": case, "bureau": 7, "weight": 1, "recused": []} for case in range(10)]
        + [{"case": 99, "bureau": 7, "weight": 30, "recused": []}],
        "inspectors": [{"user": 1, "bureau": 1}, {"user": 2, "bureau": 2}],
    }
    plan = {"sample_size": 1, "sample_ratio": None, "team_size": 2, "exclude_own_bureau": True}

    def heavy_drawn(weighted: bool) -> int:
        return sum(
            run(snapshot, _seed(i), {**plan, "weighted": weighted}).targets[0]["case"] == 99
            for i in range(300)
        )

    assert heavy_drawn(True) > 180  # expected 30/40 of 300 = 225
    assert heavy_drawn(False) < 60  # expected 1/11 of 300 ≈ 27


@DRAW
@given(candidates=st.integers(0, 2000), ratio=ratios)
@example(candidates=250, ratio=Decimal("64.40"))  # 161 exactly; floating point said 162
def test_sample_ratio_rounds_up(candidates, ratio):
    n = draw.sample_size_for(candidates, size=None, ratio=ratio)
    exact = Fraction(candidates) * Fraction(ratio) / 100
    assert n == min(candidates, math.ceil(exact))
    assert n >= exact
    assert n - 1 < exact or n == 0


def test_sample_ratio_examples():
    assert draw.sample_size_for(250, size=None, ratio=Decimal("64.40")) == 161
    assert draw.sample_size_for(10, size=None, ratio=Decimal("10.01")) == 2
    assert draw.sample_size_for(10, size=None, ratio=Decimal("10")) == 1
    assert draw.sample_size_for(3, size=None, ratio=Decimal("0.01")) == 1
    assert draw.sample_size_for(0, size=None, ratio=Decimal("50")) == 0
    assert draw.sample_size_for(5, size=7, ratio=None) == 5


@DRAW
@given(seed=st.binary(min_size=1, max_size=64))
def test_the_commitment_is_the_sha256_of_the_seed_bytes(seed):
    assert draw.commitment(seed.hex()) == hashlib.sha256(seed).hexdigest()
    assert draw.commitment(seed.hex().upper()) == hashlib.sha256(seed).hexdigest()


def test_an_empty_snapshot_draws_nothing_and_says_so():
    plan = {"sample_ratio": None, "team_size": 2, "exclude_own_bureau": True, "weighted": False}
    result = run({"targets": [], "inspectors": []}, _seed(0), {**plan, "sample_size": 3})
    assert result.targets == []
    assert result.shortfalls == [{"kind": "targets", "wanted": 3, "available": 0}]
