"""The side-by-side comparison of a year (比较研究质量发展状况): the three places as columns in the
seed's order, a place that has not submitted as 未报送 (no report, no values), highest and lowest
marked among those that reported, for members only; a constant number of queries."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import Job
from accounts.services import job_run
from qualityreports import selectors, services
from qualityreports.figures import FIGURE_KEYS

from .conftest import COMPLETE, last_year

pytestmark = pytest.mark.django_db

PAGE = "/cooperation/quality-reports/"


@pytest.fixture
def filed(actors, draft):
    """Beijing and Tianjin submitted last year's report; Hebei has only a draft."""
    beijing = draft(
        "beijing_authority",
        **{**COMPLETE, "supervision_pass_rate": Decimal("95.60"), "leading_industries": 12},
    )
    services.report_submit(report=beijing, actor=actors["beijing_authority"])
    tianjin = draft("tianjin_bureau", **COMPLETE)
    services.report_submit(report=tianjin, actor=actors["tianjin_bureau"])
    draft("hebei_authority", **{**COMPLETE, "supervision_pass_rate": Decimal("99.00")})
    return beijing, tianjin


def _row(comparison, key):
    return next(row for row in comparison["rows"] if row["figure"].key == key)


def test_three_columns_and_a_place_without_a_report(actors, filed):
    beijing, tianjin = filed
    comparison = selectors.comparison(user=actors["renjianwei"], year=last_year())
    assert [(c["place"], c["report"]) for c in comparison["columns"]] == [
        ("beijing", beijing),
        ("tianjin", tianjin),
        ("hebei", None),  # a draft is not filed: 未报送
    ]
    assert [row["figure"].key for row in comparison["rows"]] == list(FIGURE_KEYS)
    for row in comparison["rows"]:
        assert row["cells"][2] == {"place": "hebei", "value": None, "mark": None}


def test_highest_and_lowest_are_marked_and_ties_are_not(actors, filed):
    comparison = selectors.comparison(user=actors["hq"], year=last_year())
    rate = _row(comparison, "supervision_pass_rate")
    assert [(c["value"], c["mark"]) for c in rate["cells"][:2]] == [
        (Decimal("95.60"), "highest"),
        (Decimal("93.80"), "lowest"),
    ]
    equal = _row(comparison, "standards_led")
    assert [c["mark"] for c in equal["cells"]] == [None, None, None]


def test_three_places_mark_only_the_extremes(actors, filed, draft):
    hebei = draft(
        "hebei_bureau",
        year=last_year() - 1,
        **{**COMPLETE, "export_failure_rate": Decimal("0.88")},
    )
    services.report_submit(report=hebei, actor=actors["hebei_bureau"])
    for code, rate in (("beijing", "0.42"), ("tianjin", "0.65")):
        made = draft(
            f"{code}_bureau",
            year=last_year() - 1,
            **{**COMPLETE, "export_failure_rate": Decimal(rate)},
        )
        services.report_submit(report=made, actor=actors[f"{code}_bureau"])
    comparison = selectors.comparison(user=actors["beijing_inspector"], year=last_year() - 1)
    marks = [c["mark"] for c in _row(comparison, "export_failure_rate")["cells"]]
    assert marks == ["lowest", None, "highest"]


def test_a_single_report_is_not_marked(actors, draft):
    only = draft("hebei_authority", **COMPLETE)
    services.report_submit(report=only, actor=actors["hebei_authority"])
    comparison = selectors.comparison(user=actors["hq"], year=last_year())
    assert all(c["mark"] is None for row in comparison["rows"] for c in row["cells"])


@pytest.mark.parametrize("actor", ["jiangsu_bureau", "jiangsu_authority", "enterprise", "agency"])
def test_outsiders_get_nothing(actors, filed, actor):
    assert selectors.comparison(user=actors[actor], year=last_year())["columns"] == []


def test_the_selector_reads_once(actors, filed, django_assert_num_queries):
    hq = actors["hq"]
    with django_assert_num_queries(1):
        selectors.comparison(user=hq, year=last_year())


def _page_queries(client, year) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE, {"year": year}).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_whatever_is_filed(
    client_for, actors, filed, django_assert_max_num_queries
):
    client = client_for(actors["hebei_authority"])
    client.get(PAGE)  # the first request of a session costs more (warm-up)
    empty = _page_queries(client, last_year() - 3)
    full = _page_queries(client, last_year())
    assert full == empty
    with django_assert_max_num_queries(15):
        client.get(PAGE, {"year": last_year()})


def _run(owner, year) -> Job:
    job = Job.objects.create(
        owner=owner, kind="qualityreports.comparison_xlsx", params={"year": year}
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_the_comparison_as_xlsx(actors, filed):
    job = _run(actors["tianjin_inspector"], last_year())
    assert job.status == "done", job.error
    sheet = load_workbook(BytesIO(job.result_file.read())).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["指标", "单位", "北京", "天津", "河北", "最高", "最低"]
    assert rows[1][2:5] == ["已报送", "已报送", "未报送"]
    assert rows[2] == ["产品质量监督抽查合格率", "%", 95.6, 93.8, None, "北京", "天津"]
    assert len(rows) == 2 + len(FIGURE_KEYS)


def test_the_export_is_for_members_only(client_for, actors, filed):
    assert _run(actors["enterprise"], last_year()).status == "failed"
    outsider = client_for(actors["jiangsu_bureau"]).post(f"{PAGE}export/", {"year": last_year()})
    assert outsider.status_code == 404
    client = client_for(actors["hq"])
    assert client.post(f"{PAGE}export/", {"year": "abc"}).status_code == 400
    assert client.get(f"{PAGE}export/").status_code == 405
    started = client.post(f"{PAGE}export/", {"year": last_year()})
    assert started.status_code in (202, 302)
