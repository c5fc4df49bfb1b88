"""HQ's dashboard served from the cache (regions.dashboard_cache, ADR 0014): a repeat visit reads
none of the summary tables, and every kind of write the page shows is on it at the next visit,
by the writer's own request and by anyone's once it commits."""

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.programmes import programmes
from regions import dashboard_cache, services
from regions.models import AnnualSummary, Bureau, LectureTour
from regions.services import SECTION_KEYS
from supervision.models import KeyWorkItem

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
URL = f"/regions/dashboard/?year={YEAR}"


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def flags_row(text: str, name: str) -> str:
    flags = re.search(r'<table class="table flags">(.*?)</table>', text, re.S).group(1)
    match = re.search(rf">{name}</a></td>(.*?)</tr>", flags, re.S)
    return match.group(1) if match else ""


def programme_cells(text: str, name: str) -> list[str]:
    table = re.search(r'<table class="table programmes">(.*?)</table>', text, re.S).group(1)
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', table, re.S).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_every_watched_model_exists_and_the_programmes_figure_models_are_watched():
    labels = dashboard_cache.watched_labels()
    for label in labels:
        apps.get_model(label)  # LookupError if a name is wrong
    for programme in programmes():
        assert set(programme.figure_models) <= labels
    assert "demonstration.DemonstrationZone" in labels


def test_a_repeat_visit_reads_no_summary_table(client_for, hq_user):
    services.ranking_compute(year=YEAR)
    client = client_for(hq_user)
    page(client)
    with CaptureQueriesContext(connection) as captured:
        text = page(client)
    tables = {"regions_", "supervision_", "demonstration_"}
    assert not [q["sql"] for q in captured if any(t in q["sql"] for t in tables)]
    assert "直属局得分排名" in text and text.count('<th scope="row">') == 35


def test_a_ranking_computed_is_shown_at_the_next_visit(client_for, hq_user):
    client = client_for(hq_user)
    assert "本年度尚未排名。" in page(client)
    services.ranking_compute(year=YEAR)
    assert "本年度尚未排名。" not in page(client)


def test_a_summary_submitted_is_counted_at_the_next_visit(client_for, hq_user, bureau_user):
    services.summaries_draft(year=YEAR)
    client = client_for(hq_user)
    assert '<span class="tile-n">0/35</span>' in page(client)
    summary = services.summary_update(
        summary=AnnualSummary.objects.get(year=YEAR, bureau=bureau_user.bureau),
        actor=bureau_user,
        narratives=dict.fromkeys(SECTION_KEYS, "已完成。"),
        next_year_plan="继续推进。",
    )
    services.summary_submit(summary=summary, actor=bureau_user)
    assert '<span class="tile-n">1/35</span>' in page(client)


def test_an_escalated_item_and_a_lecture_change_the_flags(client_for, hq_user, bureau_user):
    client = client_for(hq_user)
    bureau = bureau_user.bureau
    assert "未宣讲" in flags_row(page(client), bureau.name)
    item = KeyWorkItem.objects.create(
        bureau=bureau,
        opened_by=hq_user,
        title="工作推进缓慢",
        responsible_person="张三",
        deadline=date(YEAR, 1, 1),
    )
    assert 'badge overdue">1<' not in flags_row(page(client), bureau.name)
    item.escalated_at = timezone.now()
    item.save()
    assert 'badge overdue">1<' in flags_row(page(client), bureau.name)
    lecture = LectureTour.objects.create(
        bureau=bureau,
        date=date(YEAR, 3, 1),
        place="会议室",
        topic="宣讲",
        audience_size=30,
        speakers="专家",
        created_by=bureau_user,
    )
    assert "未宣讲" not in flags_row(page(client), bureau.name)
    lecture.delete()
    assert "未宣讲" in flags_row(page(client), bureau.name)


def test_the_generation_moves_again_when_the_write_commits(django_capture_on_commit_callbacks):
    before = dashboard_cache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Bureau.objects.filter(code="hubei").get().save()
    during = dashboard_cache.generation()
    assert during != before
    # A visit between the write and its commit read the data before it: it is not served after.
    for callback in callbacks:
        callback()
    assert dashboard_cache.generation() != during


def test_each_language_has_its_own_page(client_for, hq_user):
    client = client_for(hq_user)
    assert "数据看板" in page(client)
    client.cookies["django_language"] = "en"
    english = page(client)
    assert "Programmes by bureau" in english and "各项目分局情况" not in english


def test_one_refresh_per_transaction_however_many_rows_it_writes(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.summaries_draft(year=YEAR)  # 35 summaries
    assert AnnualSummary.objects.filter(year=YEAR).count() == 35
    assert callbacks.count(dashboard_cache._new_generation) == 1
