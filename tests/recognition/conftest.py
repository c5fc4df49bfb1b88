"""Personas of 京津冀审批结果互认 (seed 003): the three places' bureau clerks, inspectors and
quality authorities, the members without a place (认监委, 标准委), HQ, and outsiders; a holder
enterprise and another one."""

from datetime import date

import pytest
from django.utils import timezone

from recognition import services
from recognition.models import Recognition
from regions.models import Organisation
from tests import factories

PLACES = ("beijing", "tianjin", "hebei")


def authority(code: str) -> Organisation:
    return factories.OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=factories.bureau(code)
    )


@pytest.fixture
def holder(db):
    return factories.EnterpriseFactory(
        name="天津滨海精工计量器具有限公司", confirmed_at=timezone.now()
    )


@pytest.fixture
def other_enterprise(db):
    return factories.EnterpriseFactory(name="北京另一生态企业有限公司", confirmed_at=timezone.now())


@pytest.fixture
def actors(db, holder, other_enterprise):
    """Each actor of the matrix, by name (anonymous is None)."""
    people = {}
    for code in PLACES:
        people[f"{code}_bureau"] = factories.bureau_staff(code, username=f"hr-{code}-clerk")
        people[f"{code}_inspector"] = factories.inspector(code, username=f"hr-{code}-insp")
        people[f"{code}_authority"] = factories.organisation_staff(
            authority(code), username=f"hr-{code}-zj"
        )
    people.update(
        {
            "jiangsu_bureau": factories.bureau_staff("jiangsu", username="hr-js-clerk"),
            "jiangsu_authority": factories.organisation_staff(
                authority("jiangsu"), username="hr-js-zj"
            ),
            "renjianwei": factories.organisation_staff(
                Organisation.objects.get(code="renjianwei"), username="hr-rjw"
            ),
            "biaozhunwei": factories.organisation_staff(
                Organisation.objects.get(code="biaozhunwei"), username="hr-bzw"
            ),
            "hq": factories.hq(username="hr-hq"),
            "holder": factories.enterprise_staff(holder, username="hr-holder"),
            "other_enterprise": factories.enterprise_staff(other_enterprise, username="hr-ent2"),
            "agency": factories.agency_staff(username="hr-agency"),
            "anonymous": None,
        }
    )
    return people


def body(holder, **overrides) -> dict:
    return {
        "holder_name": holder.name,
        "holder_uscc": holder.uscc,
        "kind": "licence",
        "title": "计量器具型式批准",
        "scope": "电子计价秤（Ⅲ级）",
        "document_number": "津制量〔2026〕0012号",
        "valid_from": date(2026, 3, 1),
        "valid_until": date(2031, 2, 28),
        **overrides,
    }


@pytest.fixture
def record(actors, holder):
    """record(actor_name="tianjin_authority", **overrides) → a recognition in force."""

    def make(actor_name: str = "tianjin_authority", **overrides) -> Recognition:
        return services.recognition_record(actor=actors[actor_name], **body(holder, **overrides))

    return make


@pytest.fixture
def recognition(record):
    """Granted by 天津市市场和质量监督管理委员会 (the quality authority of Tianjin)."""
    return record()
