"""Personas of the inspection pilot-zone programme (seed 002) and `make_zone`, which walks a zone
through the services into a state (every step the engine's, so the history is real)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilotzones import services
from pilotzones.models import PilotZone
from pilotzones.workflow import LEAD_DEPARTMENT, MEMBER_DEPARTMENTS, State
from regions.models import Organisation
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The construction plan's facts a local government sends when it applies.
ZONE_BODY = {
    "name": "南昌国检试验区",
    "location": "江西省南昌市经济技术开发区",
    "area": "12.50",
    "industries": "电子信息、生物医药",
    "functions": "进境指定口岸、跨境电商、第三方检验结果采信试点。",
    "expected_batches": 12000,
    "expected_value": "85000.00",
    "leading_body": "市政府成立国检试验区建设领导小组，分管副市长任组长。",
}
# The order of the zone's states along the way to operation.
PATH = ["submit", "recommend", "open_acceptance", "opinions", "approve", "start_operation"]


def government(bureau_code: str, name: str, username: str):
    organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        bureau=factories.bureau(bureau_code),
        name=name,
        code=f"gov-{bureau_code}-pilot",
    )
    return factories.organisation_staff(organisation, username=username)


def department_staff(code: str, username: str | None = None):
    """Staff of one of HQ's departments (shipped by regions' data migration)."""
    return factories.organisation_staff(
        Organisation.objects.get(code=code), username=username or f"dept-{code}"
    )


def plan_upload(name: str = "建设方案.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def gov_jiangxi(db):
    """Staff of 南昌市人民政府 (under 江西局): the applicant."""
    return government("jiangxi", "南昌市人民政府", "gov-nanchang")


@pytest.fixture
def gov_guangxi(db):
    """Staff of 凭祥市人民政府, under 广西局: another applicant."""
    return government("guangxi", "凭祥市人民政府", "gov-pingxiang")


@pytest.fixture
def bureau_jiangxi(db):
    """江西局: the applicant's jurisdiction bureau."""
    return factories.bureau_staff("jiangxi", username="pilot-jx-clerk")


@pytest.fixture
def bureau_guangxi(db):
    return factories.bureau_staff("guangxi", username="pilot-gx-clerk")


@pytest.fixture
def hq(db):
    return factories.hq(username="pilot-hq")


@pytest.fixture
def lead(db):
    """通关司: leads the acceptance working group and decides."""
    return department_staff(LEAD_DEPARTMENT, "dept-tongguan")


@pytest.fixture
def members(db):
    """One member of staff of each of the five departments taking part, by department code."""
    return {code: department_staff(code) for code in MEMBER_DEPARTMENTS}


@pytest.fixture
def operator_jiangxi(db):
    """A zone operator (试验区运营企业) registered under 江西局, and a member of its staff."""
    organisation = factories.OrganisationFactory(
        kind=Organisation.Kind.ZONE_OPERATOR,
        bureau=factories.bureau("jiangxi"),
        name="南昌国检试验区运营有限公司",
        code="op-nanchang",
    )
    return factories.organisation_staff(organisation, username="op-nanchang")


@pytest.fixture
def make_zone(gov_jiangxi, bureau_jiangxi, lead, members, operator_jiangxi):
    """make_zone(state) → a 江西 zone brought to `state` through the services."""

    def make(state: str = State.DRAFT, *, objection: bool = False, **body) -> PilotZone:
        zone = services.zone_create(actor=gov_jiangxi, **{**ZONE_BODY, **body})
        if state == State.DRAFT:
            return zone
        services.zone_document_upload(
            zone=zone, actor=gov_jiangxi, upload=plan_upload(), kind="construction_plan"
        )
        zone = services.zone_transition(zone=zone, name="submit", actor=gov_jiangxi)
        if state == State.SUBMITTED:
            return zone
        if state == State.RETURNED:
            return services.zone_transition(
                zone=zone, name="return", actor=bureau_jiangxi, reason="请补充业务量测算。"
            )
        zone = services.zone_transition(
            zone=zone,
            name="recommend",
            actor=bureau_jiangxi,
            recommendation="同意推荐。",
            guidance="突出跨境电商功能。",
        )
        if state == State.RECOMMENDED:
            return zone
        zone = services.zone_transition(
            zone=zone, name="open_acceptance", actor=lead, arrangement="2026年12月现场验收。"
        )
        if state == State.ACCEPTANCE:
            return zone
        responses = {}
        for code, member in members.items():
            verdict = "object" if objection and code == "weisheng" else "agree"
            services.acceptance_opinion_record(
                zone=zone, actor=member, verdict=verdict, opinion="意见。"
            )
            if verdict == "object":
                responses[code] = "已要求补充卫生检疫设施。"
        if state == State.NOT_APPROVED:
            return services.zone_transition(
                zone=zone,
                name="not_approve",
                actor=lead,
                reason="条件不具备。",
                responses=responses,
            )
        zone = services.zone_transition(zone=zone, name="approve", actor=lead, responses=responses)
        if state == State.APPROVED:
            return zone
        return services.zone_transition(
            zone=zone,
            name="start_operation",
            actor=bureau_jiangxi,
            operator=operator_jiangxi.organisation_id,
        )

    return make


