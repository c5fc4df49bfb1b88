"""Reporting of the demonstration-zone programme (issue 13 points 8 and 9; seed 001 §七.4 总结报告):
its figures per bureau on HQ's dashboard through the programme registry (one grouped query),
the bureaus' zones in the annual summaries (page, PDF, XLSX, roll-up, API), and the zone list
exported as CSV/XLSX by a background job, scoped and safe from formula injection."""

import csv
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import Job
from casework.programmes import programme
from demonstration.models import DemonstrationZone, ZoneHistory
from demonstration.selectors import zone_counts_by_bureau, zone_year_counts_by_bureau
from demonstration.services import zone_transition
from regions import dashboard_cache, services
from regions.models import AnnualSummary, Bureau, BureauYearFigures, SummaryRound

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
YEAR = 2026

# The pilot zones' columns (国检试验区, seed 002) after the demonstration zones': none here.
PILOT_NONE = ["0", "0", "0", "0"]


def travel(*args):
    return time_machine.travel(datetime(*args, tzinfo=SH), tick=False)


def moved(zone, **fields) -> DemonstrationZone:
    DemonstrationZone.objects.filter(pk=zone.pk).update(**fields)
    return DemonstrationZone.objects.get(pk=zone.pk)


def withdrawn_now(zone, actor) -> None:
    """The history row the kernel writes when HQ withdraws the title (at the current moment)."""
    ZoneHistory.objects.create(
        zone=zone,
        transition="withdraw_title",
        from_state="designated",
        to_state="withdrawn",
        actor=actor,
        reason="区内企业恶意违法",
    )


@pytest.fixture
def spread(make_zone):
    """北京局's zones in every state, one of them with a lapsed title, and one zone of 江苏局."""
    zones = {}
    for state in ("draft", "submitted", "returned", "recommended", "assessing", "assessed"):
        zones[state] = make_zone(state)
    zones["designated"] = [make_zone("designated"), make_zone("designated")]
    zones["provincial"] = make_zone("designated", level="provincial")
    zones["lapsed"] = moved(make_zone("designated"), valid_until=date.today() - timedelta(days=400))
    zones["withdrawn"] = make_zone("withdrawn")
    zones["refused"] = make_zone("refused")
    zones["jiangsu"] = moved(make_zone("designated"), bureau=Bureau.objects.get(code="jiangsu"))
    return zones


# ---------------------------------------------------------------- figures per bureau


def test_zone_counts_by_bureau_in_one_grouped_query(spread, django_assert_num_queries):
    beijing, jiangsu = (Bureau.objects.get(code=c).pk for c in ("beijing", "jiangsu"))
    with django_assert_num_queries(1):
        counts = zone_counts_by_bureau()
    # No zone was designated before this year: none owes last year's report.
    reports = {"reports_submitted": 0, "reports_due": 0}
    assert counts[beijing] == {
        "national": 2, "provincial": 1, "in_progress": 5, "withdrawn": 1, **reports,
    }  # fmt: skip
    assert counts[jiangsu] == {
        "national": 1, "provincial": 0, "in_progress": 0, "withdrawn": 0, **reports,
    }  # fmt: skip
    assert set(counts) == {beijing, jiangsu}  # bureaus without zones: absent (zeros)


def test_the_programme_gives_its_figures_to_the_registry(spread):
    demonstration = programme("demonstration")
    assert list(demonstration.figure_labels()) == [
        "national",
        "provincial",
        "in_progress",
        "withdrawn",
        "reports_submitted",
        "reports_due",
    ]
    assert demonstration.figures_by_bureau() == zone_counts_by_bureau()
    assert list(demonstration.figure_labels(year=YEAR)) == [
        "national",
        "provincial",
        "designated",
        "withdrawn",
        "reports_submitted",
        "reports_due",
    ]
    # Eco-origin's figures are the dashboard's own (the summary tables): no hook.
    assert programme("ecoorigin").figure_labels() == {}
    assert programme("ecoorigin").figures_by_bureau() == {}


