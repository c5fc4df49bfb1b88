"""Personas of the risk monitoring plans (seed 004 §二.1, 3) and `make_plan`, which brings a
plan into a state through the services (every step the engine's, so the history is real)."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from monitoring import services
from monitoring.models import MonitoringPlan
from monitoring.workflow import State
from regions.models import Organisation
from tests import factories

YEAR = 2026
NATIONAL_BODY = {
    "title": "2026年国家进出口商品质量安全风险监测计划",
    "focus_products": "进口肉类\n出口农产品\n纺织品",
    "notes": "各直属局结合本关区外贸实际制订地方计划。",
}
LOCAL_BODY = {
    "title": "2026年青海地方风险监测计划",
    "focus_products": "牛羊肉\n冷水鱼\n枸杞及其制品",
}


def item_body(point, **overrides) -> dict:
    return {
        "product": "枸杞及其制品",
        "point": point.pk,
        "hazards": "农药残留、重金属",
        "quota": 3,
        "starts_on": date(YEAR, 3, 1),
        "ends_on": date(YEAR, 10, 31),
        **overrides,
    }


def result_body(n: int = 1, **overrides) -> dict:
    return {
        "sample_code": f"QH-2026-{n:04d}",
        "sampled_on": date(YEAR, 4, 1),
        "place": "西宁市城北区",
        "enterprise_name": "青海高原枸杞有限公司",
        "credit_code": factories.valid_uscc(n),
        "laboratory": "西宁海关技术中心",
        "verdict": "pass",
        "failed_items": "",
        "notes": "联系人王某，电话 0971-0000000",
        **overrides,
    }


@pytest.fixture
def hq(db):
    return factories.hq(username="mon-hq")


@pytest.fixture
def bureau(db):
    """青海局: the local plan's bureau."""
    return factories.bureau_staff("qinghai", username="mon-qh")


@pytest.fixture
def inspector(db):
    """An inspector of 青海局."""
    return factories.inspector("qinghai", username="mon-qh-inspector")


@pytest.fixture
def other_bureau(db):
    return factories.bureau_staff("gansu", username="mon-gs")


@pytest.fixture
def other_inspector(db):
    return factories.inspector("gansu", username="mon-gs-inspector")


@pytest.fixture
def enterprise(db):
    return factories.enterprise_staff(username="mon-ent")


@pytest.fixture
def agency(db):
    return factories.agency_staff(username="mon-agency")


@pytest.fixture
def government(db):
    organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.LOCAL_GOVERNMENT, bureau=factories.bureau("qinghai")
    )
    return factories.organisation_staff(organisation, username="mon-gov")


@pytest.fixture
def association(db):
    return factories.organisation_staff(username="mon-assoc")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def actors(
    hq, bureau, inspector, other_bureau, other_inspector, enterprise, agency, government,
    association, anonymous,
):  # fmt: skip
    return {
        "hq": hq,
        "bureau": bureau,
        "inspector": inspector,
        "other_bureau": other_bureau,
        "other_inspector": other_inspector,
        "enterprise": enterprise,
        "agency": agency,
        "government": government,
        "association": association,
        "anonymous": anonymous,
    }


@pytest.fixture
def national(hq):
    """The published national plan of 2026."""
    plan = services.plan_create(actor=hq, year=YEAR, **NATIONAL_BODY)
    return services.plan_transition(plan=plan, name="publish", actor=hq)


@pytest.fixture
def point(bureau):
    return services.point_create(
        actor=bureau, name="西宁曹家堡机场口岸", kind="port", place="西宁市", products="牛羊肉"
    )


@pytest.fixture
def make_plan(national, bureau, inspector, point):
    """make_plan(state, results=n, failed=k) → 青海局's local plan of 2026 in `state`."""

    def make(state: str = State.DRAFT, *, results: int = 2, failed: int = 1) -> MonitoringPlan:
        plan = services.plan_create(actor=bureau, national_plan=national, **LOCAL_BODY)
        item = services.item_create(plan=plan, actor=bureau, **item_body(point))
        if state == State.DRAFT:
            return plan
        plan = services.plan_transition(plan=plan, name="publish", actor=bureau)
        for n in range(1, results + 1):
            extra = {"verdict": "fail", "failed_items": "铅超标"} if n <= failed else {}
            services.result_record(item=item, actor=inspector, **result_body(n, **extra))
        if state == State.PUBLISHED:
            return plan
        if state in (State.RESULTS_PUBLISHED, "closed_with_results"):
            plan = services.plan_transition(plan=plan, name="publish_results", actor=bureau)
            if state == State.RESULTS_PUBLISHED:
                return plan
        return services.plan_transition(plan=plan, name="close", actor=bureau)

    return make
