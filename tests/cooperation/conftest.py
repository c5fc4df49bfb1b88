"""Personas of the 京津冀 cooperation's action plans (seed 003 §四.(一)): the three places' bureau
clerks, inspectors and quality authorities, 认监委 and 标准委, an HQ department the seed names as a
unit without being a member (通关司), HQ as the leading group's office, and outsiders. The clock
stands in mid-June 2026 unless a test moves it: plans are for 2026, before the year's end."""

from datetime import date

import pytest
import time_machine

from cooperation import services
from cooperation.models import ActionPlan
from regions.models import Organisation
from tests import factories

PLACES = ("beijing", "tianjin", "hebei")
MID_YEAR = "2026-06-15 10:00 +0800"


def authority(code: str) -> Organisation:
    return factories.OrganisationFactory(
        code=f"zj-{code}", kind=Organisation.Kind.QUALITY_AUTHORITY, bureau=factories.bureau(code)
    )


@pytest.fixture(autouse=True)
def mid_year():
    with time_machine.travel(MID_YEAR, tick=False) as traveller:
        yield traveller


@pytest.fixture
def actors(db):
    """Each actor of the matrix, by name (anonymous is None)."""
    people = {}
    for code in PLACES:
        people[f"{code}_bureau"] = factories.bureau_staff(
            code, username=f"ap-{code}-clerk", email=f"{code}-clerk@example.cn"
        )
        people[f"{code}_inspector"] = factories.inspector(code, username=f"ap-{code}-insp")
        people[f"{code}_authority"] = factories.organisation_staff(
            authority(code), username=f"ap-{code}-zj"
        )
    people.update(
        {
            "beijing_bureau_2": factories.bureau_staff("beijing", username="ap-beijing-clerk2"),
            "jiangsu_bureau": factories.bureau_staff("jiangsu", username="ap-js-clerk"),
            "jiangsu_authority": factories.organisation_staff(
                authority("jiangsu"), username="ap-js-zj"
            ),
            "renjianwei": factories.organisation_staff(
                Organisation.objects.get(code="renjianwei"), username="ap-rjw"
            ),
            "biaozhunwei": factories.organisation_staff(
                Organisation.objects.get(code="biaozhunwei"), username="ap-bzw"
            ),
            "tongguan": factories.organisation_staff(
                Organisation.objects.get(code="tongguan"), username="ap-tg"
            ),
            "shipin": factories.organisation_staff(
                Organisation.objects.get(code="shipin"), username="ap-sp"
            ),
            "hq": factories.hq(username="ap-hq", email="hq-office@example.cn"),
            "enterprise": factories.enterprise_staff(username="ap-ent"),
            "agency": factories.agency_staff(username="ap-agency"),
            "anonymous": None,
        }
    )
    return people


@pytest.fixture
def draft(actors):
    """draft(actor_name="beijing_bureau", milestones=((task, due), …)) → a plan for 2026."""

    def make(actor_name: str = "beijing_bureau", milestones=((13, date(2026, 9, 30)),)):
        actor = actors[actor_name]
        plan = services.plan_create(actor=actor, year=2026, summary="推进京津冀质量合作")
        for number, due in milestones:
            services.milestone_add(
                plan=plan, actor=actor, task=number, title=f"任务{number}节点", due_date=due
            )
        return ActionPlan.objects.get(pk=plan.pk)

    return make


@pytest.fixture
def approved(actors, draft):
    """approved(actor_name="beijing_bureau", milestones=…) → submitted and approved by HQ."""

    def make(actor_name: str = "beijing_bureau", **kwargs):
        plan = draft(actor_name, **kwargs)
        services.plan_transition(plan=plan, name="submit", actor=actors[actor_name])
        return services.plan_transition(plan=plan, name="approve", actor=actors["hq"])

    return make