# --- Everyone, and the measures and practice of a zone (the service-level suite) -------------


@pytest.fixture
def people(
    gov_jiangxi, gov_guangxi, bureau_jiangxi, bureau_guangxi, hq, lead, members, operator_jiangxi
):
    """Everyone, by the part they play for a zone of 南昌 (江西局); "system" is the actor None
    (a beat sweep), the only meaning of "not signed in" at the service level."""
    return {
        "applicant": gov_jiangxi,
        "other_government": gov_guangxi,
        "bureau": bureau_jiangxi,
        "other_bureau": bureau_guangxi,
        "hq": hq,
        "tongguan": lead,
        **members,
        "operator": operator_jiangxi,
        "enterprise": factories.enterprise_staff(username="pilot-ent"),
        "agency": factories.agency_staff(username="pilot-agency"),
        "inspector": factories.inspector("jiangxi", username="pilot-inspector"),
        "system": None,
    }


MEASURE_BODY = {
    "title": "进口食品第三方检验结果采信",
    "innovation": "measure",
    "description": "对区内进口预包装食品采信第三方检验机构的检验结果。",
}


@pytest.fixture
def make_measure(make_zone, bureau_jiangxi, hq):
    """make_measure(state, beyond_rules=…, zone=…) → a measure of an approved 江西 zone brought
    to `state` through the services (beyond the rules when it must be reported to get there)."""

    def make(state="registered", *, beyond_rules=None, zone=None, **body):
        if beyond_rules is None:
            beyond_rules = state in ("pending_approval", "approved", "refused")
        zone = zone or make_zone(State.APPROVED)
        extra = {"beyond_rules": True, "rules_affected": "《进出口食品安全管理办法》第十条；"}
        measure = services.measure_create(
            zone=zone,
            actor=bureau_jiangxi,
            **{**MEASURE_BODY, **(extra if beyond_rules else {}), **body},
        )

        def fire(name, actor, **data):
            return services.measure_transition(measure=measure, name=name, actor=actor, **data)

        if state == "registered":
            return measure
        if beyond_rules:
            measure = fire("report", bureau_jiangxi)
            if state == "pending_approval":
                return measure
            if state == "refused":
                return fire("refuse", hq, reason="风险防控措施不足。")
            measure = fire("approve", hq)
            if state == "approved":
                return measure
        measure = fire("start", bureau_jiangxi)
        if state == "running":
            return measure
        return fire("end", bureau_jiangxi, reason="已纳入常规监管。")

    return make


PRACTICE_BODY = {
    "title": "跨境电商零售进口“一区多功能”监管模式",
    "innovation": "model",
    "summary": "保税仓储、展示交易与检验检疫监管一体化。",
    "content": "设立一体化监管场所，企业一次申报。",
    "results": "通关时间缩短一半。",
}


@pytest.fixture
def make_practice(make_zone, bureau_jiangxi, hq):
    """make_practice(state, zone=…) → a practice of an approved 江西 zone brought to `state`."""

    def make(state="draft", *, zone=None, **body):
        zone = zone or make_zone(State.APPROVED)
        practice = services.practice_create(
            zone=zone, actor=bureau_jiangxi, **{**PRACTICE_BODY, **body}
        )

        def fire(name, actor, **data):
            return services.practice_transition(practice=practice, name=name, actor=actor, **data)

        if state == "draft":
            return practice
        practice = fire("submit", bureau_jiangxi)
        if state == "submitted":
            return practice
        if state == "returned":
            return fire("return", hq, reason="请补充成效数据。")
        practice = fire("accept", hq)
        if state == "accepted":
            return practice
        return fire("withdraw", hq, reason="相关规定已修订。")

    return make
