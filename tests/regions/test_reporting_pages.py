"""The browser side of reporting (SPEC §5): bureau activities and their yearly minimums, annual
summaries (save, submit, return, late), rankings, HQ's dashboard and the exports."""

import csv
import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Job
from liaison.models import Assignment, Task
from regions import dashboard_cache, services
from regions.models import (
    AnnualSummary,
    Bureau,
    BureauYearFigures,
    LectureTour,
    Ranking,
    ResearchProject,
    SummaryRound,
    Zone,
)
from regions.selectors import activity_flags
from regions.tasks import drafting_key
from supervision.models import KeyWorkItem
from tests import factories

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1  # its summaries were due before 1月5日 of this year: already late
SECTION_LABELS = [
    "受理申报",
    "组织评定",
    "实施监管",
    "整改结果",
    "产品退出",
    "科学研究",
    "巡讲宣贯",
]
SECTION_KEYS = [
    "intake",
    "evaluation",
    "supervision",
    "rectification",
    "exit",
    "research",
    "outreach",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_bureau_user(db):
    """北京局 clerk: outside 西南片区 (leads 京津冀专区)."""
    return factories.bureau_staff("beijing", username="clerk-beijing")


@pytest.fixture
def drafted():
    """Every bureau's summary of this year and of last year, drafted."""
    services.summaries_draft(year=THIS_YEAR)
    services.summaries_draft(year=LAST_YEAR)


def summary_of(code: str, year: int = THIS_YEAR) -> AnnualSummary:
    return AnnualSummary.objects.get(bureau__code=code, year=year)


def narratives() -> dict:
    return {
        key: f"{label}：本年度工作情况良好。"
        for key, label in zip(SECTION_KEYS, SECTION_LABELS, strict=True)
    }


def complete_form(**overrides) -> dict:
    body = narratives()
    body["next_year_plan"] = "明年继续推进生态原产地产品保护工作。"
    body.update(overrides)
    return body


def page_text(response) -> str:
    return response.content.decode()


def run_jobs(django_capture_on_commit_callbacks, client, url, data=None) -> Job:
    """POST an export; the job it starts runs at once (eager Celery after commit)."""
    before = set(Job.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, page_text(response)
    job = Job.objects.exclude(pk__in=before).get()
    assert response["Location"] == f"/accounts/jobs/{job.pk}/"
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- access per role

GET_PAGES = [
    "/regions/activities/",
    "/regions/activities/research/new/",
    "/regions/activities/lecture/new/",
    "/regions/activities/report/new/",
    "/regions/summaries/",
    "/regions/summaries/{hubei}/",
    f"/regions/summaries/rollup/{LAST_YEAR}/",
    "/regions/rankings/",
    "/regions/dashboard/",
    "/regions/dashboard/zones/southwest/",
    "/regions/dashboard/bureaus/hubei/",
]
POST_PAGES = [
    "/regions/summaries/draft/",
    "/regions/summaries/{hubei}/return/",
    "/regions/summaries/{hubei}/export/pdf/",
    f"/regions/summaries/rollup/{LAST_YEAR}/export/xlsx/",
    "/regions/tables/export/",
    "/regions/rankings/recompute/",
    "/regions/activities/lecture/new/",
]


def _url(template: str) -> str:
    return template.format(hubei=summary_of("hubei").pk)


@pytest.mark.parametrize("template", GET_PAGES + POST_PAGES)
def test_anonymous_is_sent_to_the_login_page(client, drafted, template):
    url = _url(template)
    response = client.post(url) if template in POST_PAGES else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["enterprise_user", "agency_user", "inspector_user"])
@pytest.mark.parametrize("template", GET_PAGES + POST_PAGES)
def test_enterprises_agencies_and_inspectors_are_refused(
    request, client_for, drafted, persona, template
):
    client = client_for(request.getfixturevalue(persona))
    url = _url(template)
    response = (
        client.post(url, {"year": LAST_YEAR, "table": "summaries", "format": "csv"})
        if template in POST_PAGES
        else client.get(url)
    )
    assert response.status_code in (403, 404), (url, response.status_code)
    assert not Job.objects.exists()


def test_hq_opens_every_reporting_page(client_for, hq_user, drafted):
    services.round_close(year=LAST_YEAR)
    services.ranking_compute(year=THIS_YEAR)
    client = client_for(hq_user)
    for template in GET_PAGES:
        if "/activities/" in template and template.endswith("/new/"):
            continue  # only bureaus record activities
        url = _url(template)
        assert client.get(url).status_code == 200, url


def test_hq_does_not_record_activities(client_for, hq_user):
    client = client_for(hq_user)
    for kind in ("research", "lecture", "report"):
        assert client.get(f"/regions/activities/{kind}/new/").status_code == 403


def test_unknown_activity_kind_is_404(client_for, bureau_user):
    assert client_for(bureau_user).get("/regions/activities/party/new/").status_code == 404


def test_a_bureau_sees_its_own_summary_and_not_another_bureaus(client_for, bureau_user, drafted):
    client = client_for(bureau_user)
    assert client.get(f"/regions/summaries/{summary_of('hubei').pk}/").status_code == 200
    assert client.get(f"/regions/summaries/{summary_of('hunan').pk}/").status_code == 404
    assert client.get(f"/regions/summaries/{summary_of('beijing').pk}/").status_code == 404
    listing = page_text(client.get(f"/regions/summaries/?year={THIS_YEAR}"))
    assert "湖北出入境检验检疫局" in listing
    assert "湖南出入境检验检疫局" not in listing


def test_a_bureau_is_refused_hq_pages(client_for, bureau_user, lead_bureau_user, drafted):
    services.round_close(year=LAST_YEAR)
    for user in (bureau_user, lead_bureau_user):
        client = client_for(user)
        for url in [
            f"/regions/summaries/rollup/{LAST_YEAR}/",
            "/regions/dashboard/",
            "/regions/dashboard/zones/southwest/",
            "/regions/dashboard/bureaus/hubei/",
        ]:
            assert client.get(url).status_code == 403, url
        for url in [
            "/regions/summaries/draft/",
            "/regions/rankings/recompute/",
            f"/regions/summaries/rollup/{LAST_YEAR}/export/pdf/",
        ]:
            assert client.post(url, {"year": LAST_YEAR}).status_code == 403, url
    assert not Job.objects.exists()
    assert not Ranking.objects.exists()


def test_bureaus_see_rankings_like_the_api(client_for, bureau_user):
    services.ranking_compute(year=THIS_YEAR)
    page = page_text(client_for(bureau_user).get(f"/regions/rankings/?year={THIS_YEAR}"))
    assert "湖北" in page and "得分构成" in page
    assert "重新计算排名" not in page


def test_zone_lead_sees_its_zones_summaries_read_only(client_for, lead_bureau_user, drafted):
    client = client_for(lead_bureau_user)
    listing = page_text(client.get(f"/regions/summaries/?year={THIS_YEAR}"))
    for name in ["重庆", "湖北", "湖南", "广西", "四川", "贵州", "云南", "西藏"]:
        assert f"{name}出入境检验检疫局" in listing
    assert "北京出入境检验检疫局" not in listing
    member = summary_of("hubei")
    page = client.get(f"/regions/summaries/{member.pk}/")
    assert page.status_code == 200
    assert "<textarea" not in page_text(page)
    assert "退回该局修改" not in page_text(page)
    assert client.get(f"/regions/summaries/{summary_of('beijing').pk}/").status_code == 404
    # It may not write another bureau's summary, nor return it.
    assert client.post(f"/regions/summaries/{member.pk}/", complete_form()).status_code == 403
    response = client.post(f"/regions/summaries/{member.pk}/return/", {"reason": "x"})
    assert response.status_code in (403, 409)
    assert summary_of("hubei").narratives == {}


# ---------------------------------------------------------------- save, submit, return


def test_the_bureau_saves_a_draft(client_for, bureau_user, drafted):
    summary = summary_of("hubei")
    client = client_for(bureau_user)
    page = page_text(client.get(f"/regions/summaries/{summary.pk}/"))
    for label in SECTION_LABELS:
        assert label in page
    assert page.count("<textarea") == 8
    response = client.post(
        f"/regions/summaries/{summary.pk}/",
        {"intake": "  受理了三件申报。 ", "next_year_plan": "计划", "action": "save"},
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.narratives["intake"] == "受理了三件申报。"
    assert summary.next_year_plan == "计划"
    assert summary.status == AnnualSummary.Status.DRAFT
    assert "受理了三件申报。" in page_text(client.get(f"/regions/summaries/{summary.pk}/"))


def test_submitting_with_empty_sections_is_400_and_names_them(client_for, bureau_user, drafted):
    summary = summary_of("hubei")
    response = client_for(bureau_user).post(
        f"/regions/summaries/{summary.pk}/",
        {"intake": "已填写", "evaluation": "已填写", "action": "submit"},
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "以下部分尚未填写：实施监管、整改结果、产品退出、科学研究、巡讲宣贯" in page
    assert "请填写下一年度工作计划。" in page
    assert "草稿已保存，补全后再报送。" in page
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.DRAFT
    assert summary.narratives["intake"] == "已填写"  # the draft was kept


def test_submit_then_read_only_then_returned_then_editable(
    client_for, bureau_user, hq_user, drafted
):
    summary = summary_of("hubei")
    bureau = client_for(bureau_user)
    response = bureau.post(f"/regions/summaries/{summary.pk}/", complete_form(action="submit"))
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.SUBMITTED
    assert summary.submitted_by == bureau_user
    assert not summary.late  # this year's summaries are due next January
    page = page_text(bureau.get(f"/regions/summaries/{summary.pk}/"))
    assert "<textarea" not in page
    assert "已报送" in page
    # Read-only: a forged save is a conflict and changes nothing.
    response = bureau.post(f"/regions/summaries/{summary.pk}/", complete_form(intake="改"))
    assert response.status_code == 409
    assert "年度总结已报送，不能再修改" in page_text(response)
    assert summary_of("hubei").narratives["intake"] != "改"

    hq = client_for(hq_user)
    page = page_text(hq.get(f"/regions/summaries/{summary.pk}/"))
    assert "退回该局修改" in page
    response = hq.post(f"/regions/summaries/{summary.pk}/return/", {"reason": "  "})
    assert response.status_code == 400
    assert "请填写退回原因。" in page_text(response)
    assert summary_of("hubei").status == AnnualSummary.Status.SUBMITTED
    response = hq.post(f"/regions/summaries/{summary.pk}/return/", {"reason": "请补充监管数据分析"})
    assert response.status_code == 302
    assert summary_of("hubei").status == AnnualSummary.Status.RETURNED
    # Returning twice is a conflict.
    assert (
        hq.post(f"/regions/summaries/{summary.pk}/return/", {"reason": "再退"}).status_code == 409
    )

    bureau = client_for(bureau_user)
    page = page_text(bureau.get(f"/regions/summaries/{summary.pk}/"))
    assert "请补充监管数据分析" in page
    assert page.count("<textarea") == 8
    response = bureau.post(f"/regions/summaries/{summary.pk}/", complete_form(action="submit"))
    assert response.status_code == 302
    assert summary_of("hubei").status == AnnualSummary.Status.SUBMITTED


def test_hq_cannot_write_a_bureaus_summary_and_a_bureau_cannot_return(
    client_for, hq_user, bureau_user, drafted
):
    summary = summary_of("hubei")
    response = client_for(hq_user).post(f"/regions/summaries/{summary.pk}/", complete_form())
    assert response.status_code == 403
    assert "只有本局可以编辑本局的年度总结。" in page_text(response)
    services.summary_update(
        summary=summary, actor=bureau_user, narratives=narratives(), next_year_plan="计划"
    )
    services.summary_submit(summary=summary, actor=bureau_user)
    response = client_for(bureau_user).post(
        f"/regions/summaries/{summary.pk}/return/", {"reason": "自己退回"}
    )
    assert response.status_code == 403
    assert summary_of("hubei").status == AnnualSummary.Status.SUBMITTED


# ---------------------------------------------------------------- late


def test_late_and_past_due_are_shown(client_for, hq_user, bureau_user, drafted):
    hq = client_for(hq_user)
    listing = page_text(hq.get(f"/regions/summaries/?year={LAST_YEAR}"))
    assert "已过报送期限" in listing  # not submitted, due date passed, round not closed yet

    summary = summary_of("hubei", LAST_YEAR)
    response = client_for(bureau_user).post(
        f"/regions/summaries/{summary.pk}/", complete_form(action="submit")
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.late
    page = page_text(client_for(bureau_user).get(f"/regions/summaries/{summary.pk}/"))
    assert "逾期" in page

    services.round_close(year=LAST_YEAR)
    hq = client_for(hq_user)
    listing = page_text(hq.get(f"/regions/summaries/?year={LAST_YEAR}"))
    assert listing.count('<span class="badge overdue">逾期</span>') == 35
    assert "查看全国汇总" in listing
    rollup = page_text(hq.get(f"/regions/summaries/rollup/{LAST_YEAR}/"))
    assert "全国汇总" in rollup and "受理申报" in rollup


def test_an_on_time_summary_is_not_marked_late(client_for, hq_user, bureau_user, drafted):
    summary = summary_of("hubei")
    client_for(bureau_user).post(
        f"/regions/summaries/{summary.pk}/", complete_form(action="submit")
    )
    listing = page_text(client_for(hq_user).get(f"/regions/summaries/?year={THIS_YEAR}"))
    row = re.search(r"湖北出入境检验检疫局</a></td>(.*?)</tr>", listing, re.S).group(1)
    assert "已报送" in row and "逾期" not in row and "已过报送期限" not in row


# ---------------------------------------------------------------- drafting


def test_hq_drafts_summaries_and_the_page_says_it_is_running(
    client_for, hq_user, django_capture_on_commit_callbacks
):
    client = client_for(hq_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/regions/summaries/draft/", {"year": LAST_YEAR})
    assert response.status_code == 302
    assert len(callbacks) == 1  # queued after commit, not yet run
    assert not AnnualSummary.objects.exists()
    page = page_text(client.get(f"/regions/summaries/?year={LAST_YEAR}"))
    assert f"正在生成 {LAST_YEAR} 年度各局工作总结" in page
    callbacks[0]()  # the worker runs it
    assert AnnualSummary.objects.filter(year=LAST_YEAR).count() == 35
    assert cache.get(drafting_key(LAST_YEAR)) is None
    page = page_text(client.get(f"/regions/summaries/?year={LAST_YEAR}"))
    assert "正在生成" not in page
    assert page.count("/regions/summaries/") >= 35


def test_drafting_refuses_a_future_year(client_for, hq_user, django_capture_on_commit_callbacks):
    client = client_for(hq_user)  # signing in forgets the user's kept row on commit
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/regions/summaries/draft/", {"year": THIS_YEAR + 1})
    assert response.status_code == 302
    assert not callbacks
    assert not AnnualSummary.objects.exists()


# ---------------------------------------------------------------- activities and flags


def test_a_zone_lead_files_a_research_project_for_its_zone(client_for, lead_bureau_user):
    client = client_for(lead_bureau_user)
    page = page_text(client.get("/regions/activities/research/new/"))
    assert "西南片区" in page and "东部片区" not in page
    southwest = Zone.objects.get(code="southwest")
    response = client.post(
        "/regions/activities/research/new/",
        {
            "title": "西南片区生态原产地产品评定技术规范研究",
            "zone": southwest.pk,
            "member_bureaus": [Bureau.objects.get(code="sichuan").pk],
            "partners": "西南大学",
            "start_date": date(THIS_YEAR, 1, 10).isoformat(),
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/regions/activities/?year={THIS_YEAR}"
    project = ResearchProject.objects.get()
    assert project.lead_bureau.code == "chongqing"
    assert project.zone == southwest
    assert [b.code for b in project.member_bureaus.all()] == ["sichuan"]
    listing = page_text(client.get(f"/regions/activities/?year={THIS_YEAR}"))
    assert "西南片区生态原产地产品评定技术规范研究" in listing


def test_a_zone_lead_cannot_file_for_a_zone_it_does_not_lead(client_for, lead_bureau_user):
    east = Zone.objects.get(code="east")
    response = client_for(lead_bureau_user).post(
        "/regions/activities/research/new/",
        {
            "title": "越权立项",
            "zone": east.pk,
            "start_date": date(THIS_YEAR, 1, 10),
            "status": "planned",
        },
    )
    assert response.status_code == 400
    assert not ResearchProject.objects.exists()


def test_a_plain_bureau_files_its_own_project_without_a_zone(client_for, bureau_user):
    client = client_for(bureau_user)
    assert 'name="zone"' not in page_text(client.get("/regions/activities/research/new/"))
    response = client.post(
        "/regions/activities/research/new/",
        {
            "title": "湖北生态茶叶研究",
            "zone": Zone.objects.get(code="southwest").pk,  # ignored: not a field for it
            "start_date": date(THIS_YEAR, 3, 1).isoformat(),
            "status": "ongoing",
        },
    )
    assert response.status_code == 302
    project = ResearchProject.objects.get()
    assert project.zone is None and project.lead_bureau.code == "hubei"


def test_activity_forms_show_readable_errors(client_for, bureau_user):
    response = client_for(bureau_user).post(
        "/regions/activities/lecture/new/",
        {"date": date(THIS_YEAR + 1, 1, 1).isoformat(), "place": "", "topic": "宣讲"},
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "日期不能晚于今天" in page
    assert "该字段是必填项。" in page
    assert not LectureTour.objects.exists()


def test_lectures_and_reports_are_recorded_for_the_users_bureau(client_for, bureau_user):
    client = client_for(bureau_user)
    day = timezone.localdate().isoformat()
    response = client.post(
        "/regions/activities/lecture/new/",
        {
            "date": day,
            "place": "武汉",
            "topic": "生态原产地保护政策宣讲",
            "speakers": "专家甲",
            "audience_size": 120,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/regions/activities/?year={timezone.localdate().year}"
    response = client.post(
        "/regions/activities/report/new/",
        {"date": day, "recipient": "湖北省人民政府", "title": "关于生态原产地产品保护工作的专报"},
    )
    assert response.status_code == 302
    page = page_text(client.get("/regions/activities/"))
    assert "生态原产地保护政策宣讲" in page
    assert "关于生态原产地产品保护工作的专报" in page
    assert LectureTour.objects.get().bureau.code == "hubei"


def test_activities_are_scoped_by_bureau(
    client_for, bureau_user, lead_bureau_user, other_bureau_user
):
    for user, topic in [(bureau_user, "湖北宣讲"), (other_bureau_user, "北京宣讲")]:
        services.lecture_create(
            actor=user,
            date=timezone.localdate(),
            place="某地",
            topic=topic,
            audience_size=10,
            speakers="甲",
        )
    hubei = page_text(client_for(bureau_user).get("/regions/activities/"))
    assert "湖北宣讲" in hubei and "北京宣讲" not in hubei
    lead = page_text(client_for(lead_bureau_user).get("/regions/activities/"))
    assert "湖北宣讲" in lead and "北京宣讲" not in lead


def test_activity_flags(bureau_user, lead_bureau_user):
    flags = activity_flags(THIS_YEAR)
    assert len(flags) == 35
    chongqing = Bureau.objects.get(code="chongqing").pk
    hubei = Bureau.objects.get(code="hubei").pk
    assert flags[chongqing].needs_research and flags[chongqing].needs_lecture
    assert not flags[hubei].needs_research  # not a zone lead
    assert flags[hubei].needs_lecture
    services.research_project_create(
        actor=lead_bureau_user, title="课题", start_date=date(THIS_YEAR, 2, 1)
    )
    services.lecture_create(
        actor=bureau_user,
        date=date(THIS_YEAR, 2, 1),
        place="武汉",
        topic="宣讲",
        audience_size=5,
        speakers="甲",
    )
    flags = activity_flags(THIS_YEAR)
    assert not flags[chongqing].needs_research and flags[chongqing].needs_lecture
    assert not flags[hubei].needs_lecture
    # Last year's activities do not count for this year.
    assert activity_flags(THIS_YEAR - 1)[hubei].needs_lecture
    # 重庆 河南 吉林 黑龙江 福建 江苏 浙江, and 北京 and 天津 for the two 专区.
    assert sum(f.is_zone_lead for f in flags.values()) == 9


def test_activity_flags_need_the_same_queries_however_many_activities(
    bureau_user, lead_bureau_user
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            activity_flags(THIS_YEAR)
        return len(queries)

    before = count()
    for n in range(5):
        services.lecture_create(
            actor=bureau_user,
            date=date(THIS_YEAR, 1, n + 1),
            place="武汉",
            topic=f"宣讲{n}",
            audience_size=5,
            speakers="甲",
        )
        services.research_project_create(
            actor=lead_bureau_user, title=f"课题{n}", start_date=date(THIS_YEAR, 1, n + 1)
        )
    assert count() == before == 4


def test_the_bureau_landing_page_shows_this_years_work(client_for, lead_bureau_user, bureau_user):
    page = page_text(client_for(lead_bureau_user).get("/"))
    assert "本年度工作" in page
    assert "片区牵头单位每年至少立项一次" in page
    assert "每年至少组织一次专家宣讲" in page
    services.research_project_create(
        actor=lead_bureau_user, title="课题", start_date=timezone.localdate()
    )
    page = page_text(client_for(lead_bureau_user).get("/"))
    assert "片区牵头单位每年至少立项一次" not in page
    # A member bureau is never asked for a research project.
    page = page_text(client_for(bureau_user).get("/"))
    assert "本年度工作" in page and "片区牵头单位每年至少立项一次" not in page


def test_the_zone_page_shows_the_flags_the_user_may_see(
    client_for, lead_bureau_user, bureau_user, enterprise_user, hq_user
):
    services.lecture_create(
        actor=bureau_user,
        date=timezone.localdate(),
        place="武汉",
        topic="宣讲",
        audience_size=5,
        speakers="甲",
    )
    lead = page_text(client_for(lead_bureau_user).get("/regions/zones/southwest/"))
    assert "牵头单位未科研立项" in lead
    assert lead.count("未组织宣讲") == 7  # every bureau of the zone but 湖北
    member = page_text(client_for(bureau_user).get("/regions/zones/southwest/"))
    assert "牵头单位未科研立项" not in member and "未组织宣讲" not in member  # only its own row
    assert "已达年度要求" in member
    assert page_text(client_for(hq_user).get("/regions/zones/southwest/")).count("未组织宣讲") == 7
    assert "未组织宣讲" not in page_text(
        client_for(enterprise_user).get("/regions/zones/southwest/")
    )


# ---------------------------------------------------------------- rankings and the dashboard


def test_recompute_queues_the_ranking_after_commit(
    client_for, hq_user, django_capture_on_commit_callbacks
):
    client = client_for(hq_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/regions/rankings/recompute/", {"year": THIS_YEAR, "next": "/regions/dashboard/"}
        )
    assert response.status_code == 302 and response["Location"] == "/regions/dashboard/"
    assert not Ranking.objects.exists()
    assert "正在重新计算" in page_text(client.get(f"/regions/dashboard/?year={THIS_YEAR}"))
    callbacks[0]()
    ranking = Ranking.objects.get(year=THIS_YEAR)
    assert ranking.entries.filter(bureau__isnull=False).count() == 35
    assert ranking.entries.filter(zone__isnull=False).count() == 7
    assert "正在重新计算" not in page_text(client.get(f"/regions/dashboard/?year={THIS_YEAR}"))


def test_recompute_ignores_an_outside_next(client_for, hq_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hq_user).post(
            "/regions/rankings/recompute/", {"year": THIS_YEAR, "next": "https://evil.example/"}
        )
    assert response["Location"] == f"/regions/rankings/?year={THIS_YEAR}"


def _dashboard_queries(client, year) -> tuple[int, list[str]]:
    """The queries of the dashboard built afresh (the cached page's are counted apart)."""
    client.get(f"/regions/dashboard/?year={year}")  # warm caches (content types, sessions)
    dashboard_cache.bump()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/regions/dashboard/?year={year}")
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured]


def test_dashboard_reads_only_summary_tables_in_constant_queries(client_for, hq_user):
    services.ranking_compute(year=THIS_YEAR)
    client = client_for(hq_user)
    few, sql = _dashboard_queries(client, THIS_YEAR)
    assert not [q for q in sql if "applications_application" in q or "casehistory" in q.lower()]
    # Session and user, ranking, entries, trend, figures, summaries (one query for the counts
    # and the late flags), open items, zone leads, research, lectures, bureaus, round, and one
    # per programme with figures per bureau (demonstration zones, pilot zones; each grouped),
    # HQ's overdue tasks (liaison, listed and flagged from one read); the ranked years are not
    # read when ?year= names one.
    assert few == 16, sql

    # More ranked years, more bureaus with figures, summaries, activities and items.
    extra = Bureau.objects.bulk_create(
        Bureau(code=f"extra{i}", name=f"附加{i}", full_name=f"附加{i}检验检疫局") for i in range(5)
    )
    for year in (THIS_YEAR - 3, THIS_YEAR - 2, THIS_YEAR - 1):
        services.ranking_compute(year=year)
    services.ranking_compute(year=THIS_YEAR)
    services.summaries_draft(year=THIS_YEAR)
    BureauYearFigures.objects.bulk_create(
        BureauYearFigures(bureau=b, year=THIS_YEAR - 10, values={"zero_products": 1}) for b in extra
    )
    KeyWorkItem.objects.create(
        bureau=Bureau.objects.get(code="hubei"),
        opened_by=hq_user,
        title="工作推进缓慢",
        responsible_person="张三",
        deadline=date(THIS_YEAR, 1, 1),
        escalated_at=timezone.now(),
    )
    overdue = Task.objects.create(
        title="逾期任务",
        requirements="报送。",
        due_date=date(THIS_YEAR - 1, 1, 1),
        created_by=hq_user,
    )
    Assignment.objects.create(task=overdue, zone=Zone.objects.get(code="southwest"))
    Assignment.objects.create(task=overdue, bureau=Bureau.objects.get(code="hubei"))
    many, _sql = _dashboard_queries(client, THIS_YEAR)
    assert many == few


def test_dashboard_charts_flags_and_drill_down(client_for, hq_user, bureau_user):
    services.ranking_compute(year=THIS_YEAR - 1)
    services.ranking_compute(year=THIS_YEAR)
    services.summaries_draft(year=THIS_YEAR - 1)
    services.round_close(year=THIS_YEAR - 1)  # every bureau late for last year
    KeyWorkItem.objects.create(
        bureau=Bureau.objects.get(code="hunan"),
        opened_by=hq_user,
        title="零保护产品",
        responsible_person="李四",
        deadline=date(THIS_YEAR, 1, 1),
        escalated_at=timezone.now(),
    )
    client = client_for(hq_user)
    page = page_text(client.get(f"/regions/dashboard/?year={THIS_YEAR}"))
    # Charts: bundled Chart.js and dashboard.js, data in a JSON block, no inline executable script.
    assert "/static/vendor/chart.js/chart.umd.min.js" in page
    assert "/static/js/dashboard.js" in page
    assert '<script id="dashboard-data" type="application/json">' in page
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    data = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S
    )
    import json

    chart = json.loads(data.group(1))
    assert len(chart["bureaus"]) == 35 and len(chart["zones"]) == 7
    assert chart["trend"]["years"] == [THIS_YEAR - 1, THIS_YEAR]
    assert [b["rank"] for b in chart["bureaus"]] == sorted(b["rank"] for b in chart["bureaus"])
    # Flags: nobody has a protected product, nobody lectured, hunan's item is overdue.
    assert "零保护产品" in page and "未宣讲" in page and "未立项" in page
    flags = re.search(r'<table class="table flags">(.*?)</table>', page, re.S).group(1)
    assert flags.count("<tr>") == 36  # header + 35 flagged bureaus
    hunan = re.search(r"湖南</a></td>(.*?)</tr>", flags, re.S).group(1)
    assert '<span class="badge overdue">1</span>' in hunan
    # Every row links its drill-down page for the year shown (links built once per page).
    year = f"?year={THIS_YEAR}"
    assert f'<a href="/regions/dashboard/bureaus/hunan/{year}">湖南</a></td>' in flags
    assert f'<a href="/regions/dashboard/bureaus/hubei/{year}">湖北</a></td>' in page
    assert f'<a href="/regions/dashboard/zones/southwest/{year}">' in page
    assert page.count('<a href="/regions/dashboard/bureaus/') == 35 + 35  # ranking + flags
    last_year = page_text(client.get(f"/regions/dashboard/?year={THIS_YEAR - 1}"))
    assert "逾期</span>" in last_year

    zone = page_text(client.get(f"/regions/dashboard/zones/southwest/?year={THIS_YEAR}"))
    for name in ["重庆", "湖北", "湖南", "广西", "四川", "贵州", "云南", "西藏"]:
        assert f">{name}</a>" in zone
    assert "北京" not in zone
    assert "原始值" in zone and "标准化" in zone and "权重" in zone
    assert "/cases/?bureau=hubei" in zone

    bureau = page_text(client.get(f"/regions/dashboard/bureaus/hubei/?year={THIS_YEAR}"))
    assert "/cases/?bureau=hubei" in bureau
    assert "得分构成" in bureau and "新增保护产品" in bureau
    assert client.get("/regions/dashboard/bureaus/nowhere/").status_code == 404
    assert client.get("/regions/dashboard/zones/nowhere/").status_code == 404


def test_breakdown_contributions_add_up_on_the_rankings_page(client_for, hq_user):
    ranking = services.ranking_compute(year=THIS_YEAR)
    entry = ranking.entries.filter(bureau__code="hubei").get()
    assert sum(Decimal(r["contribution"]) for r in entry.breakdown) == entry.score
    page = page_text(client_for(hq_user).get(f"/regions/rankings/?year={THIS_YEAR}"))
    assert page.count("<details>") == 35
    assert "西南片区" in page  # zone ranks by name


def _breakdown_html(response) -> list[str]:
    return re.findall(r'<table class="table breakdown">.*?</table>', page_text(response), re.S)


def _breakdowns_rendered(response) -> int:
    return [t.name for t in response.templates].count("staff/reporting/_breakdown.html")


def test_breakdown_tables_are_rendered_once_per_entry_and_language(client_for, hq_user):
    services.ranking_compute(year=THIS_YEAR)
    client = client_for(hq_user)
    url = f"/regions/rankings/?year={THIS_YEAR}"
    first = client.get(url)
    assert _breakdowns_rendered(first) == 35
    again = client.get(url)
    assert _breakdowns_rendered(again) == 0
    # The same tables, as HTML (not escaped).
    assert _breakdown_html(again) == _breakdown_html(first)
    assert len(_breakdown_html(again)) == 35

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url)
    assert _breakdowns_rendered(english) == 35
    assert "申报受理：收到申报" not in page_text(english)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    # Recomputing replaces the entries: their tables are new, never an old entry's.
    services.ranking_compute(year=THIS_YEAR)
    assert _breakdowns_rendered(client.get(url)) == 35
    # The drill-downs use the same tables.
    zone = client.get(f"/regions/dashboard/zones/southwest/?year={THIS_YEAR}")
    assert _breakdowns_rendered(zone) == 0 and "得分构成" in page_text(zone)
    bureau = client.get(f"/regions/dashboard/bureaus/hubei/?year={THIS_YEAR}")
    assert _breakdowns_rendered(bureau) == 0
    assert '<table class="table breakdown">' in page_text(bureau)


# ---------------------------------------------------------------- exports


def test_summary_xlsx_export(client_for, bureau_user, drafted, django_capture_on_commit_callbacks):
    summary = summary_of("hubei")
    services.summary_update(
        summary=summary, actor=bureau_user, narratives=narratives(), next_year_plan="明年计划"
    )
    client = client_for(bureau_user)
    job = run_jobs(
        django_capture_on_commit_callbacks, client, f"/regions/summaries/{summary.pk}/export/xlsx/"
    )
    assert job.status == Job.Status.DONE, job.error
    assert job.result_file.name.endswith(f"summary-hubei-{THIS_YEAR}.xlsx")
    sheet = load_workbook(job.result_file.path).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "湖北出入境检验检疫局" in cells
    assert any(c.startswith("1. 受理申报") for c in cells)
    assert "受理申报：本年度工作情况良好。" in cells
    assert "明年计划" in cells
    # The job's page offers the download.
    page = page_text(client.get(f"/accounts/jobs/{job.pk}/"))
    assert f"/accounts/jobs/{job.pk}/download/" in page


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_summary_pdf_export_has_cjk_text(
    client_for, bureau_user, drafted, django_capture_on_commit_callbacks
):
    summary = summary_of("hubei")
    services.summary_update(
        summary=summary, actor=bureau_user, narratives=narratives(), next_year_plan="明年计划"
    )
    job = run_jobs(
        django_capture_on_commit_callbacks,
        client_for(bureau_user),
        f"/regions/summaries/{summary.pk}/export/pdf/",
    )
    assert job.status == Job.Status.DONE, job.error
    text = _pdf_text(job.result_file.path)
    assert "湖北出入境检验检疫局" in text
    assert "年度生态原产地产品保护工作总结" in text
    assert "受理申报" in text and "巡讲宣贯" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_rollup_pdf_and_xlsx_exports(
    client_for, hq_user, bureau_user, drafted, django_capture_on_commit_callbacks
):
    summary = summary_of("hubei", LAST_YEAR)
    services.summary_update(
        summary=summary, actor=bureau_user, narratives=narratives(), next_year_plan="计划"
    )
    services.summary_submit(summary=summary, actor=bureau_user)
    services.round_close(year=LAST_YEAR)
    client = client_for(hq_user)
    job = run_jobs(
        django_capture_on_commit_callbacks,
        client,
        f"/regions/summaries/rollup/{LAST_YEAR}/export/pdf/",
    )
    assert job.status == Job.Status.DONE, job.error
    text = _pdf_text(job.result_file.path)
    assert "全国汇总" in text and "受理申报" in text and "湖北出入境检验检疫局" in text

    job = run_jobs(
        django_capture_on_commit_callbacks,
        client,
        f"/regions/summaries/rollup/{LAST_YEAR}/export/xlsx/",
    )
    assert job.status == Job.Status.DONE, job.error
    book = load_workbook(job.result_file.path)
    assert len(book.worksheets) == 2
    statuses = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(statuses) == 36
    hubei = next(row for row in statuses if row[0] == "hubei")
    assert hubei[2] == "已报送" and hubei[4] == "是"


def test_rollup_of_an_open_round_is_not_exported(client_for, hq_user, drafted):
    client = client_for(hq_user)
    assert client.post(f"/regions/summaries/rollup/{LAST_YEAR}/export/pdf/").status_code == 404
    response = client.get(f"/regions/summaries/rollup/{LAST_YEAR}/")
    assert response.status_code == 302
    assert not SummaryRound.objects.filter(closed_at__isnull=False).exists()


def test_summaries_table_csv_is_scoped_to_the_owner(
    client_for, bureau_user, drafted, django_capture_on_commit_callbacks
):
    job = run_jobs(
        django_capture_on_commit_callbacks,
        client_for(bureau_user),
        "/regions/tables/export/",
        {"table": "summaries", "year": THIS_YEAR, "format": "csv"},
    )
    assert job.status == Job.Status.DONE, job.error
    with open(job.result_file.path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["直属局代码", "直属局", "状态"]
    assert [row[0] for row in rows[1:]] == ["hubei"]


def test_ranking_tables_export_as_xlsx(client_for, hq_user, django_capture_on_commit_callbacks):
    services.ranking_compute(year=THIS_YEAR)
    client = client_for(hq_user)
    job = run_jobs(
        django_capture_on_commit_callbacks,
        client,
        "/regions/tables/export/",
        {"table": "rankings_bureau", "year": THIS_YEAR, "format": "xlsx"},
    )
    assert job.status == Job.Status.DONE, job.error
    rows = list(load_workbook(job.result_file.path).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("全国排名", "上年排名", "直属局代码", "直属局", "得分")
    assert "新增保护产品：得分" in rows[0]
    assert len(rows) == 36
    for table in ("rankings_zone", "figures", "flags"):
        job = run_jobs(
            django_capture_on_commit_callbacks,
            client,
            "/regions/tables/export/",
            {"table": table, "year": THIS_YEAR, "format": "csv"},
        )
        assert job.status == Job.Status.DONE, (table, job.error)
        with open(job.result_file.path, encoding="utf-8-sig") as handle:
            text = io.StringIO(handle.read())
        assert len(list(csv.reader(text))) == (8 if table == "rankings_zone" else 36), table


def test_table_export_permissions(client_for, bureau_user, hq_user):
    client = client_for(bureau_user)
    for table in ("flags", "figures"):
        response = client.post(
            "/regions/tables/export/", {"table": table, "year": THIS_YEAR, "format": "csv"}
        )
        assert response.status_code == 403
    response = client.post(
        "/regions/tables/export/", {"table": "cases", "year": THIS_YEAR, "format": "csv"}
    )
    assert response.status_code == 302
    assert not Job.objects.exists()


def test_export_jobs_recheck_the_owner_when_they_run(bureau_user, drafted):
    from accounts.services import job_run

    forged = [
        Job.objects.create(
            owner=bureau_user,
            kind="regions.table_export",
            params={"table": "flags", "year": THIS_YEAR, "format": "csv"},
        ),
        Job.objects.create(
            owner=bureau_user,
            kind="regions.summary_xlsx",
            params={"summary_id": summary_of("beijing").pk},
        ),
        Job.objects.create(
            owner=bureau_user, kind="regions.rollup_xlsx", params={"year": LAST_YEAR}
        ),
    ]
    for job in forged:
        job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED, job.kind
        assert not job.result_file


def test_other_bureaus_summary_cannot_be_exported(client_for, bureau_user, drafted):
    response = client_for(bureau_user).post(
        f"/regions/summaries/{summary_of('beijing').pk}/export/pdf/"
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_recomputing_a_year_ranked_with_an_older_weighting_says_so(client_for, hq_user):
    from regions.models import RankingWeighting

    services.ranking_compute(year=THIS_YEAR)
    client = client_for(hq_user)
    assert "重新计算将改用当前权重" not in page_text(
        client.get(f"/regions/rankings/?year={THIS_YEAR}")
    )
    current = RankingWeighting.objects.order_by("-version").first()
    RankingWeighting.objects.create(version=current.version + 1, weights=current.weights)
    page = page_text(client.get(f"/regions/rankings/?year={THIS_YEAR}"))
    assert f"重新计算将改用当前权重 v{current.version + 1}" in page