def dashboard_row(page: str, name: str) -> list[str]:
    table = re.search(r'<table class="table programmes">(.*?)</table>', page, re.S).group(1)
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', table, re.S).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_hq_dashboard_shows_each_programme_per_bureau(client_for, hq, spread):
    beijing = Bureau.objects.get(code="beijing")
    BureauYearFigures.objects.create(
        bureau=beijing, year=YEAR, values={"valid_protected": 7, "newly_protected": 3}
    )
    page = client_for(hq).get(f"/regions/dashboard/?year={YEAR}").content.decode()
    assert "各项目分局情况" in page
    assert "出口工业产品质量安全示范区" in page and "生态原产地产品保护" in page
    # Eco-origin: valid and newly protected products; zones: national, provincial, in
    # progress, withdrawn, last year's reports submitted and due.
    assert dashboard_row(page, "北京") == ["7", "3", "2", "1", "5", "1", "0", "0", *PILOT_NONE]
    assert dashboard_row(page, "江苏") == ["0", "0", "1", "0", "0", "0", "0", "0", *PILOT_NONE]
    assert dashboard_row(page, "湖北") == ["0", "0", "0", "0", "0", "0", "0", "0", *PILOT_NONE]
    table = re.search(r'<table class="table programmes">(.*?)</table>', page, re.S).group(1)
    assert table.count('<th scope="row">') == 35


def _dashboard_queries(client) -> int:
    """The queries of the dashboard built afresh, not served from the cache."""
    client.get(f"/regions/dashboard/?year={YEAR}")  # warm the session and content types
    dashboard_cache.bump()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/regions/dashboard/?year={YEAR}").status_code == 200
    return len(captured)


def test_the_dashboard_reads_the_zones_in_one_query_whatever_their_number(
    client_for, hq, make_zone, django_assert_max_num_queries
):
    client = client_for(hq)
    none = _dashboard_queries(client)
    for state in ("designated", "submitted", "withdrawn", "assessing"):
        for code in ("jiangsu", "hubei", "beijing"):
            moved(make_zone(state), bureau=Bureau.objects.get(code=code))
    assert _dashboard_queries(client) == none
    dashboard_cache.bump()
    # The 14 before the programmes' table (HQ's overdue tasks among them), plus one per
    # programme with figures (the pilot zones' is the second).
    with django_assert_max_num_queries(16):
        client.get(f"/regions/dashboard/?year={YEAR}")


# ---------------------------------------------------------------- the annual summary (§七.4)


@pytest.fixture
def year_of_zones(make_zone, hq):
    """北京局 in 2026 (Beijing time, 7月1日): one national zone designated this year, one
    provincial zone designated last year, one designated and withdrawn this year, one whose
    title lapsed, and a zone of 江苏局 that does not count for 北京局."""
    with travel(YEAR, 7, 1, 10):
        new = make_zone("designated")
        old = moved(
            make_zone("designated", level="provincial"),
            designated_at=date(YEAR - 1, 6, 1),
            valid_until=date(YEAR + 2, 5, 31),
        )
        gone = make_zone("withdrawn")
        withdrawn_now(gone, hq)
        lapsed = moved(
            make_zone("designated"),
            designated_at=date(YEAR - 3, 3, 1),
            valid_until=date(YEAR, 2, 28),
        )
        moved(make_zone("designated"), bureau=Bureau.objects.get(code="jiangsu"))
        make_zone("submitted")
    return {"new": new, "old": old, "gone": gone, "lapsed": lapsed}


def test_year_figures_count_designations_and_withdrawals_of_the_year(year_of_zones):
    beijing = Bureau.objects.get(code="beijing").pk
    with travel(YEAR, 7, 1, 12):
        this_year = zone_year_counts_by_bureau(YEAR)[beijing]
        last_year = zone_year_counts_by_bureau(YEAR - 1)[beijing]
    # Valid titles at the year's end (or today, for the year under way); every zone whose title
    # ran in the year owes its report (the lapsed and the withdrawn one too).
    assert this_year == {
        "national": 1, "provincial": 1, "designated": 2, "withdrawn": 1,
        "reports_submitted": 0, "reports_due": 4,
    }  # fmt: skip
    # At the end of last year: the lapsed title still ran, the provincial one was new.
    assert last_year == {
        "national": 1, "provincial": 1, "designated": 1, "withdrawn": 0,
        "reports_submitted": 0, "reports_due": 2,
    }  # fmt: skip


