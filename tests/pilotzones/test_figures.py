"""The pilot zones in HQ's reporting: the programme's figures per bureau through the registry (now:
applications in progress, zones approved, zones operating, practice in the library; for a year:
zones approved in it, zones operating at its end, practice accepted in it, adoptions recorded in
it), in a constant number of grouped queries, on HQ's dashboard and in the bureaus' annual
summaries."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.programmes import programme
from pilotzones import services
from pilotzones.models import PilotZone
from pilotzones.programme import PILOT_ZONES
from regions import dashboard_cache
from regions import services as regions_services
from regions.models import AnnualSummary, Bureau

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
YEAR = 2026
NOW = ("in_progress", "approved", "operating", "practices")
OF_THE_YEAR = ("approved", "operating", "practices", "adoptions")


def travel(*args):
    return time_machine.travel(datetime(*args, tzinfo=SH), tick=False)


def bureau(code: str) -> int:
    return Bureau.objects.get(code=code).pk


def moved_to(zone, code: str) -> PilotZone:
    """The zone counted for another bureau (test set-up only)."""
    PilotZone.objects.filter(pk=zone.pk).update(bureau_id=bureau(code))
    return PilotZone.objects.get(pk=zone.pk)


@pytest.fixture
def spread(make_zone, make_practice):
    """江西's zones in every state, two of its zones' practices in the library (one more
    withdrawn, one only submitted); one approved zone of 广西."""
    zones = {
        state: make_zone(state)
        for state in (
            "draft", "submitted", "returned", "recommended", "acceptance", "approved",
            "not_approved", "operating",
        )
    }  # fmt: skip
    for state in ("accepted", "accepted", "withdrawn", "submitted"):
        make_practice(state, zone=zones["operating"])
    zones["guangxi"] = moved_to(make_zone("approved"), "guangxi")
    return zones


def test_the_programme_gives_its_figures_to_the_registry():
    assert programme("pilotzones") is PILOT_ZONES
    assert list(PILOT_ZONES.figure_labels()) == list(NOW)
    assert [str(label) for label in PILOT_ZONES.figure_labels().values()] == [
        "在办建设申请",
        "已批准建设",
        "运行中",
        "入库经验",
    ]
    assert list(PILOT_ZONES.figure_labels(year=YEAR)) == list(OF_THE_YEAR)
    # The measures and practice are cases of their own but report through the zone's figures.
    assert programme("pilot_measure").figure_labels() == {}
    assert programme("pilot_practice").figures_by_bureau() == {}


def test_figures_by_bureau_now(spread, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = PILOT_ZONES.figures_by_bureau()
    assert figures == {
        bureau("jiangxi"): {"in_progress": 4, "approved": 1, "operating": 1, "practices": 2},
        bureau("guangxi"): {"in_progress": 0, "approved": 1, "operating": 0, "practices": 0},
    }  # bureaus without zones: absent (zeros)


def test_the_figures_cost_the_same_whatever_the_number_of_zones(
    make_zone, make_practice, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert PILOT_ZONES.figures_by_bureau() == {}
    with django_assert_num_queries(2):
        assert PILOT_ZONES.figures_by_bureau(year=YEAR) == {}
    for code in ("jiangxi", "hubei", "guangxi", "beijing"):
        moved_to(make_zone("submitted"), code)
        zone = make_zone("operating")
        make_practice("accepted", zone=zone)  # by 江西局, before the zone is moved
        moved_to(zone, code)
    with django_assert_num_queries(1):
        now = PILOT_ZONES.figures_by_bureau()
    with django_assert_num_queries(2):
        PILOT_ZONES.figures_by_bureau(year=YEAR)
    assert len(now) == 4
    assert {tuple(f.values()) for f in now.values()} == {(1, 0, 1, 1)}


@pytest.fixture
def two_years(make_zone, make_practice, bureau_guangxi, bureau_jiangxi):
    """江西: a zone approved and operating since 2025 with a practice accepted in 2025 and one in
    2026 (adopted by 广西 in 2026); a zone approved in 2026; an application still in progress.
    广西 records one adoption and has no zone."""
    with travel(YEAR - 1, 6, 1, 10):
        old = make_zone("operating")
        first = make_practice("accepted", zone=old)
    with travel(YEAR, 3, 1, 10):
        make_zone("approved")
        make_zone("acceptance")
        make_practice("accepted", zone=old)
        services.practice_adopt(
            practice=first, actor=bureau_guangxi, place="凭祥综合保税区", note="参照实施。"
        )
    return old


def test_figures_of_a_year(two_years, django_assert_num_queries):
    with travel(YEAR, 7, 1, 12):
        with django_assert_num_queries(2):
            this_year = PILOT_ZONES.figures_by_bureau(year=YEAR)
        last_year = PILOT_ZONES.figures_by_bureau(year=YEAR - 1)
        before = PILOT_ZONES.figures_by_bureau(year=YEAR - 2)
    assert this_year == {
        bureau("jiangxi"): {"approved": 1, "operating": 1, "practices": 1, "adoptions": 0},
        bureau("guangxi"): {"approved": 0, "operating": 0, "practices": 0, "adoptions": 1},
    }
    assert last_year == {
        bureau("jiangxi"): {"approved": 1, "operating": 1, "practices": 1, "adoptions": 0},
    }
    # Before the zones were approved: nothing approved, operating or accepted.
    assert before == {
        bureau("jiangxi"): {"approved": 0, "operating": 0, "practices": 0, "adoptions": 0},
    }


def test_the_annual_summaries_carry_the_programme(two_years):
    with travel(YEAR, 7, 1, 12):
        regions_services.summaries_draft(year=YEAR)
    jiangxi = AnnualSummary.objects.get(bureau__code="jiangxi", year=YEAR)
    assert jiangxi.programme_figures["pilotzones"] == {
        "approved": 1,
        "operating": 1,
        "practices": 1,
        "adoptions": 0,
    }
    guangxi = AnnualSummary.objects.get(bureau__code="guangxi", year=YEAR)
    assert guangxi.programme_figures["pilotzones"]["adoptions"] == 1
    hubei = AnnualSummary.objects.get(bureau__code="hubei", year=YEAR)
    assert hubei.programme_figures["pilotzones"] == dict.fromkeys(OF_THE_YEAR, 0)


# ---------------------------------------------------------------- HQ's dashboard


def programme_columns(page: str, label: str) -> tuple[int, list[str]]:
    """Where the programme's group starts among the table's number columns, and its labels."""
    table = re.search(r'<table class="table programmes">(.*?)</table>', page, re.S).group(1)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    first, second = re.findall(r"<tr>(.*?)</tr>", head, re.S)[:2]
    groups = re.findall(r'<th colspan="(\d+)">([^<]*)</th>', first)
    labels = re.findall(r'<th class="num">([^<]*)</th>', second)
    offset = 0
    for width, name in groups:
        if name == label:
            return offset, labels[offset : offset + int(width)]
        offset += int(width)
    raise AssertionError(f"no column group {label!r}: {groups}")


def dashboard_row(page: str, name: str) -> list[str]:
    table = re.search(r'<table class="table programmes">(.*?)</table>', page, re.S).group(1)
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', table, re.S).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_hq_dashboard_shows_the_programmes_columns(client_for, hq, spread):
    page = client_for(hq).get(f"/regions/dashboard/?year={YEAR}").content.decode()
    offset, labels = programme_columns(page, "国检试验区")
    assert labels == ["在办建设申请", "已批准建设", "运行中", "入库经验"]
    cells = {
        name: dashboard_row(page, name)[offset : offset + 4] for name in ("江西", "广西", "湖北")
    }
    assert cells == {
        "江西": ["4", "1", "1", "2"],
        "广西": ["0", "1", "0", "0"],
        "湖北": ["0", "0", "0", "0"],
    }


def test_the_dashboard_follows_a_transition(client_for, hq, make_zone, bureau_jiangxi, gov_jiangxi):
    """A zone's transition refreshes HQ's dashboard (the programme's figure models)."""
    client = client_for(hq)
    zone = make_zone("submitted")
    page = client.get(f"/regions/dashboard/?year={YEAR}").content.decode()
    offset, _labels = programme_columns(page, "国检试验区")
    assert dashboard_row(page, "江西")[offset : offset + 4] == ["1", "0", "0", "0"]
    generation = dashboard_cache.generation()
    services.zone_transition(zone=zone, name="return", actor=bureau_jiangxi, reason="补充。")
    services.zone_update(zone=zone, actor=gov_jiangxi, location="新地点")
    assert dashboard_cache.generation() != generation
    page = client.get(f"/regions/dashboard/?year={YEAR}").content.decode()
    assert dashboard_row(page, "江西")[offset : offset + 4] == ["1", "0", "0", "0"]
    zone = make_zone("approved")
    page = client.get(f"/regions/dashboard/?year={YEAR}").content.decode()
    assert dashboard_row(page, "江西")[offset : offset + 4] == ["1", "1", "0", "0"]


def test_only_hq_reads_the_dashboard(client_for, people):
    for role in ("tongguan", "bureau", "applicant", "operator"):
        response = client_for(people[role]).get(f"/regions/dashboard/?year={YEAR}")
        assert response.status_code in (403, 404), role
