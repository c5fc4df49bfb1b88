"""绩效排名 (SPEC §5, docs/ranking.md): scores that explain themselves, normalisation, competition
ranks, zones, the change from last year, the zero-product flag, weighting versions, and the
rankings endpoint (who may see it, what it answers, and that its cost does not grow).

Most tests fix the indicators by replacing `regions.figures.compute` (the one source of the
ranking's raw figures) with a table, so the arithmetic is checked against the documented rules
on known numbers; one test ranks real cases for the zero-product flag."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.services import case_transition
from regions import figures, services
from regions.figures import INDICATORS
from regions.models import Bureau, Ranking, RankingEntry, RankingWeighting, Zone, ZoneMembership
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory, attach_required_materials

pytestmark = pytest.mark.django_db

RANKINGS = "/api/v1/rankings/"
CENT = Decimal("0.01")
V1 = {
    "cases_accepted": 10,
    "evaluations_completed": 10,
    "newly_protected": 20,
    "inspections_done": 10,
    "rectifications_closed": 5,
    "exits_handled": 5,
    "research_projects": 10,
    "lectures": 10,
    "summary_on_time": 10,
    "complaint_handling_days": 5,
    "accountability_overdue": 5,
    "zero_products": 15,
}


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def competition_ranks(scores: dict) -> dict:
    """1, 2, 2, 4: one more than the number of strictly better scores."""
    return {
        key: 1 + sum(other > score for other in scores.values()) for key, score in scores.items()
    }


def expected_normalised(values: dict, higher_is_better: bool) -> dict:
    """docs/ranking.md, written independently of the service."""
    top, low = max(values.values()), min(values.values())
    if higher_is_better:
        return {k: (v / top if top else 0.0) for k, v in values.items()}
    return {k: ((top - v) / (top - low) if top != low else 1.0) for k, v in values.items()}


@pytest.fixture
def indicators(monkeypatch):
    """indicators(year, {indicator: {bureau code: value}}): what figures.compute returns for
    `year` (zeros elsewhere; the flag `zero_products` 0 unless given)."""
    tables: dict[int, dict] = {}
    ids = dict(Bureau.objects.values_list("code", "pk"))

    def define(year: int, values: dict) -> None:
        tables[year] = {
            pk: {name: values.get(name, {}).get(code, 0) for name in figures.INDICATORS}
            for code, pk in ids.items()
        }

    def compute(year):
        return {pk: dict(row) for pk, row in tables[year].items()}

    monkeypatch.setattr(figures, "compute", compute)
    return define


def random_values(seed: int) -> dict:
    """Every weighted indicator with varied values, fractional handling times included."""
    rng = random.Random(seed)
    codes = list(Bureau.objects.values_list("code", flat=True))
    values = {name: {code: rng.randint(0, 12) for code in codes} for name in V1}
    values["summary_on_time"] = {code: rng.randint(0, 1) for code in codes}
    values["zero_products"] = {code: int(rng.random() < 0.2) for code in codes}
    values["complaint_handling_days"] = {code: rng.randint(0, 300) / 10 for code in codes}
    return values


def bureau_entries(year: int) -> dict[str, RankingEntry]:
    return {
        e.bureau.code: e
        for e in RankingEntry.objects.filter(
            ranking__year=year, bureau__isnull=False
        ).select_related("bureau")
    }


def zone_entries(year: int) -> dict[str, RankingEntry]:
    return {
        e.zone.code: e
        for e in RankingEntry.objects.filter(ranking__year=year, zone__isnull=False).select_related(
            "zone"
        )
    }


def members() -> dict[str, set[str]]:
    seats: dict[str, set[str]] = {}
    for zone, bureau in ZoneMembership.objects.values_list("zone__code", "bureau__code"):
        seats.setdefault(zone, set()).add(bureau)
    return seats


# ---------------------------------------------------------------- the score explains itself


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_score_is_the_sum_of_its_contributions(indicators, seed):
    values = random_values(seed)
    indicators(2030, values)

    services.ranking_compute(year=2030)

    entries = bureau_entries(2030)
    assert len(entries) == 35
    normalised = {
        name: expected_normalised(values[name], figures.INDICATORS[name][1]) for name in V1
    }
    for code, entry in entries.items():
        # In the documented order of the indicators, whatever order the weighting lists them in.
        assert [row["indicator"] for row in entry.breakdown] == [
            name for name in INDICATORS if name in V1
        ]
        assert sum(Decimal(row["contribution"]) for row in entry.breakdown) == entry.score
        for row in entry.breakdown:
            name = row["indicator"]
            assert row["raw"] == values[name][code]
            assert row["weight"] == V1[name]
            assert row["normalised"] == pytest.approx(normalised[name][code], abs=5e-5)
            assert Decimal(row["contribution"]) == money(V1[name] * normalised[name][code])
            assert row["label"] == str(figures.INDICATORS[name][0])
    assert max(e.score for e in entries.values()) <= sum(V1.values())


def test_normalisation_follows_the_documented_rules(indicators):
    indicators(
        2030,
        {
            "cases_accepted": {"beijing": 10, "tianjin": 5},  # higher is better: value / max
            "complaint_handling_days": {  # lower is better: (max − v) / (max − min)
                **dict.fromkeys(Bureau.objects.values_list("code", flat=True), 4),
                "beijing": 2,
                "tianjin": 6,
            },
            "zero_products": {"xizang": 1},  # lower is better: flagged 0, others 1
            # accountability_overdue: all 0 → 1 for everyone; research_projects: all 0 → 0.
        },
    )

    services.ranking_compute(year=2030)

    def row(code, name):
        return next(r for r in bureau_entries(2030)[code].breakdown if r["indicator"] == name)

    assert [row(c, "cases_accepted")["normalised"] for c in ("beijing", "tianjin", "hebei")] == [
        1.0,
        0.5,
        0.0,
    ]
    assert [row(c, "complaint_handling_days")["normalised"] for c in ("beijing", "tianjin")] == [
        1.0,
        0.0,
    ]
    assert row("hebei", "complaint_handling_days")["normalised"] == 0.5
    assert row("hebei", "complaint_handling_days")["contribution"] == "2.50"
    assert {row(c, "accountability_overdue")["normalised"] for c in ("beijing", "xizang")} == {1.0}
    assert {row(c, "research_projects")["normalised"] for c in ("beijing", "xizang")} == {0.0}
    assert row("xizang", "zero_products")["normalised"] == 0.0
    assert row("beijing", "zero_products")["normalised"] == 1.0
    # 10 + 5 (handling) + 5 (no overdue) + 15 (products) for the best bureau.
    assert bureau_entries(2030)["beijing"].score == Decimal("35.00")
    assert bureau_entries(2030)["xizang"].score == Decimal("7.50")


def test_ranks_are_competition_ranks(indicators):
    indicators(2030, {"cases_accepted": {"beijing": 10, "tianjin": 5, "hebei": 5, "shanxi": 2}})

    services.ranking_compute(year=2030)

    entries = bureau_entries(2030)
    assert [entries[c].rank for c in ("beijing", "tianjin", "hebei", "shanxi")] == [1, 2, 2, 4]
    assert {
        e.rank for c, e in entries.items() if c not in ("beijing", "tianjin", "hebei", "shanxi")
    } == {5}
    assert entries["tianjin"].score == entries["hebei"].score


def test_zone_score_is_the_mean_of_its_bureaus_and_zones_are_ranked(indicators):
    indicators(2030, random_values(11))

    services.ranking_compute(year=2030)

    bureaus, zones, seats = bureau_entries(2030), zone_entries(2030), members()
    assert set(zones) == set(Zone.objects.values_list("code", flat=True))
    for code, entry in zones.items():
        scores = [bureaus[b].score for b in seats[code]]
        assert entry.score == money(sum(scores) / len(scores)), code
        assert {r["bureau"] for r in entry.breakdown} == seats[code]
        assert entry.zero_products is False and entry.zone_ranks == {}
    assert {c: e.rank for c, e in zones.items()} == competition_ranks(
        {c: e.score for c, e in zones.items()}
    )


def test_bureaus_are_ranked_within_each_of_their_zones(indicators):
    indicators(2030, random_values(12))

    services.ranking_compute(year=2030)

    bureaus, seats = bureau_entries(2030), members()
    for zone, codes in seats.items():
        expected = competition_ranks({c: bureaus[c].score for c in codes})
        assert {c: bureaus[c].zone_ranks[zone] for c in codes} == expected, zone
    for code, entry in bureaus.items():
        assert set(entry.zone_ranks) == {z for z, codes in seats.items() if code in codes}
    # 湖北 sits in two zones, 北京 leads one and is a member of another.
    assert set(bureaus["hubei"].zone_ranks) == {"southwest", "central_west"}
    assert set(bureaus["beijing"].zone_ranks) == {"northeast", "jingjinji"}


def test_previous_rank_is_last_year_s_and_the_api_shows_the_change(indicators, api_for, hq_user):
    indicators(2029, random_values(21))
    indicators(2030, random_values(22))
    services.ranking_compute(year=2029)
    services.ranking_compute(year=2030)

    last, this = bureau_entries(2029), bureau_entries(2030)
    assert {e.previous_rank for e in last.values()} == {None}
    for code, entry in this.items():
        assert entry.previous_rank == last[code].rank
    last_zones, this_zones = zone_entries(2029), zone_entries(2030)
    for code, entry in this_zones.items():
        assert entry.previous_rank == last_zones[code].rank

    client = api_for(hq_user)
    rows = ok(client.get(RANKINGS, {"year": 2030, "scope": "bureau"}))
    for row in rows:
        assert row["previous_rank"] == last[row["code"]].rank
        assert row["change"] == last[row["code"]].rank - row["rank"]
    zones = ok(client.get(RANKINGS, {"year": 2030, "scope": "zone"}))
    for row in zones:
        assert row["change"] == last_zones[row["code"]].rank - row["rank"]
    first = ok(client.get(RANKINGS, {"year": 2029}))
    assert {(row["previous_rank"], row["change"]) for row in first} == {(None, None)}


# ---------------------------------------------------------------- from real cases


def _walk(case, steps):
    for actor, name, body in steps:
        case = case_transition(case=case, name=name, actor=actor, **body)
    return case


def _certified(code: str, hq):
    plan = PlanFactory()
    case = ApplicationFactory(enterprise__bureau=factories.bureau(code))
    attach_required_materials(case)
    owner = factories.enterprise_staff(case.enterprise)
    clerk = factories.bureau_staff(code, username=f"rank-{code}")
    agency = factories.agency_staff(plan.agency)
    return _walk(
        case,
        [
            (owner, "submit", {}),
            (clerk, "accept", {}),
            (clerk, "pre_evaluate", {}),
            (clerk, "recommend", {}),
            (hq, "approve", {}),
            (owner, "choose_agency", {"agency": plan.agency}),
            (agency, "evaluate", {"score": 90}),
            (hq, "certify", {}),
        ],
    )


def test_zero_products_flag_is_set_exactly_for_bureaus_without_a_protected_product(hq_user):
    from django.utils import timezone

    _certified("xizang", hq_user)
    revoked = _certified("beijing", hq_user)
    case_transition(case=revoked, name="revoke", actor=hq_user, reason="冒用标志")
    # Names say nothing: the flag comes from the data alone.
    Bureau.objects.filter(code="xizang").update(name="零产品")
    Bureau.objects.filter(code="beijing").update(name="保护产品")
    year = timezone.localdate().year

    services.ranking_compute(year=year)

    entries = bureau_entries(year)
    assert {code for code, e in entries.items() if not e.zero_products} == {"xizang"}
    flag = {
        code: next(r for r in e.breakdown if r["indicator"] == "zero_products")
        for code, e in entries.items()
    }
    assert flag["xizang"]["raw"] == 0 and flag["xizang"]["contribution"] == "15.00"
    assert flag["beijing"]["raw"] == 1 and flag["beijing"]["contribution"] == "0.00"
    assert entries["xizang"].rank == 1


# ---------------------------------------------------------------- weighting versions


def test_a_new_weighting_changes_scores_only_when_used_and_is_recorded(indicators):
    values = random_values(31)
    indicators(2030, values)
    indicators(2031, values)
    first = services.ranking_compute(year=2030)
    assert first.weighting.version == 1
    before = {c: e.score for c, e in bureau_entries(2030).items()}

    v2 = RankingWeighting.objects.create(
        version=2, weights={"lectures": 60, "research_projects": 40}, note="重宣讲与科研"
    )
    assert {c: e.score for c, e in bureau_entries(2030).items()} == before  # not rewritten
    assert Ranking.objects.get(year=2030).weighting.version == 1

    services.ranking_compute(year=2030, weighting=v2)
    after = bureau_entries(2030)
    assert Ranking.objects.get(year=2030).weighting == v2
    assert {c: e.score for c, e in after.items()} != before
    for code, entry in after.items():
        assert [r["indicator"] for r in entry.breakdown] == ["research_projects", "lectures"]
        assert entry.score == money(
            60 * expected_normalised(values["lectures"], True)[code]
        ) + money(40 * expected_normalised(values["research_projects"], True)[code])

    # A year ranked for the first time uses the newest version.
    assert services.ranking_compute(year=2031).weighting == v2


def test_no_weighting_at_all_is_a_conflict(indicators):
    from ecoorigin.exceptions import Conflict

    RankingWeighting.objects.all().delete()
    indicators(2030, {})
    with pytest.raises(Conflict):
        services.ranking_compute(year=2030)


# ---------------------------------------------------------------- the endpoint


def ok(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def ranked(indicators):
    indicators(2030, random_values(41))
    services.ranking_compute(year=2030)
    return 2030


@pytest.mark.parametrize("who", ["hq_user", "bureau_user", "lead_bureau_user"])
def test_hq_and_bureaus_see_scores_ranks_and_breakdowns(request, ranked, api_for, who):
    # Once HQ has published (通报) the year; before, a bureau sees its own entry only
    # (tests/regions/test_ranking_publication.py).
    services.ranking_publish(
        ranking=Ranking.objects.get(year=ranked), actor=factories.hq(username="publisher")
    )
    client = api_for(request.getfixturevalue(who))

    rows = ok(client.get(RANKINGS, {"year": ranked, "scope": "bureau"}))
    assert len(rows) == 35
    assert [row["rank"] for row in rows] == sorted(row["rank"] for row in rows)
    entries = bureau_entries(ranked)
    for row in rows:
        entry = entries[row["code"]]
        assert Decimal(row["score"]) == entry.score
        assert row["rank"] == entry.rank
        assert row["name"] == entry.bureau.name
        assert row["weighting_version"] == 1
        assert row["zone_ranks"] == entry.zone_ranks
        assert sum(Decimal(r["contribution"]) for r in row["breakdown"]) == Decimal(row["score"])
        assert {r["indicator"] for r in row["breakdown"]} == set(V1)

    zones = ok(client.get(RANKINGS, {"year": ranked, "scope": "zone"}))
    assert {row["code"] for row in zones} == set(Zone.objects.values_list("code", flat=True))
    assert all({"score", "rank", "breakdown"} <= set(row) for row in zones)

    assert len(ok(client.get(RANKINGS, {"year": ranked}))) == 35  # scope defaults to bureau
    assert ok(client.get(RANKINGS, {"year": ranked - 1})) == []  # a year not ranked


@pytest.mark.parametrize("who", ["enterprise_user", "agency_user", "inspector_user"])
def test_enterprises_agencies_and_inspectors_may_not_see_rankings(request, ranked, api_for, who):
    client = api_for(request.getfixturevalue(who))
    assert client.get(RANKINGS, {"year": ranked, "scope": "bureau"}).status_code == 403
    assert client.get(RANKINGS, {"year": ranked, "scope": "zone"}).status_code == 403


def test_anonymous_callers_are_refused(ranked, api_client):
    assert api_client.get(RANKINGS, {"year": ranked}).status_code in (401, 403)


@pytest.mark.parametrize(
    "query, field",
    [
        ({}, "year"),
        ({"year": ""}, "year"),
        ({"year": "abc"}, "year"),
        ({"year": "-2030"}, "year"),
        ({"year": "²"}, "year"),  # str.isdigit() says yes, int() says no
        ({"year": "2011"}, "year"),  # before the programme: outside the documented range
        ({"year": "2101"}, "year"),
        ({"year": "2030", "scope": "province"}, "scope"),
        ({"year": "2030", "scope": ""}, "scope"),
    ],
)
def test_missing_or_invalid_year_or_scope_is_400(ranked, api_for, hq_user, query, field):
    response = api_for(hq_user).get(RANKINGS, query)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_the_schema_states_the_years_rankings_take(api_for, hq_user):
    schema = api_for(hq_user).get("/api/schema/?format=json").json()
    year = next(p for p in schema["paths"][RANKINGS]["get"]["parameters"] if p["name"] == "year")
    assert year["schema"] == {"type": "integer", "minimum": 2012, "maximum": 2100}


def query_count(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        ok(client.get(RANKINGS, query))
    return len(queries)


def test_the_cost_of_the_endpoint_does_not_grow_with_bureaus_or_years(indicators, api_for, hq_user):
    client = api_for(hq_user)
    indicators(2030, random_values(51))
    services.ranking_compute(year=2030)
    full = query_count(client, {"year": 2030, "scope": "bureau"})  # 35 entries
    zones = query_count(client, {"year": 2030, "scope": "zone"})  # 7 entries

    indicators(2029, random_values(52))
    services.ranking_compute(year=2029)
    RankingEntry.objects.filter(
        ranking__year=2030, bureau__code__in=["beijing", "tianjin"]
    ).delete()
    fewer = query_count(client, {"year": 2030, "scope": "bureau"})  # 33 entries, two years

    assert full == zones == fewer
    assert full <= 2
