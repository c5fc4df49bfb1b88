"""The world of the public notice: an evaluated case of a 北京 enterprise (its bureau 北京局),
another bureau (湖北局), another enterprise, HQ, and helpers to publish and object."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from applications.models import Application, CertificateNumberRule
from publicity import services
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASONS = "该企业产品的实际产地不在公示的产地范围内，有照片为证。"


@dataclass
class World:
    hq: object
    bureau: object  # the case's bureau (北京局)
    other_bureau: object  # 湖北局
    owner: object  # staff of the enterprise concerned
    other_enterprise: object
    agency: object
    case: Application


def evaluated_case(enterprise=None, **fields) -> Application:
    plan = PlanFactory()
    kwargs = {"enterprise": enterprise} if enterprise is not None else {}
    case = ApplicationFactory(**kwargs, **fields)
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", plan=plan, agency=plan.agency, score=90
    )
    return Application.objects.get(pk=case.pk)


@pytest.fixture
def world(db):
    # The tests travel back to 2026's holidays: the numbering rule must be active by then.
    CertificateNumberRule.objects.update(active_from=datetime(2020, 1, 1, tzinfo=UTC))
    case = evaluated_case(product_name="京西白茶", enterprise__contact_email="ent@example.com")
    return World(
        hq=factories.hq(username="hq-gs"),
        bureau=factories.bureau_staff(case.bureau.code, username="clerk-gs"),
        other_bureau=factories.bureau_staff("hubei", username="clerk-hubei-gs"),
        owner=factories.enterprise_staff(case.enterprise, username="owner-gs"),
        other_enterprise=factories.enterprise_staff(username="other-ent-gs"),
        agency=factories.agency_staff(case.agency, username="agency-gs"),
        case=case,
    )


def publish(world, *cases):
    return services.batch_publish(
        actor=world.hq, title="2026年第一批拟批准产品公示", applications=cases or [world.case]
    )


def object_to(batch, **changes):
    entry = batch.entries.get()
    return services.objection_submit(
        entry_id=entry.pk,
        **{
            "name": "张三",
            "contact": "13800000000",
            "email": "zs@example.com",
            "reasons": REASONS,
            **changes,
        },
    )
