"""Personas of quality credit and the blacklist (seed 004 §二.11–12): one of each actor the
permission tests name, around an eco-origin enterprise of 北京局 with a protected product."""

import pytest
from django.utils import timezone

from credit import services
from credit.models import BlacklistEntry
from tests import factories


@pytest.fixture
def enterprise(db):
    """A confirmed enterprise under 北京局."""
    return factories.EnterpriseFactory(name="北京守信生态食品有限公司", confirmed_at=timezone.now())


@pytest.fixture
def other_enterprise(db):
    return factories.EnterpriseFactory(name="北京另一生态企业有限公司", confirmed_at=timezone.now())


@pytest.fixture
def actors(db, enterprise, other_enterprise):
    """Each actor of the matrix, by name (anonymous is None)."""
    return {
        "hq": factories.hq(username="credit-hq"),
        "bureau": factories.bureau_staff("beijing", username="credit-bj"),
        "other_bureau": factories.bureau_staff("hubei", username="credit-hb"),
        "inspector": factories.inspector("beijing", username="credit-inspector"),
        "enterprise": factories.enterprise_staff(enterprise, username="credit-ent"),
        "other_enterprise": factories.enterprise_staff(other_enterprise, username="credit-ent2"),
        "agency": factories.agency_staff(username="credit-agency"),
        "organisation": factories.organisation_staff(username="credit-org"),
        "anonymous": None,
    }


@pytest.fixture
def propose(actors, enterprise):
    """propose(**overrides) → an entry proposed by 北京局 against the enterprise."""

    def make(**overrides) -> BlacklistEntry:
        body = {
            "uscc": enterprise.uscc,
            "violation": "counterfeit",
            "reason": "经查，该企业以非生态原产地产品冒充保护产品销售，情节严重。",
            **overrides,
        }
        return services.blacklist_propose(actor=actors["bureau"], **body)

    return make


@pytest.fixture
def listed(actors, propose):
    """An entry HQ listed (decision 总局〔2026〕1号)."""
    entry = propose()
    return services.blacklist_transition(
        entry=entry, name="list", actor=actors["hq"], decision_number="总局〔2026〕1号"
    )


@pytest.fixture
def make_designated_zone(db):
    """A designated national demonstration zone under 北京局 and its local government's staff."""
    from demonstration.models import DemonstrationZone
    from regions.models import Organisation

    government = factories.OrganisationFactory(
        kind=Organisation.Kind.LOCAL_GOVERNMENT,
        bureau=factories.bureau("beijing"),
        name="北京市顺义区人民政府",
        code="gov-credit-shunyi",
    )
    staff = factories.organisation_staff(government, username="credit-gov")
    zone = DemonstrationZone.objects.create(
        level="national",
        name="顺义出口食品质量安全示范区",
        applicant=government,
        bureau=factories.bureau("beijing"),
        industry="食品",
        cluster="食品出口企业集聚。",
        quality="近三年未发生质量安全事故。",
        organisation="区政府成立示范区建设领导小组。",
        enterprise_count=10,
        export_value=1000,
        export_share=1,
        local_share=1,
    )
    DemonstrationZone.objects.filter(pk=zone.pk).update(
        state="designated",
        number="SFQ-T-1",
        designated_at=timezone.localdate(),
        valid_until=timezone.localdate().replace(year=timezone.localdate().year + 3),
    )
    return DemonstrationZone.objects.get(pk=zone.pk), staff


@pytest.fixture
def granted_title(make_designated_zone, enterprise):
    """The enterprise holds a 示范企业 title in the zone."""
    from demonstration.models import ZoneEnterprise

    zone, government = make_designated_zone
    member = ZoneEnterprise.objects.create(
        zone=zone,
        name=enterprise.name,
        credit_code=enterprise.uscc,
        products="茶叶",
        proposed_by=government,
    )
    ZoneEnterprise.objects.filter(pk=member.pk).update(
        state="granted", number="QSE-T-1", granted_at=timezone.localdate(), assessment_passed=True
    )
    return ZoneEnterprise.objects.get(pk=member.pk)