def test_summaries_carry_the_zones_apart_from_the_seven_sections(year_of_zones, bureau_beijing, hq):
    with travel(YEAR, 7, 1, 12):
        services.summaries_draft(year=YEAR)
    summary = AnnualSummary.objects.get(bureau__code="beijing", year=YEAR)
    assert set(summary.figures) == set(services.SECTION_KEYS)
    assert summary.programme_figures["demonstration"] == {
        "national": 1, "provincial": 1, "designated": 2, "withdrawn": 1,
        "reports_submitted": 0, "reports_due": 4,
    }  # fmt: skip
    hubei = AnnualSummary.objects.get(bureau__code="hubei", year=YEAR)
    assert hubei.programme_figures["demonstration"] == dict.fromkeys(
        ["national", "provincial", "designated", "withdrawn", "reports_submitted", "reports_due"],
        0,
    )

    # Submitting freezes the figures as recomputed then; drafting again leaves them.
    with travel(YEAR + 1, 1, 3, 10):
        services.summary_update(
            summary=summary,
            actor=bureau_beijing,
            narratives=dict.fromkeys(services.SECTION_KEYS, "工作情况良好。"),
            next_year_plan="明年计划",
        )
        submitted = services.summary_submit(summary=summary, actor=bureau_beijing)
    assert submitted.programme_figures["demonstration"]["designated"] == 2
    with travel(YEAR + 1, 1, 4, 10):
        DemonstrationZone.objects.filter(pk=year_of_zones["new"].pk).update(
            designated_at=date(YEAR, 12, 1)
        )
        moved(year_of_zones["old"], designated_at=date(YEAR, 12, 2))
        services.summaries_draft(year=YEAR)
    frozen = AnnualSummary.objects.get(pk=summary.pk)
    assert frozen.programme_figures == submitted.programme_figures

    # The close adds every bureau's figures up.
    with travel(YEAR + 1, 1, 5, 0, 5):
        services.round_close(year=YEAR)
    rollup = SummaryRound.objects.get(year=YEAR).rollup
    assert set(rollup["sections"]) == set(services.SECTION_KEYS)
    # 北京 1 + 江苏 1 valid national titles; 北京 2 + 江苏 1 designated in the year.
    assert rollup["programmes"]["demonstration"]["national"] == 2
    assert rollup["programmes"]["demonstration"]["designated"] == 3


def test_an_older_summary_without_the_zones_still_shows(bureau_beijing, client_for):
    services.summaries_draft(year=YEAR)
    summary = AnnualSummary.objects.get(bureau__code="beijing", year=YEAR)
    AnnualSummary.objects.filter(pk=summary.pk).update(
        programme_figures={}, status=AnnualSummary.Status.SUBMITTED
    )
    response = client_for(bureau_beijing).get(f"/regions/summaries/{summary.pk}/")
    assert response.status_code == 200
    assert "出口工业产品质量安全示范区" not in response.content.decode()
    assert (
        services.summary_context(AnnualSummary.objects.get(pk=summary.pk))["programme_sections"]
        == []
    )


def test_the_summary_page_shows_the_zones_without_a_field_to_write(
    year_of_zones, bureau_beijing, client_for
):
    with travel(YEAR, 7, 1, 12):
        services.summaries_draft(year=YEAR)
    summary = AnnualSummary.objects.get(bureau__code="beijing", year=YEAR)
    page = client_for(bureau_beijing).get(f"/regions/summaries/{summary.pk}/").content.decode()
    section = re.search(r'id="section-demonstration">(.*?)</section>', page, re.S).group(1)
    assert "8. 出口工业产品质量安全示范区" in section
    assert re.search(r"本年度新认定示范区</th><td class=\"num\">2<", section)
    assert "<textarea" not in section
    assert page.count("<textarea") == 8  # the seven sections and next year's plan


