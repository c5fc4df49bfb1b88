"""评定协助与反馈 (issue 14 point 12, seed 000 §8): "在实施评定过程中，各直属局应积极协助评定机构，
落实已向通关司备案的评定方案，同时向通关司做好信息反馈，通报情况".

The expected tables are written out here, not derived from the code:

- record (either kind): staff of the case's own bureau, while the case is 评定中; nobody else
  (HQ, a zone lead that sees the case, the agency, the enterprise: 403; who cannot see the case:
  404 through the API and the page).
- read: HQ and the case's bureau every record; the chosen agency the assistance given to it
  (协助评定机构), not the feedback to HQ; the enterprise and a zone lead none (403 through the
  API); who cannot see the case: 404."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from applications import selectors, services
from applications.models import Application, EvaluationFeedback
from ecoorigin.append_only import AppendOnlyError
from ecoorigin.exceptions import Conflict, InvalidInput, NotPermitted
from tests import factories
from tests.experts.factories import ExpertFactory, admitted

from .factories import ApplicationFactory, PlanFactory, category

pytestmark = pytest.mark.django_db

PERSONAS = [
    "bureau", "other_bureau", "zone_lead", "hq", "agency", "other_agency", "enterprise",
    "inspector", "anonymous",
]  # fmt: skip
# 重庆局 leads 西南片区, of which 湖北局 is a member: it sees the case, not its feedback.
SEES_CASE = {"bureau", "zone_lead", "hq", "agency", "enterprise"}
READS_ALL = {"bureau", "hq"}
READS_ASSISTANCE = {"agency"}

ASSISTANCE = "协助评定机构：已安排茶叶专家陪同现场核查。"
FEEDBACK = "向通关司反馈：评定按备案方案进行，抽样数量符合要求。"


@pytest.fixture
def world():
    plan = PlanFactory()
    case = ApplicationFactory(
        enterprise=factories.EnterpriseFactory(bureau=factories.bureau("hubei")),
        category=plan.category,
        product_name="恩施玉露",
    )
    Application.objects.filter(pk=case.pk).update(state="evaluating", agency=plan.agency, plan=plan)
    case.refresh_from_db()
    people = {
        "bureau": factories.bureau_staff("hubei", username="f-hubei"),
        "other_bureau": factories.bureau_staff("beijing", username="f-beijing"),
        "zone_lead": factories.bureau_staff("chongqing", username="f-chongqing"),
        "hq": factories.hq(username="f-hq"),
        "agency": factories.agency_staff(plan.agency, username="f-agency"),
        "other_agency": factories.agency_staff(username="f-other-agency"),
        "enterprise": factories.enterprise_staff(case.enterprise, username="f-owner"),
        "inspector": factories.inspector("hubei", username="f-inspector"),
        "anonymous": None,
    }
    return {"case": case, "people": people, "plan": plan}


def web(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def record(world, kind="assistance", text=ASSISTANCE, **extra):
    return services.evaluation_feedback_record(
        case=world["case"], actor=world["people"]["bureau"], kind=kind, text=text, **extra
    )


@pytest.fixture
def both(world):
    """One record of each kind, by the bureau."""
    return [record(world), record(world, kind="feedback", text=FEEDBACK)]


def url(world) -> str:
    return f"/api/v1/applications/{world['case'].pk}/evaluation-feedback/"


# ---------------------------------------------------------------- recording


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "anonymous"])
@pytest.mark.parametrize("kind", ["assistance", "feedback"])
def test_only_the_cases_bureau_records(world, who, kind):
    actor = world["people"][who]
    if who == "bureau":
        done = services.evaluation_feedback_record(
            case=world["case"], actor=actor, kind=kind, text="记录"
        )
        assert (done.kind, done.author, done.application) == (kind, actor, world["case"])
    else:
        with pytest.raises(NotPermitted):
            services.evaluation_feedback_record(
                case=world["case"], actor=actor, kind=kind, text="记录"
            )
        assert not EvaluationFeedback.objects.exists()


@pytest.mark.parametrize("state", ["approved", "evaluated", "failed", "protected"])
def test_only_while_the_case_is_evaluated(world, state):
    Application.objects.filter(pk=world["case"].pk).update(state=state)
    with pytest.raises(Conflict):
        record(world)
    assert not EvaluationFeedback.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_who_records_through_the_api(world, who):
    response = api(world["people"][who]).post(
        url(world), {"kind": "feedback", "text": FEEDBACK}, format="json"
    )
    if who == "bureau":
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == "feedback"
        assert response.json()["author"] == "f-hubei"
        return
    expected = 403 if who in SEES_CASE or who == "anonymous" else 404
    assert response.status_code == expected
    assert not EvaluationFeedback.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_who_records_from_the_case_page(world, who):
    response = web(world["people"][who]).post(
        f"/cases/{world['case'].pk}/evaluation-feedback/",
        {"kind": "assistance", "text": ASSISTANCE},
    )
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in SEES_CASE:
        assert response.status_code == 302  # back to the case page, with a message
        assert response["Location"] == f"/cases/{world['case'].pk}/"
    else:
        assert response.status_code == 404
    assert EvaluationFeedback.objects.exists() is (who == "bureau")


def test_the_record_needs_a_kind_and_a_text(world):
    with pytest.raises(InvalidInput) as error:
        record(world, kind="gossip")
    assert "kind" in error.value.field_errors
    with pytest.raises(InvalidInput) as error:
        record(world, text="  ")
    assert "text" in error.value.field_errors


def test_a_record_is_audited_and_never_changed(world):
    done = record(world)
    entry = AuditEntry.objects.get(object_type="applications.evaluationfeedback")
    assert (entry.actor, entry.action, entry.object_id) == (
        world["people"]["bureau"],
        "create",
        str(done.pk),
    )
    done.text = "改写"
    with pytest.raises(AppendOnlyError):
        done.save()
    with pytest.raises(AppendOnlyError):
        EvaluationFeedback.objects.update(text="改写")
    with pytest.raises(AppendOnlyError):
        done.delete()


# ---------------------------------------------------------------- naming the committee's experts


def test_assistance_names_admitted_experts_of_the_category(world):
    tea = admitted(name="茶叶委员")
    done = record(world, experts=[tea])
    assert list(done.experts.all()) == [tea]


@pytest.mark.parametrize(
    "make",
    [
        lambda: ExpertFactory(name="待审委员"),
        lambda: admitted(name="水产委员", speciality=category("aquatic")),
    ],
    ids=["not admitted", "another category"],
)
def test_assistance_names_no_other_expert(world, make):
    with pytest.raises(InvalidInput) as error:
        record(world, experts=[make()])
    assert "experts" in error.value.field_errors
    assert not EvaluationFeedback.objects.exists()


def test_feedback_to_hq_names_no_experts(world):
    with pytest.raises(InvalidInput) as error:
        record(world, kind="feedback", text=FEEDBACK, experts=[admitted()])
    assert "experts" in error.value.field_errors


def test_the_api_takes_the_experts_by_id(world):
    tea = admitted(name="茶叶委员")
    response = api(world["people"]["bureau"]).post(
        url(world), {"kind": "assistance", "text": ASSISTANCE, "experts": [tea.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["experts"] == [
        {"id": tea.pk, "name": "茶叶委员", "organisation": tea.organisation}
    ]


def test_the_bureaus_form_offers_the_categorys_roster(world):
    admitted(name="茶叶委员")
    admitted(name="水产委员", speciality=category("aquatic"))
    html = web(world["people"]["bureau"]).get(f"/cases/{world['case'].pk}/").content.decode()
    assert 'name="experts"' in html
    assert "茶叶委员" in html and "水产委员" not in html


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("who", PERSONAS)
def test_who_reads_through_the_api(world, both, who):
    response = api(world["people"][who]).get(url(world))
    if who in READS_ALL:
        assert response.status_code == 200
        assert [row["kind"] for row in response.json()] == ["assistance", "feedback"]
    elif who in READS_ASSISTANCE:
        assert response.status_code == 200
        assert [row["text"] for row in response.json()] == [ASSISTANCE]
    else:
        expected = 403 if who in SEES_CASE or who == "anonymous" else 404
        assert response.status_code == expected


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "anonymous"])
def test_who_reads_through_the_selector(world, both, who):
    texts = [
        r.text
        for r in selectors.evaluation_feedback_for(case=world["case"], user=world["people"][who])
    ]
    if who in READS_ALL:
        assert texts == [ASSISTANCE, FEEDBACK]
    elif who in READS_ASSISTANCE:
        assert texts == [ASSISTANCE]
    else:
        assert texts == []


@pytest.mark.parametrize("who", sorted(SEES_CASE))
def test_who_reads_on_the_case_page(world, both, who):
    response = web(world["people"][who]).get(f"/cases/{world['case'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (ASSISTANCE in html) is (who in READS_ALL | READS_ASSISTANCE)
    assert (FEEDBACK in html) is (who in READS_ALL)


def test_the_record_stays_readable_after_the_evaluation(world, both):
    Application.objects.filter(pk=world["case"].pk).update(state="protected")
    html = web(world["people"]["hq"]).get(f"/cases/{world['case'].pk}/").content.decode()
    assert ASSISTANCE in html and FEEDBACK in html
    assert 'name="text"' not in html  # no form once the evaluation is over


def test_the_section_shows_during_the_evaluation_and_after_it_only_with_records(world):
    page = f"/cases/{world['case'].pk}/"
    hq = web(world["people"]["hq"])
    assert 'id="evaluation-feedback"' in hq.get(page).content.decode()
    Application.objects.filter(pk=world["case"].pk).update(state="protected")
    assert 'id="evaluation-feedback"' not in hq.get(page).content.decode()


# ---------------------------------------------------------------- cost


def test_the_case_detail_api_does_not_read_the_records(world, both):
    """The case detail API is the bench's hot path: the records have their own endpoint."""
    client = api(world["people"]["hq"])
    client.get(f"/api/v1/applications/{world['case'].pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/applications/{world['case'].pk}/").status_code == 200
    assert not any("evaluationfeedback" in q["sql"] for q in queries)


def test_the_case_page_reads_the_records_in_two_queries_and_none_before_evaluation(world, both):
    client = web(world["people"]["hq"])
    client.get(f"/cases/{world['case'].pk}/")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/cases/{world['case'].pk}/")
    reads = [q["sql"] for q in queries if "applications_evaluationfeedback" in q["sql"]]
    assert len(reads) == 2  # the records, and the experts they name (one query for all)
    early = ApplicationFactory(state="submitted", bureau=factories.bureau("hubei"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{early.pk}/").status_code == 200
    assert not any("evaluationfeedback" in q["sql"] for q in queries)
