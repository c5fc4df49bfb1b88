"""Personas of 风险预警与快速反应 (seed 004) and helpers that walk a signal, a warning and a
measure through the services into a state (every step the engine's, so the history is real).

Who is who: 青海局 (`bureau_qinghai`) handles the signals of 青海 and issues its own warnings;
甘肃局 (`bureau_gansu`) is another bureau of 西北片区; HQ (`hq`) issues the grades Ⅰ and Ⅱ; two
members of the expert committee have portal accounts (`expert_a`, `expert_b`); the enterprise
(`enterprise_qinghai`) is a 枸杞 producer under 青海局, and `enterprise_other` one under 北京局."""

import pytest

from accounts.models import Role
from regions.models import Zone
from risk import services
from risk.models import ResponseMeasure, RiskSignal, RiskWarning
from risk.workflow import Conclusion, Grade, MeasureKind, Scope, SignalState
from tests import factories
from tests.experts.factories import admitted

SIGNAL_BODY = {
    "channel": "media",
    "source": "青海日报 2026-11-30",
    "product": "枸杞",
    "enterprise_name": "青海柴达木枸杞有限公司",
    "place": "青海省海西州",
    "description": "媒体报道部分批次枸杞二氧化硫残留超标。",
    "evidence": "报道截图及网址。",
}
WARNING_BODY = {
    "title": "枸杞二氧化硫残留超标风险预警",
    "grade": Grade.III,
    "scope": Scope.BUREAU,
    "products": "枸杞及其制品",
    "description": "部分批次枸杞二氧化硫残留超过限量。",
    "consumer_advice": "请勿购买颜色异常鲜红的枸杞。",
}


@pytest.fixture
def hq(db):
    return factories.hq(username="risk-hq")


@pytest.fixture
def bureau_qinghai(db):
    return factories.bureau_staff("qinghai", username="risk-qh-clerk")


@pytest.fixture
def bureau_gansu(db):
    return factories.bureau_staff("gansu", username="risk-gs-clerk")


@pytest.fixture
def inspector_qinghai(db):
    return factories.inspector("qinghai", username="risk-qh-inspector")


@pytest.fixture
def enterprise_qinghai(db):
    enterprise = factories.EnterpriseFactory(
        name="青海柴达木枸杞有限公司",
        uscc=factories.valid_uscc(4_004_001),
        bureau=factories.bureau("qinghai"),
    )
    return factories.enterprise_staff(enterprise, username="risk-ent-qh")


@pytest.fixture
def enterprise_other(db):
    return factories.enterprise_staff(username="risk-ent-other")


@pytest.fixture
def agency(db):
    return factories.agency_staff(username="risk-lab")


@pytest.fixture
def expert_a(db):
    account = factories.UserFactory(
        role=Role.EXPERT, bureau=factories.bureau("gansu"), username="risk-expert-a"
    )
    return admitted(name="李专家", account=account, products="枸杞、沙棘"), account


@pytest.fixture
def expert_b(db):
    account = factories.UserFactory(
        role=Role.EXPERT, bureau=factories.bureau("hubei"), username="risk-expert-b"
    )
    return admitted(name="王专家", account=account, products="绿茶"), account


@pytest.fixture
def make_signal(bureau_qinghai, expert_a, expert_b):
    """make_signal(state) → a 青海 signal brought to `state` through the services."""

    def make(state: str = SignalState.REPORTED, *, actor=None, **body) -> RiskSignal:
        signal = services.signal_report(actor=actor or bureau_qinghai, **{**SIGNAL_BODY, **body})
        if state == SignalState.REPORTED:
            return signal
        signal = services.signal_transition(
            signal=signal,
            name="open_assessment",
            actor=bureau_qinghai,
            experts=[expert_a[0].pk, expert_b[0].pk],
        )
        if state == SignalState.ASSESSING:
            return signal
        for _, account in (expert_a, expert_b):
            services.opinion_record(
                signal=signal, actor=account, suggested_grade=Conclusion.III, opinion="风险较低。"
            )
        return services.signal_transition(
            signal=signal,
            name="conclude",
            actor=bureau_qinghai,
            conclusion=Conclusion.III,
            finding="抽检批次超标，风险可控。",
            failed_product=True,
            consumer_advice="选购色泽自然的枸杞。",
        )

    return make


@pytest.fixture
def make_warning(bureau_qinghai, hq):
    """make_warning(issued=True, by="bureau"|"hq", **body) → a warning (a draft if not issued)."""

    def make(*, issued: bool = True, by: str = "bureau", targets=None, **body) -> RiskWarning:
        actor = bureau_qinghai if by == "bureau" else hq
        fields = {**WARNING_BODY, **body}
        if by == "hq" and "scope" not in body:
            fields["scope"] = Scope.NATIONAL
        warning = services.warning_create(actor=actor, targets=targets or [], **fields)
        if issued:
            warning = services.warning_transition(warning=warning, name="issue", actor=actor)
        return warning

    return make


@pytest.fixture
def make_measure(bureau_qinghai):
    def make(warning: RiskWarning, *, actor=None, **body) -> ResponseMeasure:
        fields = {
            "kind": MeasureKind.TRACE,
            "description": "追溯原料来源和销售流向。",
            "responsible_bureau": factories.bureau("qinghai").pk,
            **body,
        }
        return services.measure_assign(warning=warning, actor=actor or bureau_qinghai, **fields)

    return make


@pytest.fixture
def central_west(db):
    """中西片区: 青海 and 甘肃 among its members, 北京 not."""
    return Zone.objects.get(code="central_west")