def run_job(django_capture_on_commit_callbacks, client, url, data=None) -> Job:
    before = set(Job.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.exclude(pk__in=before).get()
    assert response["Location"] == f"/accounts/jobs/{job.pk}/"
    job.refresh_from_db()
    return job


def test_summary_xlsx_and_pdf_and_the_rollup_show_the_zones(
    year_of_zones, bureau_beijing, hq, client_for, django_capture_on_commit_callbacks
):
    with travel(YEAR, 7, 1, 12):
        services.summaries_draft(year=YEAR)
    summary = AnnualSummary.objects.get(bureau__code="beijing", year=YEAR)
    client = client_for(bureau_beijing)
    job = run_job(
        django_capture_on_commit_callbacks, client, f"/regions/summaries/{summary.pk}/export/xlsx/"
    )
    assert job.status == Job.Status.DONE, job.error
    rows = list(load_workbook(job.result_file.path).active.iter_rows(values_only=True))
    zone_rows = [r for r in rows if r[0] == "8. 出口工业产品质量安全示范区"]
    assert [(r[1], r[2]) for r in zone_rows] == [
        ("国家级示范区（有效）", 1),
        ("省级示范区（有效）", 1),
        ("本年度新认定示范区", 2),
        ("本年度撤销称号", 1),
        ("年度建设情况报告已报送", 0),
        ("年度建设情况报告应报送", 4),
    ]

    if shutil.which("pdftotext"):
        job = run_job(
            django_capture_on_commit_callbacks,
            client,
            f"/regions/summaries/{summary.pk}/export/pdf/",
        )
        assert job.status == Job.Status.DONE, job.error
        text = subprocess.run(
            ["pdftotext", str(job.result_file.path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "出口工业产品质量安全示范区" in text and "本年度新认定示范区" in text

    with travel(YEAR + 1, 1, 5, 0, 5):
        services.round_close(year=YEAR)
    hq_client = client_for(hq)
    page = hq_client.get(f"/regions/summaries/rollup/{YEAR}/").content.decode()
    assert "8. 出口工业产品质量安全示范区" in page
    job = run_job(
        django_capture_on_commit_callbacks,
        hq_client,
        f"/regions/summaries/rollup/{YEAR}/export/xlsx/",
    )
    assert job.status == Job.Status.DONE, job.error
    totals = list(load_workbook(job.result_file.path).worksheets[0].iter_rows(values_only=True))
    assert ("8. 出口工业产品质量安全示范区", "本年度新认定示范区", 3, None) in totals


def test_the_summaries_api_gives_the_zones_beside_the_sections(
    year_of_zones, api_for, bureau_beijing
):
    with travel(YEAR, 7, 1, 12):
        services.summaries_draft(year=YEAR)
    response = api_for(bureau_beijing).get("/api/v1/summaries/", {"year": YEAR})
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert [s["key"] for s in row["sections"]] == services.SECTION_KEYS
    # The zones first, then the other sources of figures (HQ's tasks and the reports to HQ).
    assert [p["key"] for p in row["programmes"]] == ["demonstration", "pilotzones", "liaison"]
    assert row["programmes"][:1] == [
        {
            "key": "demonstration",
            "label": "出口工业产品质量安全示范区",
            "figures": {
                "国家级示范区（有效）": 1,
                "省级示范区（有效）": 1,
                "本年度新认定示范区": 2,
                "本年度撤销称号": 1,
                "年度建设情况报告已报送": 0,
                "年度建设情况报告应报送": 4,
            },
            "data": {
                "national": 1,
                "provincial": 1,
                "designated": 2,
                "withdrawn": 1,
                "reports_submitted": 0,
                "reports_due": 4,
            },
        }
    ]


def test_the_summaries_table_lists_the_zone_figures(
    year_of_zones, hq, client_for, django_capture_on_commit_callbacks
):
    with travel(YEAR, 7, 1, 12):
        services.summaries_draft(year=YEAR)
    job = run_job(
        django_capture_on_commit_callbacks,
        client_for(hq),
        "/regions/tables/export/",
        {"table": "summaries", "year": YEAR, "format": "csv"},
    )
    assert job.status == Job.Status.DONE, job.error
    with open(job.result_file.path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("出口工业产品质量安全示范区：本年度新认定示范区")
    beijing = next(row for row in rows if row[0] == "beijing")
    assert beijing[column] == "2"


# ---------------------------------------------------------------- the zone list exported


EXPORT = "/demonstration/export/"


def test_hq_exports_every_zone_as_csv_safe_from_formulas(
    spread, hq, client_for, django_capture_on_commit_callbacks
):
    moved(spread["submitted"], name='=HYPERLINK("http://evil.example")示范区', industry="+1")
    job = run_job(django_capture_on_commit_callbacks, client_for(hq), EXPORT, {"format": "csv"})
    assert job.status == Job.Status.DONE, job.error
    assert job.progress == 100
    assert job.result_file.name.endswith(".csv")
    with open(job.result_file.path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["编号", "示范区名称", "级别", "申请地方政府", "直属局"]
    assert len(rows) == 1 + DemonstrationZone.objects.count()
    evil = next(row for row in rows if row[0] == str(spread["submitted"].pk))
    assert evil[1].startswith("'=HYPERLINK")
    assert "'+1" in evil
    designated = next(row for row in rows if row[0] == str(spread["designated"][0].pk))
    assert "已认定" in designated and designated[rows[0].index("称号编号")].startswith("QSZ-")


def test_a_bureau_exports_its_own_zones_as_xlsx_with_the_worklist_filters(
    spread, bureau_beijing, client_for, django_capture_on_commit_callbacks
):
    moved(spread["assessed"], name="@SUM(A1)示范区")
    client = client_for(bureau_beijing)
    job = run_job(django_capture_on_commit_callbacks, client, EXPORT, {"format": "xlsx"})
    assert job.status == Job.Status.DONE, job.error
    sheet = load_workbook(job.result_file.path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + DemonstrationZone.objects.filter(bureau__code="beijing").count()
    assert spread["jiangsu"].pk not in {row[0] for row in rows[1:]}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "@SUM(A1)示范区" in {row[1] for row in rows}

    job = run_job(
        django_capture_on_commit_callbacks,
        client,
        EXPORT,
        {"format": "csv", "state": "designated", "level": "provincial"},
    )
    with open(job.result_file.path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows[1:]] == [str(spread["provincial"].pk)]


def test_only_hq_and_bureaus_export_and_the_job_rechecks_when_it_runs(
    spread, gov_beijing, bureau_beijing, enterprise, client_for
):
    from accounts.services import job_run

    assert client_for(gov_beijing).post(EXPORT, {"format": "csv"}).status_code == 404
    assert client_for(enterprise).post(EXPORT, {"format": "csv"}).status_code == 404
    assert client_for(bureau_beijing).post(EXPORT, {"format": "pdf"}).status_code == 400
    assert client_for(bureau_beijing).get(EXPORT).status_code == 405
    assert not Job.objects.exists()
    forged = Job.objects.create(
        owner=gov_beijing, kind="demonstration.zone_export", params={"format": "csv"}
    )
    job_run(job_id=forged.pk)
    forged.refresh_from_db()
    assert forged.status == Job.Status.FAILED and not forged.result_file


def test_the_worklist_links_the_export_for_hq_and_bureaus(
    client_for, hq, bureau_beijing, gov_beijing
):
    for user in (hq, bureau_beijing):
        page = client_for(user).get("/demonstration/?state=designated").content.decode()
        assert f'action="{EXPORT}"' in page
        assert 'name="state" value="designated"' in page
    assert EXPORT not in client_for(gov_beijing).get("/demonstration/").content.decode()


def test_the_export_job_reports_progress(spread, hq, monkeypatch):
    from accounts.services import job_run
    from demonstration import jobs

    seen = []
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 3)
    monkeypatch.setattr(
        "accounts.services.job_set_progress", lambda *, job, percent: seen.append(percent)
    )
    job = Job.objects.create(owner=hq, kind="demonstration.zone_export", params={"format": "xlsx"})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] < 100


def test_hq_exports_the_programmes_table_of_the_dashboard(
    spread, hq, client_for, django_capture_on_commit_callbacks
):
    job = run_job(
        django_capture_on_commit_callbacks,
        client_for(hq),
        "/regions/tables/export/",
        {"table": "programmes", "year": YEAR, "format": "csv"},
    )
    assert job.status == Job.Status.DONE, job.error
    with open(job.result_file.path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 36
    assert rows[0][:3] == ["直属局代码", "直属局", "生态原产地产品保护：有效保护产品"]
    assert "出口工业产品质量安全示范区：在办申请" in rows[0]
    beijing = next(row for row in rows if row[0] == "beijing")
    assert beijing[2:] == ["0", "0", "2", "1", "5", "1", "0", "0", *PILOT_NONE]


def test_the_programmes_table_escapes_names(client_for, hq):
    Bureau.objects.filter(code="hubei").update(name="<b>湖北</b>")
    page = client_for(hq).get(f"/regions/dashboard/?year={YEAR}").content.decode()
    table = re.search(r'<table class="table programmes">(.*?)</table>', page, re.S).group(1)
    assert '<th scope="row">&lt;b&gt;湖北&lt;/b&gt;</th>' in table and "<b>" not in table


# ---------------------------------------------------------------- the dashboard's cache


def zone_cells(client) -> list[str]:
    """北京局's row of the programmes' table: eco-origin's two figures, then the zones'."""
    return dashboard_row(client.get(f"/regions/dashboard/?year={YEAR}").content.decode(), "北京")


def test_a_programme_transition_changes_its_figures(client_for, hq, make_zone):
    client = client_for(hq)
    zone = make_zone("assessed")
    assert zone_cells(client)[2:5] == ["0", "0", "1"]  # national, provincial, in progress
    zone_transition(zone=zone, name="designate", actor=hq, valid_years=5)
    assert zone_cells(client)[2:5] == ["1", "0", "0"]


def test_titles_that_lapse_at_midnight_leave_the_next_days_page(client_for, hq, make_zone):
    client = client_for(hq)
    evening = datetime(YEAR, 6, 1, 23, 50, tzinfo=SH)
    with travel(YEAR, 6, 1, 23, 50):
        zone = make_zone("designated")
        moved(zone, valid_until=date(YEAR, 6, 1))
        dashboard_cache.bump()  # moved() is a queryset update, which sends no signal
        assert zone_cells(client)[2] == "1"
    with time_machine.travel(evening + timedelta(minutes=20), tick=False):
        assert zone_cells(client)[2] == "0"
