"""Personas of 京津冀区域质量状况分析报告 (seed 003 §三.19): the three places' bureau clerks,
inspectors and quality authorities, the members without a place (认监委, 标准委), HQ, and
outsiders (another bureau and its quality authority, an enterprise, an agency); complete figures
and sections; a report drafted by Tianjin's quality authority."""

from decimal import Decimal

import pytest
from django.utils import timezone

from qualityreports import services
from qualityreports.models import QualityStatusReport
from regions.models import Organisation
from tests import factories

PLACES = ("beijing", "tianjin", "hebei")

FIGURES = {
    "supervision_pass_rate": Decimal("93.80"),
    "competitiveness_index": Decimal("86.45"),
    "export_failure_rate": Decimal("0.65"),
    "industrial_enterprises": 5600,
    "certified_enterprises": 9800,
    "leading_industries": 12,
    "standards_led": 140,
}
SECTIONS = {
    "overview": "主导产业质量水平稳步提升。",
    "problems": "传统产业产品档次偏低。",
    "measures": "实施质量提升行动。",
}
COMPLETE = {**FIGURES, **SECTIONS}


def last_year() -> int:
    return timezone.localdate().year - 1


def authority(code: str) -> Organisation:
    return factories.OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=factories.bureau(code)
    )


@pytest.fixture
def actors(db):
    """Each actor of the matrix, by name (anonymous is None)."""
    people = {}
    for code in PLACES:
        people[f"{code}_bureau"] = factories.bureau_staff(code, username=f"qr-{code}-clerk")
        people[f"{code}_inspector"] = factories.inspector(code, username=f"qr-{code}-insp")
        people[f"{code}_authority"] = factories.organisation_staff(
            authority(code), username=f"qr-{code}-zj"
        )
    people.update(
        {
            "jiangsu_bureau": factories.bureau_staff("jiangsu", username="qr-js-clerk"),
            "jiangsu_authority": factories.organisation_staff(
                authority("jiangsu"), username="qr-js-zj"
            ),
            "renjianwei": factories.organisation_staff(
                Organisation.objects.get(code="renjianwei"), username="qr-rjw"
            ),
            "biaozhunwei": factories.organisation_staff(
                Organisation.objects.get(code="biaozhunwei"), username="qr-bzw"
            ),
            "hq": factories.hq(username="qr-hq"),
            "enterprise": factories.enterprise_staff(
                factories.EnterpriseFactory(confirmed_at=timezone.now()), username="qr-ent"
            ),
            "agency": factories.agency_staff(username="qr-agency"),
            "anonymous": None,
        }
    )
    return people


@pytest.fixture
def draft(actors):
    """draft(actor_name="tianjin_authority", year=last year, **values) → a draft report."""

    def make(actor_name: str = "tianjin_authority", year: int | None = None, **values):
        return services.report_create(actor=actors[actor_name], year=year or last_year(), **values)

    return make


@pytest.fixture
def report(draft) -> QualityStatusReport:
    """Tianjin's complete draft of last year, not yet submitted."""
    return draft(**COMPLETE)


@pytest.fixture
def submitted(actors, report) -> QualityStatusReport:
    return services.report_submit(report=report, actor=actors["tianjin_authority"])
