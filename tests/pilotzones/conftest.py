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
