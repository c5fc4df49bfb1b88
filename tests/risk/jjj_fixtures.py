"""Personas of 京津冀区域风险信息共享 (seed 003 §三.9, 26, 30) and helpers: the three places' bureau
clerks, an inspector of Beijing, the places' quality authorities, 认监委 and 标准委, HQ, and the
outsiders (江苏局, 江苏's quality authority, an enterprise); an emergency recorded by 天津局, a
warning of HQ's for 京津冀专区. Imported explicitly by the test modules (`from .jjj_fixtures
import …`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regions.models import Organisation, Zone
from risk import services
from risk.models import EmergencyReport, RiskWarning
from risk.workflow import Grade, Scope
from tests import factories

PLACES = ("beijing", "tianjin", "hebei")
ACTORS = [
    "beijing_bureau",
    "tianjin_bureau",
    "hebei_bureau",
    "beijing_inspector",
    "beijing_authority",
    "hebei_authority",
    "renjianwei",
    "biaozhunwei",
    "hq",
    "jiangsu_bureau",
    "jiangsu_authority",
    "enterprise",
]
CLERKS = {"beijing_bureau", "tianjin_bureau", "hebei_bureau"}
SHARED_READERS = {"beijing_authority", "hebei_authority", "renjianwei", "biaozhunwei"}
OUTSIDERS = {"jiangsu_bureau", "jiangsu_authority", "enterprise"}
EMERGENCY = {
    "title": "天津港入境邮轮聚集性发热",
    "description": "入境邮轮报告 12 名旅客发热伴咳嗽。",
    "location": "天津国际邮轮母港",
}
HANDLING = "病例已转送定点医院，密切接触者就地医学观察。"


def authority(code: str) -> Organisation:
    return factories.OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=factories.bureau(code)
    )


@pytest.fixture
def actors(db):
    people = {
        f"{code}_bureau": factories.bureau_staff(code, username=f"jr-{code}") for code in PLACES
    }
    people["beijing_inspector"] = factories.inspector("beijing", username="jr-bj-insp")
    for code in ("beijing", "tianjin", "hebei", "jiangsu"):
        people[f"{code}_authority"] = factories.organisation_staff(
            authority(code), username=f"jr-{code}-zj"
        )
    people.update(
        {
            "renjianwei": factories.organisation_staff(
                Organisation.objects.get(code="renjianwei"), username="jr-rjw"
            ),
            "biaozhunwei": factories.organisation_staff(
                Organisation.objects.get(code="biaozhunwei"), username="jr-bzw"
            ),
            "hq": factories.hq(username="jr-hq"),
            "jiangsu_bureau": factories.bureau_staff("jiangsu", username="jr-js"),
            "enterprise": factories.enterprise_staff(username="jr-ent"),
        }
    )
    return people


def emergency_body(now=None, **overrides) -> dict:
    now = now or timezone.now()
    return {
        **EMERGENCY,
        "occurred_at": now - timedelta(hours=1),
        "learnt_at": now - timedelta(minutes=30),
        **overrides,
    }


@pytest.fixture
def record(actors):
    """record(actor_name="tianjin_bureau", **overrides) → a report to notify."""

    def make(actor_name: str = "tianjin_bureau", **overrides) -> EmergencyReport:
        return services.emergency_record(actor=actors[actor_name], **emergency_body(**overrides))

    return make


@pytest.fixture
def emergency(record):
    """Recorded by 天津局 half an hour after it learnt of it; not notified."""
    return record()


@pytest.fixture
def notified(actors, emergency):
    return services.emergency_transition(
        report=emergency, name="notify", actor=actors["tianjin_bureau"], handling=HANDLING
    )


@pytest.fixture
def make_warning(actors):
    """make_warning(issued=True, scope=…, zone=code) → HQ's warning (a draft if not issued)."""

    def make(*, issued: bool = True, scope: str = Scope.ZONE, zone: str = "jingjinji", **body):
        fields = {
            "title": "冷链食品外包装检出风险",
            "grade": Grade.II,
            "scope": scope,
            "products": "进口冷链食品",
            "description": "部分批次外包装检出风险因子。",
            "targets": [
                {"name": "天津某冷链物流有限公司", "uscc": factories.valid_uscc(3_003_001)}
            ],
            **body,
        }
        if scope == Scope.ZONE:
            fields["scope_zone"] = Zone.objects.get(code=zone).pk
        warning = services.warning_create(actor=actors["hq"], **fields)
        if issued:
            warning = services.warning_transition(warning=warning, name="issue", actor=actors["hq"])
        return warning

    return make


@pytest.fixture
def jjj_warning(make_warning) -> RiskWarning:
    return make_warning()
