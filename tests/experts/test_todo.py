"""HQ's waiting work of the expert committee (seed 000 §12: the bureaus "推荐系统内相关领域的专家",
HQ builds the committee): the recommendations that wait for its decision are counted on its
to-do and beside its 事中事后监管 entry, and HQ's bureau checks to close or return (§19) beside its
数据看板 entry. Nobody else has either kind; the landing page counts each with one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import todo
from experts.models import Expert
from tests import factories
from tests.experts.factories import ExpertFactory, admitted

pytestmark = pytest.mark.django_db


def _todo(user, code):
    return next((t for t in todo.todo_list(user)["todos"] if t.kind.code == code), None)


def test_hq_counts_the_recommendations_awaiting_its_decision(hq_user):
    first = ExpertFactory(recommended_at=timezone.now() - timedelta(days=2))
    second = ExpertFactory(bureau=factories.bureau("beijing"))
    admitted()
    ExpertFactory(status=Expert.Status.DECLINED, decided_by=hq_user, decided_at=timezone.now())
    assert todo.counts_for(hq_user, fresh=True)["experts.recommended"] == 2
    waiting = _todo(hq_user, "experts.recommended")
    # The oldest first, each leading to the expert's page, where HQ decides.
    assert [row.item.url for row in waiting.rows] == [
        f"/experts/{first.pk}/",
        f"/experts/{second.pk}/",
    ]
    assert waiting.kind.url == "/experts/recommendations/?status=recommended"
    assert "湖北" in waiting.rows[0].item.detail


def test_the_count_is_shown_beside_hqs_supervision_entry(client_for, hq_user):
    ExpertFactory()
    entry = todo.navigation(hq_user, counts=todo.counts_for(hq_user, fresh=True))["supervision"]
    assert ("直属局推荐专家待审核", 1) in entry.parts
    content = client_for(hq_user).get("/experts/").content.decode()
    assert 'title="直属局推荐专家待审核 1"' in content


def test_a_decision_takes_the_recommendation_off_the_count(hq_user):
    from experts import services

    expert = ExpertFactory()
    services.expert_decline(expert=expert, actor=hq_user, reason="不属于系统内专家。")
    assert todo.counts_for(hq_user, fresh=True)["experts.recommended"] == 0
    assert _todo(hq_user, "experts.recommended") is None


def test_nobody_else_has_the_kind(bureau_user, lead_bureau_user, enterprise_user, agency_user):
    ExpertFactory()
    inspector = factories.inspector("hubei", username="inspector-hubei")
    for user in (bureau_user, lead_bureau_user, inspector, enterprise_user, agency_user):
        assert "experts.recommended" not in todo.counts_for(user, fresh=True), user.username


def test_hqs_bureau_checks_to_review_are_counted_beside_its_dashboard_entry(client_for, hq_user):
    """HQ's nav has no 总局监督检查 entry: the reported rectifications it has to close or return
    were counted for an entry that does not exist, so no count showed anywhere in its nav."""
    from regions.models import Bureau
    from regions.services import (
        bureau_check_create,
        bureau_check_issue,
        bureau_check_report,
    )

    today = timezone.localdate()
    check = bureau_check_create(
        actor=hq_user,
        bureau=Bureau.objects.get(code="hubei"),
        checked_on=today - timedelta(days=3),
        team="通关司 张三、李四",
        scope="生态原产地保护工作落实情况",
        findings="未按期报送年度工作总结。",
        requirements="补报年度工作总结，完善报送制度。",
        deadline=today + timedelta(days=30),
    )
    bureau_check_issue(check=check, actor=hq_user)
    bureau_check_report(
        check=check,
        actor=factories.bureau_staff("hubei", username="clerk-hubei"),
        rectification="已补报，并建立报送台账。",
    )
    entries = todo.navigation(hq_user, counts=todo.counts_for(hq_user, fresh=True))
    assert ("直属局整改情况待审核销号", 1) in entries["dashboard"].parts
    content = client_for(hq_user).get("/experts/").content.decode()
    assert 'title="直属局整改情况待审核销号 1"' in content


def test_hqs_landing_page_counts_the_new_kinds_with_one_query_each(client_for, hq_user):
    """HQ's landing page with none waiting read 16 queries before these kinds (six for the page,
    one per to-do source's counts); the experts' count adds one: 17, the objections to a
    public notice one more: 18, the risk signals and measures (seed 004) two: 20, the 京津冀
    emergencies and action plans two: 22. With work waiting, each kind with work adds the one
    query that reads its most urgent items."""
    client = client_for(hq_user)
    with CaptureQueriesContext(connection) as idle:
        assert client.get("/").status_code == 200
    assert any("experts_expert" in q["sql"] for q in idle.captured_queries)
    ExpertFactory()
    ExpertFactory()
    ExpertFactory(bureau=factories.bureau("beijing"))
    with CaptureQueriesContext(connection) as waiting:
        assert client.get("/").status_code == 200
    assert len(waiting) == len(idle) + 1  # the items of the one kind with work, at any number
    assert len(idle) <= 22
