"""专家委员会 (issue 14 point 11, seed 000 §12): what a recommendation must carry, HQ admitting by
speciality and product, declining with a reason, the roster page, the committee feeding the
inspector pool (supervision.PoolMember, §10 双随机) and the evaluation form (§8)."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from accounts.models import AuditEntry
from ecoorigin.exceptions import Conflict, InvalidInput
from experts import selectors, services
from experts.models import Expert
from supervision.models import PoolMember
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory, category

from .factories import ExpertFactory, admitted, expert_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return factories.bureau_staff("hubei", username="c-hubei")


@pytest.fixture
def hq():
    return factories.hq(username="c-hq")


def recommend(clerk, **extra):
    body = {
        "name": "李明",
        "organisation": "湖北出入境检验检疫局技术中心",
        "speciality": category("tea"),
        "products": "恩施玉露",
        "contact": "027-12345678",
        **extra,
    }
    return services.expert_recommend(actor=clerk, **body)


# ---------------------------------------------------------------- recommending


def test_a_recommendation_is_recorded_and_audited(clerk):
    expert = recommend(clerk, reason="  从事茶叶检验二十年。 ")
    assert expert.status == Expert.Status.RECOMMENDED
    assert (expert.bureau.code, expert.recommended_by, expert.reason) == (
        "hubei",
        clerk,
        "从事茶叶检验二十年。",
    )
    entry = AuditEntry.objects.get(object_type="experts.expert", object_id=str(expert.pk))
    assert (entry.actor, entry.action) == (clerk, "create")


@pytest.mark.parametrize("field", ["name", "organisation", "products", "contact"])
def test_each_fact_of_a_recommendation_is_needed(clerk, field):
    with pytest.raises(InvalidInput) as error:
        recommend(clerk, **{field: "  "})
    assert field in error.value.field_errors
    assert not Expert.objects.exists()


def test_an_inactive_speciality_is_refused(clerk):
    tea = category("tea")
    tea.is_active = False
    tea.save()
    with pytest.raises(InvalidInput) as error:
        recommend(clerk, speciality=tea)
    assert "speciality" in error.value.field_errors


@pytest.mark.parametrize(
    "account",
    [
        lambda: expert_account("beijing", username="c-other-bureau-expert"),
        lambda: factories.bureau_staff("hubei", username="c-clerk-not-expert"),
        lambda: expert_account("hubei", username="c-inactive", is_active=False),
    ],
    ids=["another bureau's", "not an expert or inspector", "inactive"],
)
def test_the_account_must_be_an_expert_or_inspector_of_the_bureau(clerk, account):
    with pytest.raises(InvalidInput) as error:
        recommend(clerk, account=account())
    assert "account" in error.value.field_errors


def test_one_account_is_recommended_once_until_declined(clerk, hq):
    account = expert_account(username="c-expert")
    first = recommend(clerk, account=account)
    with pytest.raises(Conflict):
        recommend(clerk, account=account)
    services.expert_decline(expert=first, actor=hq, reason="暂不需要该专业")
    again = recommend(clerk, account=account)
    assert again.status == Expert.Status.RECOMMENDED


def test_an_inspector_account_may_be_named(clerk):
    inspector = factories.inspector("hubei", username="c-inspector")
    assert recommend(clerk, account=inspector).account == inspector


# ---------------------------------------------------------------- HQ decides


def test_hq_admits_by_speciality_and_products(clerk, hq):
    expert = recommend(clerk)
    done = services.expert_admit(
        expert=expert, actor=hq, speciality=category("herbal"), products="金佛山杜仲"
    )
    assert (done.status, done.speciality.code, done.products) == (
        "admitted",
        "herbal",
        "金佛山杜仲",
    )
    assert (done.decided_by, done.decided_at is not None) == (hq, True)
    entry = AuditEntry.objects.filter(object_type="experts.expert", action="update").get()
    assert entry.changes["speciality"] == ["tea", "herbal"]


def test_hq_admits_as_recommended_when_it_changes_nothing(clerk, hq):
    done = services.expert_admit(expert=recommend(clerk), actor=hq)
    assert (done.speciality.code, done.products) == ("tea", "恩施玉露")


def test_a_decided_recommendation_is_decided_once(clerk, hq):
    expert = recommend(clerk)
    services.expert_admit(expert=expert, actor=hq)
    with pytest.raises(Conflict):
        services.expert_admit(expert=expert, actor=hq)
    with pytest.raises(Conflict):
        services.expert_decline(expert=expert, actor=hq, reason="改变主意")
    assert Expert.objects.get().status == Expert.Status.ADMITTED


def test_declining_needs_a_reason_the_bureau_reads(clerk, hq):
    expert = recommend(clerk)
    with pytest.raises(InvalidInput):
        services.expert_decline(expert=expert, actor=hq, reason=" ")
    services.expert_decline(expert=expert, actor=hq, reason="该专业名额已满")
    html = Client()
    html.force_login(clerk)
    assert "该专业名额已满" in html.get(f"/experts/{expert.pk}/").content.decode()


# ---------------------------------------------------------------- the inspector pool (§10)


def test_an_admitted_expert_joins_the_pool_in_one_action(hq):
    account = expert_account(username="c-pool-expert")
    expert = admitted(account=account)
    member = services.expert_add_to_pool(expert=expert, actor=hq)
    assert (member.user, member.kind, member.bureau.code, member.available) == (
        account,
        PoolMember.Kind.EXPERT,
        "hubei",
        True,
    )
    assert list(member.specialities.values_list("code", flat=True)) == ["tea"]
    expert.refresh_from_db()
    assert expert.pool_member == member
    # Through the pool's own service: its audit entry, and the expert's.
    assert AuditEntry.objects.filter(object_type="supervision.poolmember").exists()
    assert AuditEntry.objects.filter(object_type="experts.expert", actor=hq).exists()
    with pytest.raises(Conflict):
        services.expert_add_to_pool(expert=expert, actor=hq)


def test_an_inspector_already_in_the_pool_keeps_what_it_had(hq):
    inspector = factories.inspector("hubei", username="c-pooled-inspector")
    existing = PoolMember.objects.create(
        user=inspector, bureau=inspector.bureau, kind=PoolMember.Kind.INSPECTOR, available=False
    )
    existing.specialities.set([category("aquatic")])
    existing.note = "外派学习"
    existing.save()
    member = services.expert_add_to_pool(expert=admitted(account=inspector), actor=hq)
    assert member.pk == existing.pk
    assert (member.kind, member.available, member.note) == ("expert", False, "外派学习")
    assert set(member.specialities.values_list("code", flat=True)) == {"aquatic", "tea"}


@pytest.mark.parametrize(
    "make",
    [
        lambda: ExpertFactory(account=expert_account(username="c-pending")),
        lambda: admitted(),
        lambda: admitted(account=expert_account(username="c-gone", is_active=False)),
    ],
    ids=["not admitted", "no account", "inactive account"],
)
def test_only_an_admitted_expert_with_an_account_joins_the_pool(hq, make):
    expert = make()
    with pytest.raises(Conflict):
        services.expert_add_to_pool(expert=expert, actor=hq)
    assert not PoolMember.objects.exists()


def test_the_pool_page_shows_the_committee_member(client, hq):
    account = expert_account(username="c-shown", first_name="王专家")
    services.expert_add_to_pool(expert=admitted(account=account), actor=hq)
    client.force_login(hq)
    html = client.get("/supervision/pool/").content.decode()
    assert "王专家" in html and "专家委员会委员" in html


# ---------------------------------------------------------------- the roster page


def test_the_roster_filters_by_speciality(client, hq):
    admitted(name="茶叶专家")
    admitted(name="水产专家", speciality=category("aquatic"))
    client.force_login(hq)
    html = client.get("/experts/", {"category": "aquatic"}).content.decode()
    assert "水产专家" in html and "茶叶专家" not in html
    both = client.get("/experts/").content.decode()
    assert "水产专家" in both and "茶叶专家" in both


def test_recommendations_filter_by_status(client, hq):
    ExpertFactory(name="待定专家")
    admitted(name="已定专家")
    client.force_login(hq)
    html = client.get("/experts/recommendations/", {"status": "recommended"}).content.decode()
    assert "待定专家" in html and "已定专家" not in html


def test_a_bureau_recommends_from_its_page_naming_its_expert_account(client, clerk):
    account = expert_account(username="c-form-expert")
    expert_account("beijing", username="c-not-offered")
    client.force_login(clerk)
    page = client.get("/experts/recommend/").content.decode()
    assert "c-form-expert" in page and "c-not-offered" not in page
    response = client.post(
        "/experts/recommend/",
        {
            "name": "赵六",
            "organisation": "湖北局技术中心",
            "speciality": category("tea").pk,
            "products": "青砖茶",
            "contact": "027-1",
            "account": account.pk,
        },
    )
    expert = Expert.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/experts/{expert.pk}/"
    assert expert.account == account


def test_the_recommend_form_says_what_is_missing(client, clerk):
    client.force_login(clerk)
    response = client.post("/experts/recommend/", {"name": "赵六"})
    assert response.status_code == 400
    assert not Expert.objects.exists()


def test_hq_puts_an_expert_into_the_pool_from_its_page(client, hq):
    expert = admitted(account=expert_account(username="c-page-pool"))
    client.force_login(hq)
    assert "列入检查人员库" in client.get(f"/experts/{expert.pk}/").content.decode()
    response = client.post(f"/experts/{expert.pk}/", {"action": "pool"})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.pool_member is not None
    again = client.post(f"/experts/{expert.pk}/", {"action": "pool"})
    assert again.status_code == 409


def test_an_unknown_action_is_404(client, hq):
    client.force_login(hq)
    expert = ExpertFactory()
    assert client.post(f"/experts/{expert.pk}/", {"action": "delete"}).status_code == 404


def test_the_roster_reads_in_english(client, hq):
    admitted(name="Li Ming")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(hq)
    html = client.get("/experts/").content.decode()
    assert "Li Ming" in html and "Tea" in html
    with translation.override("en"):
        assert str(Expert.Status.ADMITTED.label) == "Admitted to the committee"


# ---------------------------------------------------------------- feeding the evaluation (§8)


def test_the_agencys_evaluation_form_shows_the_categorys_roster(client):
    plan = PlanFactory()
    case = ApplicationFactory(
        enterprise=factories.EnterpriseFactory(bureau=factories.bureau("hubei")),
        category=plan.category,
    )
    type(case).objects.filter(pk=case.pk).update(state="evaluating", agency=plan.agency, plan=plan)
    admitted(name="茶叶委员", contact="027-99999999")
    admitted(name="水产委员", speciality=category("aquatic"))
    ExpertFactory(name="待审委员")
    client.force_login(factories.agency_staff(plan.agency, username="c-agency"))
    html = client.get(f"/cases/{case.pk}/do/evaluate/").content.decode()
    assert "茶叶委员" in html
    assert "027-99999999" not in html
    assert "水产委员" not in html and "待审委员" not in html


def test_the_roster_selector_is_by_category():
    tea = admitted(name="甲")
    admitted(name="乙", speciality=category("aquatic"))
    assert list(selectors.roster(category=category("tea"))) == [tea]


def test_an_expert_account_has_no_committee_pages(client):
    client.force_login(expert_account(username="c-expert-user"))
    assert client.get("/experts/").status_code == 404
