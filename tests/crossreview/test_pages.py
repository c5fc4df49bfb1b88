"""The pages: the rounds and a round (404 for outsiders), the standard edited by HQ on the
round's page, the transitions' pages, entering a case file and scoring it (refused with a
message, bad input as form errors, never a 500), the comparison once published, the tab among
the cooperation's sections, the admin read only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crossreview import services
from crossreview.models import Review, ReviewCriterion, ReviewedCase, ReviewRound
from crossreview.workflow import State
from tests.test_i18n import compiled_catalogues  # noqa: F401 - the compiled .mo files

from .conftest import case_values, review_all, year

pytestmark = pytest.mark.django_db

LIST = "/cooperation/reviews/"


@pytest.mark.parametrize(
    "actor",
    ["beijing_bureau", "tianjin_inspector", "hebei_authority", "renjianwei", "biaozhunwei", "hq"],
)
def test_members_read_the_rounds(client_for, actors, draft_round, actor):
    client = client_for(actors[actor])
    page = client.get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="{LIST}{draft_round.pk}/"' in text
    assert f'href="{LIST}" aria-current="page"' in text  # the cooperation's tab
    detail = client.get(f"{LIST}{draft_round.pk}/")
    assert detail.status_code == 200
    assert "事实认定和证据" in detail.content.decode()


@pytest.mark.parametrize("actor", ["jiangsu_bureau", "jiangsu_authority", "enterprise", "agency"])
def test_outsiders_get_404(client_for, actors, assigned_round, entered, actor):
    client = client_for(actors[actor])
    for url in (
        LIST,
        f"{LIST}new/",
        f"{LIST}{assigned_round.pk}/",
        f"{LIST}{assigned_round.pk}/close/",
        f"{LIST}{assigned_round.pk}/cases/new/",
        f"{LIST}{assigned_round.pk}/assignment.json",
        f"{LIST}cases/{entered['beijing'].pk}/",
        f"{LIST}cases/{entered['beijing'].pk}/review/",
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_the_login(client, draft_round):
    for url in (LIST, f"{LIST}{draft_round.pk}/", f"{LIST}new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_hq_opens_a_round_and_writes_its_standard(client_for, actors):
    client = client_for(actors["hq"])
    assert client.get(f"{LIST}new/").status_code == 200
    response = client.post(f"{LIST}new/", {"year": year(), "title": "京津冀执法案件互查互评"})
    made = ReviewRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{made.pk}/"
    url = f"{LIST}{made.pk}/"
    added = client.post(url, {"action": "add_criterion", "text": "执法程序", "weight": "60"})
    assert added.status_code == 302
    too_much = client.post(url, {"action": "add_criterion", "text": "文书", "weight": "41"})
    assert too_much.status_code == 400 and "还可设 40 分" in too_much.content.decode()
    criterion = ReviewCriterion.objects.get()
    removed = client.post(url, {"action": "remove_criterion", "criterion": str(criterion.pk)})
    assert removed.status_code == 302 and not ReviewCriterion.objects.exists()
    missing = client.post(url, {"action": "remove_criterion", "criterion": "²"})
    assert missing.status_code == 404


@pytest.mark.parametrize("actor", ["beijing_bureau", "renjianwei"])
def test_others_may_not_touch_the_standard(client_for, actors, draft_round, actor):
    client = client_for(actors[actor])
    page = client.get(f"{LIST}{draft_round.pk}/").content.decode()
    assert "add_criterion" not in page
    response = client.post(
        f"{LIST}{draft_round.pk}/", {"action": "add_criterion", "text": "x", "weight": "1"}
    )
    assert response.status_code == 403
    assert draft_round.criteria.count() == 3
    assert client.post(f"{LIST}new/", {"year": year() + 1, "title": "x"}).status_code == 403


def test_the_standard_is_409_on_the_page_once_agreed(client_for, actors, agreed_round):
    response = client_for(actors["hq"]).post(
        f"{LIST}{agreed_round.pk}/", {"action": "add_criterion", "text": "新", "weight": "1"}
    )
    assert response.status_code == 409


def test_hq_moves_the_round_through_its_pages(client_for, actors, agreed_round, entered):
    client = client_for(actors["hq"])
    assert client.get(f"{LIST}{agreed_round.pk}/assign/").status_code == 200
    response = client.post(f"{LIST}{agreed_round.pk}/assign/", {"reason": "按期分配。"})
    assert response.status_code == 302
    assert ReviewRound.objects.get(pk=agreed_round.pk).state == State.ASSIGNED
    again = client.post(f"{LIST}{agreed_round.pk}/assign/", {})
    assert again.status_code == 409
    early = client.post(f"{LIST}{agreed_round.pk}/close/", {})
    assert early.status_code == 409 and "未提交评查结果" in early.content.decode()
    page = client.get(f"{LIST}{agreed_round.pk}/").content.decode()
    assert "按种子和名单重新分配，结果一致。" in page
    assert client.get(f"{LIST}{agreed_round.pk}/nonsense/").status_code == 404


@pytest.mark.parametrize("actor", ["beijing_bureau", "biaozhunwei"])
def test_others_may_not_fire_a_transition(client_for, actors, draft_round, actor):
    client = client_for(actors[actor])
    assert client.get(f"{LIST}{draft_round.pk}/agree/").status_code == 403
    assert client.post(f"{LIST}{draft_round.pk}/agree/", {}).status_code == 403
    assert ReviewRound.objects.get(pk=draft_round.pk).state == State.DRAFT


def test_a_clerk_enters_a_case_file_through_the_form(client_for, actors, agreed_round):
    client = client_for(actors["hebei_authority"])
    url = f"{LIST}{agreed_round.pk}/cases/new/"
    assert client.get(url).status_code == 200
    form = {"number": "冀质监罚〔2025〕031号", "title": "计量器具作弊案", "kind": "penalty"}
    bad = client.post(url, {**form, "decided_on": "2999-01-01"})
    assert bad.status_code == 400 and "结案日期不能晚于今天" in bad.content.decode()
    response = client.post(url, {**form, "decided_on": "2025-09-27"})
    made = ReviewedCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}cases/{made.pk}/"
    assert made.place == "hebei"
    # Taken back from its page before the assignment.
    assert client.post(f"{LIST}cases/{made.pk}/", {"action": "remove"}).status_code == 302
    assert not ReviewedCase.objects.exists()


@pytest.mark.parametrize("actor", ["beijing_inspector", "renjianwei", "hq"])
def test_who_may_not_enter_gets_a_message(client_for, actors, agreed_round, actor):
    response = client_for(actors[actor]).post(
        f"{LIST}{agreed_round.pk}/cases/new/",
        {"number": "1", "title": "x", "kind": "penalty", "decided_on": "2025-01-01"},
    )
    assert response.status_code == 403
    assert "只有京津冀三地直属局和质监部门可以报送本地的案卷" in response.content.decode()
    assert not ReviewedCase.objects.exists()


def test_the_reviewer_scores_through_the_form(client_for, actors, assigned_round, entered):
    case = entered["beijing"]
    criteria = list(assigned_round.criteria.order_by("position"))
    client = client_for(case.reviewer)
    listed = client.get(LIST).content.decode()
    assert f'href="{LIST}cases/{case.pk}/"' in listed and "待评查" in listed
    url = f"{LIST}cases/{case.pk}/review/"
    assert client.get(url).status_code == 200
    form = {f"score_{c.pk}": str(c.weight) for c in criteria}
    over = client.post(url, {**form, f"score_{criteria[0].pk}": "21"})
    assert over.status_code == 400
    no_finding = client.post(url, {**form, f"score_{criteria[0].pk}": "15"})
    assert no_finding.status_code == 400
    assert "扣分的条目须写明发现的问题" in no_finding.content.decode()
    assert not Review.objects.exists()
    done = client.post(
        url,
        {**form, f"score_{criteria[0].pk}": "15", f"finding_{criteria[0].pk}": "管辖依据不明。"},
    )
    assert done.status_code == 302 and Review.objects.get().total == 95
    # Beijing reads the score and the finding on its case file's page.
    text = client_for(actors["beijing_authority"]).get(f"{LIST}cases/{case.pk}/").content.decode()
    assert "管辖依据不明。" in text and "95" in text
    assert client_for(case.reviewer).post(url, form).status_code == 409


def test_only_the_reviewer_gets_the_scoring_form(client_for, actors, assigned_round, entered):
    case = entered["tianjin"]
    assert client_for(actors["hq"]).get(f"{LIST}cases/{case.pk}/review/").status_code == 403
    tianjin = client_for(actors["tianjin_bureau"])
    assert tianjin.get(f"{LIST}cases/{case.pk}/review/").status_code == 403


def test_the_comparison_shows_once_published(client_for, actors, assigned_round):
    url = f"{LIST}{assigned_round.pk}/"
    assert "三地对比" not in client_for(actors["beijing_bureau"]).get(url).content.decode()
    assert "三地对比" in client_for(actors["hq"]).get(url).content.decode()
    review_all(assigned_round)
    client_for(actors["hq"]).post(f"{url}close/", {})
    text = client_for(actors["renjianwei"]).get(url).content.decode()
    assert "三地对比" in text and "平均总分" in text


def test_the_assignment_is_published_with_the_results(client_for, actors, assigned_round):
    url = f"{LIST}{assigned_round.pk}/assignment.json"
    tianjin = client_for(actors["tianjin_inspector"])
    assert tianjin.get(url).status_code == 404
    assert assigned_round.seed not in tianjin.get(f"{LIST}{assigned_round.pk}/").content.decode()
    assert client_for(actors["hq"]).get(url).json()["seed"] == assigned_round.seed
    review_all(assigned_round)
    client_for(actors["hq"]).post(f"{LIST}{assigned_round.pk}/close/", {})
    response = client_for(actors["tianjin_inspector"]).get(url)
    assert response.status_code == 200 and response.json()["seed"] == assigned_round.seed


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_round_page_costs_the_same_for_many_cases(client_for, actors, agreed_round):
    client = client_for(actors["hq"])
    url = f"{LIST}{agreed_round.pk}/"
    services.case_enter(actor=actors["tianjin_bureau"], round_=agreed_round, **case_values())
    round_ = services.round_assign(round_=agreed_round, actor=actors["hq"])
    review_all(round_)
    client.get(url)  # warm the navigation's cache
    few = _queries(client, url)
    # More case files of every place, scored: the same number of queries.
    ReviewRound.objects.filter(pk=round_.pk).update(state=State.AGREED)
    for place in ("beijing", "hebei"):
        for number in range(6):
            services.case_enter(
                actor=actors[f"{place}_bureau"],
                round_=round_,
                **case_values(number=f"{place}-{number}"),
            )
    ReviewRound.objects.filter(pk=round_.pk).update(state=State.ASSIGNED)
    for case in ReviewedCase.objects.filter(reviewer__isnull=True).select_related("round"):
        reviewer = actors["tianjin_bureau"]
        ReviewedCase.objects.filter(pk=case.pk).update(reviewer=reviewer, reviewer_place="tianjin")
    review_all(round_)
    assert ReviewedCase.objects.filter(round=round_).count() == 13
    assert _queries(client, url) == few


@pytest.mark.usefixtures("compiled_catalogues")
def test_english_pages(client_for, actors, draft_round, settings):
    client = client_for(actors["beijing_bureau"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(LIST).content.decode()
    assert "Beijing-Tianjin-Hebei cross-review of enforcement cases" in text
    detail = client.get(f"{LIST}{draft_round.pk}/").content.decode()
    assert "Review standard" in detail


def test_the_admin_shows_rounds_read_only(client, draft_round):
    from tests.factories import hq

    admin_user = hq(username="cr-admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get("/admin/crossreview/reviewround/").status_code == 200
    assert client.get(f"/admin/crossreview/reviewround/{draft_round.pk}/change/").status_code == 200
    assert client.get("/admin/crossreview/reviewround/add/").status_code == 403
    response = client.post(
        f"/admin/crossreview/reviewround/{draft_round.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert ReviewRound.objects.filter(pk=draft_round.pk).exists()
